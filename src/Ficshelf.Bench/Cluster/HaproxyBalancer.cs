using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ficshelf.Bench.Cluster;

/// <summary>
/// HAProxy in front of the nodes, in the foreground as a child process (<c>haproxy -db -f haproxy.cfg</c>), with the
/// configuration written to the cluster's folder: round robin over the nodes, an HTTP health check on each node's
/// health endpoint every 500 ms (3 s to answer; down after 3 failures, up after 2 successes), a failed connection retried on another
/// node (<c>retries</c> + <c>option redispatch</c>), and a stats page whose CSV tells which nodes HAProxy sees up.
/// </summary>
public sealed class HaproxyBalancer : IDisposable
{
    private readonly string program;
    private readonly string configFile;
    private Process? process;
    private StreamWriter? log;

    private HaproxyBalancer(string program, string configFile, int port, int statsPort)
    {
        this.program = program;
        this.configFile = configFile;
        Port = port;
        StatsPort = statsPort;
    }

    public int Port { get; }
    public int StatsPort { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");
    public string ConfigFile => configFile;
    public string LogFile => Path.ChangeExtension(configFile, ".log");

    /// <summary>The configuration for these nodes (names and ports), checked on <paramref name="healthPath"/>.</summary>
    public static string Config(int port, int statsPort, IEnumerable<(string Name, int Port)> nodes, string healthPath)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            global
                maxconn 4096

            defaults
                mode http
                timeout connect 2s
                timeout client 120s
                timeout server 120s
                timeout http-request 30s
                # A connection a dead node refused is tried again, on another node (the request never reached the first).
                retries 3
                option redispatch 1
                retry-on conn-failure empty-response response-timeout

            frontend ficshelf
                bind 127.0.0.1:{port}
                default_backend nodes

            backend nodes
                balance roundrobin
                option allbackups
                # A request a node may have acted on is never sent twice: only reads are retried once they reached a node.
                http-request disable-l7-retry unless METH_GET or METH_HEAD
                option httpchk GET {healthPath}
                http-check expect status 200
                # A busy node answers its check late rather than not at all: 3 s to answer (the default would be
                # 'inter'), 3 misses to be taken out; a dead node refuses the connection at once.
                timeout check 3s
                default-server inter 500ms fastinter 250ms downinter 500ms fall 3 rise 2

            """);
        var list = nodes.ToList();
        foreach (var (name, nodePort) in list)
            text.Append(CultureInfo.InvariantCulture, $"    server {name} 127.0.0.1:{nodePort} check\n");
        // When no node passes its check (every index behind, every check late on a loaded machine), requests still go
        // to the nodes rather than all being answered 503: the same nodes as unchecked backups, used only then; a dead
        // one refuses the connection and the request is redispatched to another.
        foreach (var (name, nodePort) in list)
            text.Append(CultureInfo.InvariantCulture, $"    server {name}-spare 127.0.0.1:{nodePort} backup\n");
        text.Append(CultureInfo.InvariantCulture, $"""

            frontend stats
                bind 127.0.0.1:{statsPort}
                stats enable
                stats uri /stats
                stats refresh 1s

            """);
        return text.ToString();
    }

    public static async Task<HaproxyBalancer> StartAsync(string program, string folder, IEnumerable<(string Name, int Port)> nodes, string healthPath, CancellationToken cancel)
    {
        var port = ClusterTools.FreePort();
        var statsPort = ClusterTools.FreePort();
        var configFile = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(configFile, Config(port, statsPort, nodes, healthPath), cancel);
        var check = await ClusterTools.RunAsync(program, ["-c", "-f", configFile], cancel: cancel);
        if (check.ExitCode != 0) throw new InvalidOperationException($"haproxy rejects {configFile}: {check}");
        var balancer = new HaproxyBalancer(program, configFile, port, statsPort);
        balancer.Start();
        return balancer;
    }

    private void Start()
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-db", "-f", configFile }) start.ArgumentList.Add(argument);
        var log = this.log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        process = new Process { StartInfo = start };
        void Write(string? line)
        {
            if (line is null) return;
            lock (log)
            {
                try { log.WriteLine(line); } catch (ObjectDisposedException) { } // a last line after Dispose
            }
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Each server's status as HAProxy sees it ("UP", "DOWN", "UP 1/2" …), from the stats page's CSV.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ServerStatusAsync(CancellationToken cancel)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var csv = await client.GetStringAsync(new Uri($"http://127.0.0.1:{StatsPort.ToString(CultureInfo.InvariantCulture)}/stats;csv"), cancel);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var (proxy, server, status) = (Column("pxname"), Column("svname"), Column("status"));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (cells.Length <= status || cells[proxy] != "nodes" || cells[server] is "BACKEND" or "FRONTEND") continue;
            result[cells[server]] = cells[status];
        }
        return result;
    }

    /// <summary>Waits until HAProxy's view of <paramref name="server"/> is <paramref name="up"/> (its health checks passed or failed).</summary>
    public async Task<TimeSpan> WaitForServerAsync(string server, bool up, TimeSpan timeout, CancellationToken cancel)
    {
        var watch = Stopwatch.StartNew();
        var last = "unknown";
        while (watch.Elapsed < timeout)
        {
            if (process is { HasExited: true }) throw new InvalidOperationException($"haproxy exited with code {process.ExitCode}; see {LogFile}");
            try
            {
                var statuses = await ServerStatusAsync(cancel);
                last = statuses.GetValueOrDefault(server, "missing");
                if (up ? last == "UP" : last.StartsWith("DOWN", StringComparison.Ordinal)) return watch.Elapsed;
            }
            catch (HttpRequestException e)
            {
                last = e.Message; // not listening yet
            }
            await Task.Delay(100, cancel);
        }
        throw new TimeoutException($"HAProxy did not see {server} {(up ? "up" : "down")} within {timeout.TotalSeconds:0} s (last status: {last})");
    }

    public void Dispose()
    {
        if (process is null) return;
        try
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
        process.Dispose();
        process = null;
        if (log is not null)
            lock (log) log.Dispose();
        log = null;
    }
}
