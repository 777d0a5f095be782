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

/// <summary>
/// Works whose fandom is outside the canon data (label <c>fandom_known: false</c>) and how many of them got an
/// inferred canon fandom or canon character anyway (each such work is one violation).
/// </summary>
public sealed record OpenWorldScore(int Works, int Violations)
{
    public static OpenWorldScore operator +(OpenWorldScore a, bool violated) => new(a.Works + 1, a.Violations + (violated ? 1 : 0));
}

public sealed record EvaluationReport(
    int Stories,
    Score Characters,
    Score Relationships,
    Accuracy Platform,
    Accuracy Fandom,
    Accuracy Pov,
    Accuracy ReaderInsert,
    Accuracy Complete,
    OpenWorldScore OpenWorld,
    IReadOnlyList<CaseResult> Cases);

/// <summary>
/// Scores Ficshelf's reading of labelled stories. Characters: recall over the required ones, precision over
/// required + optional (a character mentioned in passing may be found or not). Relationships: recall over the
/// required ones (an acceptable reading of the same pair counts), precision over required + acceptable.
/// A work whose fandom the canon data does not know (<c>fandom_known: false</c>) is read right when no canon fandom
/// and no canon character is inferred for it; its characters and relationships stay out of the P/R/F1 scores
/// (the analyzer cannot know them) and any canon fandom or character it is given counts as an open-world violation.
/// </summary>
public sealed class AnalysisEvaluator(StoryParser parser, WorkAnalyzer analyzer)
{
    public EvaluationReport Evaluate(IEnumerable<LabelledStory> stories)
    {
        Score characters = Score.Zero, relationships = Score.Zero;
        Accuracy platform = new(0, 0), fandom = new(0, 0), pov = new(0, 0), reader = new(0, 0), complete = new(0, 0);
        var openWorld = new OpenWorldScore(0, 0);
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
            if (!story.FandomKnown)
            {
                var right = ScoreUnknownFandom(story, analysis, failures, out var violated);
                fandom += right;
                openWorld += violated;
            }
            else if (story.String("fandom") is { } f)
            {
                var want = analyzer.Knowledge.FindFandom(f)?.Name ?? f;
                var right = (analysis.Fandoms.Count > 0 ? analysis.Fandoms[0] : null) == want;
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

            if (story.FandomKnown)
            {
                characters += ScoreCharacters(story, analysis, failures);
                relationships += ScoreRelationships(story, analysis, failures);
            }
            cases.Add(new CaseResult(story.Name, failures));
        }
        return new EvaluationReport(count, characters, relationships, platform, fandom, pov, reader, complete, openWorld, cases);
    }

    /// <summary>
    /// A fandom outside the canon data: right when no canon fandom is inferred and the first fandom, if any, is the
    /// labelled one (declared by the copy). Violated when a canon fandom or a canon character is inferred.
    /// </summary>
    private bool ScoreUnknownFandom(LabelledStory story, WorkAnalysis analysis, List<string> failures, out bool violated)
    {
        var knownFandoms = analysis.Fandoms.Where(name => analyzer.Knowledge.FindFandom(name) is not null).ToList();
        var canonCharacters = analysis.Characters.Select(c => c.Name)
            .Where(name => name != CharacterDetector.ReaderName && analyzer.Knowledge.FindCharacter(name) is not null).ToList();
        var label = story.String("fandom");
        var first = analysis.Fandoms.Count > 0 ? analysis.Fandoms[0] : null;
        var right = knownFandoms.Count == 0 && (first is null || label is null || string.Equals(first, label, StringComparison.OrdinalIgnoreCase));
        if (!right) failures.Add($"fandom: expected {label ?? "none"} (not in the canon data), got [{string.Join(", ", analysis.Fandoms)}]");
        if (canonCharacters.Count > 0) failures.Add($"open world: canon characters inferred for a fandom outside the canon data: {string.Join(", ", canonCharacters)}");
        violated = knownFandoms.Count > 0 || canonCharacters.Count > 0;
        return right;
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

    /// <summary>
    /// A relationship as its members (canonical names, sorted, joined by " + ") and whether it is romantic. AO3's
    /// forms are read directly — "A/B/C" (romantic, any number of members) and "A &amp; B" (platonic) — so a poly
    /// triad is one relationship; anything else ("A x B") goes through the analyzer's pairing reader.
    /// </summary>
    private (string, bool)? RelationshipKey(string name)
    {
        string[] members;
        bool romantic;
        if (name.Contains(" & ", StringComparison.Ordinal))
            (members, romantic) = (name.Split(" & "), false);
        else if (name.Contains('/', StringComparison.Ordinal))
            (members, romantic) = (name.Split('/'), true);
        else if (RelationshipInferrer.SplitPairing(name) is var (left, right, r))
            (members, romantic) = ([left, right], r ?? true);
        else
            return null;
        var canonical = members.Select(m => CanonicalCharacter(StripDisambiguator(m.Trim()))).Order(StringComparer.Ordinal);
        return (string.Join(" + ", canonical), romantic);
    }

    private string StripDisambiguator(string name) =>
        analyzer.Knowledge.FindCharacter(name) is null ? System.Text.RegularExpressions.Regex.Replace(name, @"\s*\([^)]*\)$", "") : name;

    private Score ScoreRelationships(LabelledStory story, WorkAnalysis analysis, List<string> failures)
    {
        if (!story.Has("relationships_required")) return Score.Zero;
        var required = story.Strings("relationships_required").Select(RelationshipKey).OfType<(string, bool)>().ToHashSet();
        var acceptable = story.Strings("relationships_acceptable").Select(RelationshipKey).OfType<(string, bool)>().ToHashSet();
        var predicted = analysis.Relationships.Select(r => RelationshipKey(r.Name) ?? (string.Join(" + ", new[] { r.A, r.B }.Order(StringComparer.Ordinal)), r.Romantic)).ToHashSet();
        bool Found((string Members, bool Romantic) r) =>
            predicted.Contains(r) || predicted.Contains((r.Members, !r.Romantic)) && acceptable.Contains((r.Members, !r.Romantic));
        var found = required.Count(Found);
        var correct = predicted.Count(p => required.Contains(p) || acceptable.Contains(p));
        var missing = required.Where(r => !Found(r)).ToList();
        var extra = predicted.Where(p => !required.Contains(p) && !acceptable.Contains(p)).ToList();
        if (missing.Count > 0) failures.Add("relationships missing: " + string.Join(", ", missing.Select(Show)));
        if (extra.Count > 0) failures.Add("relationships not in the story: " + string.Join(", ", extra.Select(Show)));
        return new Score(correct, predicted.Count, required.Count, found);
    }

    private static string Show((string Members, bool Romantic) key) => key.Members.Replace(" + ", key.Romantic ? "/" : " & ", StringComparison.Ordinal);
}
