using System.Globalization;
using System.Text;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search.Text;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Search.Sqlite;

/// <summary>
/// The baseline engine: SQLite FTS5 (unicode61, BM25) for text, plain tables and SQL joins for tags and filters,
/// GROUP BY for facets. Lives in its own SQLite file (or in memory), rebuilt from the archive like any index.
/// </summary>
internal sealed class Fts5SearchEngine : ISearchEngine, IIndexSize
{
    private readonly SqliteConnection connection;
    private readonly string? path;
    private readonly Lock gate = new();
    private TagGraph? canonicalFor;
    private int canonicalTagCount = -1;

    public Fts5SearchEngine(string? path = null)
    {
        this.path = path;
        if (path is not null && File.Exists(path)) File.Delete(path); // an index is rebuilt, never trusted across runs
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path ?? ":memory:", Pooling = false }.ToString());
        connection.Open();
        Execute("PRAGMA journal_mode = " + (path is null ? "MEMORY" : "WAL") + "; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -200000;");
        Execute("""
            CREATE TABLE docs (id INTEGER PRIMARY KEY, words INTEGER NOT NULL, complete INTEGER, platform INTEGER NOT NULL,
                               language TEXT, imported INTEGER NOT NULL, title_key TEXT NOT NULL);
            CREATE INDEX docs_words ON docs(words);
            CREATE INDEX docs_imported ON docs(imported);
            CREATE TABLE tag_names (tag_id INTEGER PRIMARY KEY, category TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL UNIQUE);
            CREATE TABLE doc_tags (tag_id INTEGER NOT NULL, doc_id INTEGER NOT NULL, PRIMARY KEY (tag_id, doc_id)) WITHOUT ROWID;
            CREATE INDEX doc_tags_doc ON doc_tags(doc_id, tag_id);
            CREATE TABLE doc_authors (key TEXT NOT NULL, doc_id INTEGER NOT NULL, PRIMARY KEY (key, doc_id)) WITHOUT ROWID;
            CREATE INDEX doc_authors_doc ON doc_authors(doc_id);
            CREATE TABLE canon (tag_id INTEGER PRIMARY KEY, category TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL);
            CREATE VIRTUAL TABLE fts USING fts5(title, authors, summary, body, content='', contentless_delete=1,
                                                tokenize='unicode61 remove_diacritics 2', prefix='2 3');
            CREATE TEMP TABLE hits (id INTEGER PRIMARY KEY, score REAL NOT NULL);
            """);
    }

    public string Name => "fts5";

    public int Count
    {
        get { lock (gate) return Convert.ToInt32(Scalar("SELECT count(*) FROM docs"), CultureInfo.InvariantCulture); }
    }

    public long SizeBytes
    {
        get
        {
            lock (gate) return Convert.ToInt64(Scalar("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"), CultureInfo.InvariantCulture);
        }
    }

    public void Index(IEnumerable<SearchDocument> documents)
    {
        lock (gate)
        {
            var transaction = connection.BeginTransaction();
            using var insertDoc = Prepare(transaction, "INSERT INTO docs VALUES ($id, $words, $complete, $platform, $language, $imported, $title)",
                "$id", "$words", "$complete", "$platform", "$language", "$imported", "$title");
            using var insertText = Prepare(transaction, "INSERT INTO fts (rowid, title, authors, summary, body) VALUES ($id, $title, $authors, $summary, $body)",
                "$id", "$title", "$authors", "$summary", "$body");
            using var insertTagName = Prepare(transaction, "INSERT INTO tag_names (category, name, key) VALUES ($category, $name, $key) ON CONFLICT (key) DO NOTHING",
                "$category", "$name", "$key");
            using var findTag = Prepare(transaction, "SELECT tag_id FROM tag_names WHERE key = $key", "$key");
            using var insertTag = Prepare(transaction, "INSERT OR IGNORE INTO doc_tags (tag_id, doc_id) VALUES ($tag, $doc)", "$tag", "$doc");
            using var exists = Prepare(transaction, "SELECT count(*) FROM docs WHERE id = $id", "$id");
            using var insertAuthor = Prepare(transaction, "INSERT OR IGNORE INTO doc_authors (key, doc_id) VALUES ($key, $doc)", "$key", "$doc");
            var batch = 0;
            foreach (var doc in documents)
            {
                exists.Parameters[0].Value = doc.WorkId;
                if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) > 0) Delete(transaction, doc.WorkId);
                Run(insertDoc, doc.WorkId, doc.Words, doc.Complete is null ? DBNull.Value : doc.Complete.Value ? 1 : 0, (int)doc.Platform,
                    doc.Language?.Trim().ToLowerInvariant() ?? (object)DBNull.Value, doc.ImportedAt.UtcTicks, SearchSemantics.TitleKey(doc.Title));
                var fields = SearchFields.Of(doc);
                Run(insertText, doc.WorkId, fields[0], fields[1], fields[2], fields[3]);
                foreach (var author in doc.Authors) Run(insertAuthor, SearchSemantics.AuthorKey(author), doc.WorkId);
                foreach (var tag in doc.Tags)
                {
                    var key = Key(tag);
                    Run(insertTagName, tag.Category.Slug(), tag.Name, key);
                    findTag.Parameters[0].Value = key;
                    Run(insertTag, Convert.ToInt64(findTag.ExecuteScalar(), CultureInfo.InvariantCulture), doc.WorkId);
                }
                if (++batch % 2000 == 0)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = connection.BeginTransaction();
                    foreach (var c in new[] { insertDoc, insertText, insertTagName, findTag, insertTag, exists, insertAuthor }) c.Transaction = transaction;
                }
            }
            transaction.Commit();
            transaction.Dispose();
            canonicalTagCount = -1;
        }
    }

    public void Remove(long workId)
    {
        lock (gate)
        {
            using var transaction = connection.BeginTransaction();
            Delete(transaction, workId);
            transaction.Commit();
        }
    }

    private void Delete(SqliteTransaction transaction, long workId)
    {
        foreach (var sql in new[] { "DELETE FROM fts WHERE rowid = $id", "DELETE FROM doc_tags WHERE doc_id = $id", "DELETE FROM doc_authors WHERE doc_id = $id", "DELETE FROM docs WHERE id = $id" })
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$id", workId);
            command.ExecuteNonQuery();
        }
    }

    public SearchResult Search(SearchQuery query, TagGraph graph)
    {
        lock (gate)
        {
            RefreshCanonical(graph);
            var parameters = new List<(string, object)>();
            string P(object value)
            {
                var name = "$p" + parameters.Count;
                parameters.Add((name, value));
                return name;
            }

            var clauses = TextClause.Parse(query.Text);
            var sql = new StringBuilder();
            var hasText = clauses.Count > 0;
            sql.Append(hasText
                ? "INSERT INTO hits SELECT d.id, -bm25(fts) FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH " + P(MatchExpression(clauses))
                : "INSERT INTO hits SELECT d.id, 0 FROM docs d WHERE 1");
            var constraints = SearchSemantics.ExpandTags(query, graph);
            foreach (var set in constraints.Include)
                sql.Append(" AND d.id IN (SELECT dt.doc_id FROM doc_tags dt JOIN tag_names n ON n.tag_id = dt.tag_id WHERE n.key IN (")
                    .Append(string.Join(", ", set.Select(t => P(Key(t))))).Append("))");
            if (constraints.Exclude.Count > 0)
                sql.Append(" AND d.id NOT IN (SELECT dt.doc_id FROM doc_tags dt JOIN tag_names n ON n.tag_id = dt.tag_id WHERE n.key IN (")
                    .Append(string.Join(", ", constraints.Exclude.Select(t => P(Key(t))))).Append("))");
            foreach (var author in query.Authors.Select(SearchSemantics.AuthorKey).Distinct(StringComparer.Ordinal))
                sql.Append(" AND d.id IN (SELECT doc_id FROM doc_authors WHERE key = ").Append(P(author)).Append(')');
            if (query.Platforms.Count > 0) sql.Append(" AND d.platform IN (").Append(string.Join(", ", query.Platforms.Select(p => P((int)p)))).Append(')');
            if (query.ExcludePlatforms.Count > 0) sql.Append(" AND d.platform NOT IN (").Append(string.Join(", ", query.ExcludePlatforms.Select(p => P((int)p)))).Append(')');
            if (query.Languages.Count > 0) sql.Append(" AND d.language IN (").Append(string.Join(", ", query.Languages.Select(l => P(l.Trim().ToLowerInvariant())))).Append(')');
            if (query.MinWords is { } min) sql.Append(" AND d.words >= ").Append(P(min));
            if (query.MaxWords is { } max) sql.Append(" AND d.words <= ").Append(P(max));
            if (query.Complete is true) sql.Append(" AND d.complete = 1");
            if (query.Complete is false) sql.Append(" AND (d.complete IS NULL OR d.complete <> 1)");
            if (query.ImportedAfter is { } after) sql.Append(" AND d.imported >= ").Append(P(after.UtcTicks));
            if (query.ImportedBefore is { } before) sql.Append(" AND d.imported < ").Append(P(before.UtcTicks));

            using var transaction = connection.BeginTransaction();
            Execute("DELETE FROM hits", transaction);
            Execute(sql.ToString(), transaction, parameters);
            var total = Convert.ToInt32(Scalar("SELECT count(*) FROM hits", transaction), CultureInfo.InvariantCulture);

            var sort = query.Sort == SearchSort.Relevance && !hasText ? SearchSort.DateImported : query.Sort;
            var direction = query.SortDescending ? "DESC" : "ASC";
            var order = sort switch
            {
                SearchSort.Relevance => $"h.score {direction}, d.id {direction}",
                SearchSort.WordCount => $"d.words {direction}, d.id {direction}",
                SearchSort.DateImported => $"d.imported {direction}, d.id {direction}",
                _ => $"d.title_key {direction}, d.id {direction}",
            };
            var (skip, take) = SearchSemantics.Page(query);
            var hits = Query($"SELECT h.id, h.score FROM hits h JOIN docs d ON d.id = h.id ORDER BY {order} LIMIT {take} OFFSET {skip}", transaction,
                r => new SearchHit(r.GetInt64(0), r.GetDouble(1)));

            var facets = new Dictionary<Tag, int>(TagComparer.Instance);
            if (query.FacetsPerCategory > 0 && total > 0)
            {
                foreach (var (tag, works) in Query(
                    "SELECT c.category, c.name, count(DISTINCT dt.doc_id) FROM hits h JOIN doc_tags dt ON dt.doc_id = h.id JOIN canon c ON c.tag_id = dt.tag_id GROUP BY c.key",
                    transaction, r => (new Tag(Enum.Parse<TagCategory>(r.GetString(0), true), r.GetString(1)), r.GetInt32(2))))
                    facets[tag] = works;
            }
            transaction.Commit();
            return new SearchResult(total, hits, SearchSemantics.TopFacets(facets, query.FacetsPerCategory));
        }
    }

    /// <summary>Each clause as an FTS5 string or prefix query; the tokenizer already reduced terms to letters and digits.</summary>
    private static string MatchExpression(IReadOnlyList<TextClause> clauses) => string.Join(' ', clauses.Select(c => c switch
    {
        TextClause.Term t => $"\"{t.Value}\"",
        TextClause.Prefix p => $"\"{p.Value}\" *",
        TextClause.Phrase p => "\"" + string.Join(' ', p.Terms) + "\"",
        _ => throw new InvalidOperationException(),
    }));

    /// <summary>The canonical tag of every indexed tag, as a table the facet query joins (rebuilt when the graph or the tags change).</summary>
    private void RefreshCanonical(TagGraph graph)
    {
        var tags = Convert.ToInt32(Scalar("SELECT count(*) FROM tag_names"), CultureInfo.InvariantCulture);
        if (ReferenceEquals(graph, canonicalFor) && tags == canonicalTagCount) return;
        var all = Query("SELECT tag_id, category, name FROM tag_names", null, r => (Id: r.GetInt64(0), Tag: new Tag(Enum.Parse<TagCategory>(r.GetString(1), true), r.GetString(2))));
        using var transaction = connection.BeginTransaction();
        Execute("DELETE FROM canon", transaction);
        using var insert = Prepare(transaction, "INSERT INTO canon VALUES ($id, $category, $name, $key)", "$id", "$category", "$name", "$key");
        foreach (var (id, tag) in all)
        {
            var canonical = graph.Canonical(tag);
            Run(insert, id, canonical.Category.Slug(), canonical.Name, Key(canonical));
        }
        transaction.Commit();
        canonicalFor = graph;
        canonicalTagCount = tags;
    }

    private static string Key(Tag tag) => tag.Category.Slug() + ":" + tag.Name.Trim().ToUpperInvariant();

    private SqliteCommand Prepare(SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, null));
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    private void Execute(string sql, SqliteTransaction? transaction = null, List<(string, object)>? parameters = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters ?? []) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private List<T> Query<T>(string sql, SqliteTransaction? transaction, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    public void Dispose()
    {
        connection.Dispose();
        if (path is not null) SqliteConnection.ClearAllPools();
    }
}
