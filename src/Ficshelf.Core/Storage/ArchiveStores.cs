using Ficshelf.Core.Storage.Postgres;

namespace Ficshelf.Core.Storage;

/// <summary>
/// Opens the archive a location names: a <c>postgres://</c> / <c>postgresql://</c> URL or an Npgsql connection string
/// (<c>Host=…</c>) is a PostgreSQL archive; anything else is the path of an SQLite file.
/// </summary>
public static class ArchiveStores
{
    public static bool IsPostgres(string location) => PostgresLocation.IsPostgres(location);

    public static IArchiveStore Open(string location)
    {
        if (string.IsNullOrWhiteSpace(location)) throw new ArchiveException("no archive location given");
        return IsPostgres(location) ? PostgresArchiveStore.Open(location) : SqliteArchiveStore.Open(location);
    }

    /// <summary>
    /// The same for a server that opens a store per request: an SQLite archive's connections are pooled (PostgreSQL's
    /// always are); <see cref="ClosePooled"/> closes them when the server stops.
    /// </summary>
    public static IArchiveStore OpenPooled(string location) =>
        !string.IsNullOrWhiteSpace(location) && !IsPostgres(location) ? SqliteArchiveStore.Open(location, pooled: true) : Open(location);

    /// <summary>Closes what <see cref="OpenPooled"/> kept open for <paramref name="location"/>.</summary>
    public static void ClosePooled(string location)
    {
        if (!string.IsNullOrWhiteSpace(location) && !IsPostgres(location)) SqliteArchiveStore.ClosePooled(location);
    }

    /// <summary>A PostgreSQL archive whose reads may go to a read replica as <paramref name="session"/> decides (see <see cref="ReadSession"/>).</summary>
    public static IArchiveStore Open(string location, ReadSession? session) =>
        session is not null && IsPostgres(location) ? PostgresArchiveStore.Open(location, session) : Open(location);

    /// <summary>
    /// Where a search index of the archive is kept: beside an SQLite file (<c>archive.db.index</c>); for a PostgreSQL
    /// archive, in the user's cache folder under a name derived from server, database and schema (never the password).
    /// </summary>
    public static string SearchIndexPath(string location)
    {
        if (!IsPostgres(location)) return Path.GetFullPath(location) + ".index";
        var hash = Identity(location);
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cache)) cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var folder = Path.Combine(cache, "ficshelf");
        try { Directory.CreateDirectory(folder); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the index is only a cache
        return Path.Combine(folder, $"postgres-{hash}.index");
    }

    /// <summary>
    /// A folder for files that belong with the archive (the web server's keys): beside an SQLite file; for a PostgreSQL
    /// archive, under the user's data folder, named after server, database and schema.
    /// </summary>
    public static string CompanionFolder(string location, string name)
    {
        if (!IsPostgres(location)) return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(location))!, name);
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data)) data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "ficshelf", $"postgres-{Identity(location)}", name);
    }

    /// <summary>A short name for a PostgreSQL archive (server, database, schema; never the password).</summary>
    private static string Identity(string location)
    {
        var builder = Postgres.PostgresLocation.Parse(location);
        var identity = $"{builder.Host}:{builder.Port}/{builder.Database}/{builder.SearchPath}".ToLowerInvariant();
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)))[..16];
    }

    /// <summary>The location as it may be shown: a PostgreSQL password is hidden, a file path is made absolute.</summary>
    public static string Describe(string location) =>
        IsPostgres(location) ? PostgresLocation.Redact(location) : Path.GetFullPath(location);
}
