using AngleSharp.Dom;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Export;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// Ficshelf's own exports, recognised by Ficshelf's marked metadata (see <see cref="FicshelfMetadata"/>): the work's
/// metadata — every tag with its origin, platform and id, series and part, chapter titles and notes — comes from it,
/// the text and its marks from the file's chapters (exactly as written). A file whose chapters no longer match the
/// metadata (edited by hand) is not read here: it goes to the other readers as before, as does any file without it.
/// </summary>
internal static class FicshelfExportReader
{
    /// <summary>The HTML export: <c>meta name="ficshelf:work"</c> in the head, one <c>#chapters &gt; div.userstuff</c> per chapter.</summary>
    public static Work? ReadHtml(IDocument document)
    {
        var content = document.Head?.QuerySelectorAll("meta")
            .FirstOrDefault(m => string.Equals(m.GetAttribute("name"), FicshelfMetadata.OpfProperty, StringComparison.Ordinal))?.GetAttribute("content");
        if (FicshelfMetadata.FromJson(content) is not { } metadata) return null;
        return Assemble(metadata, ChapterBodies(document));
    }

    /// <summary>The EPUB export: the OPF meta property <c>ficshelf:work</c>, the chapters one per page in spine order.</summary>
    public static Work? ReadEpub(EpubPackage package)
    {
        var json = package.Opf.Descendants()
            .FirstOrDefault(e => e.Name.LocalName == "meta" && (string?)e.Attribute("property") == FicshelfMetadata.OpfProperty)?.Value;
        if (FicshelfMetadata.FromJson(json) is not { } metadata) return null;
        var bodies = package.Spine.SelectMany(s => ChapterBodies(HtmlText.Parse(s.Html))).ToList();
        return Assemble(metadata, bodies);
    }

    private static List<FormattedText> ChapterBodies(IDocument document) =>
        document.QuerySelectorAll("#chapters > div.userstuff").Select(HtmlText.Exact).ToList();

    /// <summary>
    /// A text export: the trailer after <see cref="FicshelfMetadata.TextMarker"/> holds the metadata and the line each
    /// chapter's text follows. Returns the work, or null with <paramref name="rest"/> the text without a trailer that
    /// did not match (so the other importers do not read Ficshelf's JSON as story).
    /// </summary>
    public static Work? ReadText(string text, out string rest)
    {
        rest = text;
        if (!text.Contains(FicshelfMetadata.TextMarker, StringComparison.Ordinal)) return null;
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var marker = lines.FindLastIndex(l => l.Trim() == FicshelfMetadata.TextMarker);
        if (marker < 0) return null;
        var metadata = FicshelfMetadata.FromJson(string.Join('\n', lines.Skip(marker + 1)));
        if (metadata is null) return null;
        rest = string.Join('\n', lines.Take(marker));

        var bodies = new List<FormattedText>();
        foreach (var chapter in metadata.Chapters)
        {
            if (chapter.TextLine is not { } label || label < 1 || label > marker || lines[label - 1].Trim() is not ("Work Text:" or "Chapter Text")) return null;
            var at = label; // the line after the label (0-based index = label)
            var paragraphs = new List<string>();
            var spans = new List<InlineSpan>();
            var blocks = new List<BlockStyle>();
            while (paragraphs.Count < chapter.Paragraphs)
            {
                while (at < marker && string.IsNullOrWhiteSpace(lines[at])) at++;
                if (at >= marker) return null;
                var start = at;
                while (at < marker && !string.IsNullOrWhiteSpace(lines[at])) at++;
                var (paragraph, marks, style) = TextMarkup.Read(string.Join('\n', lines.Skip(start).Take(at - start)));
                spans.AddRange(marks.Select(s => s with { Paragraph = paragraphs.Count }));
                if (style is not null) blocks.Add(style with { Paragraph = paragraphs.Count });
                paragraphs.Add(paragraph);
            }
            bodies.Add(new FormattedText(paragraphs, InlineFormatting.Normalize(spans, paragraphs), InlineFormatting.Normalize(blocks, paragraphs.Count)));
        }
        return Assemble(metadata, bodies);
    }

    /// <summary>The work, when every chapter of the metadata has its text with the paragraph count it names.</summary>
    private static Work? Assemble(FicshelfMetadata metadata, List<FormattedText> bodies)
    {
        if (bodies.Count != metadata.Chapters.Count) return null;
        for (var i = 0; i < bodies.Count; i++)
            if (bodies[i].Paragraphs.Count != metadata.Chapters[i].Paragraphs) return null;
        return metadata.ToWork(bodies.Select(b => (b.Paragraphs, b.Spans, b.Blocks)).ToList());
    }
}
