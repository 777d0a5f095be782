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
/// Finds every alias, cue and ship name of the knowledge base in a text in one pass. Names are capitalised, so the
/// scan jumps (with a vectorised <see cref="SearchValues{T}"/> search) from one word that starts with a letter some
/// alias starts with to the next, and walks a trie there for the longest alias that stands as whole words — "Stark
/// Industries" wins over "Stark", and "Nat" does not match "Nation". The few aliases that start in lower case
/// ("the soldier") are looked for the same way from the start of each word whose first letter one of them starts
/// with (a whole-word alias can start nowhere else). Matching is case-sensitive: "will" is not "Will".
/// </summary>
public sealed class AliasMatcher
{
    private readonly SearchValues<char> capitalStarts;
    private readonly SearchValues<char>? lowercaseStarts;
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
        root.Freeze();
        var patterns = targets.Keys.ToArray();
        Patterns = patterns;
        capitalStarts = SearchValues.Create(patterns.Where(p => !char.IsLower(p[0])).Select(p => p[0]).Distinct().ToArray());
        var lowercase = patterns.Where(p => char.IsLower(p[0])).Select(p => p[0]).Distinct().ToArray();
        if (lowercase.Length > 0) lowercaseStarts = SearchValues.Create(lowercase);
    }

    /// <summary>Every alias string the matcher knows (for the naive baseline in benchmarks).</summary>
    public IReadOnlyList<string> Patterns { get; }

    public List<AliasMatch> Matches(string text)
    {
        var matches = new List<AliasMatch>(text.Length / 512 + 4);
        Scan(text, matches, capitalStarts);
        if (lowercaseStarts is not null)
        {
            var lower = new List<AliasMatch>();
            ScanWordStarts(text, lower, lowercaseStarts);
            if (lower.Count > 0) matches = Merge(matches, lower);
        }
        return matches;
    }

    /// <summary>
    /// The aliases that start at the start of a word with one of <paramref name="starts"/>: inside a word none can
    /// stand as a whole word, so the scan steps over the rest of each word it lands in.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ScanWordStarts(string text, List<AliasMatch> matches, SearchValues<char> starts)
    {
        var position = 0;
        while (position < text.Length)
        {
            var found = text.AsSpan(position).IndexOfAny(starts);
            if (found < 0) break;
            var start = position + found;
            if (start > 0 && IsWordChar(text[start - 1]))
            {
                position = EndOfWord(text, start + 1);
                continue;
            }
            if (LongestWholeWordAt(text, start) is { } match)
            {
                matches.Add(match);
                position = start + match.Length;
            }
            else position = EndOfWord(text, start + 1);
        }
    }

    private static readonly SearchValues<char> AsciiWordChars = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>The first position from <paramref name="position"/> on that is not a letter or digit (<see cref="IsWordChar"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int EndOfWord(string text, int position)
    {
        while (position < text.Length)
        {
            var run = text.AsSpan(position).IndexOfAnyExcept(AsciiWordChars);
            if (run < 0) return text.Length;
            position += run;
            if (!IsWordChar(text[position])) return position;
            position++;
        }
        return position;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Scan(string text, List<AliasMatch> matches, SearchValues<char> starts)
    {
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
    }

    /// <summary>Both scans' matches in text order; where two overlap, the one that starts first (or is longer) stays.</summary>
    private static List<AliasMatch> Merge(List<AliasMatch> a, List<AliasMatch> b)
    {
        var all = a.Concat(b).OrderBy(m => m.Start).ThenByDescending(m => m.Length).ToList();
        var result = new List<AliasMatch>(all.Count);
        var end = -1;
        foreach (var m in all)
        {
            if (m.Start < end) continue;
            result.Add(m);
            end = m.Start + m.Length;
        }
        return result;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private AliasMatch? LongestWholeWordAt(string text, int start)
    {
        if (start > 0 && IsWordChar(text[start - 1]) && IsWordChar(text[start])) return null;
        var node = root;
        AliasMatch? best = null;
        for (var i = start; i < text.Length; i++)
        {
            // The first letter through a table: most words the scan stops at start no alias.
            TrieNode? next;
            if (i == start && text[i] < firstLetters.Length) next = firstLetters[text[i]];
            else next = node.Child(text[i]);
            if (next is null) break;
            node = next;
            if (node.Targets is not null && (i + 1 == text.Length || !IsWordChar(text[i + 1]) || !IsWordChar(text[i])))
                best = new AliasMatch(start, i + 1 - start, node.Alias!, node.Targets);
        }
        return best;
    }

    /// <summary>The trie's first level for the Latin-1 letters, filled in by <see cref="Insert"/>.</summary>
    private readonly TrieNode?[] firstLetters = new TrieNode?[256];

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private void Insert(string alias, List<AliasTarget> targets)
    {
        var node = root;
        foreach (var c in alias)
        {
            if (!node.Children.TryGetValue(c, out var next))
            {
                node.Children[c] = next = new TrieNode();
                if (node == root && c < firstLetters.Length) firstLetters[c] = next;
            }
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

        // The children as two arrays once the trie is built: a vectorised search of a few letters beats hashing one.
        private char[] letters = [];
        private TrieNode[] nodes = [];

        public TrieNode? Child(char c)
        {
            var index = letters.AsSpan().IndexOf(c);
            return index < 0 ? null : nodes[index];
        }

        public void Freeze()
        {
            letters = [.. Children.Keys];
            nodes = [.. Children.Values];
            foreach (var child in nodes) child.Freeze();
        }
    }
}
