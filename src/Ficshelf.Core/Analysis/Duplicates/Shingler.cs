using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Ficshelf.Core.Analysis.Duplicates;

/// <summary>
/// A story's text as a set of hashed word shingles (runs of <see cref="Shingler.WordsPerShingle"/> words), the unit
/// near-duplicate detection compares. Also keeps the shingles in the order they first appear, so the opening of a
/// story can be fingerprinted on its own (a truncated copy shares the opening, not the whole).
/// </summary>
public sealed class ShingledText
{
    internal ShingledText(List<ulong> inOrder, HashSet<ulong> set, int words, long characters)
    {
        InOrder = inOrder;
        Set = set;
        Words = words;
        Characters = characters;
    }

    /// <summary>Each distinct shingle once, in the order of its first appearance.</summary>
    public IReadOnlyList<ulong> InOrder { get; }

    public IReadOnlySet<ulong> Set { get; }

    public int Count => InOrder.Count;

    public int Words { get; }

    public long Characters { get; }
}

/// <summary>
/// Normalises story text into words and hashes every run of five. The normalisation is what makes copies from
/// different platforms compare equal: case is folded, every punctuation mark (straight or curly quotes, dashes,
/// ellipses, scene-break rows of asterisks) separates words and is dropped, apostrophes vanish inside words
/// ("don’t" = "don't" = "dont"), and paragraph breaks do not matter — the text is one stream of words.
/// </summary>
public static class Shingler
{
    public const int WordsPerShingle = 5;

    public static ShingledText Shingle(IEnumerable<string> paragraphs)
    {
        var inOrder = new List<ulong>();
        var set = new HashSet<ulong>();
        var window = new ulong[WordsPerShingle];
        var words = 0;
        long characters = 0;
        var buffer = new char[64];

        void AddWord(ReadOnlySpan<char> word)
        {
            window[words % WordsPerShingle] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(word));
            words++;
            if (words < WordsPerShingle) return;
            Span<ulong> ordered = stackalloc ulong[WordsPerShingle];
            for (var j = 0; j < WordsPerShingle; j++) ordered[j] = window[(words + j) % WordsPerShingle];
            var shingle = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(ordered));
            if (set.Add(shingle)) inOrder.Add(shingle);
        }

        foreach (var raw in paragraphs)
        {
            // Compatibility forms (full-width letters, ligatures, decomposed accents) read as their plain letters.
            var paragraph = raw.IsNormalized(NormalizationForm.FormKC) ? raw : raw.Normalize(NormalizationForm.FormKC);
            characters += paragraph.Length;
            var length = 0;
            foreach (var c in paragraph)
            {
                if (IsApostrophe(c)) continue;
                if (IsIdeograph(c))
                {
                    // Scripts written without spaces: each character is a word, or a whole sentence would be one.
                    if (length > 0) AddWord(buffer.AsSpan(0, length));
                    length = 0;
                    AddWord([c]);
                }
                else if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                {
                    if (length == buffer.Length) Array.Resize(ref buffer, length * 2);
                    buffer[length++] = char.ToLowerInvariant(c);
                }
                else if (length > 0)
                {
                    AddWord(buffer.AsSpan(0, length));
                    length = 0;
                }
            }
            if (length > 0) AddWord(buffer.AsSpan(0, length));
        }

        if (words is > 0 and < WordsPerShingle)
        {
            // A text shorter than one shingle is one shingle of all its words.
            var shingle = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(window.AsSpan(0, words)));
            set.Add(shingle);
            inOrder.Add(shingle);
        }
        return new ShingledText(inOrder, set, words, characters);
    }

    private static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ' or '`' or '´';

    private static bool IsIdeograph(char c) =>
        c >= '\u2E80' && c < '\uAC00' && char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter;
}
