using System.IO.Compression;
using System.Xml.Linq;
using Ficshelf.Core.Domain;
using Ficshelf.Web.Tests.Support;
using Microsoft.Playwright;

namespace Ficshelf.Web.Tests;

/// <summary>The reader's paths through the web app, in a real headless Chromium against a real server.</summary>
public sealed class BrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static Task<WebServer> HarbourServer() => WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"));

    private static async Task<SortedSet<long>> ListedWorkIds(IPage page) =>
        new((await page.Locator("#results li.blurb").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.workId))")));

    [Fact]
    public async Task Two_files_dropped_on_the_upload_page_are_imported_and_listed()
    {
        await using var server = await WebServer.StartAsync();
        var page = await browser.NewPage(server);
        string[] files = [Path.Combine(TestPaths.DemoCorpus, "ao3-lantern-festival.txt"), Path.Combine(TestPaths.DemoCorpus, "wattpad-salt-and-starlight.txt")];

        await page.GotoAsync("/upload");
        // Drag and drop: a DataTransfer holding both files, dropped on the zone, fills the file input.
        var contents = files.Select(f => new[] { Path.GetFileName(f), File.ReadAllText(f) }).ToArray();
        var transfer = await page.EvaluateHandleAsync(
            "files => { const dt = new DataTransfer(); for (const [name, text] of files) dt.items.add(new File([text], name, { type: 'text/plain' })); return dt; }",
            contents);
        await page.DispatchEventAsync("#drop-zone", "drop", new { dataTransfer = transfer });
        Assert.Equal(2, await page.Locator("#chosen-files li").CountAsync());
        Assert.Equal(2, await page.EvaluateAsync<int>("() => document.getElementById('files').files.length"));

        await page.ClickAsync("#upload-submit");
        var rows = page.Locator("#upload-results tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        var outcomes = await page.Locator("#upload-results td.outcome").AllTextContentsAsync();
        Assert.All(outcomes, o => Assert.Equal("added", o.Trim()));
        var titles = (await page.Locator("#upload-results td a").AllTextContentsAsync()).Select(t => t.Trim()).ToList();
        Assert.Equal(2, titles.Count);
        await BrowserFixture.Screenshot(page, "upload");

        await page.GotoAsync("/search?sort=date");
        Assert.Equal("2", (await page.Locator("#result-count .total").TextContentAsync())?.Trim());
        var listed = (await page.Locator("#results .work-title").AllTextContentsAsync()).Select(t => t.Trim()).ToList();
        Assert.Equal(titles.Order(), listed.Order());
        Assert.Equal(2, server.WithStore(s => s.CountWorks()));

        // A file that cannot be a story is reported with its reason, and the page says which.
        await page.GotoAsync("/upload");
        await page.SetInputFilesAsync("#files", new FilePayload { Name = "blank.txt", MimeType = "text/plain", Buffer = [] });
        await page.ClickAsync("#upload-submit");
        var failure = (await page.Locator("#upload-results tr.failed td.outcome").TextContentAsync())!;
        Assert.StartsWith("failed: ", failure.Trim());
        Assert.Contains("empty", failure, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_upload_above_the_limit_is_refused_with_the_limit_named()
    {
        await using var server = await WebServer.StartAsync(configure: o => o with { MaxUploadBytes = 64 * 1024 });
        var page = await browser.NewPage(server);
        var big = new byte[100 * 1024];
        Array.Fill(big, (byte)'a');

        await page.GotoAsync("/upload");
        await page.SetInputFilesAsync("#files", new FilePayload { Name = "big.txt", MimeType = "text/plain", Buffer = big });
        await page.ClickAsync("#upload-submit");
        var message = await page.Locator("#upload-error").TextContentAsync();
        Assert.Contains("too large", message);
        Assert.Contains("0.1 MB", message);

        // Without the page's script the server answers with the same message.
        await page.EvaluateAsync("() => { const form = document.getElementById('upload-form'); form.removeAttribute('data-max-bytes'); }");
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#upload-submit"), r => r.Request.Method == "POST");
        Assert.Equal(413, response.Status);
        await page.Locator("h1", new() { HasTextString = "Upload too large" }).WaitForAsync();
        Assert.Contains("too large", await page.Locator("#upload-error").TextContentAsync());
        Assert.Equal(0, server.WithStore(s => s.CountWorks()));
    }

    [Fact]
    public async Task Including_a_character_and_excluding_a_freeform_tag_shows_the_right_works()
    {
        await using var server = await HarbourServer();
        var page = await browser.NewPage(server);
        var mara = new Tag(TagCategory.Character, "Mara Quill");
        var angst = new Tag(TagCategory.Freeform, "Angst");
        var expected = server.WithStore(s => Expect.Matching(s, [mara], [angst]));
        var withMara = server.WithStore(s => Expect.Matching(s, [mara], []));
        Assert.True(expected.Count > 0 && expected.Count < withMara.Count, "the fixtures must make both filters matter");

        await page.GotoAsync("/search");
        Assert.Equal(server.WithStore(s => s.CountWorks()), (await ListedWorkIds(page)).Count);
        await BrowserFixture.Screenshot(page, "search");

        // The category lists fold like AO3's: open one, tick a tag.
        await page.ClickAsync(".include details.character summary");
        await page.CheckAsync("input[name=inc][value='character:Mara Quill']");
        await page.Locator(".filters button.primary").First.ClickAsync();
        Assert.Equal(withMara, await ListedWorkIds(page));

        // The exclude list offers the tags of the works now shown, with their counts.
        await page.ClickAsync(".exclude details.freeform summary");
        await page.CheckAsync("input[name=exc][value='freeform:Angst']");
        await page.Locator(".filters button.primary").First.ClickAsync();
        Assert.Equal(expected, await ListedWorkIds(page));
        Assert.True(await page.IsCheckedAsync("input[name=inc][value='character:Mara Quill']"));
        Assert.True(await page.IsCheckedAsync("input[name=exc][value='freeform:Angst']"));
        Assert.Contains("-freeform:Angst", await page.Locator(".formatted-query code").TextContentAsync());

        // Blurbs: the required-tag squares and tags whose origin shows.
        var first = page.Locator("#results li.blurb").First;
        Assert.Equal(4, await first.Locator(".required-tags .req").CountAsync());
        Assert.True(await first.Locator("ul.tags a.tag.declared").CountAsync() > 0);
        await BrowserFixture.Screenshot(page, "search-filtered");
    }

    [Fact]
    public async Task Reading_progress_survives_a_reload_and_a_return_to_the_work()
    {
        await using var server = await HarbourServer();
        var page = await browser.NewPage(server);
        var work = server.WithStore(Expect.MultiChapterWork);

        await page.GotoAsync($"/works/{work.Id}");
        Assert.Equal(1, await page.Locator("#chapter-1").CountAsync());
        await BrowserFixture.Screenshot(page, "work");
        await page.ClickAsync("#next-chapter");
        await page.WaitForURLAsync($"**/works/{work.Id}?chapter=2");
        Assert.Equal(1, await page.Locator("#chapter-2").CountAsync());
        Assert.Contains(work.Chapters[1].Paragraphs[0][..30], await page.Locator("#chapter-2").TextContentAsync());

        await page.ReloadAsync();
        Assert.Equal(1, await page.Locator("#chapter-2").CountAsync());
        Assert.Contains("chapter 2 of 2", await page.Locator("#progress").TextContentAsync());

        // The arrow keys turn chapters; the way back is recorded too, then forward again.
        await BrowserFixture.PressUntilAt(page, "ArrowLeft", $"**/works/{work.Id}?chapter=1");
        Assert.Contains("chapter 1 of 2", await page.Locator("#progress").TextContentAsync());
        await BrowserFixture.PressUntilAt(page, "ArrowRight", $"**/works/{work.Id}?chapter=2");

        // Coming back to the work (its plain address, a new tab) opens where the reader left off.
        var again = await page.Context.NewPageAsync();
        await again.GotoAsync($"/works/{work.Id}");
        Assert.Equal(1, await again.Locator("#chapter-2").CountAsync());
        Assert.Contains("resumed", await again.Locator("#progress").TextContentAsync());
        await again.GotoAsync("/");
        Assert.Contains("Continue: chapter 2", await again.Locator(".continue").TextContentAsync());
        await BrowserFixture.Screenshot(again, "home");

        // Reading settings are kept in this browser.
        await again.GotoAsync($"/works/{work.Id}");
        await again.ClickAsync("#reading-settings-toggle");
        await again.ClickAsync("[data-reader=theme]");
        await again.ClickAsync("[data-reader=larger]");
        await again.ReloadAsync();
        Assert.Equal("dark", await again.GetAttributeAsync("html", "data-theme"));
        Assert.Equal("110%", await again.EvaluateAsync<string>("() => document.documentElement.style.getPropertyValue('--reader-font-size')"));
        await BrowserFixture.Screenshot(again, "work-dark");
    }

    [Fact]
    public async Task A_bookmark_keeps_its_note_and_a_work_can_be_marked_read()
    {
        await using var server = await HarbourServer();
        var page = await browser.NewPage(server);
        var work = server.WithStore(Expect.MultiChapterWork);

        await page.GotoAsync($"/works/{work.Id}");
        await page.ClickAsync("#bookmark-toggle");
        await page.FillAsync("#bookmark-note", "Soup at nine, fog at quarter to.");
        await page.ClickAsync("#bookmark-save");
        Assert.Contains("Soup at nine, fog at quarter to.", await page.Locator("#bookmarked").TextContentAsync());

        await page.ClickAsync("#mark-read");
        Assert.Contains("You have read this work.", await page.Locator("#progress").TextContentAsync());

        await page.GotoAsync("/bookmarks");
        var bookmark = page.Locator($"#bookmarks #work-{work.Id}");
        Assert.Equal(1, await bookmark.CountAsync());
        Assert.Contains("Soup at nine", await bookmark.Locator(".bookmark-note").TextContentAsync());
        Assert.Equal("Read", (await bookmark.Locator(".read-mark").TextContentAsync())?.Trim());
        Assert.Equal("Soup at nine, fog at quarter to.", server.WithStore(s => s.GetBookmark(0, work.Id))?.Note);
    }

    [Fact]
    public async Task The_epub_download_is_a_zip_with_a_package_document()
    {
        await using var server = await HarbourServer();
        var page = await browser.NewPage(server);
        var work = server.WithStore(Expect.MultiChapterWork);

        await page.GotoAsync($"/works/{work.Id}");
        await page.ClickAsync("#download-toggle");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-epub"));
        Assert.EndsWith(".epub", download.SuggestedFilename);
        var path = Path.Combine(server.Dir, download.SuggestedFilename);
        await download.SaveAsAsync(path);

        using var zip = ZipFile.OpenRead(path);
        Assert.Equal("mimetype", zip.Entries[0].FullName);
        using (var reader = new StreamReader(zip.Entries[0].Open())) Assert.Equal("application/epub+zip", reader.ReadToEnd());
        XNamespace container = "urn:oasis:names:tc:opendocument:xmlns:container";
        var opfPath = XDocument.Load(zip.GetEntry("META-INF/container.xml")!.Open()).Descendants(container + "rootfile").Single().Attribute("full-path")!.Value;
        Assert.EndsWith(".opf", opfPath);
        var opf = XDocument.Load(zip.GetEntry(opfPath)!.Open());
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        Assert.Equal(work.DisplayTitle, opf.Descendants(dc + "title").Single().Value);
        XNamespace package = "http://www.idpf.org/2007/opf";
        var spine = opf.Descendants(package + "itemref").Count();
        Assert.True(spine >= work.Chapters.Count, "every chapter is in the reading order");
    }

    [Fact]
    public async Task A_story_with_script_and_event_handlers_runs_nothing()
    {
        await using var server = await WebServer.StartAsync([WebServer.Fixture("hostile-markup.txt")]);
        var id = server.WithStore(s => s.WorkIds().Single());
        var page = await browser.NewPage(server);
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        var failedRequests = new List<string>();
        page.Request += (_, request) => { if (request.Url.EndsWith("/x", StringComparison.Ordinal)) failedRequests.Add(request.Url); };

        foreach (var address in new[] { $"/works/{id}", "/", "/search" })
        {
            await page.GotoAsync(address);
            await page.Locator("body").HoverAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__ficshelfPwned === 'undefined'"), $"markup ran on {address}");
        }
        await page.GotoAsync($"/works/{id}");
        foreach (var paragraph in await page.Locator("#workskin .chapter-text p").AllAsync()) await paragraph.HoverAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__ficshelfPwned === 'undefined'"));
        Assert.Equal(0, await page.Locator("#workskin img, #workskin script, #workskin b").CountAsync());
        Assert.Contains("<script>window.__ficshelfPwned = \"body\"</script>", await page.Locator("#workskin").TextContentAsync());
        Assert.Empty(dialogs);
        Assert.Empty(failedRequests);
    }

    [Fact]
    public async Task The_wrangling_pages_make_a_synonym_and_the_tag_page_shows_it()
    {
        await using var server = await HarbourServer();
        var page = await browser.NewPage(server);
        var angst = server.WithStore(s => Expect.Matching(s, [new Tag(TagCategory.Freeform, "Angst")], []));

        await page.GotoAsync("/wrangle?category=freeform&name=Angst");
        Assert.Equal("Angst", await page.InputValueAsync("#syn-synonym"));
        await page.FillAsync("#syn-canonical", "Heartache");
        await page.ClickAsync("#form-synonym button[type=submit]");
        Assert.Contains("Angst is now a synonym of Heartache", await page.Locator("#notice").TextContentAsync());
        await BrowserFixture.Screenshot(page, "wrangle");

        // The canonical tag's page lists the synonym and finds the works through it.
        await page.GotoAsync("/tags/freeform/Heartache");
        Assert.Equal("Angst", (await page.Locator(".synonyms a").TextContentAsync())?.Trim());
        Assert.Equal(angst, await ListedWorkIds(page));
        await page.ClickAsync(".synonyms a");
        Assert.Equal("Heartache", (await page.Locator(".canonical a").TextContentAsync())?.Trim());

        // A wrangling mistake is refused with the reason, and nothing changes.
        await page.GotoAsync("/wrangle");
        await page.SelectOptionAsync("#rename-category", "freeform");
        await page.FillAsync("#rename-tag", "Fluff");
        await page.FillAsync("#rename-new", "Lighthouses");
        await page.ClickAsync("#form-rename button[type=submit]");
        Assert.Contains("already exists", await page.Locator("#wrangle-error").TextContentAsync());
    }
}
