using System.Diagnostics;
using System.Globalization;

namespace Ficshelf.Bench.Cluster;

/// <summary>
/// One web node: a `ficshelf serve` child process on 127.0.0.1:PORT over the cluster's archive. Each node has a folder
/// of its own for what a separate machine would keep to itself (XDG cache: the search index file; XDG data and config),
/// and its output goes to node.log there.
/// </summary>
public sealed class FicshelfNode : IDisposable
{
    private readonly string cli;
    private readonly IReadOnlyList<string> cliPrefix;
    private readonly IReadOnlyList<string> serveArguments;
    private Process? process;
    private StreamWriter? log;

    public FicshelfNode(string name, string cli, IReadOnlyList<string> cliPrefix, string folder, int port, IReadOnlyList<string> serveArguments)
    {
        Name = name;
        this.cli = cli;
        this.cliPrefix = cliPrefix;
        Folder = folder;
        Port = port;
        this.serveArguments = serveArguments;
    }

    public string Name { get; }
    public string Folder { get; }
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");
    public string LogFile => Path.Combine(Folder, "node.log");
    public bool Running => process is { HasExited: false };
    public int? ProcessId => process?.Id;

    public void Start()
    {
        if (Running) throw new InvalidOperationException($"{Name} is running already");
        Directory.CreateDirectory(Folder);
        var start = new ProcessStartInfo(cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (var argument in cliPrefix) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("serve");
        foreach (var argument in serveArguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");
        // What would differ between machines: the index cache (ArchiveStores.SearchIndexPath), data and config folders.
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(Folder, "cache");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(Folder, "data");
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(Folder, "config");
        start.Environment["HOME"] = Folder;
        start.Environment.Remove("FICSHELF_ARCHIVE");
        // Workstation GC, as a node sharing two cores with everything else should run.
        start.Environment["DOTNET_gcServer"] = "0";
        log?.Dispose();
        process?.Dispose();
        log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        // The archive's password stays out of the log.
        var shown = System.Text.RegularExpressions.Regex.Replace(string.Join(' ', start.ArgumentList), "(?i)password=[^;\\s]*", "Password=***");
        log.WriteLine($"--- {DateTimeOffset.UtcNow:O} starting {Name}: {shown}");
        var writer = log;
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Write(writer, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Write(writer, e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static void Write(StreamWriter writer, string line)
    {
        lock (writer)
        {
            try { writer.WriteLine(line); } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>SIGKILL: the node dies at once, with whatever it was doing (Process.Kill on Unix is SIGKILL).</summary>
    public void Kill()
    {
        if (process is null) return;
        try
        {
            if (!process.HasExited) process.Kill();
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { } // already gone
        if (log is not null) Write(log, $"--- {DateTimeOffset.UtcNow:O} {Name} killed (SIGKILL)");
    }

    /// <summary>Polls <paramref name="healthPath"/> on the node itself until it answers 200, the process dies, or the deadline passes.</summary>
    public async Task WaitHealthyAsync(string healthPath, TimeSpan timeout, CancellationToken cancel)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < timeout)
        {
            if (process is { HasExited: true })
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} before it was healthy; its log ({LogFile}) ends:\n{Tail()}");
            try
            {
                using var response = await client.GetAsync(healthPath.TrimStart('/'), cancel);
                if (response.IsSuccessStatusCode) return;
                last = $"HTTP {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync(cancel))}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                last = e.Message;
            }
            await Task.Delay(200, cancel);
        }
        throw new TimeoutException($"{Name} was not healthy at {healthPath} within {timeout.TotalSeconds:0} s (last: {last}); its log ends:\n{Tail()}");
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>The end of the node's log, for error messages.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(cannot read {LogFile}: {e.Message})";
        }
    }

    /// <summary>Ends the process (SIGKILL: the cluster is thrown away) and closes the log.</summary>
    public void Dispose()
    {
        Kill();
        process?.Dispose();
        process = null;
        if (log is not null)
            lock (log) log.Dispose();
        log = null;
    }
}
