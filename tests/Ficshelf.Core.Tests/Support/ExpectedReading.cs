using Ficshelf.Core.Analysis.Evaluation;

namespace Ficshelf.Core.Tests.Support;

/// <summary>
/// Every labelled story the import tests know: the shared samples (when ../shared is there), the platform fixtures
/// and the demo corpus, read with the core's <see cref="LabelledStory"/>.
/// </summary>
public static class ExpectedReadings
{
    public static IEnumerable<LabelledStory> All()
    {
        if (TestPaths.HaveShared)
        {
            foreach (var story in LabelledStory.LoadDirectory(TestPaths.SharedDir)) yield return story;
        }
        foreach (var (labels, stories) in new[] { (TestPaths.PlatformFixtures, TestPaths.PlatformFixtures), (TestPaths.PlatformHoldout, TestPaths.PlatformHoldout), (TestPaths.DemoExpected, TestPaths.DemoCorpus) })
        {
            if (!Directory.Exists(labels)) continue;
            foreach (var json in Directory.GetFiles(labels, "*.json").Order(StringComparer.Ordinal))
                yield return LabelledStory.Load(json, stories);
        }
    }

    public static IEnumerable<object[]> TheoryData() => All().Select(r => new object[] { Path.GetRelativePath(TestPaths.RepoRoot, r.LabelPath) });

    public static LabelledStory ByRelativePath(string relative)
    {
        var json = Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, relative));
        return All().First(r => Path.GetFullPath(r.LabelPath) == json);
    }
}
