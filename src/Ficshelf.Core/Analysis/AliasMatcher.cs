using System.Buffers;
using Ficshelf.Core.Analysis.Canon;

namespace Ficshelf.Core.Analysis;

public enum AliasKind
{
    /// <summary>A name that on its own identifies a character of the fandom.</summary>
    Strong,

    /// <summary>A name or epithet ("James", "the soldier") that means the character only once the story is about them.</summary>
    Contextual,

    /// <summary>A word that points to a fandom without naming anyone ("S.H.I.E.L.D.", "Hogwarts").</summary>
    Cue,

    /// <summary>A ship portmanteau ("Romanogers").</summary>
    ShipName,
}

public sealed record AliasTarget(AliasKind Kind, CanonFandom Fandom, CanonCharacter? Character = null, CanonShip? Ship = null);

public readonly record struct AliasMatch(int Start, int Length, string Alias, IReadOnlyList<AliasTarget> Targets);

/// <summary>
/// Finds every alias, cue and ship name of the knowledge base in a text in one pass. The scan is .NET's multi-string
/// <see cref="SearchValues{T}"/> (an Aho–Corasick / packed-SIMD matcher); a trie then picks the longest alias at
/// each hit that stands as whole words, so "Stark Industries" wins over "Stark" and "Nat" does not match "Nation".
/// Matching is case-sensitive: names are capitalised, and "will" is not "Will".
/// </summary>
public sealed class AliasMatcher
{
    private readonly SearchValues<string> starts;
    private readonly TrieNode root = new();

    public AliasMatcher(CanonKnowledgeBase knowledge)
    {
        var targets = new Dictionary<string, List<AliasTarget>>(StringComparer.Ordinal);
        void Add(string alias, AliasTarget target)
        {
            if (alias.Length < 2) return;
            if (!targets.TryGetValue(alias, out var list)) targets[alias] = list = [];
            if (!list.Contains(target)) list.Add(target);
        }
        foreach (var fandom in knowledge.Fandoms)
        {
            foreach (var cue in fandom.Cues) Add(cue, new AliasTarget(AliasKind.Cue, fandom));
            foreach (var character in fandom.Characters)
            {
                foreach (var alias in character.Aliases) Add(alias, new AliasTarget(AliasKind.Strong, fandom, character));
                foreach (var alias in character.ContextualAliases.Except(character.Aliases)) Add(alias, new AliasTarget(AliasKind.Contextual, fandom, character));
            }
            foreach (var ship in fandom.Ships)
            {
                foreach (var name in ship.ShipNames) Add(name, new AliasTarget(AliasKind.ShipName, fandom, Ship: ship));
            }
        }
        foreach (var (alias, list) in targets) Insert(alias, list);
        var patterns = targets.Keys.ToArray();
        Patterns = patterns;
        starts = SearchValues.Create(patterns, StringComparison.Ordinal);
    }

    /// <summary>Every alias string the matcher knows (for the naive baseline in benchmarks).</summary>
    public IReadOnlyList<string> Patterns { get; }

    public List<AliasMatch> Matches(string text)
    {
        var matches = new List<AliasMatch>();
        var position = 0;
        while (position < text.Length)
        {
            var found = text.AsSpan(position).IndexOfAny(starts);
            if (found < 0) break;
            var start = position + found;
            if (LongestWholeWordAt(text, start) is { } match)
            {
                matches.Add(match);
                position = start + match.Length;
            }
            else position = start + 1;
        }
        return matches;
    }

    private AliasMatch? LongestWholeWordAt(string text, int start)
    {
        if (start > 0 && IsWordChar(text[start - 1]) && IsWordChar(text[start])) return null;
        var node = root;
        AliasMatch? best = null;
        for (var i = start; i < text.Length; i++)
        {
            if (!node.Children.TryGetValue(text[i], out node!)) break;
            if (node.Targets is not null && (i + 1 == text.Length || !IsWordChar(text[i + 1]) || !IsWordChar(text[i])))
                best = new AliasMatch(start, i + 1 - start, node.Alias!, node.Targets);
        }
        return best;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private void Insert(string alias, List<AliasTarget> targets)
    {
        var node = root;
        foreach (var c in alias)
        {
            if (!node.Children.TryGetValue(c, out var next)) node.Children[c] = next = new TrieNode();
            node = next;
        }
        node.Alias = alias;
        node.Targets = targets;
    }

    private sealed class TrieNode
    {
        public readonly Dictionary<char, TrieNode> Children = [];
        public string? Alias;
        public List<AliasTarget>? Targets;
    }
}
