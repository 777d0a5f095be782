using System.Diagnostics.CodeAnalysis;
using Spectre.Console;

namespace Ficshelf.Cli.Tests;

/// <summary>Runs the real command line in-process against a temporary archive and captures what it prints.</summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Dir = Path.Combine(Path.GetTempPath(), "ficshelf-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        ArchivePath = Path.Combine(Dir, "archive.db");
    }

    public string Dir { get; }
    public string ArchivePath { get; }

    public static string RepoRoot { get; } = FindRepoRoot();
    public static string SharedSamples => TestPaths.SharedSamples;
    public static string DemoCorpus => Path.Combine(RepoRoot, "demo");

    public (int ExitCode, string Output, byte[] Raw) Run(params string[] args) => RunOn(ArchivePath, args);

    /// <summary>Runs a command on another archive (a second file, or a PostgreSQL location).</summary>
    [SuppressMessage("Performance", "CA1822", Justification = "Tests call it on their runner, beside Run.")]
    public (int ExitCode, string Output, byte[] Raw) RunOn(string archive, params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        using var raw = new MemoryStream();
        var exit = CliApp.Run([.. args, "--archive", archive], console, raw);
        return (exit, writer.ToString(), raw.ToArray());
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ficshelf.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
