using Ficshelf.Core.Domain;
using Ficshelf.Web.Tests.Support;
using Microsoft.Playwright;

namespace Ficshelf.Web.Tests;

/// <summary>The search page explains itself: bad parts pointed at and left out, authors as links and pages, sort direction, the budget.</summary>
public sealed class SearchPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task<List<long>> Listed(IPage page) =>
        [.. await page.Locator("#results li.blurb").EvaluateAllAsync<long[]>("items => items.map(i => Number(i.dataset.workId))")];

    [Fact]
    public async Task A_bad_part_of_a_query_is_pointed_at_and_the_rest_still_runs()
    {
        await using var server = await WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"));
        var mara = server.WithStore(s => Expect.Matching(s, [new Tag(TagCategory.Character, "Mara Quill")], []));
        Assert.True(mara.Count < server.WithStore(s => s.CountWorks()), "the filter must matter");
        var page = await browser.NewPage(server);

        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("words:foo +character:\"Mara Quill\""));
        Assert.Equal("words:foo", (await page.Locator("#query-problems code.bad-part").TextContentAsync())!.Trim());
        Assert.Equal("words:foo", (await page.Locator("#query-problems mark").TextContentAsync())!.Trim());
        Assert.Contains("not a number", await page.Locator("#query-problems").TextContentAsync());
        Assert.Equal(mara, new SortedSet<long>(await Listed(page)));
        Assert.Equal("+character:\"Mara Quill\"", (await page.Locator(".formatted-query code").TextContentAsync())!.Trim());
        await BrowserFixture.Screenshot(page, "search-bad-part");

        // Past the budget: a clear message, a 400, no results.
        var response = await page.GotoAsync("/search?q=" + Uri.EscapeDataString(string.Join(' ', "abcdefghijklm".Select(c => c + "*"))));
        Assert.Equal(400, response!.Status);
        Assert.Contains("budget", await page.Locator("#query-error").TextContentAsync());
        // Repeats are folded and run.
        response = await page.GotoAsync("/search?q=" + Uri.EscapeDataString(string.Join(' ', Enumerable.Repeat("harbou*", 300))));
        Assert.Equal(200, response!.Status);
        Assert.True(await page.Locator("#results li.blurb").CountAsync() > 0);
    }

    [Fact]
    public async Task Authors_link_to_their_page_and_the_sort_direction_turns_the_list()
    {
        await using var server = await WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"));
        var works = server.WithStore(s => s.WorkIds().Select(id => s.GetWork(id)!).ToList());
        var author = works.SelectMany(w => w.Authors).GroupBy(a => a).OrderByDescending(g => g.Count()).First().Key;
        var byAuthor = works.Where(w => w.Authors.Contains(author)).Select(w => w.Id).Order().ToList();
        var page = await browser.NewPage(server);

        await page.GotoAsync("/search");
        await page.Locator($"#results a[rel=author]:text-is('{author}')").First.ClickAsync();
        await page.WaitForURLAsync("**/authors/**");
        Assert.Equal(author, (await page.Locator("h1.author-name").TextContentAsync())!.Trim());
        Assert.Equal(byAuthor, (await Listed(page)).Order().ToList());
        await BrowserFixture.Screenshot(page, "author");
        Assert.Equal(404, (await page.GotoAsync("/authors/Nobody%20Wrote%20This"))!.Status);

        // The work page links its author too, and author: searches.
        await page.GotoAsync($"/works/{byAuthor[0]}");
        Assert.Equal(1, await page.Locator($".byline a[rel=author]:text-is('{author}')").CountAsync());
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString($"author:\"{author}\""));
        Assert.Equal(byAuthor, (await Listed(page)).Order().ToList());

        await page.GotoAsync("/search?sort=words");
        var descending = await Listed(page);
        await page.SelectOptionAsync("#order", "asc");
        await page.Locator(".filters button.primary").First.ClickAsync();
        await page.WaitForURLAsync("**order=asc**");
        Assert.Equal(descending.AsEnumerable().Reverse(), await Listed(page));
    }
}
