using System.Globalization;
using Deque.AxeCore.Playwright;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Domain;
using Ficshelf.Web.Tests.Support;
using Microsoft.Playwright;

namespace Ficshelf.Web.Tests;

/// <summary>The relationship map drawn from the archive's own relationship tags: what it counts, what a click opens, axe.</summary>
public sealed class RelationshipMapTests(BrowserFixture browser, PagedArchive archive) : IClassFixture<BrowserFixture>, IClassFixture<PagedArchive>
{
    private WebServer Server => archive.Server;

    /// <summary>Works per relationship tag as the archive has them (synonyms counted as their canonical tag), for the tags that name two or more characters.</summary>
    private Dictionary<string, int> RelationshipCounts() => Server.WithStore(s =>
    {
        var graph = s.LoadTagGraph();
        return s.WorkIds().Select(id => s.GetWork(id)!)
            .SelectMany(w => w.EffectiveTags.Where(t => t.Category == TagCategory.Relationship).Select(t => graph.Canonical(t.Tag).Name).Distinct(StringComparer.OrdinalIgnoreCase))
            .Where(name => RelationshipTagSyntax.SplitMembers(name) is { Members.Count: >= 2 })
            .GroupBy(n => n, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
    });

    [Fact]
    public async Task The_map_draws_the_archives_relationships_tells_romantic_from_platonic_and_a_click_searches()
    {
        var expected = RelationshipCounts();
        Assert.True(expected.Count >= 3, $"the corpus has {expected.Count} relationships");
        var page = await browser.NewPage(Server);
        await page.GotoAsync("/stats");
        await page.ClickAsync("#map-link");
        await page.WaitForURLAsync("**/map");

        // Every edge drawn is a relationship of the archive with its own count of works; the most written are drawn.
        var edges = await page.Locator("#relationship-map a.edge").EvaluateAllAsync<string[][]>(
            "links => links.map(a => [a.dataset.relationship, a.dataset.works, a.getAttribute('class')])");
        Assert.Equal(Math.Min(expected.Count, 40), edges.Length);
        foreach (var edge in edges) Assert.Equal(expected[edge[0]], int.Parse(edge[1], CultureInfo.InvariantCulture));
        var smallest = edges.Min(e => int.Parse(e[1], CultureInfo.InvariantCulture));
        Assert.All(expected.Where(kv => kv.Value > smallest), kv => Assert.Contains(edges, e => e[0] == kv.Key));
        Assert.Equal(edges.Length.ToString(CultureInfo.InvariantCulture), (await page.Locator("#map-edge-count").TextContentAsync())!.Trim());

        // Romantic and platonic apart: by the tag's own separator, in the edge's class, the line's dash and the legend.
        foreach (var edge in edges)
            Assert.Contains(edge[0].Contains(" & ", StringComparison.Ordinal) ? "platonic" : edge[0].Contains('/', StringComparison.Ordinal) ? "romantic" : "unspecified", edge[2]);
        Assert.Contains(edges, e => e[2].Contains("romantic", StringComparison.Ordinal));
        Assert.Contains(edges, e => e[2].Contains("platonic", StringComparison.Ordinal));
        var dashes = await page.EvaluateAsync<string[]>("() => ['romantic', 'platonic'].map(k => getComputedStyle(document.querySelector(`a.edge.${k} path`)).strokeDasharray)");
        Assert.Equal("none", dashes[0]);
        Assert.NotEqual("none", dashes[1]);
        Assert.Contains("Platonic", await page.Locator("#map-legend").TextContentAsync());

        // The nodes are exactly the characters the drawn relationships name.
        var members = edges.SelectMany(e => RelationshipTagSyntax.SplitMembers(e[0])!.Value.Members).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var nodes = await page.Locator("#relationship-map a.node").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.character)");
        Assert.Equal(members.Count, nodes.Length);
        Assert.All(nodes, n => Assert.Contains(n, members));
        // The table says the same in words.
        Assert.Equal(edges.Length, await page.Locator("#map-table tbody tr").CountAsync());

        await BrowserFixture.Screenshot(page, "map-1280");
        var axe = await page.RunAxe();
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));

        // A click on the busiest character searches for it; on a relationship, for its works.
        var busiest = page.Locator("#relationship-map a.node").First;
        var name = await busiest.GetAttributeAsync("data-character");
        await busiest.Locator("circle").ClickAsync(new LocatorClickOptions { Force = true });
        await page.WaitForURLAsync("**/search?inc=character*");
        Assert.Contains("character:" + name, Uri.UnescapeDataString(page.Url));
        Assert.True(await page.Locator("#results li.blurb").CountAsync() > 0);

        await page.GoBackAsync();
        var top = edges.OrderByDescending(e => int.Parse(e[1], CultureInfo.InvariantCulture)).First();
        // By its accessible name, not a CSS text selector: canonical names may hold quotes (Evan "Buck" Buckley).
        await page.Locator("#map-table").GetByRole(AriaRole.Link, new() { Name = top[0], Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/search?inc=relationship*");
        var found = int.Parse((await page.Locator("#result-count .total").TextContentAsync())!.Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.Equal(expected[top[0]], found);

        // From a search: its map covers only its works.
        await page.ClickAsync("#map-link");
        await page.WaitForURLAsync("**/map?inc=relationship*");
        Assert.Equal(found.ToString("N0", CultureInfo.InvariantCulture), (await page.Locator("#map-works").TextContentAsync())!.Trim());
        Assert.Contains(top[0], await page.Locator("#relationship-map a.edge").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.relationship)"));
    }

    [Fact]
    public async Task On_a_phone_the_map_fits_and_passes_axe()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/map");
        await BrowserFixture.Screenshot(page, "map-390");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth"));
        var axe = await page.RunAxe();
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
    }
}
