using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// Turns HTML into plain paragraphs. Imported markup is never kept: only text nodes are read, scripts, styles,
/// forms and other non-text elements are skipped, and attributes (event handlers, links) are ignored.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head", "title",
        "form", "button", "select", "option", "input", "textarea", "nav", "img", "video", "audio", "canvas",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "pre", "center", "section",
        "article", "header", "footer", "main", "aside", "table", "tr", "td", "th", "dl", "dt", "dd", "hr", "figure", "body",
    };

    public const string SceneBreak = "* * *";

    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The paragraphs of an element: each block (p, div, blockquote…) is one paragraph, a br a '\n' inside it.</summary>
    public static List<string> Paragraphs(IElement? container)
    {
        var paragraphs = new List<string>();
        if (container is null) return paragraphs;
        var current = new StringBuilder();
        Walk(container, current, paragraphs);
        Flush(current, paragraphs);
        if (paragraphs.Count > 0 && paragraphs[^1] == SceneBreak) paragraphs.RemoveAt(paragraphs.Count - 1);
        return paragraphs;
    }

    /// <summary>Paragraphs of several elements in document order (a chapter body split over siblings).</summary>
    public static List<string> Paragraphs(IEnumerable<IElement> elements) => elements.SelectMany(Paragraphs).ToList();

    /// <summary>The element's text on one line (headings, labels, metadata values).</summary>
    public static string Line(IElement? element) => element is null ? "" : Collapse(string.Join(' ', Paragraphs(element)));

    /// <summary>Notes and summaries: paragraphs joined with a blank line, or null when empty.</summary>
    public static string? Block(IElement? element)
    {
        var paragraphs = Paragraphs(element);
        return paragraphs.Count == 0 ? null : string.Join("\n\n", paragraphs);
    }

    public static string Collapse(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim('\u200B', '\uFEFF');

    private static void Walk(INode node, StringBuilder current, List<string> paragraphs)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    // Source line breaks inside a paragraph are just spaces in HTML.
                    current.Append(text.Data.Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' '));
                    break;
                case IElement element when Skipped.Contains(element.LocalName):
                    break;
                // AO3's hidden "Chapter Text" headings are for screen readers, not part of the story.
                case IElement element when element.ClassList.Contains("landmark"):
                    break;
                case IElement { LocalName: "br" }:
                    current.Append('\n');
                    break;
                case IElement { LocalName: "hr" }:
                    // A rule between paragraphs is a scene break; keep it the way text copies write one.
                    Flush(current, paragraphs);
                    if (paragraphs.Count > 0 && paragraphs[^1] != SceneBreak) paragraphs.Add(SceneBreak);
                    break;
                case IElement { LocalName: "pre" } pre:
                    Flush(current, paragraphs);
                    foreach (var block in pre.TextContent.Replace("\r\n", "\n").Split("\n\n"))
                    {
                        current.Append(block);
                        Flush(current, paragraphs);
                    }
                    break;
                case IElement element when Blocks.Contains(element.LocalName):
                    Flush(current, paragraphs);
                    Walk(element, current, paragraphs);
                    Flush(current, paragraphs);
                    break;
                case IElement element:
                    Walk(element, current, paragraphs);
                    break;
            }
        }
    }

    private static void Flush(StringBuilder current, List<string> paragraphs)
    {
        if (current.Length == 0) return;
        var lines = current.ToString().Split('\n')
            .Select(l => StoryText.CleanLine(string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))))
            .ToList();
        current.Clear();
        // Trailing and leading breaks carry nothing; a run of breaks inside is a paragraph break.
        var block = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (block.Count > 0) paragraphs.Add(string.Join('\n', block));
                block.Clear();
            }
            else block.Add(line);
        }
        if (block.Count > 0) paragraphs.Add(string.Join('\n', block));
    }
}
