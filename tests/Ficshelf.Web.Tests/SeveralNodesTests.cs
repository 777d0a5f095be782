using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Nodes;
using Ficshelf.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ficshelf.Web.Tests;

/// <summary>
/// Two servers (nodes) on one PostgreSQL archive, as `ficshelf serve` runs behind a load balancer: a reader may land on
/// either. Needs $FICSHELF_TEST_POSTGRES (fails in CI without it, skips locally).
/// </summary>
public sealed class SeveralNodesTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    /// <summary>Never within a test: what a node sees of another's change, it saw because the database woke it.</summary>
    private static readonly TimeSpan NoFallbackLook = TimeSpan.FromMinutes(10);

    private async Task<(WebServer A, WebServer B)> TwoNodes(bool accounts = false, bool importFixtures = true)
    {
        var location = database.NewLocation();
        var a = await WebServer.StartOnAsync(location, prepare: importFixtures ? Import : null,
            configure: o => o with { NodeName = "a", Accounts = accounts, ChangePoll = NoFallbackLook });
        var b = await WebServer.StartOnAsync(location, configure: o => o with { NodeName = "b", Accounts = accounts, ChangePoll = NoFallbackLook });
        return (a, b);
    }

    private static void Import(IArchiveStore store)
    {
        var importer = new Core.Import.FileImporter(store, new Core.Import.StoryParser(), new Core.Analysis.WorkAnalyzer(Core.Analysis.Canon.CanonKnowledgeBase.LoadDefault()));
        var result = importer.ImportFile(WebServer.Fixture("harbour-lights-the-keeper.txt"));
        Assert.Null(result.Error);
    }

    [SkippableFact]
    public async Task A_sign_in_and_a_form_token_made_on_one_node_are_accepted_by_the_other()
    {
        var (a, b) = await TwoNodes(accounts: true);
        await using (a)
        await using (b)
        {
            // One browser (one cookie jar; cookies do not mind the port) that the balancer sends to either node.
            var jar = new CookieContainer();
            using var onA = Browser(a, jar);
            using var onB = Browser(b, jar);
            // The form and its antiforgery cookie come from node A; the post goes to node B.
            var token = await Forms.TokenFrom(onA, "/account/register");
            var register = await onB.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "Ada", ["password"] = "lamp-lit-at-dusk", ["confirm"] = "lamp-lit-at-dusk", ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.Redirect, register.StatusCode);
            Assert.Equal("b", register.Headers.GetValues(NodeServices.NodeHeader).Single());
            Assert.Contains(jar.GetCookies(b.BaseAddress), c => c.Name == ".ficshelf.auth");

            // The sign-in cookie node B made opens the admin's pages on node A.
            var upload = await onA.GetAsync("/upload");
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
            Assert.Equal("a", upload.Headers.GetValues(NodeServices.NodeHeader).Single());
            // Without it, node A sends a visitor to sign in.
            using var visitor = a.Client();
            Assert.Equal(HttpStatusCode.Redirect, (await visitor.GetAsync("/upload")).StatusCode);

            // One key ring in the archive, not one per node.
            Assert.Equal(1L, Scalar(a.ArchivePath, "SELECT count(*) FROM node_keys"));
        }
    }

    [SkippableFact]
    public async Task Servers_started_together_on_a_new_archive_share_one_sign_in_key()
    {
        var location = database.NewLocation();
        using (ArchiveStores.Open(location)) { }
        var nodes = await Task.WhenAll(
            Task.Run(() => WebServer.StartOnAsync(location, configure: o => o with { NodeName = "a", Accounts = true })),
            Task.Run(() => WebServer.StartOnAsync(location, configure: o => o with { NodeName = "b", Accounts = true })));
        await using var a = nodes[0];
        await using var b = nodes[1];
        Assert.Equal(1L, Scalar(location, "SELECT count(*) FROM node_keys"));

        var jar = new CookieContainer();
        using var onA = Browser(a, jar);
        using var onB = Browser(b, jar);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.Post(onA, "/account/register", "/account/register", ("name", "Ada"), ("password", "lamp-lit-at-dusk"), ("confirm", "lamp-lit-at-dusk"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/upload")).StatusCode);
    }

    [SkippableFact]
    public async Task An_upload_deletion_and_wrangling_on_one_node_reach_search_on_the_other_by_the_databases_notice()
    {
        var (a, b) = await TwoNodes();
        await using (a)
        await using (b)
        {
            using var api = a.ApiClient();
            using var searchB = b.ApiClient();
            Assert.Equal(0, await Total(searchB, "ferry"));

            using var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(WebServer.Fixture("harbour-lights-the-ferry.txt"))), "files", "harbour-lights-the-ferry.txt");
            var added = await api.PostAsync("/api/import", form);
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            var workId = (await added.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("workId").GetInt64();
            output.WriteLine($"upload on A found by search on B after {await Until(() => Total(searchB, "ferry"), 1)} ms");

            // Wrangling: the tag's new name is what node B's search knows it by.
            var rename = await api.PostAsJsonAsync("/api/wrangle/rename", new { tag = new { category = "freeform", name = "Angst" }, newName = "Heartache" });
            Assert.True(rename.IsSuccessStatusCode, await rename.Content.ReadAsStringAsync());
            using var searchA = a.ApiClient();
            var renamed = await Total(searchA, "freeform:Heartache");
            Assert.True(renamed > 0, "node A's own search knows the new name at once");
            output.WriteLine($"rename on A seen by search on B after {await Until(() => Total(searchB, "freeform:Heartache"), renamed)} ms");

            Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/works/{workId}")).StatusCode);
            output.WriteLine($"deletion on A seen by search on B after {await Until(() => Total(searchB, "ferry"), 0)} ms");
        }
    }

    [SkippableFact]
    public async Task Sign_in_attempts_are_counted_across_nodes()
    {
        var (a, b) = await TwoNodes(accounts: true, importFixtures: false);
        await using (a)
        await using (b)
        {
            // Ten attempts a minute per client address: five on each node use them all (each node alone would allow ten).
            for (var i = 0; i < 10; i++)
            {
                using var client = (i % 2 == 0 ? a : b).Client();
                var attempt = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Ada", ["password"] = "guess" + i }));
                Assert.NotEqual(HttpStatusCode.TooManyRequests, attempt.StatusCode);
            }
            foreach (var node in new[] { a, b })
            {
                using var client = node.Client();
                var refused = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Ada", ["password"] = "one more" }));
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            }
            // Reading the form is not an attempt.
            using var reader = a.Client();
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/account/login")).StatusCode);
        }
    }

    [SkippableFact]
    public async Task A_background_job_runs_on_one_node_at_a_time()
    {
        var (a, b) = await TwoNodes(importFixtures: false);
        await using (a)
        await using (b)
        {
            var jobsA = a.Services.GetRequiredService<NodeJobs>();
            var jobsB = b.Services.GetRequiredService<NodeJobs>();
            var started = new TaskCompletionSource();
            var finish = new TaskCompletionSource();
            var onA = jobsA.RunClaimedAsync("re-index", async _ =>
            {
                started.SetResult();
                await finish.Task;
            }, CancellationToken.None);
            await started.Task;

            var ranOnB = false;
            Assert.False(await jobsB.RunClaimedAsync("re-index", _ => { ranOnB = true; return Task.CompletedTask; }, CancellationToken.None));
            Assert.False(ranOnB);
            // Another job is free meanwhile.
            Assert.True(await jobsB.RunClaimedAsync("housekeeping", _ => Task.CompletedTask, CancellationToken.None));

            finish.SetResult();
            Assert.True(await onA);
            Assert.True(await jobsB.RunClaimedAsync("re-index", _ => { ranOnB = true; return Task.CompletedTask; }, CancellationToken.None));
            Assert.True(ranOnB);
        }
    }

    [SkippableFact]
    public async Task Healthz_says_which_node_and_that_the_database_answers_and_the_index_caught_up()
    {
        var (a, b) = await TwoNodes();
        await using (a)
        await using (b)
        {
            foreach (var (node, name) in new[] { (a, "a"), (b, "b") })
            {
                using var client = node.Client();
                var answer = await client.GetAsync("/healthz");
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("ok", body.GetProperty("status").GetString());
                Assert.Equal(name, body.GetProperty("node").GetString());
                Assert.Equal("ok", body.GetProperty("database").GetString());
                Assert.Equal("caught-up", body.GetProperty("index").GetString());
                Assert.Equal("none", body.GetProperty("replica").GetString());
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"))).StatusCode);
            }
        }
    }

    private static HttpClient Browser(WebServer node, CookieContainer jar) =>
        new(new HttpClientHandler { CookieContainer = jar, UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = node.BaseAddress };

    private static async Task<int> Total(HttpClient client, string query)
    {
        var answer = await client.GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(query)}");
        return answer.GetProperty("total").GetInt32();
    }

    /// <summary>Asks until the answer is <paramref name="expected"/> (a generous deadline, far under the fallback look): the milliseconds it took.</summary>
    private static async Task<long> Until(Func<Task<int>> ask, int expected)
    {
        var clock = Stopwatch.StartNew();
        while (await ask() != expected)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"still not {expected} after {clock.Elapsed.TotalSeconds:0.0} s: the change notice did not reach the other node");
            await Task.Delay(50);
        }
        return clock.ElapsedMilliseconds;
    }

    internal static long Scalar(string location, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(Core.Storage.Postgres.PostgresLocation.Parse(location).ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>/healthz when the database stops answering: 503 with the reason, and 200 again once it is back.</summary>
public sealed class NodeHealthTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [SkippableFact]
    public async Task Healthz_answers_503_with_the_reason_while_the_database_is_unreachable()
    {
        var location = database.NewLocation();
        await using var node = await WebServer.StartOnAsync(location, configure: o => o with { NodeName = "a" });
        using var client = node.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        // A quiet archive is no reason to be taken out: past the "caught up within" span, the index is still current.
        await Task.Delay(Health.CaughtUpWithin + TimeSpan.FromSeconds(1));
        var quiet = await client.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("caught-up", quiet.GetProperty("index").GetString());

        AllowConnections(false);
        try
        {
            var answer = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("unavailable", body.GetProperty("status").GetString());
            Assert.Equal("a", body.GetProperty("node").GetString());
            Assert.StartsWith("unreachable: ", body.GetProperty("database").GetString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"))).StatusCode);
        }
        finally
        {
            AllowConnections(true);
        }
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = (await client.GetAsync("/healthz")).StatusCode) != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(100);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    /// <summary>Refuses (or allows again) new connections to the test database and ends the open ones, as if its server stopped.</summary>
    private void AllowConnections(bool allow)
    {
        using var admin = new Npgsql.NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresDatabase.EnvironmentVariable));
        admin.Open();
        using var command = new Npgsql.NpgsqlCommand(
            $"ALTER DATABASE {database.Database} ALLOW_CONNECTIONS {(allow ? "true" : "false")};" +
            (allow ? "" : $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database.Database}' AND pid <> pg_backend_pid();"),
            admin);
        command.ExecuteNonQuery();
    }
}
