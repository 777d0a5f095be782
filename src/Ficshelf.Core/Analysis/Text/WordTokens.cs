using System.Runtime.InteropServices;

namespace Ficshelf.Core.Analysis.Text;

/// <summary>
/// The words of a work's paragraphs as <see cref="Words"/> splits them, found once and shared by every pass that
/// counts words (point of view, rating, genre), each word numbered by its spelling: a pass looks each
/// distinct spelling up in its lexicon once (<see cref="Map{T}"/>) instead of every word of the text.
/// </summary>
internal sealed class WordTokens
{
    /// <summary>A word: where it stands in its paragraph, its spelling's number in <see cref="Types"/>, and whether it is inside dialogue.</summary>
    public readonly record struct Token(int Start, int Length, int Type, bool InDialogue);

    private readonly List<Token> tokens;
    private readonly int[] paragraphStarts;
    private readonly List<string> types;

    private WordTokens(IReadOnlyList<string> paragraphs, List<Token> tokens, int[] paragraphStarts, List<string> types)
    {
        Paragraphs = paragraphs;
        this.tokens = tokens;
        this.paragraphStarts = paragraphStarts;
        this.types = types;
    }

    public IReadOnlyList<string> Paragraphs { get; }

    /// <summary>Every distinct spelling.</summary>
    public IReadOnlyList<string> Types => types;

    /// <summary>The words of paragraph <paramref name="paragraph"/>, in order.</summary>
    public ReadOnlySpan<Token> In(int paragraph) =>
        CollectionsMarshal.AsSpan(tokens)[paragraphStarts[paragraph]..paragraphStarts[paragraph + 1]];

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static WordTokens Of(IReadOnlyList<string> paragraphs)
    {
        // Prose has about one word per five or six characters: sized once rather than grown.
        var characters = 0;
        foreach (var paragraph in paragraphs) characters += paragraph.Length;
        var tokens = new List<Token>(characters / 4 + 16);
        var starts = new int[paragraphs.Count + 1];
        var types = new List<string>();
        // Case-sensitive numbering hashes faster; the lexicons, which ignore case, are asked per spelling anyway.
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = numbers.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var p = 0; p < paragraphs.Count; p++)
        {
            starts[p] = tokens.Count;
            var paragraph = paragraphs[p];
            foreach (var word in Words.In(paragraph))
            {
                if (!lookup.TryGetValue(word.Text, out var type))
                {
                    type = types.Count;
                    var spelling = word.Text.ToString();
                    types.Add(spelling);
                    numbers[spelling] = type;
                }
                tokens.Add(new Token(word.Start, word.Text.Length, type, word.InDialogue));
            }
        }
        starts[paragraphs.Count] = tokens.Count;
        return new WordTokens(paragraphs, tokens, starts, types);
    }

    /// <summary>Each spelling's value in a lexicon (its default where the lexicon lacks it), indexed by <see cref="Token.Type"/>.</summary>
    public T[] Map<T>(Lexicon<T> lexicon)
    {
        var values = new T[types.Count];
        for (var i = 0; i < values.Length; i++) values[i] = lexicon.GetValueOrDefault(types[i])!;
        return values;
    }
}
