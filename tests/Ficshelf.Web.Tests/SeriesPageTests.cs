using System.Net;
using Ficshelf.Web.Tests.Support;

namespace Ficshelf.Web.Tests;

/// <summary>Series as pages of their own: the index of every series, one series' works in reading order, and the
/// link to it from a work's meta block.</summary>
public sealed class SeriesPageTests
{
    private static string Document(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "documents", name);

    [Fact]
    public async Task The_series_index_lists_each_series_and_a_series_page_lists_its_works_linked_from_the_work_page()
    {
        await using var server = await WebServer.StartAsync([Document("ao3-lighthouse-ledger.html"), Document("ao3-saved-entire-work-signed-out.html")]);
        using var client = server.Client();

        var index = await client.GetStringAsync("/series");
        Assert.Contains(">The Salt Records</a>", index);
        Assert.Contains(">The Shifting Shore</a>", index);
        Assert.Contains("<span class=\"total\" id=\"series-count\">2</span>", index);

        var work = server.WithStore(s => s.WorkIds().Select(id => s.GetWork(id)!).Single(w => w.SeriesOrBook == "The Salt Records"));
        var page = await client.GetStringAsync("/series/" + Uri.EscapeDataString("The Salt Records"));
        Assert.Contains($"href=\"/works/{work.Id}\"", page);
        Assert.DoesNotContain("The Shifting Shore", page);

        var workPage = await client.GetStringAsync($"/works/{work.Id}");
        Assert.Contains("id=\"series-link\" href=\"/series/The%20Salt%20Records\">Part 2 of The Salt Records</a>", workPage);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/series/No%20Such%20Series")).StatusCode);
    }
}
