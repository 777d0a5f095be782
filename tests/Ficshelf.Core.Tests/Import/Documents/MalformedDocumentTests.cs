using Ficshelf.Core.Import;

namespace Ficshelf.Core.Tests.Import.Documents;

/// <summary>Broken structured files fail with one clear <see cref="ImportException"/>, never another exception.</summary>
public sealed class MalformedDocumentTests
{
    private static readonly StoryParser Parser = new();

    private static string Reason(byte[] bytes, string name) => Assert.Throws<ImportException>(() => Parser.Parse(bytes, name)).Reason;

    [Fact]
    public void Truncated_epub_is_a_damaged_zip()
    {
        var epub = DocumentFixtures.Epub("fff-epub");
        Assert.Contains("damaged", Reason(epub[..(epub.Length / 2)], "half.epub"));
    }

    [Fact]
    public void Epub_without_a_package_file_says_so()
    {
        var epub = DocumentFixtures.Epub("fff-epub", f => !f.EndsWith(".opf", StringComparison.Ordinal));
        Assert.Contains("package file", Reason(epub, "no-opf.epub"));
    }

    [Fact]
    public void Epub_without_a_container_says_so()
    {
        var epub = DocumentFixtures.Epub("fff-epub", f => !f.StartsWith("META-INF", StringComparison.Ordinal));
        Assert.Contains("container.xml", Reason(epub, "no-container.epub"));
    }

    [Fact]
    public void Epub_with_broken_xml_says_which_file()
    {
        var epub = DocumentFixtures.Zip(
            ("mimetype", DocumentFixtures.Utf8("application/epub+zip")),
            ("META-INF/container.xml", DocumentFixtures.Utf8("<container><rootfiles><rootfile full-path=\"content.opf\"/></rootfiles></container>")),
            ("content.opf", DocumentFixtures.Utf8("<package><metadata><unclosed></package>")));
        Assert.Contains("content.opf", Reason(epub, "bad-xml.epub"));
    }

    [Fact]
    public void Ao3_download_without_chapter_text_says_so()
    {
        var html = """
            <html><body><div id="preface"><div class="meta"><dl class="tags"><dt>Rating:</dt><dd>General Audiences</dd></dl>
            <h1>Empty</h1></div></div><div id="chapters" class="userstuff"><div class="userstuff"></div></div></body></html>
            """;
        Assert.Contains("no chapter text", Reason(DocumentFixtures.Utf8(html), "empty.html"));
    }

    [Fact]
    public void Html_page_without_text_says_so() =>
        Assert.Contains("no text", Reason(DocumentFixtures.Utf8("<!DOCTYPE html><html><head><title>x</title></head><body><script>x()</script></body></html>"), "blank.html"));

    [Fact]
    public void Ffn_page_with_an_empty_story_says_so() =>
        Assert.Contains("no story text", Reason(DocumentFixtures.Utf8("<html><body><div id='profile_top'><b class='xcontrast_txt'>T</b></div><div id='storytext'></div></body></html>"), "ffn.html"));

    [Fact]
    public void A_plain_zip_handed_to_the_parser_is_refused_with_a_hint()
    {
        var zip = DocumentFixtures.Zip(("story.txt", DocumentFixtures.Utf8("A story.")));
        Assert.Contains("not an EPUB", Reason(zip, "stories.zip"));
    }

    [Fact]
    public void Random_bytes_after_zip_magic_never_escape_as_another_exception()
    {
        var random = new Random(6);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(4, 400)];
            random.NextBytes(bytes);
            bytes[0] = (byte)'P'; bytes[1] = (byte)'K'; bytes[2] = 3; bytes[3] = 4;
            Assert.Throws<ImportException>(() => Parser.Parse(bytes, "noise.zip"));
        }
    }

    [Fact]
    public void Mutated_epubs_fail_only_with_the_import_error()
    {
        var epub = DocumentFixtures.Epub("ao3-epub");
        var random = new Random(7);
        for (var i = 0; i < 150; i++)
        {
            var bytes = (byte[])epub.Clone();
            for (var j = 0; j < 4; j++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try { Parser.Parse(bytes, "mutated.epub"); }
            catch (ImportException) { }
        }
    }

    [Fact]
    public void An_epub_whose_text_unpacks_past_the_limit_is_refused()
    {
        var huge = DocumentFixtures.Utf8("<html><body><p>" + new string('a', 3 * 1024 * 1024) + "</p></body></html>");
        var epub = DocumentFixtures.Zip(
            ("mimetype", DocumentFixtures.Utf8("application/epub+zip")),
            ("META-INF/container.xml", DocumentFixtures.Utf8("<container><rootfiles><rootfile full-path=\"c.opf\"/></rootfiles></container>")),
            ("c.opf", DocumentFixtures.Utf8("<package><manifest><item id=\"a\" href=\"a.xhtml\" media-type=\"application/xhtml+xml\"/></manifest><spine><itemref idref=\"a\"/></spine></package>")),
            ("a.xhtml", huge));
        var options = new ImportOptions { MaxFileBytes = 512 * 1024 };
        Assert.True(epub.Length < options.MaxFileBytes);
        Assert.Contains("too large", Assert.Throws<ImportException>(() => Parser.Parse(epub, "bomb.epub", options)).Reason);
    }
}
