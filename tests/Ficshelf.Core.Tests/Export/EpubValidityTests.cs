using System.IO.Compression;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Export;
using Ficshelf.Core.Tests.Support;
using Xunit.Abstractions;

namespace Ficshelf.Core.Tests.Export;

/// <summary>epubcheck finds no error and no warning in the EPUB of any story the tests read, nor of the odd works.</summary>
public sealed class EpubValidityTests(ITestOutputHelper output)
{
    [Fact]
    public void Epubcheck_is_installed_in_CI()
    {
        var why = EpubCheck.Unavailable();
        if (EpubCheck.InCi) Assert.True(why is null, why);
        else if (why is not null) output.WriteLine("NOT RUN locally: " + why);
    }

    [Theory]
    [MemberData(nameof(ExportCorpus.TheoryData), MemberType = typeof(ExportCorpus))]
    public void The_epub_of_every_story_passes_epubcheck(string story) =>
        AssertValid(ExportCorpus.Read(story), Path.GetFileNameWithoutExtension(story));

    [Fact]
    public void Odd_works_pass_epubcheck()
    {
        AssertValid(OddWorks.Bare(), "bare");
        AssertValid(OddWorks.Unusual(), "unusual");
        AssertValid(OddWorks.Long(chapters: 120, paragraphsPerChapter: 60), "long");
        AssertValid(FormattedWorks.EveryMark(), "every mark and block");
        AssertValid(FormattedWorks.Untitled(), "untitled");
    }

    [Fact]
    public void The_zip_starts_with_the_stored_mimetype_and_holds_nav_ncx_and_a_page_per_chapter()
    {
        var work = OddWorks.Unusual();
        var bytes = EpubExporter.Export(work);
        // OCF: the first local header is "mimetype", stored (method 0), with no extra field.
        Assert.Equal("PK\u0003\u0004", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(0, BitConverter.ToUInt16(bytes, 8));
        Assert.Equal(8, BitConverter.ToUInt16(bytes, 26));
        Assert.Equal(0, BitConverter.ToUInt16(bytes, 28));
        Assert.Equal("mimetypeapplication/epub+zip", System.Text.Encoding.ASCII.GetString(bytes, 30, 28));

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("OEBPS/nav.xhtml", names);
        Assert.Contains("OEBPS/toc.ncx", names);
        Assert.Equal(work.Chapters.Count, names.Count(n => n.StartsWith("OEBPS/chapter", StringComparison.Ordinal)));
        Assert.Contains("OEBPS/afterword.xhtml", names);
    }

    private void AssertValid(Work work, string name)
    {
        if (EpubCheck.Unavailable() is { } why)
        {
            Assert.False(EpubCheck.InCi, why);
            output.WriteLine("NOT RUN locally: " + why);
            return;
        }
        var dir = TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(dir, "export.epub");
            File.WriteAllBytes(path, EpubExporter.Export(work));
            var messages = EpubCheck.Check(path);
            var problems = messages.Where(m => m.Severity is "ERROR" or "FATAL" or "WARNING").ToList();
            Assert.True(problems.Count == 0,
                $"{name}: epubcheck reported\n  " + string.Join("\n  ", problems.Select(m => $"{m.Severity} {m.Id} {m.Location}: {m.Text}")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
