using Ficshelf.Core.Storage;
using Ficshelf.Core.Storage.Postgres;
using Ficshelf.Core.Tests.Support;
using Npgsql;

namespace Ficshelf.Core.Tests.Storage;

public sealed class PostgresArchiveStoreTests(PostgresDatabase database) : ArchiveStoreContract(database), IClassFixture<PostgresDatabase>
{
    private static object? Scalar(string location, string sql)
    {
        using var connection = new NpgsqlConnection(location);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    [SkippableFact]
    public void Opening_migrates_to_the_current_schema_and_records_it()
    {
        using var archive = NewArchive();
        Assert.IsType<PostgresArchiveStore>(archive.Store);
        Assert.Equal(SchemaMigrations.CurrentVersion, PostgresSchemaMigrations.CurrentVersion);
        Assert.Equal(PostgresSchemaMigrations.CurrentVersion, Convert.ToInt32(Scalar(archive.Path, "SELECT version FROM schema_version")));
        archive.Reopen();
        Assert.Equal(1L, Scalar(archive.Path, "SELECT count(*) FROM schema_version"));
        Assert.Equal("bytea", Scalar(archive.Path, "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'sources' AND column_name = 'original'"));
    }

    [SkippableFact]
    public void Servers_opening_a_new_archive_at_once_migrate_it_once()
    {
        var location = database.NewLocation();
        var stores = Enumerable.Range(0, 4).AsParallel().Select(_ => ArchiveStores.Open(location)).ToList();
        try
        {
            Assert.Equal(PostgresSchemaMigrations.CurrentVersion, Convert.ToInt32(Scalar(location, "SELECT version FROM schema_version")));
            Assert.All(stores, s => Assert.Equal(0, s.CountWorks()));
        }
        finally
        {
            foreach (var store in stores) store.Dispose();
        }
    }

    [SkippableFact]
    public void An_archive_from_a_newer_version_is_refused_with_a_clear_error()
    {
        var location = database.NewLocation();
        ArchiveStores.Open(location).Dispose();
        Scalar(location, "UPDATE schema_version SET version = 999");
        var error = Assert.Throws<ArchiveException>(() => ArchiveStores.Open(location));
        Assert.Contains("newer Ficshelf", error.Message);
    }

    [SkippableFact]
    public void A_missing_database_is_created()
    {
        var location = database.NewDatabaseLocation(out var name);
        try
        {
            using var store = ArchiveStores.Open(location);
            Assert.Equal(0, store.CountWorks());
            Assert.DoesNotContain("ficshelf-test", store.Location); // the password is never shown
        }
        finally
        {
            database.DropDatabase(name);
        }
    }

    [SkippableFact]
    public void Wrangling_in_one_server_is_seen_by_another()
    {
        using var archive = NewArchive();
        using var other = ArchiveStores.Open(archive.Path);
        var before = other.ChangeStamp();
        archive.Store.SetCanonical(new Ficshelf.Core.Domain.Tag(Ficshelf.Core.Domain.TagCategory.Fandom, "Sherlock (TV)"), true);
        Assert.NotEqual(before, other.ChangeStamp());
    }

    [Fact]
    public void An_unreachable_server_is_a_clear_error()
    {
        // Port 1 on loopback: nothing listens there.
        var error = Assert.Throws<ArchiveException>(() => ArchiveStores.Open("postgres://someone:secret@127.0.0.1:1/ficshelf?connect_timeout=3"));
        Assert.Contains("cannot open the PostgreSQL archive", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }
}
