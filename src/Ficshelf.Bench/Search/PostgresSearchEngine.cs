using System.Globalization;
using System.Text;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Search.Text;
using Npgsql;

namespace Ficshelf.Bench.Search;

/// <summary>
/// PostgreSQL full-text search as the shared server's natural alternative, the way a PostgreSQL user would set it up:
/// one row per work with a <c>tsvector</c> under a GIN index, tags and authors as arrays under GIN indexes, plain
/// columns for the filters and sorts, a temporary table of the matches for the total, the page and the facets.
/// The tsvector is written from Ficshelf's own tokenizer (terms and positions, fields 100 positions apart as in the
/// in-process engine), so both see the same words and a phrase never runs from one field into the next. Where
/// PostgreSQL's own limits bite (at most 256 positions per word per work, positions capped at 16,383) a phrase over
/// very common words or far into a very long work can be missed: the benchmark's total check says so if it happens.
/// Relevance is <c>ts_rank</c>, not BM25, so pages may order differently; only totals are compared.
/// Lives in its own schema, dropped on dispose.
/// </summary>
public sealed class PostgresSearchEngine : ISearchEngine, IIndexSize
{
    private const int FieldGap = 100;
    private const int MaxPosition = 16383;

    private readonly NpgsqlConnection connection;
    private readonly string schema;
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> tagIds = new(StringComparer.Ordinal);
    private TagGraph? canonicalFor;
    private int canonicalTagCount = -1;

    public PostgresSearchEngine(string connectionString)
    {
        schema = "ficshelf_search_bench_" + Guid.NewGuid().ToString("N")[..12];
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, CommandTimeout = 0 };
        connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        Execute($"""
            DROP SCHEMA IF EXISTS {schema} CASCADE;
            CREATE SCHEMA {schema};
            CREATE TABLE docs (id bigint PRIMARY KEY, words int NOT NULL, complete boolean, platform int NOT NULL, language text,
                               imported bigint NOT NULL, title_key text COLLATE "C" NOT NULL, authors text[] NOT NULL, tags int[] NOT NULL,
                               tsv tsvector NOT NULL);
            CREATE INDEX docs_tsv ON docs USING gin (tsv);
            CREATE INDEX docs_tags ON docs USING gin (tags);
            CREATE INDEX docs_authors ON docs USING gin (authors);
            CREATE INDEX docs_words ON docs (words);
            CREATE INDEX docs_imported ON docs (imported);
            CREATE TABLE tag_names (tag_id int PRIMARY KEY, key text NOT NULL UNIQUE, category text NOT NULL, name text NOT NULL);
            CREATE TABLE canon (tag_id int PRIMARY KEY, category text NOT NULL, name text NOT NULL, key text NOT NULL);
            CREATE TEMP TABLE hits (id bigint PRIMARY KEY, score real NOT NULL, tags int[] NOT NULL) ON COMMIT DELETE ROWS;
            """);
    }

    public string Name => "postgres";

    public int Count
    {
        get { lock (gate) return Convert.ToInt32(Scalar("SELECT count(*) FROM docs"), CultureInfo.InvariantCulture); }
    }

    /// <summary>The table (with its TOAST, where the tsvectors live) and all its indexes, plus the tag tables.</summary>
    public long SizeBytes
    {
        get
        {
            lock (gate)
                return Convert.ToInt64(Scalar("SELECT pg_total_relation_size('docs') + pg_total_relation_size('tag_names') + pg_total_relation_size('canon')"), CultureInfo.InvariantCulture);
        }
    }

    public void Index(IEnumerable<SearchDocument> documents)
    {
        lock (gate)
        {
            var batch = new List<SearchDocument>(500);
            foreach (var doc in documents)
            {
                batch.Add(doc);
                if (batch.Count == 500) { Insert(batch); batch.Clear(); }
            }
            if (batch.Count > 0) Insert(batch);
            Execute("ANALYZE docs");
            canonicalTagCount = -1;
        }
    }

    private void Insert(List<SearchDocument> batch)
    {
        using var transaction = connection.BeginTransaction();
        var newTags = new List<(int Id, Tag Tag, string Key)>();
        using (var insert = new NpgsqlCommand("""
            INSERT INTO docs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::tsvector)
            ON CONFLICT (id) DO UPDATE SET words = excluded.words, complete = excluded.complete, platform = excluded.platform,
                language = excluded.language, imported = excluded.imported, title_key = excluded.title_key, authors = excluded.authors,
                tags = excluded.tags, tsv = excluded.tsv
            """, connection, transaction))
        {
            for (var i = 0; i < 10; i++) insert.Parameters.Add(new NpgsqlParameter());
            foreach (var doc in batch)
            {
                var tags = new List<int>();
                foreach (var tag in doc.Tags)
                {
                    var key = Key(tag);
                    if (!tagIds.TryGetValue(key, out var id))
                    {
                        id = tagIds.Count + 1;
                        tagIds[key] = id;
                        newTags.Add((id, tag, key));
                    }
                    if (!tags.Contains(id)) tags.Add(id);
                }
                object[] values =
                [
                    doc.WorkId, doc.Words, doc.Complete is { } c ? c : DBNull.Value, (int)doc.Platform,
                    doc.Language?.Trim().ToLowerInvariant() ?? (object)DBNull.Value, doc.ImportedAt.UtcTicks, SearchSemantics.TitleKey(doc.Title),
                    doc.Authors.Select(SearchSemantics.AuthorKey).Distinct(StringComparer.Ordinal).ToArray(), tags.ToArray(), TsVector(doc),
                ];
                for (var i = 0; i < values.Length; i++) insert.Parameters[i].Value = values[i];
                insert.ExecuteNonQuery();
            }
        }
        foreach (var (id, tag, key) in newTags)
        {
            using var insertTag = new NpgsqlCommand("INSERT INTO tag_names VALUES ($1, $2, $3, $4)", connection, transaction);
            insertTag.Parameters.AddWithValue(id);
            insertTag.Parameters.AddWithValue(key);
            insertTag.Parameters.AddWithValue(tag.Category.Slug());
            insertTag.Parameters.AddWithValue(tag.Name);
            insertTag.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>The work's terms with their positions as a tsvector literal (positions from 1, fields apart).</summary>
    private static string TsVector(SearchDocument doc)
    {
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var lookup = positions.GetAlternateLookup<ReadOnlySpan<char>>();
        var position = 0;
        foreach (var field in SearchFields.Of(doc))
        {
            position += SearchTokenizer.Tokenize(field, (term, at) =>
            {
                if (!lookup.TryGetValue(term, out var list)) lookup[term] = list = [];
                list.Add(Math.Min(MaxPosition, at + 1));
            }, position) + FieldGap;
        }
        var text = new StringBuilder();
        foreach (var (term, at) in positions)
        {
            // Terms are letters and digits only (the tokenizer's folding), so quoting needs no escapes.
            text.Append('\'').Append(term).Append("':");
            text.AppendJoin(',', at.Distinct());
            text.Append(' ');
        }
        return text.ToString();
    }

    public void Remove(long workId)
    {
        lock (gate)
        {
            using var command = new NpgsqlCommand("DELETE FROM docs WHERE id = $1", connection);
            command.Parameters.AddWithValue(workId);
            command.ExecuteNonQuery();
        }
    }

    public SearchResult Search(SearchQuery query, TagGraph graph)
    {
        lock (gate)
        {
            RefreshCanonical(graph);
            var parameters = new List<object>();
            string P(object value)
            {
                parameters.Add(value);
                return "$" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            }

            var clauses = TextClause.Parse(query.Text);
            var hasText = clauses.Count > 0;
            var sql = new StringBuilder();
            if (hasText)
            {
                var q = P(TsQuery(clauses));
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO hits SELECT d.id, ts_rank(d.tsv, {q}::tsquery), d.tags FROM docs d WHERE d.tsv @@ {q}::tsquery");
            }
            else sql.Append("INSERT INTO hits SELECT d.id, 0, d.tags FROM docs d WHERE true");
            var constraints = SearchSemantics.ExpandTags(query, graph);
            foreach (var set in constraints.Include)
                sql.Append(" AND d.tags && ").Append(P(TagIdsOf(set))).Append("::int[]");
            if (constraints.Exclude.Count > 0)
                sql.Append(" AND NOT d.tags && ").Append(P(TagIdsOf(constraints.Exclude))).Append("::int[]");
            var authors = query.Authors.Select(SearchSemantics.AuthorKey).Distinct(StringComparer.Ordinal).ToArray();
            if (authors.Length > 0) sql.Append(" AND d.authors @> ").Append(P(authors)).Append("::text[]");
            if (query.Platforms.Count > 0) sql.Append(" AND d.platform = ANY(").Append(P(query.Platforms.Select(p => (int)p).ToArray())).Append(')');
            if (query.ExcludePlatforms.Count > 0) sql.Append(" AND NOT d.platform = ANY(").Append(P(query.ExcludePlatforms.Select(p => (int)p).ToArray())).Append(')');
            if (query.Languages.Count > 0) sql.Append(" AND d.language = ANY(").Append(P(query.Languages.Select(l => l.Trim().ToLowerInvariant()).ToArray())).Append(')');
            if (query.MinWords is { } min) sql.Append(" AND d.words >= ").Append(P(min));
            if (query.MaxWords is { } max) sql.Append(" AND d.words <= ").Append(P(max));
            if (query.Complete is true) sql.Append(" AND d.complete IS TRUE");
            if (query.Complete is false) sql.Append(" AND d.complete IS NOT TRUE");
            if (query.ImportedAfter is { } after) sql.Append(" AND d.imported >= ").Append(P(after.UtcTicks));
            if (query.ImportedBefore is { } before) sql.Append(" AND d.imported < ").Append(P(before.UtcTicks));

            using var transaction = connection.BeginTransaction();
            using (var fill = new NpgsqlCommand(sql.ToString(), connection, transaction))
            {
                foreach (var value in parameters) fill.Parameters.Add(new NpgsqlParameter { Value = value });
                fill.ExecuteNonQuery();
            }
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
            var hits = new List<SearchHit>();
            using (var page = new NpgsqlCommand($"SELECT h.id, h.score FROM hits h JOIN docs d ON d.id = h.id ORDER BY {order} LIMIT {take} OFFSET {skip}", connection, transaction))
            using (var reader = page.ExecuteReader())
                while (reader.Read()) hits.Add(new SearchHit(reader.GetInt64(0), reader.GetFloat(1)));

            var facets = new Dictionary<Tag, int>(TagComparer.Instance);
            if (query.FacetsPerCategory > 0 && total > 0)
            {
                using var count = new NpgsqlCommand(
                    "SELECT c.category, c.name, count(DISTINCT h.id) FROM hits h CROSS JOIN LATERAL unnest(h.tags) t(tag_id) JOIN canon c ON c.tag_id = t.tag_id GROUP BY c.key, c.category, c.name",
                    connection, transaction);
                using var reader = count.ExecuteReader();
                while (reader.Read())
                    facets[new Tag(Enum.Parse<TagCategory>(reader.GetString(0), true), reader.GetString(1))] = (int)reader.GetInt64(2);
            }
            transaction.Commit();
            return new SearchResult(total, hits, SearchSemantics.TopFacets(facets, query.FacetsPerCategory));
        }
    }

    private int[] TagIdsOf(IEnumerable<Tag> tags) =>
        [.. tags.Select(t => tagIds.TryGetValue(Key(t), out var id) ? id : -1).Where(id => id > 0).Distinct()];

    /// <summary>All clauses must match: a term, a prefix (<c>term:*</c>), or a phrase (<c>a &lt;-&gt; b</c>).</summary>
    private static string TsQuery(IReadOnlyList<TextClause> clauses) => string.Join(" & ", clauses.Select(c => c switch
    {
        TextClause.Term t => $"'{t.Value}'",
        TextClause.Prefix p => $"'{p.Value}':*",
        TextClause.Phrase p => "(" + string.Join(" <-> ", p.Terms.Select(term => $"'{term}'")) + ")",
        _ => throw new InvalidOperationException(),
    }));

    /// <summary>The canonical tag of every indexed tag, as a table the facet query joins (rebuilt when the graph or the tags change).</summary>
    private void RefreshCanonical(TagGraph graph)
    {
        if (ReferenceEquals(graph, canonicalFor) && tagIds.Count == canonicalTagCount) return;
        var all = new List<(int Id, Tag Tag)>();
        using (var read = new NpgsqlCommand("SELECT tag_id, category, name FROM tag_names", connection))
        using (var reader = read.ExecuteReader())
            while (reader.Read()) all.Add((reader.GetInt32(0), new Tag(Enum.Parse<TagCategory>(reader.GetString(1), true), reader.GetString(2))));
        using var transaction = connection.BeginTransaction();
        Execute("DELETE FROM canon", transaction);
        foreach (var (id, tag) in all)
        {
            var canonical = graph.Canonical(tag);
            using var insert = new NpgsqlCommand("INSERT INTO canon VALUES ($1, $2, $3, $4)", connection, transaction);
            insert.Parameters.AddWithValue(id);
            insert.Parameters.AddWithValue(canonical.Category.Slug());
            insert.Parameters.AddWithValue(canonical.Name);
            insert.Parameters.AddWithValue(Key(canonical));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        canonicalFor = graph;
        canonicalTagCount = tagIds.Count;
    }

    private static string Key(Tag tag) => tag.Category.Slug() + ":" + tag.Name.Trim().ToUpperInvariant();

    private void Execute(string sql, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        try { Execute($"DROP SCHEMA IF EXISTS {schema} CASCADE"); }
        catch (NpgsqlException) { } // the server went away: nothing left to tidy
        connection.Dispose();
    }
}
