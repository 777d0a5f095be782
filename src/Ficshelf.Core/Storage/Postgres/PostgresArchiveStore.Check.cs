namespace Ficshelf.Core.Storage.Postgres;

// `ficshelf check` on PostgreSQL: the server enforces foreign keys itself, so what is left to ask is the schema
// version, indexes a crashed build left invalid, and whether each work's counts agree with its rows.
public sealed partial class PostgresArchiveStore : IStorageSelfCheck
{
    public IEnumerable<string> StorageProblems() => Read(c =>
    {
        var problems = new List<string>();
        var version = Convert.ToInt32(Scalar(c, "SELECT version FROM schema_version"));
        if (version != PostgresSchemaMigrations.CurrentVersion) problems.Add($"schema version {version}, expected {PostgresSchemaMigrations.CurrentVersion}");
        problems.AddRange(Query(c,
            """
            SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace AND NOT (i.indisvalid AND i.indisready)
            """, r => $"PostgreSQL index {r.GetString(0)} is not valid (rebuild it with REINDEX)"));
        problems.AddRange(Query(c, "SELECT w.id FROM works w WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.work_id = w.id)", r => $"work {r.GetInt64(0)}: no source file"));
        problems.AddRange(Query(c,
            "SELECT w.id, w.word_count, coalesce(sum(c.word_count), 0)::bigint FROM works w LEFT JOIN chapters c ON c.work_id = w.id GROUP BY w.id HAVING w.word_count <> coalesce(sum(c.word_count), 0) OR w.chapter_count <> count(c.position)",
            r => $"work {r.GetInt64(0)}: counts say {r.GetInt64(1):N0} words, the chapters hold {r.GetInt64(2):N0}"));
        return (IEnumerable<string>)problems;
    });
}
