namespace Ficshelf.Core.Analysis.Text;

/// <summary>A word of a paragraph, where it starts, and whether it stands inside quoted dialogue.</summary>
public readonly ref struct Word(ReadOnlySpan<char> text, bool inDialogue, int start = 0)
{
    public ReadOnlySpan<char> Text { get; } = text;
    public bool InDialogue { get; } = inDialogue;
    public int Start { get; } = start;
}

/// <summary>
/// Splits text into words without allocating: runs of letters, with an apostrophe or hyphen inside a word kept
/// ("don’t", "Spider-Man"). Tracks “curly”, "straight" and ‘single’ quotes so analysers can tell narration from
/// dialogue; a ’ between letters is an apostrophe, never a quote.
/// </summary>
public ref struct Words(ReadOnlySpan<char> text)
{
    private readonly ReadOnlySpan<char> text = text;
    private int position;
    private bool inDialogue;
    private bool inSingleQuoted;

    public static Words In(string text) => new(text);

    public Words GetEnumerator() => this;

    public Word Current { get; private set; }

    /// <summary>"the twins’ room": an s’ followed by a lower-case word is a possessive, not the end of a quotation.</summary>
    private readonly bool IsPluralPossessive(int i) =>
        i > 0 && text[i - 1] is 's' && i + 2 < text.Length && text[i + 1] == ' ' && char.IsLower(text[i + 2]);

    /// <summary>British-style ‘dialogue’: a single quote opens one only at the start of a word, after a space or a dash.</summary>
    private readonly bool OpensQuote(int i) =>
        (i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '—' or '–' or '(') && i + 1 < text.Length && char.IsLetter(text[i + 1]);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        var i = position;
        while (i < text.Length && !char.IsLetter(text[i]))
        {
            var c = text[i];
            if (c == '“') inDialogue = true;
            else if (c == '”') inDialogue = false;
            else if (c == '"') inDialogue = !inDialogue;
            else if (c is '‘' or '\'' && OpensQuote(i)) inSingleQuoted = true;
            else if (c is '’' or '\'' && inSingleQuoted && !IsPluralPossessive(i)) inSingleQuoted = false;
            i++;
        }
        if (i >= text.Length)
        {
            position = i;
            return false;
        }
        var start = i;
        while (i < text.Length && (char.IsLetter(text[i]) || (text[i] is '\'' or '’' or '-') && i + 1 < text.Length && char.IsLetter(text[i + 1]) && i > start))
            i++;
        Current = new Word(text[start..i], inDialogue || inSingleQuoted, start);
        position = i;
        return true;
    }
}

/// <summary>A case-insensitive word list that looks words up as spans, so counting lexicon hits allocates nothing.</summary>
internal sealed class Lexicon<T>
{
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public Lexicon(IEnumerable<KeyValuePair<string, T>> entries)
    {
        var dictionary = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in entries) dictionary[key] = value;
        lookup = dictionary.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool TryGet(ReadOnlySpan<char> word, out T value) => lookup.TryGetValue(word, out value!);

    public T? GetValueOrDefault(ReadOnlySpan<char> word) => lookup.TryGetValue(word, out var value) ? value : default;

    public bool Contains(ReadOnlySpan<char> word) => lookup.ContainsKey(word);

    /// <summary>The words and their values, to merge lexicons into one lookup.</summary>
    public IEnumerable<KeyValuePair<string, T>> Entries => lookup.Dictionary;
}

internal static class Lexicon
{
    public static Lexicon<bool> Of(IEnumerable<string> words) => new(words.Select(w => KeyValuePair.Create(w, true)));
}
