using System.Text;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Export;

/// <summary>
/// Plain text in the shape of an AO3 page copy, which Ficshelf's AO3 text importer reads back: the meta block
/// ("Rating:", "Archive Warning:", …, "Stats:"), title, "by" line, "Summary:", "Notes:", then "Work Text:" for a
/// one-shot or "Chapter N: Title" + "Chapter Text" per chapter, and "End Notes".
/// </summary>
public static class TextExporter
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
        if (layout.ByLine.Length > 0) text.Append(layout.ByLine).Append('\n');
        Section(text, "Summary:", layout.Summary);
        Section(text, "Notes:", layout.Notes);

        foreach (var chapter in layout.Chapters)
        {
            if (chapter.Heading is null)
            {
                text.Append("\nWork Text:\n");
            }
            else
            {
                text.Append('\n').Append(chapter.Heading).Append('\n');
                Section(text, "Chapter Summary", chapter.Summary);
                Section(text, "Chapter Notes", chapter.NotesBefore);
                text.Append("\nChapter Text\n");
            }
            foreach (var paragraph in chapter.Paragraphs) text.Append('\n').Append(paragraph).Append('\n');
            Section(text, "Chapter End Notes", chapter.NotesAfter);
        }
        Section(text, "End Notes", layout.EndNotes);
        return text.ToString();
    }

    private static void Section(StringBuilder text, string label, string? body)
    {
        if (body is null) return;
        text.Append('\n').Append(label).Append('\n');
        foreach (var paragraph in ExportLayout.ParagraphsOf(body)) text.Append('\n').Append(paragraph).Append('\n');
    }
}
