using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Platforms;

/// <summary>
/// Copies of an Inkitt story: [title, "by author"], the summary, a genre line ("Romance / Drama"), "Age Rating:",
/// "Chapter N" headings, and "The End." as the completion marker.
/// </summary>
public sealed partial class InkittTextImporter : IPlatformImporter
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
        if (head.Any(IsGenreLine)) score = score > 0 ? 0.95 : Math.Max(score, 0.45);
        return score;
    }

    public static bool IsGenreLine(string line)
    {
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
            chrome.Add(lines[genreLine]);
            foreach (var genre in lines[genreLine].Split('/', StringSplitOptions.TrimEntries)) tags.Add(TagCategory.Genre, genre);
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
        var headerBlocks = Paragraphs.Blocks(lines.Take(headerEnd)).Select(b => b.Where(l => !l.EqualsAny(PageChrome)).ToList()).Where(b => b.Count > 0).ToList();
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
        chrome.AddRange(lines.Take(headerEnd).Where(l => l.EqualsAny(PageChrome)));

        var bodyLines = new List<string>();
        foreach (var line in lines.Skip(metaEnd))
        {
            if (line.Length > 0 && line.EqualsAny(PageChrome)) chrome.Add(line);
            else bodyLines.Add(line);
        }

        var work = BodyBuilder.Build(bodyLines).ToWork(Platform, chrome);
        return work with
        {
            Title = title,
            Authors = authors,
            Summary = LineLists.JoinParagraphs(summaryLines),
            Tags = tags.ToList(),
        };
    }

    private static bool IsTitleLike(string line) => line.Length <= 80 && !line.EndsWith('.');
}
