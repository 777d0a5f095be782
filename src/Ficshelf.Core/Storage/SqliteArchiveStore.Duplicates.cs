using System.Text;
using System.Text.Json;
using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Storage;

// Near-duplicates: fingerprints and LSH buckets of works, finding the work a copy belongs to, merging works.
public sealed partial class SqliteArchiveStore
{
    /// <summary>How many LSH candidates get their fingerprint compared, and how many of those their text.</summary>
    private const int CandidateLimit = 20;
    private const int ExactCheckLimit = 5;

    private bool fingerprintsChecked;

    /// <summary>Before the first store, works from an archive written before fingerprints existed get theirs, so new copies find them.</summary>
    private void EnsureFingerprints()
    {
        if (fingerprintsChecked) return;
        BackfillFingerprints();
        fingerprintsChecked = true;
    }

    public int BackfillFingerprints()
    {
        var missing = Query(null,
            "SELECT w.id FROM works w LEFT JOIN work_fingerprints f ON f.work_id = w.id WHERE f.work_id IS NULL ORDER BY w.id",
            r => r.GetInt64(0));
        foreach (var batch in missing.Chunk(200))
        {
            using var transaction = connection.BeginTransaction();
            foreach (var workId in batch)
            {
                var fingerprint = TextFingerprint.Of(Shingler.Shingle(LoadParagraphs(transaction, workId)));
                WriteFingerprint(transaction, workId, fingerprint.Fingerprint, fingerprint.Keys);
            }
            transaction.Commit();
        }
        return missing.Count;
    }

    private void WriteFingerprint(SqliteTransaction transaction, long workId, TextFingerprint fingerprint, IReadOnlyList<LshKey> keys)
    {
        Execute(transaction, "DELETE FROM work_fingerprints WHERE work_id = $work", ("$work", workId));
        Execute(transaction, "DELETE FROM work_lsh WHERE work_id = $work", ("$work", workId));
        Execute(transaction, "INSERT INTO work_fingerprints (work_id, minhash) VALUES ($work, $minhash)", ("$work", workId), ("$minhash", fingerprint.ToBytes()));
        // A work without words has nothing to be a duplicate of; its empty signature would share every bucket with the others.
        if (fingerprint.ShingleCount == 0) return;
        // Opening bands repeat the whole-text bands for a short work; one row per (band, bucket) is enough.
        var sql = new StringBuilder("INSERT INTO work_lsh (band, bucket, work_id) VALUES ");
        var parameters = new List<(string, object?)> { ("$work", workId) };
        for (var i = 0; i < keys.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append($"($b{i}, $k{i}, $work)");
            parameters.Add(($"$b{i}", keys[i].Band));
            parameters.Add(($"$k{i}", keys[i].Bucket));
        }
        sql.Append(" ON CONFLICT DO NOTHING");
        Execute(transaction, sql.ToString(), [.. parameters]);
    }

    private List<string> LoadParagraphs(SqliteTransaction? transaction, long workId) =>
        Query(transaction, "SELECT paragraphs FROM chapters WHERE work_id = $id ORDER BY position",
                r => JsonSerializer.Deserialize<string[]>(r.GetString(0)) ?? [], ("$id", workId))
            .SelectMany(p => p).ToList();

    private TextFingerprint? LoadFingerprint(SqliteTransaction? transaction, long workId) =>
        QueryFirst(transaction, "SELECT minhash FROM work_fingerprints WHERE work_id = $id", r => TextFingerprint.FromBytes((byte[])r.GetValue(0)), ("$id", workId));

    /// <summary>
    /// The work this text is a near-duplicate of, if any: works sharing an LSH bucket are candidates, their MinHash
    /// estimate filters them, and the texts of the few left are compared exactly — the exact score decides.
    /// </summary>
    private NearDuplicateMatch? FindNearDuplicate(SqliteTransaction transaction, ShingledText text, TextFingerprint fingerprint, IReadOnlyList<LshKey> keys)
    {
        if (text.Count == 0) return null;
        var values = new StringBuilder();
        var parameters = new List<(string, object?)> { ("$limit", CandidateLimit) };
        for (var i = 0; i < keys.Count; i++)
        {
            values.Append(i == 0 ? "" : ", ").Append($"($b{i}, $k{i})");
            parameters.Add(($"$b{i}", keys[i].Band));
            parameters.Add(($"$k{i}", keys[i].Bucket));
        }
        var candidates = Query(transaction,
            $"""
            WITH q (band, bucket) AS (VALUES {values})
            SELECT l.work_id, count(*) AS shared FROM q JOIN work_lsh l ON l.band = q.band AND l.bucket = q.bucket
            GROUP BY l.work_id ORDER BY shared DESC, l.work_id LIMIT $limit
            """,
            r => r.GetInt64(0), [.. parameters]);

        var worthChecking = candidates
            .Select(id => (Id: id, Estimate: LoadFingerprint(transaction, id) is { } stored ? NearDuplicates.Estimate(fingerprint, stored) : null))
            .Where(c => c.Estimate is null || NearDuplicates.WorthChecking(c.Estimate))
            .OrderByDescending(c => c.Estimate?.Similarity ?? 1)
            .Take(ExactCheckLimit);
        NearDuplicateMatch? best = null;
        foreach (var (id, _) in worthChecking)
        {
            var score = NearDuplicates.Compare(text, Shingler.Shingle(LoadParagraphs(transaction, id)));
            if (score.IsSameStory && (best is null || score.Jaccard > best.Score.Jaccard))
                best = new NearDuplicateMatch(id, score);
        }
        return best;
    }

    /// <summary>
    /// Whether a joining copy's text should replace the work's: it has more chapters, or the work's copy is cut off
    /// and this one is not. Otherwise the first copy's text stays (an equally complete copy is no better).
    /// </summary>
    private bool TakesText(SqliteTransaction transaction, long workId, Work copy)
    {
        var current = QueryFirst(transaction, "SELECT chapter_count, truncated, word_count FROM works WHERE id = $id",
            r => ((int Chapters, bool Truncated, int Words)?)(r.GetInt32(0), r.GetBoolean(1), r.GetInt32(2)), ("$id", workId));
        if (current is not { } work) return false;
        return copy.Chapters.Count > work.Chapters || work.Truncated && !copy.Truncated && copy.WordCount >= work.Words;
    }

    /// <summary>The work that holds a copy with this copy's platform and platform story id, if any.</summary>
    private long? WorkWithPlatformId(SqliteTransaction transaction, Work copy) =>
        copy.PlatformWorkId is null ? null
            : QueryFirst(transaction, "SELECT work_id FROM sources WHERE platform = $platform AND platform_work_id = $id ORDER BY id LIMIT 1",
                r => (long?)r.GetInt64(0), ("$platform", copy.Platform.Slug()), ("$id", copy.PlatformWorkId));

    /// <summary>
    /// Joins a copy with the same platform story id to its work (<see cref="PlatformCopies"/>): chapters the work lacks are
    /// added here; a copy that replaces the text leaves that to <see cref="AbsorbCopy"/>.
    /// </summary>
    private PlatformJoin JoinPlatformCopy(SqliteTransaction transaction, long workId, Work copy)
    {
        var current = Query(transaction, $"SELECT {ChapterColumns} FROM chapters WHERE work_id = $id ORDER BY position", r => ReadChapter(r, 0), ("$id", workId));
        var truncated = Convert.ToInt64(Scalar(transaction, "SELECT truncated FROM works WHERE id = $id", ("$id", workId))) != 0;
        var join = PlatformCopies.Decide(current, truncated, copy);
        if (join.EarlierCopiesSimilarity is { } similarity) MarkSourcesSimilar(transaction, workId, similarity);
        if (join.Kind != PlatformJoinKind.AddsChapters) return join;

        InsertChapters(transaction, workId, join.Added);
        var endsWithCopy = join.Added[^1].Number == join.Chapters[^1].Number;
        Execute(transaction,
            """
            UPDATE works SET content_key = $key, word_count = $words, chapter_count = $chapters,
                truncated = CASE WHEN $endsWithCopy = 1 THEN $truncated ELSE truncated END, complete = coalesce($complete, complete)
            WHERE id = $work
            """,
            ("$work", workId), ("$key", WorkIdentity.KeyOf(join.Chapters)), ("$words", join.Chapters.Sum(c => c.WordCount)),
            ("$chapters", join.Chapters.Count), ("$endsWithCopy", endsWithCopy ? 1 : 0), ("$truncated", copy.Truncated), ("$complete", copy.Complete));
        var fingerprint = TextFingerprint.Of(Shingler.Shingle(join.Chapters.SelectMany(c => c.Paragraphs)));
        WriteFingerprint(transaction, workId, fingerprint.Fingerprint, fingerprint.Keys);
        return join;
    }

    /// <summary>Before a work's text is replaced, the copies that had that text record how alike it is to the new one.</summary>
    private void MarkSourcesSimilar(SqliteTransaction transaction, long workId, double similarity) =>
        Execute(transaction, "UPDATE sources SET similarity = $similarity WHERE work_id = $work AND similarity IS NULL",
            ("$work", workId), ("$similarity", similarity));

    /// <summary>
    /// What a work gains from another copy of its story: the tags its author declared and the user gave (inferred tags
    /// follow the text), metadata the work lacks, and — when <paramref name="takesText"/> — the copy's chapters.
    /// </summary>
    private void AbsorbCopy(SqliteTransaction transaction, long workId, Work copy, bool takesText, DateTimeOffset now)
    {
        var inferred = copy.Tags.Where(t => t.Origin == TagOrigin.Inferred).ToList();
        if (takesText && inferred.Count > 0)
            Execute(transaction, "DELETE FROM work_tags WHERE work_id = $work AND origin = 'inferred'", ("$work", workId));
        WriteTags(transaction, workId, copy.Tags.Where(t => t.Origin != TagOrigin.Inferred || takesText).ToList());

        Execute(transaction,
            """
            UPDATE works SET title = coalesce(title, $title), series = coalesce(series, $series), summary = coalesce(summary, $summary),
                prompt = coalesce(prompt, $prompt), notes_before = coalesce(notes_before, $before), notes_after = coalesce(notes_after, $after),
                language = coalesce(language, $language), complete = coalesce(complete, $complete),
                series_part = coalesce(series_part, $part), platform_work_id = CASE WHEN platform = $platform THEN coalesce(platform_work_id, $platformId) ELSE platform_work_id END,
                chapters_total = coalesce(chapters_total, $total), published = coalesce(published, $published),
                updated = coalesce(updated, $updated),
                authors = CASE WHEN authors = '[]' THEN $authors ELSE authors END, updated_at = $at
            WHERE id = $work
            """,
            ("$work", workId), ("$title", copy.Title), ("$series", copy.SeriesOrBook), ("$summary", copy.Summary), ("$prompt", copy.Prompt),
            ("$before", copy.NotesBefore), ("$after", copy.NotesAfter), ("$language", copy.Language), ("$complete", copy.Complete),
            ("$authors", Json(copy.Authors)), ("$at", Timestamp(now)), ("$part", copy.SeriesPart), ("$platformId", copy.PlatformWorkId), ("$platform", copy.Platform.Slug()),
            ("$total", copy.ChaptersTotal), ("$published", StoredValues.Date(copy.Published)), ("$updated", StoredValues.Date(copy.Updated)));
        if (!takesText) return;

        Execute(transaction, "DELETE FROM chapters WHERE work_id = $work", ("$work", workId));
        InsertChapters(transaction, workId, copy.Chapters);
        Execute(transaction,
            """
            UPDATE works SET content_key = $key, word_count = $words, chapter_count = $chapters, truncated = $truncated,
                complete = coalesce($complete, complete), chapters_total = coalesce($total, chapters_total), updated = coalesce($updated, updated)
            WHERE id = $work
            """,
            ("$work", workId), ("$key", copy.ContentKey), ("$words", copy.WordCount), ("$chapters", copy.Chapters.Count),
            ("$truncated", copy.Truncated), ("$complete", copy.Complete), ("$total", copy.ChaptersTotal), ("$updated", StoredValues.Date(copy.Updated)));
        var fingerprint = TextFingerprint.Of(Shingler.Shingle(copy.BodyParagraphs));
        WriteFingerprint(transaction, workId, fingerprint.Fingerprint, fingerprint.Keys);
    }

    public IReadOnlyList<NearDuplicatePair> FindNearDuplicates()
    {
        BackfillFingerprints();
        var candidates = Query(null,
            """
            SELECT a.work_id, b.work_id FROM work_lsh a JOIN work_lsh b ON b.band = a.band AND b.bucket = a.bucket AND b.work_id > a.work_id
            GROUP BY a.work_id, b.work_id ORDER BY a.work_id, b.work_id
            """,
            r => (Older: r.GetInt64(0), Newer: r.GetInt64(1)));
        var fingerprints = new Dictionary<long, TextFingerprint?>();
        var texts = new Dictionary<long, ShingledText>();
        TextFingerprint? Fingerprint(long id) => fingerprints.TryGetValue(id, out var f) ? f : fingerprints[id] = LoadFingerprint(null, id);
        ShingledText Text(long id) => texts.TryGetValue(id, out var t) ? t : texts[id] = Shingler.Shingle(LoadParagraphs(null, id));

        var pairs = new List<NearDuplicatePair>();
        foreach (var (older, newer) in candidates)
        {
            if (Fingerprint(older) is { } a && Fingerprint(newer) is { } b && !NearDuplicates.WorthChecking(NearDuplicates.Estimate(a, b))) continue;
            var score = NearDuplicates.Compare(Text(older), Text(newer));
            if (score.IsSameStory) pairs.Add(new NearDuplicatePair(older, newer, score));
        }
        return pairs;
    }

    public bool MergeWorks(long keepId, long mergeId, SimilarityScore score)
    {
        if (keepId == mergeId) throw new ArchiveException($"work {keepId} cannot be merged into itself");
        var merged = GetWork(mergeId);
        if (merged is null || QueryFirst(null, "SELECT id FROM works WHERE id = $id", r => (long?)r.GetInt64(0), ("$id", keepId)) is null)
            return false;
        var now = DateTimeOffset.UtcNow;
        using var transaction = connection.BeginTransaction();
        var takesText = TakesText(transaction, keepId, merged);
        if (takesText) MarkSourcesSimilar(transaction, keepId, score.Similarity);
        Execute(transaction,
            "UPDATE sources SET work_id = $keep, similarity = CASE WHEN $takes = 1 THEN similarity ELSE $similarity END WHERE work_id = $merge",
            ("$keep", keepId), ("$merge", mergeId), ("$takes", takesText ? 1 : 0), ("$similarity", score.Similarity));
        // The merged work goes first: its content key is free then for the kept work to take with its text.
        Execute(transaction, "DELETE FROM works WHERE id = $merge", ("$merge", mergeId));
        AbsorbCopy(transaction, keepId, merged, takesText, now);
        transaction.Commit();
        return true;
    }
}
