using System.Text.RegularExpressions;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Platforms;

/// <summary>
/// A Quotev story page copied as text: the site bar, the book's title and "by author", a stats line
/// ("Fanfiction · 12 chapters · 6.2K reads"), the numbered chapter list, the chapter's title, the chapter, then
/// "Previous"/"Next", likes, the comment box and the site footer.
/// </summary>
internal static partial class QuotevLayout
{
    private static readonly string[] SiteBar =
    [
        "Quotev", "Home", "Browse", "Search", "Create", "Sign Up", "Log In", "Log in", "Sign up", "Stories", "Quizzes", "Polls",
        "Chapters", "Table of Contents", "Start Reading", "Read", "Add to Library", "Favorite", "Follow", "Share", "Report",
    ];

    private static readonly string[] Footer =
    [
        "Previous", "Next", "Previous chapter", "Next chapter", "« Previous", "Next »", "‹ Previous", "Next ›", "Like", "Liked", "Likes",
        "Comments", "Add a comment...", "Add a comment", "Post", "Quotev", "About", "Terms", "Privacy", "Help", "Contact", "Report",
        "Share", "Favorite", "Follow", "Back to top", "Language", "English",
    ];

    public sealed record Header(string? Title, string? Book, IReadOnlyList<string> Authors, int BodyStart);

    [GeneratedRegex(@"^by\s+@?(?<author>\S.{0,60})$", RegexOptions.IgnoreCase)]
    private static partial Regex ByLine();

    [GeneratedRegex(@"\b\d[\d.,]*\s*[KkMm]?\s+(?:chapters?|reads?|views?|likes?|favorites?|favourites?|comments?|followers?)\b|\bupdated\b", RegexOptions.IgnoreCase)]
    private static partial Regex StatsPart();

    [GeneratedRegex(@"^\d{1,4}\.\s+\S.{0,150}$")]
    private static partial Regex ListEntry();

    [GeneratedRegex(@"^Comments?\s*\(\d[\d,.]*[KkMm]?\)$|^\d[\d,.]*[KkMm]?\s+(?:comments?|likes?|reads?)$", RegexOptions.IgnoreCase)]
    private static partial Regex CountLine();

    public static bool Detect(StoryText text) =>
        text.Head(15).Concat(text.Tail(15)).Any(l => l.Equals("Quotev", StringComparison.OrdinalIgnoreCase) || SiteChrome.IsCopyright(l) && l.Contains("Quotev", StringComparison.OrdinalIgnoreCase));

    private static bool IsStatsLine(string line) => line.Length <= 200 && line.Contains('·') && StatsPart().IsMatch(line);

    /// <summary>The header of a Quotev copy, or null when the text does not start like one.</summary>
    public static Header? Read(List<string> lines, List<string> chrome)
    {
        var limit = Math.Min(lines.Count, 80);
        var by = -1;
        for (var k = 0; k < limit; k++)
        {
            if (lines[k].Length > 0 && ByLine().IsMatch(lines[k])) { by = k; break; }
        }
        var stats = lines.FindIndex(0, limit, IsStatsLine);
        if (by < 0 && stats < 0) return null;
        if (!lines.Take(limit).Any(l => l.Equals("Quotev", StringComparison.OrdinalIgnoreCase)) && stats < 0) return null;

        var anchor = by >= 0 ? by : stats;
        string? book = null;
        var authors = new List<string>();
        for (var k = 0; k < anchor; k++)
        {
            var line = lines[k];
            if (line.Length == 0) continue;
            if (line.EqualsAny(SiteBar) || SiteChrome.IsNavigationBar(line)) chrome.Add(line);
            else
            {
                // The book's title is the last line above "by"; anything above it is the site's.
                if (book is not null) chrome.Add(book);
                book = line;
            }
        }
        if (book is { Length: > SiteChrome.MaxTitleLength })
        {
            chrome.Add(book);
            book = null;
        }
        if (by >= 0) authors.Add(ByLine().Match(lines[by]).Groups["author"].Value.Trim());

        // Stats, the "Chapters" label and the numbered chapter list; then the chapter's own title.
        var entries = new List<string>();
        var i = anchor + 1;
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            if (IsStatsLine(line) || line.EqualsAny(SiteBar) || CountLine().IsMatch(line)) { chrome.Add(line); continue; }
            if (ListEntry().IsMatch(line)) { chrome.Add(line); entries.Add(line[(line.IndexOf('.') + 1)..].Trim()); continue; }
            break;
        }
        string? title = null;
        if (i < lines.Count && lines[i].Length <= SiteChrome.MaxTitleLength &&
            (lines[i].EqualsAny(entries) || !TextPatterns.EndsSentence(lines[i]) && (i + 1 >= lines.Count || lines[i + 1].Length == 0)))
        {
            title = lines[i];
            i++;
        }
        return new Header(title, book, authors, i);
    }

    /// <summary>Chapter navigation, likes, the comment box and the site footer at the end of the copy.</summary>
    public static void StripFooter(List<string> lines, List<string> chrome)
    {
        for (var k = lines.Count - 1; k >= 0; k--)
        {
            var line = lines[k];
            if (line.Length == 0) continue;
            if (line.EqualsAny(Footer) || CountLine().IsMatch(line) || SiteChrome.IsCopyright(line) || SiteChrome.IsNavigationBar(line))
            {
                chrome.Add(line);
                lines[k] = "";
                continue;
            }
            break;
        }
    }
}
