using System.Text.RegularExpressions;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Analysis.Style;

namespace Ficshelf.Core.Analysis;

/// <summary>
/// Who "I" is in a first-person story. A narrator is rarely named in their own narration: they say their name
/// ("my name is", "I'm Clint"), others say it to them ("Kid," he said), and the people around them are theirs — the
/// mentor, the aunt and the best friend of one character of the canon. A narrator named once is the narrator, not
/// a character "mentioned" in passing.
/// </summary>
internal static partial class NarratorFinder
{
    [GeneratedRegex(@"\b(?:[Mm]y name is|I'm|I’m|I am|[Cc]all me|they call me)\s+(?<name>\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+)?)")]
    private static partial Regex SelfNaming();

    [GeneratedRegex(@"\bmy\s+(?<kin>wife|husband|brother|sister|mentor|dad|father|mom|mum|mother|son|daughter|aunt|uncle|kid|boss|partner|best friend|teammate|twin)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MyKin();

    public sealed record Narrator(CanonCharacter Character, double Score, string Evidence);

    public static Narrator? Find(CharacterDetector.WorkText text, CharacterDetector.Detection detection, NarrativeReading narrative, AliasMatcher matcher)
    {
        if (narrative.Pov != PointOfView.First || detection.Fandoms.Count == 0) return null;
        var fandoms = detection.Fandoms.ToHashSet();
        var scores = new Dictionary<CanonCharacter, double>();
        var why = new Dictionary<CanonCharacter, List<string>>();
        void Score(CanonCharacter c, double points, string reason)
        {
            scores[c] = scores.GetValueOrDefault(c) + points;
            if (!why.TryGetValue(c, out var list)) why[c] = list = [];
            if (list.Count < 4) list.Add(reason);
        }

        // Named in the narration, outside dialogue: a third person, not "I" — unless it is "my name is X".
        var namedInNarration = detection.Mentions.Where(m => !text.IsInDialogue(m.Offset)).GroupBy(m => m.Character).ToDictionary(g => g.Key, g => g.Count());

        foreach (Match m in SelfNaming().Matches(text.Body))
        {
            if (text.IsInDialogue(m.Index)) continue;
            foreach (var alias in matcher.Matches(m.Groups["name"].Value))
            {
                foreach (var target in alias.Targets.Where(t => t.Character is not null && fandoms.Contains(t.Fandom) && t.Kind != AliasKind.Cue))
                    Score(target.Character!, 5, $"\"{m.Value}\"");
            }
        }
        // Said to the narrator: a term of address no one else in the story explains.
        foreach (var (match, character) in detection.UnresolvedVocatives) Score(character, 1.5, $"called \"{match.Alias}\"");
        foreach (var mention in detection.Mentions.Where(m => text.IsInDialogue(m.Offset) && CharacterDetector.IsVocative(text.Body, m.Offset, m.Offset + m.Name.Length)))
        {
            if (!namedInNarration.ContainsKey(mention.Character)) Score(mention.Character, 1, $"called \"{mention.Name}\"");
        }

        // The people around the narrator are theirs: canon ties to the characters the story names.
        var present = detection.Mentions.Select(m => m.Character).Distinct().ToList();
        var kin = MyKin().Matches(text.Body).Where(m => !text.IsInDialogue(m.Index)).Select(m => m.Groups["kin"].Value.ToLowerInvariant()).ToHashSet();
        foreach (var fandom in detection.Fandoms)
        {
            foreach (var tie in fandom.Ties)
            {
                foreach (var (narrator, other) in new[] { (tie.A, tie.B), (tie.B, tie.A) })
                {
                    if (!present.Contains(other) || present.Contains(narrator) && namedInNarration.GetValueOrDefault(narrator) > 1) continue;
                    var weight = 1.0 + (kin.Count > 0 && KinMatches(tie.Kind, kin) ? 1 : 0);
                    Score(narrator, weight, $"{tie.Kind} of {other.Name}");
                }
            }
        }

        var best = scores.Where(s => namedInNarration.GetValueOrDefault(s.Key) <= 1 || why[s.Key].Any(w => w.StartsWith('"')))
            .OrderByDescending(s => s.Value).FirstOrDefault();
        if (best.Key is null || best.Value < 3) return null;
        // A clear winner only: two equally likely narrators is no reading.
        if (scores.Any(s => s.Key != best.Key && s.Value >= best.Value * 0.8 && namedInNarration.GetValueOrDefault(s.Key) <= 1)) return null;
        return new Narrator(best.Key, best.Value, "first-person narrator: " + string.Join(", ", why[best.Key]));
    }

    private static bool KinMatches(string tieKind, HashSet<string> kin) => tieKind switch
    {
        "sibling" => kin.Overlaps(["brother", "sister", "twin"]),
        "parent" or "family" => kin.Overlaps(["dad", "father", "mom", "mum", "mother", "son", "daughter", "aunt", "uncle", "kid", "wife", "husband"]),
        "spouse" => kin.Overlaps(["wife", "husband", "partner"]),
        "mentor" => kin.Overlaps(["mentor", "kid", "dad", "boss"]),
        "teammate" => kin.Overlaps(["teammate", "partner"]),
        "friend" => kin.Overlaps(["best friend"]),
        _ => false,
    };
}
