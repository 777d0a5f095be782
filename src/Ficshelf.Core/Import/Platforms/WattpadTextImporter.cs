using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Platforms;

/// <summary>
/// Copies of a Wattpad part page: [book title], part title, [by author], "Start from the beginning", the part,
/// and the footer where the book title is glued to the slogan ("My BookWhere stories live. Discover now").
/// </summary>
public sealed partial class WattpadTextImporter : IPlatformImporter
{
    public const string StartMarker = "Start from the beginning";
    public const string Slogan = "Where stories live. Discover now";

    private static readonly string[] PageChrome =
    [
        StartMarker, "Continue to next part", "You've reached the end of published parts.", "You’ve reached the end of published parts.",
        "Vote", "Comment", "Share", "Add to library", "Next part", "Keep reading", "Report this story", "Read more", "Reading list",
        "You'll also like", "You’ll also like", "Sign up to continue reading", "Dedication", "Table of contents",
    ];

    [GeneratedRegex(@"^(?:⏰\s*)?Last updated\b|^(?:Reads|Votes|Parts)\s+[\d.,]+[KkMm]?(?:\s+(?:Reads|Votes|Parts)\s+[\d.,]+[KkMm]?)*$|^\d[\d.,]*[KkMm]?\s+(?:Reads|Votes)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StatsLine();

    [GeneratedRegex(@"^by\s+@?(?<author>\S.{0,60})$", RegexOptions.IgnoreCase)]
    private static partial Regex ByLine();

    public Platform Platform => Platform.Wattpad;

    public double Detect(StoryText text)
    {
        var score = 0.0;
        foreach (var line in text.Lines)
        {
            if (line.EndsWith(Slogan, StringComparison.OrdinalIgnoreCase)) return 0.95;
            if (line.Equals(StartMarker, StringComparison.OrdinalIgnoreCase)) score = 0.9;
            else if (line.EqualsAny(["Continue to next part", "You've reached the end of published parts."])) score = Math.Max(score, 0.7);
        }
        return score;
    }

    public Work Parse(StoryText text)
    {
        var lines = text.Lines.ToList();
        var chrome = new List<string>();

        // Footer: everything after it is the page's recommendations, not this story.
        string? book = null;
        var footer = lines.FindIndex(l => l.EndsWith(Slogan, StringComparison.OrdinalIgnoreCase));
        if (footer >= 0)
        {
            var glued = lines[footer][..^Slogan.Length].Trim();
            if (glued.Length > 0) book = glued;
            chrome.Add(Slogan);
            chrome.AddRange(lines.Skip(footer + 1).Where(l => l.Length > 0));
            lines.RemoveRange(footer, lines.Count - footer);
        }

        // Header: the lines above "Start from the beginning" name the book, the part and the author.
        string? title = null;
        var authors = new List<string>();
        var start = lines.FindIndex(l => l.Equals(StartMarker, StringComparison.OrdinalIgnoreCase));
        var headerEnd = start >= 0 ? start : -1;
        if (headerEnd < 0 && Paragraphs.Blocks(lines).FirstOrDefault() is [var only] && IsTitleLike(only))
            headerEnd = lines.IndexOf(only) + 1;
        if (headerEnd >= 0)
        {
            var header = new List<string>();
            foreach (var line in lines.Take(headerEnd).Where(l => l.Length > 0))
            {
                if (ByLine().Match(line) is { Success: true } by) authors.Add(by.Groups["author"].Value.Trim());
                else if (StatsLine().IsMatch(line) || line.EqualsAny(PageChrome)) chrome.Add(line);
                else header.Add(line);
            }
            title = header.LastOrDefault();
            if (header.Count >= 2 && book is null) book = header[^2];
            if (start >= 0) chrome.Add(StartMarker);
            lines.RemoveRange(0, headerEnd);
        }

        var bodyLines = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length > 0 && (line.EqualsAny(PageChrome) || StatsLine().IsMatch(line))) chrome.Add(line);
            else bodyLines.Add(line);
        }

        var work = BodyBuilder.Build(bodyLines).ToWork(Platform, chrome);
        return work with { Title = title, SeriesOrBook = book, Authors = authors };
    }

    private static bool IsTitleLike(string line) =>
        line.Length <= 80 && !TextPatterns.EndsSentence(line) || line.Length <= 80 && line.EndsWith('?') || line.EndsWith('!') && line.Length <= 40;
}
