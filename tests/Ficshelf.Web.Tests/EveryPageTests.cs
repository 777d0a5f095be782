using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Tests.Support;
using Microsoft.Playwright;

namespace Ficshelf.Web.Tests;

/// <summary>
/// Every page at a desk (1280 px) and on a phone (390 px): a screenshot of each, no serious or critical axe-core
/// violation, nothing wider than the screen; and the keyboard alone can filter and read.
/// </summary>
public sealed class EveryPageTests(BrowserFixture browser, PagedArchive archive) : IClassFixture<BrowserFixture>, IClassFixture<PagedArchive>
{
    private WebServer Server => archive.Server;

    private IEnumerable<(string Name, string Path)> Pages()
    {
        var (work, fandom, author) = Server.WithStore(s =>
        {
            var id = s.WorkIds().First(i => s.GetWork(i)!.Chapters.Count > 1);
            var w = s.GetWork(id)!;
            return (id, s.ListTags(TagCategory.Fandom).OrderByDescending(t => t.Works).First().Tag.Name, w.Authors[0]);
        });
        yield return ("home", "/");
        yield return ("browse", "/search");
        yield return ("browse-page-2", "/search?page=2");
        yield return ("tags-index", "/tags");
        yield return ("tag", "/tags/fandom/" + Uri.EscapeDataString(fandom));
        yield return ("work-page", $"/works/{work}");
        yield return ("work-entire", $"/works/{work}?view=full");
        yield return ("author-page", "/authors/" + Uri.EscapeDataString(author));
        yield return ("bookmarks-page", "/bookmarks");
        yield return ("history-page", "/history");
        yield return ("marked-for-later", "/later");
        yield return ("map", "/map");
        yield return ("map-fandom", "/map?inc=" + Uri.EscapeDataString("fandom:" + fandom));
        yield return ("upload-page", "/upload");
        yield return ("wrangle-page", "/wrangle");
        yield return ("stats", "/stats");
        yield return ("stats-search", "/stats?inc=" + Uri.EscapeDataString("fandom:" + fandom));
        yield return ("not-found", "/works/999999");
    }

    private async Task<IPage> NewPage(int width, WebServer? server = null)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (server ?? Server).BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 900 },
            IsMobile = width < 600,
            HasTouch = width < 600,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task Every_page_passes_axe_and_fits_the_screen(int width) =>
        await PassAxeAndFit(Server, Pages().ToList(), width);

    /// <summary>The synthetic works have no series: the series pages are tried on two saved AO3 works that do.</summary>
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_series_pages_pass_axe_and_fit_the_screen(int width)
    {
        static string Document(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "documents", name);
        await using var server = await WebServer.StartAsync([Document("ao3-lighthouse-ledger.html"), Document("ao3-saved-entire-work-signed-out.html")]);
        await PassAxeAndFit(server, [("series-index", "/series"), ("series-page", "/series/" + Uri.EscapeDataString("The Salt Records"))], width);
    }

    private async Task PassAxeAndFit(WebServer server, List<(string Name, string Path)> pages, int width)
    {
        var page = await NewPage(width, server);
        var problems = new List<string>();
        foreach (var (name, path) in pages)
        {
            await page.GotoAsync(path);
            await BrowserFixture.Screenshot(page, $"{name}-{width}");
            var axe = await page.RunAxe();
            foreach (var violation in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
                problems.Add($"{path} at {width}px: {violation.Impact} {violation.Id}: {violation.Help} ({string.Join("; ", violation.Nodes.Take(3).Select(n => n.Html))})");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 0) problems.Add($"{path} at {width}px is {overflow}px wider than the screen");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task On_a_phone_the_sort_and_filter_button_comes_first_and_opens_the_panel()
    {
        var page = await NewPage(390);
        await page.GotoAsync("/search");
        var toggle = page.Locator("#filters-toggle");
        var box = await toggle.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box!.Y < 300, $"the button is {box.Y}px down");
        Assert.False(await page.Locator("#filters-panel").IsVisibleAsync());
        await toggle.ClickAsync();
        Assert.True(await page.Locator("#filters-panel").IsVisibleAsync());
        var panel = await page.Locator("#filters-panel").BoundingBoxAsync();
        Assert.True(panel!.Y < (await page.Locator("#results").BoundingBoxAsync())!.Y, "the panel opens above the results");
        await BrowserFixture.Screenshot(page, "browse-filters-open-390");
    }

    [Fact]
    public async Task The_keyboard_alone_filters_and_reads_with_focus_always_visible()
    {
        var page = await NewPage(1280);
        await page.GotoAsync("/search");
        // Tab to the first rating checkbox of the filters, tick it with the space bar, submit with Enter.
        // The skip link to the filters comes early in the tab order.
        for (var i = 0; i < 40 && !await page.EvaluateAsync<bool>("() => document.activeElement.id === 'filters-toggle'"); i++)
            await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.Locator("#filters-toggle").IsVisibleAsync(), "the skip link shows when focused");
        await page.Keyboard.PressAsync("Enter");
        var rating = page.Locator(".include details.rating input[type=checkbox]").First;
        var value = await rating.GetAttributeAsync("value");
        for (var i = 0; i < 200 && !await rating.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            // Whatever has the focus shows it.
            var outline = await page.EvaluateAsync<string>("() => { const e = document.activeElement; return e && e !== document.body ? getComputedStyle(e).outlineStyle : 'none-needed'; }");
            Assert.NotEqual("none", outline);
        }
        Assert.True(await rating.EvaluateAsync<bool>("e => e === document.activeElement"), "Tab never reached the filters");
        await page.Keyboard.PressAsync("Space");
        for (var i = 0; i < 200 && !await page.EvaluateAsync<bool>("() => document.activeElement.matches('.filters button.primary')"); i++)
            await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**inc=**");
        Assert.True(await page.Locator($"input[name=inc][value='{value}']").IsCheckedAsync());

        // Open a work from the results with the keyboard, then turn chapters with the arrows.
        await page.Locator("#results a.work-title").First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/works/**");
        Assert.Equal(1, await page.Locator("#workskin").CountAsync());
    }

    [Fact]
    public async Task The_api_reference_renders_the_apps_own_openapi_document_within_its_policy()
    {
        var page = await NewPage(1280);
        var blocked = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) && message.Text.Contains("script", StringComparison.OrdinalIgnoreCase)) blocked.Add(message.Text); };
        var external = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(Server.BaseAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) external.Add(request.Url); };
        var response = await page.GotoAsync("/api-reference");
        Assert.Equal(200, response!.Status);
        Assert.Contains("'nonce-", response.Headers["content-security-policy"]);
        await page.GetByText("The works, in archive order", new() { Exact = false }).First.WaitForAsync(new() { Timeout = 30_000 });
        await BrowserFixture.Screenshot(page, "api-reference-1280");
        Assert.Empty(blocked);
        // Scalar may try its own font host; the policy stops it, and nothing else leaves the app.
        Assert.All(external, url => Assert.DoesNotContain(".js", url));
    }

    [Fact]
    public async Task The_stats_charts_draw_the_archives_own_counts_and_a_bar_opens_its_works()
    {
        var (total, fandomCounts) = Server.WithStore(s =>
        {
            var works = s.WorkIds().Select(id => s.GetWork(id)!).ToList();
            var counts = works.SelectMany(w => w.EffectiveTags.Where(t => t.Category == TagCategory.Fandom).Select(t => t.Name).Distinct())
                .GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
            return (works.Count, counts);
        });
        var page = await NewPage(1280);
        await page.GotoAsync("/stats");
        Assert.Equal(total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), (await page.Locator("#stats-works").TextContentAsync())!.Trim());
        var labels = await page.Locator("#fandom-works .bar-label").AllTextContentsAsync();
        var values = await page.Locator("#fandom-works .bar-value").AllTextContentsAsync();
        Assert.True(labels.Count >= 5, $"{labels.Count} fandom bars");
        for (var i = 0; i < labels.Count; i++) Assert.Equal(fandomCounts[labels[i]].ToString("N0", System.Globalization.CultureInfo.InvariantCulture), values[i].Trim());
        Assert.Equal(fandomCounts.Values.Max(), fandomCounts[labels[0]]);
        foreach (var chart in new[] { "#fandom-words", "#relationships", "#characters", "#ratings", "#words-per-month", "#reading-per-week" })
            Assert.True(await page.Locator($"{chart} rect.bar-fill").CountAsync() > 0, $"{chart} has no bars");

        // A bar is a link to its works; the search's own stats page narrows every chart.
        await page.Locator("#fandom-works a .bar-fill").First.ClickAsync();
        await page.WaitForURLAsync("**/search?inc=**");
        // The search finds the tag through its synonyms and subtags too: at least the works the bar counted.
        var found = (await page.Locator("#result-count .total").TextContentAsync())!.Trim();
        Assert.True(int.Parse(found, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) >= fandomCounts[labels[0]]);
        await page.ClickAsync("#stats-link");
        await page.WaitForURLAsync("**/stats?inc=**");
        Assert.Equal(found, (await page.Locator("#stats-works").TextContentAsync())!.Trim());
        Assert.Equal(labels[0], (await page.Locator("#fandom-works .bar-label").First.TextContentAsync())!.Trim());
        await BrowserFixture.Screenshot(page, "stats-search-1280");
    }
}
