using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;

namespace Ficshelf.Core.Tests.Support;

/// <summary>A fresh archive (an SQLite file unless a provider says otherwise) and a temporary folder for input files, deleted afterwards.</summary>
public sealed class TestArchive : IDisposable
{
    public TestArchive(IArchiveProvider? provider = null)
    {
        Provider = provider ?? SqliteProvider.Instance;
        Dir = TestPaths.NewTempDir();
        Path = Provider.NewLocation();
        Store = ArchiveStores.Open(Path);
        Importer = new FileImporter(Store, new StoryParser());
    }

    public IArchiveProvider Provider { get; }
    public string Dir { get; }

    /// <summary>The archive's location: a file path, or a PostgreSQL connection string.</summary>
    public string Path { get; }

    public IArchiveStore Store { get; private set; }

    /// <summary>The same store's reader state (bookmarks, progress, accounts): every provider keeps it.</summary>
    public IReaderStore Reader => Store;
    public FileImporter Importer { get; private set; }

    public string WriteFile(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Dir, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string WriteFile(string name, string text) => WriteFile(name, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Runs raw SQL on the archive, whatever its provider (for tests that damage or age an archive on purpose).</summary>
    public void ExecuteSql(string sql)
    {
        if (ArchiveStores.IsPostgres(Path))
        {
            using var connection = new Npgsql.NpgsqlConnection(Path);
            connection.Open();
            using var command = new Npgsql.NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
        else
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    public void Reopen()
    {
        Store.Dispose();
        Store = ArchiveStores.Open(Path);
        Importer = new FileImporter(Store, new StoryParser());
    }

    public void Dispose()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        if (ArchiveStores.IsPostgres(Path)) Ficshelf.Core.Storage.Postgres.PostgresArchiveStore.ClosePool(Path);
        else
            try { Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true); } catch (IOException) { }
    }
}
