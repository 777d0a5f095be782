namespace Ficshelf.Core.Tests.Support;

/// <summary>Where the repository, its fixtures and the shared samples (../shared beside the clone) are.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedDir => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
    public static string SharedSamples => Path.Combine(SharedDir, "samples");
    public static string SharedExpected => Path.Combine(SharedDir, "expected");
    public static string PlatformFixtures => Path.Combine(RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "platforms");
    public static string DemoExpected => Path.Combine(RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "demo-expected");
    public static string DemoCorpus => Path.Combine(RepoRoot, "demo");

    public static bool HaveShared => Directory.Exists(SharedSamples) && Directory.Exists(SharedExpected);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ficshelf.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Ficshelf.slnx) above " + AppContext.BaseDirectory);
    }

    public static string NewTempDir()
    {
        var path = Path.Combine(Path.GetTempPath(), "ficshelf-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
