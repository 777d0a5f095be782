using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// A Wattpad part page saved from the browser: paragraphs carry <c>data-p-id</c> (older pages: <c>pre</c> blocks),
/// the part title is the page's heading, the book's title and author sit in the story-info block, and the page links
/// the story (/story/ID-slug) — that number is the story's id on Wattpad.
/// </summary>
internal static partial class WattpadPageReader
{
    [GeneratedRegex(@"wattpad\.com/story/(?<id>\d+)|^/story/(?<id>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex StoryLink();

    public static bool Recognises(IDocument document) =>
        document.QuerySelector("p[data-p-id]") is not null ||
        document.QuerySelector(".part-content pre, .panel-reading pre") is not null;

    public static Work Read(IDocument document)
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
            PlatformWorkId = StoryId(document),
            Chapters = [text.Into(new Chapter { Number = 1, Title = string.IsNullOrEmpty(partTitle) ? null : partTitle })],
        };
    }

    /// <summary>
    /// The story's id: from the story-info block's link when there is one, else the story most linked from the page
    /// (its own title, table of contents and part navigation; a recommendation is linked once).
    /// </summary>
    private static string? StoryId(IDocument document)
    {
        foreach (var link in document.QuerySelectorAll(".story-info a[href], .toc-header a[href], .story-info__title a[href]"))
            if (StoryLink().Match(link.GetAttribute("href") ?? "") is { Success: true } own) return own.Groups["id"].Value;
        return document.QuerySelectorAll("a[href]")
            .Select(a => StoryLink().Match(a.GetAttribute("href") ?? ""))
            .Where(m => m.Success).GroupBy(m => m.Groups["id"].Value)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
    }
}
