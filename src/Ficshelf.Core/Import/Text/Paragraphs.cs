namespace Ficshelf.Core.Import.Text;

/// <summary>Turns cleaned lines into paragraphs and mends what copy-and-paste broke, without changing a word.</summary>
public static class Paragraphs
{
    /// <summary>Groups of consecutive non-blank lines; any run of blank lines separates two groups.</summary>
    public static List<List<string>> Blocks(IEnumerable<string> lines)
    {
        var blocks = new List<List<string>>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                current = null;
                continue;
            }
            if (current is null)
            {
                current = [];
                blocks.Add(current);
            }
            current.Add(line);
        }
        return blocks;
    }

    /// <summary>
    /// Paragraphs from lines. Within a block: long lines are paragraphs of their own (text pasted with single
    /// newlines), lines hard-wrapped at a fixed width are joined with spaces, and short lines that do not end
    /// sentences (verse, lyrics) stay one paragraph with their line breaks. A chapter heading at the top of a
    /// block becomes a paragraph of its own.
    /// </summary>
    public static List<string> FromLines(IEnumerable<string> lines)
    {
        var paragraphs = new List<string>();
        foreach (var block in Blocks(lines))
        {
            var start = 0;
            if (block.Count > 1 && TextPatterns.IsChapterHeading(block[0]))
            {
                paragraphs.Add(block[0]);
                start = 1;
            }
            paragraphs.AddRange(SplitBlock(block.GetRange(start, block.Count - start)));
        }
        return paragraphs;
    }

    private static List<string> SplitBlock(List<string> lines)
    {
        if (lines.Count == 1) return lines;

        var allButLast = lines.Take(lines.Count - 1).ToList();
        if (allButLast.Average(l => l.Length) > 110) return lines;

        var widest = allButLast.Max(l => l.Length);
        var continuing = 0;
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            if (!TextPatterns.EndsSentence(lines[i])) continuing++;
        }
        var hardWrapped = widest <= 100 && allButLast.All(l => l.Length >= widest * 0.6) && allButLast.Average(l => l.Length) >= 45;
        if (hardWrapped) return [string.Join(' ', lines)];

        var endingSentences = lines.Count(TextPatterns.EndsSentence);
        if (endingSentences >= lines.Count * 0.6 && continuing <= lines.Count / 3) return lines;

        return [string.Join('\n', lines)];
    }

    /// <summary>
    /// Re-joins paragraphs that copy-and-paste split apart: AO3 copies put italic words on lines of their own,
    /// so a quotation arrives as “ / Detka… / ” she whispered. Merges a lone opening quote with what follows,
    /// a paragraph that starts with a closing quote or trailing punctuation with what precedes it, and a
    /// paragraph that breaks off mid-sentence with a lowercase continuation.
    /// </summary>
    public static List<string> Rejoin(IReadOnlyList<string> paragraphs)
    {
        var result = new List<string>(paragraphs.Count);
        foreach (var paragraph in paragraphs)
        {
            if (result.Count > 0)
            {
                var previous = result[^1];
                if (!TextPatterns.IsSceneBreak(previous) && !TextPatterns.IsSceneBreak(paragraph))
                {
                    if (IsLoneOpeningQuote(previous) || StartsWithClosingQuote(paragraph, previous) || StartsWithTrailingPunctuation(paragraph))
                    {
                        result[^1] = previous + paragraph;
                        continue;
                    }
                    if (!TextPatterns.EndsSentence(previous) && !previous.Contains('\n') && StartsLowercase(paragraph))
                    {
                        result[^1] = previous + " " + paragraph;
                        continue;
                    }
                }
            }
            result.Add(paragraph);
        }
        return result;
    }

    private static bool IsLoneOpeningQuote(string p) => p is "“" or "\"" or "‘" or "«" or "„" or "'";

    private static bool StartsWithClosingQuote(string p, string previous)
    {
        if (p.Length == 0) return false;
        var rest = p.Length > 1 ? p[1] : ' ';
        var followedByBreak = char.IsWhiteSpace(rest) || char.IsPunctuation(rest) || p.Length == 1;
        return p[0] switch
        {
            '”' or '»' => true,
            '"' => followedByBreak && previous.Count(c => c == '"') % 2 == 1,
            '’' => followedByBreak && previous.Count(c => c == '‘') > previous.Count(c => c == '’'),
            _ => false,
        };
    }

    private static bool StartsWithTrailingPunctuation(string p) =>
        p.Length > 0 && p[0] is ',' or '.' or ';' or '!' or '?' or '…' && (p.Length == 1 || !char.IsLetterOrDigit(p[1]) || p[0] == ',');

    private static bool StartsLowercase(string p)
    {
        foreach (var c in p)
        {
            if (char.IsLetter(c)) return char.IsLower(c);
            if (c is '“' or '"' or '‘' or '\'' or '(' or '*' or '_') return false;
        }
        return false;
    }
}
