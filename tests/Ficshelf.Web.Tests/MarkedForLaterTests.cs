using Ficshelf.Core.Storage;
using Ficshelf.Web.Tests.Support;

namespace Ficshelf.Web.Tests;

/// <summary>AO3's "Mark for Later": from the work page's action bar, the list a page at a time, and un-marking from both.</summary>
public sealed class MarkedForLaterTests(BrowserFixture browser, PagedArchive archive) : IClassFixture<BrowserFixture>, IClassFixture<PagedArchive>
{
    private WebServer Server => archive.Server;

    [Fact]
    public async Task A_work_marked_for_later_is_listed_newest_first_paged_and_unmarked()
    {
        var ids = Server.WithStore(s => s.WorkIds().ToList());
        var page = await browser.NewPage(Server);
        var first = ids[100];
        await page.GotoAsync($"/works/{first}");
        Assert.Equal("Mark for Later", (await page.Locator("#mark-later").TextContentAsync())!.Trim());
        await page.ClickAsync("#mark-later");
        await page.WaitForURLAsync($"**/works/{first}");
        Assert.Equal("Marked for Later ✓", (await page.Locator("#mark-later").TextContentAsync())!.Trim());
        Assert.Equal("true", await page.Locator("#mark-later").GetAttributeAsync("aria-pressed"));

        // 24 more, marked after it: the list shows the newest mark first, 20 a page.
        var more = ids.Take(24).ToList();
        Server.WithStore(s =>
        {
            foreach (var id in more) ((IReaderStore)s).SetMarkedForLaterAsync(IReaderStore.LocalUser, id, true).GetAwaiter().GetResult();
            return 0;
        });
        var expected = Server.WithStore(s => ((IReaderStore)s).ListMarkedForLaterAsync(IReaderStore.LocalUser, 100, 0).GetAwaiter().GetResult().Select(m => m.WorkId).ToList());
        Assert.Equal(25, expected.Count);
        Assert.Equal(first, expected[^1]);

        await page.GotoAsync("/bookmarks");
        await page.ClickAsync("a[href='/later']");
        await page.WaitForURLAsync("**/later");
        Assert.Equal("Showing 1–20 of 25", (await page.Locator(".pager .showing").First.TextContentAsync())!.Trim());
        var onFirst = await page.Locator("#marked-for-later li.blurb").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.workId))");
        Assert.Equal(expected.Take(20), onFirst);
        await page.ClickAsync(".pagination a[rel=next]");
        await page.WaitForURLAsync("**/later?page=2");
        var onSecond = await page.Locator("#marked-for-later li.blurb").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.workId))");
        Assert.Equal(expected.Skip(20), onSecond);
        await BrowserFixture.Screenshot(page, "marked-for-later-page-2-1280");

        // Un-mark from the list: back on the same page, one fewer.
        await page.Locator($"#work-{first} button.unmark-later").ClickAsync();
        await page.WaitForURLAsync("**/later?page=2");
        Assert.Equal("Showing 21–24 of 24", (await page.Locator(".pager .showing").First.TextContentAsync())!.Trim());
        Assert.Equal(0, await page.Locator($"#work-{first}").CountAsync());
        Assert.False(Server.WithStore(s => ((IReaderStore)s).IsMarkedForLaterAsync(IReaderStore.LocalUser, first).GetAwaiter().GetResult()));

        // Un-mark from the work page.
        await page.GotoAsync($"/works/{more[0]}");
        Assert.Equal("Marked for Later ✓", (await page.Locator("#mark-later").TextContentAsync())!.Trim());
        await page.ClickAsync("#mark-later");
        await page.WaitForURLAsync($"**/works/{more[0]}");
        Assert.Equal("Mark for Later", (await page.Locator("#mark-later").TextContentAsync())!.Trim());
        Assert.Equal(23, Server.WithStore(s => ((IReaderStore)s).CountMarkedForLaterAsync(IReaderStore.LocalUser).GetAwaiter().GetResult()));
    }
}
