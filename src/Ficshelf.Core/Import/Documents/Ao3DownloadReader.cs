using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Platforms;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// AO3's HTML download (and the same markup inside its EPUB), as otwarchive's download templates write it:
/// <c>#preface</c> with <c>dl.tags</c> (dt "Rating:" / dd …, Language, Series, Stats), <c>h1</c> title, <c>.byline</c>,
/// "Summary"/"Notes" paragraphs each followed by a <c>blockquote.userstuff</c>; <c>#chapters</c> with, per chapter,
/// a <c>div.meta</c> holding <c>h2.heading</c> and chapter summary/notes, then <c>div.userstuff</c> with the text and an
/// optional "Chapter End Notes" meta block; <c>#afterword</c> with <c>#endnotes</c>.
/// The reader goes by those classes, labels and document order, not by file layout, so a split EPUB reads the same.
/// </summary>
public static partial class Ao3DownloadReader
{
    [GeneratedRegex(@"Chapters:\s*(?<done>\d+)\s*/\s*(?<total>\d+|\?)", RegexOptions.IgnoreCase)]
    private static partial Regex ChapterCount();

    [GeneratedRegex(@"Part\s+\d+\s+of\s+(?<series>.+)", RegexOptions.IgnoreCase)]
    private static partial Regex SeriesPart();

    /// <summary>A document laid out like an AO3 download: the tag list and a chapters block (or chapter headings).</summary>
    /// <summary>
    /// A work page saved from the site (<c>#workskin</c>) is not a download: its text goes to the AO3 text importer,
    /// which knows the page's reading order ("Work Text:", "Chapter Text").
    /// </summary>
    public static bool Recognises(IDocument document) =>
        document.QuerySelector("#workskin") is null &&
        TagList(document) is not null &&
        (document.QuerySelector("#chapters") is not null || document.QuerySelector("h2.heading") is not null);

    private static readonly string[] TagListLabels = ["Rating", "Ratings", "Archive Warning", "Archive Warnings", "Stats"];

    /// <summary>The preface's tag list: <c>dl.tags</c>, or (an ebook converter may rename classes) a dl with AO3's labels.</summary>
    private static IElement? TagList(IDocument document) =>
        document.QuerySelector("dl.tags") ??
        document.QuerySelectorAll("dl").FirstOrDefault(dl => dl.Children.Any(c => c.LocalName == "dt" && HtmlText.Line(c).TrimEnd(':').EqualsAny(TagListLabels)));

    public static Work Read(IDocument document)
    {
        var tags = new DeclaredTags();
        string? language = null, series = null;
        bool? complete = null;
        var chrome = new List<string>();

        if (TagList(document) is { } list)
        {
            foreach (var dt in list.QuerySelectorAll("dt"))
            {
                if (dt.NextElementSibling is not { LocalName: "dd" } dd) continue;
                var label = HtmlText.Line(dt).TrimEnd(':').Trim();
                chrome.Add(label + ":");
                if (Domain.TagNames.TryParseCategory(label, out var category))
                {
                    // Each tag is a link; without links (a hand-made copy) the commas separate tags.
                    var links = dd.QuerySelectorAll("a").Select(HtmlText.Line).Where(t => t.Length > 0).ToList();
                    if (links.Count > 0) links.ForEach(t => tags.Add(category, t));
                    else tags.AddList(category, HtmlText.Line(dd));
                    continue;
                }
                switch (label.ToLowerInvariant())
                {
                    case "language":
                        language = Ao3TextImporter.LanguageCode(HtmlText.Line(dd));
                        break;
                    case "series":
                        series = dd.QuerySelector("a") is { } link ? HtmlText.Line(link)
                            : SeriesPart().Match(HtmlText.Line(dd)) is { Success: true } m ? m.Groups["series"].Value.Trim() : null;
                        break;
                    case "stats":
                        var stats = HtmlText.Line(dd);
                        chrome.Add(stats);
                        if (ChapterCount().Match(stats) is { Success: true } count)
                            complete = count.Groups["total"].Value != "?" && count.Groups["done"].Value == count.Groups["total"].Value;
                        break;
                }
            }
        }

        var preface = document.QuerySelector("#preface") ?? TagList(document)?.ParentElement;
        var chaptersBlock = document.QuerySelector("#chapters");
        var h1Element = preface?.QuerySelector("h1") ?? document.QuerySelectorAll("h1").FirstOrDefault(h => !IsInside(h, chaptersBlock));
        var title = h1Element is null ? null : HtmlText.Line(h1Element);
        var authors = new List<string>();
        var bylineBlock = (preface ?? document.DocumentElement).QuerySelector(".byline") ??
                          (h1Element?.NextElementSibling is { } afterTitle && HtmlText.Line(afterTitle).StartsWith("by ", StringComparison.OrdinalIgnoreCase) ? afterTitle : null);
        if (bylineBlock is { } byline)
        {
            var links = byline.QuerySelectorAll("a").Select(HtmlText.Line).Where(t => t.Length > 0).ToList();
            if (links.Count == 0 && Regex.Replace(HtmlText.Line(byline), @"^by\s+", "", RegexOptions.IgnoreCase) is { Length: > 0 } plain)
                links.AddRange(plain.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            authors.AddRange(links.Distinct());
        }
        var prefaceNotes = preface is null ? new Dictionary<string, string>() : LabelledBlocks(preface);

        var chapters = ReadChapters(document, chaptersBlock);
        if (chapters.Count == 0 || chapters.All(c => c.Paragraphs.Count == 0))
            throw new ImportException("the AO3 download has no chapter text");

        string? endNotes = null;
        if (document.QuerySelector("#endnotes") is { } endnotesBlock)
            endNotes = HtmlText.Block(endnotesBlock.QuerySelector("blockquote")) ?? LabelledBlocks(endnotesBlock).GetValueOrDefault("end notes");
        else if (document.QuerySelector("#afterword") is { } afterword)
            endNotes = LabelledBlocks(afterword).GetValueOrDefault("end notes");

        return new Work
        {
            Platform = Platform.Ao3,
            Title = title,
            Authors = authors,
            SeriesOrBook = series,
            Summary = prefaceNotes.GetValueOrDefault("summary"),
            NotesBefore = prefaceNotes.GetValueOrDefault("notes"),
            NotesAfter = endNotes,
            Chapters = chapters,
            Tags = tags.ToList(),
            Language = language,
            Complete = complete,
            Chrome = chrome,
        };
    }

    private static List<Chapter> ReadChapters(IDocument document, IElement? chaptersBlock)
    {
        var headings = document.QuerySelectorAll("h2.heading").Where(h => !h.ClassList.Contains("toc-heading")).ToList();
        if (headings.Count == 0 && document.QuerySelector(".userstuff") is null)
        {
            // Classes renamed by a converter: chapter headings are the h2s that open a block inside the chapters.
            headings = document.QuerySelectorAll("h2").Where(h =>
                h.ParentElement is { LocalName: "div" } parent && parent.Id != "chapters" && h.Closest("#preface, #afterword") is null &&
                parent.NextElementSibling is not null).ToList();
        }
        var chapters = new List<Chapter>();
        if (headings.Count == 0)
        {
            // A one-chapter work: the text sits in #chapters, usually in one div.userstuff.
            if (chaptersBlock is null) return chapters;
            var bodies = chaptersBlock.Children.Where(c => c.ClassList.Contains("userstuff")).ToList();
            var text = bodies.Count > 0 ? HtmlText.Formatted(bodies) : HtmlText.Formatted(chaptersBlock);
            chapters.Add(text.Into(new Chapter { Number = 1 }));
            return chapters;
        }

        foreach (var heading in headings)
        {
            // The heading's meta block holds the chapter's summary and notes; the text and end notes follow it.
            var meta = heading.ParentElement is { LocalName: "div" } parent && parent.Id != "chapters" && parent != chaptersBlock ? parent : heading;
            var notes = meta == heading ? [] : LabelledBlocks(meta);
            var body = new List<IElement>();
            string? endNotes = null;
            for (var next = meta.NextElementSibling; next is not null; next = next.NextElementSibling)
            {
                if (headings.Any(h => next == h || next.Contains(h))) break;
                if (next.ClassList.Contains("meta") || next.Id?.StartsWith("endnotes", StringComparison.Ordinal) == true)
                {
                    endNotes = BodyJoin(endNotes, LabelledBlocks(next).GetValueOrDefault("chapter end notes"));
                    continue;
                }
                body.Add(next);
            }
            chapters.Add(HtmlText.Formatted(body).Into(new Chapter
            {
                Number = chapters.Count + 1,
                Title = HtmlText.Line(heading),
                Summary = notes.GetValueOrDefault("chapter summary"),
                NotesBefore = notes.GetValueOrDefault("chapter notes"),
                NotesAfter = endNotes,
            }));
        }
        return chapters;
    }

    /// <summary>"Summary" / "Notes" / "Chapter End Notes" labels, each followed by a blockquote with the text.</summary>
    private static Dictionary<string, string> LabelledBlocks(IElement scope)
    {
        var blocks = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var quote in scope.QuerySelectorAll("blockquote"))
        {
            if (quote.ParentElement?.Closest("blockquote") is not null) continue;
            var label = HtmlText.Line(quote.PreviousElementSibling).TrimEnd(':').Trim();
            if (label.Length == 0 || label.Length > 40 || HtmlText.Block(quote) is not { } text) continue;
            blocks[label] = BodyJoin(blocks.GetValueOrDefault(label), text)!;
        }
        return blocks;
    }

    private static bool IsInside(IElement element, IElement? container) => container is not null && container.Contains(element);

    private static string? BodyJoin(string? a, string? b) => Text.BodyBuilder.Join(a, b);
}
