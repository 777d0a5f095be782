using System.IO.Compression;
using Ficshelf.Core.Import.Documents;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Import.Documents;

public sealed class ArchiveImportTests
{
    private static byte[] Story(string title, string sentence) =>
        DocumentFixtures.Utf8($"{title}\n\n{sentence} It was a quiet evening and nothing at all happened, which suited everyone.\n");

    [Fact]
    public void Zip_entries_are_imported_one_by_one_and_named_inside_the_archive()
    {
        using var archive = new TestArchive();
        var zip = DocumentFixtures.Zip(
            ("stories/ledger.html", DocumentFixtures.Bytes("ao3-lighthouse-ledger.html")),
            ("stories/rota.epub", DocumentFixtures.Epub("fff-epub")),
            ("plain.txt", Story("Paper Lanterns", "The lanterns floated.")),
            ("images/cover.jpg", [1, 2, 3]));
        var path = archive.WriteFile("bundle.zip", zip);

        var results = archive.Importer.ImportPath(path);

        Assert.Equal([$"{path}!plain.txt", $"{path}!stories/ledger.html", $"{path}!stories/rota.epub"], results.Select(r => r.Path).ToArray());
        Assert.All(results, r => Assert.False(r.Failed, r.Error));
        Assert.Equal(["Paper Lanterns", "The Lighthouse Ledger", "The Potions Rota"], results.Select(r => r.Work!.Title!).ToArray());
        Assert.Equal(3, archive.Store.ListWorks().Count);
    }

    [Fact]
    public void Nested_zips_are_opened_down_to_the_depth_limit()
    {
        using var archive = new TestArchive();
        var innermost = DocumentFixtures.Zip(("deep.txt", Story("Too Deep", "Nobody reads this far down.")));
        var third = DocumentFixtures.Zip(("level3.zip", innermost), ("c.txt", Story("Third Level", "The third level story.")));
        var second = DocumentFixtures.Zip(("level2.zip", third), ("b.txt", Story("Second Level", "The second level story.")));
        var path = archive.WriteFile("outer.zip", DocumentFixtures.Zip(("level1.zip", second), ("a.txt", Story("First Level", "The first level story."))));

        var results = archive.Importer.ImportPath(path, limits: new ArchiveLimits { MaxDepth = 3 });

        Assert.Contains(results, r => r.Path == $"{path}!a.txt" && !r.Failed);
        Assert.Contains(results, r => r.Path == $"{path}!level1.zip!b.txt" && !r.Failed);
        Assert.Contains(results, r => r.Path == $"{path}!level1.zip!level2.zip!c.txt" && !r.Failed);
        var refused = Assert.Single(results, r => r.Failed);
        Assert.Equal($"{path}!level1.zip!level2.zip!level3.zip", refused.Path);
        Assert.Contains("nested more than 3", refused.Error);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("stories/../../escape.txt")]
    [InlineData("/etc/escape.txt")]
    [InlineData("C:/escape.txt")]
    public void Names_that_leave_the_archive_are_refused(string name)
    {
        using var archive = new TestArchive();
        var path = archive.WriteFile("evil.zip", DocumentFixtures.Zip((name, Story("Escape", "A story that wants out.")), ("fine.txt", Story("Fine", "A story that stays."))));

        var results = archive.Importer.ImportPath(path);

        var refused = Assert.Single(results, r => r.Failed);
        Assert.Equal($"{path}!{name}", refused.Path);
        Assert.Contains("outside the archive", refused.Error);
        Assert.Single(results, r => !r.Failed);
    }

    [Fact]
    public void A_zip_bomb_is_refused_by_its_compression_ratio()
    {
        using var archive = new TestArchive();
        var zeros = new byte[20 * 1024 * 1024];
        var path = archive.WriteFile("bomb.zip", DocumentFixtures.Zip(("bomb.txt", zeros, CompressionLevel.SmallestSize)));

        var result = Assert.Single(archive.Importer.ImportPath(path));

        Assert.True(result.Failed);
        Assert.Contains("zip bomb", result.Error);
    }

    [Fact]
    public void The_total_unpacked_size_is_bounded_even_when_each_entry_is_fine()
    {
        using var archive = new TestArchive();
        // Long, repetitive stories: the zip itself stays far below the limit, only unpacking crosses it.
        static byte[] Long(string title) => Story(title, string.Concat(Enumerable.Repeat($"{title} went on a little longer. ", 400)));
        var story = Long("Repeat");
        var path = archive.WriteFile("many.zip", DocumentFixtures.Zip(("1.txt", story), ("2.txt", Long("Repeat")), ("3.txt", Long("Repeat"))));

        var results = archive.Importer.ImportPath(path, limits: new ArchiveLimits { MaxTotalBytes = story.Length * 2 + 10 });

        Assert.Equal(2, results.Count(r => !r.Failed));
        Assert.Contains("unpacks to more than", Assert.Single(results, r => r.Failed).Error);
    }

    [Fact]
    public void The_entry_count_is_bounded()
    {
        using var archive = new TestArchive();
        var entries = Enumerable.Range(1, 5).Select(i => ($"{i}.txt", Story($"Story {i}", $"Story number {i}."))).ToArray();
        var path = archive.WriteFile("crowd.zip", DocumentFixtures.Zip(entries));

        var results = archive.Importer.ImportPath(path, limits: new ArchiveLimits { MaxEntries = 3 });

        Assert.Equal(3, results.Count(r => !r.Failed));
        Assert.Contains("more than 3 files", Assert.Single(results, r => r.Failed).Error);
    }

    [Fact]
    public void A_truncated_zip_and_a_bad_entry_are_reported_not_thrown()
    {
        using var archive = new TestArchive();
        var zip = DocumentFixtures.Zip(("a.txt", Story("Cut Short", "The story.")), ("b.html", DocumentFixtures.Utf8("<html><body></body></html>")));
        var truncated = archive.WriteFile("truncated.zip", zip[..(zip.Length - 30)]);
        var mixed = archive.WriteFile("mixed.zip", zip);

        var broken = Assert.Single(archive.Importer.ImportPath(truncated));
        Assert.True(broken.Failed);
        Assert.Contains("damaged", broken.Error);

        var results = archive.Importer.ImportPath(mixed);
        Assert.False(results.Single(r => r.Path.EndsWith("!a.txt", StringComparison.Ordinal)).Failed);
        Assert.Contains("no text", results.Single(r => r.Path.EndsWith("!b.html", StringComparison.Ordinal)).Error);
    }

    [Fact]
    public void Folders_pick_up_documents_and_archives()
    {
        using var archive = new TestArchive();
        archive.WriteFile("in/a.html", "<p>x</p>");
        archive.WriteFile("in/b.epub", [1]);
        archive.WriteFile("in/c.zip", [1]);
        archive.WriteFile("in/d.jpg", [1]);
        var files = Ficshelf.Core.Import.FileImporter.Expand([Path.Combine(archive.Dir, "in")]).Files.Select(f => Path.GetFileName(f)!).ToArray();
        Assert.Equal(["a.html", "b.epub", "c.zip"], files);
    }
}
