using System.Text;
using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Import;

/// <summary>Bad input gets a clear one-line error naming the reason; the archive and the works already in it stay as they were.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TestArchive archive = new();
    private readonly long earlierWork;
    private readonly string earlierKey;

    public BadInputTests()
    {
        var result = archive.Importer.ImportFile(archive.WriteFile("earlier.txt",
            "Before the Storm\n\nSteve set the kettle on and watched the clouds roll in over the harbour. It would be a long night.\n"));
        earlierWork = result.WorkId!.Value;
        earlierKey = result.Work!.ContentKey;
    }

    public void Dispose() => archive.Dispose();

    private void AssertRefused(FileImportResult result, string reasonPart)
    {
        Assert.True(result.Failed, "expected the import to fail");
        Assert.Contains(reasonPart, result.Error!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', result.Error!);
        AssertArchiveIntact();
    }

    private void AssertArchiveIntact()
    {
        archive.Reopen();
        Assert.Equal(1, archive.Store.CountWorks());
        Assert.Equal(earlierKey, archive.Store.GetWork(earlierWork)!.ContentKey);
    }

    [Fact]
    public void Empty_file() => AssertRefused(archive.Importer.ImportFile(archive.WriteFile("empty.txt", [])), "empty");

    [Fact]
    public void White_space_only_file() => AssertRefused(archive.Importer.ImportFile(archive.WriteFile("blank.txt", "\n \n\t\n")), "white space");

    [Fact]
    public void Binary_file()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52 };
        AssertRefused(archive.Importer.ImportFile(archive.WriteFile("cover.png.txt", png)), "binary");
    }

    [Fact]
    public void Cp1252_file_imports_with_its_encoding_reported()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = "Café Nights\n\nZoë ordered a crème brûlée and said, \u201cThat\u2019s the last one.\u201d It was — she knew — a lie.\n";
        var bytes = Encoding.GetEncoding(1252).GetBytes(text);
        var result = archive.Importer.ImportFile(archive.WriteFile("cp1252.txt", bytes));
        Assert.Null(result.Error);
        Assert.Equal("windows-1252", result.Encoding);
        Assert.Equal("Café Nights", result.Work!.Title);
        Assert.Contains("crème brûlée", result.Work.BodyText);
        Assert.Contains("\u201cThat\u2019s", result.Work.BodyText);
        Assert.Equal(bytes, archive.Store.GetOriginal(archive.Store.GetWork(result.WorkId!.Value)!.Sources[0].Id));
    }

    [Fact]
    public void Utf16_file_with_a_byte_order_mark_imports()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Snow\n\nIt snowed on Tatooine, which was impossible, and Luke laughed.\n")).ToArray();
        var result = archive.Importer.ImportFile(archive.WriteFile("utf16.txt", bytes));
        Assert.Null(result.Error);
        Assert.Equal("utf-16le", result.Encoding);
        Assert.Equal("Snow", result.Work!.Title);
    }

    [Fact]
    public void File_over_the_size_limit()
    {
        var path = Path.Combine(archive.Dir, "huge.txt");
        using (var file = File.Create(path))
        {
            var line = Encoding.UTF8.GetBytes("All work and no play makes Jack a dull boy.\n");
            for (long written = 0; written < 50L * 1024 * 1024; written += line.Length) file.Write(line);
        }
        AssertRefused(archive.Importer.ImportFile(path), "too large");
    }

    [Fact]
    public void A_large_file_under_a_raised_limit_imports()
    {
        var paragraph = "She ran through the rain and did not stop until the lights of the tower were behind her. ";
        var text = "Long Road\n\n" + string.Join("\n\n", Enumerable.Repeat(paragraph, 20000));
        var result = archive.Importer.ImportFile(archive.WriteFile("long.txt", text), new ImportOptions { MaxFileBytes = 64L * 1024 * 1024 });
        Assert.Null(result.Error);
        Assert.True(result.Work!.WordCount > 300_000);
    }

    [Fact]
    public void File_that_is_only_chrome()
    {
        var text = "Start from the beginning\n\n   \n\nMy BookWhere stories live. Discover now\n";
        AssertRefused(archive.Importer.ImportFile(archive.WriteFile("chrome.txt", text)), "no story text");
    }

    [Fact]
    public void Ao3_copy_with_tags_but_no_text()
    {
        var text = "Work Text:\n\n[starting tags]\nfreeform: \nFluff\n";
        AssertRefused(archive.Importer.ImportFile(archive.WriteFile("tags-only.txt", text)), "no story text");
    }

    [Fact]
    public void Missing_path()
    {
        var missing = Path.Combine(archive.Dir, "nowhere", "story.txt");
        var expanded = FileImporter.Expand([missing]);
        Assert.Empty(expanded.Files);
        var error = Assert.Single(expanded.Errors);
        Assert.Equal(missing, error.Path);
        Assert.Contains("no such file", error.Error);
        AssertRefused(archive.Importer.ImportFile(missing), "no such file");
    }

    [Fact]
    public void Directory_without_stories()
    {
        var dir = Path.Combine(archive.Dir, "pictures");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "cover.jpg"), [0xFF, 0xD8, 0xFF]);
        var expanded = FileImporter.Expand([dir]);
        Assert.Empty(expanded.Files);
        Assert.Contains("no story files", Assert.Single(expanded.Errors).Error);
        AssertArchiveIntact();
    }

    [Fact]
    public void A_folder_with_one_bad_file_still_imports_the_rest()
    {
        var dir = Path.Combine(archive.Dir, "mixed");
        Directory.CreateDirectory(Path.Combine(dir, "nested"));
        File.WriteAllText(Path.Combine(dir, "good.txt"), "Good\n\nA perfectly ordinary story about Sherlock and a missing violin.\n");
        File.WriteAllBytes(Path.Combine(dir, "nested", "bad.txt"), [0, 1, 2, 3, 0, 0, 7]);
        File.WriteAllText(Path.Combine(dir, "nested", "also-good.txt"), "Also Good\n\nJohn found the violin in the fridge, which explained a great deal.\n");
        var expanded = FileImporter.Expand([dir]);
        Assert.Equal(3, expanded.Files.Count);
        var results = expanded.Files.Select(f => archive.Importer.ImportFile(f)).ToList();
        Assert.Single(results, r => r.Failed);
        Assert.Equal(3, archive.Store.CountWorks());
    }

    [Fact]
    public void Glob_patterns_expand_to_matching_files()
    {
        archive.WriteFile("globbed/one.txt", "One\n\nThe first story.\n");
        archive.WriteFile("globbed/two.txt", "Two\n\nThe second story.\n");
        archive.WriteFile("globbed/skip.md", "not matched");
        var expanded = FileImporter.Expand([Path.Combine(archive.Dir, "globbed", "*.txt")]);
        Assert.Equal(["one.txt", "two.txt"], expanded.Files.Select(Path.GetFileName));
        Assert.Empty(expanded.Errors);
    }
}
