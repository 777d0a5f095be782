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

    private static string CorpusDir => Path.Combine(TestPaths.RepoRoot, "eval", "stories");

    /// <summary>
    /// The dev split (tuned on) must not fall below the scores measured when the corpus was written; raise these
    /// floors as the analysis improves. The goals of issue 13 are for the test split: characters F1 ≥ 0.95,
    /// relationships F1 ≥ 0.85.
    /// </summary>
    [Fact]
    public void The_dev_split_does_not_fall_below_its_baseline()
    {
        var dev = LabelledStory.LoadDirectory(Path.Combine(CorpusDir, "dev"));
        Assert.True(dev.Count >= 25, $"the dev split has {dev.Count} stories; it needs at least 25");
        var report = Evaluator.Value.Evaluate(dev);
        var mistakes = string.Join("\n", report.Cases.Where(c => c.Failures.Count > 0).Select(c => c.Name + ": " + string.Join("; ", c.Failures)));
        Assert.True(report.Characters.F1 >= DevCharactersF1Floor, $"characters F1 {report.Characters.F1:0.000}\n{mistakes}");
        Assert.True(report.Relationships.F1 >= DevRelationshipsF1Floor, $"relationships F1 {report.Relationships.F1:0.000}\n{mistakes}");
    }

    private const double DevCharactersF1Floor = 0.95; // measured 0.630 when the corpus was written, 0.882 after issue 13's reading, 0.970 with AO3's names, open-world fandoms and the narrator pass
    private const double DevRelationshipsF1Floor = 0.87; // measured 0.426, then 0.761, then 0.849 (names) and 0.811 (narrators, addressee, trios) apart, 0.883 together, 0.892 with five more stories and the on-stage small cast

    [Fact]
    public void The_corpus_is_split_into_dev_and_test_with_well_formed_labels()
    {
        var splits = LabelledStory.LoadSplits(CorpusDir);
        Assert.Equal(["dev", "test"], splits.Select(s => s.Name));
        var platforms = new HashSet<string> { "ao3", "wattpad", "inkitt", "ffn", "request-oneshot", "generic" };
        var problems = new List<string>();
        foreach (var story in splits.SelectMany(s => s.Stories))
        {
            void Check(bool ok, string what) { if (!ok) problems.Add($"{story.Name}: {what}"); }
            Check(File.Exists(story.StoryPath), "no story file");
            Check(story.String("platform") is { } p && platforms.Contains(p), "platform");
            Check(story.String("pov") is "first" or "second" or "third", "pov");
            Check(story.Bool("reader_insert") is not null, "reader_insert");
            Check(story.Has("complete") && story.Has("fandom") && story.Has("title"), "complete, fandom and title must be present (null when unknown)");
            Check(story.Bool("reader_insert") != true || story.Strings("characters_required").Contains("Reader"), "a reader-insert has Reader among its characters");
            // AO3 drops a character's disambiguator inside a relationship tag ("Finn/Poe Dameron/Rey (Star Wars)").
            var people = story.Strings("characters_required").Concat(story.Strings("characters_optional"))
                .SelectMany(c => new[] { c, WithoutDisambiguator(c) }).ToHashSet();
            foreach (var rel in story.Strings("relationships_required").Concat(story.Strings("relationships_acceptable")))
            {
                var members = rel.Contains(" & ", StringComparison.Ordinal) ? rel.Split(" & ") : rel.Split('/');
                Check(members.Length >= 2, $"relationship {rel} is not A/B or A & B");
                foreach (var m in members) Check(people.Contains(m) || people.Contains(WithoutDisambiguator(m)), $"relationship {rel}: {m} is not among the characters");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(splits[0].Stories.Select(s => s.Name).Intersect(splits[1].Stories.Select(s => s.Name)), []);
    }

    [Fact]
    public void A_work_outside_the_canon_data_counts_a_violation_when_canon_characters_are_guessed()
    {
        var dir = TestPaths.NewTempDir();
        // Marvel names in a story labelled as a fandom the canon data does not know: any canon guess is a violation.
        File.WriteAllText(Path.Combine(dir, "a.txt"), "Lab Night\n\nTony Stark and Steve Rogers argued in the lab while Natasha Romanoff and Bruce Banner watched. " +
            "Tony Stark threw a wrench; Steve Rogers caught it. Natasha Romanoff laughed, and Bruce Banner made more coffee for Tony Stark.\n");
        File.WriteAllText(Path.Combine(dir, "a.json"), """
            { "sample": "a.txt", "platform": "generic", "title": "Lab Night", "fandom": "The Magnus Archives (Podcast)", "fandom_known": false,
              "characters_required": ["Jonathan Sims"], "characters_optional": [], "relationships_required": [], "relationships_acceptable": [],
              "reader_insert": false, "pov": "third", "complete": null }
            """);
        File.WriteAllText(Path.Combine(dir, "b.txt"), "The Orchard\n\nThe old woman climbed the ladder into the apple tree every morning and talked to it. Her granddaughter held the ladder and listened.\n");
        File.WriteAllText(Path.Combine(dir, "b.json"), """
            { "sample": "b.txt", "platform": "generic", "title": "The Orchard", "fandom": null, "fandom_known": false,
              "characters_required": [], "characters_optional": [], "relationships_required": [], "relationships_acceptable": [],
              "reader_insert": false, "pov": "third", "complete": null }
            """);
        var report = Evaluator.Value.Evaluate(LabelledStory.LoadDirectory(dir));
        Assert.Equal(new OpenWorldScore(2, 1), report.OpenWorld);
        Assert.Equal(new Accuracy(1, 2), report.Fandom);
        Assert.Equal(Score.Zero, report.Characters); // characters of an unknown fandom are not scored: nothing could know them
        Assert.Contains(report.Cases.Single(c => c.Name == "a.txt").Failures, f => f.StartsWith("open world:", StringComparison.Ordinal));
    }

    private static string WithoutDisambiguator(string name) =>
        name.EndsWith(')') && name.LastIndexOf(" (", StringComparison.Ordinal) is > 0 and var at ? name[..at] : name;

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
