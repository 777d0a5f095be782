using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Analysis.Evaluation;
using Ficshelf.Core.Import;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Analysis;

/// <summary>
/// The analysis against labelled stories: each shared sample must be read right (fandom, required characters found,
/// nobody outside required + optional, required relationships or an acceptable reading, reader-insert, POV,
/// completeness), and the project's own labelled set must score characters F1 ≥ 0.95 and relationships F1 ≥ 0.85.
/// </summary>
public sealed class LabelledStoryTests
{
    private static readonly Lazy<AnalysisEvaluator> Evaluator = new(() =>
        new AnalysisEvaluator(new StoryParser(), new WorkAnalyzer(CanonKnowledgeBase.LoadDefault())));

    public static IEnumerable<object[]> SharedSamples() =>
        TestPaths.HaveShared
            ? LabelledStory.LoadDirectory(TestPaths.SharedDir).Select(s => new object[] { s.Name })
            : [["(no ../shared here)"]];

    [SkippableTheory]
    [MemberData(nameof(SharedSamples))]
    public void Each_shared_sample_is_understood(string sample)
    {
        var story = LabelledStory.LoadDirectory(TestPaths.RequireShared()).Single(s => s.Name == sample);
        var report = Evaluator.Value.Evaluate([story]);
        var failures = report.Cases.Single().Failures;
        Assert.True(failures.Count == 0, $"{sample}:\n  " + string.Join("\n  ", failures));
    }

    [Fact]
    public void The_projects_labelled_set_scores_high_enough()
    {
        var dir = Path.Combine(TestPaths.RepoRoot, "eval", "stories");
        var stories = LabelledStory.LoadDirectory(dir);
        Assert.True(stories.Count >= 25, $"the labelled set has {stories.Count} stories; it needs at least 25");
        var report = Evaluator.Value.Evaluate(stories);
        var mistakes = string.Join("\n", report.Cases.Where(c => c.Failures.Count > 0).Select(c => c.Name + ": " + string.Join("; ", c.Failures)));
        Assert.True(report.Characters.F1 >= 0.95, $"characters F1 {report.Characters.F1:0.000}\n{mistakes}");
        Assert.True(report.Relationships.F1 >= 0.85, $"relationships F1 {report.Relationships.F1:0.000}\n{mistakes}");
    }

    [Fact]
    public void The_bundled_knowledge_covers_the_fandoms_it_promises()
    {
        var kb = CanonKnowledgeBase.LoadDefault();
        Assert.True(kb.FindFandom("Marvel Cinematic Universe")!.Characters.Count >= 50);
        Assert.True(kb.Fandoms.Count >= 4);
        var natasha = kb.FindCharacter("Natasha Romanov (Marvel)")!;
        foreach (var alias in new[] { "Natasha Romanoff", "Natalia Romanova", "Nat", "Black Widow", "Romonova" })
            Assert.Contains(alias, natasha.Aliases);
        var bucky = kb.FindCharacter("James \"Bucky\" Barnes")!;
        Assert.Contains("Winter Soldier", bucky.Aliases);
        Assert.Contains(bucky.ContextualAliases, a => a.Contains("Asset"));
    }
}
