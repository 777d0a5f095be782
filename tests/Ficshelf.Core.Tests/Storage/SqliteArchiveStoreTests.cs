using Ficshelf.Core.Storage;
using Ficshelf.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Tests.Storage;

public sealed class SqliteArchiveStoreTests() : ArchiveStoreContract(SqliteProvider.Instance)
{
    [Fact]
    public void Opening_migrates_to_the_current_schema_in_WAL_mode()
    {
        using var archive = NewArchive();
        archive.Importer.ImportFile(archive.WriteFile("a.txt", Story));
        archive.Reopen();
        using var connection = new SqliteConnection($"Data Source={archive.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        Assert.Equal((long)SchemaMigrations.CurrentVersion, command.ExecuteScalar());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        Assert.IsType<SqliteArchiveStore>(archive.Store);
    }

    [Fact]
    public void An_archive_from_a_newer_version_is_refused_with_a_clear_error()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "future.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 999";
            command.ExecuteNonQuery();
        }
        var error = Assert.Throws<ArchiveException>(() => ArchiveStores.Open(path));
        Assert.Contains("newer Ficshelf", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_archive_is_refused_with_a_clear_error()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "notes.db");
        File.WriteAllText(path, new string('x', 4096));
        var error = Assert.Throws<ArchiveException>(() => ArchiveStores.Open(path));
        Assert.Contains("not a Ficshelf archive", error.Message);
    }
}
