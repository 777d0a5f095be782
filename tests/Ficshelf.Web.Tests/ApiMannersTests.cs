using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ficshelf.Web.Tests.Support;

namespace Ficshelf.Web.Tests;

/// <summary>The API's manners: problem+json for every error, reads without the change header, the search budget, long addresses.</summary>
public sealed class ApiMannersTests
{
    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} instead of {(int)status}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    [Fact]
    public async Task Every_api_error_is_a_problem_document()
    {
        await using var server = await WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"));
        using var api = server.ApiClient();
        using var plain = server.Client();
        // Browsers send Accept: text/html; the API answers with the problem all the same.
        plain.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        await Problem(await plain.GetAsync("/api/works/abc"), HttpStatusCode.NotFound);
        Assert.Contains("no work", (await Problem(await api.GetAsync("/api/works/987654"), HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        Assert.Contains("no tag", (await Problem(await api.GetAsync("/api/tags/freeform/No Such Tag At All"), HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        var header = await Problem(await plain.DeleteAsync("/api/works/1"), HttpStatusCode.BadRequest);
        Assert.Contains(WebApp.ApiHeader, header.GetProperty("detail").GetString());
        Assert.Equal(header.GetProperty("detail").GetString(), header.GetProperty("error").GetString());
        await Problem(await api.GetAsync("/api/search?q=" + Uri.EscapeDataString("words:foo")), HttpStatusCode.BadRequest);

        // The HTML pages keep their HTML error page, and an unknown tag's page is a 404.
        var page = await plain.GetAsync("/tags/freeform/No Such Tag At All");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_search_sent_as_an_object_only_reads_and_needs_no_change_header()
    {
        await using var server = await WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"));
        using var plain = server.Client();
        var response = await plain.PostAsJsonAsync("/api/search", new { text = "harbour" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32() > 0);
        // A change still needs it.
        Assert.Equal(HttpStatusCode.BadRequest, (await plain.DeleteAsync("/api/works/1")).StatusCode);
    }

    [Fact]
    public async Task A_query_past_the_budget_is_a_clear_400_and_repeats_are_folded()
    {
        await using var server = await WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"));
        using var api = server.ApiClient();
        var repeated = await api.GetAsync("/api/search?q=" + Uri.EscapeDataString(string.Join(' ', Enumerable.Repeat("t*", 500))));
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var costly = string.Join(' ', "abcdefghijklm".Select(c => c + "*"));
        Assert.Contains("budget", (await Problem(await api.GetAsync("/api/search?q=" + Uri.EscapeDataString(costly)), HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        Assert.Contains("budget", (await Problem(await api.PostAsJsonAsync("/api/search", new { text = costly }), HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_over_long_address_gets_a_page_that_says_so()
    {
        await using var server = await WebServer.StartAsync();
        using var client = server.Client();
        var longQuery = "?q=" + new string('x', 12 * 1024);
        var page = await client.GetAsync("/search" + longQuery);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("too long", html);
        Assert.Contains("action=\"/search\"", html);
        await Problem(await client.GetAsync("/api/search" + longQuery), HttpStatusCode.RequestUriTooLong);
    }
}
