using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Export;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Export;

public sealed class ExportFormatTests
{
    private static readonly XNamespace X = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Opf = "http://www.idpf.org/2007/opf";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    [Theory]
    [InlineData(ExportFormat.Epub)]
    [InlineData(ExportFormat.Html)]
    [InlineData(ExportFormat.Txt)]
    public void Two_exports_of_one_work_are_byte_identical(ExportFormat format)
    {
        foreach (var work in new[] { OddWorks.Unusual(), OddWorks.Bare(), ExportCorpus.Read(ExportCorpus.TheoryData().First()[0].ToString()!) })
            Assert.Equal(Exporter.Export(work, format), Exporter.Export(work with { }, format));
    }

    [Fact]
    public void The_epub_identifier_follows_the_story_text_not_the_metadata()
    {
        var work = OddWorks.Unusual();
        var same = Identifier(work);
        Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", same);
        Assert.Equal(same, Identifier(work with { Title = "Renamed", Tags = [] }));
        var otherText = work with { Chapters = [new Chapter { Paragraphs = ["A different story altogether."] }] };
        Assert.NotEqual(same, Identifier(otherText));
    }

    [Fact]
    public void The_package_carries_title_authors_language_subjects_description_and_a_fixed_modified_date()
    {
        var work = OddWorks.Unusual();
        var opf = XDocument.Parse(Entry(EpubExporter.Export(work), "OEBPS/content.opf"));
        var metadata = opf.Root!.Element(Opf + "metadata")!;
        Assert.Equal(ExportLayout.Clean(work.Title), metadata.Element(Dc + "title")!.Value);
        Assert.Equal(["ampersand&co", "ليلى", "<script>alert(1)</script>"], metadata.Elements(Dc + "creator").Select(e => e.Value));
        Assert.Equal("en", metadata.Element(Dc + "language")!.Value);
        var subjects = metadata.Elements(Dc + "subject").Select(e => e.Value).ToList();
        Assert.Contains("Fluff & Crack", subjects);
        Assert.Contains("Cook", subjects); // inferred tags are effective tags too
        Assert.DoesNotContain("Rejected Tag", subjects); // the user rejected it
        Assert.StartsWith("Two cooks, one fryer & a <blink> sign.", metadata.Element(Dc + "description")!.Value);
        var modified = metadata.Elements(Opf + "meta").Single(m => (string?)m.Attribute("property") == "dcterms:modified").Value;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", modified);
        var spine = opf.Root!.Element(Opf + "spine")!;
        Assert.Equal("ncx", (string?)spine.Attribute("toc"));
        Assert.Equal(["preface", "chapter1", "chapter2", "afterword"], spine.Elements().Select(e => (string)e.Attribute("idref")!));
    }

    [Fact]
    public void The_title_page_has_the_ao3_meta_block_summary_and_notes()
    {
        var preface = XDocument.Parse(Entry(EpubExporter.Export(OddWorks.Unusual()), "OEBPS/preface.xhtml"));
        var labels = preface.Descendants(X + "dt").Select(e => e.Value).ToList();
        Assert.Equal(["Rating:", "Fandom:", "Relationship:", "Character:", "Additional Tags:", "Language:", "Series:", "Stats:"], labels);
        var stats = preface.Descendants(X + "dd").Last().Value;
        Assert.Contains("Chapters: 2/2", stats);
        Assert.Equal("Fish & Chips <b>at</b> \"Midnight\" 🐟", preface.Descendants(X + "h1").Single().Value);
        Assert.Equal("by ampersand&co, ليلى, <script>alert(1)</script>", preface.Descendants(X + "div").Single(d => (string?)d.Attribute("class") == "byline").Value);
        var labelsBeforeQuotes = preface.Descendants(X + "blockquote").Select(b => ((XElement)b.PreviousNode!).Value).ToList();
        Assert.Equal(["Summary", "Notes"], labelsBeforeQuotes);
    }

    [Fact]
    public void Html_is_escaped_well_formed_and_has_no_script()
    {
        var html = Encoding.UTF8.GetString(HtmlExporter.Export(OddWorks.Unusual()));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>at", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("5 &lt; 6 &amp;&amp; 7 &gt; 3", html);
        Assert.DoesNotContain("\u0001", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", html, StringComparison.Ordinal);
        Assert.Contains("OPEN<br />in red 🔴 letters.", html);
        Assert.Contains("مرحبا بالعالم", html);
        var doc = XDocument.Parse(html); // well-formed: the same markup the EPUB pages use
        Assert.Equal(["preface", "chapters", "afterword"], doc.Root!.Element(X + "body")!.Elements().Select(e => (string)e.Attribute("id")!));
        Assert.Equal(["Chapter 1: Oil & <Water>", "Chapter 2: Closing Time"], doc.Descendants(X + "h2").Select(h => h.Value));
    }

    [Fact]
    public void A_work_with_nothing_but_text_exports_in_every_format()
    {
        var work = OddWorks.Bare();
        var text = Encoding.UTF8.GetString(TextExporter.Export(work));
        Assert.Contains("\nWork Text:\n\nThe kettle clicked off before anyone had asked for tea.\n", text);
        Assert.DoesNotContain("Summary:", text);
        var html = XDocument.Parse(Encoding.UTF8.GetString(HtmlExporter.Export(work)));
        Assert.Equal(work.DisplayTitle, html.Descendants(X + "h1").Single().Value);
        Assert.Empty(html.Descendants(X + "h2"));
        var opf = XDocument.Parse(Entry(EpubExporter.Export(work), "OEBPS/content.opf"));
        Assert.Equal("und", opf.Descendants(Dc + "language").Single().Value);
        Assert.Empty(opf.Descendants(Dc + "creator"));
    }

    [Fact]
    public void Text_export_uses_the_ao3_labels()
    {
        var text = TextExporter.Render(OddWorks.Unusual());
        Assert.StartsWith("Rating:\nTeen And Up Audiences\nArchive Warning:\nFandom:\nOriginal Work\n", text);
        Assert.Contains("\nStats:\nWords: ", text);
        Assert.Contains("\nFish & Chips <b>at</b> \"Midnight\" 🐟\nby ampersand&co, ليلى, <script>alert(1)</script>\n\nSummary:\n\nTwo cooks", text);
        Assert.Contains("\nChapter 1: Oil & <Water>\n\nChapter Summary\n\nIn which the fryer <misbehaves>.\n\nChapter Notes\n\nA note ☕\n\nChapter Text\n", text);
        Assert.Contains("\nChapter 2: Closing Time\n", text);
        // The story ends with the end notes; Ficshelf's metadata trailer follows, clearly labelled.
        Assert.Contains("\nEnd Notes\n\nThanks for reading! ]]> <!-- not a comment -->\n\n\n" + FicshelfMetadata.TextMarker + "\n{", text);
        Assert.EndsWith("}\n", text);
    }

    [Fact]
    public void Export_many_names_files_after_titles_and_keeps_duplicates_apart()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            var a = OddWorks.Unusual() with { Id = 3 };
            var b = OddWorks.Unusual() with { Id = 7, Chapters = [new Chapter { Paragraphs = ["Another text."] }] };
            var files = Exporter.ExportMany([a, b, OddWorks.Bare()], dir, ExportFormat.Epub);
            Assert.Equal(3, files.Count);
            Assert.Equal(3, Directory.GetFiles(dir, "*.epub").Length);
            Assert.Equal("Fish & Chips b at b Midnight 🐟 - ampersand&co.epub", Path.GetFileName(files[0]));
            Assert.Equal("Fish & Chips b at b Midnight 🐟 - ampersand&co (7).epub", Path.GetFileName(files[1]));
            Assert.All(files, f => Assert.Equal("mimetype", new ZipArchive(File.OpenRead(f)).Entries[0].FullName));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Identifier(Work work) =>
        XDocument.Parse(Entry(EpubExporter.Export(work), "OEBPS/content.opf")).Descendants(Dc + "identifier").Single().Value;

    private static string Entry(byte[] epub, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(epub));
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
