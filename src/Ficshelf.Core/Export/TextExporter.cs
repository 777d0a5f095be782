using System.Text;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Export;

/// <summary>
/// Plain text in the shape of an AO3 page copy: the meta block ("Rating:", "Archive Warning:", …, "Stats:"), title,
/// "by" line, "Summary:", "Notes:", then "Work Text:" for a one-shot or "Chapter N: Title" + "Chapter Text" per
/// chapter, and "End Notes". Story paragraphs carry their marks in <see cref="TextMarkup"/>; a trailer after
/// <see cref="FicshelfMetadata.TextMarker"/> holds Ficshelf's metadata (with the line each chapter's text starts on),
/// from which Ficshelf reads the file back as the same work.
/// </summary>
internal static class TextExporter
{
    public static byte[] Export(Work work) => new UTF8Encoding(false).GetBytes(Render(work));

    public static string Render(Work work)
    {
        var layout = ExportLayout.Of(work);
        var text = new StringBuilder();
        foreach (var field in layout.Meta)
        {
            text.Append(field.Label).Append(":\n");
            // One value a line: the importer splits a line at commas, so a tag holding one would come back as two.
            foreach (var value in field.Values) text.Append(value.ReplaceLineEndings(" ")).Append('\n');
        }
        text.Append('\n').Append(layout.Title.ReplaceLineEndings(" ")).Append('\n');
        if (layout.ByLine.Length > 0) text.Append(layout.ByLine.ReplaceLineEndings(" ")).Append('\n');
        Section(text, "Summary:", layout.Summary);
        Section(text, "Notes:", layout.Notes);

        var textLines = new List<int>();
        foreach (var chapter in layout.Chapters)
        {
            if (chapter.Heading is null)
            {
                text.Append('\n');
                textLines.Add(LineCount(text) + 1);
                text.Append("Work Text:\n");
            }
            else
            {
                text.Append('\n').Append(chapter.Heading).Append('\n');
                Section(text, "Chapter Summary", chapter.Summary);
                Section(text, "Chapter Notes", chapter.NotesBefore);
                text.Append('\n');
                textLines.Add(LineCount(text) + 1);
                text.Append("Chapter Text\n");
            }
            var styles = chapter.Blocks.ToDictionary(b => b.Paragraph);
            var spans = chapter.Spans.ToLookup(s => s.Paragraph);
            for (var p = 0; p < chapter.Paragraphs.Count; p++)
                text.Append('\n').Append(TextMarkup.Write(chapter.Paragraphs[p], spans[p], styles.GetValueOrDefault(p))).Append('\n');
            Section(text, "Chapter End Notes", chapter.NotesAfter);
        }
        Section(text, "End Notes", layout.EndNotes);

        var metadata = FicshelfMetadata.Of(layout);
        metadata = metadata with { Chapters = metadata.Chapters.Select((c, i) => c with { TextLine = textLines[i] }).ToList() };
        text.Append("\n\n").Append(FicshelfMetadata.TextMarker).Append('\n').Append(metadata.ToJson().ReplaceLineEndings("\n")).Append('\n');
        return text.ToString();
    }

    private static int LineCount(StringBuilder text)
    {
        var lines = 0;
        foreach (var chunk in text.GetChunks())
            foreach (var c in chunk.Span)
                if (c == '\n') lines++;
        return lines;
    }

    private static void Section(StringBuilder text, string label, string? body)
    {
        if (body is null) return;
        text.Append('\n').Append(label).Append('\n');
        foreach (var paragraph in ExportLayout.ParagraphsOf(body)) text.Append('\n').Append(paragraph).Append('\n');
    }
}
