using System.Text.RegularExpressions;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Analysis;

/// <summary>
/// Finds the fandom and characters of a work through the knowledge base's aliases, resolving names by context:
/// an epithet ("the soldier", "James") or a shared surname ("Carter") counts only for a character the work
/// already names unambiguously, and a name given in the story ("I'll call you Alexi") binds to the character it names.
/// </summary>
public sealed partial class CharacterDetector(CanonKnowledgeBase knowledge, AliasMatcher matcher)
{
    public const string ReaderName = "Reader";

    /// <summary>The text of a work the detector reads: the body, and the metadata that names who is in it.</summary>
    public sealed class WorkText
    {
        public WorkText(Work work)
        {
            Paragraphs = work.BodyParagraphs.ToArray();
            var starts = new int[Paragraphs.Count];
            var body = new System.Text.StringBuilder();
            for (var i = 0; i < Paragraphs.Count; i++)
            {
                starts[i] = body.Length;
                body.Append(Paragraphs[i]).Append("\n\n");
            }
            Body = body.ToString();
            ParagraphStarts = starts;
            // Freeform tags are left out on purpose: "No beta I die like Loki" does not put Loki in the story.
            var declared = work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category is TagCategory.Character or TagCategory.Relationship).Select(t => t.Name);
            Metadata = string.Join("\n", new[] { work.Title, work.Summary, work.Prompt }.Concat(declared).Where(s => !string.IsNullOrWhiteSpace(s)));
            DeclaredFandoms = work.Tags.Where(t => t.Category == TagCategory.Fandom).Select(t => t.Name).ToArray();
        }

        public IReadOnlyList<string> Paragraphs { get; }
        public string Body { get; }
        public IReadOnlyList<int> ParagraphStarts { get; }
        public string Metadata { get; }
        public IReadOnlyList<string> DeclaredFandoms { get; }

        /// <summary>Whether a body offset falls inside quoted dialogue: a name said aloud is talked about, not on stage.</summary>
        public bool IsInDialogue(int offset)
        {
            if (offset < 0) return false;
            var p = ParagraphAt(offset);
            dialogue ??= new (int, int)[Paragraphs.Count][];
            dialogue[p] ??= DialogueRegex().Matches(Paragraphs[p]).Select(m => (m.Index, m.Length)).ToArray();
            var local = offset - ParagraphStarts[p];
            return dialogue[p].Any(d => local >= d.Item1 && local < d.Item1 + d.Item2);
        }

        private (int, int)[][]? dialogue;

        public int ParagraphAt(int offset)
        {
            var index = ((int[])ParagraphStarts).AsSpan().BinarySearch(offset);
            return index >= 0 ? index : ~index - 1;
        }
    }

    /// <summary>A mention of a character at a body offset (or -1 for metadata).</summary>
    public readonly record struct Mention(CanonCharacter Character, int Offset, string Name);

    public sealed record Detection(
        IReadOnlyList<CanonFandom> Fandoms,
        IReadOnlyList<Mention> Mentions,
        IReadOnlyList<CanonCharacter> Declared,
        IReadOnlyList<AliasMatch> ShipNames);

    public Detection Detect(WorkText text)
    {
        var bodyMatches = matcher.Matches(text.Body);
        var metaMatches = matcher.Matches(text.Metadata);
        var fandoms = ChooseFandoms(text, bodyMatches, metaMatches);
        var chosen = fandoms.ToHashSet();

        // A work uses few distinct names many times: resolve each name's candidates once.
        var strongByAlias = new Dictionary<string, List<CanonCharacter>>(StringComparer.Ordinal);
        var contextualByAlias = new Dictionary<string, List<CanonCharacter>>(StringComparer.Ordinal);
        List<CanonCharacter> Candidates(AliasMatch m, AliasKind kind, Dictionary<string, List<CanonCharacter>> cache)
        {
            if (!cache.TryGetValue(m.Alias, out var list))
                cache[m.Alias] = list = m.Targets.Where(t => t.Kind == kind && chosen.Contains(t.Fandom)).Select(t => t.Character!).Distinct().ToList();
            return list;
        }
        List<CanonCharacter> StrongCandidates(AliasMatch m) => Candidates(m, AliasKind.Strong, strongByAlias);

        // Established: named unambiguously somewhere in the work or its metadata.
        var established = new HashSet<CanonCharacter>();
        foreach (var m in bodyMatches.Concat(metaMatches))
        {
            var candidates = StrongCandidates(m);
            if (candidates.Count == 1) established.Add(candidates[0]);
        }
        var declared = metaMatches.SelectMany(m => StrongCandidates(m).Take(1)).Distinct().ToList();

        var mentions = new List<Mention>();
        foreach (var m in bodyMatches)
        {
            var strong = StrongCandidates(m);
            if (strong.Count == 1)
            {
                mentions.Add(new Mention(strong[0], m.Start, m.Alias));
                continue;
            }
            var pool = strong.Count > 0 ? strong : Candidates(m, AliasKind.Contextual, contextualByAlias);
            CanonCharacter? only = null;
            var count = 0;
            foreach (var candidate in pool)
            {
                if (!established.Contains(candidate)) continue;
                only = candidate;
                count++;
            }
            if (count == 1) mentions.Add(new Mention(only!, m.Start, m.Alias));
        }

        mentions.AddRange(BindGivenNames(text, mentions, established));
        mentions.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        var ships = bodyMatches.Concat(metaMatches).Where(m => m.Targets.Any(t => t.Kind == AliasKind.ShipName && chosen.Contains(t.Fandom))).ToList();
        return new Detection(fandoms, mentions, declared, ships);
    }

    private List<CanonFandom> ChooseFandoms(WorkText text, List<AliasMatch> body, List<AliasMatch> meta)
    {
        var scores = new Dictionary<CanonFandom, double>();
        var named = new HashSet<CanonFandom>();
        void Score(CanonFandom fandom, double weight) => scores[fandom] = scores.GetValueOrDefault(fandom) + weight;

        foreach (var name in text.DeclaredFandoms)
        {
            var fandom = knowledge.FindFandom(name) ?? knowledge.Fandoms.FirstOrDefault(f =>
                name.Contains(f.Name, StringComparison.OrdinalIgnoreCase) || f.Aliases.Any(a => a.Length > 3 && name.Contains(a, StringComparison.OrdinalIgnoreCase)));
            if (fandom is not null)
            {
                Score(fandom, 50);
                named.Add(fandom);
            }
        }
        // Each distinct name's fandoms are worked out once; a work repeats its few names many times.
        var fandomsByAlias = new Dictionary<string, (List<CanonFandom> All, List<CanonFandom> Naming)>(StringComparer.Ordinal);
        foreach (var (matches, weight) in new[] { (body, 1.0), (meta, 3.0) })
        {
            foreach (var m in matches)
            {
                if (!fandomsByAlias.TryGetValue(m.Alias, out var here))
                {
                    fandomsByAlias[m.Alias] = here = (
                        m.Targets.Where(t => t.Kind != AliasKind.Contextual).Select(t => t.Fandom).Distinct().ToList(),
                        m.Targets.Where(t => t.Kind == AliasKind.Strong).Select(t => t.Fandom).Distinct().ToList());
                }
                foreach (var fandom in here.All) Score(fandom, weight / here.All.Count);
                named.UnionWith(here.Naming);
            }
        }
        if (scores.Count == 0) return [];
        // The leading fandom needs one clear name; a crossover's second fandom needs more than a stray name.
        // Cue words alone ("Empire", "Resistance") make a fandom only when there are several of them.
        var ranked = scores.Where(s => named.Contains(s.Key) || s.Value >= 3).OrderByDescending(s => s.Value).ToList();
        if (ranked.Count == 0) return [];
        if (ranked[0].Value < 1) return [];
        return ranked.Take(1).Concat(ranked.Skip(1).Where(s => s.Value >= Math.Max(2, ranked[0].Value * 0.3)).Take(2)).Select(s => s.Key).ToList();
    }

    [GeneratedRegex(@"“[^”]*”?|""[^""]*""?")]
    internal static partial Regex DialogueRegex();

    [GeneratedRegex(@"\b(?:[Cc]all|[Nn]ame)\s+(?<who>you|him|her)\s+[""“']?(?<name>[A-Z][a-z]{2,15})\b")]
    private static partial Regex GivenName();

    /// <summary>
    /// "I'll call you Alexi": the new name belongs to a character near the naming who is not the story's focal
    /// character (the one doing the naming, most often), with a matching pronoun.
    /// </summary>
    private IEnumerable<Mention> BindGivenNames(WorkText text, List<Mention> mentions, HashSet<CanonCharacter> established)
    {
        if (mentions.Count == 0) yield break;
        var focal = mentions.GroupBy(m => m.Character).MaxBy(g => g.Count())!.Key;
        var known = new HashSet<string>(knowledge.Characters.SelectMany(c => c.Aliases), StringComparer.Ordinal);
        foreach (Match binding in GivenName().Matches(text.Body))
        {
            var name = binding.Groups["name"].Value;
            if (known.Contains(name)) continue;
            var who = binding.Groups["who"].Value;
            var window = mentions.Where(m => m.Offset < binding.Index && m.Offset > binding.Index - 2000 && m.Character != focal && established.Contains(m.Character))
                .Where(m => who == "you" || (who == "him") == (m.Character.Gender == "male"))
                .GroupBy(m => m.Character).OrderByDescending(g => g.Count()).FirstOrDefault();
            if (window is null) continue;
            foreach (Match use in Regex.Matches(text.Body, $@"\b{Regex.Escape(name)}\b"))
                yield return new Mention(window.Key, use.Index, name);
        }
    }
}
