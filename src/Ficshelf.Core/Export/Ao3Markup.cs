using System.Text;
using System.Xml;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Export;

/// <summary>
/// The parts of AO3's HTML download, written as XHTML so one writer serves the single HTML file and the EPUB pages:
/// div#preface (dl.tags meta block, h1 title, div.byline, Summary/Notes blockquotes), div#chapters (per chapter a
/// div.meta.group with h2.heading and its notes, div.userstuff with the text, end notes), div#afterword (End Notes).
/// Everything goes through XmlWriter, so all text is escaped; nothing executable is written.
/// </summary>
internal static class Ao3Markup
{
    public const string Xhtml = "http://www.w3.org/1999/xhtml";
    public const string Ops = "http://www.idpf.org/2007/ops";

    public static readonly string Style =
        "body { font-family: serif; line-height: 1.4; margin: 1em; }\n" +
        "dl.tags dt { font-weight: bold; float: left; clear: left; margin-right: 0.5em; }\n" +
        "dl.tags dd { margin-left: 0; }\n" +
        "blockquote.userstuff { margin: 0.5em 1.5em; }\n" +
        ".byline { font-style: italic; margin-bottom: 1em; }\n" +
        "h2.heading { margin-top: 1.5em; }\n";

    public static XmlWriterSettings Settings => new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
        OmitXmlDeclaration = false,
        CheckCharacters = true,
    };

    /// <summary>Writes &lt;!DOCTYPE html&gt;&lt;html&gt;&lt;head&gt;…&lt;/head&gt;&lt;body&gt;; the caller writes the body and calls <see cref="EndDocument"/>.</summary>
    public static void StartDocument(XmlWriter w, string title, string language, bool epub, string? stylesheetHref, string? ficshelfMetadata = null)
    {
        w.WriteRaw("<!DOCTYPE html>\n");
        w.WriteStartElement("html", Xhtml);
        if (epub) w.WriteAttributeString("xmlns", "epub", null, Ops);
        w.WriteAttributeString("lang", language);
        w.WriteAttributeString("xml", "lang", null, language);
        Start(w, "head");
        if (!epub)
        {
            Start(w, "meta");
            w.WriteAttributeString("charset", "UTF-8");
            w.WriteEndElement();
        }
        Element(w, "title", title);
        if (ficshelfMetadata is not null)
        {
            // Ficshelf's own marked metadata: a meta element, inert in every browser and reader.
            Start(w, "meta");
            w.WriteAttributeString("name", Export.FicshelfMetadata.OpfProperty);
            w.WriteAttributeString("content", ficshelfMetadata);
            w.WriteEndElement();
        }
        if (stylesheetHref is not null)
        {
            Start(w, "link");
            w.WriteAttributeString("rel", "stylesheet");
            w.WriteAttributeString("type", "text/css");
            w.WriteAttributeString("href", stylesheetHref);
            w.WriteEndElement();
        }
        else
        {
            Element(w, "style", Style);
        }
        w.WriteFullEndElement();
        Start(w, "body");
    }

    public static void EndDocument(XmlWriter w)
    {
        w.WriteFullEndElement(); // body
        w.WriteFullEndElement(); // html
    }

    public static void Preface(XmlWriter w, ExportLayout layout)
    {
        Start(w, "div", id: "preface");
        Start(w, "div", cls: "meta");
        var fields = layout.Meta.Where(f => f.Values.Count > 0).ToList();
        if (fields.Count > 0)
        {
            Start(w, "dl", cls: "tags");
            foreach (var field in fields)
            {
                Element(w, "dt", field.Label + ":");
                Start(w, "dd");
                if (field.Label is "Language" or "Series" or "Stats")
                {
                    w.WriteString(string.Join(" ", field.Values));
                }
                else
                {
                    // Tags as AO3 writes them: one link each, comma-separated (no href: nothing to point at offline).
                    for (var i = 0; i < field.Values.Count; i++)
                    {
                        if (i > 0) w.WriteString(", ");
                        Element(w, "a", field.Values[i]);
                    }
                }
                w.WriteFullEndElement();
            }
            w.WriteFullEndElement();
        }
        Element(w, "h1", layout.Title);
        if (layout.Authors.Count > 0)
        {
            Start(w, "div", cls: "byline");
            w.WriteString("by ");
            for (var i = 0; i < layout.Authors.Count; i++)
            {
                if (i > 0) w.WriteString(", ");
                Element(w, "a", layout.Authors[i]);
            }
            w.WriteFullEndElement();
        }
        Notes(w, "Summary", layout.Summary);
        Notes(w, "Notes", layout.Notes);
        w.WriteFullEndElement(); // div.meta
        w.WriteFullEndElement(); // div#preface
    }

    /// <summary>div#chapters holding the given chapters (all of them for the HTML file, one per EPUB page).</summary>
    public static void Chapters(XmlWriter w, IEnumerable<ChapterLayout> chapters)
    {
        Start(w, "div", id: "chapters", cls: "userstuff");
        foreach (var chapter in chapters) Chapter(w, chapter);
        w.WriteFullEndElement();
    }

    private static void Chapter(XmlWriter w, ChapterLayout chapter)
    {
        if (chapter.Heading is not null)
        {
            Start(w, "div", cls: "meta group");
            Start(w, "h2", cls: "heading");
            w.WriteString(chapter.Heading);
            w.WriteFullEndElement();
            Notes(w, "Chapter Summary", chapter.Summary);
            Notes(w, "Chapter Notes", chapter.NotesBefore);
            w.WriteFullEndElement();
        }
        Start(w, "div", cls: "userstuff");
        Text(w, chapter);
        w.WriteFullEndElement();
        if (chapter.NotesAfter is not null)
        {
            Start(w, "div", cls: "meta group");
            Notes(w, "Chapter End Notes", chapter.NotesAfter);
            w.WriteFullEndElement();
        }
    }

    public static void Afterword(XmlWriter w, ExportLayout layout)
    {
        Start(w, "div", id: "afterword");
        Start(w, "div", id: "endnotes", cls: "meta");
        Notes(w, "End Notes", layout.EndNotes);
        w.WriteFullEndElement();
        w.WriteFullEndElement();
    }

    /// <summary>"Summary" / "Notes" as AO3 writes them: a label paragraph and a blockquote.userstuff.</summary>
    private static void Notes(XmlWriter w, string label, string? text)
    {
        if (text is null) return;
        Element(w, "p", label);
        Start(w, "blockquote", cls: "userstuff");
        foreach (var paragraph in ExportLayout.ParagraphsOf(text)) Paragraph(w, paragraph);
        w.WriteFullEndElement();
    }

    /// <summary>
    /// A chapter's text: plain paragraphs as p, a run of quoted paragraphs in one blockquote, a run of list items in
    /// one ul or ol; alignment as a text-align style, inline marks as their HTML elements.
    /// </summary>
    private static void Text(XmlWriter w, ChapterLayout chapter)
    {
        var styles = BlockRun.StylesOf(chapter.Blocks);
        var spans = chapter.Spans.ToLookup(s => s.Paragraph);
        foreach (var run in BlockRun.Of(chapter.Paragraphs.Count, styles))
        {
            if (run.Container is { } container) Start(w, container);
            for (var p = run.Start; p < run.End; p++)
                FormattedParagraph(w, run.Item, chapter.Paragraphs[p], spans[p], styles.GetValueOrDefault(p));
            if (run.Container is not null) w.WriteFullEndElement();
        }
    }

    private static void FormattedParagraph(XmlWriter w, string element, string text, IEnumerable<InlineSpan> spans, BlockStyle? style)
    {
        Start(w, element);
        if (style?.Align is TextAlign.Center or TextAlign.End)
            w.WriteAttributeString("style", style.Align == TextAlign.Center ? "text-align: center" : "text-align: right");
        // Text first, even empty, so the writer treats the element as mixed content and adds no indentation inside it.
        w.WriteString("");
        foreach (var step in InlineFormatting.Runs(text, spans))
        {
            switch (step.Kind)
            {
                case InlineFormatting.RunEventKind.Open:
                    OpenMark(w, step.Span!);
                    break;
                case InlineFormatting.RunEventKind.Close:
                    w.WriteFullEndElement();
                    break;
                default:
                    Lines(w, step.Text!);
                    break;
            }
        }
        w.WriteFullEndElement();
    }

    private static void OpenMark(XmlWriter w, InlineSpan span)
    {
        switch (span.Mark)
        {
            case InlineMark.Emphasis: Start(w, "em"); break;
            case InlineMark.Strong: Start(w, "strong"); break;
            case InlineMark.Strike: Start(w, "s"); break;
            case InlineMark.Underline: Start(w, "u"); break;
            case InlineMark.Superscript: Start(w, "sup"); break;
            case InlineMark.Subscript: Start(w, "sub"); break;
            case InlineMark.Code: Start(w, "code"); break;
            case InlineMark.SmallCaps:
                Start(w, "span");
                w.WriteAttributeString("style", "font-variant: small-caps");
                break;
            default:
                Start(w, "a");
                w.WriteAttributeString("href", span.Href ?? "");
                break;
        }
        w.WriteString("");
    }

    /// <summary>Text with each '\n' (verse, lyrics) as a &lt;br/&gt;.</summary>
    private static void Lines(XmlWriter w, string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                Start(w, "br");
                w.WriteEndElement();
            }
            w.WriteString(lines[i]);
        }
    }

    /// <summary>A paragraph; a '\n' inside it (verse, lyrics) is a &lt;br/&gt;.</summary>
    private static void Paragraph(XmlWriter w, string paragraph)
    {
        Start(w, "p");
        var lines = paragraph.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                Start(w, "br");
                w.WriteEndElement();
            }
            w.WriteString(lines[i]);
        }
        w.WriteFullEndElement();
    }

    public static void Start(XmlWriter w, string name, string? id = null, string? cls = null)
    {
        w.WriteStartElement(name, Xhtml);
        if (id is not null) w.WriteAttributeString("id", id);
        if (cls is not null) w.WriteAttributeString("class", cls);
    }

    public static void Element(XmlWriter w, string name, string text)
    {
        Start(w, name);
        w.WriteString(text);
        w.WriteFullEndElement();
    }
}
