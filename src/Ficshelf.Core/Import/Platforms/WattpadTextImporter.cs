using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Platforms;

/// <summary>
/// Copies of Wattpad pages. A part page: [book title], part title, "by author" or "@author", the part's counts
/// (reads, votes, comments — labelled or a bare "1.1K 96 14"), "Start from the beginning", the part, then "Vote",
/// "Comments 9", "Share", "Continue reading next part" and the footer where the book title is glued to the slogan
/// ("My BookWhere stories live. Discover now"). A story page copied above it adds the status line ("Complete, First
/// published …"), "Mature", the counts, the description, the copyright line, hashtags and the table of contents.
/// </summary>
internal sealed partial class WattpadTextImporter : IPlatformImporter
{
    public const string StartMarker = "Start from the beginning";
    public const string Slogan = "Where stories live. Discover now";

    private static readonly string[] PageChrome =
    [
        StartMarker, "Continue to next part", "Continue reading next part", "You've reached the end of published parts.",
        "You’ve reached the end of published parts.", "Vote", "Voted", "Comment", "Comments", "Share", "Add to library",
        "Add to Library", "Next part", "Keep reading", "Report this story", "Read more", "Reading list", "Start reading",
        "Start Reading", "Sign up to continue reading", "Dedication", "Table of contents", "Table of Contents", "Read", "Follow",
        "Story Info", "New Reading List", "Embed Story", "Report Story",
        // The site bar above a copied page.
        "Browse", "Community", "Write", "Try Premium", "Premium", "Log in", "Log In", "Sign Up", "Sign up", "Wattpad", "Search",
        "Wattpad Originals", "Get the App", "Language", "Writers", "Business", "Jobs", "Press", "Terms", "Privacy", "Help",
    ];

    /// <summary>After these the page shows other stories: everything below is chrome.</summary>
    private static readonly string[] Recommendations = ["You'll also like", "You’ll also like", "You may also like", "Recommended"];

    private static readonly string[] Copyrights =
    [
        "All Rights Reserved", "Public Domain", "Attribution", "Attribution-NonCommercial", "Attribution-NonCommercial-NoDerivs",
        "Attribution-NonCommercial-ShareAlike", "Attribution-NoDerivs", "Attribution-ShareAlike", "(CC) Attribution",
    ];

    [GeneratedRegex(@"^(?:⏰\s*)?Last updated\b|^(?:Reads|Votes|Parts|Comments|Time)\s+[\d.,]+[KkMm]?(?:\s+\S+)?(?:\s+(?:Reads|Votes|Parts|Comments)\s+[\d.,]+[KkMm]?)*$|^[\d.,]+[KkMm]?\s+(?:Reads|Votes|Parts|Comments?)\b.{0,60}$|^Time\s+(?:\d+h\s*)?\d+m(?:in)?$", RegexOptions.IgnoreCase)]
    private static partial Regex StatsLine();

    /// <summary>The counts under a part's title without their labels (icons in the page): "1.1K 96 14".</summary>
    [GeneratedRegex(@"^[\d.,]+[KkMm]?(?:\s+[\d.,]+[KkMm]?){1,3}$")]
    private static partial Regex BareCounts();

    [GeneratedRegex(@"^(?<status>Complete|Completed|Ongoing)\b(?:,?\s*First published\b.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}$", RegexOptions.IgnoreCase)]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^\d{1,4}\.\s+\S.{0,150}$")]
    private static partial Regex PartListEntry();

    [GeneratedRegex(@"^(?:by\s+@?|@)(?<author>[^\s@].{0,60})$", RegexOptions.IgnoreCase)]
    private static partial Regex ByLine();

    public Platform Platform => Platform.Wattpad;

    public double Detect(StoryText text)
    {
        var score = 0.0;
        foreach (var line in text.Lines)
        {
            if (line.EndsWith(Slogan, StringComparison.OrdinalIgnoreCase)) return 0.95;
            if (line.Equals(StartMarker, StringComparison.OrdinalIgnoreCase)) score = 0.9;
            else if (line.EqualsAny(["Continue to next part", "Continue reading next part", "You've reached the end of published parts."])) score = Math.Max(score, 0.7);
        }
        return score;
    }

    private static bool IsCountLine(string line) => StatsLine().IsMatch(line) || BareCounts().IsMatch(line);

    /// <summary>The part's dedication under its title: "Dedicated to @name".</summary>
    [GeneratedRegex(@"^Dedicated to\s+@?\S.{0,80}$", RegexOptions.IgnoreCase)]
    private static partial Regex Dedication();

    private static bool IsChromeLine(string line) =>
        line.EqualsAny(PageChrome) || IsCountLine(line) || line.EqualsAny(Copyrights) || DateLine().IsMatch(line) || Dedication().IsMatch(line);

    public Work Parse(StoryText text)
    {
        var lines = text.Lines.ToList();
        var chrome = new List<string>();
        var tags = new DeclaredTags();

        // Footer: everything after it is the page's recommendations, not this story.
        string? book = null;
        var footer = lines.FindIndex(l => l.EndsWith(Slogan, StringComparison.OrdinalIgnoreCase));
        var recommendations = lines.FindIndex(l => l.EqualsAny(Recommendations));
        if (footer < 0 || recommendations >= 0 && recommendations < footer) footer = recommendations;
        if (footer >= 0)
        {
            if (lines[footer].EndsWith(Slogan, StringComparison.OrdinalIgnoreCase))
            {
                var glued = lines[footer][..^Slogan.Length].Trim();
                if (glued.Length is > 0 and <= SiteChrome.MaxTitleLength) book = glued;
                chrome.Add(Slogan);
                if (glued.Length > SiteChrome.MaxTitleLength) chrome.Add(glued);
            }
            else chrome.Add(lines[footer]);
            chrome.AddRange(lines.Skip(footer + 1).Where(l => l.Length > 0));
            lines.RemoveRange(footer, lines.Count - footer);
        }

        // Header: the lines above "Start from the beginning" — or, without it, above the first paragraph of prose.
        string? title = null, summary = null;
        bool? complete = null;
        var authors = new List<string>();
        var start = lines.FindIndex(l => l.Equals(StartMarker, StringComparison.OrdinalIgnoreCase));
        var headerEnd = start >= 0 ? start + 1 : HeaderEnd(lines);
        if (headerEnd > 0)
        {
            var candidates = new List<string>();
            var inPartList = false;
            foreach (var line in lines.Take(headerEnd).Where(l => l.Length > 0))
            {
                if (line.EqualsAny(["Table of contents", "Table of Contents"])) inPartList = true;
                if (StatusLine().Match(line) is { Success: true } status)
                {
                    complete = !status.Groups["status"].Value.Equals("Ongoing", StringComparison.OrdinalIgnoreCase);
                    chrome.Add(line);
                }
                else if (line.Equals("Mature", StringComparison.OrdinalIgnoreCase))
                {
                    tags.Add(TagCategory.Rating, "Mature");
                }
                else if (SiteChrome.IsHashtagLine(line))
                {
                    foreach (var tag in SiteChrome.Hashtags(line)) tags.Add(TagCategory.Freeform, tag);
                    chrome.Add(line);
                }
                else if (IsChromeLine(line) || inPartList && PartListEntry().IsMatch(line))
                {
                    chrome.Add(line);
                }
                else if (ByLine().Match(line) is { Success: true } by && line.Length <= 80)
                {
                    inPartList = false;
                    authors.Add(by.Groups["author"].Value.Trim());
                }
                else if (IsHeaderTitle(line))
                {
                    inPartList = false;
                    candidates.Add(line);
                }
                else
                {
                    // The story's description on its info page.
                    inPartList = false;
                    summary = summary is null ? line : summary + "\n\n" + line;
                }
            }
            title = candidates.LastOrDefault();
            if (candidates.Count >= 2 && book is null) book = candidates[0];
            chrome.AddRange(candidates.Take(Math.Max(0, candidates.Count - 1)).Where(c => c != book));
            lines.RemoveRange(0, headerEnd);
        }

        var bodyLines = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length > 0 && IsChromeLine(line)) chrome.Add(line);
            else bodyLines.Add(line);
        }
        SiteChrome.StripTrailingPostChrome(bodyLines, chrome);

        var work = BodyBuilder.Build(bodyLines).ToWork(Platform, chrome);
        return work with
        {
            Title = title,
            SeriesOrBook = book,
            Authors = authors.Distinct().ToList(),
            Summary = summary,
            Tags = tags.ToList(),
            Complete = complete ?? work.Complete,
        };
    }

    /// <summary>
    /// Without "Start from the beginning": the header runs while its lines are Wattpad's (counts, status, by-line,
    /// hashtags, short titles); it ends before the first paragraph of prose. Only a header that shows Wattpad's own
    /// lines counts, so a copy of the bare part keeps its first lines.
    /// </summary>
    private static int HeaderEnd(List<string> lines)
    {
        var end = 0;
        var sawWattpad = false;
        var limit = Math.Min(lines.Count, 150);
        for (var i = 0; i < limit; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var wattpad = IsChromeLine(line) || StatusLine().IsMatch(line) || SiteChrome.IsHashtagLine(line) || line.Equals("Mature", StringComparison.OrdinalIgnoreCase) ||
                          ByLine().IsMatch(line) && line.Length <= 80;
            if (wattpad)
            {
                sawWattpad = true;
                end = i + 1;
                continue;
            }
            if (IsHeaderTitle(line) || PartListEntry().IsMatch(line)) continue;
            // A description sits between the counts and the copyright line; prose after the last Wattpad line is the story.
            if (!sawWattpad) break;
            var next = LineLists.NextNonBlank(lines, i + 1);
            var moreHeader = false;
            for (var k = next; k >= 0 && k < Math.Min(lines.Count, i + 12); k++)
            {
                if (lines[k].Length > 0 && (IsChromeLine(lines[k]) || SiteChrome.IsHashtagLine(lines[k]) || lines[k].EqualsAny(Copyrights))) { moreHeader = true; break; }
            }
            if (!moreHeader) break;
        }
        if (!sawWattpad) return FirstTitleBlockEnd(lines);
        return end;
    }

    /// <summary>A copy of the bare part: its first block, when that is one short title line.</summary>
    private static int FirstTitleBlockEnd(List<string> lines) =>
        Paragraphs.Blocks(lines).FirstOrDefault() is [var only] && IsTitleLike(only) ? lines.IndexOf(only) + 1 : 0;

    /// <summary>A book or part title in the header: short, and not a sentence of several words (a description is).</summary>
    private static bool IsHeaderTitle(string line) =>
        line.Length <= 120 && !(line.TrimEnd('"', '”', '\'', '’') is [.., '.' or '!' or '?' or '…'] && line.Split(' ').Length > 6);

    private static bool IsTitleLike(string line) =>
        line.Length <= 80 && !TextPatterns.EndsSentence(line) || line.Length <= 80 && line.EndsWith('?') || line.EndsWith('!') && line.Length <= 40;
}
