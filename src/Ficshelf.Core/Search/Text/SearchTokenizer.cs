using System.Globalization;
using System.Text;

namespace Ficshelf.Core.Search.Text;

/// <summary>
/// Splits text into search terms the way SQLite FTS5's unicode61 tokenizer does (letters, digits and private-use
/// characters make terms; everything else separates them; lower case, diacritics removed), so the in-process index
/// and the FTS5 baseline find the same works for the same words.
/// </summary>
public static class SearchTokenizer
{
    // Folded form of each BMP character: '\0' for a separator, else the lower-case letter without its diacritic.
    private static readonly char[] Fold = BuildFoldTable();

    public delegate void TermSink(ReadOnlySpan<char> term, int position);

    /// <summary>Calls <paramref name="sink"/> for each term with its position (0, 1, 2…); returns how many terms there were.</summary>
    public static int Tokenize(ReadOnlySpan<char> text, TermSink sink, int firstPosition = 0)
    {
        Span<char> buffer = stackalloc char[64];
        var length = 0;
        var position = firstPosition;
        var overlong = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var folded = i < text.Length ? Fold[text[i]] : '\0';
            if (folded != '\0')
            {
                // Terms longer than the buffer are cut: nobody searches for a 64-letter word, and it keeps the scan allocation-free.
                if (length < buffer.Length) buffer[length++] = folded;
                else overlong = true;
                continue;
            }
            if (length > 0)
            {
                sink(buffer[..length], position++);
                length = 0;
                overlong = false;
            }
        }
        _ = overlong;
        return position - firstPosition;
    }

    public static List<string> Terms(string? text)
    {
        var terms = new List<string>();
        if (text is not null) Tokenize(text, (term, _) => terms.Add(term.ToString()));
        return terms;
    }

    public static bool IsTermChar(char c) => Fold[c] != '\0';

    private static char[] BuildFoldTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var ch = (char)c;
            if (char.IsSurrogate(ch)) continue;
            var category = char.GetUnicodeCategory(ch);
            var isTerm = category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.PrivateUse;
            if (!isTerm) continue;
            var lower = char.ToLowerInvariant(ch);
            if (lower < 128) { table[c] = lower; continue; }
            // Strip combining marks: "é" → "e", "Ø" stays "ø" (no decomposition), as unicode61 with remove_diacritics does.
            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            var baseChar = decomposed.Length > 0 && char.GetUnicodeCategory(decomposed[0]) != UnicodeCategory.NonSpacingMark ? decomposed[0] : lower;
            table[c] = baseChar;
        }
        return table;
    }
}

/// <summary>One part of a full-text query: all must match a work.</summary>
public abstract record TextClause
{
    public sealed record Term(string Value) : TextClause;

    /// <summary>Any term starting with the value (<c>widow*</c>).</summary>
    public sealed record Prefix(string Value) : TextClause;

    /// <summary>The terms in this order, next to each other.</summary>
    public sealed record Phrase(IReadOnlyList<string> Terms) : TextClause;

    /// <summary>Breaks query text into clauses with the same tokenizer the index uses.</summary>
    public static IReadOnlyList<TextClause> Parse(string? text)
    {
        var clauses = new List<TextClause>();
        if (string.IsNullOrWhiteSpace(text)) return clauses;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) break;
            string chunk;
            var quoted = false;
            if (text[i] is '"' or '“' or '\'' && (text[i] != '\'' || text.IndexOf('\'', i + 1) > 0))
            {
                var close = text[i] == '“' ? '”' : text[i];
                var end = text.IndexOf(close, i + 1);
                if (end < 0) end = text.Length;
                chunk = text[(i + 1)..end];
                i = Math.Min(text.Length, end + 1);
                quoted = true;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
                chunk = text[start..i];
            }
            var terms = SearchTokenizer.Terms(chunk);
            if (terms.Count == 0) continue;
            if (!quoted && terms.Count == 1 && chunk.TrimEnd().EndsWith('*')) clauses.Add(new Prefix(terms[0]));
            else if (terms.Count == 1) clauses.Add(new Term(terms[0]));
            else clauses.Add(new Phrase(terms)); // "spider-man" is the phrase spider man
        }
        return clauses;
    }
}
