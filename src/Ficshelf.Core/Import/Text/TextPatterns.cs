using System.Text.RegularExpressions;

namespace Ficshelf.Core.Import.Text;

/// <summary>The shapes of lines shared by every platform: chapter headings, author's-note labels, end markers, scene breaks.</summary>
internal static partial class TextPatterns
{
    private const string NumberWord =
        "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?";

    [GeneratedRegex(@"^\W{0,3}(?:(?:chapter|chap\.|ch\.|part)\s*(?:\d{1,4}|[ivxlc]{1,7}\b|" + NumberWord + @")|prologue|epilogue|interlude)\b(?:\s*(?:[:.\-–—|]|\s)\s*(?<title>\S.{0,118}))?\W{0,3}$", RegexOptions.IgnoreCase)]
    private static partial Regex ChapterHeadingRegex();

    /// <summary>"Chapter 2", "Chapter 2: The Storm", "Part Three", "Prologue", "CHAPTER IV - Home".</summary>
    public static bool IsChapterHeading(string line)
    {
        if (line.Length > 130) return false;
        var match = ChapterHeadingRegex().Match(line);
        if (!match.Success) return false;
        // "Part of me knew." is prose, not a heading: a title after a bare separator space must not read as a sentence.
        var title = match.Groups["title"];
        return !title.Success || !LooksLikeSentence(title.Value);
    }

    private static bool LooksLikeSentence(string title) =>
        title.Length > 0 && char.IsLower(title[0]) && title.Split(' ').Length > 3;

    // A numbered label ("A/N 2:") is a second note, as common as the first; the number must be followed by a separator.
    [GeneratedRegex(@"^[\W_]{0,3}(?:a/n|a\.n\.|a\.n|authors?['’]?s?['’]?\s*notes?|author\s*notes?)(?:\s*#?\d{1,2}(?=\s*[:\-–—]))?\s*[:\-–—.]*\s*", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorsNoteLabelRegex();

    [GeneratedRegex(@"^[\W_]{0,3}(?:an|n/a|notes?)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LooseNoteLabelRegex();

    /// <summary>
    /// If the paragraph is an author's note ("A/N: ...", "Author's Note - ..."), the note's text without its label
    /// ("" when the label stands alone and the note follows). <paramref name="loose"/> also accepts "AN:" and "Note:".
    /// </summary>
    public static string? AuthorsNoteText(string paragraph, bool loose = false)
    {
        var match = AuthorsNoteLabelRegex().Match(paragraph);
        if (!match.Success && loose) match = LooseNoteLabelRegex().Match(paragraph);
        if (!match.Success) return null;
        var rest = paragraph[match.Length..].Trim();
        // "Authors notes are great" is prose: a label must be followed by a separator or by nothing.
        var label = paragraph[..match.Length];
        if (rest.Length > 0 && !label.TrimEnd().EndsWith(':') && !label.Contains('/') && !label.TrimEnd().EndsWith('-') &&
            !label.TrimEnd().EndsWith('—') && !label.TrimEnd().EndsWith('–') && !label.TrimEnd().EndsWith('.'))
            return null;
        return TrimNoteDecoration(rest);
    }

    private static string TrimNoteDecoration(string text) => text.TrimEnd(')', ']', '*', '~', ' ').TrimStart('*', '~', ' ');

    [GeneratedRegex(@"^[\W_]{0,4}(?:the\s+end|fin|end|finis)[\W_]{0,4}$", RegexOptions.IgnoreCase)]
    private static partial Regex CompleteMarkerRegex();

    [GeneratedRegex(@"^[\W_]{0,4}(?:to\s+be\s+continued|tbc|continued\s+in\s+(?:the\s+)?next\s+(?:chapter|part))[\W_]{0,4}$", RegexOptions.IgnoreCase)]
    private static partial Regex ContinuedMarkerRegex();

    /// <summary>true for "The End." / "~fin~", false for "To be continued...", null for story text.</summary>
    public static bool? EndMarker(string paragraph)
    {
        if (paragraph.Length > 40) return null;
        if (CompleteMarkerRegex().IsMatch(paragraph)) return true;
        if (ContinuedMarkerRegex().IsMatch(paragraph)) return false;
        return null;
    }

    [GeneratedRegex(@"^(?:[\s*~=#_\-–—•·+oOxX0]{3,}|[*~#•]\s*|§)$")]
    private static partial Regex SceneBreakRegex();

    /// <summary>"***", "* * *", "~~~", "oOo", "-----": a break between scenes (kept in the body, not words).</summary>
    public static bool IsSceneBreak(string paragraph) =>
        paragraph.Length <= 40 && SceneBreakRegex().IsMatch(paragraph) && !paragraph.Any(char.IsLetter) || IsOrnamentWord(paragraph);

    private static bool IsOrnamentWord(string p) => p is "oOo" or "OoO" or "xXx" or "XxX" or "oOoOo" or "xoxox";

    /// <summary>A paragraph that ends a sentence: terminal punctuation, a closing quote or bracket, or a dash.</summary>
    public static bool EndsSentence(string paragraph)
    {
        var end = paragraph.TrimEnd('*', '_', '~', ' ');
        if (end.Length == 0) return true;
        var c = end[^1];
        return c is '.' or '!' or '?' or '…' or '"' or '”' or '’' or '\'' or ')' or ']' or '—' or '–' or '-' or ':' or ';' or '»' or '♡' or '♥'
               || char.IsSymbol(c) || char.IsSurrogate(c);
    }
}
