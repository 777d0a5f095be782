using System.Globalization;
using System.Numerics;
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
        var texts = paragraphs as IReadOnlyList<string> ?? paragraphs.ToList();
        long characters = 0;
        foreach (var text in texts) characters += text.Length;
        // About one word (and so one shingle) per six characters of prose: sized once, never rehashed.
        var capacity = (int)Math.Min(characters / 6 + 16, 1 << 24);
        var state = new State(capacity);
        var buffer = new char[64];
        foreach (var raw in texts)
        {
            // Compatibility forms (full-width letters, ligatures, decomposed accents) read as their plain letters.
            var paragraph = raw.IsNormalized(NormalizationForm.FormKC) ? raw : raw.Normalize(NormalizationForm.FormKC);
            var length = 0;
            foreach (var c in paragraph)
            {
                if (c < 128)
                {
                    // ASCII, nearly all of English prose: a table-free fast path.
                    if (char.IsAsciiLetterOrDigit(c))
                    {
                        if (length == buffer.Length) Array.Resize(ref buffer, length * 2);
                        buffer[length++] = (char)(c | (char.IsAsciiLetterUpper(c) ? 0x20 : 0));
                        continue;
                    }
                    if (c is '\'' or '`') continue;
                }
                else if (IsApostrophe(c))
                {
                    continue;
                }
                else if (IsIdeograph(c))
                {
                    // Scripts written without spaces: each character is a word, or a whole sentence would be one.
                    if (length > 0) state.AddWord(buffer.AsSpan(0, length));
                    length = 0;
                    state.AddWord([c]);
                    continue;
                }
                else if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                {
                    if (length == buffer.Length) Array.Resize(ref buffer, length * 2);
                    buffer[length++] = char.ToLowerInvariant(c);
                    continue;
                }
                if (length > 0) state.AddWord(buffer.AsSpan(0, length));
                length = 0;
            }
            if (length > 0) state.AddWord(buffer.AsSpan(0, length));
        }
        state.Finish();
        return new ShingledText(state.InOrder, state.Set, state.Words, characters);
    }

    private sealed class State(int capacity)
    {
        private readonly ulong[] window = new ulong[WordsPerShingle];
        public readonly List<ulong> InOrder = new(capacity);
        public readonly HashSet<ulong> Set = new(capacity);
        public int Words;

        public void AddWord(ReadOnlySpan<char> word)
        {
            window[Words % WordsPerShingle] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(word));
            Words++;
            if (Words < WordsPerShingle) return;
            // Order matters ("a b" ≠ "b a"): each word hash is rotated by its place before the mix.
            var oldest = Words % WordsPerShingle;
            ulong shingle = 0;
            for (var j = 0; j < WordsPerShingle; j++)
                shingle = (shingle ^ BitOperations.RotateLeft(window[(oldest + j) % WordsPerShingle], 13 * j)) * 0x9E37_79B9_7F4A_7C15UL;
            Add(Mix(shingle));
        }

        public void Finish()
        {
            if (Words is 0 or >= WordsPerShingle) return;
            // A text shorter than one shingle is one shingle of all its words.
            ulong shingle = 0;
            for (var j = 0; j < Words; j++) shingle = (shingle ^ BitOperations.RotateLeft(window[j], 13 * j)) * 0x9E37_79B9_7F4A_7C15UL;
            Add(Mix(shingle));
        }

        private void Add(ulong shingle)
        {
            if (Set.Add(shingle)) InOrder.Add(shingle);
        }

        /// <summary>The 64-bit finaliser of MurmurHash3: every input bit reaches every output bit.</summary>
        private static ulong Mix(ulong h)
        {
            h = (h ^ (h >> 33)) * 0xFF51_AFD7_ED55_8CCDUL;
            h = (h ^ (h >> 33)) * 0xC4CE_B9FE_1A85_EC53UL;
            return h ^ (h >> 33);
        }
    }

    private static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ' or '`' or '´';

    private static bool IsIdeograph(char c) =>
        c >= '\u2E80' && c < '\uAC00' && char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter;
}
