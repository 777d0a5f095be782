using System.Text.Json;
using Ficshelf.Bench.Corpus;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Tests.Support;
using Microsoft.Playwright;

namespace Ficshelf.Web.Tests;

/// <summary>A synthetic archive big enough that every list has many pages; shared by the tests that only read it.</summary>
public sealed class PagedArchive : IAsyncLifetime
{
    public const int Works = 130;

    public WebServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var corpus = new SyntheticCorpus(Works, seed: 14);
        Server = await WebServer.StartOnAsync(Path.Combine(TestPaths.NewTempDir(), "archive.db"), store =>
        {
            SyntheticArchive.Fill(store, corpus);
            var reader = (IReaderStore)store;
            // The local reader (accounts off) has bookmarked 45 works and opened 60.
            foreach (var id in store.WorkIds().Take(45)) reader.SetBookmark(IReaderStore.LocalUser, id, $"note {id}");
            foreach (var id in store.WorkIds().Skip(30).Take(60)) reader.SetProgress(IReaderStore.LocalUser, id, 1);
        });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Page 2 and later of every list: what they show differs from page 1 and is what the API says.</summary>
public sealed class ListPagingTests(BrowserFixture browser, PagedArchive archive) : IClassFixture<BrowserFixture>, IClassFixture<PagedArchive>
{
    private WebServer Server => archive.Server;

    private static async Task<List<long>> WorkIdsOn(IPage page, string list) =>
        [.. await page.Locator($"{list} li.blurb").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.workId))")];

    private async Task<List<long>> ApiSearch(string q, int page, int pageSize = 20)
    {
        using var client = Server.Client();
        var json = JsonDocument.Parse(await client.GetStringAsync($"/api/search?q={Uri.EscapeDataString(q)}&page={page}&pageSize={pageSize}"));
        return [.. json.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("workId").GetInt64())];
    }

    [Fact]
    public async Task Search_pages_follow_the_api_and_the_pager_links_reach_them()
    {
        var page = await browser.NewPage(Server);
        await page.GotoAsync("/search?sort=date");
        var first = await WorkIdsOn(page, "#results");
        Assert.Equal(20, first.Count);
        Assert.Equal(await ApiSearch("sort:date", 1), first);
        Assert.Equal("Showing 1–20 of 130", (await page.Locator(".pager .showing").First.TextContentAsync())!.Trim());

        await page.ClickAsync(".pagination a[rel=next]");
        await page.WaitForURLAsync("**/search?sort=date&page=2");
        var second = await WorkIdsOn(page, "#results");
        Assert.Equal(await ApiSearch("sort:date", 2), second);
        Assert.Empty(first.Intersect(second));
        Assert.Equal("Showing 21–40 of 130", (await page.Locator(".pager .showing").TextContentAsync())!.Trim());
        await BrowserFixture.Screenshot(page, "search-page-2");

        // The last page, through its link, and a numbered page in between.
        await page.ClickAsync(".pagination .last-page a");
        Assert.Equal(await ApiSearch("sort:date", 7), await WorkIdsOn(page, "#results"));
        Assert.Equal("Showing 121–130 of 130", (await page.Locator(".pager .showing").TextContentAsync())!.Trim());
        Assert.Equal("7", (await page.Locator(".pagination .current").TextContentAsync())!.Trim());
        await page.ClickAsync(".pagination a[aria-label='Page 5']");
        Assert.Equal(await ApiSearch("sort:date", 5), await WorkIdsOn(page, "#results"));

        // The page size: 50 a page, page 2 of that.
        await page.ClickAsync(".page-size a:text-is('50')");
        Assert.Equal(await ApiSearch("sort:date", 1, 50), await WorkIdsOn(page, "#results"));
        await page.ClickAsync(".pagination a[rel=next]");
        Assert.Equal(await ApiSearch("sort:date", 2, 50), await WorkIdsOn(page, "#results"));
        Assert.Equal("Showing 51–100 of 130", (await page.Locator(".pager .showing").TextContentAsync())!.Trim());
    }

    [Fact]
    public async Task A_tag_page_pages_through_the_works_the_search_finds_for_the_tag()
    {
        var fandom = Server.WithStore(s => s.ListTags(Core.Domain.TagCategory.Fandom).OrderByDescending(t => t.Works).First());
        Assert.True(fandom.Works > 20, "the corpus must give a fandom more than one page");
        var page = await browser.NewPage(Server);
        var address = "/tags/fandom/" + Uri.EscapeDataString(fandom.Tag.Name);
        await page.GotoAsync(address);
        var first = await WorkIdsOn(page, "#results");
        await page.GotoAsync(address + "?page=2");
        var second = await WorkIdsOn(page, "#results");
        var q = $"+fandom:\"{fandom.Tag.Name}\" sort:date";
        Assert.Equal(await ApiSearch(q, 1), first);
        Assert.Equal(await ApiSearch(q, 2), second);
        Assert.NotEmpty(second);
        Assert.Empty(first.Intersect(second));
        await BrowserFixture.Screenshot(page, "tag-page-2");
    }

    [Fact]
    public async Task The_tags_index_pages_past_its_first_rows_and_matches_the_api()
    {
        var page = await browser.NewPage(Server);
        using var client = Server.Client();
        var api = JsonDocument.Parse(await client.GetStringAsync("/api/tags?limit=5000")).RootElement.EnumerateArray()
            .Select(t => t.GetProperty("tag").GetProperty("name").GetString()!).ToList();
        Assert.True(api.Count > 100, $"only {api.Count} tags");

        await page.GotoAsync("/tags?page=2");
        var names = (await page.Locator("#tag-table tbody td:first-child a").AllTextContentsAsync()).Select(n => n.Trim()).ToList();
        Assert.Equal(api.Skip(50).Take(50), names);
        Assert.Equal($"Showing 51–100 of {api.Count:N0}", (await page.Locator(".pager .showing").TextContentAsync())!.Trim());
        await page.ClickAsync(".pagination .last-page a");
        var last = (await page.Locator("#tag-table tbody td:first-child a").AllTextContentsAsync()).Select(n => n.Trim()).ToList();
        Assert.Equal(api.Skip((api.Count - 1) / 50 * 50), last);
        await BrowserFixture.Screenshot(page, "tags");
    }

    [Fact]
    public async Task Bookmarks_and_history_page_through_everything_kept()
    {
        var (bookmarks, history) = Server.WithStore(s => (
            s.ListBookmarks(IReaderStore.LocalUser, int.MaxValue).Select(b => b.WorkId).ToList(),
            s.ListProgress(IReaderStore.LocalUser, int.MaxValue).Select(p => p.WorkId).ToList()));
        var page = await browser.NewPage(Server);

        await page.GotoAsync("/bookmarks?page=3");
        Assert.Equal(bookmarks.Skip(40), await WorkIdsOn(page, "#bookmarks"));
        await page.ClickAsync(".pagination a[rel=prev]");
        Assert.Equal(bookmarks.Skip(20).Take(20), await WorkIdsOn(page, "#bookmarks"));
        await BrowserFixture.Screenshot(page, "bookmarks");

        await page.GotoAsync("/history");
        Assert.Equal(history.Take(20), await WorkIdsOn(page, "#history"));
        await page.ClickAsync(".pagination a[rel=next]");
        Assert.Equal(history.Skip(20).Take(20), await WorkIdsOn(page, "#history"));
        Assert.Equal("Showing 21–40 of 60", (await page.Locator(".pager .showing").TextContentAsync())!.Trim());
    }
}
