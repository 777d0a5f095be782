using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;
using Ficshelf.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Tests.Storage;

public sealed class ArchiveStoreTests
{
    private const string Story = """
        The Lighthouse Keeper

        Natasha climbed the last of the stairs with the lamp oil in both hands. “Still alive up here?” she called.

        Clint waved from the gallery, wind pulling at his jacket. “Barely. The gulls have opinions.”

        A/N: thanks for reading!
        """;

    [Fact]
    public void A_stored_work_reads_back_with_its_metadata_chapters_tags_and_source()
    {
        using var archive = new TestArchive();
        var path = archive.WriteFile("ffn.txt", """
            Quiet Hours
            By: inkwell
            Two agents wait out a storm.
            Rated: Fiction T - English - Friendship/Hurt/Comfort - [Natasha R., Clint B.] - Chapters: 2 - Words: 80 - Status: Complete - id: 42

            Disclaimer: I own nothing.

            Chapter 1: Rain

            The rain came sideways against the safehouse window, and neither of them slept.

            Chapter 2: Morning

            By morning the sky was washed clean and the coffee was terrible.
            """);
        var result = archive.Importer.ImportFile(path);
        Assert.Null(result.Error);
        Assert.Equal(StoreOutcome.Added, result.Outcome);

        var work = archive.Store.GetWork(result.WorkId!.Value)!;
        Assert.Equal("Quiet Hours", work.Title);
        Assert.Equal(["inkwell"], work.Authors);
        Assert.Equal("Two agents wait out a storm.", work.Summary);
        Assert.Equal(Platform.FanFictionNet, work.Platform);
        Assert.Equal("en", work.Language);
        Assert.True(work.Complete);
        Assert.Equal(["Chapter 1: Rain", "Chapter 2: Morning"], work.Chapters.Select(c => c.Title));
        Assert.Equal(result.Work!.ContentKey, work.ContentKey);
        Assert.Equal(result.Work.WordCount, work.WordCount);
        Assert.Contains(work.Tags, t => t is { Category: TagCategory.Genre, Name: "Hurt/Comfort", Origin: TagOrigin.Declared });
        Assert.Contains(work.Tags, t => t is { Category: TagCategory.Relationship, Name: "Natasha R./Clint B." });
        var source = Assert.Single(work.Sources);
        Assert.Equal("ffn.txt", source.FileName);
        Assert.Equal(File.ReadAllBytes(path), archive.Store.GetOriginal(source.Id));
    }

    [Fact]
    public void Importing_the_same_file_again_adds_nothing()
    {
        using var archive = new TestArchive();
        var path = archive.WriteFile("a.txt", Story);
        var first = archive.Importer.ImportFile(path);
        var second = archive.Importer.ImportFile(path);
        Assert.Equal(StoreOutcome.Added, first.Outcome);
        Assert.Equal(StoreOutcome.Unchanged, second.Outcome);
        Assert.Equal(first.WorkId, second.WorkId);
        Assert.Equal(1, archive.Store.CountWorks());
        Assert.Single(archive.Store.GetWork(first.WorkId!.Value)!.Sources);
    }

    [Fact]
    public void The_same_story_in_different_bytes_becomes_a_second_source_of_one_work()
    {
        using var archive = new TestArchive();
        var unix = archive.Importer.ImportFile(archive.WriteFile("unix.txt", Story));
        var windows = archive.Importer.ImportFile(archive.WriteFile("windows.txt", Story.Replace("\n", "\r\n\r\n")));
        Assert.Equal(StoreOutcome.NewSource, windows.Outcome);
        Assert.Equal(unix.WorkId, windows.WorkId);
        Assert.Equal(1, archive.Store.CountWorks());
        var work = archive.Store.GetWork(unix.WorkId!.Value)!;
        Assert.Equal(2, work.Sources.Count);
        Assert.Equal(File.ReadAllBytes(Path.Combine(archive.Dir, "windows.txt")), archive.Store.GetOriginal(work.Sources[1].Id));
    }

    [Fact]
    public void Different_stories_are_different_works()
    {
        using var archive = new TestArchive();
        var a = archive.Importer.ImportFile(archive.WriteFile("a.txt", Story));
        var b = archive.Importer.ImportFile(archive.WriteFile("b.txt", Story.Replace("gulls", "crows")));
        Assert.NotEqual(a.WorkId, b.WorkId);
        Assert.Equal(2, archive.Store.CountWorks());
    }

    [Fact]
    public void Opening_migrates_to_the_current_schema_in_WAL_mode_and_reopening_keeps_the_works()
    {
        using var archive = new TestArchive();
        archive.Importer.ImportFile(archive.WriteFile("a.txt", Story));
        archive.Reopen();
        Assert.Equal(1, archive.Store.CountWorks());
        using var connection = new SqliteConnection($"Data Source={archive.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        Assert.Equal((long)SchemaMigrations.CurrentVersion, command.ExecuteScalar());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
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
        var error = Assert.Throws<ArchiveException>(() => SqliteArchiveStore.Open(path));
        Assert.Contains("newer Ficshelf", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_archive_is_refused_with_a_clear_error()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "notes.db");
        File.WriteAllText(path, new string('x', 4096));
        var error = Assert.Throws<ArchiveException>(() => SqliteArchiveStore.Open(path));
        Assert.Contains("not a Ficshelf archive", error.Message);
    }

    [Fact]
    public void Works_resolve_by_number_and_by_content_key_prefix()
    {
        using var archive = new TestArchive();
        var result = archive.Importer.ImportFile(archive.WriteFile("a.txt", Story));
        var key = archive.Store.GetWork(result.WorkId!.Value)!.ContentKey;
        Assert.Equal(result.WorkId, archive.Store.ResolveWorkId(result.WorkId.ToString()!));
        Assert.Equal(result.WorkId, archive.Store.ResolveWorkId(key[..8]));
        Assert.Null(archive.Store.ResolveWorkId("999"));
        Assert.Null(archive.Store.ResolveWorkId("ab"));
    }

    [Fact]
    public void Stats_count_works_words_and_tags()
    {
        using var archive = new TestArchive();
        var a = archive.WriteFile("a.txt", Story);
        var b = archive.WriteFile("b.txt", "Pairing: Natasha x Clint\n\nThe end of the world was quieter than anyone expected.\n");
        archive.Importer.ImportFile(a);
        archive.Importer.ImportFile(b);
        var stats = archive.Store.GetStats();
        Assert.Equal(2, stats.Works);
        Assert.Equal(2, stats.Sources);
        Assert.Equal(archive.Store.ListWorks().Sum(w => (long)w.WordCount), stats.Words);
        Assert.Equal(("Natasha x Clint", 1), Assert.Single(stats.TopTags[TagCategory.Relationship]));
        Assert.Equal(new FileInfo(a).Length + new FileInfo(b).Length, stats.OriginalBytes);
    }
}
