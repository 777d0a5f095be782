using System.Diagnostics;

namespace Ficshelf.Tests.Support;

/// <summary>
/// Programs the reader-facing tests check Ficshelf's output with (jing, node, calibredb, ebook-meta, ebook-convert).
/// .ci/run installs them; on a developer's machine without one the test is skipped with the reason, in CI it fails.
/// </summary>
public static class ExternalTools
{
    public static string Require(string program, string installHint)
    {
        if (Find(program) is { } path) return path;
        var reason = $"{program} is not installed ({installHint}); .ci/run installs it";
        if (TestPaths.InCi) throw new InvalidOperationException("CI=true but " + reason);
        Skip.If(true, reason);
        return program;
    }

    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);

    public sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
    }

    public static async Task<Run> RunAsync(string program, IEnumerable<string> arguments, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
