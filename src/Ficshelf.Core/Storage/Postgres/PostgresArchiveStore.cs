using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage.Sql;
using Npgsql;

namespace Ficshelf.Core.Storage.Postgres;

/// <summary>
/// The shared-server archive on PostgreSQL; the archive's rules are <see cref="SqlArchiveStore"/>'s, as for SQLite.
/// Every call takes a pooled connection, so one store serves many threads. Writes run in READ COMMITTED transactions
/// that lean on unique constraints (content key, content hash, tag name) with ON CONFLICT, and a write that loses a
/// race (unique violation, deadlock, serialization failure) is retried from the start, so two importers of one story
/// make one work; transaction locks on a copy's LSH buckets and platform story id make importers of one story take turns.
/// </summary>
public sealed class PostgresArchiveStore : SqlArchiveStore
{
    private readonly NpgsqlDataSource dataSource;

    /// <param name="location">The location with its password hidden.</param>
    private PostgresArchiveStore(string location, NpgsqlDataSource dataSource) : base(location, PostgresDialect.Instance) => this.dataSource = dataSource;

    /// <summary>
    /// One pool per server, database and credentials for the whole process: a web server opens a store per request, and
    /// every one of them shares these connections.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();

    /// <summary>Archives whose schema this process has found current.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Migrated = new();

    public static PostgresArchiveStore Open(string location) => Open(location, session: null);

    /// <param name="session">With a read replica: where this request's reads may go (see <see cref="ReadSession"/>).</param>
    public static PostgresArchiveStore Open(string location, ReadSession? session) =>
        new(PostgresLocation.Redact(location), DataSourceOf(location, askSchemaAgain: session is null)) { session = session };

    /// <summary>
    /// The process's pooled connections to the archive at <paramref name="location"/>, the database created and the schema
    /// migrated on first use (also what the web server's node services talk through).
    /// </summary>
    /// <param name="askSchemaAgain">
    /// Ask the schema version even when this process found it current before (as every plain open does). A request whose
    /// reads may go to a replica does not: it should not cost the primary a round trip.
    /// </param>
    public static NpgsqlDataSource DataSourceOf(string location, bool askSchemaAgain = true)
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
            if (!askSchemaAgain && Migrated.ContainsKey(connectionString)) return dataSource;
            using (var connection = dataSource.OpenConnection())
            {
                // The common case is a quick read: the schema is current. Otherwise migrate under the lock.
                if (PostgresSchemaMigrations.Version(connection) != PostgresSchemaMigrations.CurrentVersion)
                {
                    EnsureSchema(connection, builder.SearchPath);
                    PostgresSchemaMigrations.Apply(connection);
                }
            }
            Migrated.TryAdd(connectionString, true);
            return dataSource;
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
        // Two servers starting together on a new database both try: the loser sees it exist, or (racing on the
        // catalog's own unique index) a unique violation.
        try { command.ExecuteNonQuery(); }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation) { }
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

    protected override DbConnection Rent() => dataSource.OpenConnection();

    private ReadSession? session;

    /// <summary>The connections this store rented from the replica (a store may serve several reads at once).</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbConnection, object> replicaConnections = new();

    private NpgsqlConnection FromReplica(NpgsqlConnection connection)
    {
        replicaConnections.AddOrUpdate(connection, session!.Replica);
        return connection;
    }

    protected override DbConnection RentRead()
    {
        if (session?.Choose() != ReadTarget.Replica) return Rent();
        try
        {
            return FromReplica(session.Replica.DataSource.OpenConnection());
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            session.Replica.MarkDown();
            return Rent();
        }
    }

    protected override async ValueTask<DbConnection> RentReadAsync(CancellationToken cancel)
    {
        if (session?.Choose() != ReadTarget.Replica) return await RentAsync(cancel);
        try
        {
            return FromReplica(await session.Replica.DataSource.OpenConnectionAsync(cancel));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && !cancel.IsCancellationRequested)
        {
            session.Replica.MarkDown();
            return await RentAsync(cancel);
        }
    }

    /// <summary>A replica connection that broke mid-read (the standby stopped): the read is answered by the primary.</summary>
    protected override bool ReadAgainOnPrimary(DbConnection connection, Exception e)
    {
        // Known by what this store rented, not by the connection's DataSource: that is only the server's "host:port" text.
        if (session is null || !replicaConnections.TryGetValue(connection, out _)) return false;
        // A query the replica cancelled for a conflict with replay (SQLSTATE 40001) is worth the primary's answer too.
        if (e is not (NpgsqlException or TimeoutException or InvalidOperationException)) return false;
        if (e is not PostgresException { SqlState: PostgresErrorCodes.SerializationFailure }) session.Replica.MarkDown();
        return true;
    }

    /// <summary>With a replica: this request's later reads go to the primary, and its reader's until the replica has this write.</summary>
    protected override async Task CommittedAsync(Db db)
    {
        if (session is null) return;
        ulong? lsn = null;
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", (NpgsqlConnection)db.Connection);
            lsn = ReplicaRouting.ParseLsn((string?)(db.Sync ? command.ExecuteScalar() : await command.ExecuteScalarAsync(db.Cancel)));
        }
        catch (NpgsqlException)
        {
            // The write is done; without its position the reader's next reads go to the primary by the request's mark alone.
        }
        session.NoteWrite(lsn);
    }

    protected override async ValueTask<DbConnection> RentAsync(CancellationToken cancel) => await dataSource.OpenConnectionAsync(cancel);

    protected override void Return(DbConnection connection)
    {
        replicaConnections.Remove(connection);
        connection.Dispose();
    }

    protected override bool IsRace(Exception e) => base.IsRace(e) || e is PostgresException
    {
        SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation,
    };

    protected override ArchiveException? Failure(DbException e) =>
        e is NpgsqlException ? new ArchiveException($"the PostgreSQL archive {Location} failed: {Reason(e)}", e) : null;

    /// <summary>A failing statement is the server's failure (<see cref="Failure"/>), as it always was here.</summary>
    protected override bool IsRefusal(DbException e) => false;

    /// <summary>
    /// Copies that are near duplicates share LSH buckets (that is how they find each other), so each import holds a
    /// transaction lock per bucket of its text — taken in one order, so they never deadlock — while it looks and adds:
    /// copies of one story take turns, different stories rarely wait.
    /// </summary>
    protected override void LockBuckets(Db db, IReadOnlyList<LshKey> keys)
    {
        if (keys.Count == 0) return;
        var locks = keys.Select(k => unchecked(k.Bucket * 31 + k.Band)).Distinct().Order().ToArray();
        Execute(db, "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(@locks) AS k", ("locks", locks));
    }

    protected override void LockPlatformWork(Db db, Platform platform, string platformWorkId) =>
        Execute(db, "SELECT pg_advisory_xact_lock(hashtext(@platform || ':' || @id))", ("platform", platform.Slug()), ("id", platformWorkId));

    /// <summary>
    /// The work row with its chapters, tags and sources gathered as JSON by the server: one statement, one round trip
    /// (a page of blurbs reads twenty works; four queries each made PostgreSQL readers 2.5× slower than SQLite's), and one
    /// snapshot, so the parts belong together. Not an NpgsqlBatch: Npgsql writes a synchronous batch's later statements
    /// asynchronously, and fifty requests doing that starved the thread pool for half a minute (npgsql/npgsql#5575).
    /// </summary>
    protected override Task<Work?> GetWork(Db db, long id)
    {
        const string sql = """
            SELECT w.*,
              (SELECT coalesce(json_agg(json_build_array(position, title, summary, notes_before, notes_after, paragraphs::json, formatting) ORDER BY position), '[]')
                 FROM chapters WHERE work_id = w.id) AS chapters_json,
              (SELECT coalesce(json_agg(json_build_array(t.category, t.name, wt.origin, wt.confidence, wt.evidence) ORDER BY wt.origin, wt.position), '[]')
                 FROM work_tags wt JOIN tags t ON t.id = wt.tag_id WHERE wt.work_id = w.id) AS tags_json,
              (SELECT coalesce(json_agg(json_build_array(id, platform, file_name, content_hash, encoding, size, imported_at, similarity, platform_work_id) ORDER BY id), '[]')
                 FROM sources WHERE work_id = w.id) AS sources_json
            FROM works w WHERE w.id = @id
            """;
        return QueryFirstAsync(db, sql, r => ReadWork(r) with
        {
            Chapters = JsonRows(r, "chapters_json", row => StoredValues.WithFormatting(new Chapter
            {
                Number = checked((int)row[0].GetInt64()),
                Title = row[1].GetString(),
                Summary = row[2].GetString(),
                NotesBefore = row[3].GetString(),
                NotesAfter = row[4].GetString(),
                Paragraphs = row[5].Deserialize<string[]>() ?? [],
            }, row[6].GetString())),
            Tags = JsonRows(r, "tags_json", row => new WorkTag(new Tag(ParseCategory(row[0].GetString()!), row[1].GetString()!),
                Enum.Parse<TagOrigin>(row[2].GetString()!, true), row[3].ValueKind == JsonValueKind.Null ? null : row[3].GetDouble(), row[4].GetString())),
            Sources = JsonRows(r, "sources_json", row => new SourceInfo(row[0].GetInt64(), ParsePlatform(row[1].GetString()!), row[2].GetString()!,
                row[3].GetString()!, row[4].GetString()!, row[5].GetInt64(), ParseTimestamp(row[6].GetString()!))
            {
                Similarity = row[7].ValueKind == JsonValueKind.Null ? null : row[7].GetDouble(),
                PlatformWorkId = row[8].GetString(),
            }),
        }, ("id", id));
    }

    /// <summary>Reads a column holding a JSON array of rows, each row an array of values.</summary>
    private static List<T> JsonRows<T>(DbDataReader reader, string column, Func<JsonElement, T> read)
    {
        using var document = JsonDocument.Parse(reader.GetString(reader.GetOrdinal(column)));
        var rows = new List<T>(document.RootElement.GetArrayLength());
        foreach (var row in document.RootElement.EnumerateArray()) rows.Add(read(row));
        return rows;
    }

    /// <summary>
    /// `ficshelf check` on PostgreSQL: the server enforces foreign keys itself, so what is left to ask is the schema
    /// version, indexes a crashed build left invalid, and whether each work's counts agree with its rows.
    /// </summary>
    public override IEnumerable<string> StorageProblems() => Read(db =>
    {
        var problems = new List<string>();
        var version = Convert.ToInt32(Scalar(db, "SELECT version FROM schema_version"), CultureInfo.InvariantCulture);
        if (version != PostgresSchemaMigrations.CurrentVersion) problems.Add($"schema version {version}, expected {PostgresSchemaMigrations.CurrentVersion}");
        problems.AddRange(Query(db,
            """
            SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace AND NOT (i.indisvalid AND i.indisready)
            """, r => $"PostgreSQL index {r.GetString(0)} is not valid (rebuild it with REINDEX)"));
        problems.AddRange(WorkProblems(db));
        return (IEnumerable<string>)problems;
    });

    /// <summary>Closes the process's pooled connections to an archive (a test dropping its database, a tool done with it).</summary>
    public static void ClosePool(string location)
    {
        var builder = PostgresLocation.Parse(location);
        if (builder.CommandTimeout == 30) builder.CommandTimeout = 300;
        Migrated.TryRemove(builder.ConnectionString, out _);
        if (DataSources.TryRemove(builder.ConnectionString, out var dataSource)) dataSource.Dispose();
    }

    /// <summary>The connection pool is shared by the process's stores (see <see cref="DataSources"/>) and outlives this one.</summary>
    public override void Dispose() { }

    /// <summary>Id lists travel as bigint arrays; tag names compare lower-cased, as the unique index on lower(name) does.</summary>
    private sealed class PostgresDialect : SqlDialect
    {
        public static readonly PostgresDialect Instance = new();

        public override string IdIn(string column, string parameter) => $"{column} = ANY(@{parameter})";

        public override object IdList(IEnumerable<long> ids) => ids.ToArray();

        public override string SameName(string column, string parameter) => $"lower({column}) = lower(@{parameter})";

        public override string ContainsIgnoringCase(string text, string fragment) => $"strpos(lower({text}), lower(@{fragment})) > 0";

        public override string ForUpdate => " FOR UPDATE";
    }
}
