using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ficshelf.Web.Tests.Support;

namespace Ficshelf.Web.Tests;

/// <summary>
/// KOReader's progress sync, with requests shaped as its sync plugin sends them (plugins/kosync.koplugin: KOSyncClient.lua
/// and api.json — Spore with Format.JSON, the Accept header application/vnd.koreader.v1+json, x-auth-user / x-auth-key
/// where the key is the MD5 of the password, and the document named by the partial MD5 of the book file).
/// </summary>
public sealed class KoSyncTests
{
    private const string Password = "lamp-lit-at-dusk";

    private static Task<WebServer> Server(bool accounts)
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "four-chapters.txt");
        File.WriteAllText(path, InventedWorks.Ao3Text(41, null, chapters: 4));
        return WebServer.StartAsync([path], o => o with { Accounts = accounts });
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A KOReader sync client: what KOSyncClient sets on every request.</summary>
    private static HttpClient Koreader(WebServer server, string? user, string? password)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.koreader.v1+json"));
        if (user is not null) client.DefaultRequestHeaders.Add("x-auth-user", user);
        if (password is not null) client.DefaultRequestHeaders.Add("x-auth-key", Md5(password));
        return client;
    }

    private static Task<HttpResponseMessage> PutProgress(HttpClient client, string document, string progress, double percentage) =>
        client.PutAsync("/syncs/progress", new StringContent(JsonSerializer.Serialize(new
        {
            document, progress, percentage, device = "Kobo Libra 2", device_id = "5C9A0D1E7F3B4A2C8D6E0F1A2B3C4D5E",
        }), Encoding.UTF8, "application/json"));

    /// <summary>KOReader's util.partialMD5 computed by coreutils (dd + md5sum), not by Ficshelf's code: 1 KiB at 0, 1 KiB, 4 KiB … until the end.</summary>
    private static async Task<string> PartialMd5ByShell(byte[] file)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "book.epub");
        await File.WriteAllBytesAsync(path, file);
        var script = new StringBuilder("{ dd if=\"$1\" bs=1024 count=1 status=none; ");
        for (var i = 0; i <= 10; i++)
        {
            var offset = 1024L << (2 * i);
            if (offset >= file.Length) break;
            script.Append($"dd if=\"$1\" bs=1024 skip={offset / 1024} count=1 status=none; ");
        }
        script.Append("} | md5sum");
        var run = await ExternalTools.RunAsync("sh", ["-c", script.ToString(), "sh", path]);
        Assert.Equal(0, run.ExitCode);
        return run.Stdout.Split(' ')[0];
    }

    [Fact]
    public async Task Progress_read_on_KOReader_shows_in_the_web_reader_and_back()
    {
        await using var server = await Server(accounts: true);
        var work = server.WithStore(Expect.MultiChapterWork);
        Assert.Equal(4, work.Chapters.Count);
        using var browser = server.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.Post(browser, "/account/register", "/account/register", ("name", "Ada"), ("password", Password), ("confirm", Password))).StatusCode);
        var adaId = server.WithStore(s => s.FindUser("ada")!.Id);

        using var device = Koreader(server, "Ada", Password);
        // Not linked yet: KOReader's login is refused with the sync server's own error shape.
        var refused = await device.GetAsync("/users/auth");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(2001, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());

        // Linking asks for the account's password.
        var wrong = await Forms.Post(browser, "/settings/reading", "/settings/reading?handler=LinkKoreader", ("password", "lamp-lit-at-dawn"));
        Assert.Contains("not your password", await wrong.Content.ReadAsStringAsync());
        var linked = await Forms.Post(browser, "/settings/reading", "/settings/reading?handler=LinkKoreader", ("password", Password));
        Assert.Contains("KOReader linked", await linked.Content.ReadAsStringAsync());

        var auth = await device.GetAsync("/users/auth");
        Assert.Equal(HttpStatusCode.OK, auth.StatusCode);
        Assert.Equal("OK", (await auth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorized").GetString());
        using (var badKey = Koreader(server, "Ada", "lamp-lit-at-dawn"))
            Assert.Equal(HttpStatusCode.Unauthorized, (await badKey.GetAsync("/users/auth")).StatusCode);
        // KOReader's Register on an existing account: "already registered" (402), as koreader-sync-server answers.
        var register = await Koreader(server, null, null).PostAsync("/users/create",
            new StringContent(JsonSerializer.Serialize(new { username = "Ada", password = Md5(Password) }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.PaymentRequired, register.StatusCode);
        Assert.Equal(2002, (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());

        // The book on the device is the EPUB downloaded from Ficshelf; KOReader names it by its partial MD5.
        var epub = await browser.GetByteArrayAsync($"/works/{work.Id}/download/epub");
        var document = await PartialMd5ByShell(epub);

        // Reading chapter 2 on the device (spine: preface, chapter 1, chapter 2 → DocFragment[3]).
        const string xpointer = "/body/DocFragment[3]/body/div/div[2]/p[4]/text().17";
        var put = await PutProgress(device, document, xpointer, 0.42);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var putBody = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(document, putBody.GetProperty("document").GetString());
        Assert.True(putBody.GetProperty("timestamp").GetInt64() > 0);
        Assert.Equal(2, server.WithStore(s => s.GetProgress(adaId, work.Id))!.Chapter);
        // The web reader opens the work where the device left it.
        var page = await browser.GetStringAsync($"/works/{work.Id}");
        Assert.Contains("You are on chapter 2 of 4.", page);
        Assert.Contains("resumed where you left off", page);

        // The device asks again: it gets exactly what it wrote.
        var back = await (await device.GetAsync($"/syncs/progress/{document}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(xpointer, back.GetProperty("progress").GetString());
        Assert.Equal(0.42, back.GetProperty("percentage").GetDouble(), 6);
        Assert.Equal("Kobo Libra 2", back.GetProperty("device").GetString());

        // Reading on in the web reader moves the device on: chapter 3 starts at DocFragment[4].
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/works/{work.Id}?chapter=3")).StatusCode);
        var moved = await (await device.GetAsync($"/syncs/progress/{document}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/body/DocFragment[4]/body", moved.GetProperty("progress").GetString());
        Assert.Equal("ficshelf-web", moved.GetProperty("device_id").GetString());
        Assert.True(moved.GetProperty("timestamp").GetInt64() > 0);

        // KOReader's other document naming: the MD5 of the file name it was saved under.
        var fileName = (await browser.GetAsync($"/works/{work.Id}/download/epub")).Content.Headers.ContentDisposition!.FileNameStar
            ?? throw new InvalidOperationException("no file name");
        Assert.Equal(HttpStatusCode.OK, (await PutProgress(device, Md5(fileName), "/body/DocFragment[2]/body/p[1]/text().0", 0.1)).StatusCode);
        Assert.Equal(1, server.WithStore(s => s.GetProgress(adaId, work.Id))!.Chapter);

        // A book Ficshelf does not know is kept for the device, and touches no work.
        Assert.Equal(HttpStatusCode.OK, (await PutProgress(device, "0123456789abcdef0123456789abcdef", "/body/DocFragment[9]/body/p[1]/text().0", 0.9)).StatusCode);
        var other = await (await device.GetAsync("/syncs/progress/0123456789abcdef0123456789abcdef")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0.9, other.GetProperty("percentage").GetDouble(), 6);
        Assert.Equal(1, server.WithStore(s => s.GetProgress(adaId, work.Id))!.Chapter);
        // Nothing synced yet for a document: an empty object, as the reference server answers.
        Assert.Equal("{}", await (await device.GetAsync("/syncs/progress/ffffffffffffffffffffffffffffffff")).Content.ReadAsStringAsync());

        // Another reader's device never sees Ada's progress.
        using var stranger = Koreader(server, "Bea", Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync($"/syncs/progress/{document}")).StatusCode);
    }

    [Fact]
    public async Task Without_accounts_KOReader_syncs_the_local_readers_progress()
    {
        await using var server = await Server(accounts: false);
        var work = server.WithStore(Expect.MultiChapterWork);
        using var browser = server.Client();
        var epub = await browser.GetByteArrayAsync($"/works/{work.Id}/download/epub");
        using var device = Koreader(server, "anyone", "anything");
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("/kosync/users/auth")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutProgress(device, await PartialMd5ByShell(epub), "/body/DocFragment[3]/body/p[1]/text().0", 0.5)).StatusCode);
        Assert.Equal(2, server.WithStore(s => s.GetProgress(Core.Storage.IReaderStore.LocalUser, work.Id))!.Chapter);
        using var anonymous = Koreader(server, null, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/users/auth")).StatusCode);
    }
}
