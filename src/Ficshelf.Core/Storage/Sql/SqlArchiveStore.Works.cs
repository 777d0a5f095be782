using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;

namespace Ficshelf.Core.Storage.Sql;

// Works: the import decision, reading works and lists, counts, versions for search indexes.
public abstract partial class SqlArchiveStore
{
    public StoreResult Store(ParsedFile file) => Finish(Store(file, sync: true, default));

    public Task<StoreResult> StoreAsync(ParsedFile file, CancellationToken cancel = default) => Store(file, sync: false, cancel);

    /// <summary>
    /// All the files in one transaction, decided one after another as separate stores would decide them (each sees the
    /// ones before). When the database refuses one, the transaction is undone and the files are stored one by one, so
    /// only that file fails.
    /// </summary>
    public IReadOnlyList<StoreAttempt> StoreMany(IReadOnlyList<ParsedFile> files)
    {
        if (files.Count == 0) return [];
        EnsureFingerprints();
        try
        {
            return Write(db => files.Select(file => new StoreAttempt(StoreOnce(db, file), null)).ToList());
        }
        catch (DbException e) when (IsRefusal(e))
        {
            return StoreAttempt.OneByOne(this, files);
        }
    }

    /// <summary>The decision's statements run on the thread; the connection, the commit and a retry's wait do not hold one.</summary>
    private async Task<StoreResult> Store(ParsedFile file, bool sync, CancellationToken cancel)
    {
        EnsureFingerprints();
        try
        {
            return await WriteAsync(db => Task.FromResult(StoreOnce(db, file)), sync, cancel);
        }
        catch (DbException e) when (IsRefusal(e))
        {
            throw new StoreRefusedException(e.Message, e);
        }
    }

    /// <summary>
    /// The import decision, in order: this very file (nothing changes); the same text (a new source); a copy with the
    /// same platform story id (see <see cref="PlatformCopies"/>); a near-duplicate (see <see cref="NearDuplicates"/>);
    /// otherwise a new work. Writes that lose a race to a concurrent importer start over (<see cref="RetryWriteException"/>).
    /// </summary>
    private StoreResult StoreOnce(Db db, ParsedFile file)
    {
        var existingSource = QueryFirst(db, "SELECT id, work_id FROM sources WHERE content_hash = @hash",
            r => ((long Id, long WorkId)?)(r.GetInt64(0), r.GetInt64(1)), ("hash", file.ContentHash));
        if (existingSource is { } source)
            return new StoreResult(StoreOutcome.Unchanged, source.WorkId, source.Id);

        var work = file.Work;
        var keys = file.CurrentKeys;
        var contentKey = keys?.ContentKey ?? work.ContentKey;
        var now = DateTimeOffset.UtcNow;
        var outcome = StoreOutcome.NewSource;
        NearDuplicateMatch? nearDuplicate = null;
        PlatformJoin? platformJoin = null;
        var takesText = false;
        var workId = WorkWithContentKey(db, contentKey);
        if (workId is null && WorkWithPlatformId(db, work) is { } samePlatformWork)
        {
            // The platform's own story id says which work this is, whatever its text.
            workId = samePlatformWork;
            platformJoin = JoinPlatformCopy(db, samePlatformWork, work);
        }
        if (workId is null)
        {
            // Not the same text: perhaps the same story as another platform copied it.
            var shingles = keys?.Shingles ?? Shingler.Shingle(work.BodyParagraphs);
            var fingerprint = keys is not null ? (Fingerprint: keys.Fingerprint, Keys: keys.LshKeys) : TextFingerprint.Of(shingles);
            LockBuckets(db, fingerprint.Keys);
            nearDuplicate = FindNearDuplicate(db, shingles, fingerprint.Fingerprint, fingerprint.Keys);
            if (nearDuplicate is not null)
            {
                workId = nearDuplicate.WorkId;
                takesText = TakesText(db, nearDuplicate.WorkId, work);
                if (takesText) MarkSourcesSimilar(db, nearDuplicate.WorkId, nearDuplicate.Similarity);
            }
            else if (InsertWork(db, work, contentKey, keys?.ChapterWords, now) is { } added)
            {
                outcome = StoreOutcome.Added;
                workId = added;
                WriteFingerprint(db, added, fingerprint.Fingerprint, fingerprint.Keys, newWork: true);
            }
            else
            {
                // A concurrent importer added this very text after we looked: its work it is.
                workId = WorkWithContentKey(db, contentKey) ?? throw new RetryWriteException();
            }
        }

        var similarity = platformJoin is not null ? platformJoin.CopySimilarity : nearDuplicate is null || takesText ? null : nearDuplicate.Similarity;
        var sourceId = QueryFirst(db,
            """
            INSERT INTO sources (work_id, platform, file_name, content_hash, encoding, size, original, imported_at, similarity, platform_work_id)
            VALUES (@work, @platform, @file, @hash, @encoding, @size, @original, @at, @similarity, @platformId)
            ON CONFLICT (content_hash) DO NOTHING
            RETURNING id
            """, r => (long?)r.GetInt64(0),
            ("work", workId.Value), ("platform", work.Platform.Slug()), ("file", file.FileName), ("hash", file.ContentHash),
            ("encoding", file.Encoding), ("size", file.Original.LongLength), ("original", file.Original), ("at", Timestamp(now)),
            ("similarity", similarity), ("platformId", work.PlatformWorkId))
            ?? throw new RetryWriteException(); // another importer stored this very file meanwhile: start over and find it
        if (nearDuplicate is not null) AbsorbCopy(db, workId.Value, work, takesText, now);
        if (platformJoin is not null) AbsorbCopy(db, workId.Value, work, platformJoin.Kind == PlatformJoinKind.Replaces, now);
        return new StoreResult(outcome, workId.Value, sourceId) { NearDuplicate = nearDuplicate };
    }

    private static long? WorkWithContentKey(Db db, string contentKey) =>
        QueryFirst(db, "SELECT id FROM works WHERE content_key = @key", r => (long?)r.GetInt64(0), ("key", contentKey));

    /// <summary>The new work's id, or null when a concurrent importer stored the same text first (ON CONFLICT waits for it).</summary>
    /// <param name="chapterWords">The chapters' word counts when already counted (a bulk import's worker counted them).</param>
    private long? InsertWork(Db db, Work work, string contentKey, IReadOnlyList<int>? chapterWords, DateTimeOffset now)
    {
        chapterWords ??= work.Chapters.Select(c => c.WordCount).ToArray();
        var workId = QueryFirst(db,
            """
            INSERT INTO works (content_key, platform, title, authors, series, summary, prompt, notes_before, notes_after, language,
                               word_count, chapter_count, complete, truncated, chrome, created_at, updated_at,
                               series_part, platform_work_id, chapters_total, published, updated)
            VALUES (@key, @platform, @title, @authors, @series, @summary, @prompt, @before, @after, @language,
                    @words, @chapters, @complete, @truncated, @chrome, @at, @at, @part, @platformId, @total, @published, @updated)
            ON CONFLICT (content_key) DO NOTHING
            RETURNING id
            """, r => (long?)r.GetInt64(0),
            ("key", contentKey), ("platform", work.Platform.Slug()), ("title", work.Title), ("authors", Json(work.Authors)),
            ("series", work.SeriesOrBook), ("summary", work.Summary), ("prompt", work.Prompt), ("before", work.NotesBefore),
            ("after", work.NotesAfter), ("language", work.Language), ("words", chapterWords.Sum(w => (long)w)), ("chapters", (long)work.Chapters.Count),
            ("complete", work.Complete), ("truncated", work.Truncated), ("chrome", Json(work.Chrome)), ("at", Timestamp(now)),
            ("part", (long?)work.SeriesPart), ("platformId", work.PlatformWorkId), ("total", (long?)work.ChaptersTotal),
            ("published", StoredValues.Date(work.Published)), ("updated", StoredValues.Date(work.Updated)));
        if (workId is not { } id) return null;
        InsertChapters(db, id, work.Chapters, chapterWords);
        WriteTags(db, id, work.Tags);
        return id;
    }

    /// <summary>One multi-row INSERT per batch of chapters (each row is 9 parameters; both providers cap a statement's).</summary>
    private static void InsertChapters(Db db, long workId, IReadOnlyList<Chapter> chapters, IReadOnlyList<int>? chapterWords = null)
    {
        var first = 0;
        foreach (var batch in chapters.Chunk(200))
        {
            var sql = new StringBuilder("INSERT INTO chapters (work_id, position, title, summary, notes_before, notes_after, paragraphs, word_count, formatting) VALUES ");
            var parameters = new List<(string, object?)> { ("work", workId) };
            for (var i = 0; i < batch.Length; i++)
            {
                var c = batch[i];
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@work, @n{i}, @t{i}, @s{i}, @b{i}, @a{i}, @p{i}, @w{i}, @f{i})");
                parameters.AddRange([($"n{i}", (long)c.Number), ($"t{i}", c.Title), ($"s{i}", c.Summary), ($"b{i}", c.NotesBefore),
                    ($"a{i}", c.NotesAfter), ($"p{i}", Json(c.Paragraphs)), ($"w{i}", (long)(chapterWords?[first + i] ?? c.WordCount)), ($"f{i}", StoredValues.FormattingOf(c))]);
            }
            Execute(db, sql.ToString(), [.. parameters]);
            first += batch.Length;
        }
    }

    public IReadOnlyList<long> WorkIds() => Read(db => Query(db, "SELECT id FROM works ORDER BY id", r => r.GetInt64(0)));

    public IReadOnlyDictionary<long, string> WorkVersions(IReadOnlyCollection<long>? ids = null) => Finish(WorkVersions(ids, sync: true, default));

    public Task<IReadOnlyDictionary<long, string>> WorkVersionsAsync(IReadOnlyCollection<long>? ids = null, CancellationToken cancel = default) =>
        WorkVersions(ids, sync: false, cancel);

    private Task<IReadOnlyDictionary<long, string>> WorkVersions(IReadOnlyCollection<long>? ids, bool sync, CancellationToken cancel) => ReadAsync(async db =>
        (IReadOnlyDictionary<long, string>)(ids is null
            ? await QueryAsync(db, "SELECT id, updated_at FROM works", r => (r.GetInt64(0), r.GetString(1)))
            : await QueryAsync(db, $"SELECT id, updated_at FROM works WHERE {Dialect.IdIn("id", "ids")}", r => (r.GetInt64(0), r.GetString(1)), ("ids", Dialect.IdList(ids.Distinct()))))
        .ToDictionary(x => x.Item1, x => x.Item2), sync, cancel);

    public void ReplaceTags(long workId, TagOrigin origin, IReadOnlyList<WorkTag> tags) => Write(db =>
    {
        Execute(db, "DELETE FROM work_tags WHERE work_id = @work AND origin = @origin", ("work", workId), ("origin", origin.Slug()));
        WriteTags(db, workId, tags.Where(t => t.Origin == origin).ToList());
        Execute(db, "UPDATE works SET updated_at = @at WHERE id = @work", ("work", workId), ("at", Timestamp(DateTimeOffset.UtcNow)));
    });

    private void WriteTags(Db db, long workId, IReadOnlyList<WorkTag> tags)
    {
        if (tags.Count == 0) return;
        // New tag names are created in one order whatever the work lists, so two importers never wait on each other crosswise.
        var ids = new Dictionary<Tag, long>(TagComparer.Instance);
        foreach (var tag in tags.Select(t => t.Tag).Distinct(TagComparer.Instance)
                     .OrderBy(t => t.Category).ThenBy(t => t.Name.ToLowerInvariant(), StringComparer.Ordinal))
            ids[tag] = Finish(EnsureTag(db with { Sync = true }, tag, trim: false)); // the import decision runs its statements on the thread
        // One statement for the work's tag rows; the list's order is kept as positions.
        var position = 0;
        foreach (var batch in tags.Chunk(500))
        {
            var sql = new StringBuilder("INSERT INTO work_tags (work_id, tag_id, origin, confidence, evidence, position) VALUES ");
            var parameters = new List<(string, object?)> { ("work", workId) };
            for (var i = 0; i < batch.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@work, @t{i}, @o{i}, @c{i}, @e{i}, @p{i})");
                parameters.AddRange([($"t{i}", ids[batch[i].Tag]), ($"o{i}", batch[i].Origin.Slug()), ($"c{i}", batch[i].Confidence),
                    ($"e{i}", batch[i].Evidence), ($"p{i}", (long)position++)]);
            }
            sql.Append(" ON CONFLICT (work_id, tag_id, origin) DO NOTHING");
            Execute(db, sql.ToString(), [.. parameters]);
        }
    }

    public Work? GetWork(long id) => Finish(ReadAsync(db => GetWork(db, id), sync: true, default));

    public Task<Work?> GetWorkAsync(long id, CancellationToken cancel = default) => ReadAsync(db => GetWork(db, id), sync: false, cancel);

    /// <summary>The work row with its chapters, tags and sources (a provider may gather them in one statement).</summary>
    protected virtual async Task<Work?> GetWork(Db db, long id)
    {
        var work = await QueryFirstAsync(db, "SELECT * FROM works WHERE id = @id", ReadWork, ("id", id));
        if (work is null) return null;
        var chapters = await QueryAsync(db, $"SELECT {ChapterColumns} FROM chapters WHERE work_id = @id ORDER BY position", r => ReadChapter(r, 0), ("id", id));
        var tags = await QueryAsync(db,
            "SELECT t.category, t.name, wt.origin, wt.confidence, wt.evidence FROM work_tags wt JOIN tags t ON t.id = wt.tag_id WHERE wt.work_id = @id ORDER BY wt.origin, wt.position",
            r => ReadWorkTag(r, 0), ("id", id));
        var sources = await QueryAsync(db, "SELECT id, platform, file_name, content_hash, encoding, size, imported_at, similarity, platform_work_id FROM sources WHERE work_id = @id ORDER BY id",
            r => new SourceInfo(r.GetInt64(0), ParsePlatform(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5),
                ParseTimestamp(r.GetString(6))) { Similarity = NullableDouble(r, 7), PlatformWorkId = NullableString(r, 8) }, ("id", id));
        return work with { Chapters = chapters, Tags = tags, Sources = sources };
    }

    public IReadOnlyList<WorkBlurb> GetBlurbs(IReadOnlyList<long> ids) => Finish(GetBlurbs(ids, sync: true, default));

    public Task<IReadOnlyList<WorkBlurb>> GetBlurbsAsync(IReadOnlyList<long> ids, CancellationToken cancel = default) => GetBlurbs(ids, sync: false, cancel);

    private Task<IReadOnlyList<WorkBlurb>> GetBlurbs(IReadOnlyList<long> ids, bool sync, CancellationToken cancel) => ids.Count == 0 ? Task.FromResult<IReadOnlyList<WorkBlurb>>([]) : ReadAsync(async db =>
    {
        var idList = Dialect.IdList(ids.Distinct());
        var tags = (await QueryAsync(db,
            $"""
            SELECT wt.work_id, t.category, t.name, wt.origin, wt.confidence, wt.evidence FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
            WHERE {Dialect.IdIn("wt.work_id", "ids")} ORDER BY wt.work_id, wt.origin, wt.position
            """,
            r => (WorkId: r.GetInt64(0), Tag: ReadWorkTag(r, 1)), ("ids", idList))).ToLookup(x => x.WorkId, x => x.Tag);
        var blurbs = (await QueryAsync(db,
            $"SELECT id, title, series, platform, authors, summary, language, word_count, chapter_count, complete, created_at FROM works WHERE {Dialect.IdIn("id", "ids")}",
            r => new WorkBlurb(r.GetInt64(0), NullableString(r, 1) ?? NullableString(r, 2) ?? "", ParsePlatform(r.GetString(3)),
                JsonStrings(r.GetString(4)), NullableString(r, 5), NullableString(r, 6), Int(r, 7), Int(r, 8), NullableBool(r, 9),
                tags[r.GetInt64(0)].ToList(), ParseTimestamp(r.GetString(10))),
            ("ids", idList))).ToDictionary(b => b.Id);
        // A work with neither title nor series is "Untitled" with its first words as a marked hint (Work.ListTitle): read those few whole.
        var result = new List<WorkBlurb>(blurbs.Count);
        foreach (var id in ids.Where(blurbs.ContainsKey).Distinct())
            result.Add(blurbs[id] is { Title.Length: 0 } untitled ? untitled with { Title = (await GetWork(db, id))?.ListTitle ?? "" } : blurbs[id]);
        return (IReadOnlyList<WorkBlurb>)result;
    }, sync, cancel);

    /// <summary>The columns <see cref="ReadChapter"/> reads, in its order.</summary>
    protected const string ChapterColumns = "position, title, summary, notes_before, notes_after, paragraphs, formatting";

    protected static Chapter ReadChapter(DbDataReader r, int at) => StoredValues.WithFormatting(new Chapter
    {
        Number = Int(r, at),
        Title = NullableString(r, at + 1),
        Summary = NullableString(r, at + 2),
        NotesBefore = NullableString(r, at + 3),
        NotesAfter = NullableString(r, at + 4),
        Paragraphs = JsonStrings(r.GetString(at + 5)),
    }, NullableString(r, at + 6));

    /// <summary>A work's tag from the columns category, name, origin, confidence, evidence starting at <paramref name="at"/>.</summary>
    protected static WorkTag ReadWorkTag(DbDataReader r, int at) =>
        new(new Tag(ParseCategory(r.GetString(at)), r.GetString(at + 1)), Enum.Parse<TagOrigin>(r.GetString(at + 2), true),
            NullableDouble(r, at + 3), NullableString(r, at + 4));

    /// <summary>A row of <c>SELECT * FROM works</c>, without chapters, tags and sources.</summary>
    protected static Work ReadWork(DbDataReader r) => new()
    {
        Id = r.GetInt64(r.GetOrdinal("id")),
        Platform = ParsePlatform(r.GetString(r.GetOrdinal("platform"))),
        Title = NullableString(r, r.GetOrdinal("title")),
        Authors = JsonStrings(r.GetString(r.GetOrdinal("authors"))),
        SeriesOrBook = NullableString(r, r.GetOrdinal("series")),
        SeriesPart = NullableInt(r, r.GetOrdinal("series_part")),
        PlatformWorkId = NullableString(r, r.GetOrdinal("platform_work_id")),
        ChaptersTotal = NullableInt(r, r.GetOrdinal("chapters_total")),
        Published = StoredValues.ParseDate(NullableString(r, r.GetOrdinal("published"))),
        Updated = StoredValues.ParseDate(NullableString(r, r.GetOrdinal("updated"))),
        Summary = NullableString(r, r.GetOrdinal("summary")),
        Prompt = NullableString(r, r.GetOrdinal("prompt")),
        NotesBefore = NullableString(r, r.GetOrdinal("notes_before")),
        NotesAfter = NullableString(r, r.GetOrdinal("notes_after")),
        Language = NullableString(r, r.GetOrdinal("language")),
        Complete = NullableBool(r, r.GetOrdinal("complete")),
        Truncated = r.GetBoolean(r.GetOrdinal("truncated")),
        Chrome = JsonStrings(r.GetString(r.GetOrdinal("chrome"))),
        AddedAt = ParseTimestamp(r.GetString(r.GetOrdinal("created_at"))),
    };

    public long? ResolveWorkId(string idOrKey)
    {
        var text = idOrKey.Trim().TrimStart('#');
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return Read(db => QueryFirst(db, "SELECT id FROM works WHERE id = @id", r => (long?)r.GetInt64(0), ("id", id)));
        if (text.Length < 6) return null;
        var matches = Read(db => Query(db, "SELECT id FROM works WHERE substr(content_key, 1, length(@prefix)) = @prefix LIMIT 2",
            r => r.GetInt64(0), ("prefix", text.ToLowerInvariant())));
        return matches.Count == 1 ? matches[0] : null;
    }

    public IReadOnlyList<WorkSummary> ListWorks(int limit = 1000, int offset = 0) => Finish(ListWorks(limit, offset, sync: true, default));

    public Task<IReadOnlyList<WorkSummary>> ListWorksAsync(int limit = 1000, int offset = 0, CancellationToken cancel = default) =>
        ListWorks(limit, offset, sync: false, cancel);

    private Task<IReadOnlyList<WorkSummary>> ListWorks(int limit, int offset, bool sync, CancellationToken cancel) => ReadAsync(async db =>
    {
        var works = await QueryAsync(db,
            "SELECT id, title, platform, authors, word_count, chapter_count, complete, truncated, created_at, series FROM works ORDER BY id LIMIT @limit OFFSET @offset",
            r => new WorkSummary(r.GetInt64(0), NullableString(r, 1) ?? NullableString(r, 9) ?? "", ParsePlatform(r.GetString(2)),
                JsonStrings(r.GetString(3)), Int(r, 4), Int(r, 5), NullableBool(r, 6), r.GetBoolean(7), [], [], ParseTimestamp(r.GetString(8))),
            ("limit", (long)limit), ("offset", (long)offset));
        if (works.Count == 0) return (IReadOnlyList<WorkSummary>)works;
        var tags = (await QueryAsync(db,
            $"""
            SELECT wt.work_id, t.category, t.name FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
            WHERE {Dialect.IdIn("wt.work_id", "ids")} AND t.category IN ('fandom', 'relationship') AND {NotRejected}
            ORDER BY wt.work_id, wt.origin, wt.position
            """,
            r => (WorkId: r.GetInt64(0), Category: r.GetString(1), Name: r.GetString(2)), ("ids", Dialect.IdList(works.Select(w => w.Id)))))
            .ToLookup(t => t.WorkId);
        var result = new List<WorkSummary>(works.Count);
        foreach (var work in works)
        {
            var own = tags[work.Id].Select(t => (t.Category, t.Name)).Distinct().ToList();
            var title = work.Title.Length > 0 ? work.Title : (await GetWork(db, work.Id))!.DisplayTitle;
            result.Add(work with
            {
                Title = title,
                Fandoms = own.Where(t => t.Category == "fandom").Select(t => t.Name).ToArray(),
                Relationships = own.Where(t => t.Category == "relationship").Select(t => t.Name).ToArray(),
            });
        }
        return (IReadOnlyList<WorkSummary>)result;
    }, sync, cancel);

    public IReadOnlyList<SeriesEntry> ListSeries() => Finish(ListSeries(sync: true, default));

    public Task<IReadOnlyList<SeriesEntry>> ListSeriesAsync(CancellationToken cancel = default) => ListSeries(sync: false, cancel);

    private Task<IReadOnlyList<SeriesEntry>> ListSeries(bool sync, CancellationToken cancel) => ReadAsync(async db =>
        (IReadOnlyList<SeriesEntry>)(await QueryAsync(db,
            "SELECT series, count(*) FROM works WHERE series IS NOT NULL AND series <> '' GROUP BY series",
            r => new SeriesEntry(r.GetString(0), Int(r, 1))))
        .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Name, StringComparer.Ordinal).ToList(), sync, cancel);

    public IReadOnlyList<long> SeriesWorks(string series) => Finish(SeriesWorks(series, sync: true, default));

    public Task<IReadOnlyList<long>> SeriesWorksAsync(string series, CancellationToken cancel = default) => SeriesWorks(series, sync: false, cancel);

    // Reading order: by part (a work without one after the numbered parts), then by number.
    private Task<IReadOnlyList<long>> SeriesWorks(string series, bool sync, CancellationToken cancel) => ReadAsync(async db =>
        (IReadOnlyList<long>)await QueryAsync(db,
            "SELECT id FROM works WHERE series = @series ORDER BY CASE WHEN series_part IS NULL THEN 1 ELSE 0 END, series_part, id",
            r => r.GetInt64(0), ("series", series)), sync, cancel);

    /// <summary>SQL for "this tag row applies": not a user's rejection, and not rejected by the user (see Work.EffectiveTags).</summary>
    protected const string NotRejected =
        "NOT (wt.origin = 'user' AND wt.confidence = 0) AND NOT EXISTS (SELECT 1 FROM work_tags r WHERE r.work_id = wt.work_id AND r.tag_id = wt.tag_id AND r.origin = 'user' AND r.confidence = 0)";

    public byte[]? GetOriginal(long sourceId) => Finish(GetOriginal(sourceId, sync: true, default));

    public Task<byte[]?> GetOriginalAsync(long sourceId, CancellationToken cancel = default) => GetOriginal(sourceId, sync: false, cancel);

    private Task<byte[]?> GetOriginal(long sourceId, bool sync, CancellationToken cancel) =>
        ReadAsync(db => QueryFirstAsync(db, "SELECT original FROM sources WHERE id = @id", r => (byte[])r.GetValue(0), ("id", sourceId)), sync, cancel);

    public int CountWorks() => Finish(CountWorks(sync: true, default));

    public Task<int> CountWorksAsync(CancellationToken cancel = default) => CountWorks(sync: false, cancel);

    private Task<int> CountWorks(bool sync, CancellationToken cancel) =>
        ReadAsync(async db => Convert.ToInt32(await ScalarAsync(db, "SELECT count(*) FROM works"), CultureInfo.InvariantCulture), sync, cancel);

    public ArchiveStats GetStats(int topTags = 5) => Finish(GetStats(topTags, sync: true, default));

    public Task<ArchiveStats> GetStatsAsync(int topTags = 5, CancellationToken cancel = default) => GetStats(topTags, sync: false, cancel);

    private Task<ArchiveStats> GetStats(int topTags, bool sync, CancellationToken cancel) => ReadAsync(async db =>
    {
        // The four totals in one round trip (the home page reads them on every view).
        var (works, sources, words, bytes) = (await QueryAsync(db,
            """
            SELECT (SELECT count(*) FROM works), (SELECT count(*) FROM sources),
                   (SELECT CAST(coalesce(sum(word_count), 0) AS bigint) FROM works), (SELECT CAST(coalesce(sum(size), 0) AS bigint) FROM sources)
            """,
            r => (Int(r, 0), Int(r, 1), r.GetInt64(2), r.GetInt64(3))))[0];
        var byPlatform = (await QueryAsync(db, "SELECT platform, count(*) FROM works GROUP BY platform ORDER BY count(*) DESC",
            r => (Platform: ParsePlatform(r.GetString(0)), Count: Int(r, 1)))).ToDictionary(x => x.Platform, x => x.Count);
        var top = new Dictionary<TagCategory, IReadOnlyList<(string, int)>>();
        // A GROUP BY over every work's tags per category: costly on a large archive, so only when asked for.
        foreach (var category in topTags > 0 ? Enum.GetValues<TagCategory>() : [])
        {
            var rows = await QueryAsync(db,
                $"""
                SELECT t.name, count(DISTINCT wt.work_id) AS n FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
                WHERE t.category = @category AND {NotRejected} GROUP BY t.id, t.name ORDER BY n DESC, lower(t.name), t.name LIMIT @limit
                """,
                r => (r.GetString(0), Int(r, 1)), ("category", category.Slug()), ("limit", (long)topTags));
            if (rows.Count > 0) top[category] = rows;
        }
        return new ArchiveStats(works, sources, words, bytes, byPlatform, top);
    }, sync, cancel);

    public bool DeleteWork(long id) => Finish(DeleteWork(id, sync: true, default));

    public Task<bool> DeleteWorkAsync(long id, CancellationToken cancel = default) => DeleteWork(id, sync: false, cancel);

    private Task<bool> DeleteWork(long id, bool sync, CancellationToken cancel) =>
        WriteAsync(async db => await ExecuteAsync(db, "DELETE FROM works WHERE id = @id", ("id", id)) > 0, sync, cancel);

    public string ChangeStamp() => Finish(ChangeStamp(sync: true, default));

    public Task<string> ChangeStampAsync(CancellationToken cancel = default) => ChangeStamp(sync: false, cancel);

    private Task<string> ChangeStamp(bool sync, CancellationToken cancel) => ReadAsync(async db => Convert.ToString(await ScalarAsync(db,
        """
        SELECT (SELECT count(*) || '/' || coalesce(max(id), 0) || '/' || coalesce(max(updated_at), '') FROM works)
            || '|' || (SELECT count(*) || '/' || coalesce(sum(CASE WHEN canonical THEN 1 ELSE 0 END), 0) || '/' || coalesce(sum(coalesce(synonym_of, 0)), 0) FROM tags)
            || '/' || (SELECT count(*) || '/' || coalesce(sum(child_id * 31 + parent_id), 0) FROM tag_parents)
        """), CultureInfo.InvariantCulture) ?? "", sync, cancel);

    private const int StreamBatch = 500;

    public IEnumerable<Work> StreamWorks(long afterId = 0)
    {
        while (true)
        {
            var works = Finish(StreamBatchAfter(afterId, sync: true, default));
            if (works.Count == 0) yield break;
            foreach (var work in works) yield return work;
            afterId = works[^1].Id;
        }
    }

    public async IAsyncEnumerable<Work> StreamWorksAsync(long afterId = 0, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        while (true)
        {
            var works = await StreamBatchAfter(afterId, sync: false, cancel);
            if (works.Count == 0) yield break;
            foreach (var work in works) yield return work;
            afterId = works[^1].Id;
        }
    }

    /// <summary>The next batch of works after <paramref name="afterId"/>, with chapters and tags, in one connection.</summary>
    private Task<List<Work>> StreamBatchAfter(long afterId, bool sync, CancellationToken cancel) => ReadAsync(async db =>
    {
        var rows = await QueryAsync(db, "SELECT * FROM works WHERE id > @after ORDER BY id LIMIT @n", ReadWork, ("after", afterId), ("n", (long)StreamBatch));
        if (rows.Count == 0) return rows;
        var first = rows[0].Id;
        var last = rows[^1].Id;
        var chapters = (await QueryAsync(db,
            $"SELECT work_id, {ChapterColumns} FROM chapters WHERE work_id BETWEEN @a AND @b ORDER BY work_id, position",
            r => (WorkId: r.GetInt64(0), Chapter: ReadChapter(r, 1)), ("a", first), ("b", last))).ToLookup(x => x.WorkId, x => x.Chapter);
        var tags = (await QueryAsync(db,
            """
            SELECT wt.work_id, t.category, t.name, wt.origin, wt.confidence, wt.evidence FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
            WHERE wt.work_id BETWEEN @a AND @b ORDER BY wt.work_id, wt.origin, wt.position
            """,
            r => (WorkId: r.GetInt64(0), Tag: ReadWorkTag(r, 1)), ("a", first), ("b", last))).ToLookup(x => x.WorkId, x => x.Tag);
        return rows.Select(w => w with { Chapters = chapters[w.Id].ToList(), Tags = tags[w.Id].ToList() }).ToList();
    }, sync, cancel);

    /// <summary>What <c>ficshelf check</c> asks of any provider: every work has a source, and its counts agree with its chapters.</summary>
    protected static IEnumerable<string> WorkProblems(Db db)
    {
        var problems = Query(db, "SELECT w.id FROM works w WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.work_id = w.id)", r => $"work {r.GetInt64(0)}: no source file");
        problems.AddRange(Query(db,
            """
            SELECT w.id, w.word_count, CAST(coalesce(sum(c.word_count), 0) AS bigint) FROM works w LEFT JOIN chapters c ON c.work_id = w.id
            GROUP BY w.id HAVING w.word_count <> coalesce(sum(c.word_count), 0) OR w.chapter_count <> count(c.position)
            """,
            r => string.Create(CultureInfo.InvariantCulture, $"work {r.GetInt64(0)}: counts say {r.GetInt64(1):N0} words, the chapters hold {r.GetInt64(2):N0}")));
        return problems;
    }
}
