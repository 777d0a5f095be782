using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Platforms;

/// <summary>
/// Copies of an Inkitt story: [title, "by author"], the summary, a genre line ("Romance / Drama"), "Age Rating:",
/// "Chapter N" headings, and "The End." as the completion marker.
/// </summary>
internal sealed partial class InkittTextImporter : IPlatformImporter
{
    private static readonly HashSet<string> Genres = new(StringComparer.OrdinalIgnoreCase)
    {
        "Romance", "Drama", "Fantasy", "Adventure", "Horror", "Mystery", "Thriller", "Sci-Fi", "Science Fiction", "Humor", "Humour",
        "Action", "Poetry", "Other", "Fanfiction", "Erotica", "Tragedy", "Comedy", "Suspense", "Crime", "Paranormal", "Western",
        "Children", "Young Adult", "Historical", "Literary", "Satire", "Werewolf", "Vampire", "Short Story", "Fairy Tale",
    };

    private static readonly string[] PageChrome =
    [
        "Continue Reading", "Next Chapter", "Previous Chapter", "Write a Review", "More Chapters", "Ready to read more?",
        "All Rights Reserved", "Reviews", "Report", "Chapters", "Read Chapter", "Start Reading", "Add to Library",
        "Download the app", "Read for free", "Log in", "Sign up", "Table of Contents", "About the Author",
    ];

    /// <summary>Lines that open the page's footer: chapter navigation, the review prompt, recommendations, the site's links.</summary>
    private static readonly string[] FooterStarts =
    [
        "Continue Reading Next Chapter", "Continue Reading", "Next Chapter", "Write a Review", "Ready for more?", "More Recommendations",
        "About Us", "All Genres", "You'll also enjoy", "You’ll also enjoy", "Recommended", "Related Stories", "Read Next", "Report Story",
    ];

    /// <summary>Footer lines that say the story goes on past the copy.</summary>
    private static readonly string[] NextChapter = ["Continue Reading Next Chapter", "Next Chapter", "Continue Reading"];

    [GeneratedRegex(@"^(?:Did you enjoy this story\?|Inkitt\s*[–—-]|Inkitt is the world|©\s*\d{4}.*Inkitt)", RegexOptions.IgnoreCase)]
    private static partial Regex FooterLine();

    /// <summary>The story's star rating and review count under its title: "4.6 (23 reviews)".</summary>
    [GeneratedRegex(@"^[★☆\s]*\d(?:[.,]\d{1,2})?\s*(?:/\s*5\s*)?\(\s*\d[\d,.]*[KkMm]?\s+(?:reviews?|ratings?)\s*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex StarRating();

    [GeneratedRegex(@"^Genres?\s*:\s*(?<value>\S.{0,80})$", RegexOptions.IgnoreCase)]
    private static partial Regex GenreLabel();

    [GeneratedRegex(@"^Age Rating\s*:\s*(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex AgeRatingLine();

    [GeneratedRegex(@"^(?:\d{1,2}\+|All Ages|Everyone|Teen|Teens|Adult|Adults|Mature|General|PG|PG-13|R|NC-17)$", RegexOptions.IgnoreCase)]
    private static partial Regex RatingValue();

    [GeneratedRegex(@"^(?:by|By:?)\s+(?<author>\S.{0,60})$")]
    private static partial Regex ByLine();

    public Platform Platform => Platform.Inkitt;

    public double Detect(StoryText text)
    {
        var head = text.Head(20).ToList();
        var score = 0.0;
        if (head.Any(l => AgeRatingLine().IsMatch(l))) score = 0.85;
        // "Genre: …" is a label of other sites' headers too: alone it is no sign of Inkitt, only beside "Age Rating:".
        if (head.Any(l => IsGenreLine(l) && !GenreLabel().IsMatch(l))) score = score > 0 ? 0.95 : Math.Max(score, 0.45);
        else if (score > 0 && head.Any(IsGenreLine)) score = 0.95;
        return score;
    }

    public static bool IsGenreLine(string line)
    {
        if (GenreLabel().Match(line) is { Success: true } labelled)
            return labelled.Groups["value"].Value.Split('/', StringSplitOptions.TrimEntries).All(Genres.Contains);
        if (line.Length > 80 || !line.Contains(" / ")) return false;
        var parts = line.Split('/', StringSplitOptions.TrimEntries);
        return parts.Length >= 2 && parts.All(Genres.Contains);
    }

    public Work Parse(StoryText text)
    {
        var lines = text.Lines.ToList();
        var chrome = new List<string>();
        var tags = new DeclaredTags();

        var limit = Math.Min(lines.Count, 60);
        var genreLine = lines.FindIndex(0, limit, IsGenreLine);
        var ratingLine = lines.FindIndex(0, limit, l => AgeRatingLine().IsMatch(l));
        var markers = new[] { genreLine, ratingLine }.Where(i => i >= 0).ToArray();
        var headerEnd = markers.Length == 0 ? 0 : markers.Min();
        var metaEnd = markers.Length == 0 ? 0 : markers.Max() + 1;

        if (genreLine >= 0)
        {
            var genres = GenreLabel().Match(lines[genreLine]) is { Success: true } labelled ? labelled.Groups["value"].Value : lines[genreLine];
            chrome.Add(GenreLabel().IsMatch(lines[genreLine]) ? "Genre:" : lines[genreLine]);
            foreach (var genre in genres.Split('/', StringSplitOptions.TrimEntries)) tags.Add(TagCategory.Genre, genre);
        }
        if (ratingLine >= 0)
        {
            chrome.Add("Age Rating:");
            var value = AgeRatingLine().Match(lines[ratingLine]).Groups["value"].Value.Trim();
            var next = LineLists.NextNonBlank(lines, ratingLine + 1);
            if (value.Length == 0 && next >= 0 && RatingValue().IsMatch(lines[next]))
            {
                value = lines[next];
                metaEnd = Math.Max(metaEnd, next + 1);
            }
            tags.Add(TagCategory.Rating, value);
        }

        // Above the genre line: "Title" / "by Author" / summary, or the summary alone.
        string? title = null;
        var authors = new List<string>();
        var headerBlocks = Paragraphs.Blocks(lines.Take(headerEnd)).Select(b => b.Where(l => !IsHeaderChrome(l)).ToList()).Where(b => b.Count > 0).ToList();
        var headerLines = headerBlocks.SelectMany(b => b).ToList();
        var byIndex = headerLines.FindIndex(l => ByLine().IsMatch(l));
        List<string> summaryLines;
        if (byIndex >= 0)
        {
            authors.Add(ByLine().Match(headerLines[byIndex]).Groups["author"].Value.Trim());
            title = byIndex > 0 ? string.Join(' ', headerLines.Take(byIndex)) : null;
            summaryLines = headerLines.Skip(byIndex + 1).ToList();
        }
        else if (headerBlocks.Count >= 2 && headerBlocks[0] is [var first] && IsTitleLike(first))
        {
            title = first;
            summaryLines = headerBlocks.Skip(1).SelectMany(b => b.Append("")).ToList();
        }
        else if (headerBlocks.Count == 1 && headerBlocks[0] is [var only] && IsTitleLike(only) && only.Split(' ').Length <= 8)
        {
            title = only;
            summaryLines = [];
        }
        else
        {
            summaryLines = headerBlocks.SelectMany(b => b.Append("")).ToList();
        }
        chrome.AddRange(lines.Take(headerEnd).Where(IsHeaderChrome));

        var rest = lines.Skip(metaEnd).ToList();
        var continues = CutFooter(rest, chrome);
        var bodyLines = new List<string>();
        foreach (var line in rest)
        {
            if (line.Length > 0 && line.EqualsAny(PageChrome)) chrome.Add(line);
            else bodyLines.Add(line);
        }

        var work = BodyBuilder.Build(bodyLines).ToWork(Platform, chrome);
        return work with
        {
            // "Continue Reading Next Chapter" under the text: the story goes on past this copy.
            Complete = work.Complete ?? (continues ? false : null),
            Truncated = work.Truncated && !continues,
            Title = title,
            Authors = authors,
            Summary = LineLists.JoinParagraphs(summaryLines),
            Tags = tags.ToList(),
        };
    }

    /// <summary>The site bar above a copied page.</summary>
    private static readonly string[] SiteBar = ["Inkitt", "Browse", "Write", "Stories", "Genres", "Community", "Writers", "GALATEA", "Galatea", "Download App", "Get the App", "Sign in", "Sign In"];

    private static bool IsHeaderChrome(string line) => line.EqualsAny(PageChrome) || line.EqualsAny(SiteBar) || StarRating().IsMatch(line);

    /// <summary>
    /// The page's footer, from its first line (next-chapter link, review prompt, recommendations, "About Us") to the end,
    /// is chrome — unless story text follows it (several chapter pages copied one after another). True when the footer
    /// links to a next chapter.
    /// </summary>
    private static bool CutFooter(List<string> lines, List<string> chrome)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || !(line.EqualsAny(FooterStarts) || FooterLine().IsMatch(line))) continue;
            var after = lines.Skip(i + 1).Where(l => l.Length > 0).ToList();
            if (after.Any(l => TextPatterns.IsChapterHeading(l) || l.Length > 200 && !FooterLine().IsMatch(l))) continue;
            var continues = line.EqualsAny(NextChapter) || after.Any(l => l.EqualsAny(NextChapter));
            chrome.Add(line);
            chrome.AddRange(after);
            lines.RemoveRange(i, lines.Count - i);
            return continues;
        }
        return false;
    }

    private static bool IsTitleLike(string line) => line.Length <= 80 && !line.EndsWith('.');
}
