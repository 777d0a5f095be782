using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Platforms;

/// <summary>
/// Copies of AO3 works: the page copied from a browser (meta block, title, author, Summary/Notes, "Work Text:" or
/// "Chapter N" + "Chapter Text", end notes) and the dataset form ("Work Text:" + body + a "[starting tags]" block).
/// </summary>
internal sealed partial class Ao3TextImporter : IPlatformImporter
{
    public Platform Platform => Platform.Ao3;

    private static readonly string[] PageChrome =
    [
        "Work Text:", "Work Text", "Chapter Text", "Work Header", "Actions", "Entire Work", "Next Chapter →", "← Previous Chapter",
        "Next Chapter", "Previous Chapter", "Chapter by Chapter", "Chapter Index", "Full-page index", "Hide Creator's Style",
        "Show Creator's Style", "Kudos", "Kudos ♥", "Leave Kudos", "Bookmark", "Share", "Download", "Comments", "Post Comment",
        "Top of Work", "↑ Top", "Afterword", "Preface", "Subscribe", "Mark for Later", "Work Info", "Work Search",
        "(See the end of the work for notes.)", "(See the end of the work for more notes.)",
        "(See the end of the chapter for notes.)", "(See the end of the chapter for more notes.)",
        "[starting tags]", "[ending tags]",
    ];

    /// <summary>
    /// The site's header as a browser copies it (otwarchive's header and work navigation): skip link, logo, the
    /// signed-in or signed-out user menu, the primary navigation, the search box and the work's action buttons.
    /// </summary>
    private static readonly string[] SiteHeader =
    [
        "Skip header", "Skip to Main Content", "Main Content", "Archive of Our Own beta", "Archive of Our Own", "Log In", "Log in",
        "Sign Up", "Sign up", "Post", "New Work", "Import Work", "Log Out", "My Dashboard", "My Subscriptions", "My Works",
        "My Bookmarks", "My History", "My Preferences", "My Inbox", "Fandoms", "All Fandoms", "Browse", "Works", "Bookmarks", "Tags",
        "Collections", "Search", "People", "About", "About Us", "News", "FAQ", "Wrangling Guidelines", "Donate or Volunteer",
        "Search Works", "Work Search:", "Work Search", "Site Navigation", "User Navigation", "Forgot password?", "Get an Invitation",
        "Remember Me", "Remember me", "Username or email:", "Password:", "Edit", "Edit Tags", "Add Chapter", "Delete", "Chapter Management",
        "Manage Chapters", "Restore From Last Unposted Draft?", "Invite a Friend", "Skip to Content", "Share Work",
    ];

    [GeneratedRegex(@"^Hi,\s*\S.{0,60}!$|^tip:\s|^Anime & Manga$|^Books & Literature$|^Cartoons & Comics & Graphic Novels$|^Celebrities & Real People$|^Movies$|^Music & Bands$|^Other Media$|^Theater$|^TV Shows$|^Video Games$|^Uncategorized Fandoms$")]
    private static partial Regex SiteHeaderLine();

    /// <summary>Lines that open the page's foot (kudos, the comment box, the site footer): after them no story follows.</summary>
    private static readonly string[] FootStarts =
    [
        "Kudos ♥", "Leave Kudos ♥", "Leave Kudos", "Kudos", "Footer", "Post Comment", "Hide Comments", "Comment as Guest", "Add Comment",
        "Comments:", "Bookmark", "Top of Work", "↑ Top",
    ];

    [GeneratedRegex(@"\bleft kudos on this work!?$|^Comments?\s*\(\d[\d,]*\)$|^Comment as\s+\S{1,60}$|^\d[\d,]*\s+characters? left$|^Plain text with limited HTML|^otwarchive v\d", RegexOptions.IgnoreCase)]
    private static partial Regex FootLine();

    /// <summary>AO3 meta labels and the tag category each declares.</summary>
    private static readonly Dictionary<string, TagCategory> TagLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rating"] = TagCategory.Rating, ["ratings"] = TagCategory.Rating,
        ["archive warning"] = TagCategory.Warning, ["archive warnings"] = TagCategory.Warning, ["warning"] = TagCategory.Warning, ["warnings"] = TagCategory.Warning,
        ["category"] = TagCategory.Category, ["categories"] = TagCategory.Category,
        ["fandom"] = TagCategory.Fandom, ["fandoms"] = TagCategory.Fandom,
        ["relationship"] = TagCategory.Relationship, ["relationships"] = TagCategory.Relationship,
        ["character"] = TagCategory.Character, ["characters"] = TagCategory.Character,
        ["additional tags"] = TagCategory.Freeform, ["freeform"] = TagCategory.Freeform, ["freeforms"] = TagCategory.Freeform,
        // Not an AO3 field, but Ficshelf's own exports carry genres (FanFiction.Net, Inkitt) in the same block.
        ["genre"] = TagCategory.Genre, ["genres"] = TagCategory.Genre,
    };

    private static readonly string[] OtherMetaLabels = ["language", "series", "collections", "collection", "stats"];

    private static readonly string[] StatLabels = ["published", "updated", "completed", "words", "chapters", "comments", "kudos", "bookmarks", "hits"];

    [GeneratedRegex(@"^(?<label>[A-Za-z][A-Za-z ]{1,24}?)\s*:\s*(?<value>.*)$")]
    private static partial Regex LabelLine();

    [GeneratedRegex(@"Chapters:\s*(?<done>\d+)\s*/\s*(?<total>\d+|\?)", RegexOptions.IgnoreCase)]
    private static partial Regex ChaptersStat();

    [GeneratedRegex(@"Part\s+\d+\s+of\s+(?:the\s+)?(?<series>.+?)(?:\s+series)?\s*(?:Next Work\s*→?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SeriesPart();

    [GeneratedRegex(@"^Posted originally on the Archive of Our Own", RegexOptions.IgnoreCase)]
    private static partial Regex PostedOriginally();

    public double Detect(StoryText text)
    {
        var score = 0.0;
        foreach (var line in text.Lines)
        {
            if (line.EqualsAny(["Work Text:", "[starting tags]"]) || PostedOriginally().IsMatch(line)) return 0.95;
            if (line.EqualsAny(["Chapter Text"])) score = Math.Max(score, 0.7);
        }
        var metaLabels = text.Head(80).Count(l => LabelOf(l) is { } label &&
            label.EqualsAny(["archive warning", "archive warnings", "additional tags", "stats", "kudos", "hits", "bookmarks"]));
        if (metaLabels >= 2) score = Math.Max(score, 0.85);
        return score;
    }

    public Work Parse(StoryText text)
    {
        var lines = text.Lines.ToList();
        var tags = new DeclaredTags();
        var chrome = new List<string>();
        var meta = new Meta();

        ExtractTagBlocks(lines, tags, chrome);
        var metaRange = ExtractMetaBlock(lines, tags, meta, chrome);
        RepairFandoms(tags);

        var bodyStart = FindBodyStart(lines, metaRange.End);
        CutFoot(lines, Math.Max(bodyStart, metaRange.End), chrome);
        // Above the meta block a page copy holds only the site's header; the work's title comes after the block.
        var above = lines.Take(metaRange.Start).ToList();
        if (metaRange.End > 0)
        {
            foreach (var line in above.Where(l => l.Length > 0 && IsSiteHeader(l, above))) chrome.Add(line);
            above = above.Where(l => l.Length == 0 || !IsSiteHeader(l, above)).ToList();
        }
        var headerLines = above.Concat(lines.Skip(metaRange.End).Take(Math.Max(0, bodyStart - metaRange.End))).ToList();
        var header = ReadHeader(headerLines, chrome);
        var (chapters, endNotes) = ReadChapters(lines, Math.Max(bodyStart, metaRange.End), chrome);

        var body = BodyBuilder.Build(chapters);
        var work = body.ToWork(Platform, chrome);
        return work with
        {
            Title = header.Title,
            Authors = header.Authors,
            Summary = header.Summary,
            SeriesOrBook = meta.Series,
            NotesBefore = BodyBuilder.Join(header.Notes, work.NotesBefore),
            NotesAfter = BodyBuilder.Join(work.NotesAfter, endNotes),
            Tags = tags.ToList(),
            Language = meta.Language,
            Complete = meta.Complete ?? work.Complete,
        };
    }

    private static bool IsSiteHeader(string line, List<string> above) =>
        line.EqualsAny(SiteHeader) || line.EqualsAny(PageChrome) || SiteHeaderLine().IsMatch(line) ||
        // The chapter menu shows the current chapter's heading among the work's buttons.
        TextPatterns.IsChapterHeading(line) && above.Any(l => l.EqualsAny(["Chapter Index", "Entire Work", "Next Chapter →", "← Previous Chapter"]));

    /// <summary>
    /// The foot of a page copy — kudos, bookmarks, the comment box and the site footer — from its first line to the end
    /// is chrome, unless story text follows (chapter pages copied one after another).
    /// </summary>
    private static void CutFoot(List<string> lines, int bodyStart, List<string> chrome)
    {
        var sawText = false;
        for (var i = bodyStart; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            if (!(line.EqualsAny(FootStarts) || FootLine().IsMatch(line)))
            {
                if (!line.EqualsAny(PageChrome)) sawText = true;
                continue;
            }
            if (!sawText) continue;
            var after = lines.Skip(i + 1).Where(l => l.Length > 0).ToList();
            if (after.Any(l => l.EqualsAny(["Chapter Text", "Work Text:"]) || l.Length > 300 && !FootLine().IsMatch(l))) continue;
            chrome.Add(line);
            chrome.AddRange(after);
            lines.RemoveRange(i, lines.Count - i);
            return;
        }
    }

    private sealed class Meta
    {
        public string? Language;
        public string? Series;
        public bool? Complete;
    }

    private static string? LabelOf(string line)
    {
        var match = LabelLine().Match(line);
        return match.Success ? match.Groups["label"].Value.Trim() : null;
    }

    /// <summary>The dataset form's "[starting tags]" ... ("[ending tags]") block: lowercase labels, one value per line.</summary>
    private static void ExtractTagBlocks(List<string> lines, DeclaredTags tags, List<string> chrome)
    {
        int start;
        while ((start = lines.FindIndex(l => l.Equals("[starting tags]", StringComparison.OrdinalIgnoreCase))) >= 0)
        {
            var end = lines.FindIndex(start + 1, l => l.Equals("[ending tags]", StringComparison.OrdinalIgnoreCase));
            var stop = end >= 0 ? end + 1 : lines.Count;
            chrome.Add(lines[start]);
            if (end >= 0) chrome.Add(lines[end]);
            TagCategory? category = null;
            for (var i = start + 1; i < (end >= 0 ? end : lines.Count); i++)
            {
                var line = lines[i];
                if (line.Length == 0) continue;
                var label = LabelOf(line);
                if (label is not null && TagLabels.TryGetValue(label, out var c))
                {
                    category = c;
                    chrome.Add(label.ToLowerInvariant() + ":");
                    tags.AddList(c, LabelLine().Match(line).Groups["value"].Value);
                }
                else if (label is not null && line.Length < 40 && label.EqualsAny(OtherMetaLabels.Concat(StatLabels).Concat(["title", "author", "authors", "summary", "notes", "status"])))
                {
                    // A field the block carries besides tags: kept as recognised metadata, and it ends the tag list above it.
                    category = null;
                    chrome.Add(line);
                }
                else if (category is { } current)
                {
                    tags.Add(current, line);
                }
                else
                {
                    chrome.Add(line);
                }
            }
            lines.RemoveRange(start, stop - start);
        }
    }

    /// <summary>
    /// The page's meta block near the top: "Rating:", "Archive Warning:", ..., "Stats:" with the value on the same line
    /// or on the lines that follow. Returns the lines it spans.
    /// </summary>
    private static (int Start, int End) ExtractMetaBlock(List<string> lines, DeclaredTags tags, Meta meta, List<string> chrome)
    {
        var limit = Math.Min(lines.Count, 120);
        var start = -1;
        for (var i = 0; i < limit; i++)
        {
            var label = LabelOf(lines[i]);
            if (label is not null && (TagLabels.ContainsKey(label) || label.EqualsAny(OtherMetaLabels)) && IsMetaBlockAt(lines, i))
            {
                start = i;
                break;
            }
        }
        if (start < 0) return (0, 0);

        var end = start;
        string? currentLabel = null;
        var inStats = false;
        var statsText = new List<string>();
        for (var i = start; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                // A blank line ends the block once its values are in, unless another meta label follows.
                var next = LineLists.NextNonBlank(lines, i);
                if (next < 0 || !IsMetaLabelLine(lines[next], inStats)) break;
                continue;
            }
            var label = LabelOf(line);
            var value = label is null ? line : LabelLine().Match(line).Groups["value"].Value.Trim();
            if (label is not null && (TagLabels.ContainsKey(label) || label.EqualsAny(OtherMetaLabels)))
            {
                currentLabel = label.ToLowerInvariant();
                inStats = currentLabel == "stats";
                chrome.Add(label + ":");
            }
            else if (label is not null && inStats && label.EqualsAny(StatLabels))
            {
                statsText.Add(line);
                end = i + 1;
                continue;
            }
            else if (currentLabel is null || (inStats && !LooksLikeStatValue(line)))
            {
                break;
            }
            else
            {
                value = line;
            }
            end = i + 1;
            if (value.Length == 0) continue;
            if (TagLabels.TryGetValue(currentLabel!, out var category)) tags.AddList(category, value);
            else if (currentLabel == "language")
            {
                meta.Language = LanguageCode(value);
                chrome.Add(value);
            }
            else if (currentLabel == "series") meta.Series ??= SeriesName(value, chrome);
            else if (currentLabel == "stats") statsText.Add(value);
        }

        var stats = string.Join(' ', statsText);
        var chaptersStat = ChaptersStat().Match(stats);
        if (chaptersStat.Success)
            meta.Complete = chaptersStat.Groups["total"].Value != "?" && chaptersStat.Groups["done"].Value == chaptersStat.Groups["total"].Value;
        if (stats.Length > 0) chrome.Add(stats);
        return (start, end);
    }

    private static bool IsMetaBlockAt(List<string> lines, int i)
    {
        // Two meta labels within a few lines: a story line that happens to start "Rating: ..." is not a meta block.
        var seen = 0;
        for (var j = i; j < Math.Min(lines.Count, i + 12); j++)
        {
            var label = LabelOf(lines[j]);
            if (label is not null && (TagLabels.ContainsKey(label) || label.EqualsAny(OtherMetaLabels) || label.EqualsAny(StatLabels))) seen++;
        }
        return seen >= 2;
    }

    private static bool IsMetaLabelLine(string line, bool inStats)
    {
        var label = LabelOf(line);
        return label is not null && (TagLabels.ContainsKey(label) || label.EqualsAny(OtherMetaLabels) || inStats && label.EqualsAny(StatLabels));
    }

    private static bool LooksLikeStatValue(string line) => line.All(c => char.IsDigit(c) || c is ',' or '-' or '/' or '?' or ' ' or '.');

    private static string? SeriesName(string value, List<string> chrome)
    {
        var match = SeriesPart().Match(value);
        if (!match.Success) return value.Trim('←', '→', ' ');
        chrome.Add(value);
        return match.Groups["series"].Value.Trim();
    }

    internal static string LanguageCode(string value) => value.Trim().ToLowerInvariant() switch
    {
        "english" => "en", "español" or "spanish" => "es", "français" or "french" => "fr", "deutsch" or "german" => "de",
        "italiano" or "italian" => "it", "português brasileiro" or "português europeu" or "portuguese" => "pt",
        "русский" or "russian" => "ru", "polski" or "polish" => "pl", "中文-普通话 國語" or "chinese" => "zh", "日本語" or "japanese" => "ja",
        "bahasa indonesia" or "indonesian" => "id", "nederlands" or "dutch" => "nl", "tiếng việt" => "vi", "한국어" or "korean" => "ko",
        var other => other,
    };

    /// <summary>
    /// Copies sometimes repeat relationship or character tags under "fandom:"; a fandom is never a pairing,
    /// so such values stay only in their real category.
    /// </summary>
    private static void RepairFandoms(DeclaredTags tags)
    {
        foreach (var fandom in tags.In(TagCategory.Fandom).ToList())
        {
            var isPairing = tags.Contains(TagCategory.Relationship, fandom) || tags.Contains(TagCategory.Character, fandom) ||
                            ReaderPairing().IsMatch(fandom);
            if (!isPairing) continue;
            tags.Remove(TagCategory.Fandom, fandom);
            if (!tags.Contains(TagCategory.Character, fandom)) tags.Add(TagCategory.Relationship, fandom);
        }
    }

    [GeneratedRegex(@"\S\s*(?:/|\s&\s)\s*(?:Reader|You|Original Character)", RegexOptions.IgnoreCase)]
    private static partial Regex ReaderPairing();

    private static int FindBodyStart(List<string> lines, int from)
    {
        // Right after a meta block comes the title, even one that reads like a heading ("Chapter 3: The Missing
        // Shoes") — as long as the story's own start marker follows further down.
        var first = from > 0 ? LineLists.NextNonBlank(lines, from) : -1;
        for (var i = from; i < lines.Count; i++)
        {
            if (i == first && TextPatterns.IsChapterHeading(lines[i]) && HasBodyMarkerAfter(lines, i)) continue;
            var line = lines[i];
            if (line.EqualsAny(["Work Text:", "Work Text", "Chapter Text"])) return i;
            if (TextPatterns.IsChapterHeading(line) && IsStandalone(lines, i)) return i;
        }
        // No marker: after a meta block the header runs to the first long paragraph; without one, all is body.
        if (from == 0) return 0;
        for (var i = from; i < lines.Count; i++)
        {
            if (lines[i].Length > 200) return i;
        }
        return from;
    }

    private static bool HasBodyMarkerAfter(List<string> lines, int i) =>
        lines.Skip(i + 1).Any(l => l.EqualsAny(["Work Text:", "Work Text", "Chapter Text"]));

    private static bool IsStandalone(List<string> lines, int i)
    {
        var next = i + 1 < lines.Count ? lines[i + 1] : "";
        var previous = i > 0 ? lines[i - 1] : "";
        if (next.EqualsAny(["Chapter Text"])) return true; // AO3's own marker: a heading whatever precedes it
        return (previous.Length == 0 || previous.EqualsAny(["Work Text:", "Notes:", "Chapter Notes"]) || i == 0) &&
               (next.Length == 0 || next.EqualsAny(["Chapter Text", "Summary:", "Notes:", "Chapter Summary", "Chapter Notes"]));
    }

    private sealed record Header(string? Title, IReadOnlyList<string> Authors, string? Summary, string? Notes);

    private static readonly string[] SummaryLabels = ["Summary:", "Summary", "Chapter Summary", "Chapter Summary:"];
    private static readonly string[] NotesLabels = ["Notes:", "Notes", "Author's Note:", "Chapter Notes", "Chapter Notes:"];
    private static readonly string[] EndNotesLabels = ["Chapter End Notes:", "Chapter End Notes", "End Notes", "End Notes:"];

    /// <summary>Title, author line(s), Summary and Notes between the meta block and the story.</summary>
    private static Header ReadHeader(List<string> lines, List<string> chrome)
    {
        string? title = null;
        var authors = new List<string>();
        var summary = new List<string>();
        var notes = new List<string>();
        List<string>? section = null;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                section?.Add(line);
                continue;
            }
            if (line.EqualsAny(PageChrome) || PostedOriginally().IsMatch(line))
            {
                chrome.Add(line);
                continue;
            }
            var label = LabelOf(line);
            if (line.EqualsAny(SummaryLabels) || label is "Summary")
            {
                chrome.Add("Summary:");
                section = summary;
                if (label is not null) AddValue(section, line);
                continue;
            }
            if (line.EqualsAny(NotesLabels) || label is "Notes")
            {
                chrome.Add("Notes:");
                section = notes;
                if (label is not null) AddValue(section, line);
                continue;
            }
            if (section is not null)
            {
                section.Add(line);
            }
            else if (title is null)
            {
                title = line;
            }
            else if (!line.Equals(title, StringComparison.OrdinalIgnoreCase))
            {
                // AO3 lists co-creators on one line: "by alice, bob" / "alice and bob".
                var names = Regex.Replace(line, @"^by\s+", "", RegexOptions.IgnoreCase);
                authors.AddRange(names.Split([",", " and "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }
        return new Header(title, authors, LineLists.JoinParagraphs(summary), LineLists.JoinParagraphs(notes));
    }

    private static void AddValue(List<string> section, string line)
    {
        var value = LabelLine().Match(line).Groups["value"].Value.Trim();
        if (value.Length > 0) section.Add(value);
    }

    /// <summary>Chapters from the story part: headings, per-chapter Summary/Notes, "Chapter Text", end notes.</summary>
    private static (List<RawChapter> Chapters, string? EndNotes) ReadChapters(List<string> lines, int start, List<string> chrome)
    {
        var parts = new List<(string? Title, List<string> Summary, List<string> Before, List<string> Body, List<string> After)>();
        (string? Title, List<string> Summary, List<string> Before, List<string> Body, List<string> After) current = (null, [], [], [], []);
        parts.Add(current);
        List<string> section = current.Body;
        var inPreface = false;

        for (var i = start; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.EqualsAny(["Work Text:", "Work Text", "Chapter Text"]))
            {
                chrome.Add(line);
                section = current.Body;
                inPreface = false;
                continue;
            }
            if (line.Length > 0 && TextPatterns.IsChapterHeading(line) && IsStandalone(lines, i))
            {
                current = (line, [], [], [], []);
                parts.Add(current);
                section = current.Body;
                inPreface = true;
                continue;
            }
            var bodyHasText = current.Body.Any(l => l.Length > 0);
            if (line.EqualsAny(SummaryLabels) && (inPreface || !bodyHasText))
            {
                chrome.Add(line);
                section = current.Summary;
                continue;
            }
            if (line.EqualsAny(NotesLabels))
            {
                chrome.Add("Notes:");
                section = inPreface || !bodyHasText ? current.Before : current.After;
                continue;
            }
            if (line.EqualsAny(EndNotesLabels))
            {
                chrome.Add(line);
                section = current.After;
                continue;
            }
            if (line.EqualsAny(PageChrome) || PostedOriginally().IsMatch(line))
            {
                chrome.Add(line);
                continue;
            }
            if (line.Length > 0 && section == current.Body) inPreface = false;
            section.Add(line);
        }

        var chapters = parts
            .Where(p => p.Title is not null || p.Body.Any(l => l.Length > 0) || p.Before.Count > 0 || p.After.Count > 0)
            .Select(p => new RawChapter(p.Title, Paragraphs.FromLines(p.Body))
            {
                Summary = LineLists.JoinParagraphs(p.Summary),
                NotesBefore = LineLists.JoinParagraphs(p.Before),
                NotesAfter = LineLists.JoinParagraphs(p.After),
            })
            .ToList();

        // The notes after the last chapter are the work's end notes.
        string? endNotes = null;
        if (chapters.Count > 1 && chapters[^1].NotesAfter is { } last)
        {
            endNotes = last;
            chapters[^1].NotesAfter = null;
        }
        return (chapters, endNotes);
    }
}
