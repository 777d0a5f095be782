namespace Ficshelf.Tests.Support;

/// <summary>Where the repository, its fixtures and the shared samples (../shared beside the clone) are.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared beside the clone, or $FICSHELF_SHARED_DIR (CI points it at a missing folder once to prove that
    /// the suite passes on a fresh clone without it).</summary>
    public static string SharedDir => Path.GetFullPath(Environment.GetEnvironmentVariable("FICSHELF_SHARED_DIR") is { Length: > 0 } dir
        ? dir : Path.Combine(RepoRoot, "..", "shared"));
    public static string SharedSamples => Path.Combine(SharedDir, "samples");
    public static string SharedExpected => Path.Combine(SharedDir, "expected");
    public static string PlatformFixtures => Path.Combine(RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "platforms");
    /// <summary>Labelled platform copies kept apart from the importers' development: scored, never tuned on.</summary>
    public static string PlatformHoldout => Path.Combine(RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "platforms-holdout");
    public static string DemoExpected => Path.Combine(RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "demo-expected");
    public static string DemoCorpus => Path.Combine(RepoRoot, "demo");

    public static bool HaveShared => Directory.Exists(SharedSamples) && Directory.Exists(SharedExpected);

    public static string SharedReal => Path.Combine(SharedDir, "real");

    /// <summary>True when the tests run in CI (<c>CI=true</c>), where ../shared must be there.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The one gate for tests that read ../shared: the path of a file or folder under it (e.g. "real", "x.html"). When
    /// it is missing the test is skipped with the reason — a user's fresh clone has no ../shared — except in CI, where
    /// it fails. Use it from [SkippableFact]/[SkippableTheory] tests.
    /// </summary>
    public static string RequireShared(params string[] parts)
    {
        var path = Path.Combine([SharedDir, .. parts]);
        if (File.Exists(path) || Directory.Exists(path)) return path;
        var reason = $"{path} is missing: the tests that read ../shared (beside the clone) skip without it";
        if (InCi) throw new InvalidOperationException("CI=true but " + reason);
        Skip.If(true, reason);
        return path;
    }

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
