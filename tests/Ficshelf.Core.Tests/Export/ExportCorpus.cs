using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Export;

/// <summary>Every story the tests can read: the shared samples, the platform fixtures and the demo corpus.</summary>
public static class ExportCorpus
{
    public static IEnumerable<string> StoryFiles()
    {
        var folders = new[] { TestPaths.SharedSamples, TestPaths.PlatformFixtures, TestPaths.DemoCorpus }.Where(Directory.Exists);
        return folders.SelectMany(f => Directory.GetFiles(f, "*.txt")).Order(StringComparer.Ordinal);
    }

    public static IEnumerable<object[]> TheoryData() =>
        StoryFiles().Select(f => new object[] { Path.GetRelativePath(TestPaths.RepoRoot, f) });

    public static Work Read(string relativePath)
    {
        var path = Path.Combine(TestPaths.RepoRoot, relativePath);
        return new StoryParser().Parse(File.ReadAllBytes(path), Path.GetFileName(path)).Work;
    }
}
