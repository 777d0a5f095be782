using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Platforms;

namespace Ficshelf.Core.Import.Documents;

/// <summary>Story pages saved from a browser ("Save page as…"): one chapter each, with the page's metadata.</summary>
public static partial class SavedPageReaders
{
    [GeneratedRegex(@"^\s*\d+\.\s*")]
    private static partial Regex OptionNumber();

    /// <summary>
    /// A FanFiction.Net chapter page: <c>#profile_top</c> (title in <c>b.xcontrast_txt</c>, author link to /u/…,
    /// summary in <c>div.xcontrast_txt</c>, the grey profile line in <c>span.xgray</c>), <c>#chap_select</c> and <c>#storytext</c>.
    /// </summary>
    public static bool IsFanFictionNet(IDocument document) =>
        document.QuerySelector("#storytext") is not null && document.QuerySelector("#profile_top") is not null;

    public static Work FanFictionNet(IDocument document)
    {
        var profile = document.QuerySelector("#profile_top")!;
        var tags = new DeclaredTags();
        var chrome = new List<string>();
        string? language = null;
        bool? complete = null;
        var profileLine = profile.QuerySelectorAll("span.xgray, span.xcontrast_txt").Select(HtmlText.Line)
            .FirstOrDefault(l => FanFictionNetTextImporter.ProfileLine().IsMatch(l));
        if (profileLine is not null)
        {
            (language, complete) = FanFictionNetTextImporter.ReadProfile(profileLine, tags);
            chrome.Add(profileLine);
        }
        // The breadcrumb's last link is the fandom ("Books » Harry Potter").
        if (document.QuerySelectorAll("#pre_story_links a").LastOrDefault() is { } fandom && HtmlText.Line(fandom) is { Length: > 0 } fandomName)
            tags.Add(TagCategory.Fandom, fandomName);

        var title = profile.QuerySelector("b.xcontrast_txt") is { } b ? HtmlText.Line(b) : null;
        var author = profile.QuerySelector("a[href^='/u/']") ?? profile.QuerySelector("a.xcontrast_txt");
        var summary = profile.QuerySelector("div.xcontrast_txt") is { } s ? HtmlText.Line(s) : null;

        // A saved page holds one chapter: the selected entry of the chapter menu names it.
        var options = document.QuerySelector("#chap_select")?.QuerySelectorAll("option").ToList() ?? [];
        var selected = options.FindIndex(o => o.HasAttribute("selected"));
        if (selected < 0 && options.Count > 0) selected = 0;
        var chapterTitle = selected >= 0 && options.Count > 1 ? OptionNumber().Replace(options[selected].TextContent.Trim(), "") : null;

        var text = HtmlText.Formatted(document.QuerySelector("#storytext"));
        if (text.Paragraphs.Count == 0) throw new ImportException("the FanFiction.Net page has no story text (#storytext is empty)");
        return new Work
        {
            Platform = Platform.FanFictionNet,
            Title = string.IsNullOrEmpty(title) ? null : title,
            Authors = author is null ? [] : [HtmlText.Line(author)],
            Summary = string.IsNullOrEmpty(summary) ? null : summary,
            Chapters = [text.Into(new Chapter { Number = Math.Max(selected, 0) + 1, Title = chapterTitle })],
            Tags = tags.ToList(),
            Language = language,
            Complete = complete,
            Chrome = chrome,
        };
    }

    /// <summary>A Wattpad part page: paragraphs carry <c>data-p-id</c> (older pages: <c>pre</c> blocks) under the part's text.</summary>
    public static bool IsWattpad(IDocument document) =>
        document.QuerySelector("p[data-p-id]") is not null ||
        document.QuerySelector(".part-content pre, .panel-reading pre") is not null;

    public static Work Wattpad(IDocument document)
    {
        var text = document.QuerySelectorAll("p[data-p-id]").ToList() is { Count: > 0 } marked
            ? HtmlText.Formatted(marked)
            : HtmlText.Formatted(document.QuerySelectorAll(".part-content pre, .panel-reading pre"));
        if (text.Paragraphs.Count == 0) throw new ImportException("the Wattpad page has no story text");
        var partTitle = document.QuerySelector("h1.h2, header h1, h1") is { } h1 ? HtmlText.Line(h1) : null;
        var book = document.QuerySelector(".story-info__title, .info .title, a.title, h2.title") is { } bookTitle ? HtmlText.Line(bookTitle) : null;
        var author = document.QuerySelector(".author-info__username, .author-info a[href*='/user/'], a.author, a[href*='/user/']");
        return new Work
        {
            Platform = Platform.Wattpad,
            Title = string.IsNullOrEmpty(book) ? partTitle : book,
            SeriesOrBook = string.IsNullOrEmpty(book) ? null : book,
            Authors = author is not null && HtmlText.Line(author) is { Length: > 0 } name ? [name.TrimStart('@')] : [],
            Chapters = [text.Into(new Chapter { Number = 1, Title = string.IsNullOrEmpty(partTitle) ? null : partTitle })],
        };
    }
}
