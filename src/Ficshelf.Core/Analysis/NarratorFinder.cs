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

    /// <summary>The narrator speaking to themself by name: "Ochako Uraraka, I tell myself, you are going to be a hero."</summary>
    [GeneratedRegex(@"(?<name>\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+)?),\s+I\s+(?:tell|told|remind|reminded|say|said|whisper|whispered)(?:\s+to)?\s+myself\b")]
    private static partial Regex SelfAddress();

    /// <summary>A line of dialogue said by someone else ("he says", "said Clint"): a name said in it is said to the narrator.</summary>
    [GeneratedRegex(@"(?:\b(?:he|she|they)\s+(?:says|said|asks|asked|calls|called|shouts|shouted|whispers|whispered|yells|yelled|murmurs|murmured|mutters|muttered|replies|replied|tells me|told me|grins|grinned|laughs|laughed)\b|\b(?:says|said|asks|asked|calls|called)\s+(?:he|she)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex OtherSpeaks();

    [GeneratedRegex(@"\bI\s+(?:say|said|ask|asked|call|called|shout|shouted|whisper|whispered|tell|told|reply|replied)\b")]
    private static partial Regex NarratorSpeaks();

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
        foreach (Match m in SelfAddress().Matches(text.Body))
        {
            foreach (var alias in matcher.Matches(m.Groups["name"].Value))
            {
                foreach (var target in alias.Targets.Where(t => t.Character is not null && fandoms.Contains(t.Fandom) && t.Kind != AliasKind.Cue))
                    Score(target.Character!, 5, $"\"{Clip(m.Value)}\"");
            }
        }
        // Said to the narrator: a term of address no one else in the story explains.
        foreach (var (match, character) in detection.UnresolvedVocatives) Score(character, 1.5, $"called \"{match.Alias}\"");
        foreach (var mention in detection.Mentions.Where(m => text.IsInDialogue(m.Offset) && (CharacterDetector.IsVocative(text.Body, m.Offset, m.Offset + m.Name.Length) || IsCall(text.Body, m))))
        {
            if (namedInNarration.ContainsKey(mention.Character)) continue;
            // "Thanks, Nat," he says: a name in a line someone else speaks, in a paragraph where "I" does not speak, is the narrator's.
            var paragraph = text.Paragraphs[text.ParagraphAt(mention.Offset)];
            var narration = CharacterDetector.DialogueRegex().Replace(paragraph, " ");
            var saidToNarrator = OtherSpeaks().IsMatch(narration) && !NarratorSpeaks().IsMatch(narration);
            Score(mention.Character, saidToNarrator ? 3 : 1, saidToNarrator ? $"called \"{mention.Name}\" by someone speaking to \"I\"" : $"called \"{mention.Name}\"");
        }

        // The people around the narrator are theirs: canon ties to the characters the story names.
        var present = detection.Mentions.Select(m => m.Character).Distinct().ToList();
        var kin = MyKin().Matches(text.Body).Where(m => !text.IsInDialogue(m.Index)).Select(m => m.Groups["kin"].Value.ToLowerInvariant()).ToHashSet();
        // Each further tie counts half: a teammate of everyone (the whole team is each other's) is not thereby "I".
        var tieScores = new Dictionary<CanonCharacter, List<(double Weight, string Why)>>();
        foreach (var fandom in detection.Fandoms)
        {
            foreach (var tie in fandom.Ties)
            {
                foreach (var (narrator, other) in new[] { (tie.A, tie.B), (tie.B, tie.A) })
                {
                    if (!present.Contains(other) || present.Contains(narrator) && namedInNarration.GetValueOrDefault(narrator) > 1) continue;
                    var weight = 1.0 + (kin.Count > 0 && KinMatches(tie.Kind, kin) ? 1 : 0);
                    if (!tieScores.TryGetValue(narrator, out var list)) tieScores[narrator] = list = [];
                    list.Add((weight, $"{tie.Kind} of {other.Name}"));
                }
            }
        }
        foreach (var (narrator, ties) in tieScores)
        {
            var ordered = ties.OrderByDescending(t => t.Weight).ToList();
            for (var i = 0; i < ordered.Count; i++) Score(narrator, i == 0 ? ordered[i].Weight : ordered[i].Weight / 2, ordered[i].Why);
        }

        var best = scores.Where(s => namedInNarration.GetValueOrDefault(s.Key) <= 1 || why[s.Key].Any(w => w.StartsWith('"')))
            .OrderByDescending(s => s.Value).FirstOrDefault();
        if (best.Key is null || best.Value < 3) return null;
        // A clear winner only: two equally likely narrators is no reading.
        if (scores.Any(s => s.Key != best.Key && s.Value >= best.Value * 0.8 && namedInNarration.GetValueOrDefault(s.Key) <= 1)) return null;
        return new Narrator(best.Key, best.Value, "first-person narrator: " + string.Join(", ", why[best.Key]));
    }

    /// <summary>A name called out as the whole line: "Hinata!" or "Nat?" (a bare "Vader," may answer a question).</summary>
    private static bool IsCall(string body, CharacterDetector.Mention m)
    {
        var end = m.Offset + m.Name.Length;
        return m.Offset > 0 && body[m.Offset - 1] is '"' or '“' && end + 1 < body.Length && body[end] is '!' or '?' && body[end + 1] is '"' or '”';
    }

    /// <summary>"You are John Watson": a second-person story whose "you" is named in the narration is told to that character, not to the reader.</summary>
    [GeneratedRegex(@"\b(?:[Yy]ou are|[Yy]ou're|[Yy]ou’re|[Yy]our name is)\s+(?<name>\p{Lu}[\p{L}'’.-]+(?:\s\p{Lu}[\p{L}'’-]+)?)")]
    private static partial Regex YouAre();

    /// <summary>The canon character a second-person story addresses ("You are John Watson, and…"), if its narration says so.</summary>
    public static Narrator? FindAddressee(CharacterDetector.WorkText text, CharacterDetector.Detection detection, NarrativeReading narrative, AliasMatcher matcher)
    {
        if (narrative.Pov != PointOfView.Second || detection.Fandoms.Count == 0) return null;
        var fandoms = detection.Fandoms.ToHashSet();
        foreach (Match m in YouAre().Matches(text.Body))
        {
            if (text.IsInDialogue(m.Index)) continue;
            var named = matcher.Matches(m.Groups["name"].Value)
                .SelectMany(a => a.Targets.Where(t => t.Character is not null && fandoms.Contains(t.Fandom) && t.Kind == AliasKind.Strong).Select(t => t.Character!))
                .Distinct().ToList();
            if (named.Count == 1) return new Narrator(named[0], 5, $"second-person addressee: \"{Clip(m.Value)}\"");
        }
        return null;
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "…";

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
