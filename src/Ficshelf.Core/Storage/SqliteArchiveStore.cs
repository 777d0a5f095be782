using System.Globalization;
using System.Text.Json;
using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Storage;

/// <summary>The embedded archive: one SQLite file in WAL mode, schema migrated on open.</summary>
public sealed partial class SqliteArchiveStore : IArchiveStore
{
    private readonly SqliteConnection connection;

    private SqliteArchiveStore(string path, SqliteConnection connection)
    {
        Location = path;
        this.connection = connection;
    }

    public string Location { get; }

    public static SqliteArchiveStore Open(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ArchiveException($"{full} is a directory; give the archive's file path (e.g. {Path.Combine(full, "archive.db")})");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;");
            SchemaMigrations.Apply(connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new ArchiveException($"cannot open the archive {full}: {e.SqliteErrorCode switch { 26 => "not a Ficshelf archive (not an SQLite database)", _ => e.Message }}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new SqliteArchiveStore(full, connection);
    }

    public StoreResult Store(ParsedFile file)
    {
        EnsureFingerprints();
        using var transaction = connection.BeginTransaction();
        var existingSource = QueryFirst(transaction, "SELECT id, work_id FROM sources WHERE content_hash = $hash",
            r => ((long Id, long WorkId)?)(r.GetInt64(0), r.GetInt64(1)), ("$hash", file.ContentHash));
        if (existingSource is { } source)
            return new StoreResult(StoreOutcome.Unchanged, source.WorkId, source.Id);

        var work = file.Work;
        var now = DateTimeOffset.UtcNow;
        var existingWork = QueryFirst(transaction, "SELECT id FROM works WHERE content_key = $key", r => (long?)r.GetInt64(0), ("$key", work.ContentKey));
        var outcome = StoreOutcome.NewSource;
        NearDuplicateMatch? nearDuplicate = null;
        var takesText = false;
        long workId;
        if (existingWork is { } id)
        {
            workId = id;
        }
        else
        {
            // Not the same text: perhaps the same story as another platform copied it.
            var shingles = Shingler.Shingle(work.BodyParagraphs);
            var fingerprint = TextFingerprint.Of(shingles);
            nearDuplicate = FindNearDuplicate(transaction, shingles, fingerprint.Fingerprint, fingerprint.Keys);
            if (nearDuplicate is not null)
            {
                workId = nearDuplicate.WorkId;
                takesText = TakesText(transaction, workId, work);
                if (takesText) MarkSourcesSimilar(transaction, workId, nearDuplicate.Similarity);
            }
            else
            {
                outcome = StoreOutcome.Added;
                workId = InsertWork(transaction, work, now);
                WriteFingerprint(transaction, workId, fingerprint.Fingerprint, fingerprint.Keys);
            }
        }

        var sourceId = Convert.ToInt64(Scalar(transaction,
            """
            INSERT INTO sources (work_id, platform, file_name, content_hash, encoding, size, original, imported_at, similarity)
            VALUES ($work, $platform, $file, $hash, $encoding, $size, $original, $at, $similarity);
            SELECT last_insert_rowid();
            """,
            ("$work", workId), ("$platform", file.Work.Platform.Slug()), ("$file", file.FileName), ("$hash", file.ContentHash),
            ("$encoding", file.Encoding), ("$size", file.Original.LongLength), ("$original", file.Original), ("$at", Timestamp(now)),
            ("$similarity", nearDuplicate is null || takesText ? null : nearDuplicate.Similarity)));
        if (nearDuplicate is not null) AbsorbCopy(transaction, workId, work, takesText, now);
        transaction.Commit();
        return new StoreResult(outcome, workId, sourceId) { NearDuplicate = nearDuplicate };
    }

    private long InsertWork(SqliteTransaction transaction, Work work, DateTimeOffset now)
    {
        var workId = Convert.ToInt64(Scalar(transaction,
            """
            INSERT INTO works (content_key, platform, title, authors, series, summary, prompt, notes_before, notes_after, language,
                               word_count, chapter_count, complete, truncated, chrome, created_at, updated_at)
            VALUES ($key, $platform, $title, $authors, $series, $summary, $prompt, $before, $after, $language,
                    $words, $chapters, $complete, $truncated, $chrome, $at, $at);
            SELECT last_insert_rowid();
            """,
            ("$key", work.ContentKey), ("$platform", work.Platform.Slug()), ("$title", work.Title), ("$authors", Json(work.Authors)),
            ("$series", work.SeriesOrBook), ("$summary", work.Summary), ("$prompt", work.Prompt), ("$before", work.NotesBefore),
            ("$after", work.NotesAfter), ("$language", work.Language), ("$words", work.WordCount), ("$chapters", work.Chapters.Count),
            ("$complete", work.Complete), ("$truncated", work.Truncated), ("$chrome", Json(work.Chrome)), ("$at", Timestamp(now))));
        InsertChapters(transaction, workId, work.Chapters);
        WriteTags(transaction, workId, work.Tags);
        return workId;
    }

    private void InsertChapters(SqliteTransaction transaction, long workId, IReadOnlyList<Chapter> chapters)
    {
        foreach (var chapter in chapters)
        {
            Execute(transaction,
                """
                INSERT INTO chapters (work_id, position, title, summary, notes_before, notes_after, paragraphs, word_count)
                VALUES ($work, $position, $title, $summary, $before, $after, $paragraphs, $words)
                """,
                ("$work", workId), ("$position", chapter.Number), ("$title", chapter.Title), ("$summary", chapter.Summary),
                ("$before", chapter.NotesBefore), ("$after", chapter.NotesAfter), ("$paragraphs", Json(chapter.Paragraphs)),
                ("$words", chapter.WordCount));
        }
    }

    public IReadOnlyList<long> WorkIds() => Query(null, "SELECT id FROM works ORDER BY id", r => r.GetInt64(0));

    public IReadOnlyDictionary<long, string> WorkVersions(IReadOnlyCollection<long>? ids = null)
    {
        if (ids is null) return Query(null, "SELECT id, updated_at FROM works", r => (r.GetInt64(0), r.GetString(1))).ToDictionary(x => x.Item1, x => x.Item2);
        var versions = new Dictionary<long, string>(ids.Count);
        foreach (var id in ids.Distinct())
            if (Scalar(null, "SELECT updated_at FROM works WHERE id = $id", ("$id", id)) is string version) versions[id] = version;
        return versions;
    }

    public void ReplaceTags(long workId, TagOrigin origin, IReadOnlyList<WorkTag> tags)
    {
        using var transaction = connection.BeginTransaction();
        Execute(transaction, "DELETE FROM work_tags WHERE work_id = $work AND origin = $origin", ("$work", workId), ("$origin", origin.Slug()));
        WriteTags(transaction, workId, tags.Where(t => t.Origin == origin).ToList());
        Execute(transaction, "UPDATE works SET updated_at = $at WHERE id = $work", ("$work", workId), ("$at", Timestamp(DateTimeOffset.UtcNow)));
        transaction.Commit();
    }

    private void WriteTags(SqliteTransaction transaction, long workId, IReadOnlyList<WorkTag> tags)
    {
        var position = 0;
        foreach (var tag in tags)
        {
            var tagId = Convert.ToInt64(Scalar(transaction,
                """
                INSERT INTO tags (category, name) VALUES ($category, $name) ON CONFLICT (category, name) DO NOTHING;
                SELECT id FROM tags WHERE category = $category AND name = $name;
                """,
                ("$category", tag.Category.Slug()), ("$name", tag.Name)));
            Execute(transaction,
                """
                INSERT INTO work_tags (work_id, tag_id, origin, confidence, evidence, position)
                VALUES ($work, $tag, $origin, $confidence, $evidence, $position)
                ON CONFLICT (work_id, tag_id, origin) DO NOTHING
                """,
                ("$work", workId), ("$tag", tagId), ("$origin", tag.Origin.Slug()), ("$confidence", tag.Confidence),
                ("$evidence", tag.Evidence), ("$position", position++));
        }
    }

    public Work? GetWork(long id)
    {
        var work = QueryFirst(null, "SELECT * FROM works WHERE id = $id", ReadWork, ("$id", id));
        if (work is null) return null;
        var chapters = Query(null, "SELECT position, title, summary, notes_before, notes_after, paragraphs FROM chapters WHERE work_id = $id ORDER BY position",
            r => new Chapter
            {
                Number = r.GetInt32(0),
                Title = NullableString(r, 1),
                Summary = NullableString(r, 2),
                NotesBefore = NullableString(r, 3),
                NotesAfter = NullableString(r, 4),
                Paragraphs = JsonSerializer.Deserialize<string[]>(r.GetString(5)) ?? [],
            }, ("$id", id));
        var tags = Query(null,
            "SELECT t.category, t.name, wt.origin, wt.confidence, wt.evidence FROM work_tags wt JOIN tags t ON t.id = wt.tag_id WHERE wt.work_id = $id ORDER BY wt.origin, wt.position",
            r => ReadWorkTag(r, 0), ("$id", id));
        var sources = Query(null, "SELECT id, platform, file_name, content_hash, encoding, size, imported_at, similarity FROM sources WHERE work_id = $id ORDER BY id",
            r => new SourceInfo(r.GetInt64(0), ParsePlatform(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5),
                ParseTimestamp(r.GetString(6))) { Similarity = r.IsDBNull(7) ? null : r.GetDouble(7) }, ("$id", id));
        return work with { Chapters = chapters, Tags = tags, Sources = sources };
    }

    public IReadOnlyList<WorkBlurb> GetBlurbs(IReadOnlyList<long> ids)
    {
        if (ids.Count == 0) return [];
        var idList = Json(ids);
        var tags = Query(null,
            """
            SELECT wt.work_id, t.category, t.name, wt.origin, wt.confidence, wt.evidence FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
            WHERE wt.work_id IN (SELECT value FROM json_each($ids)) ORDER BY wt.work_id, wt.origin, wt.position
            """,
            r => (WorkId: r.GetInt64(0), Tag: ReadWorkTag(r, 1)), ("$ids", idList)).ToLookup(x => x.WorkId, x => x.Tag);
        var blurbs = Query(null,
            """
            SELECT id, title, series, platform, authors, summary, language, word_count, chapter_count, complete, created_at
            FROM works WHERE id IN (SELECT value FROM json_each($ids))
            """,
            r => new WorkBlurb(r.GetInt64(0), NullableString(r, 1) ?? NullableString(r, 2) ?? "", ParsePlatform(r.GetString(3)),
                JsonSerializer.Deserialize<string[]>(r.GetString(4)) ?? [], NullableString(r, 5), NullableString(r, 6), r.GetInt32(7), r.GetInt32(8),
                r.IsDBNull(9) ? null : r.GetBoolean(9), tags[r.GetInt64(0)].ToList(), ParseTimestamp(r.GetString(10))),
            ("$ids", idList)).ToDictionary(b => b.Id);
        // A work with neither title nor series is "Untitled" with its first words as a marked hint (Work.ListTitle): read those few whole.
        return ids.Where(blurbs.ContainsKey).Distinct()
            .Select(id => blurbs[id] is { Title.Length: 0 } untitled ? untitled with { Title = GetWork(id)?.ListTitle ?? "" } : blurbs[id])
            .ToList();
    }

    /// <summary>A work's tag from the columns category, name, origin, confidence, evidence starting at <paramref name="at"/>.</summary>
    private static WorkTag ReadWorkTag(SqliteDataReader r, int at) =>
        new(new Tag(Enum.Parse<TagCategory>(r.GetString(at), true), r.GetString(at + 1)), Enum.Parse<TagOrigin>(r.GetString(at + 2), true),
            r.IsDBNull(at + 3) ? null : r.GetDouble(at + 3), NullableString(r, at + 4));

    private static Work ReadWork(SqliteDataReader r) => new()
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
            return QueryFirst(null, "SELECT id FROM works WHERE id = $id", r => (long?)r.GetInt64(0), ("$id", id));
        if (text.Length < 6) return null;
        var matches = Query(null, "SELECT id FROM works WHERE content_key LIKE $prefix || '%' LIMIT 2", r => r.GetInt64(0), ("$prefix", text.ToLowerInvariant()));
        return matches.Count == 1 ? matches[0] : null;
    }

    public IReadOnlyList<WorkSummary> ListWorks(int limit = 1000, int offset = 0)
    {
        var works = Query(null,
            "SELECT id, title, platform, authors, word_count, chapter_count, complete, truncated, created_at, series FROM works ORDER BY id LIMIT $limit OFFSET $offset",
            r => new WorkSummary(r.GetInt64(0), NullableString(r, 1) ?? NullableString(r, 9) ?? "", ParsePlatform(r.GetString(2)),
                JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [], r.GetInt32(4), r.GetInt32(5),
                r.IsDBNull(6) ? null : r.GetBoolean(6), r.GetBoolean(7), [], [], ParseTimestamp(r.GetString(8))),
            ("$limit", limit), ("$offset", offset));
        var result = new List<WorkSummary>(works.Count);
        foreach (var work in works)
        {
            var tags = Query(null,
                $"SELECT DISTINCT t.category, t.name FROM work_tags wt JOIN tags t ON t.id = wt.tag_id WHERE wt.work_id = $id AND t.category IN ('fandom', 'relationship') AND {NotRejected} ORDER BY wt.origin, wt.position",
                r => (Category: r.GetString(0), Name: r.GetString(1)), ("$id", work.Id));
            var title = work.Title.Length > 0 ? work.Title : GetWork(work.Id)!.DisplayTitle;
            result.Add(work with
            {
                Title = title,
                Fandoms = tags.Where(t => t.Category == "fandom").Select(t => t.Name).ToArray(),
                Relationships = tags.Where(t => t.Category == "relationship").Select(t => t.Name).ToArray(),
            });
        }
        return result;
    }

    /// <summary>SQL for "this tag row applies": not a user's rejection, and not rejected by the user (see Work.EffectiveTags).</summary>
    private const string NotRejected =
        "NOT (wt.origin = 'user' AND wt.confidence = 0) AND NOT EXISTS (SELECT 1 FROM work_tags r WHERE r.work_id = wt.work_id AND r.tag_id = wt.tag_id AND r.origin = 'user' AND r.confidence = 0)";

    public byte[]? GetOriginal(long sourceId) =>
        QueryFirst(null, "SELECT original FROM sources WHERE id = $id", r => (byte[])r.GetValue(0), ("$id", sourceId));

    public int CountWorks() => Convert.ToInt32(Scalar(null, "SELECT count(*) FROM works"));

    public ArchiveStats GetStats(int topTags = 5)
    {
        var works = CountWorks();
        var sources = Convert.ToInt32(Scalar(null, "SELECT count(*) FROM sources"));
        var words = Convert.ToInt64(Scalar(null, "SELECT coalesce(sum(word_count), 0) FROM works"));
        var bytes = Convert.ToInt64(Scalar(null, "SELECT coalesce(sum(size), 0) FROM sources"));
        var byPlatform = Query(null, "SELECT platform, count(*) FROM works GROUP BY platform ORDER BY count(*) DESC",
            r => (Platform: ParsePlatform(r.GetString(0)), Count: r.GetInt32(1))).ToDictionary(x => x.Platform, x => x.Count);
        var top = new Dictionary<TagCategory, IReadOnlyList<(string, int)>>();
        // A GROUP BY over every work's tags per category: costly on a large archive, so only when asked for.
        foreach (var category in topTags > 0 ? Enum.GetValues<TagCategory>() : [])
        {
            var rows = Query(null,
                $"""
                SELECT t.name, count(DISTINCT wt.work_id) AS n FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
                WHERE t.category = $category AND {NotRejected} GROUP BY t.id ORDER BY n DESC, t.name LIMIT $limit
                """,
                r => (r.GetString(0), r.GetInt32(1)), ("$category", category.Slug()), ("$limit", topTags));
            if (rows.Count > 0) top[category] = rows;
        }
        return new ArchiveStats(works, sources, words, bytes, byPlatform, top);
    }

    public void Dispose() => connection.Dispose();

    private static Platform ParsePlatform(string slug) => PlatformNames.TryParse(slug, out var p) ? p : Platform.Generic;

    private static string Timestamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private int Execute(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    private List<T> Query<T>(SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> read, params (string, object?)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    private T? QueryFirst<T>(SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> read, params (string, object?)[] parameters)
    {
        var rows = Query(transaction, sql, read, parameters);
        return rows.Count > 0 ? rows[0] : default;
    }
}
