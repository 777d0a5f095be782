using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;

namespace Ficshelf.Core.Analysis.Evaluation;

public sealed record Score(int TruePositives, int Predicted, int Relevant, int Found)
{
    public double Precision => Predicted == 0 ? 1 : (double)TruePositives / Predicted;
    public double Recall => Relevant == 0 ? 1 : (double)Found / Relevant;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static Score operator +(Score a, Score b) =>
        new(a.TruePositives + b.TruePositives, a.Predicted + b.Predicted, a.Relevant + b.Relevant, a.Found + b.Found);

    public static readonly Score Zero = new(0, 0, 0, 0);
}

public sealed record Accuracy(int Right, int Total)
{
    public double Value => Total == 0 ? 1 : (double)Right / Total;

    public static Accuracy operator +(Accuracy a, bool right) => new(a.Right + (right ? 1 : 0), a.Total + 1);
}

public sealed record CaseResult(string Name, IReadOnlyList<string> Failures);

public sealed record EvaluationReport(
    int Stories,
    Score Characters,
    Score Relationships,
    Accuracy Platform,
    Accuracy Fandom,
    Accuracy Pov,
    Accuracy ReaderInsert,
    Accuracy Complete,
    IReadOnlyList<CaseResult> Cases);

/// <summary>
/// Scores Ficshelf's reading of labelled stories. Characters: recall over the required ones, precision over
/// required + optional (a character mentioned in passing may be found or not). Relationships: recall over the
/// required ones (an acceptable reading of the same pair counts), precision over required + acceptable.
/// </summary>
public sealed class AnalysisEvaluator(StoryParser parser, WorkAnalyzer analyzer)
{
    public EvaluationReport Evaluate(IEnumerable<LabelledStory> stories)
    {
        Score characters = Score.Zero, relationships = Score.Zero;
        Accuracy platform = new(0, 0), fandom = new(0, 0), pov = new(0, 0), reader = new(0, 0), complete = new(0, 0);
        var cases = new List<CaseResult>();
        var count = 0;
        foreach (var story in stories)
        {
            count++;
            var failures = new List<string>();
            Work work;
            try
            {
                work = parser.Parse(File.ReadAllBytes(story.StoryPath), story.Name).Work;
            }
            catch (ImportException e)
            {
                cases.Add(new CaseResult(story.Name, [$"import failed: {e.Reason}"]));
                continue;
            }
            var analysis = analyzer.Analyze(work);

            if (story.String("platform") is { } p)
            {
                platform += work.Platform.Slug() == p;
                if (work.Platform.Slug() != p) failures.Add($"platform: expected {p}, got {work.Platform.Slug()}");
            }
            if (story.String("fandom") is { } f)
            {
                var want = analyzer.Knowledge.FindFandom(f)?.Name ?? f;
                var right = analysis.Fandoms.FirstOrDefault() == want;
                fandom += right;
                if (!right) failures.Add($"fandom: expected {want}, got [{string.Join(", ", analysis.Fandoms)}]");
            }
            if (story.String("pov") is { } wantPov)
            {
                var got = analysis.Narrative.Pov.ToString().ToLowerInvariant();
                pov += got == wantPov;
                if (got != wantPov) failures.Add($"pov: expected {wantPov}, got {got}");
            }
            if (story.Bool("reader_insert") is { } wantReader)
            {
                reader += analysis.Narrative.ReaderInsert == wantReader;
                if (analysis.Narrative.ReaderInsert != wantReader) failures.Add($"reader_insert: expected {wantReader}, got {analysis.Narrative.ReaderInsert}");
            }
            if (story.Has("complete"))
            {
                var want = story.Bool("complete");
                complete += work.Complete == want;
                if (work.Complete != want) failures.Add($"complete: expected {want?.ToString() ?? "null"}, got {work.Complete?.ToString() ?? "null"}");
            }

            var characterScore = ScoreCharacters(story, analysis, failures);
            var relationshipScore = ScoreRelationships(story, analysis, failures);
            characters += characterScore;
            relationships += relationshipScore;
            cases.Add(new CaseResult(story.Name, failures));
        }
        return new EvaluationReport(count, characters, relationships, platform, fandom, pov, reader, complete, cases);
    }

    private string CanonicalCharacter(string name) =>
        name == CharacterDetector.ReaderName ? name : analyzer.Knowledge.FindCharacter(name)?.Name ?? name;

    private Score ScoreCharacters(LabelledStory story, WorkAnalysis analysis, List<string> failures)
    {
        if (!story.Has("characters_required")) return Score.Zero;
        var required = story.Strings("characters_required").Select(CanonicalCharacter).ToHashSet();
        var allowed = required.Concat(story.Strings("characters_optional").Select(CanonicalCharacter)).ToHashSet();
        var predicted = analysis.Characters.Select(c => c.Name).ToHashSet();
        var missing = required.Except(predicted).ToList();
        var extra = predicted.Except(allowed).ToList();
        if (missing.Count > 0) failures.Add($"characters missing: {string.Join(", ", missing)}");
        if (extra.Count > 0) failures.Add($"characters not in the story: {string.Join(", ", extra)}");
        return new Score(predicted.Count - extra.Count, predicted.Count, required.Count, required.Count - missing.Count);
    }

    private (string, string, bool)? RelationshipKey(string name)
    {
        if (RelationshipInferrer.SplitPairing(name) is not var (left, right, romantic)) return null;
        var a = CanonicalCharacter(StripDisambiguator(left.Trim()));
        var b = CanonicalCharacter(StripDisambiguator(right.Trim()));
        if (string.CompareOrdinal(a, b) > 0) (a, b) = (b, a);
        return (a, b, romantic ?? true);
    }

    private string StripDisambiguator(string name) =>
        analyzer.Knowledge.FindCharacter(name) is null ? System.Text.RegularExpressions.Regex.Replace(name, @"\s*\([^)]*\)$", "") : name;

    private Score ScoreRelationships(LabelledStory story, WorkAnalysis analysis, List<string> failures)
    {
        if (!story.Has("relationships_required")) return Score.Zero;
        var required = story.Strings("relationships_required").Select(RelationshipKey).OfType<(string, string, bool)>().ToHashSet();
        var acceptable = story.Strings("relationships_acceptable").Select(RelationshipKey).OfType<(string, string, bool)>().ToHashSet();
        var predicted = analysis.Relationships.Select(r => RelationshipKey(r.Name) ?? (r.A, r.B, r.Romantic)).ToHashSet();
        var found = required.Count(r => predicted.Contains(r) || predicted.Contains((r.Item1, r.Item2, !r.Item3)) && acceptable.Contains((r.Item1, r.Item2, !r.Item3)));
        var correct = predicted.Count(p => required.Contains(p) || acceptable.Contains(p));
        var missing = required.Where(r => !predicted.Contains(r) && !(predicted.Contains((r.Item1, r.Item2, !r.Item3)) && acceptable.Contains((r.Item1, r.Item2, !r.Item3)))).ToList();
        var extra = predicted.Where(p => !required.Contains(p) && !acceptable.Contains(p)).ToList();
        if (missing.Count > 0) failures.Add("relationships missing: " + string.Join(", ", missing.Select(Show)));
        if (extra.Count > 0) failures.Add("relationships not in the story: " + string.Join(", ", extra.Select(Show)));
        return new Score(correct, predicted.Count, required.Count, found);
    }

    private static string Show((string A, string B, bool Romantic) key) => key.A + (key.Romantic ? "/" : " & ") + key.B;
}
