using System.Data.Common;
using System.Text.Json;
using Ficshelf.Core.Storage.Sql;
using Microsoft.Data.Sqlite;

// Kept in the storage namespace the CLI, the web server and the tests have always named it from.
namespace Ficshelf.Core.Storage;

/// <summary>
/// The embedded archive: one SQLite file in WAL mode, schema migrated on open (<see cref="SchemaMigrations"/>). One
/// connection per store; the archive's rules are <see cref="SqlArchiveStore"/>'s.
/// </summary>
public sealed class SqliteArchiveStore : SqlArchiveStore
{
    private readonly SqliteConnection connection;

    private SqliteArchiveStore(string path, SqliteConnection connection) : base(path, SqliteDialect.Instance) => this.connection = connection;

    public static SqliteArchiveStore Open(string path) => Open(path, pooled: false);

    /// <summary>
    /// Opens the archive; <paramref name="pooled"/> (the web server, which opens a store per request) takes the
    /// connection from a pool and gives it back on <see cref="Dispose"/>, so a request does not pay for opening the
    /// file, reading its schema and, as the last connection, checkpointing the WAL on close. <see cref="ClosePooled"/>
    /// closes them when the server stops.
    /// </summary>
    public static SqliteArchiveStore Open(string path, bool pooled)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ArchiveException($"{full} is a directory; give the archive's file path (e.g. {Path.Combine(full, "archive.db")})");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(ConnectionString(full, pooled));
        try
        {
            connection.Open();
            using (var command = connection.CreateCommand())
            {
                // A 64 MB page cache (the default is 2 MB): each imported work adds rows at random places of the
                // near-duplicate buckets' index, which outgrows a small cache within a few thousand works. A pooled
                // connection keeps its cache between requests, and a server may hold dozens of them: 16 MB each.
                command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; " +
                                      (pooled ? "PRAGMA cache_size = -16384;" : "PRAGMA cache_size = -65536;");
                command.ExecuteNonQuery();
            }
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

    private static string ConnectionString(string full, bool pooled) =>
        new SqliteConnectionStringBuilder { DataSource = full, Pooling = pooled }.ToString();

    /// <summary>Closes the pooled connections to the archive at <paramref name="path"/> (the last one checkpoints the WAL).</summary>
    public static void ClosePooled(string path)
    {
        using var connection = new SqliteConnection(ConnectionString(Path.GetFullPath(path), pooled: true));
        SqliteConnection.ClearPool(connection);
    }

    protected override DbConnection Rent() => connection;

    protected override void Return(DbConnection connection) { }

    /// <summary>SQLite's errors reach the caller as they are.</summary>
    protected override ArchiveException? Failure(DbException e) => null;

    protected override bool IsRefusal(DbException e) => e is SqliteException;

    public override IEnumerable<string> StorageProblems() => Read(db =>
    {
        var problems = new List<string>();
        var integrity = Query(db, "PRAGMA integrity_check", r => r.GetString(0));
        if (!(integrity.Count == 1 && integrity[0] == "ok")) problems.AddRange(integrity.Select(line => "SQLite integrity: " + line));
        problems.AddRange(Query(db, "PRAGMA foreign_key_check", r => $"SQLite foreign key: a row of {r.GetString(0)} points at a missing {r.GetString(2)}"));
        var version = Convert.ToInt32(Scalar(db, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version != SchemaMigrations.CurrentVersion) problems.Add($"schema version {version}, expected {SchemaMigrations.CurrentVersion}");
        problems.AddRange(WorkProblems(db));
        return (IEnumerable<string>)problems;
    });

    public override void Dispose() => connection.Dispose();

    /// <summary>Id lists travel as one JSON text read by json_each; tag names compare under the column's NOCASE collation.</summary>
    private sealed class SqliteDialect : SqlDialect
    {
        public static readonly SqliteDialect Instance = new();

        public override string IdIn(string column, string parameter) => $"{column} IN (SELECT value FROM json_each(@{parameter}))";

        public override object IdList(IEnumerable<long> ids) => JsonSerializer.Serialize(ids);

        public override string SameName(string column, string parameter) => $"{column} = @{parameter}";

        public override string ContainsIgnoringCase(string text, string fragment) => $"instr(lower({text}), lower(@{fragment})) > 0";

        // A write transaction holds the whole file.
        public override string ForUpdate => "";
    }
}
