using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Ficshelf.Bench.Cluster;

/// <summary>
/// The outside programs the cluster harness runs: Debian's PostgreSQL server (initdb, pg_ctl, pg_basebackup; not on
/// PATH, under /usr/lib/postgresql/VERSION/bin) and HAProxy. <see cref="Missing"/> names what is not installed.
/// </summary>
public sealed record ClusterTools(string PostgresBin, string Haproxy)
{
    public static ClusterTools? Find() => FindPostgresBin() is { } bin && FindHaproxy() is { } haproxy ? new ClusterTools(bin, haproxy) : null;

    /// <summary>Why the harness cannot run here (null: it can).</summary>
    public static string? Missing()
    {
        var missing = new List<string>();
        if (FindPostgresBin() is null) missing.Add("PostgreSQL server binaries (/usr/lib/postgresql/*/bin/pg_ctl; apt-get install postgresql)");
        if (FindHaproxy() is null) missing.Add("haproxy (apt-get install haproxy)");
        return missing.Count == 0 ? null : "not installed: " + string.Join("; ", missing);
    }

    /// <summary>The newest installed server version's bin folder.</summary>
    public static string? FindPostgresBin()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Where(dir => File.Exists(Path.Combine(dir, "bin", "pg_ctl")) && File.Exists(Path.Combine(dir, "bin", "pg_basebackup")))
            .OrderBy(dir => int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0)
            .Select(dir => Path.Combine(dir, "bin")).LastOrDefault();
    }

    public static string? FindHaproxy() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/local/sbin")
            .Select(folder => Path.Combine(folder, "haproxy")).FirstOrDefault(File.Exists);

    /// <summary>
    /// How to run this CLI again as a child process: the apphost (<c>ficshelf</c>), or <c>dotnet ficshelf.dll</c>
    /// when the current process was started through <c>dotnet</c>.
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Prefix) CurrentCli()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program this process runs");
        if (string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.Ordinal))
            return (process, [Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly")]);
        return (process, []);
    }

    /// <summary>A port free on 127.0.0.1 right now (the OS picks it; the caller binds it soon after).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The PostgreSQL server refuses to run as root: then its programs run as the system user 'postgres'.</summary>
    internal static bool AsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";

    internal static async Task EnsurePostgresUserAsync(CancellationToken cancel)
    {
        if (!AsRoot) return;
        if ((await RunAsync("id", ["postgres"], cancel: cancel)).ExitCode == 0) return;
        await RunCheckedAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], cancel: cancel);
    }

    /// <summary>Gives a folder to the user the PostgreSQL programs run as.</summary>
    internal static Task GiveToPostgresAsync(string folder, CancellationToken cancel) =>
        AsRoot ? RunCheckedAsync("chown", ["-R", "postgres", folder], cancel: cancel) : Task.CompletedTask;

    /// <summary>A PostgreSQL program, as 'postgres' when this process is root.</summary>
    internal static Task<RunResult> RunPostgresAsync(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, CancellationToken cancel = default) =>
        AsRoot
            // runuser may reset parts of the environment: the variables go through env(1) on the other side.
            ? RunAsync("runuser", ["-u", "postgres", "--", "env", .. (environment ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}"), program, .. arguments], null, cancel)
            : RunAsync(program, arguments, environment, cancel);

    internal sealed record RunResult(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}: {Output.Trim()}";
    }

    internal static async Task<RunResult> RunAsync(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, CancellationToken cancel = default)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        output.Append(await stdout).Append(await stderr);
        return new RunResult(process.ExitCode, output.ToString());
    }

    internal static async Task<RunResult> RunCheckedAsync(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, CancellationToken cancel = default)
    {
        var list = arguments.ToList();
        var result = await RunAsync(program, list, environment, cancel);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', list.Take(6))} failed ({result})");
        return result;
    }

    internal static async Task<RunResult> RunPostgresCheckedAsync(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, CancellationToken cancel = default)
    {
        var list = arguments.ToList();
        var result = await RunPostgresAsync(program, list, environment, cancel);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', list.Take(6))} failed ({result})");
        return result;
    }
}
