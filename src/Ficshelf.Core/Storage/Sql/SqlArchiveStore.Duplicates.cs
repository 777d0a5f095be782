using System.Globalization;
using System.Text;
using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Storage.Sql;

// Near-duplicates: fingerprints and LSH buckets of works, finding the work a copy belongs to (by its text, or by its
// platform story id), merging works.
public abstract partial class SqlArchiveStore
{
    /// <summary>How many LSH candidates get their fingerprint compared, and how many of those their text.</summary>
    private const int CandidateLimit = 20;
    private const int ExactCheckLimit = 5;

    private volatile bool fingerprintsChecked;

    /// <summary>Before the first store, works from an archive written before fingerprints existed get theirs, so new copies find them.</summary>
    private void EnsureFingerprints()
    {
        if (fingerprintsChecked) return;
        BackfillFingerprints();
        fingerprintsChecked = true;
    }

    public int BackfillFingerprints()
    {
        var missing = Read(db => Query(db,
            "SELECT w.id FROM works w LEFT JOIN work_fingerprints f ON f.work_id = w.id WHERE f.work_id IS NULL ORDER BY w.id",
            r => r.GetInt64(0)));
        foreach (var batch in missing.Chunk(200))
        {
            Write(db =>
            {
                foreach (var workId in batch)
                {
                    var fingerprint = TextFingerprint.Of(Shingler.Shingle(LoadParagraphs(db, workId)));
                    WriteFingerprint(db, workId, fingerprint.Fingerprint, fingerprint.Keys);
                }
            });
        }
        return missing.Count;
    }

    /// <param name="newWork">A work added in this transaction: it has no fingerprint to replace.</param>
    private static void WriteFingerprint(Db db, long workId, TextFingerprint fingerprint, IReadOnlyList<LshKey> keys, bool newWork = false)
    {
        if (!newWork)
        {
            Execute(db, "DELETE FROM work_fingerprints WHERE work_id = @work", ("work", workId));
            Execute(db, "DELETE FROM work_lsh WHERE work_id = @work", ("work", workId));
        }
        Execute(db, "INSERT INTO work_fingerprints (work_id, minhash) VALUES (@work, @minhash)", ("work", workId), ("minhash", fingerprint.ToBytes()));
        // A work without words has nothing to be a duplicate of; its empty signature would share every bucket with the others.
        if (fingerprint.ShingleCount == 0 || keys.Count == 0) return;
        // Opening bands repeat the whole-text bands for a short work; one row per (band, bucket) is enough.
        var (values, parameters) = KeyValues(keys, ", @work");
        parameters.Add(("work", workId));
        Execute(db, $"INSERT INTO work_lsh (band, bucket, work_id) VALUES {values} ON CONFLICT DO NOTHING", [.. parameters]);
    }

    /// <summary>A VALUES list of (band, bucket<paramref name="more"/>) rows for the keys, with their parameters.</summary>
    private static (string Values, List<(string, object?)> Parameters) KeyValues(IReadOnlyList<LshKey> keys, string more = "")
    {
        var values = new StringBuilder();
        var parameters = new List<(string, object?)>(keys.Count * 2 + 2);
        for (var i = 0; i < keys.Count; i++)
        {
            values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@b{i}, @k{i}{more})");
            parameters.Add(($"b{i}", (long)keys[i].Band));
            parameters.Add(($"k{i}", keys[i].Bucket));
        }
        return (values.ToString(), parameters);
    }

    /// <summary>
    /// Two importers of copies of one story must not both miss the other's work and add two; a provider whose writers
    /// run at once locks what the copy's LSH buckets name while it looks and adds (a single-writer provider need not).
    /// </summary>
    protected virtual void LockBuckets(Db db, IReadOnlyList<LshKey> keys) { }

    /// <summary>The same for two importers of chapters of one platform story: they take turns, so they make one work.</summary>
    protected virtual void LockPlatformWork(Db db, Platform platform, string platformWorkId) { }

    private static List<string> LoadParagraphs(Db db, long workId) =>
        Query(db, "SELECT paragraphs FROM chapters WHERE work_id = @id ORDER BY position", r => JsonStrings(r.GetString(0)), ("id", workId))
            .SelectMany(p => p).ToList();

    private static TextFingerprint? LoadFingerprint(Db db, long workId) =>
        QueryFirst(db, "SELECT minhash FROM work_fingerprints WHERE work_id = @id", r => TextFingerprint.FromBytes((byte[])r.GetValue(0)), ("id", workId));

    /// <summary>
    /// The work this text is a near-duplicate of, if any: works sharing an LSH bucket are candidates, their MinHash
    /// estimate filters them, and the texts of the few left are compared exactly — the exact score decides.
    /// </summary>
    private static NearDuplicateMatch? FindNearDuplicate(Db db, ShingledText text, TextFingerprint fingerprint, IReadOnlyList<LshKey> keys)
    {
        if (text.Count == 0 || keys.Count == 0) return null;
        var (values, parameters) = KeyValues(keys);
        parameters.Add(("limit", (long)CandidateLimit));
        var candidates = Query(db,
            $"""
            WITH q (band, bucket) AS (VALUES {values})
            SELECT l.work_id, count(*) AS shared FROM q JOIN work_lsh l ON l.band = q.band AND l.bucket = q.bucket
            GROUP BY l.work_id ORDER BY shared DESC, l.work_id LIMIT @limit
            """,
            r => r.GetInt64(0), [.. parameters]);

        var worthChecking = candidates
            .Select(id => (Id: id, Estimate: LoadFingerprint(db, id) is { } stored ? NearDuplicates.Estimate(fingerprint, stored) : null))
            .Where(c => c.Estimate is null || NearDuplicates.WorthChecking(c.Estimate))
            .OrderByDescending(c => c.Estimate?.Similarity ?? 1)
            .Take(ExactCheckLimit);
        NearDuplicateMatch? best = null;
        foreach (var (id, _) in worthChecking)
        {
            var score = NearDuplicates.Compare(text, Shingler.Shingle(LoadParagraphs(db, id)));
            if (score.IsSameStory && (best is null || score.Jaccard > best.Score.Jaccard))
                best = new NearDuplicateMatch(id, score);
        }
        return best;
    }

    /// <summary>
    /// Whether a joining copy's text should replace the work's: it has more chapters, or the work's copy is cut off
    /// and this one is not. Otherwise the first copy's text stays (an equally complete copy is no better).
    /// </summary>
    private bool TakesText(Db db, long workId, Work copy)
    {
        // Locked where writers run at once: two copies joining one work take turns deciding whose text it shows.
        var current = QueryFirst(db, $"SELECT chapter_count, truncated, word_count FROM works WHERE id = @id{Dialect.ForUpdate}",
            r => ((long Chapters, bool Truncated, long Words)?)(r.GetInt64(0), r.GetBoolean(1), r.GetInt64(2)), ("id", workId));
        if (current is not { } work) return false;
        return copy.Chapters.Count > work.Chapters || work.Truncated && !copy.Truncated && copy.WordCount >= work.Words;
    }

    /// <summary>Before a work's text is replaced, the copies that had that text record how alike it is to the new one.</summary>
    private static void MarkSourcesSimilar(Db db, long workId, double similarity) =>
        Execute(db, "UPDATE sources SET similarity = @similarity WHERE work_id = @work AND similarity IS NULL",
            ("work", workId), ("similarity", similarity));

    /// <summary>The work that holds a copy with this copy's platform and platform story id, if any.</summary>
    private long? WorkWithPlatformId(Db db, Work copy)
    {
        if (copy.PlatformWorkId is null) return null;
        LockPlatformWork(db, copy.Platform, copy.PlatformWorkId);
        return QueryFirst(db, "SELECT work_id FROM sources WHERE platform = @platform AND platform_work_id = @id ORDER BY id LIMIT 1",
            r => (long?)r.GetInt64(0), ("platform", copy.Platform.Slug()), ("id", copy.PlatformWorkId));
    }

    /// <summary>
    /// Joins a copy with the same platform story id to its work (<see cref="PlatformCopies"/>): chapters the work lacks are
    /// added here; a copy that replaces the text leaves that to <see cref="AbsorbCopy"/>.
    /// </summary>
    private PlatformJoin JoinPlatformCopy(Db db, long workId, Work copy)
    {
        var truncated = QueryFirst(db, $"SELECT truncated FROM works WHERE id = @id{Dialect.ForUpdate}", r => r.GetBoolean(0), ("id", workId));
        var current = Query(db, $"SELECT {ChapterColumns} FROM chapters WHERE work_id = @id ORDER BY position", r => ReadChapter(r, 0), ("id", workId));
        var join = PlatformCopies.Decide(current, truncated, copy);
        if (join.EarlierCopiesSimilarity is { } similarity) MarkSourcesSimilar(db, workId, similarity);
        if (join.Kind != PlatformJoinKind.AddsChapters) return join;

        InsertChapters(db, workId, join.Added);
        var endsWithCopy = join.Added[^1].Number == join.Chapters[^1].Number;
        Execute(db,
            """
            UPDATE works SET content_key = @key, word_count = @words, chapter_count = @chapters,
                truncated = CASE WHEN @endsWithCopy THEN @truncated ELSE truncated END, complete = coalesce(CAST(@complete AS boolean), complete)
            WHERE id = @work
            """,
            ("work", workId), ("key", WorkIdentity.KeyOf(join.Chapters)), ("words", (long)join.Chapters.Sum(c => c.WordCount)),
            ("chapters", (long)join.Chapters.Count), ("endsWithCopy", endsWithCopy), ("truncated", copy.Truncated), ("complete", copy.Complete));
        var fingerprint = TextFingerprint.Of(Shingler.Shingle(join.Chapters.SelectMany(c => c.Paragraphs)));
        WriteFingerprint(db, workId, fingerprint.Fingerprint, fingerprint.Keys);
        return join;
    }

    /// <summary>
    /// What a work gains from another copy of its story: the tags its author declared and the user gave (inferred tags
    /// follow the text), metadata the work lacks, and — when <paramref name="takesText"/> — the copy's chapters.
    /// </summary>
    private void AbsorbCopy(Db db, long workId, Work copy, bool takesText, DateTimeOffset now)
    {
        var inferred = copy.Tags.Where(t => t.Origin == TagOrigin.Inferred).ToList();
        if (takesText && inferred.Count > 0)
            Execute(db, "DELETE FROM work_tags WHERE work_id = @work AND origin = 'inferred'", ("work", workId));
        WriteTags(db, workId, copy.Tags.Where(t => t.Origin != TagOrigin.Inferred || takesText).ToList());

        // A platform story id is read with the platform: only a copy from the work's platform gives the work one.
        Execute(db,
            """
            UPDATE works SET title = coalesce(title, @title), series = coalesce(series, @series), summary = coalesce(summary, @summary),
                prompt = coalesce(prompt, @prompt), notes_before = coalesce(notes_before, @before), notes_after = coalesce(notes_after, @after),
                language = coalesce(language, @language), complete = coalesce(complete, CAST(@complete AS boolean)),
                series_part = coalesce(series_part, @part),
                platform_work_id = CASE WHEN platform = @platform THEN coalesce(platform_work_id, @platformId) ELSE platform_work_id END,
                chapters_total = coalesce(chapters_total, @total), published = coalesce(published, @published),
                updated = coalesce(updated, @updated),
                authors = CASE WHEN authors = '[]' THEN @authors ELSE authors END, updated_at = @at
            WHERE id = @work
            """,
            ("work", workId), ("title", copy.Title), ("series", copy.SeriesOrBook), ("summary", copy.Summary), ("prompt", copy.Prompt),
            ("before", copy.NotesBefore), ("after", copy.NotesAfter), ("language", copy.Language), ("complete", copy.Complete),
            ("authors", Json(copy.Authors)), ("at", Timestamp(now)), ("part", (long?)copy.SeriesPart), ("platformId", copy.PlatformWorkId),
            ("platform", copy.Platform.Slug()), ("total", (long?)copy.ChaptersTotal), ("published", StoredValues.Date(copy.Published)),
            ("updated", StoredValues.Date(copy.Updated)));
        if (!takesText) return;

        Execute(db, "DELETE FROM chapters WHERE work_id = @work", ("work", workId));
        InsertChapters(db, workId, copy.Chapters);
        Execute(db,
            """
            UPDATE works SET content_key = @key, word_count = @words, chapter_count = @chapters, truncated = @truncated,
                complete = coalesce(CAST(@complete AS boolean), complete), chapters_total = coalesce(@total, chapters_total),
                updated = coalesce(@updated, updated)
            WHERE id = @work
            """,
            ("work", workId), ("key", copy.ContentKey), ("words", (long)copy.WordCount), ("chapters", (long)copy.Chapters.Count),
            ("truncated", copy.Truncated), ("complete", copy.Complete), ("total", (long?)copy.ChaptersTotal), ("updated", StoredValues.Date(copy.Updated)));
        var fingerprint = TextFingerprint.Of(Shingler.Shingle(copy.BodyParagraphs));
        WriteFingerprint(db, workId, fingerprint.Fingerprint, fingerprint.Keys);
    }

    public IReadOnlyList<NearDuplicatePair> FindNearDuplicates()
    {
        BackfillFingerprints();
        return Read(db =>
        {
            var candidates = Query(db,
                """
                SELECT a.work_id, b.work_id FROM work_lsh a JOIN work_lsh b ON b.band = a.band AND b.bucket = a.bucket AND b.work_id > a.work_id
                GROUP BY a.work_id, b.work_id ORDER BY a.work_id, b.work_id
                """,
                r => (Older: r.GetInt64(0), Newer: r.GetInt64(1)));
            var fingerprints = new Dictionary<long, TextFingerprint?>();
            var texts = new Dictionary<long, ShingledText>();
            TextFingerprint? Fingerprint(long id) => fingerprints.TryGetValue(id, out var f) ? f : fingerprints[id] = LoadFingerprint(db, id);
            ShingledText Text(long id) => texts.TryGetValue(id, out var t) ? t : texts[id] = Shingler.Shingle(LoadParagraphs(db, id));

            var pairs = new List<NearDuplicatePair>();
            foreach (var (older, newer) in candidates)
            {
                if (Fingerprint(older) is { } a && Fingerprint(newer) is { } b && !NearDuplicates.WorthChecking(NearDuplicates.Estimate(a, b))) continue;
                var score = NearDuplicates.Compare(Text(older), Text(newer));
                if (score.IsSameStory) pairs.Add(new NearDuplicatePair(older, newer, score));
            }
            return (IReadOnlyList<NearDuplicatePair>)pairs;
        });
    }

    public bool MergeWorks(long keepId, long mergeId, SimilarityScore score)
    {
        if (keepId == mergeId) throw new ArchiveException($"work {keepId} cannot be merged into itself");
        var merged = GetWork(mergeId);
        if (merged is null) return false;
        var now = DateTimeOffset.UtcNow;
        return Write(db =>
        {
            // Both works locked, or nothing done: a concurrent merge or delete of either wins.
            if (Query(db, $"SELECT id FROM works WHERE {Dialect.IdIn("id", "ids")} ORDER BY id{Dialect.ForUpdate}", r => r.GetInt64(0),
                    ("ids", Dialect.IdList([keepId, mergeId]))).Count < 2)
                return false;
            var takesText = TakesText(db, keepId, merged);
            if (takesText) MarkSourcesSimilar(db, keepId, score.Similarity);
            Execute(db,
                "UPDATE sources SET work_id = @keep, similarity = CASE WHEN @takes THEN similarity ELSE @similarity END WHERE work_id = @merge",
                ("keep", keepId), ("merge", mergeId), ("takes", takesText), ("similarity", score.Similarity));
            // The merged work goes first: its content key is free then for the kept work to take with its text.
            Execute(db, "DELETE FROM works WHERE id = @merge", ("merge", mergeId));
            AbsorbCopy(db, keepId, merged, takesText, now);
            return true;
        });
    }
}
