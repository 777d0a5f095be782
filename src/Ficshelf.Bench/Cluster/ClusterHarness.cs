using System.Diagnostics;
using System.Globalization;
using Ficshelf.Core.Storage;

namespace Ficshelf.Bench.Cluster;

/// <summary>What cluster to start.</summary>
public sealed record ClusterOptions
{
    /// <summary>Web nodes (`ficshelf serve` processes) behind HAProxy.</summary>
    public int Nodes { get; init; } = 2;

    /// <summary>A hot standby made with pg_basebackup, given to every node as <c>--read-replica</c>.</summary>
    public bool ReadReplica { get; init; } = true;

    /// <summary>The CLI the nodes run (default: this process's own, see <see cref="ClusterTools.CurrentCli"/>).</summary>
    public string? Cli { get; init; }

    public IReadOnlyList<string> CliPrefix { get; init; } = [];

    /// <summary>The endpoint HAProxy checks and the harness waits for: 200 when the node's database is reachable and its index caught up.</summary>
    public string HealthPath { get; init; } = "/healthz";

    /// <summary>Extra `serve` options for every node (e.g. <c>--accounts</c>).</summary>
    public IReadOnlyList<string> ServeArguments { get; init; } = [];

    /// <summary>Fills the archive on the primary before the replica is copied and the nodes start (e.g. a synthetic corpus).</summary>
    public Action<IArchiveStore>? Prepare { get; init; }

    /// <summary>How long a node, a server or HAProxy may take to become ready on a loaded machine.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(120);
}

/// <summary>
/// A whole Ficshelf cluster on loopback, in a temporary folder: a PostgreSQL primary, optionally a streaming hot standby
/// made with pg_basebackup, N `ficshelf serve` nodes and HAProxy in front, every port picked free at run time.
/// <see cref="DisposeAsync"/> stops everything and deletes the folder, also after a failure half way through start-up
/// (and, as a last resort, when the process exits).
/// </summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    private readonly ClusterTools tools;
    private readonly ClusterOptions options;
    private readonly Action<string> log;
    private readonly List<FicshelfNode> nodes = [];
    private readonly EventHandler exitHandler;
    private bool disposed;

    private ClusterHarness(ClusterTools tools, ClusterOptions options, string folder, Action<string> log)
    {
        this.tools = tools;
        this.options = options;
        this.log = log;
        Folder = folder;
        exitHandler = (_, _) => KillEverything();
        AppDomain.CurrentDomain.ProcessExit += exitHandler;
    }

    public string Folder { get; }
    public PostgresServer Primary { get; private set; } = null!;
    public PostgresServer? Replica { get; private set; }
    public IReadOnlyList<FicshelfNode> Nodes => nodes;
    public HaproxyBalancer Balancer { get; private set; } = null!;

    /// <summary>Where clients go: HAProxy.</summary>
    public Uri BaseAddress => Balancer.BaseAddress;

    /// <summary>The archive on the primary (what the nodes' --archive names).</summary>
    public string ArchiveLocation => Primary.ConnectionString;

    public ClusterOptions Options => options;

    public static async Task<ClusterHarness> StartAsync(ClusterOptions options, Action<string>? log = null, CancellationToken cancel = default)
    {
        var tools = ClusterTools.Find() ?? throw new InvalidOperationException(ClusterTools.Missing());
        var folder = Path.Combine(Path.GetTempPath(), $"ficshelf-cluster-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(folder);
        var harness = new ClusterHarness(tools, options, folder, log ?? (_ => { }));
        try
        {
            await harness.StartAllAsync(cancel);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(CancellationToken cancel)
    {
        var watch = Stopwatch.StartNew();
        var pg = Path.Combine(Folder, "pg");
        Primary = await PostgresServer.StartPrimaryAsync(tools.PostgresBin, Path.Combine(pg, "primary"), ClusterTools.FreePort(), cancel);
        log($"primary on 127.0.0.1:{Primary.Port} ({watch.Elapsed.TotalSeconds:0.0} s)");

        // The schema (and any prepared works) go in before the copy, so the standby starts with them.
        using (var store = ArchiveStores.Open(ArchiveLocation)) options.Prepare?.Invoke(store);
        Npgsql.NpgsqlConnection.ClearAllPools();
        log($"archive prepared ({watch.Elapsed.TotalSeconds:0.0} s)");

        if (options.ReadReplica)
        {
            Replica = await PostgresServer.StartReplicaAsync(Primary, Path.Combine(pg, "replica"), ClusterTools.FreePort(), cancel);
            log($"replica (pg_basebackup -R) on 127.0.0.1:{Replica.Port} ({watch.Elapsed.TotalSeconds:0.0} s)");
        }

        var (cli, prefix) = options.Cli is { } given ? (given, options.CliPrefix) : ClusterTools.CurrentCli();
        for (var i = 0; i < options.Nodes; i++)
        {
            var name = "node" + (i + 1).ToString(CultureInfo.InvariantCulture);
            var arguments = new List<string> { "--archive", ArchiveLocation, "--node-name", name };
            if (Replica is not null) arguments.AddRange(["--read-replica", Replica.ConnectionString]);
            arguments.AddRange(options.ServeArguments);
            nodes.Add(new FicshelfNode(name, cli, prefix, Path.Combine(Folder, name), ClusterTools.FreePort(), arguments));
        }
        foreach (var node in nodes) node.Start();
        await Task.WhenAll(nodes.Select(node => node.WaitHealthyAsync(options.HealthPath, options.ReadyTimeout, cancel)));
        log($"{nodes.Count} nodes healthy on ports {string.Join(", ", nodes.Select(n => n.Port))} ({watch.Elapsed.TotalSeconds:0.0} s)");

        Balancer = await HaproxyBalancer.StartAsync(tools.Haproxy, Folder, nodes.Select(n => (n.Name, n.Port)), options.HealthPath, cancel);
        await Task.WhenAll(nodes.Select(node => Balancer.WaitForServerAsync(node.Name, up: true, options.ReadyTimeout, cancel)));
        log($"haproxy on 127.0.0.1:{Balancer.Port}, every node up ({watch.Elapsed.TotalSeconds:0.0} s)");
    }

    /// <summary>SIGKILL a node; returns when the process is gone (HAProxy notices by its health checks).</summary>
    public void KillNode(int index) => nodes[index].Kill();

    /// <summary>Starts a killed node again (same folder, same port) and waits until it is healthy and HAProxy sends it requests.</summary>
    public async Task RestartNodeAsync(int index, CancellationToken cancel = default)
    {
        var node = nodes[index];
        node.Start();
        await node.WaitHealthyAsync(options.HealthPath, options.ReadyTimeout, cancel);
        await Balancer.WaitForServerAsync(node.Name, up: true, options.ReadyTimeout, cancel);
    }

    /// <summary>Stops the standby (pg_ctl stop -m fast: its sessions are ended), as a replica going away under load.</summary>
    public Task StopReplicaAsync(CancellationToken cancel = default) => Replica?.StopAsync("fast", cancel) ?? Task.CompletedTask;

    /// <summary>Every process's log, for a failure's message.</summary>
    public string Logs()
    {
        var text = new System.Text.StringBuilder();
        foreach (var node in nodes) text.AppendLine("== " + node.Name + " (" + node.LogFile + ")").AppendLine(node.Tail(40));
        if (Balancer is not null && File.Exists(Balancer.LogFile))
            text.AppendLine("== haproxy " + Balancer.LogFile).AppendLine(string.Join('\n', File.ReadLines(Balancer.LogFile).TakeLast(30)));
        foreach (var server in new[] { Primary, Replica })
            if (server is not null && File.Exists(server.LogFile))
                text.AppendLine("== postgres " + server.DataDir).AppendLine(string.Join('\n', File.ReadLines(server.LogFile).TakeLast(20)));
        return text.ToString();
    }

    private void KillEverything()
    {
        foreach (var node in nodes) node.Dispose();
        Balancer?.Dispose();
        foreach (var server in new[] { Replica, Primary })
            if (server is { Running: true }) server.StopAsync("immediate").GetAwaiter().GetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= exitHandler;
        Npgsql.NpgsqlConnection.ClearAllPools();
        foreach (var node in nodes) node.Dispose();
        Balancer?.Dispose();
        foreach (var server in new[] { Replica, Primary })
            if (server is { Running: true }) await server.StopAsync("immediate");
        // FICSHELF_CLUSTER_KEEP=1 keeps the folder (every node's, HAProxy's and PostgreSQL's log) to look into a failure.
        if (Environment.GetEnvironmentVariable("FICSHELF_CLUSTER_KEEP") == "1")
        {
            log($"kept {Folder} (FICSHELF_CLUSTER_KEEP=1)");
            return;
        }
        for (var attempt = 0; attempt < 3 && Directory.Exists(Folder); attempt++)
        {
            try { Directory.Delete(Folder, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { await Task.Delay(500); }
        }
    }
}
