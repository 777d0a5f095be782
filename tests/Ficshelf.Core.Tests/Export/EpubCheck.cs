using System.Diagnostics;
using System.Text.Json;

namespace Ficshelf.Core.Tests.Export;

/// <summary>
/// Runs the W3C's epubcheck (Debian package "epubcheck", a Java program) on a file and returns its messages.
/// Debian's /usr/bin/epubcheck is the jar itself (started through binfmt, which containers often lack), so the jar is
/// run with java directly when it is there.
/// </summary>
public static class EpubCheck
{
    private const string DebianJar = "/usr/share/java/epubcheck.jar";

    public static bool InCi => Environment.GetEnvironmentVariable("CI") is "true" or "1";

    /// <summary>Null when epubcheck can be run; otherwise why not.</summary>
    public static string? Unavailable()
    {
        if (File.Exists(DebianJar) && FindOnPath("java") is not null) return null;
        return "epubcheck is not installed (apt-get install --no-install-recommends epubcheck; needs java and " + DebianJar + ")";
    }

    public sealed record Message(string Severity, string Id, string Text, string Location);

    /// <summary>Every message epubcheck reports for the file, from its JSON report.</summary>
    public static IReadOnlyList<Message> Check(string epubPath)
    {
        var report = Path.Combine(Path.GetTempPath(), "ficshelf-epubcheck-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var start = new ProcessStartInfo("java") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-jar", DebianJar, epubPath, "--json", report }) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(180_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("epubcheck did not finish in 3 minutes on " + epubPath);
            }
            if (!File.Exists(report))
                throw new InvalidOperationException($"epubcheck wrote no report (exit {process.ExitCode}): {stdout.Result}{stderr.Result}");
            using var json = JsonDocument.Parse(File.ReadAllBytes(report));
            var messages = new List<Message>();
            foreach (var message in json.RootElement.GetProperty("messages").EnumerateArray())
            {
                var location = message.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0
                    ? locations[0].GetProperty("path").GetString() + ":" + locations[0].GetProperty("line")
                    : "";
                messages.Add(new Message(message.GetProperty("severity").GetString()!, message.GetProperty("ID").GetString()!,
                    message.GetProperty("message").GetString()!, location));
            }
            // A failing run with no message in the report is a failure too.
            if (process.ExitCode != 0 && messages.Count == 0)
                messages.Add(new Message("FATAL", "EXIT", $"epubcheck exited {process.ExitCode}: {stdout.Result}{stderr.Result}", ""));
            return messages;
        }
        finally
        {
            File.Delete(report);
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
