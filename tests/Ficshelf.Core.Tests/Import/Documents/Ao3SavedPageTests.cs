using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;

namespace Ficshelf.Core.Tests.Import.Documents;

/// <summary>AO3 work and chapter pages saved from the browser (invented works in otwarchive's markup), and pages that hold no work.</summary>
public sealed class Ao3SavedPageTests
{
    private static readonly StoryParser Parser = new();

    private static string[] Declared(Work work, TagCategory category) =>
        work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category == category).Select(t => t.Name).ToArray();

    private static Work Read(string fixture) => Parser.Parse(DocumentFixtures.Bytes(fixture), fixture).Work;

    [Fact]
    public void Entire_work_page_signed_out_gives_the_work_and_none_of_the_chrome()
    {
        var work = Read("ao3-saved-entire-work-signed-out.html");

        Assert.Equal(Platform.Ao3, work.Platform);
        Assert.Equal("The Cartographer's Apprentice", work.Title);
        Assert.Equal(["Wrenfield", "orphan_account"], work.Authors);
        Assert.Equal("55501234", work.PlatformWorkId);
        Assert.Equal("The Shifting Shore", work.SeriesOrBook);
        Assert.Equal(2, work.SeriesPart);
        Assert.Equal("en", work.Language);
        Assert.Equal(new DateOnly(2024, 3, 2), work.Published);
        Assert.Equal(new DateOnly(2024, 4, 5), work.Updated);
        Assert.Equal(2, work.ChaptersTotal);
        Assert.True(work.Complete);

        Assert.Equal(["Teen And Up Audiences"], Declared(work, TagCategory.Rating));
        Assert.Equal(["Graphic Depictions Of Violence", "Major Character Death"], Declared(work, TagCategory.Warning));
        Assert.Equal(["F/F", "Gen"], Declared(work, TagCategory.Category));
        Assert.Equal(["Original Work"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["Ysolde/Marit Oakes"], Declared(work, TagCategory.Relationship));
        Assert.Equal(["Ysolde (Original Character)", "Marit Oakes", "The Surveyor General"], Declared(work, TagCategory.Character));
        Assert.Equal(["Maps", "Apprenticeship", "Coastlines That Move"], Declared(work, TagCategory.Freeform));

        Assert.Equal("Ysolde is apprenticed to the last honest mapmaker in Caddow.\n\nThe coast keeps moving. So does Marit.", work.Summary);
        // The author's note, without the site-written "For …"/"Inspired by …" lines or the jump to the end notes.
        Assert.Equal("Thank you to my beta, who knows what a theodolite is.", work.NotesBefore);
        Assert.Equal("Thank you for reading! Part three is about the Surveyor General.", work.NotesAfter);

        Assert.Equal([1, 2], work.Chapters.Select(c => c.Number).ToArray());
        Assert.Equal(["Chapter 1: The Drawing Room", "Chapter 2"], work.Chapters.Select(c => c.Title!).ToArray());
        var first = work.Chapters[0];
        Assert.Equal("Ysolde arrives with the wrong ink.", first.Summary);
        Assert.Equal("Caddow is invented; the tides are not.", first.NotesBefore);
        Assert.Equal("Next: the shoreline survey.", first.NotesAfter);
        Assert.Equal("The workshop smelled of gall ink and wet paper, and the mapmaker did not look up when Ysolde came in.", first.Paragraphs[0]);
        Assert.Equal("She set her case on the only clear corner of the table.\nIt was not, as it turned out, clear.\nNothing in Caddow ever was.", first.Paragraphs[^1]);
        Assert.Equal(["Marit Oakes met them at the tideline with a chain and a grudge.", "* * *",
            "By evening the coast had moved another yard, and Ysolde had drawn it twice."], work.Chapters[1].Paragraphs);

        var everything = string.Join("\n", work.BodyParagraphs.Concat(work.Chapters.SelectMany(c => new[] { c.Summary, c.NotesBefore, c.NotesAfter }))
            .Concat([work.Summary, work.NotesBefore, work.NotesAfter]).OfType<string>());
        foreach (var chrome in new[] { "Chapter Text", "Kudos", "heronsong", "Log In", "Previous Work", "Series this work", "inspired by", "Footer", "Site Map", "Comment" })
            Assert.DoesNotContain(chrome, everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Older_chapter_page_gives_its_chapter_number_and_an_open_chapter_count()
    {
        var work = Read("ao3-saved-chapter-page-older.html");

        Assert.Equal(Platform.Ao3, work.Platform);
        Assert.Equal("Lanterns at Low Water", work.Title);
        Assert.Equal(["Anonymous"], work.Authors);
        Assert.Equal("4440007", work.PlatformWorkId);
        Assert.Equal("Low Water", work.SeriesOrBook);
        Assert.Equal(1, work.SeriesPart);
        Assert.Equal(new DateOnly(2011, 3, 2), work.Published);
        Assert.Equal(new DateOnly(2011, 5, 14), work.Updated);
        Assert.Null(work.ChaptersTotal);
        Assert.False(work.Complete);
        Assert.Equal(["General Audiences"], Declared(work, TagCategory.Rating));
        Assert.Equal(["Choose Not To Use Archive Warnings"], Declared(work, TagCategory.Warning));
        Assert.Equal(["Pell", "The Lamplighter"], Declared(work, TagCategory.Character));
        Assert.Equal(["Tides", "Lanterns"], Declared(work, TagCategory.Freeform));
        // The older preface: the heading sits inside the summary and notes blockquotes.
        Assert.Equal("When the tide goes out, the lamplighter walks the sea floor.", work.Summary);
        Assert.Equal("Written for the low-water challenge.", work.NotesBefore);

        var chapter = Assert.Single(work.Chapters);
        Assert.Equal(3, chapter.Number);
        Assert.Equal("Chapter 3: The Lamplighter's Route", chapter.Title);
        Assert.Equal("Pell follows the lights out past the breakwater.", chapter.Summary);
        Assert.Equal("Chapter four when the tide allows.", chapter.NotesAfter);
        Assert.Equal(3, chapter.Paragraphs.Count);
        Assert.Equal("Three lanterns were out. Pell counted them twice.", chapter.Paragraphs[^1]);
    }

    [Fact]
    public void The_work_id_comes_from_the_page_not_from_links_in_the_authors_notes()
    {
        // The notes link to works 33330003 and 22220002, the series and related works to others: the work is 55501234.
        var html = System.Text.Encoding.UTF8.GetString(DocumentFixtures.Bytes("ao3-saved-entire-work-signed-out.html"));
        // Without the navigation's share/download links, the kudos form still names the work.
        var trimmed = System.Text.RegularExpressions.Regex.Replace(html, "<!-- BEGIN navigation -->.*?<!-- END navigation -->", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        trimmed = trimmed.Replace("/works/55501234/bookmarks", "/bookmarks");
        var work = Parser.Parse(DocumentFixtures.Utf8(trimmed), "page.html").Work;
        Assert.Equal("55501234", work.PlatformWorkId);
    }

    [Fact]
    public void A_one_chapter_page_has_its_text_straight_in_the_chapters_block()
    {
        var html = """
            <html><head><title>Pocket Change - coinpurse - Original Work [Archive of Our Own]</title></head><body>
            <div id="outer"><div id="header"><h1 class="heading"><a href="/">Archive of Our Own</a></h1></div>
            <div id="main" class="works-show region"><div class="work">
            <ul class="work navigation actions"><li class="share"><a href="/works/123456/share">Share</a></li></ul>
            <div class="wrapper"><dl class="work meta group">
            <dt class="rating tags">Rating:</dt><dd class="rating tags"><ul class="commas"><li><a class="tag" href="/tags/General%20Audiences/works">General Audiences</a></li></ul></dd>
            <dt class="warning tags">Archive Warning:</dt><dd class="warning tags"><ul class="commas"><li><a class="tag" href="/tags/No%20Archive%20Warnings%20Apply/works">No Archive Warnings Apply</a></li></ul></dd>
            <dt class="fandom tags">Fandom:</dt><dd class="fandom tags"><ul class="commas"><li><a class="tag" href="/tags/Original%20Work/works">Original Work</a></li></ul></dd>
            <dt class="language">Language:</dt><dd class="language" lang="de">Deutsch</dd>
            <dt class="stats">Stats:</dt><dd class="stats"><dl class="stats"><dt>Published:</dt><dd>2024-01-01</dd><dt>Words:</dt><dd>40</dd><dt>Chapters:</dt><dd class="chapters">1/1</dd></dl></dd>
            </dl></div>
            <div id="workskin"><div class="preface group"><h2 class="title heading">Pocket Change</h2><h3 class="byline heading"><a rel="author" href="/users/coinpurse/pseuds/coinpurse">coinpurse</a></h3></div>
            <div id="chapters" role="article"><h3 class="landmark heading" id="work">Work Text:</h3><div class="userstuff">
            <p>Tomas found a coin in the lining of his coat and spent the whole afternoon deciding what it was for.</p>
            <p>In the end he gave it to the busker, who looked as though she had been waiting for it.</p></div></div></div>
            </div></div></div></body></html>
            """;
        var work = Parser.Parse(DocumentFixtures.Utf8(html), "page.html").Work;

        Assert.Equal(Platform.Ao3, work.Platform);
        Assert.Equal("Pocket Change", work.Title);
        Assert.Equal(["coinpurse"], work.Authors);
        Assert.Equal("123456", work.PlatformWorkId);
        Assert.Equal("de", work.Language);
        Assert.True(work.Complete);
        Assert.Equal(1, work.ChaptersTotal);
        var chapter = Assert.Single(work.Chapters);
        Assert.Null(chapter.Title);
        Assert.Equal(["Tomas found a coin in the lining of his coat and spent the whole afternoon deciding what it was for.",
            "In the end he gave it to the busker, who looked as though she had been waiting for it."], chapter.Paragraphs);
    }

    private const string SiteTop = """
        <html><head><meta name="author" content="Organization for Transformative Works" /><title>Archive of Our Own</title></head><body>
        <div id="outer"><div id="header"><h1 class="heading"><a href="/">Archive of Our Own</a></h1>
        <ul class="primary navigation actions"><li><a href="/works">Browse</a></li></ul></div><div id="inner">
        """;

    private const string SiteBottom = """
        </div><div id="footer"><ul><li><a href="https://github.com/otwcode/otwarchive">otwarchive</a></li></ul></div></div></body></html>
        """;

    public static TheoryData<string, string, string> PagesWithoutAWork => new()
    {
        {
            "adult-content warning",
            """<div id="main" class="works-show region"><h2 class="landmark heading">Adult Content Warning</h2><p class="caution">This work could have adult content.</p><ul class="actions"><li><a href="/works/42?view_adult=true">Proceed</a></li><li><a href="javascript:history.back()">Go Back</a></li></ul></div>""",
            "Proceed"
        },
        {
            "sign-in for a restricted work",
            """<div id="main" class="sessions-new system session region"><div id="signin"><h3 class="heading">Sorry!</h3><p>This work is only available to registered users of the Archive.</p><div id="loginform"><form class="new_user" id="new_user" action="/users/login?return_to=%2Fworks%2F42" method="post"><dl><dt>Username:</dt><dd><input type="text" /></dd></dl></form></div></div></div>""",
            "sign in and save the work page"
        },
        {
            "error page",
            """<div id="main" class="error-404 region"><h2 class="heading">Error 404</h2><p>The page you were looking for doesn't exist.</p></div>""",
            "error page"
        },
        {
            "chapter index",
            """<div id="main" class="works-navigate region"><h2 class="heading">Chapter Index for <a href="/works/42">A Work</a> by <a href="/users/x">x</a></h2><ol class="chapter index group"><li><a href="/works/42/chapters/1">1. Beginnings</a> <span class="datetime">(2020-01-01)</span></li><li><a href="/works/42/chapters/2">2. Endings</a></li></ol></div>""",
            "Entire Work"
        },
        {
            "works list",
            """<div id="main" class="works-index region"><h2 class="heading">1 - 2 of 2 Works in Original Work</h2><ol class="work index group"><li id="work_1" class="work blurb group" role="article"><div class="header module"><h4 class="heading"><a href="/works/1">One</a> by <a rel="author" href="/users/a">a</a></h4></div><blockquote class="userstuff summary"><p>A summary that is long enough to look like a story if it were read as text, which it must not be.</p></blockquote></li><li id="work_2" class="work blurb group" role="article"><div class="header module"><h4 class="heading"><a href="/works/2">Two</a></h4></div></li></ol></div>""",
            "list of 2 works"
        },
        {
            "bookmarks list",
            """<div id="main" class="bookmarks-index region"><h2 class="heading">Bookmarks</h2><ol class="bookmark index group"><li id="bookmark_9" class="bookmark blurb group" role="article"><h4 class="heading"><a href="/works/9">Nine</a></h4></li></ol></div>""",
            "list of works"
        },
        {
            "series page",
            """<div id="main" class="series-show region"><h2 class="heading">A Series</h2><ul class="series work index group"><li class="work blurb group"><h4><a href="/works/7">Seven</a></h4></li></ul></div>""",
            "series page"
        },
        {
            "unrevealed work",
            """<div id="main" class="chapters-show region"><div class="flash"></div><p class="notice">This work is part of an ongoing challenge and will be revealed soon! You can find details here: <a href="/collections/a_challenge">a challenge</a></p></div>""",
            "not revealed yet"
        },
        {
            "user profile",
            """<div id="main" class="profile-show region"><h2 class="heading">someone</h2><p>Joined 2015. Writes about boats, mostly, and sometimes about the people who sail them.</p></div>""",
            "holds no work"
        },
    };

    [Theory]
    [MemberData(nameof(PagesWithoutAWork))]
    public void A_page_that_holds_no_work_is_refused_with_what_to_save_instead(string kind, string main, string advice)
    {
        var error = Assert.Throws<ImportException>(() => Parser.Parse(DocumentFixtures.Utf8(SiteTop + main + SiteBottom), kind + ".html"));
        Assert.Contains(advice, error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Another_archives_story_list_is_refused_too()
    {
        // A FanFiction.Net browse page: a list of stories, each a z-list entry, and no story text.
        var html = """
            <html><body><div id="content_wrapper"><div id="content_wrapper_inner">
            <div class="z-list zhover zpointer"><a class="stitle" href="/s/1/1/One">One</a> by <a href="/u/1/a">a</a><div class="z-indent z-padtop">A story about one thing.</div></div>
            <div class="z-list zhover zpointer"><a class="stitle" href="/s/2/1/Two">Two</a> by <a href="/u/2/b">b</a><div class="z-indent z-padtop">A story about another.</div></div>
            </div></div></body></html>
            """;
        var error = Assert.Throws<ImportException>(() => Parser.Parse(DocumentFixtures.Utf8(html), "browse.html"));
        Assert.Contains("list of", error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_story_saved_from_a_personal_site_is_still_read_as_text()
    {
        var html = "<html><body><h1>The Lantern</h1><p>She lit the lantern at dusk, as she always had.</p><p>Nobody came, as nobody ever did.</p></body></html>";
        var work = Parser.Parse(DocumentFixtures.Utf8(html), "story.html").Work;
        Assert.Contains(work.BodyParagraphs, p => p.Contains("Nobody came"));
    }
}
