using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Ficshelf.Bench.Cluster;
using Ficshelf.Bench.Corpus;
using Ficshelf.Core.Export;
using Ficshelf.Web.Services;
using Xunit.Abstractions;

namespace Ficshelf.Web.Tests;

/// <summary>
/// Several servers on one archive, on loopback: a PostgreSQL primary, a hot standby made with pg_basebackup, two
/// `ficshelf serve` nodes (the built CLI) and HAProxy in front (<see cref="ClusterHarness"/>). A story uploaded on one
/// node is found by search on the other; then readers and uploaders press HAProxy while one node is SIGKILLed and the
/// replica is stopped. Nothing answered may be lost, no request may fail but those in flight at the kill (the replica's
/// stop fails none: its reads are answered by the primary), and both nodes must count the same search totals afterwards. Needs Debian's postgresql and haproxy (.ci/run installs
/// them): skipped with the reason without them, failed in CI.
/// </summary>
[Collection(LoadTestsOn.Alone)]
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const int Prefilled = 60;
    private const int Seed = 91;

    /// <summary>Short enough for CI; FICSHELF_CLUSTER_SECONDS runs it longer.</summary>
    private static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("FICSHELF_CLUSTER_SECONDS"), out var s) && s >= 10 ? s : 24);

    [SkippableFact]
    public async Task Two_nodes_behind_haproxy_lose_no_upload_when_a_node_is_killed_and_the_replica_stopped_under_load()
    {
        RequireClusterTools();
        var cli = BuiltCli();
        var corpus = new SyntheticCorpus(Prefilled, Seed);
        var started = Stopwatch.StartNew();
        await using var cluster = await ClusterHarness.StartAsync(new ClusterOptions
        {
            Nodes = 2,
            ReadReplica = true,
            Cli = cli,
            Prepare = store => SyntheticArchive.Fill(store, corpus),
        }, line => output.WriteLine($"[{started.Elapsed.TotalSeconds,5:0.0} s] {line}"));
        try
        {
            var (node1, node2) = (cluster.Nodes[0], cluster.Nodes[1]);

            // Upload on node 1, find it by search on node 2 (each node directly, not through HAProxy).
            var (probeWork, seenAfter) = await UploadOnOneFindOnTheOtherAsync(node1.BaseAddress, node2.BaseAddress);
            output.WriteLine($"uploaded on {node1.Name} as work {probeWork}; found by search on {node2.Name} after {seenAfter.TotalSeconds:0.0} s");
            var worksBefore = Prefilled + 1;

            var duration = Duration;
            var report = await ClusterLoad.RunAsync(new ClusterLoadOptions
            {
                BaseAddress = cluster.BaseAddress,
                Readers = 4,
                Uploaders = 3,
                Duration = duration,
                Seed = Seed,
                FirstUpload = Prefilled + 1,
                Events =
                [
                    new ClusterEvent($"SIGKILL {node2.Name}", duration / 3, _ => { cluster.KillNode(1); return Task.CompletedTask; }),
                    new ClusterEvent("stop the replica", duration * 7 / 12, cancel => cluster.StopReplicaAsync(cancel)),
                ],
            });
            foreach (var e in report.Events)
                output.WriteLine($"{e.Name}: {e.Started.TotalSeconds:0.00}–{e.Done.TotalSeconds:0.00} s{(e.Error is null ? "" : " failed: " + e.Error)}");
            Assert.All(report.Events, e => Assert.Null(e.Error));
            Assert.Equal(2, report.Events.Count);

            // The killed node comes back (same folder: its saved index) and catches up; then both are asked directly.
            await cluster.RestartNodeAsync(1);
            var audit = await report.AuditAsync(cluster.ArchiveLocation, worksBefore);
            var totals = await SearchTotalsAgreeAsync(cluster, audit.WorksAfter);

            var failed = report.Failed;
            var outside = report.FailedOutsideEvents;
            var summary = $"cluster test: primary + pg_basebackup replica + 2 nodes + HAProxy, {report.Elapsed.TotalSeconds:0} s of load " +
                          $"(4 readers, 3 uploaders): {report.Requests.Count:N0} requests ({report.RequestsPerSecond:0.0}/s), " +
                          $"{report.Uploads.Count(u => u.Outcome is not null)} uploads answered ({audit.StoriesAdded} added); " +
                          $"{node2.Name} SIGKILLed: {report.FailedInFlightAt(report.Events[0].Name)} requests in flight failed; " +
                          $"replica stopped: {report.FailedInFlightAt(report.Events[1].Name)} failed; other failures {outside.Count}; " +
                          $"uploads lost {audit.Lost.Count}; unanswered uploads found stored {audit.FailedButStored}; " +
                          $"works {audit.WorksBefore} → {audit.WorksAfter}; search totals {totals}; wall {started.Elapsed.TotalSeconds:0} s";
            output.WriteLine(summary);
            Console.WriteLine(summary); // for .ci/run's log
            foreach (var request in failed.Take(20))
                output.WriteLine($"failed {request.Kind} {request.Target} {request.Started.TotalSeconds:0.00}–{request.Ended.TotalSeconds:0.00} s " +
                                 $"({report.InFlightAt(request)?.Name ?? "not in flight at an event"}): {request.Error}");

            Assert.True(report.Requests.Count(r => r.Kind == Bench.Load.LoadRun.Upload && r.Error is null) >= 3, "too few uploads answered to judge:\n" + summary);
            Assert.True(audit.Lost.Count == 0, string.Join("\n", audit.Lost));
            Assert.True(audit.Problems.Count == 0, string.Join("\n", audit.Problems));
            Assert.True(outside.Count == 0, "requests failed that were not in flight at the kill or the stop:\n" +
                string.Join("\n", outside.Take(20).Select(r => $"{r.Kind} {r.Target} {r.Started.TotalSeconds:0.00}–{r.Ended.TotalSeconds:0.00} s: {r.Error}")));
            // A read on the replica when it stops is read again on the primary: only a node's kill may fail what it had in flight.
            var atReplicaStop = failed.Where(r => report.InFlightAt(r)?.Name == report.Events[1].Name).ToList();
            Assert.True(atReplicaStop.Count == 0, "requests failed in flight at the replica's stop:\n" +
                string.Join("\n", atReplicaStop.Take(20).Select(r => $"{r.Kind} {r.Target} {r.Started.TotalSeconds:0.00}–{r.Ended.TotalSeconds:0.00} s: {r.Error}")));
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    /// <summary>Postgres server binaries and haproxy: skip without them (with the reason), fail in CI.</summary>
    private static void RequireClusterTools()
    {
        if (ClusterTools.Missing() is not { } missing) return;
        if (TestPaths.InCi) throw new InvalidOperationException($"CI=true but the cluster test's programs are {missing}; .ci/run installs them");
        Skip.If(true, $"the cluster test's programs are {missing}; .ci/run installs them");
    }

    /// <summary>The CLI the nodes run: this build's src/Ficshelf.Cli output (the test project depends on it, so it is built first).</summary>
    private static string BuiltCli()
    {
        // tests/Ficshelf.Web.Tests/bin/CONFIGURATION/TFM/ → src/Ficshelf.Cli/bin/CONFIGURATION/TFM/ficshelf
        var testProject = Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Web.Tests");
        var output = Path.GetRelativePath(testProject, AppContext.BaseDirectory);
        var cli = Path.Combine(TestPaths.RepoRoot, "src", "Ficshelf.Cli", output, "ficshelf");
        if (!File.Exists(cli)) throw new FileNotFoundException($"the CLI is not built at {cli} (dotnet build src/Ficshelf.Cli)");
        return cli;
    }

    /// <summary>An invented story with a word no other work has, uploaded on one node; polls the other node's search until it finds it.</summary>
    private static async Task<(long WorkId, TimeSpan SeenAfter)> UploadOnOneFindOnTheOtherAsync(Uri uploadNode, Uri searchNode)
    {
        var marker = "quillmarrow" + new string(Enumerable.Range(0, 8).Select(_ => (char)('a' + Random.Shared.Next(26))).ToArray());
        var work = SyntheticArchive.ToWork(new SyntheticCorpus(1, seed: 5), 1) with { Title = $"The {marker} Lantern" };
        var bytes = Exporter.Export(work, ExportFormat.Txt);
        using var upload = new HttpClient { BaseAddress = uploadNode, Timeout = TimeSpan.FromSeconds(60) };
        upload.DefaultRequestHeaders.Add(WebApp.ApiHeader, "1");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "files", "lantern.txt");
        using var response = await upload.PostAsync("api/import", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var result = Assert.Single(JsonSerializer.Deserialize<List<UploadResult>>(body, JsonSerializerOptions.Web)!);
        Assert.Equal(UploadService.Added, result.Outcome);
        var uploaded = Stopwatch.StartNew();

        using var search = new HttpClient { BaseAddress = searchNode, Timeout = TimeSpan.FromSeconds(30) };
        var last = "";
        while (uploaded.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var json = JsonDocument.Parse(await search.GetStringAsync("api/search?q=" + marker));
            last = json.RootElement.ToString();
            if (json.RootElement.GetProperty("total").GetInt32() == 1
                && json.RootElement.GetProperty("hits")[0].GetProperty("workId").GetInt64() == result.WorkId)
                return (result.WorkId!.Value, uploaded.Elapsed);
            await Task.Delay(100);
        }
        Assert.Fail($"work {result.WorkId} uploaded on {uploadNode} was not found by searching '{marker}' on {searchNode} within 60 s; last answer: {last}");
        return default;
    }

    /// <summary>
    /// Asks each node directly (not through HAProxy) the same searches until their totals agree with each other and the
    /// whole archive's count with the archive itself (a node catches up with another's writes by the change stamps).
    /// </summary>
    private static async Task<string> SearchTotalsAgreeAsync(ClusterHarness cluster, int works)
    {
        string[] queries = ["", "sort:words", "complete:yes", "words:>2000", "-rating:Explicit"];
        var clients = cluster.Nodes.Select(n => new HttpClient { BaseAddress = n.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }).ToList();
        try
        {
            var watch = Stopwatch.StartNew();
            var last = "";
            while (watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                var totals = new List<int[]>();
                foreach (var client in clients)
                {
                    var row = new int[queries.Length];
                    for (var i = 0; i < queries.Length; i++)
                    {
                        using var json = JsonDocument.Parse(await client.GetStringAsync("api/search?q=" + Uri.EscapeDataString(queries[i])));
                        row[i] = json.RootElement.GetProperty("total").GetInt32();
                    }
                    totals.Add(row);
                }
                last = string.Join("; ", cluster.Nodes.Select((n, i) => $"{n.Name}: {string.Join("/", totals[i])}"));
                if (totals.All(t => t.SequenceEqual(totals[0])) && totals[0][0] == works)
                    return $"{string.Join(" = ", cluster.Nodes.Select(n => n.Name))}: {string.Join("/", totals[0])} for [{string.Join(", ", queries.Select(q => q.Length == 0 ? "(all)" : q))}]";
                await Task.Delay(200);
            }
            Assert.Fail($"the nodes' search totals did not agree with each other and with the archive's {works} works within 60 s: {last}");
            return last;
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }
}
