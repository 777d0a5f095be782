using Ficshelf.Core.Storage;
using Ficshelf.Core.Storage.Postgres;
using Ficshelf.Core.Tests.Support;
using Npgsql;

namespace Ficshelf.Core.Tests.Storage;

public sealed class ArchiveLocationTests
{
    [Theory]
    [InlineData("postgres://ficshelf:pw@db.example:6543/archive", true)]
    [InlineData("postgresql://ficshelf@localhost/archive", true)]
    [InlineData("Host=localhost;Database=archive;Username=ficshelf", true)]
    [InlineData("server=db;database=archive", true)]
    [InlineData("/home/reader/.local/share/ficshelf/archive.db", false)]
    [InlineData("archive.db", false)]
    [InlineData("my stories; host=notes.db", false)]
    [InlineData("C:\\Users\\reader\\archive.db", false)]
    public void The_location_chooses_the_provider(string location, bool postgres) =>
        Assert.Equal(postgres, ArchiveStores.IsPostgres(location));

    [Fact]
    public void A_URL_becomes_a_connection_string()
    {
        var builder = PostgresLocation.Parse("postgres://fic%40shelf:p%3Ass@db.example:6543/my_archive?sslmode=require&search_path=shelf");
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("fic@shelf", builder.Username);
        Assert.Equal("p:ss", builder.Password);
        Assert.Equal("my_archive", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("shelf", builder.SearchPath);
        Assert.Equal(5432, PostgresLocation.Parse("postgresql://localhost/a").Port);
    }

    [Fact]
    public void Bad_locations_are_clear_errors()
    {
        Assert.Contains("unknown PostgreSQL URL option 'colour'", Assert.Throws<ArchiveException>(() => PostgresLocation.Parse("postgres://h/db?colour=blue")).Message);
        Assert.Contains("names no database", Assert.Throws<ArchiveException>(() => ArchiveStores.Open("postgres://someone@127.0.0.1:1")).Message);
        Assert.Throws<ArchiveException>(() => ArchiveStores.Open(" "));
    }

    [Fact]
    public void Passwords_are_hidden_when_a_location_is_shown()
    {
        Assert.Equal("postgres://ficshelf:***@db:5432/archive", ArchiveStores.Describe("postgres://ficshelf:hunter2@db:5432/archive"));
        Assert.DoesNotContain("hunter2", ArchiveStores.Describe("Host=db;Database=archive;Username=ficshelf;Password=hunter2"));
        Assert.Equal("postgres://ficshelf@db/archive", ArchiveStores.Describe("postgres://ficshelf@db/archive"));
    }

    [Fact]
    public void The_config_file_can_name_the_archive()
    {
        var dir = TestPaths.NewTempDir();
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, """{ "archive": "postgres://reader@db/shelf" }""");
        Assert.Equal("postgres://reader@db/shelf", ArchiveLocation.FromConfigFile(config));
        File.WriteAllText(config, """{ "theme": "dark" }""");
        Assert.Null(ArchiveLocation.FromConfigFile(config));
        Assert.Null(ArchiveLocation.FromConfigFile(Path.Combine(dir, "missing.json")));
        File.WriteAllText(config, "{ archive: ");
        Assert.Contains(config, Assert.Throws<ArchiveException>(() => ArchiveLocation.FromConfigFile(config)).Message);
    }

    [Fact]
    public void Files_that_go_with_an_archive_sit_beside_a_file_or_under_the_users_folders_for_a_server()
    {
        var file = Path.Combine(TestPaths.NewTempDir(), "shelf.db");
        Assert.Equal(file + ".index", ArchiveStores.SearchIndexPath(file));
        Assert.Equal(Path.Combine(Path.GetDirectoryName(file)!, "keys"), ArchiveStores.CompanionFolder(file, "keys"));

        var a = ArchiveStores.SearchIndexPath("postgres://reader:hunter2@db.example:5432/shelf");
        var b = ArchiveStores.SearchIndexPath("Host=db.example;Port=5432;Database=shelf;Username=other;Password=x");
        var c = ArchiveStores.SearchIndexPath("postgres://reader:hunter2@db.example:5432/shelf?search_path=second");
        Assert.Equal(a, b); // one archive however the location is written, whoever connects
        Assert.NotEqual(a, c);
        Assert.DoesNotContain("hunter2", a);
        Assert.EndsWith(".index", a);
        Assert.DoesNotContain("hunter2", ArchiveStores.CompanionFolder("postgres://reader:hunter2@db.example:5432/shelf", "keys"));
    }
}
