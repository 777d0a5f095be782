using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;

namespace Ficshelf.Core.Tests.Import.Documents;

/// <summary>Invented stories in the exact shapes of an older FanFiction.Net page, FanFicFare's AO3 EPUB and WattpadDownloader's EPUB.</summary>
public sealed class FanFictionNetAndEpubFixtureTests
{
    private static readonly StoryParser Parser = new();

    private static string[] Declared(Work work, TagCategory category) =>
        work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category == category).Select(t => t.Name).ToArray();

    [Fact]
    public void Older_FanFiction_net_layout_reads_its_header_without_the_author_box_or_the_review_form()
    {
        var work = Parser.Parse(DocumentFixtures.Bytes("ffn-older-layout-owlery-roster.html"), "roster.html").Work;

        Assert.Equal(Platform.FanFictionNet, work.Platform);
        Assert.Equal("The Owlery Roster", work.Title);
        Assert.Equal(["quill'n'ink"], work.Authors);
        Assert.Equal("Neville keeps a list of which owl carries whose post. The owls keep their own list.", work.Summary);
        Assert.Equal(["Harry Potter"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["K+"], Declared(work, TagCategory.Rating));
        Assert.Equal(["Humor", "Friendship"], Declared(work, TagCategory.Genre));
        Assert.Equal(["Neville L.", "Luna L.", "Hedwig"], Declared(work, TagCategory.Character));
        Assert.Equal(["Neville L./Luna L."], Declared(work, TagCategory.Relationship));
        Assert.Equal("en", work.Language);
        Assert.Equal("99999931", work.PlatformWorkId);
        Assert.Equal(3, work.ChaptersTotal);
        Assert.Equal(new DateOnly(2009, 5, 12), work.Published);
        Assert.Equal(new DateOnly(2009, 6, 2), work.Updated);
        Assert.False(work.Complete);
        var chapter = Assert.Single(work.Chapters);
        Assert.Equal(2, chapter.Number);
        Assert.Equal("Tuesday Post", chapter.Title);
        Assert.Equal(3, chapter.Paragraphs.Count);
        Assert.Equal("Luna said the letter was probably for the owls themselves, and read it aloud to them at breakfast.", chapter.Paragraphs[^1]);
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("Review this Chapter") || p.Contains("Return to Top") || p.Contains("Stories"));
    }

    [Fact]
    public void FanFiction_net_page_of_a_one_chapter_complete_story_is_complete()
    {
        const string page = """
            <!DOCTYPE html><html><head><title>Paper Cranes, a Naruto fanfic | FanFiction</title></head><body>
            <div id=pre_story_links><span class=lc-left><a class=xcontrast_txt href='/anime/'>Anime</a><span class='icon-chevron-right'></span><a class=xcontrast_txt href="/anime/Naruto/">Naruto</a></span></div>
            <div id=profile_top><b class='xcontrast_txt'>Paper Cranes</b>
            <span class='xcontrast_txt'>By:</span> <a class='xcontrast_txt' href='/u/99999935/origami-fox'>origami fox</a>
            <div style='margin-top:2px' class='xcontrast_txt'>Hinata folds a thousand cranes.</div>
            <span class='xgray xcontrast_txt'>Rated: <a class='xcontrast_txt' href='https://www.fictionratings.com/' target='rating'>Fiction K</a> - English - Family - Hinata H. - Words: 310 - Published: <span data-xutime='1290000000'>11/17/2010</span> - Status: Complete - id: 99999936 </span>
            </div>
            <div class='storytext xcontrast_txt nocopy' id='storytext'><p>The first crane took her an hour.</p><p>The thousandth took a breath.</p></div>
            </body></html>
            """;
        var work = Parser.Parse(DocumentFixtures.Utf8(page), "cranes.html").Work;

        Assert.Equal("Paper Cranes", work.Title);
        Assert.Equal(["origami fox"], work.Authors);
        Assert.Equal(1, work.ChaptersTotal);
        Assert.True(work.Complete);
        Assert.Null(work.Chapters.Single().Title);
        Assert.Equal("99999936", work.PlatformWorkId);
    }

    [Fact]
    public void FanFiction_net_crossover_breadcrumb_names_both_fandoms()
    {
        const string page = """
            <html><head><title>Two Roads, a Harry Potter and Naruto crossover fanfic | FanFiction</title></head><body>
            <div id=pre_story_links><a class=xcontrast_txt href="/Harry-Potter-and-Naruto-Crossovers/224/1402/">Harry Potter + Naruto Crossover</a></div>
            <div id=profile_top><b>Two Roads</b> By: <a href='/u/99999937/forked'>forked</a>
            <span class='xgray xcontrast_txt'>Rated: Fiction T - English - Adventure - Chapters: 4 - Words: 9,000 - Published: 1/2/2015 - id: 99999938 </span></div>
            <select id=chap_select><option value=1>1. Crossing<option value=2>2. Roads<option value=3 selected>3. Signposts<option value=4>4. Home</select>
            <div id=storytext><p>The signposts disagreed with each other, loudly.</p></div>
            </body></html>
            """;
        var work = Parser.Parse(DocumentFixtures.Utf8(page), "roads.html").Work;

        Assert.Equal(["Harry Potter", "Naruto"], Declared(work, TagCategory.Fandom));
        Assert.Equal(3, work.Chapters.Single().Number);
        Assert.Equal(4, work.ChaptersTotal);
        Assert.False(work.Complete);
        Assert.Equal(new DateOnly(2015, 1, 2), work.Published);
    }

    [Fact]
    public void FanFicFare_epub_of_an_ao3_work_gives_the_work_id_series_part_and_ao3_categories()
    {
        var work = Parser.Parse(DocumentFixtures.Epub("fff-ao3-epub"), "lanterns.epub").Work;

        Assert.Equal(Platform.Ao3, work.Platform);
        Assert.Equal("99999941", work.PlatformWorkId);
        Assert.Equal("Lanterns on the Quay", work.Title);
        Assert.Equal(["harbourlight"], work.Authors);
        Assert.Equal("Harbour Nights", work.SeriesOrBook);
        Assert.Equal(3, work.SeriesPart);
        Assert.Equal("Elizabeth keeps the harbour lamps lit through the winter.\n\nMr Darcy keeps finding reasons to walk the quay after dark.", work.Summary);
        Assert.False(work.Complete);
        Assert.Null(work.ChaptersTotal); // AO3 "2/?": FanFicFare's "Chapters: 2" counts what is posted
        Assert.Equal(new DateOnly(2023, 10, 2), work.Published);
        Assert.Equal(new DateOnly(2023, 11, 19), work.Updated);
        Assert.Equal(["Pride and Prejudice - Jane Austen"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["General Audiences"], Declared(work, TagCategory.Rating));
        Assert.Equal(["No Archive Warnings Apply"], Declared(work, TagCategory.Warning));
        Assert.Equal(["Gen"], Declared(work, TagCategory.Category));
        Assert.Equal(["Fluff", "Slow Burn"], Declared(work, TagCategory.Freeform));
        Assert.Empty(Declared(work, TagCategory.Genre));
        Assert.Equal(["Elizabeth Bennet", "Fitzwilliam Darcy"], Declared(work, TagCategory.Character));
        Assert.Equal(["The First Lamp", "A Gentleman Walking"], work.Chapters.Select(c => c.Title!).ToArray());
        Assert.Equal("She handed him the second taper without a word, and he held it as if it might bite.", work.Chapters[1].Paragraphs[^1]);
    }

    [Fact]
    public void FanFicFare_table_title_page_gives_the_same_entries()
    {
        // titlepage_use_table: each entry is a row, label and value in two cells (wide entries in one).
        var epub = DocumentFixtures.Epub("fff-epub");
        var table = """
            <?xml version="1.0" encoding="UTF-8"?>
            <html xmlns="http://www.w3.org/1999/xhtml"><head><title>The Potions Rota by cauldronbottom</title></head>
            <body class="fff_titlepage">
            <h3><a href="https://www.fanfiction.net/s/99999904/1/The-Potions-Rota">The Potions Rota</a> by cauldronbottom</h3>
            <table class="full">
            <tr><td><b>Category:</b></td><td>Harry Potter</td></tr>
            <tr><td><b>Genre:</b></td><td>Humor, Friendship</td></tr>
            <tr><td><b>Characters:</b></td><td>Neville L., Hermione G.</td></tr>
            <tr><td><b>Status:</b></td><td>In-Progress</td></tr>
            <tr><td><b>Chapters:</b></td><td>2</td></tr>
            <tr><td colspan="2"><b>Summary:</b> <div><p>Neville draws up a rota.</p><p>Nobody follows it.</p></div></td></tr>
            </table></body></html>
            """;
        var work = Parser.Parse(ReplaceEntry(epub, "OEBPS/title_page.xhtml", table, opf => opf.Replace("<dc:description>", "<dc:x>").Replace("</dc:description>", "</dc:x>")), "rota.epub").Work;

        Assert.Equal(["Harry Potter"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["Humor", "Friendship"], Declared(work, TagCategory.Genre));
        Assert.Equal(["Neville L.", "Hermione G."], Declared(work, TagCategory.Character));
        Assert.False(work.Complete);
        Assert.Equal(2, work.ChaptersTotal);
        Assert.Equal("Neville draws up a rota.\n\nNobody follows it.", work.Summary);
    }

    [Fact]
    public void FanFicFare_epub_that_holds_fewer_chapters_than_the_story_is_partial()
    {
        var epub = DocumentFixtures.Epub("fff-epub", f => !f.EndsWith("file0002.xhtml", StringComparison.Ordinal));
        // The package still lists chapter 2 in its spine: drop that entry too, as a one-chapter download would.
        var work = Parser.Parse(RemoveSpineEntry(epub, "file0002"), "rota.epub").Work;

        Assert.Single(work.Chapters);
        Assert.Equal(2, work.ChaptersTotal);
        Assert.False(work.Complete);
        Assert.Equal("99999904", work.PlatformWorkId);
    }

    [Fact]
    public void WattpadDownloader_epub_reads_parts_language_name_completion_and_the_story_id_in_its_name()
    {
        var work = Parser.Parse(DocumentFixtures.Epub("wattpad-downloader-epub"), "la-guardiana-del-faro_99999950.epub").Work;

        Assert.Equal(Platform.Wattpad, work.Platform);
        Assert.Equal("99999950", work.PlatformWorkId);
        Assert.Equal("La guardiana del faro", work.Title);
        Assert.Equal(["mareaalta"], work.Authors);
        Assert.Equal("es", work.Language);
        Assert.True(work.Complete);
        Assert.Equal("Marina hereda un faro que no quiere.\n\nEl faro, por su parte, tampoco la quería a ella.", work.Summary);
        Assert.Equal(["La herencia", "Escaleras", "La luz"], work.Chapters.Select(c => c.Title!).ToArray());
        Assert.Equal([1, 2, 3], work.Chapters.Select(c => c.Number).ToArray());
        Assert.Equal(["El faro tenía ciento doce escalones. Marina los contó subiendo y le salieron ciento trece bajando.", "Uno de más, pensó. Siempre uno de más."], work.Chapters[1].Paragraphs);
        Assert.Equal(["faro", "mar", "misterio"], Declared(work, TagCategory.Freeform));
        Assert.Equal(new DateOnly(2024, 5, 4), work.Published);
        Assert.Equal(new DateOnly(2024, 9, 30), work.Updated);
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("La herencia") && p.Length < 20);
    }

    [Fact]
    public void Text_copy_of_a_FanFiction_net_page_keeps_the_story_id_of_its_profile_line()
    {
        const string copy = """
            Books » Harry Potter

            The Owlery Roster

            By: quill'n'ink

            Neville keeps a list of which owl carries whose post.

            Rated: Fiction K+ - English - Humor/Friendship - Neville L. - Chapters: 3 - Words: 2,140 - Published: 05-12-09 - id: 99999931

            On Tuesday the post came early, which Neville had not written down anywhere.

            Errol arrived first, upside down, with a parcel for Ron and a letter for nobody in particular.
            """;
        var work = Parser.Parse(DocumentFixtures.Utf8(copy), "roster.txt").Work;

        Assert.Equal(Platform.FanFictionNet, work.Platform);
        Assert.Equal("99999931", work.PlatformWorkId);

        // A link in an author's note names another story, not this one.
        var noted = copy.Replace(" - id: 99999931", "", StringComparison.Ordinal)
            .Replace("On Tuesday", "A/N: the prequel is at https://www.fanfiction.net/s/99999939/1/ if you missed it.\n\nOn Tuesday", StringComparison.Ordinal);
        Assert.Null(Parser.Parse(DocumentFixtures.Utf8(noted), "roster.txt").Work.PlatformWorkId);
        var addressed = "https://www.fanfiction.net/s/99999931/2/The-Owlery-Roster\n\n" + noted;
        Assert.Equal("99999931", Parser.Parse(DocumentFixtures.Utf8(addressed), "roster.txt").Work.PlatformWorkId);
    }

    [Fact]
    public void Wattpad_part_page_gives_the_story_id_its_story_info_links()
    {
        const string page = """
            <html><head><title>Part Three: Moths - The Lantern Keeper - Wattpad</title></head><body>
            <div class="story-info"><a href="/story/99999961-the-lantern-keeper"><span class="story-info__title">The Lantern Keeper</span></a>
            <a class="author-info__username" href="/user/mothlight_writes">mothlight_writes</a></div>
            <header><h1 class="h2">Part Three: Moths</h1></header>
            <pre><p data-p-id="1a">Every evening the moths came to the lantern.</p></pre>
            <aside><a href="/story/99999962-another-story">You might also like</a></aside>
            </body></html>
            """;
        var work = Parser.Parse(DocumentFixtures.Utf8(page), "part.html").Work;

        Assert.Equal(Platform.Wattpad, work.Platform);
        Assert.Equal("99999961", work.PlatformWorkId);
        Assert.Equal("The Lantern Keeper", work.Title);
    }

    [Theory]
    [InlineData("https://archiveofourown.org/works/23009290/chapters/55012345", Platform.Ao3, "23009290")]
    [InlineData("https://www.fanfiction.net/s/1832968/1/Why-We-fight", Platform.FanFictionNet, "1832968")]
    [InlineData("https://m.fanfiction.net/s/5853866/2/", Platform.FanFictionNet, "5853866")]
    [InlineData("https://www.wattpad.com/story/237369078-wattpad-books-presents", Platform.Wattpad, "237369078")]
    [InlineData("https://www.wattpad.com/939051741-the-qb-bad-boy-and-me", Platform.Wattpad, null)] // a part, not the story
    [InlineData("https://www.inkitt.com/stories/fantasy/99999971", Platform.Inkitt, "99999971")]
    [InlineData("http://test1.com?sid=2", Platform.Generic, null)]
    public void A_story_url_gives_the_platforms_story_id(string url, Platform platform, string? id)
    {
        Assert.Equal(platform, Ficshelf.Core.Import.Documents.EpubReaders.PlatformOfUrl(url));
        Assert.Equal(id, Ficshelf.Core.Import.Documents.EpubReaders.WorkIdOfUrl(platform, url));
    }

    [Theory]
    [InlineData("English", "en")]
    [InlineData("en-GB", "en")]
    [InlineData("Español", "es")]
    [InlineData("Français", "fr")]
    [InlineData("deu", "de")]
    [InlineData("Klingonese", null)]
    public void Language_names_and_tags_become_iso_codes(string written, string? code) =>
        Assert.Equal(code, Ficshelf.Core.Import.Documents.LanguageNames.Code(written));

    private static byte[] ReplaceEntry(byte[] epub, string name, string text, Func<string, string> opf)
    {
        using var input = new System.IO.Compression.ZipArchive(new MemoryStream(epub), System.IO.Compression.ZipArchiveMode.Read);
        var entries = input.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            var content = e.FullName == name ? text : reader.ReadToEnd();
            return (e.FullName, DocumentFixtures.Utf8(e.FullName.EndsWith(".opf", StringComparison.Ordinal) ? opf(content) : content));
        }).ToArray();
        return DocumentFixtures.Zip(entries);
    }

    private static byte[] RemoveSpineEntry(byte[] epub, string idref)
    {
        using var input = new System.IO.Compression.ZipArchive(new MemoryStream(epub), System.IO.Compression.ZipArchiveMode.Read);
        var entries = input.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            var text = reader.ReadToEnd();
            if (e.FullName.EndsWith(".opf", StringComparison.Ordinal))
                text = text.Replace($"<itemref idref=\"{idref}\" linear=\"yes\"/>", "", StringComparison.Ordinal);
            return (e.FullName, DocumentFixtures.Utf8(text));
        }).ToArray();
        return DocumentFixtures.Zip(entries);
    }
}
