using Ficshelf.Core.Import;

namespace Ficshelf.Core.Analysis.Evaluation;

/// <summary>One confidence band: how many relationships Ficshelf gave a confidence in [From, To), and how many were right.</summary>
public sealed record CalibrationBand(double From, double To, int Predicted, int Right)
{
    public double Accuracy => Predicted == 0 ? 0 : (double)Right / Predicted;
}

/// <summary>
/// Whether the relationships' confidences mean what they say: of those read at 0.9, nine in ten should be right.
/// A relationship is right when the label lists it as required or acceptable (members and kind, as
/// <see cref="AnalysisEvaluator"/> scores them). Stories whose fandom is outside the canon data are left out.
/// </summary>
public static class ConfidenceCalibration
{
    public static IReadOnlyList<CalibrationBand> Measure(StoryParser parser, WorkAnalyzer analyzer, IEnumerable<LabelledStory> stories)
    {
        double[] edges = [0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];
        var predicted = new int[edges.Length - 1];
        var right = new int[edges.Length - 1];
        foreach (var story in stories)
        {
            if (!story.FandomKnown || !story.Has("relationships_required")) continue;
            Domain.Work work;
            try { work = parser.Parse(File.ReadAllBytes(story.StoryPath), story.Name).Work; }
            catch (ImportException) { continue; }
            var labelled = story.Strings("relationships_required").Concat(story.Strings("relationships_acceptable"))
                .Select(name => Key(analyzer, name)).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var r in analyzer.Analyze(work).Relationships)
            {
                var band = Array.FindLastIndex(edges, e => r.Confidence >= e);
                band = Math.Clamp(band, 0, predicted.Length - 1);
                predicted[band]++;
                if (Key(analyzer, r.Name) is { } key && labelled.Contains(key)) right[band]++;
            }
        }
        return Enumerable.Range(0, predicted.Length).Select(i => new CalibrationBand(edges[i], Math.Min(1, edges[i + 1]), predicted[i], right[i])).ToArray();
    }

    /// <summary>Members (canonical names, sorted) and kind: "A/B/C" romantic, "A &amp; B" platonic, "A x B" romantic.</summary>
    private static string? Key(WorkAnalyzer analyzer, string name)
    {
        if (RelationshipInferrer.SplitMembers(name) is not var (members, romantic)) return null;
        string Canonical(string m)
        {
            var trimmed = m.Trim();
            if (trimmed == CharacterDetector.ReaderName) return trimmed;
            return analyzer.Knowledge.FindCharacter(trimmed)?.Name
                ?? analyzer.Knowledge.FindCharacter(System.Text.RegularExpressions.Regex.Replace(trimmed, @"\s*\([^)]*\)$", ""))?.Name ?? trimmed;
        }
        return string.Join(" + ", members.Select(Canonical).Order(StringComparer.Ordinal)) + ((romantic ?? true) ? " /" : " &");
    }
}
