using System.Globalization;
using System.Text.Json;
using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Npgsql;

namespace Ficshelf.Core.Storage.Postgres;

/// <summary>
/// The shared-server archive on PostgreSQL. Same contract as <see cref="SqliteArchiveStore"/> (the storage suite runs
/// on both); every call takes a pooled connection, so one store serves many threads. Writes run in READ COMMITTED
/// transactions that lean on unique constraints (content key, content hash, tag name) with ON CONFLICT, and a write
/// that loses a race (unique violation, deadlock, serialization failure) is retried from the start, so two importers
/// of one story make one work. A class of its own rather than one ADO.NET store over a dialect: the SQL differs in
/// small ways everywhere (parameters, booleans, ON CONFLICT targets, arrays), and the storage contract suite, run on
/// both providers, is what keeps the two in step.
/// </summary>
public sealed partial class PostgresArchiveStore : IArchiveStore
{
    private const int MaxAttempts = 8;
    private readonly NpgsqlDataSource dataSource;

    private PostgresArchiveStore(string location, NpgsqlDataSource dataSource)
    {
        Location = location;
        this.dataSource = dataSource;
    }

    /// <summary>The location with its password hidden.</summary>
    public string Location { get; }

    /// <summary>
    /// One pool per server, database and credentials for the whole process: a web server opens a store per request, and
    /// every one of them shares these connections.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();

    public static PostgresArchiveStore Open(string location)
    {
        var builder = PostgresLocation.Parse(location);
        var redacted = PostgresLocation.Redact(location);
        if (string.IsNullOrEmpty(builder.Database))
            throw new ArchiveException($"the PostgreSQL location {redacted} names no database");
        // Originals can be large; a generous command timeout lets a big import or copy finish.
        if (builder.CommandTimeout == 30) builder.CommandTimeout = 300;
        try
        {
            var connectionString = builder.ConnectionString;
            if (!DataSources.TryGetValue(connectionString, out var dataSource))
            {
                EnsureDatabase(builder);
                var created = new NpgsqlDataSourceBuilder(connectionString).Build();
                dataSource = DataSources.GetOrAdd(connectionString, created);
                if (!ReferenceEquals(dataSource, created)) created.Dispose();
            }
            using (var connection = dataSource.OpenConnection())
            {
                // The common case is a quick read: the schema is current. Otherwise migrate under the lock.
                if (PostgresSchemaMigrations.Version(connection) != PostgresSchemaMigrations.CurrentVersion)
                {
                    EnsureSchema(connection, builder.SearchPath);
                    PostgresSchemaMigrations.Apply(connection);
                }
            }
            return new PostgresArchiveStore(redacted, dataSource);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new ArchiveException($"cannot open the PostgreSQL archive {redacted}: {Reason(e)}", e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        PostgresException pg => pg.MessageText,
        NpgsqlException { InnerException: { } inner } => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };

    /// <summary>Creates the named database when it does not exist yet (a first import, or a migrate to a new server).</summary>
    private static void EnsureDatabase(NpgsqlConnectionStringBuilder builder)
    {
        try
        {
            using var probe = new NpgsqlConnection(builder.ConnectionString);
            probe.Open();
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
        }
        var admin = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres", Pooling = false, SearchPath = null };
        using var connection = new NpgsqlConnection(admin.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(builder.Database!)}", connection);
        try { command.ExecuteNonQuery(); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
    }

    /// <summary>A search path naming a schema that does not exist yet gets it, so one database can hold several archives.</summary>
    private static void EnsureSchema(NpgsqlConnection connection, string? searchPath)
    {
        var first = searchPath?.Split(',')[0].Trim().Trim('"');
        if (string.IsNullOrEmpty(first) || first is "public" or "$user") return;
        using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {QuoteIdentifier(first)}", connection);
        try { command.ExecuteNonQuery(); }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema) { }
    }

    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    public StoreResult Store(ParsedFile file)
    {
        EnsureFingerprints();
        return Write(tx => StoreOnce(tx, file));
    }

    private StoreResult StoreOnce(Tx tx, ParsedFile file)
    {
        var existingSource = QueryFirst(tx, "SELECT id, work_id FROM sources WHERE content_hash = @hash",
            r => ((long Id, long WorkId)?)(r.GetInt64(0), r.GetInt64(1)), ("hash", file.ContentHash));
        if (existingSource is { } source)
            return new StoreResult(StoreOutcome.Unchanged, source.WorkId, source.Id);

        var work = file.Work;
        var now = DateTimeOffset.UtcNow;
        var outcome = StoreOutcome.NewSource;
        NearDuplicateMatch? nearDuplicate = null;
        var takesText = false;
        var workId = QueryFirst(tx, "SELECT id FROM works WHERE content_key = @key", r => (long?)r.GetInt64(0), ("key", work.ContentKey));
        if (workId is null)
        {
            // Not the same text: perhaps the same story as another platform copied it.
            var shingles = Shingler.Shingle(work.BodyParagraphs);
            var fingerprint = TextFingerprint.Of(shingles);
            LockBuckets(tx, fingerprint.Keys);
            nearDuplicate = FindNearDuplicate(tx, shingles, fingerprint.Fingerprint, fingerprint.Keys);
            if (nearDuplicate is not null)
            {
                workId = nearDuplicate.WorkId;
                takesText = TakesText(tx, nearDuplicate.WorkId, work);
                if (takesText) MarkSourcesSimilar(tx, nearDuplicate.WorkId, nearDuplicate.Similarity);
            }
            else if (InsertWork(tx, work, now) is { } added)
            {
                outcome = StoreOutcome.Added;
                workId = added;
                WriteFingerprint(tx, added, fingerprint.Fingerprint, fingerprint.Keys);
            }
            else
            {
                // A concurrent importer added this very text after we looked: its work it is.
                workId = QueryFirst(tx, "SELECT id FROM works WHERE content_key = @key", r => (long?)r.GetInt64(0), ("key", work.ContentKey))
                         ?? throw new RetryWrite();
            }
        }

        var sourceId = QueryFirst(tx,
            """
            INSERT INTO sources (work_id, platform, file_name, content_hash, encoding, size, original, imported_at, similarity)
            VALUES (@work, @platform, @file, @hash, @encoding, @size, @original, @at, @similarity)
            ON CONFLICT (content_hash) DO NOTHING
            RETURNING id
            """, r => (long?)r.GetInt64(0),
            ("work", workId.Value), ("platform", work.Platform.Slug()), ("file", file.FileName), ("hash", file.ContentHash),
            ("encoding", file.Encoding), ("size", file.Original.LongLength), ("original", file.Original), ("at", Timestamp(now)),
            ("similarity", nearDuplicate is null || takesText ? null : nearDuplicate.Similarity))
            ?? throw new RetryWrite(); // another importer stored this very file meanwhile: start over and find it
        if (nearDuplicate is not null) AbsorbCopy(tx, workId.Value, work, takesText, now);
        return new StoreResult(outcome, workId.Value, sourceId) { NearDuplicate = nearDuplicate };
    }

    /// <summary>The new work's id, or null when a concurrent importer stored the same text first (ON CONFLICT waits for it).</summary>
    private static long? InsertWork(Tx tx, Work work, DateTimeOffset now)
    {
        var workId = QueryFirst(tx,
            """
            INSERT INTO works (content_key, platform, title, authors, series, summary, prompt, notes_before, notes_after, language,
                               word_count, chapter_count, complete, truncated, chrome, created_at, updated_at)
            VALUES (@key, @platform, @title, @authors, @series, @summary, @prompt, @before, @after, @language,
                    @words, @chapters, @complete, @truncated, @chrome, @at, @at)
            ON CONFLICT (content_key) DO NOTHING
            RETURNING id
            """, r => (long?)r.GetInt64(0),
            ("key", work.ContentKey), ("platform", work.Platform.Slug()), ("title", work.Title), ("authors", Json(work.Authors)),
            ("series", work.SeriesOrBook), ("summary", work.Summary), ("prompt", work.Prompt), ("before", work.NotesBefore),
            ("after", work.NotesAfter), ("language", work.Language), ("words", (long)work.WordCount), ("chapters", (long)work.Chapters.Count),
            ("complete", work.Complete), ("truncated", work.Truncated), ("chrome", Json(work.Chrome)), ("at", Timestamp(now)));
        if (workId is not { } id) return null;
        InsertChapters(tx, id, work.Chapters);
        WriteTags(tx, id, work.Tags);
        return id;
    }

    private static void InsertChapters(Tx tx, long workId, IReadOnlyList<Chapter> chapters)
    {
        if (chapters.Count == 0) return;
        Execute(tx,
            """
            INSERT INTO chapters (work_id, position, title, summary, notes_before, notes_after, paragraphs, word_count)
            SELECT @work, c.* FROM unnest(@positions, @titles, @summaries, @befores, @afters, @paragraphs, @words)
                AS c(position, title, summary, notes_before, notes_after, paragraphs, word_count)
            """,
            ("work", workId), ("positions", chapters.Select(c => (long)c.Number).ToArray()), ("titles", chapters.Select(c => c.Title).ToArray()),
            ("summaries", chapters.Select(c => c.Summary).ToArray()), ("befores", chapters.Select(c => c.NotesBefore).ToArray()),
            ("afters", chapters.Select(c => c.NotesAfter).ToArray()), ("paragraphs", chapters.Select(c => Json(c.Paragraphs)).ToArray()),
            ("words", chapters.Select(c => (long)c.WordCount).ToArray()));
    }

    public IReadOnlyList<long> WorkIds() => Read(c => Query(c, "SELECT id FROM works ORDER BY id", r => r.GetInt64(0)));

    public IReadOnlyDictionary<long, string> WorkVersions(IReadOnlyCollection<long>? ids = null) => Read(c =>
        (ids is null
            ? Query(c, "SELECT id, updated_at FROM works", r => (r.GetInt64(0), r.GetString(1)))
            : Query(c, "SELECT id, updated_at FROM works WHERE id = ANY(@ids)", r => (r.GetInt64(0), r.GetString(1)), ("ids", ids.Distinct().ToArray())))
        .ToDictionary(x => x.Item1, x => x.Item2));

    public void ReplaceTags(long workId, TagOrigin origin, IReadOnlyList<WorkTag> tags) => Write(transaction =>
    {
        Execute(transaction, "DELETE FROM work_tags WHERE work_id = @work AND origin = @origin", ("work", workId), ("origin", origin.Slug()));
        WriteTags(transaction, workId, tags.Where(t => t.Origin == origin).ToList());
        Execute(transaction, "UPDATE works SET updated_at = @at WHERE id = @work", ("work", workId), ("at", Timestamp(DateTimeOffset.UtcNow)));
        return true;
    });

    private static void WriteTags(Tx transaction, long workId, IReadOnlyList<WorkTag> tags)
    {
        if (tags.Count == 0) return;
        // New tag names are created in one order whatever the work lists, so two importers never wait on each other crosswise.
        var ids = new Dictionary<Tag, long>(TagComparer.Instance);
        foreach (var tag in tags.Select(t => t.Tag).Distinct(TagComparer.Instance)
                     .OrderBy(t => t.Category).ThenBy(t => t.Name.ToLowerInvariant(), StringComparer.Ordinal))
            ids[tag] = EnsureTag(transaction, tag, trim: false);
        // One statement for the work's tag rows; WITH ORDINALITY keeps the list's order as positions.
        Execute(transaction,
            """
            INSERT INTO work_tags (work_id, tag_id, origin, confidence, evidence, position)
            SELECT @work, t.tag, t.origin, t.confidence, t.evidence, t.n - 1
            FROM unnest(@tags, @origins, @confidences, @evidence) WITH ORDINALITY AS t(tag, origin, confidence, evidence, n)
            ON CONFLICT (work_id, tag_id, origin) DO NOTHING
            """,
            ("work", workId), ("tags", tags.Select(t => ids[t.Tag]).ToArray()), ("origins", tags.Select(t => t.Origin.Slug()).ToArray()),
            ("confidences", tags.Select(t => t.Confidence).ToArray()), ("evidence", tags.Select(t => t.Evidence).ToArray()));
    }

    public Work? GetWork(long id) => Read(c => GetWork(c, id));

    /// <summary>
    /// The work row with its chapters, tags and sources gathered as JSON by the server: one statement, one round trip
    /// (a page of blurbs reads twenty works; four queries each made PostgreSQL readers 2.5× slower than SQLite's), and one
    /// snapshot, so the parts belong together. Not an NpgsqlBatch: Npgsql writes a synchronous batch's later statements
    /// asynchronously, and fifty requests doing that starved the thread pool for half a minute (npgsql/npgsql#5575).
    /// </summary>
    private static Work? GetWork(Tx c, long id)
    {
        const string sql = """
            SELECT w.*,
              (SELECT coalesce(json_agg(json_build_array(position, title, summary, notes_before, notes_after, paragraphs::json) ORDER BY position), '[]')
                 FROM chapters WHERE work_id = w.id) AS chapters_json,
              (SELECT coalesce(json_agg(json_build_array(t.category, t.name, wt.origin, wt.confidence, wt.evidence) ORDER BY wt.origin, wt.position), '[]')
                 FROM work_tags wt JOIN tags t ON t.id = wt.tag_id WHERE wt.work_id = w.id) AS tags_json,
              (SELECT coalesce(json_agg(json_build_array(id, platform, file_name, content_hash, encoding, size, imported_at, similarity) ORDER BY id), '[]')
                 FROM sources WHERE work_id = w.id) AS sources_json
            FROM works w WHERE w.id = @id
            """;
        return QueryFirst(c, sql, r => ReadWork(r) with
        {
            Chapters = JsonRows(r, "chapters_json", row => new Chapter
            {
                Number = checked((int)row[0].GetInt64()),
                Title = row[1].GetString(),
                Summary = row[2].GetString(),
                NotesBefore = row[3].GetString(),
                NotesAfter = row[4].GetString(),
                Paragraphs = row[5].Deserialize<string[]>() ?? [],
            }),
            Tags = JsonRows(r, "tags_json", row => new WorkTag(new Tag(ParseCategory(row[0].GetString()!), row[1].GetString()!),
                Enum.Parse<TagOrigin>(row[2].GetString()!, true), row[3].ValueKind == JsonValueKind.Null ? null : row[3].GetDouble(), row[4].GetString())),
            Sources = JsonRows(r, "sources_json", row => new SourceInfo(row[0].GetInt64(), ParsePlatform(row[1].GetString()!), row[2].GetString()!,
                row[3].GetString()!, row[4].GetString()!, row[5].GetInt64(), ParseTimestamp(row[6].GetString()!))
            {
                Similarity = row[7].ValueKind == JsonValueKind.Null ? null : row[7].GetDouble(),
            }),
        }, ("id", id));
    }

    public IReadOnlyList<WorkBlurb> GetBlurbs(IReadOnlyList<long> ids) => ids.Count == 0 ? [] : Read(c =>
    {
        var idArray = ids.ToArray();
        var tags = Query(c,
            """
            SELECT wt.work_id, t.category, t.name, wt.origin, wt.confidence, wt.evidence FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
            WHERE wt.work_id = ANY(@ids) ORDER BY wt.work_id, wt.origin, wt.position
            """,
            r => (WorkId: r.GetInt64(0), Tag: ReadWorkTag(r, 1)), ("ids", idArray)).ToLookup(x => x.WorkId, x => x.Tag);
        var blurbs = Query(c,
            "SELECT id, title, series, platform, authors, summary, language, word_count, chapter_count, complete, created_at FROM works WHERE id = ANY(@ids)",
            r => new WorkBlurb(r.GetInt64(0), NullableString(r, 1) ?? NullableString(r, 2) ?? "", ParsePlatform(r.GetString(3)),
                JsonSerializer.Deserialize<string[]>(r.GetString(4)) ?? [], NullableString(r, 5), NullableString(r, 6), checked((int)r.GetInt64(7)),
                checked((int)r.GetInt64(8)), r.IsDBNull(9) ? null : r.GetBoolean(9), tags[r.GetInt64(0)].ToList(), ParseTimestamp(r.GetString(10))),
            ("ids", idArray)).ToDictionary(b => b.Id);
        // A work with neither title nor series is "Untitled" with its first words as a marked hint (Work.ListTitle): read those few whole.
        return (IReadOnlyList<WorkBlurb>)ids.Where(blurbs.ContainsKey).Distinct()
            .Select(id => blurbs[id] is { Title.Length: 0 } untitled ? untitled with { Title = GetWork(c, id)?.ListTitle ?? "" } : blurbs[id])
            .ToList();
    });

    /// <summary>Reads a column holding a JSON array of rows, each row an array of values.</summary>
    private static List<T> JsonRows<T>(NpgsqlDataReader reader, string column, Func<JsonElement, T> read)
    {
        using var document = JsonDocument.Parse(reader.GetString(reader.GetOrdinal(column)));
        var rows = new List<T>(document.RootElement.GetArrayLength());
        foreach (var row in document.RootElement.EnumerateArray()) rows.Add(read(row));
        return rows;
    }

    private static Chapter ReadChapter(NpgsqlDataReader r, int at) => new()
    {
        Number = checked((int)r.GetInt64(at)),
        Title = NullableString(r, at + 1),
        Summary = NullableString(r, at + 2),
        NotesBefore = NullableString(r, at + 3),
        NotesAfter = NullableString(r, at + 4),
        Paragraphs = JsonSerializer.Deserialize<string[]>(r.GetString(at + 5)) ?? [],
    };

    private static WorkTag ReadWorkTag(NpgsqlDataReader r, int at) =>
        new(new Tag(ParseCategory(r.GetString(at)), r.GetString(at + 1)), Enum.Parse<TagOrigin>(r.GetString(at + 2), true),
            r.IsDBNull(at + 3) ? null : r.GetDouble(at + 3), NullableString(r, at + 4));

    private static Work ReadWork(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(r.GetOrdinal("id")),
        Platform = ParsePlatform(r.GetString(r.GetOrdinal("platform"))),
        Title = NullableString(r, r.GetOrdinal("title")),
        Authors = JsonSerializer.Deserialize<string[]>(r.GetString(r.GetOrdinal("authors"))) ?? [],
        SeriesOrBook = NullableString(r, r.GetOrdinal("series")),
        Summary = NullableString(r, r.GetOrdinal("summary")),
        Prompt = NullableString(r, r.GetOrdinal("prompt")),
        NotesBefore = NullableString(r, r.GetOrdinal("notes_before")),
        NotesAfter = NullableString(r, r.GetOrdinal("notes_after")),
        Language = NullableString(r, r.GetOrdinal("language")),
        Complete = r.IsDBNull(r.GetOrdinal("complete")) ? null : r.GetBoolean(r.GetOrdinal("complete")),
        Truncated = r.GetBoolean(r.GetOrdinal("truncated")),
        Chrome = JsonSerializer.Deserialize<string[]>(r.GetString(r.GetOrdinal("chrome"))) ?? [],
        AddedAt = ParseTimestamp(r.GetString(r.GetOrdinal("created_at"))),
    };

    public long? ResolveWorkId(string idOrKey)
    {
        var text = idOrKey.Trim().TrimStart('#');
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return Read(c => QueryFirst(c, "SELECT id FROM works WHERE id = @id", r => (long?)r.GetInt64(0), ("id", id)));
        if (text.Length < 6) return null;
        var matches = Read(c => Query(c, "SELECT id FROM works WHERE starts_with(content_key, @prefix) LIMIT 2", r => r.GetInt64(0), ("prefix", text.ToLowerInvariant())));
        return matches.Count == 1 ? matches[0] : null;
    }

    public IReadOnlyList<WorkSummary> ListWorks(int limit = 1000, int offset = 0) => Read(c =>
    {
        var works = Query(c,
            "SELECT id, title, platform, authors, word_count, chapter_count, complete, truncated, created_at, series FROM works ORDER BY id LIMIT @limit OFFSET @offset",
            r => new WorkSummary(r.GetInt64(0), NullableString(r, 1) ?? NullableString(r, 9) ?? "", ParsePlatform(r.GetString(2)),
                JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [], checked((int)r.GetInt64(4)), checked((int)r.GetInt64(5)),
                r.IsDBNull(6) ? null : r.GetBoolean(6), r.GetBoolean(7), [], [], ParseTimestamp(r.GetString(8))),
            ("limit", (long)limit), ("offset", (long)offset));
        if (works.Count == 0) return (IReadOnlyList<WorkSummary>)works;
        var tags = Query(c,
            $"""
            SELECT wt.work_id, t.category, t.name FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
            WHERE wt.work_id = ANY(@ids) AND t.category IN ('fandom', 'relationship') AND {NotRejected}
            ORDER BY wt.work_id, wt.origin, wt.position
            """,
            r => (WorkId: r.GetInt64(0), Category: r.GetString(1), Name: r.GetString(2)), ("ids", works.Select(w => w.Id).ToArray()))
            .ToLookup(t => t.WorkId);
        var result = new List<WorkSummary>(works.Count);
        foreach (var work in works)
        {
            var own = tags[work.Id].Select(t => (t.Category, t.Name)).Distinct().ToList();
            var title = work.Title.Length > 0 ? work.Title : GetWork(c, work.Id)!.DisplayTitle;
            result.Add(work with
            {
                Title = title,
                Fandoms = own.Where(t => t.Category == "fandom").Select(t => t.Name).ToArray(),
                Relationships = own.Where(t => t.Category == "relationship").Select(t => t.Name).ToArray(),
            });
        }
        return result;
    });

    /// <summary>SQL for "this tag row applies": not a user's rejection, and not rejected by the user (see Work.EffectiveTags).</summary>
    private const string NotRejected =
        "NOT (wt.origin = 'user' AND wt.confidence = 0) AND NOT EXISTS (SELECT 1 FROM work_tags r WHERE r.work_id = wt.work_id AND r.tag_id = wt.tag_id AND r.origin = 'user' AND r.confidence = 0)";

    public byte[]? GetOriginal(long sourceId) =>
        Read(c => QueryFirst(c, "SELECT original FROM sources WHERE id = @id", r => (byte[])r.GetValue(0), ("id", sourceId)));

    public int CountWorks() => Read(c => Convert.ToInt32(Scalar(c, "SELECT count(*) FROM works")));

    public ArchiveStats GetStats(int topTags = 5) => Read(c =>
    {
        var works = Convert.ToInt32(Scalar(c, "SELECT count(*) FROM works"));
        var sources = Convert.ToInt32(Scalar(c, "SELECT count(*) FROM sources"));
        var words = Convert.ToInt64(Scalar(c, "SELECT coalesce(sum(word_count), 0) FROM works"));
        var bytes = Convert.ToInt64(Scalar(c, "SELECT coalesce(sum(size), 0) FROM sources"));
        var byPlatform = Query(c, "SELECT platform, count(*) FROM works GROUP BY platform ORDER BY count(*) DESC",
            r => (Platform: ParsePlatform(r.GetString(0)), Count: checked((int)r.GetInt64(1)))).ToDictionary(x => x.Platform, x => x.Count);
        var top = new Dictionary<TagCategory, IReadOnlyList<(string, int)>>();
        // A GROUP BY over every work's tags per category: costly on a large archive, so only when asked for.
        foreach (var category in topTags > 0 ? Enum.GetValues<TagCategory>() : [])
        {
            var rows = Query(c,
                $"""
                SELECT t.name, count(DISTINCT wt.work_id) AS n FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
                WHERE t.category = @category AND {NotRejected} GROUP BY t.id, t.name ORDER BY n DESC, lower(t.name), t.name LIMIT @limit
                """,
                r => (r.GetString(0), checked((int)r.GetInt64(1))), ("category", category.Slug()), ("limit", (long)topTags));
            if (rows.Count > 0) top[category] = rows;
        }
        return new ArchiveStats(works, sources, words, bytes, byPlatform, top);
    });

    /// <summary>Closes the process's pooled connections to an archive (a test dropping its database, a tool done with it).</summary>
    public static void ClosePool(string location)
    {
        var builder = PostgresLocation.Parse(location);
        if (builder.CommandTimeout == 30) builder.CommandTimeout = 300;
        if (DataSources.TryRemove(builder.ConnectionString, out var dataSource)) dataSource.Dispose();
    }

    /// <summary>The connection pool is shared by the process's stores (see <see cref="DataSources"/>) and outlives this one.</summary>
    public void Dispose() { }

    private static Platform ParsePlatform(string slug) => PlatformNames.TryParse(slug, out var p) ? p : Platform.Generic;

    private static TagCategory ParseCategory(string slug) => Enum.Parse<TagCategory>(slug, true);

    private static string Timestamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
