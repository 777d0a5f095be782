using AngleSharp.Dom;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// AO3's "Download → HTML" (and the same markup inside its EPUB), as otwarchive's download templates write it
/// (downloads/show, _download_preface, _download_chapter, _download_afterword): <c>#preface</c> with the message
/// "Posted originally on the Archive of Our Own at URL", a <c>dl</c> of "Label:" / value pairs (Rating, Archive
/// Warning, Category, Fandom, Relationship, Characters, Additional Tags, Language, Series "Part N of …",
/// Collections, Stats), the <c>h1</c> title, the byline, and "Summary"/"Notes" paragraphs each followed by a
/// blockquote; <c>#chapters</c> with, per chapter, a block holding the <c>h2</c> heading and the chapter's
/// summary/notes, then the text and an optional "Chapter End Notes" block (a one-chapter work has only the text,
/// newer templates with a hidden heading naming the work); <c>#afterword</c> with the "End Notes".
/// The reader goes by ids, element kinds, AO3's labels and document order — never by class names, which ebook
/// converters rename — so every template era and a split EPUB read the same.
/// </summary>
internal static class Ao3DownloadReader
{
    /// <summary>A document laid out like an AO3 download: the tag list and a chapters block (or chapter headings).</summary>
    public static bool Recognises(IDocument document) =>
        !Ao3WorkPageReader.IsWorkPage(document) &&
        TagList(document) is not null &&
        (document.QuerySelector("#chapters") is not null || document.QuerySelector("h2") is not null);

    private static readonly string[] TagListLabels = ["Rating", "Ratings", "Archive Warning", "Archive Warnings", "Fandom", "Fandoms", "Stats"];

    /// <summary>The preface's tag list: <c>dl.tags</c>, or (an ebook converter may rename classes) a dl with AO3's labels.</summary>
    private static IElement? TagList(IDocument document) =>
        document.QuerySelector("dl.tags") ??
        document.QuerySelectorAll("dl").FirstOrDefault(dl =>
            dl.Children.Count(c => c.LocalName == "dt" && Ao3Meta.LabelOf(c).EqualsAny(TagListLabels)) >= 2);

    /// <summary>What the EPUB's package says, used where the preface is silent.</summary>
    public sealed record PackageFacts(string? Title, IReadOnlyList<string> Creators, string? Description, string? Language, IReadOnlyList<string> Links);

    public static Work Read(IDocument document, PackageFacts? package = null)
    {
        var list = TagList(document);
        var meta = Ao3Meta.ReadBlock(list, Ao3Meta.ByLabel);

        var body = document.Body!;
        var preface = document.QuerySelector("#preface") ?? TopBlock(list, body);
        var afterword = document.QuerySelector("#afterword");
        var chaptersBlock = document.QuerySelector("#chapters");
        var titleElement = preface?.QuerySelector("h1") ?? document.QuerySelectorAll("h1").FirstOrDefault(h => !IsInside(h, chaptersBlock));
        var title = titleElement is null ? null : HtmlText.Line(titleElement);
        if (string.IsNullOrEmpty(title)) title = preface?.QuerySelector("p b") is { } bold ? HtmlText.Line(bold) : package?.Title;

        var bylineBlock = preface?.QuerySelector(".byline") ??
                          (titleElement?.NextElementSibling is { } afterTitle && HtmlText.Line(afterTitle).StartsWith("by ", StringComparison.OrdinalIgnoreCase) ? afterTitle : null);
        var authors = Ao3Meta.AuthorsOf(bylineBlock);
        if (authors.Count == 0 && package is not null) authors.AddRange(package.Creators);

        var prefaceNotes = preface is null ? new Dictionary<string, string>() : LabelledBlocks(preface);
        var chapters = ReadChapters(body, chaptersBlock ?? body, title, preface, afterword);
        if (chapters.Count == 0 || chapters.All(c => c.Paragraphs.Count == 0))
            throw new ImportException("the AO3 download has no chapter text");

        string? endNotes = null;
        if (document.QuerySelector("#endnotes") is { } endnotesBlock)
            endNotes = LabelledBlocks(endnotesBlock).GetValueOrDefault("end notes") ?? HtmlText.Block(endnotesBlock.QuerySelector("blockquote"));
        else if (afterword is not null)
            endNotes = LabelledBlocks(afterword).GetValueOrDefault("end notes");

        var summary = prefaceNotes.GetValueOrDefault("summary") ?? DescriptionText(package?.Description);
        return meta.Onto(new Work
        {
            Title = string.IsNullOrEmpty(title) ? null : title,
            Authors = authors,
            PlatformWorkId = WorkId(preface, afterword, document, package),
            Summary = summary,
            NotesBefore = prefaceNotes.GetValueOrDefault("notes"),
            NotesAfter = endNotes,
            Chapters = chapters,
            // The package's language where the preface names none.
            Language = package?.Language is { Length: >= 2 } code ? code[..2].ToLowerInvariant() : null,
        });
    }

    /// <summary>
    /// The chapters: each chapter heading is an <c>h2</c> in a block of its own (with the chapter's summary and
    /// notes); the text and the chapter's end notes follow that block, up to the next heading. Headings that only
    /// name a part of the book for an ebook's table of contents ("Preface", "Afterword", the work's own title over a
    /// one-chapter text) are not chapters.
    /// </summary>
    private static List<Chapter> ReadChapters(IElement body, IElement region, string? title, IElement? preface, IElement? afterword)
    {
        bool Outside(IElement e) => IsInside(e, preface) || IsInside(e, afterword);
        bool IsTocHeading(IElement h)
        {
            var text = HtmlText.Line(h);
            return h.ClassList.Contains("toc-heading") || text.Equals("Preface", StringComparison.OrdinalIgnoreCase) ||
                   text.Equals("Afterword", StringComparison.OrdinalIgnoreCase) ||
                   (h.ParentElement == region || h.ParentElement == body) && title is not null && text.Equals(title, StringComparison.Ordinal);
        }
        // Chapter headings anywhere outside the preface and afterword: a split book may lose #chapters around some.
        var headings = body.QuerySelectorAll("h2").Where(h => !Outside(h) && !IsTocHeading(h)).ToList();

        var chapters = new List<Chapter>();
        if (headings.Count == 0)
        {
            // A one-chapter work: the text sits in #chapters, usually in one block (a hidden heading may name it).
            var blocks = region.Children.Where(c => !(c.LocalName == "h2" && IsTocHeading(c)) && c != preface && c != afterword &&
                                                    !IsInside(preface, c) && !IsInside(afterword, c) && c.LocalName is not ("script" or "style")).ToList();
            chapters.Add(HtmlText.Formatted(blocks).Into(new Chapter { Number = 1 }));
            return chapters;
        }

        foreach (var heading in headings)
        {
            // The heading's block holds the chapter's summary and notes; the text and end notes follow it.
            var meta = heading.ParentElement is { LocalName: "div" } parent && parent != region && parent != body ? parent : heading;
            var notes = meta == heading ? new Dictionary<string, string>() : LabelledBlocks(meta);
            var bodyBlocks = new List<IElement>();
            string? endNotes = null;
            for (var next = meta.NextElementSibling; next is not null; next = next.NextElementSibling)
            {
                if (headings.Any(h => next == h || next.Contains(h)) || next == afterword) break;
                // A copy without the heading's block: the labels and their blockquotes stand between heading and text.
                if (next.LocalName != "blockquote" && Ao3Meta.NormalLabel(HtmlText.Line(next)).EqualsAny(NoteLabels) &&
                    next.NextElementSibling is { LocalName: "blockquote" })
                    continue;
                if (next.LocalName == "blockquote" && Ao3Meta.NormalLabel(HtmlText.Line(next.PreviousElementSibling)) is var label && label.EqualsAny(NoteLabels))
                {
                    if (label == "chapter end notes") endNotes = BodyBuilder.Join(endNotes, HtmlText.Block(next));
                    else if (HtmlText.Block(next) is { } noteText) notes[label] = BodyBuilder.Join(notes.GetValueOrDefault(label), noteText)!;
                    continue;
                }
                if (HtmlText.Line(next).StartsWith("See the end of the", StringComparison.Ordinal) && next.QuerySelector("a[href*='endnotes']") is not null)
                    continue;
                var labelled = LabelledBlocks(next);
                if (labelled.TryGetValue("chapter end notes", out var chapterEnd) ||
                    next.Id?.StartsWith("endnotes", StringComparison.Ordinal) == true)
                {
                    endNotes = BodyBuilder.Join(endNotes, chapterEnd ?? HtmlText.Block(next.QuerySelector("blockquote")));
                    continue;
                }
                bodyBlocks.Add(next);
            }
            chapters.Add(HtmlText.Formatted(bodyBlocks).Into(new Chapter
            {
                Number = chapters.Count + 1,
                Title = HtmlText.Line(heading) is { Length: > 0 } t ? t : null,
                Summary = notes.GetValueOrDefault("chapter summary"),
                NotesBefore = notes.GetValueOrDefault("chapter notes"),
                NotesAfter = endNotes,
            }));
        }
        return chapters;
    }

    private static readonly string[] NoteLabels = ["summary", "notes", "chapter summary", "chapter notes", "chapter end notes", "end notes"];

    /// <summary>"Summary" / "Notes" / "Chapter End Notes" labels, each followed by a blockquote with the text.</summary>
    private static Dictionary<string, string> LabelledBlocks(IElement scope)
    {
        var blocks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var quote in scope.QuerySelectorAll("blockquote"))
        {
            if (quote.ParentElement?.Closest("blockquote") is not null) continue;
            var label = Ao3Meta.NormalLabel(HtmlText.Line(quote.PreviousElementSibling));
            if (!label.EqualsAny(NoteLabels) || HtmlText.Block(quote) is not { } text) continue;
            blocks[label] = BodyBuilder.Join(blocks.GetValueOrDefault(label), text)!;
        }
        return blocks;
    }

    /// <summary>The work's id: the preface's "Posted originally … at URL", the afterword's comment link, the package's links.</summary>
    private static string? WorkId(IElement? preface, IElement? afterword, IDocument document, PackageFacts? package)
    {
        IEnumerable<string?> Links(IElement? scope) =>
            scope?.QuerySelectorAll("a[href]").Where(a => a.Closest("blockquote") is null).Select(a => a.GetAttribute("href")) ?? [];
        var candidates = Links(preface).Concat(Links(afterword)).Concat(package?.Links ?? [])
            .Concat(document.QuerySelectorAll("a[href]").Where(a => a.Closest("blockquote, .userstuff") is null).Select(a => a.GetAttribute("href")));
        return candidates.Select(Ao3Meta.WorkIdOf).FirstOrDefault(id => id is not null);
    }

    /// <summary>dc:description holds the summary as escaped HTML.</summary>
    private static string? DescriptionText(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return null;
        var text = description.Contains('<') ? HtmlText.Block(HtmlText.Parse(description).Body) : description.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>The child of the body that holds the element (the preface block when a copy lost its id).</summary>
    private static IElement? TopBlock(IElement? element, IElement body)
    {
        while (element?.ParentElement is { } parent && parent != body) element = parent;
        return element == body ? null : element;
    }

    private static bool IsInside(IElement? element, IElement? container) => element is not null && container is not null && container.Contains(element);
}
