namespace Ficshelf.Core.Analysis.Canon;

/// <summary>
/// How much of an archive the canon data can read: the works whose fandom (declared or inferred) it knows, and the
/// fandoms it does not know, most used first — the fandoms worth a canon file next.
/// </summary>
public sealed record CanonCoverage(int Works, int Known, IReadOnlyList<(string Fandom, int Works)> Unknown)
{
    /// <summary>What a work without any fandom tag is listed as among the unknown.</summary>
    public const string NoFandom = "(no fandom)";

    public double Share => Works == 0 ? 0 : (double)Known / Works;

    /// <param name="fandomsPerWork">Each work's fandom tags.</param>
    public static CanonCoverage Measure(IEnumerable<IReadOnlyCollection<string>> fandomsPerWork, CanonKnowledgeBase knowledge)
    {
        var matched = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        bool Knows(string tag)
        {
            if (!matched.TryGetValue(tag, out var known)) matched[tag] = known = knowledge.MatchFandomTag(tag) is not null;
            return known;
        }
        var unknown = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int works = 0, covered = 0;
        foreach (var fandoms in fandomsPerWork)
        {
            works++;
            if (fandoms.Count == 0)
            {
                unknown[NoFandom] = unknown.GetValueOrDefault(NoFandom) + 1;
                continue;
            }
            // A crossover counts as known when the canon data knows any of its fandoms.
            if (fandoms.Any(Knows)) covered++;
            foreach (var fandom in fandoms.Where(f => !Knows(f)).Distinct(StringComparer.OrdinalIgnoreCase))
                unknown[fandom] = unknown.GetValueOrDefault(fandom) + 1;
        }
        var ranked = unknown.OrderByDescending(u => u.Value).ThenBy(u => u.Key, StringComparer.Ordinal).Select(u => (u.Key, u.Value)).ToList();
        return new CanonCoverage(works, covered, ranked);
    }
}
