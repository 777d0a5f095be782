using System.Net;
using System.Net.Http.Json;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Tests.Support;

namespace Ficshelf.Web.Tests;

/// <summary>A shared server (serve --accounts): visitors read, readers bookmark, the admin imports, deletes and wrangles.</summary>
public sealed class AccountTests
{
    private static Task<WebServer> SharedServer() =>
        WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"), o => o with { Accounts = true });

    private static async Task<HttpResponseMessage> Register(HttpClient client, string name, string password, string? confirm = null) =>
        await Forms.Post(client, "/account/register", "/account/register", ("name", name), ("password", password), ("confirm", confirm ?? password));

    [Fact]
    public async Task The_first_account_is_the_admin_and_later_ones_are_readers()
    {
        await using var server = await SharedServer();
        var work = server.WithStore(Expect.MultiChapterWork);

        using var visitor = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/works/{work.Id}")).StatusCode);
        var upload = await visitor.GetAsync("/upload");
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        Assert.StartsWith("/account/login", upload.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync("/api/bookmarks")).StatusCode);

        using var ada = server.Client();
        Assert.Contains("this first account will be the admin", await ada.GetStringAsync("/account/register"));
        Assert.Equal(HttpStatusCode.Redirect, (await Register(ada, "Ada", "lamp-lit-at-dusk")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/upload")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/wrangle")).StatusCode);

        using var bea = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await Register(bea, "Bea", "soup-by-nine-please")).StatusCode);
        var refused = await bea.GetAsync("/wrangle");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/error", refused.Headers.Location!.PathAndQuery);
        var denied = await bea.GetAsync(refused.Headers.Location);
        Assert.True(denied.StatusCode == HttpStatusCode.Forbidden, $"{refused.Headers.Location} {denied.StatusCode} {await denied.Content.ReadAsStringAsync()}");

        bea.DefaultRequestHeaders.Add(WebApp.ApiHeader, "1");
        Assert.Equal(HttpStatusCode.Forbidden, (await bea.DeleteAsync($"/api/works/{work.Id}")).StatusCode);
        var merge = await bea.PostAsJsonAsync("/api/wrangle/merge", new { from = new { category = "freeform", name = "Angst" }, into = new { category = "freeform", name = "Fluff" } });
        Assert.Equal(HttpStatusCode.Forbidden, merge.StatusCode);
        Assert.Equal(4, server.WithStore(s => s.CountWorks()));

        // Readers bookmark, each their own.
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.Post(bea, $"/works/{work.Id}", $"/works/{work.Id}/bookmark", ("note", "Bea's note"))).StatusCode);
        var beaId = server.WithStore(s => s.FindUser("bea")!.Id);
        var adaId = server.WithStore(s => s.FindUser("ada")!.Id);
        Assert.Equal("Bea's note", server.WithStore(s => s.GetBookmark(beaId, work.Id))?.Note);
        Assert.Null(server.WithStore(s => s.GetBookmark(adaId, work.Id)));
        Assert.Null(server.WithStore(s => s.GetBookmark(IReaderStore.LocalUser, work.Id)));
        Assert.DoesNotContain("Bea&#x27;s note", await ada.GetStringAsync("/bookmarks"));
        Assert.Contains("Bea&#x27;s note", await bea.GetStringAsync("/bookmarks"));

        // The work page's actions declare their policies: a visitor is sent to sign in, a reader may not delete.
        var anonymous = await visitor.PostAsync($"/works/{work.Id}/bookmark", new FormUrlEncodedContent([KeyValuePair.Create("note", "visitor")]));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery);
        var readerDelete = await Forms.Post(bea, $"/works/{work.Id}", $"/works/{work.Id}/delete", ("confirm", "yes"));
        Assert.Equal(HttpStatusCode.Redirect, readerDelete.StatusCode);
        Assert.StartsWith("/error", readerDelete.Headers.Location!.PathAndQuery);
        Assert.NotNull(server.WithStore(s => s.GetWork(work.Id)));

        // The admin may delete.
        ada.DefaultRequestHeaders.Add(WebApp.ApiHeader, "1");
        Assert.Equal(HttpStatusCode.NoContent, (await ada.DeleteAsync($"/api/works/{work.Id}")).StatusCode);
    }

    [Fact]
    public async Task Passwords_are_stored_hashed_and_checked_at_sign_in()
    {
        await using var server = await SharedServer();
        using var first = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await Register(first, "Ada", "lamp-lit-at-dusk")).StatusCode);

        var stored = server.WithStore(s => s.FindUser("ada")!.PasswordHash);
        Assert.DoesNotContain("lamp-lit-at-dusk", stored);
        Assert.True(Convert.FromBase64String(stored).Length > 32, "an Identity v3 hash: salt and subkey, base64");

        using var wrong = server.Client();
        var failed = await Forms.Post(wrong, "/account/login", "/account/login", ("name", "Ada"), ("password", "lamp-lit-at-dawn"));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Contains("do not match", await failed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await wrong.GetAsync("/upload")).StatusCode);

        var signedIn = await Forms.Post(wrong, "/account/login", "/account/login", ("name", "ada"), ("password", "lamp-lit-at-dusk"));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await wrong.GetAsync("/upload")).StatusCode);

        // Taken names, short passwords and mismatches are refused with the reason.
        using var other = server.Client();
        Assert.Contains("taken", await (await Register(other, "ADA", "something-long")).Content.ReadAsStringAsync());
        Assert.Contains("at least 8", await (await Register(other, "Cy", "short")).Content.ReadAsStringAsync());
        Assert.Contains("differ", await (await Register(other, "Cy", "something-long", "something-else")).Content.ReadAsStringAsync());
        Assert.Equal(1, server.WithStore(s => s.CountUsers()));

        // Signing out ends the session.
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.Post(wrong, "/", "/account/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await wrong.GetAsync("/upload")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_ends_when_its_account_is_gone()
    {
        await using var server = await SharedServer();
        using var ada = server.Client();
        await Register(ada, "Ada", "lamp-lit-at-dusk");
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/upload")).StatusCode);

        // Removed behind the server's back (say, by hand in the database): the cookie no longer opens anything.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.ArchivePath};Pooling=False"))
        {
            connection.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM users";
            delete.ExecuteNonQuery();
        }
        var after = await ada.GetAsync("/upload");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Password_guessing_is_slowed_down()
    {
        await using var server = await SharedServer();
        using var guesser = server.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            statuses.Add((await Forms.Post(guesser, "/account/login", "/account/login", ("name", "Ada"), ("password", $"guess-{i}"))).StatusCode);
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        // Reading the form is never limited.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task Without_accounts_the_local_reader_is_the_admin_and_nobody_signs_in()
    {
        await using var server = await WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"));
        using var client = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/upload")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wrangle")).StatusCode);
        Assert.Contains("Accounts are off", await client.GetStringAsync("/account/register"));
        Assert.Equal(0, server.WithStore(s => s.CountUsers()));
    }
}
