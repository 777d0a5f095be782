using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;

namespace Ficshelf.Core.Tests.Import.Documents;

public sealed class OtherDocumentTests
{
    private static readonly StoryParser Parser = new();

    private static string[] Declared(Work work, TagCategory category) =>
        work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category == category).Select(t => t.Name).ToArray();

    [Fact]
    public void FanFicFare_epub_takes_the_platform_of_its_source_and_its_title_page_entries()
    {
        var work = Parser.Parse(DocumentFixtures.Epub("fff-epub"), "rota.epub").Work;

        Assert.Equal(Platform.FanFictionNet, work.Platform);
        Assert.Equal("The Potions Rota", work.Title);
        Assert.Equal(["cauldronbottom"], work.Authors);
        Assert.Equal("Neville draws up a cleaning rota for the Potions classroom. Nobody follows it.", work.Summary);
        Assert.True(work.Complete);
        Assert.Equal("en", work.Language);
        Assert.Equal(["Harry Potter"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["Humor", "Friendship"], Declared(work, TagCategory.Genre));
        Assert.Equal(["K+"], Declared(work, TagCategory.Rating));
        Assert.Equal(["Neville L.", "Hermione G.", "Severus S."], Declared(work, TagCategory.Character));
        Assert.Equal(["Neville L. & Hermione G."], Declared(work, TagCategory.Relationship));
        Assert.Equal(["1. The Rota", "2. The Reckoning"], work.Chapters.Select(c => c.Title!).ToArray());
        Assert.Equal("Neville has never recovered.", work.Chapters[1].Paragraphs[^1]);
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("Category:") || p.Contains("Packaged"));
    }

    [Theory]
    [InlineData("https://archiveofourown.org/works/1", Platform.Ao3)]
    [InlineData("https://www.wattpad.com/story/2", Platform.Wattpad)]
    [InlineData("https://m.fanfiction.net/s/3/1/", Platform.FanFictionNet)]
    [InlineData("https://notfanfiction.net.example.org/s/3", Platform.Generic)]
    [InlineData("not a url", Platform.Generic)]
    public void A_source_url_names_its_platform(string url, Platform platform) =>
        Assert.Equal(platform, Ficshelf.Core.Import.Documents.EpubReaders.PlatformOfUrl(url));

    [Fact]
    public void FanFiction_net_page_gives_profile_metadata_and_the_saved_chapter()
    {
        var work = Parser.Parse(DocumentFixtures.Bytes("ffn-second-breakfast-club.html"), "page.html").Work;

        Assert.Equal(Platform.FanFictionNet, work.Platform);
        Assert.Equal("Second Breakfast Club", work.Title);
        Assert.Equal(["bramblefoot"], work.Authors);
        Assert.Equal("Pippin founds a society. Merry is treasurer. Nobody can find the minutes.", work.Summary);
        // The story is complete, but the page holds chapter 2 of its 2: the copy is partial.
        Assert.False(work.Complete);
        Assert.Equal(2, work.ChaptersTotal);
        Assert.Equal("99999907", work.PlatformWorkId);
        Assert.Equal(new DateOnly(2023, 7, 22), work.Published);
        Assert.Equal(new DateOnly(2023, 11, 14), work.Updated);
        Assert.Equal("en", work.Language);
        Assert.Equal(["K"], Declared(work, TagCategory.Rating));
        Assert.Equal(["Humor", "Friendship"], Declared(work, TagCategory.Genre));
        Assert.Equal(["Pippin", "Merry"], Declared(work, TagCategory.Character));
        Assert.Equal(["Lord of the Rings"], Declared(work, TagCategory.Fandom));
        var chapter = Assert.Single(work.Chapters);
        Assert.Equal(2, chapter.Number);
        Assert.Equal("Elevenses", chapter.Title);
        Assert.Equal(3, chapter.Paragraphs.Count);
        Assert.Equal("Merry read the accounts aloud: three seed-cakes, a wheel of cheese, one pie of uncertain origin.", chapter.Paragraphs[1]);
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("Follow/Fav") || p.Contains("storyid"));
    }

    [Fact]
    public void Wattpad_part_page_gives_book_part_author_and_paragraphs()
    {
        var work = Parser.Parse(DocumentFixtures.Bytes("wattpad-lantern-keeper-part.html"), "part.html").Work;

        Assert.Equal(Platform.Wattpad, work.Platform);
        Assert.Equal("The Lantern Keeper", work.Title);
        Assert.Equal("The Lantern Keeper", work.SeriesOrBook);
        Assert.Equal(["mothlight_writes"], work.Authors);
        var chapter = Assert.Single(work.Chapters);
        Assert.Equal("Part Three: Moths", chapter.Title);
        Assert.Equal(
            ["Every evening the moths came to the lantern, and every evening Wren counted them.",
             "Forty-one on Monday.\nForty on Tuesday.\nOn Wednesday, none at all.",
             "She went out into the dark to ask them why."],
            chapter.Paragraphs);
    }

    [Fact]
    public void Other_html_goes_to_the_text_importers_as_paragraphs()
    {
        var html = """
            <html><head><style>p { color: red }</style></head><body onload="evil()">
            <h1>The Kettle</h1>
            <p>Chapter 1</p>
            <p>The kettle had opinions, and voiced them at a rolling boil every morning at seven.</p>
            <p>Chapter 2</p>
            <p>On the eighth day it was silent, and the whole house noticed.</p>
            <script>evil()</script>
            </body></html>
            """;
        var work = Parser.Parse(DocumentFixtures.Utf8(html), "kettle.htm").Work;

        Assert.Equal(Platform.Generic, work.Platform);
        Assert.Equal(2, work.Chapters.Count);
        Assert.Equal("On the eighth day it was silent, and the whole house noticed.", work.Chapters[1].Paragraphs.Single());
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("evil") || p.Contains("color"));
    }

    [Fact]
    public void Epub_whose_spine_names_a_missing_file_says_which()
    {
        var bytes = DocumentFixtures.Epub("ao3-epub", f => !f.EndsWith("preface.xhtml", StringComparison.Ordinal));
        var e = Assert.Throws<ImportException>(() => Parser.Parse(bytes, "broken.epub"));
        Assert.Contains("preface.xhtml", e.Reason);
    }

    [Fact]
    public void Any_other_epub_gives_one_chapter_per_spine_document()
    {
        static byte[] Page(string heading, string text) => DocumentFixtures.Utf8(
            $"<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><h1>{heading}</h1><p>{text}</p></body></html>");
        var epub = DocumentFixtures.Zip(
            ("mimetype", DocumentFixtures.Utf8("application/epub+zip")),
            ("META-INF/container.xml", DocumentFixtures.Utf8("<container xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile full-path=\"book/pkg.opf\"/></rootfiles></container>")),
            ("book/pkg.opf", DocumentFixtures.Utf8("""
                <package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                <dc:title>Paper Boats</dc:title><dc:creator>R. Inlet</dc:creator><dc:language>en-GB</dc:language></metadata>
                <manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
                <item id="a" href="one.xhtml" media-type="application/xhtml+xml"/><item id="b" href="two.xhtml" media-type="application/xhtml+xml"/></manifest>
                <spine><itemref idref="nav"/><itemref idref="a"/><itemref idref="b"/></spine></package>
                """)),
            ("book/nav.xhtml", Page("Contents", "One. Two.")),
            ("book/one.xhtml", Page("Launch", "The first boat sank at once, which was instructive.")),
            ("book/two.xhtml", Page("Harbour", "The second boat reached the far side of the puddle.")));
        var work = Parser.Parse(epub, "boats.epub").Work;

        Assert.Equal(Platform.Generic, work.Platform);
        Assert.Equal("Paper Boats", work.Title);
        Assert.Equal(["R. Inlet"], work.Authors);
        Assert.Equal("en", work.Language);
        Assert.Equal(["Launch", "Harbour"], work.Chapters.Select(c => c.Title!).ToArray());
        Assert.Equal("The second boat reached the far side of the puddle.", work.Chapters[1].Paragraphs.Single());
    }
}
