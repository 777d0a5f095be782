using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Platforms;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// A FanFiction.Net chapter page saved from the browser, in any of the site's layouts. Every layout keeps the chapter
/// in <c>#storytext</c> (mobile: <c>#storycontent</c>) and the story's grey profile line ("Rated: Fiction T - English -
/// Romance - [Harry P., Ginny W.] - Chapters: 8 - Words: 26,346 - … - Status: Complete - id: 1832968"). The current
/// layout wraps the header in <c>#profile_top</c> (title in <c>b</c>, author link to /u/…, summary div) and the fandom
/// in the <c>#pre_story_links</c> breadcrumb; older layouts have no such wrappers, so the header is read from what
/// precedes the story text: the category link (/book/Harry_Potter/), the author link, the profile line, and the
/// page title ("Title Chapter 1: Name, a Harry Potter fanfic | FanFiction"). Everything outside the story text —
/// menus, review form, "Return to Top", the author's profile box — is the site's, not the story's.
/// </summary>
internal static partial class FanFictionNetPageReader
{
    [GeneratedRegex(@"^\s*\d+\.\s*")]
    private static partial Regex OptionNumber();

    [GeneratedRegex(@"(?:fanfiction\.net|fictionpress\.com)?/s/(?<id>\d+)(?:/(?<chapter>\d+))?", RegexOptions.IgnoreCase)]
    private static partial Regex StoryPath();

    [GeneratedRegex(@"fanfiction\.net", RegexOptions.IgnoreCase)]
    private static partial Regex SiteName();

    /// <summary>The site's page titles: "…, a Harry Potter fanfic | FanFiction", older "FanFiction.Net : …".</summary>
    [GeneratedRegex(@"\|\s*FanFiction\s*$|FanFiction\.Net", RegexOptions.IgnoreCase)]
    private static partial Regex SiteTitle();

    [GeneratedRegex(@"\bid:\s*(?<id>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex ProfileId();

    [GeneratedRegex(@"(?:^|\s-\s)Chapters:\s*(?<n>[\d,]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ProfileChapters();

    [GeneratedRegex(@"(?:^|\s-\s)Status:\s*Complete", RegexOptions.IgnoreCase)]
    private static partial Regex ProfileComplete();

    [GeneratedRegex(@"(?:^|\s-\s)(?<key>Published|Updated):\s*(?<value>.+?)\s*(?=\s-\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ProfileDate();

    [GeneratedRegex(@"^Rated:\s*(?:Fiction\s+)?(?<rating>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex AnyRating();

    /// <summary>The fandom link of a breadcrumb: /book/Harry-Potter/ (older: /book/Harry_Potter/), or a crossover page.</summary>
    [GeneratedRegex(@"^(?:https?://[^/]*fanfiction\.net)?/(?:(?:anime|book|cartoon|comic|game|misc|play|movie|tv)/[^/?#]+/?|[^/?#]+[-_]Crossovers/\d+/\d+/?)", RegexOptions.IgnoreCase)]
    private static partial Regex FandomLink();

    [GeneratedRegex(@"^(?:https?://[^/]*fanfiction\.net)?/u/\d+(?:/(?<slug>[^/?#]*))?", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorLink();

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonAlphanumeric();

    /// <summary>Lines of the site's own furniture that a careless save can leave at the edges of the story text.</summary>
    private static readonly string[] EdgeChrome =
    [
        "Review this Chapter", "Return to Top", "Review", "< Prev", "Next >", "« Prev", "Next »", "Chapter Navigation",
        "Follow/Fav", "+Follow/Fav", "Story Text",
    ];

    private static readonly HashSet<string> OutsideHeader = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "select", "option", "form", "nav", "textarea", "button", "head",
    };

    /// <summary>The element holding the chapter text, whatever the layout.</summary>
    private static IElement? StoryTextOf(IDocument document) =>
        document.QuerySelector("#storytext") ?? document.QuerySelector("div.storytext") ?? document.QuerySelector("#storycontent");

    /// <summary>
    /// True for a FanFiction.Net chapter page: a story-text container, and the site's header (#profile_top) or the
    /// site's own links to the story (canonical URL, chapter menu, profile line with "id:").
    /// </summary>
    public static bool Recognises(IDocument document)
    {
        if (StoryTextOf(document) is null) return false;
        if (document.QuerySelector("#profile_top") is not null) return true;
        if (CanonicalUrl(document) is { } url && SiteName().IsMatch(url)) return true;
        if (document.Title is { } title && SiteTitle().IsMatch(title)) return true;
        return ChapterMenu(document) is { } menu && (menu.GetAttribute("onchange") ?? menu.GetAttribute("onChange") ?? "").Contains("/s/", StringComparison.Ordinal);
    }

    public static Work Read(IDocument document)
    {
        var storyText = StoryTextOf(document) ?? throw new ImportException("the FanFiction.Net page has no story text (#storytext is missing)");
        var profile = document.QuerySelector("#profile_top");
        var header = profile is not null ? [profile, .. profile.QuerySelectorAll("*")] : HeaderElements(document, storyText);
        var chrome = new List<string>();
        var tags = new DeclaredTags();

        // The grey profile line: rating, language, genres, characters/[pairings], counts, dates, status, story id.
        string? language = null;
        bool? complete = null;
        int? chaptersTotal = null;
        DateOnly? published = null, updated = null;
        string? storyId = null;
        var profileElement = ProfileElement(header, StoryIdFromLinks(document));
        if (profileElement is not null && ProfileText(profileElement) is { } profileLine)
        {
            chrome.Add(profileLine);
            if (FanFictionNetTextImporter.ProfileLine().IsMatch(profileLine))
                (language, _) = FanFictionNetTextImporter.ReadProfile(profileLine, tags);
            else if (AnyRating().Match(profileLine) is { Success: true } rating)
                tags.Add(TagCategory.Rating, rating.Groups["rating"].Value);
            // The site writes "Status: Complete" only for finished stories; a story without it is in progress.
            complete = ProfileComplete().IsMatch(profileLine);
            if (ProfileChapters().Match(profileLine) is { Success: true } chapters && int.TryParse(chapters.Groups["n"].Value.Replace(",", ""), out var n))
                chaptersTotal = n;
            if (ProfileId().Match(profileLine) is { Success: true } id) storyId = id.Groups["id"].Value;
            (published, updated) = Dates(profileElement, profileLine);
        }
        storyId ??= StoryIdFromLinks(document);

        // The fandom: the breadcrumb's last link ("Books » Harry Potter"); a crossover names both ("A + B Crossover").
        var fandomLink = (document.QuerySelectorAll("#pre_story_links a") is { Length: > 0 } crumbs ? crumbs[^1] : null)
                         ?? header.Where(e => e.LocalName == "a" && FandomLink().IsMatch(e.GetAttribute("href") ?? "")).LastOrDefault();
        if (fandomLink is not null && HtmlText.Line(fandomLink) is { Length: > 0 } fandomName)
        {
            chrome.Add(fandomName);
            var crossover = fandomName.EndsWith(" Crossover", StringComparison.OrdinalIgnoreCase);
            foreach (var fandom in crossover ? fandomName[..^" Crossover".Length].Split(" + ", StringSplitOptions.TrimEntries) : [fandomName])
                tags.Add(TagCategory.Fandom, fandom);
        }

        // The saved chapter: the chapter menu's selected entry names it; the menu's length is the story's length.
        var options = ChapterMenu(document)?.QuerySelectorAll("option").ToList() ?? [];
        var selected = options.FindIndex(o => o.HasAttribute("selected"));
        int? number = selected >= 0 && int.TryParse(options[selected].GetAttribute("value"), out var value) ? value : null;
        number ??= selected >= 0 ? selected + 1 : ChapterFromUrl(document);
        var chapterTitle = selected >= 0 ? OptionNumber().Replace(options[selected].TextContent.Trim(), "") : null;
        if (options.Count > 0) chaptersTotal ??= options.Count;
        else if (profileElement is not null) chaptersTotal ??= 1; // a one-chapter story's profile line has no "Chapters:"

        var author = AuthorOf(profile is not null ? profile.QuerySelectorAll("a").ToList() : header.Where(e => e.LocalName == "a").ToList());
        var title = profile?.QuerySelector("b") is { } bold ? HtmlText.Line(bold) : HeaderTitle(header, TitleFromPage(document, number), author);
        var summary = profile is not null
            ? profile.QuerySelector("div.xcontrast_txt, div[style*='margin-top']") is { } s ? HtmlText.Block(s) : null
            : HeaderSummary(header, title, profileElement);

        var text = TrimEdgeChrome(HtmlText.Formatted(storyText), chrome);
        if (text.Paragraphs.Count == 0) throw new ImportException("the FanFiction.Net page has no story text (#storytext is empty)");

        // A copy holding fewer chapters than the story has is partial, whatever the story's own status says.
        if (chaptersTotal is > 1) complete = false;
        return new Work
        {
            Platform = Platform.FanFictionNet,
            Title = string.IsNullOrEmpty(title) ? null : title,
            Authors = author is null ? [] : [author],
            Summary = string.IsNullOrEmpty(summary) ? null : summary,
            PlatformWorkId = storyId,
            ChaptersTotal = chaptersTotal,
            Published = published,
            Updated = updated,
            Chapters = [text.Into(new Chapter { Number = number ?? 1, Title = string.IsNullOrEmpty(chapterTitle) ? null : chapterTitle })],
            Tags = tags.ToList(),
            Language = language,
            Complete = complete,
            Chrome = chrome,
        };
    }

    private static IElement? ChapterMenu(IDocument document) =>
        document.QuerySelector("select#chap_select") ?? document.QuerySelector("select[name='chapter']");

    private static string? CanonicalUrl(IDocument document) =>
        document.QuerySelector("link[rel='canonical']")?.GetAttribute("href") ??
        document.QuerySelector("meta[property='og:url']")?.GetAttribute("content");

    /// <summary>The elements before the story text in reading order, without menus, forms and scripts (older layouts).</summary>
    private static List<IElement> HeaderElements(IDocument document, IElement storyText)
    {
        var header = new List<IElement>();
        foreach (var element in document.Body?.QuerySelectorAll("*") ?? Enumerable.Empty<IElement>())
        {
            if (element == storyText) break;
            if (storyText.Ancestors<IElement>().Contains(element)) continue;
            if (OutsideHeader.Contains(element.LocalName) || element.Ancestors<IElement>().Any(a => OutsideHeader.Contains(a.LocalName) || a.ClassList.Contains("dropdown-menu")))
                continue;
            header.Add(element);
        }
        return header;
    }

    /// <summary>
    /// The innermost header element whose text holds "Rated:" (the profile line, whatever wraps it). An older page can
    /// show other stories' lines too (the author's box): the story's own is the one with its id, else the one nearest
    /// the story text.
    /// </summary>
    private static IElement? ProfileElement(IEnumerable<IElement> header, string? storyId)
    {
        var candidates = header.Where(e => e.TextContent.Contains("Rated:", StringComparison.Ordinal) &&
                                           !e.Children.Any(c => c.TextContent.Contains("Rated:", StringComparison.Ordinal))).ToList();
        return candidates.LastOrDefault(e => storyId is not null && ProfileText(e) is { } line && ProfileId().Match(line) is { Success: true } id && id.Groups["id"].Value == storyId)
               ?? candidates.LastOrDefault();
    }

    private static string? ProfileText(IElement element)
    {
        var line = HtmlText.Line(element);
        var start = line.IndexOf("Rated:", StringComparison.Ordinal);
        return start < 0 ? null : line[start..];
    }

    private static readonly string[] DateFormats =
        ["M/d/yyyy", "MM-dd-yy", "M-d-yy", "MM-dd-yyyy", "MMM d, yyyy", "MMMM d, yyyy", "yyyy-MM-dd", "d MMM yyyy"];

    /// <summary>
    /// Published/Updated: the date as the page shows it when it has a year ("4/23/2004", older "04-23-04"); a recent one
    /// shows "5/8" or "3h ago", and only its <c>data-xutime</c> (Unix seconds) says the day, read in the site's US time.
    /// </summary>
    private static (DateOnly? Published, DateOnly? Updated) Dates(IElement profile, string line)
    {
        var stamps = profile.QuerySelectorAll("[data-xutime]").ToList();
        DateOnly? published = null, updated = null;
        foreach (Match m in ProfileDate().Matches(line))
        {
            var text = m.Groups["value"].Value.Trim();
            DateOnly? date = DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var shown) ? shown : null;
            if (date is null && stamps.FirstOrDefault(s => HtmlText.Line(s) == text) is { } stamp && long.TryParse(stamp.GetAttribute("data-xutime"), out var seconds))
                date = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(TimeSpan.FromHours(-8)).DateTime);
            if (m.Groups["key"].Value.Equals("Published", StringComparison.OrdinalIgnoreCase)) published ??= date;
            else updated ??= date;
        }
        return (published, updated);
    }

    /// <summary>The story id when the profile line does not show it: the page's canonical URL, the chapter menu's script, share links.</summary>
    private static string? StoryIdFromLinks(IDocument document)
    {
        if (CanonicalUrl(document) is { } url && StoryPath().Match(url) is { Success: true } canonical) return canonical.Groups["id"].Value;
        if (ChapterMenu(document) is { } menu && StoryPath().Match(menu.GetAttribute("onchange") ?? "") is { Success: true } script) return script.Groups["id"].Value;
        foreach (var button in document.QuerySelectorAll("button[onclick], input[onclick]"))
            if (StoryPath().Match(button.GetAttribute("onclick") ?? "") is { Success: true } next) return next.Groups["id"].Value;
        return null;
    }

    private static int? ChapterFromUrl(IDocument document) =>
        CanonicalUrl(document) is { } url && StoryPath().Match(url) is { Success: true } m && m.Groups["chapter"].Success && int.TryParse(m.Groups["chapter"].Value, out var n) ? n : null;

    /// <summary>
    /// The author: a link to the author's page (/u/ID/Name) whose text is the name in the link (older layouts also
    /// link the author's page from profile lines such as "of 3 Stories").
    /// </summary>
    private static string? AuthorOf(IReadOnlyList<IElement> links)
    {
        var authorLinks = links.Select(a => (Link: a, Match: AuthorLink().Match(a.GetAttribute("href") ?? ""), Text: HtmlText.Line(a)))
            .Where(a => a.Match.Success && a.Text.Length > 0).ToList();
        static string Slug(string s) => NonAlphanumeric().Replace(s, "-").Trim('-');
        var named = authorLinks.FirstOrDefault(a => a.Match.Groups["slug"].Value.Length > 0 && string.Equals(Slug(a.Text), Slug(Uri.UnescapeDataString(a.Match.Groups["slug"].Value)), StringComparison.OrdinalIgnoreCase));
        if (named.Link is not null) return named.Text;
        return authorLinks.Select(a => a.Text).FirstOrDefault(t => !t.Any(char.IsDigit) && !t.Contains("Stor", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// An older layout's title: the bold header line that the page's title names (it keeps the author's own casing),
    /// else the page's title itself, else the first bold line that is no label and not the author.
    /// </summary>
    private static string? HeaderTitle(IEnumerable<IElement> header, string? pageTitle, string? author)
    {
        var bold = header.Where(e => e.LocalName is "b" or "strong" && !e.Ancestors<IElement>().Any(a => a.LocalName == "a"))
            .Select(HtmlText.Line).Where(t => t.Length > 0 && !t.EndsWith(':')).ToList();
        return bold.FirstOrDefault(b => string.Equals(b, pageTitle, StringComparison.OrdinalIgnoreCase))
               ?? pageTitle
               ?? bold.FirstOrDefault(b => !string.Equals(b, author, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// An older layout's summary: the plain text block (no links, no labels) between the title and the profile line.
    /// </summary>
    private static string? HeaderSummary(List<IElement> header, string? title, IElement? profileElement)
    {
        if (title is null || profileElement is null) return null;
        var titleAt = header.FindIndex(e => e.LocalName is "b" or "strong" && HtmlText.Line(e) == title);
        var profileAt = header.IndexOf(profileElement);
        if (titleAt < 0 || profileAt <= titleAt) return null;
        return header.Skip(titleAt + 1).Take(profileAt - titleAt - 1)
            .Where(e => e.LocalName is "div" or "p" or "span" && e.QuerySelectorAll("a, b, div, p").Length == 0 && !e.Contains(profileElement))
            .Select(HtmlText.Block).FirstOrDefault(b => b is { Length: > 0 });
    }

    /// <summary>"Counting Chapter 1: Skipping Stones, a harry potter fanfic | FanFiction" → "Counting".</summary>
    private static string? TitleFromPage(IDocument document, int? chapter)
    {
        var title = HtmlText.Collapse(document.Title ?? "");
        title = Regex.Replace(title, @"\s*[|\-–]\s*FanFiction(?:\.Net)?\s*$", "", RegexOptions.IgnoreCase);
        title = Regex.Replace(title, @"^\s*FanFiction(?:\.Net)?\s*[:|\-–]\s*", "", RegexOptions.IgnoreCase);
        title = Regex.Replace(title, @"\s*[,:|\-–]\s+an?\s+.+?\s+fan\s?fic(?:tion)?\s*$", "", RegexOptions.IgnoreCase);
        if (chapter is { } n) title = Regex.Replace(title, $@"\s*[:,\-–]?\s+Chapter\s+{n}\b.*$", "", RegexOptions.IgnoreCase);
        title = title.Trim();
        return title.Length == 0 ? null : title;
    }

    private static FormattedText TrimEdgeChrome(FormattedText text, List<string> chrome)
    {
        var paragraphs = text.Paragraphs;
        var end = paragraphs.Count;
        while (end > 0 && IsEdgeChrome(paragraphs[end - 1])) chrome.Add(paragraphs[--end]);
        var start = 0;
        while (start < end && IsEdgeChrome(paragraphs[start])) chrome.Add(paragraphs[start++]);
        return start == 0 && end == paragraphs.Count ? text : text.Slice(start, end - start);
    }

    private static bool IsEdgeChrome(string paragraph) =>
        EdgeChrome.Any(c => string.Equals(paragraph.Trim(), c, StringComparison.OrdinalIgnoreCase));
}
