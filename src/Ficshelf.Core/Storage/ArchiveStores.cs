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

    /// <summary>The location as it may be shown: a PostgreSQL password is hidden, a file path is made absolute.</summary>
    public static string Describe(string location) =>
        IsPostgres(location) ? PostgresLocation.Redact(location) : Path.GetFullPath(location);
}
