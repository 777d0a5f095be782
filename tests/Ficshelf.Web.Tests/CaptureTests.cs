using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ficshelf.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Ficshelf.Web.Tests;

/// <summary>
/// "Save to Ficshelf": the bookmarklet from Settings → Reading elsewhere, run in Chromium on saved AO3 and FanFiction.Net
/// pages served from another loopback origin, imports the page with its URL as the source; the capture endpoint wants
/// the token, never a cookie, and lets other origins call it without credentials.
/// </summary>
public sealed class CaptureTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "lamp-lit-at-dusk";

    /// <summary>Another site: the saved page at a story-like path on its own loopback port.</summary>
    private static async Task<(WebApplication App, Uri Base)> OtherSite(IReadOnlyDictionary<string, string> pages)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        foreach (var (path, file) in pages) app.MapGet(path, () => Results.File(file, "text/html; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }

    private static async Task<string> Bookmarklet(IPage page)
    {
        await page.GotoAsync("/account/register");
        await page.FillAsync("#name", "Ada");
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirm", Password);
        await page.ClickAsync("button[type=submit].primary");
        await page.GotoAsync("/settings/reading");
        await page.ClickAsync("#make-capture-token button");
        var href = await page.GetAttributeAsync("#bookmarklet", "href");
        Assert.StartsWith("javascript:", href);
        await BrowserFixture.Screenshot(page, "reading-elsewhere-settings");
        return href!;
    }

    /// <summary>What a click on the bookmark does: runs its script in the page; its alert says what happened.</summary>
    private static async Task<string> RunBookmarklet(IPage page, string href)
    {
        var said = new TaskCompletionSource<string>();
        void OnDialog(object? sender, IDialog dialog) { said.TrySetResult(dialog.Message); _ = dialog.AcceptAsync(); }
        page.Dialog += OnDialog;
        try
        {
            await page.EvaluateAsync(Uri.UnescapeDataString(href["javascript:".Length..]));
            return await said.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally { page.Dialog -= OnDialog; }
    }

    [SkippableFact]
    public async Task The_bookmarklet_saves_saved_AO3_and_FanFictionNet_pages_from_another_site()
    {
        var ao3 = TestPaths.RequireShared("real", "ao3-saved-work-page.html");
        var ffn = TestPaths.RequireShared("real", "ffn-saved-chapter-1-of-2.html");
        await using var server = await WebServer.StartAsync(configure: o => o with { Accounts = true });
        var (site, siteBase) = await OtherSite(new Dictionary<string, string> { ["/works/4242"] = ao3, ["/s/777/1/Counting"] = ffn });
        await using var _ = site;
        var page = await browser.NewPage(server);
        var bookmarklet = await Bookmarklet(page);

        var ao3Url = new Uri(siteBase, "/works/4242").ToString();
        var ffnUrl = new Uri(siteBase, "/s/777/1/Counting").ToString();
        await page.GotoAsync(ao3Url, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        var ao3Said = await RunBookmarklet(page, bookmarklet);
        await page.GotoAsync(ffnUrl, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        Assert.Equal("Ficshelf: Saved “Counting” to Ficshelf.", await RunBookmarklet(page, bookmarklet));

        // Each page is a work of its platform, its source named by the page's URL; the alert named what was saved.
        var works = server.WithStore(s => s.ListWorks().Select(w => s.GetWork(w.Id)!).ToList());
        Assert.Equal(2, works.Count);
        var fromAo3 = works.Single(w => w.Sources.Single().FileName == ao3Url);
        Assert.Equal(Core.Domain.Platform.Ao3, fromAo3.Platform);
        Assert.Equal($"Ficshelf: Saved “{fromAo3.DisplayTitle}” to Ficshelf.", ao3Said);
        var saved = works.Single(w => w.Sources.Single().FileName == ffnUrl);
        Assert.Equal("Counting", saved.DisplayTitle);
        Assert.Equal(Core.Domain.Platform.FanFictionNet, saved.Platform);

        // Saving the same page again adds nothing.
        Assert.Equal("Ficshelf: “Counting”: already imported.", await RunBookmarklet(page, bookmarklet));
        await page.GotoAsync($"/works/{saved.Id}");
        await BrowserFixture.Screenshot(page, "capture-result");
    }

    [Fact]
    public async Task The_capture_endpoint_wants_the_token_not_a_cookie_and_allows_other_origins_without_credentials()
    {
        await using var server = await WebServer.StartAsync(configure: o => o with { Accounts = true });
        using var ada = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.Post(ada, "/account/register", "/account/register", ("name", "Ada"), ("password", Password), ("confirm", Password))).StatusCode);
        var settings = await Forms.Post(ada, "/settings/reading", "/settings/reading?handler=CaptureToken");
        var token = System.Text.RegularExpressions.Regex.Match(await settings.Content.ReadAsStringAsync(), "id=\"capture-token\">([^<]+)<").Groups[1].Value;
        Assert.NotEmpty(token);
        var story = File.ReadAllText(WebServer.Fixture("harbour-lights-the-ferry.txt"));
        var html = $"<html><body><pre>{System.Net.WebUtility.HtmlEncode(story)}</pre></body></html>";

        // Signed in by cookie but without the token: refused.
        var cookieOnly = await ada.PostAsJsonAsync("/api/capture", new { url = "https://example.org/ferry", html });
        Assert.Equal(HttpStatusCode.Unauthorized, cookieOnly.StatusCode);
        var wrongToken = await ada.PostAsJsonAsync("/api/capture", new { token = token + "x", url = "https://example.org/ferry", html });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal(0, server.WithStore(s => s.CountWorks()));

        // The preflight of a page on another origin: that origin may post, with no credentials.
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/capture");
        preflight.Headers.Add("Origin", "https://archiveofourown.org");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var anonymous = server.Client();
        var answer = await anonymous.SendAsync(preflight);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"));
        // Only this endpoint: the rest of the API gives other origins nothing.
        using var otherApi = new HttpRequestMessage(HttpMethod.Get, "/api/works");
        otherApi.Headers.Add("Origin", "https://archiveofourown.org");
        Assert.False((await anonymous.SendAsync(otherApi)).Headers.Contains("Access-Control-Allow-Origin"));

        var saved = await anonymous.PostAsJsonAsync("/api/capture", new { token, url = "https://example.org/ferry", html });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("added", body.GetProperty("outcome").GetString());
        Assert.Equal("https://example.org/ferry", server.WithStore(s => s.GetWork(body.GetProperty("workId").GetInt64())!.Sources.Single().FileName));

        // A reader (not an admin) may not import on a shared server, token or not.
        using var bea = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.Post(bea, "/account/register", "/account/register", ("name", "Bea"), ("password", Password), ("confirm", Password))).StatusCode);
        Assert.Contains("Only an admin may import", await (await Forms.Post(bea, "/settings/reading", "/settings/reading?handler=CaptureToken")).Content.ReadAsStringAsync());
    }
}
