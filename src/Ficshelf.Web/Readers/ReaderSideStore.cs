using System.Globalization;
using Ficshelf.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Web.Readers;

/// <summary>A KOReader sync position as the device sent it (kept so the device gets back exactly what it wrote).</summary>
public sealed record DeviceProgress(string Document, string Progress, double Percentage, string Device, string DeviceId, DateTimeOffset UpdatedAt, long? WorkId, int? Chapter);

/// <summary>A document hash KOReader may name, and the work (and its spine's chapters) it is the EPUB of.</summary>
public sealed record KnownDocument(string Document, long WorkId, IReadOnlyList<int> SpineChapters);

/// <summary>
/// What devices need beside the archive — KOReader sync keys, the document hashes of exported EPUBs, devices' own sync
/// positions, and bookmarklet capture tokens — in a small SQLite file in the archive's companion folder
/// (ficshelf-readers/readers.db), so the archive's own schema is untouched. Only hashes of keys and tokens are kept.
/// </summary>
public sealed class ReaderSideStore
{
    private readonly string connectionString;

    public ReaderSideStore(string archiveLocation)
    {
        var folder = ArchiveStores.CompanionFolder(archiveLocation, "ficshelf-readers");
        Directory.CreateDirectory(folder);
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "readers.db"), Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS kosync_keys (user_id INTEGER PRIMARY KEY, key_hash TEXT NOT NULL, linked_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS kosync_documents (document TEXT PRIMARY KEY, work_id INTEGER NOT NULL, spine TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS kosync_hashed (work_id INTEGER PRIMARY KEY, version TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS kosync_progress (
                user_id INTEGER NOT NULL, document TEXT NOT NULL, progress TEXT NOT NULL, percentage REAL NOT NULL,
                device TEXT NOT NULL, device_id TEXT NOT NULL, updated_at TEXT NOT NULL, work_id INTEGER, chapter INTEGER,
                PRIMARY KEY (user_id, document));
            CREATE TABLE IF NOT EXISTS capture_tokens (user_id INTEGER PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
            """);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 5000;");
        return connection;
    }

    private static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // KOReader sync keys.

    public string? GetSyncKeyHash(long userId)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT key_hash FROM kosync_keys WHERE user_id = $u", ("$u", userId));
        return command.ExecuteScalar() as string;
    }

    public void SetSyncKeyHash(long userId, string keyHash)
    {
        using var connection = Open();
        Execute(connection, "INSERT INTO kosync_keys (user_id, key_hash, linked_at) VALUES ($u, $k, $t) ON CONFLICT(user_id) DO UPDATE SET key_hash = $k, linked_at = $t",
            ("$u", userId), ("$k", keyHash), ("$t", Time(DateTimeOffset.UtcNow)));
    }

    // Document hashes of exported EPUBs.

    public KnownDocument? FindDocument(string document)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT work_id, spine FROM kosync_documents WHERE document = $d", ("$d", document));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new KnownDocument(document, reader.GetInt64(0), ParseSpine(reader.GetString(1))) : null;
    }

    public IReadOnlyDictionary<long, string> HashedVersions()
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT work_id, version FROM kosync_hashed");
        using var reader = command.ExecuteReader();
        var versions = new Dictionary<long, string>();
        while (reader.Read()) versions[reader.GetInt64(0)] = reader.GetString(1);
        return versions;
    }

    /// <summary>Records a work's document hashes for its current version; hashes of earlier versions keep naming the work (a device keeps its old copy).</summary>
    public void RecordDocuments(long workId, string version, IEnumerable<string> documents, IReadOnlyList<int> spineChapters)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var spine = string.Join(',', spineChapters.Select(c => c.ToString(CultureInfo.InvariantCulture)));
        foreach (var document in documents)
            Execute(connection, "INSERT INTO kosync_documents (document, work_id, spine) VALUES ($d, $w, $s) ON CONFLICT(document) DO UPDATE SET work_id = $w, spine = $s",
                ("$d", document), ("$w", workId), ("$s", spine));
        Execute(connection, "INSERT INTO kosync_hashed (work_id, version) VALUES ($w, $v) ON CONFLICT(work_id) DO UPDATE SET version = $v", ("$w", workId), ("$v", version));
        transaction.Commit();
    }

    private static IReadOnlyList<int> ParseSpine(string text) =>
        text.Length == 0 ? [] : [.. text.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];

    // Devices' sync positions.

    public DeviceProgress? GetDeviceProgress(long userId, string document)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT progress, percentage, device, device_id, updated_at, work_id, chapter FROM kosync_progress WHERE user_id = $u AND document = $d",
            ("$u", userId), ("$d", document));
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new DeviceProgress(document, reader.GetString(0), reader.GetDouble(1), reader.GetString(2), reader.GetString(3), ParseTime(reader.GetString(4)),
            reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt32(6));
    }

    public void SetDeviceProgress(long userId, DeviceProgress progress)
    {
        using var connection = Open();
        Execute(connection, """
            INSERT INTO kosync_progress (user_id, document, progress, percentage, device, device_id, updated_at, work_id, chapter)
            VALUES ($u, $d, $p, $pc, $dev, $devid, $t, $w, $c)
            ON CONFLICT(user_id, document) DO UPDATE SET progress = $p, percentage = $pc, device = $dev, device_id = $devid, updated_at = $t, work_id = $w, chapter = $c
            """,
            ("$u", userId), ("$d", progress.Document), ("$p", progress.Progress), ("$pc", progress.Percentage), ("$dev", progress.Device),
            ("$devid", progress.DeviceId), ("$t", Time(progress.UpdatedAt)), ("$w", progress.WorkId), ("$c", progress.Chapter));
    }

    // Bookmarklet capture tokens.

    public void SetCaptureTokenHash(long userId, string tokenHash)
    {
        using var connection = Open();
        Execute(connection, "INSERT INTO capture_tokens (user_id, token_hash, created_at) VALUES ($u, $h, $t) ON CONFLICT(user_id) DO UPDATE SET token_hash = $h, created_at = $t",
            ("$u", userId), ("$h", tokenHash), ("$t", Time(DateTimeOffset.UtcNow)));
    }

    public bool HasCaptureToken(long userId)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT 1 FROM capture_tokens WHERE user_id = $u", ("$u", userId));
        return command.ExecuteScalar() is not null;
    }

    public long? UserForCaptureTokenHash(string tokenHash)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT user_id FROM capture_tokens WHERE token_hash = $h", ("$h", tokenHash));
        return command.ExecuteScalar() is long id ? id : null;
    }
}
