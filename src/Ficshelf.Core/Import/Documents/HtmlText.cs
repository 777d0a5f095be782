using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Documents;

/// <summary>Paragraphs of plain text with the inline marks and block styles read beside them (see <see cref="HtmlText.Formatted(IElement?)"/>).</summary>
internal sealed record FormattedText(IReadOnlyList<string> Paragraphs, IReadOnlyList<InlineSpan> Spans, IReadOnlyList<BlockStyle> Blocks)
{
    public static readonly FormattedText Empty = new([], [], []);

    /// <summary>The chapter with this text, its marks and its blocks.</summary>
    public Chapter Into(Chapter chapter) => chapter with { Paragraphs = Paragraphs, Spans = Spans, Blocks = Blocks };

    /// <summary>Paragraphs <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/>, their marks
    /// and blocks renumbered (chrome cut from the edges of a page's text keeps the story's formatting in place).</summary>
    public FormattedText Slice(int start, int count) => new(
        Paragraphs.Skip(start).Take(count).ToList(),
        Spans.Where(s => s.Paragraph >= start && s.Paragraph < start + count).Select(s => s with { Paragraph = s.Paragraph - start }).ToList(),
        Blocks.Where(b => b.Paragraph >= start && b.Paragraph < start + count).Select(b => b with { Paragraph = b.Paragraph - start }).ToList());
}

/// <summary>
/// Turns HTML into plain paragraphs and, for story text, the formatting kept beside them. Only text nodes become text;
/// scripts, styles, forms and other non-text elements are skipped. Of the markup only an allow-list is read, into
/// <see cref="InlineSpan"/>/<see cref="BlockStyle"/> values, never kept as markup: em/i, strong/b, s/strike/del,
/// u/ins, small caps (a class or font-variant), sup, sub, code, a[href] with an http/https/mailto target, the same
/// meanings written as inline styles (font-style, font-weight, text-decoration), blockquote, ul/ol &gt; li, and
/// alignment (center, align, text-align). Event handlers, other attributes and other styles are ignored.
/// </summary>
internal static class HtmlText
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
    public static List<string> Paragraphs(IElement? container) => [.. Formatted(container).Paragraphs];

    /// <summary>Paragraphs of several elements in document order (a chapter body split over siblings).</summary>
    public static List<string> Paragraphs(IEnumerable<IElement> elements) => elements.SelectMany(Paragraphs).ToList();

    /// <summary>Story text: the paragraphs of <see cref="Paragraphs(IElement?)"/> with their inline marks and block styles.</summary>
    public static FormattedText Formatted(IElement? container) => Read(container, exact: false);

    /// <summary>The formatted text of several elements in document order (a chapter body split over siblings).</summary>
    public static FormattedText Formatted(IEnumerable<IElement> elements) => Concat(elements.Select(Formatted));

    /// <summary>
    /// Ficshelf's own exports: every paragraph element (p, li) is one paragraph whose text is taken exactly as written —
    /// spaces are not collapsed, only the indentation around blocks is dropped — so a paragraph comes back unchanged.
    /// </summary>
    public static FormattedText Exact(IElement? container) => Read(container, exact: true);

    public static FormattedText Concat(IEnumerable<FormattedText> parts)
    {
        var paragraphs = new List<string>();
        var spans = new List<InlineSpan>();
        var blocks = new List<BlockStyle>();
        foreach (var part in parts)
        {
            var offset = paragraphs.Count;
            paragraphs.AddRange(part.Paragraphs);
            spans.AddRange(part.Spans.Select(s => s with { Paragraph = s.Paragraph + offset }));
            blocks.AddRange(part.Blocks.Select(b => b with { Paragraph = b.Paragraph + offset }));
        }
        return new FormattedText(paragraphs, spans, blocks);
    }

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

    private static FormattedText Read(IElement? container, bool exact)
    {
        if (container is null) return FormattedText.Empty;
        var reader = new Reader(exact);
        reader.Walk(container, new Context(BlockKind.Paragraph, TextAlign.Start));
        reader.Flush();
        return reader.Result();
    }

    /// <summary>The block a paragraph sits in: its kind and alignment, inherited from the enclosing elements.</summary>
    private readonly record struct Context(BlockKind Kind, TextAlign Align);

    private sealed class Reader(bool exact)
    {
        private readonly List<string> paragraphs = [];
        private readonly List<InlineSpan> spans = [];
        private readonly List<BlockStyle> blocks = [];

        // The paragraph being collected, the marks closed inside it and the marks still open (start in `current`).
        private readonly StringBuilder current = new();
        private readonly List<(int Start, int End, InlineMark Mark, string? Href)> closed = [];
        private readonly List<(int Start, InlineMark Mark, string? Href)> open = [];
        private Context context;

        public FormattedText Result()
        {
            if (!exact && paragraphs.Count > 0 && paragraphs[^1] == SceneBreak) paragraphs.RemoveAt(paragraphs.Count - 1);
            return new FormattedText(paragraphs, InlineFormatting.Normalize(spans, paragraphs), InlineFormatting.Normalize(blocks, paragraphs.Count));
        }

        public void Walk(INode node, Context inherited)
        {
            foreach (var child in node.ChildNodes)
            {
                context = inherited;
                switch (child)
                {
                    case IText text:
                        if (exact) current.Append(text.Data);
                        // Source line breaks inside a paragraph are just spaces in HTML.
                        else current.Append(text.Data.Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' '));
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
                        Flush();
                        if (paragraphs.Count > 0 && paragraphs[^1] != SceneBreak) paragraphs.Add(SceneBreak);
                        break;
                    case IElement { LocalName: "pre" } pre:
                        Flush();
                        foreach (var block in pre.TextContent.Replace("\r\n", "\n").Split("\n\n"))
                        {
                            current.Append(block);
                            Flush();
                        }
                        break;
                    case IElement element when Blocks.Contains(element.LocalName):
                        Flush();
                        var inner = Enter(element, inherited);
                        context = inner;
                        Marked(element, inner);
                        context = inner;
                        Flush();
                        break;
                    case IElement element:
                        Marked(element, inherited);
                        break;
                }
            }
            context = inherited;
        }

        /// <summary>Walks an element inside the marks it stands for (an &lt;em&gt;, a styled span, a link).</summary>
        private void Marked(IElement element, Context inner)
        {
            var marks = MarksOf(element);
            foreach (var (mark, href) in marks) open.Add((current.Length, mark, href));
            Walk(element, inner);
            context = inner;
            foreach (var (mark, href) in marks)
            {
                var index = open.FindLastIndex(o => o.Mark == mark && o.Href == href);
                if (index < 0) continue;
                closed.Add((open[index].Start, current.Length, mark, href));
                open.RemoveAt(index);
            }
        }

        private static Context Enter(IElement element, Context outer)
        {
            var kind = element.LocalName switch
            {
                "blockquote" => BlockKind.Quote,
                "li" => element.ParentElement?.LocalName == "ol" ? BlockKind.OrderedListItem : BlockKind.ListItem,
                _ => outer.Kind,
            };
            return new Context(kind, AlignOf(element) ?? outer.Align);
        }

        private static TextAlign? AlignOf(IElement element)
        {
            if (element.LocalName == "center") return TextAlign.Center;
            var value = StyleValue(element, "text-align") ?? element.GetAttribute("align");
            return value?.Trim().ToLowerInvariant() switch
            {
                "center" or "middle" => TextAlign.Center,
                "right" or "end" => TextAlign.End,
                "left" or "start" or "justify" => TextAlign.Start,
                _ => null,
            };
        }

        private static List<(InlineMark Mark, string? Href)> MarksOf(IElement element)
        {
            var marks = new List<(InlineMark, string?)>();
            switch (element.LocalName)
            {
                case "em" or "i": marks.Add((InlineMark.Emphasis, null)); break;
                case "strong" or "b": marks.Add((InlineMark.Strong, null)); break;
                case "s" or "strike" or "del": marks.Add((InlineMark.Strike, null)); break;
                case "u" or "ins": marks.Add((InlineMark.Underline, null)); break;
                case "sup": marks.Add((InlineMark.Superscript, null)); break;
                case "sub": marks.Add((InlineMark.Subscript, null)); break;
                case "code" or "kbd" or "samp" or "tt": marks.Add((InlineMark.Code, null)); break;
                case "a" when InlineFormatting.SafeHref(element.GetAttribute("href")) is { } href: marks.Add((InlineMark.Link, href)); break;
            }
            // The same meanings written as classes or inline styles (work skins, word processors' HTML).
            if (element.ClassList.Any(c => c.Equals("smallcaps", StringComparison.OrdinalIgnoreCase) || c.Equals("small-caps", StringComparison.OrdinalIgnoreCase)) ||
                (StyleValue(element, "font-variant") ?? StyleValue(element, "font-variant-caps"))?.Contains("small-caps", StringComparison.OrdinalIgnoreCase) == true)
                marks.Add((InlineMark.SmallCaps, null));
            if (StyleValue(element, "font-style") is { } style && (style.StartsWith("italic", StringComparison.OrdinalIgnoreCase) || style.StartsWith("oblique", StringComparison.OrdinalIgnoreCase)))
                marks.Add((InlineMark.Emphasis, null));
            if (StyleValue(element, "font-weight") is { } weight && (weight.StartsWith("bold", StringComparison.OrdinalIgnoreCase) || int.TryParse(weight, out var w) && w >= 600))
                marks.Add((InlineMark.Strong, null));
            if ((StyleValue(element, "text-decoration") ?? StyleValue(element, "text-decoration-line")) is { } decoration)
            {
                if (decoration.Contains("line-through", StringComparison.OrdinalIgnoreCase)) marks.Add((InlineMark.Strike, null));
                if (decoration.Contains("underline", StringComparison.OrdinalIgnoreCase)) marks.Add((InlineMark.Underline, null));
            }
            return marks;
        }

        /// <summary>One property of the element's inline style attribute, read as text (never applied).</summary>
        private static string? StyleValue(IElement element, string property)
        {
            if (element.GetAttribute("style") is not { Length: > 0 } style) return null;
            string? value = null;
            foreach (var declaration in style.Split(';'))
            {
                var colon = declaration.IndexOf(':');
                if (colon <= 0 || !declaration[..colon].Trim().Equals(property, StringComparison.OrdinalIgnoreCase)) continue;
                value = declaration[(colon + 1)..].Replace("!important", "", StringComparison.OrdinalIgnoreCase).Trim();
            }
            return value;
        }

        /// <summary>Ends the paragraph(s) collected so far: cleans the text and carries the marks over to it.</summary>
        public void Flush()
        {
            if (current.Length == 0) return;
            var raw = current.ToString();
            var pieces = new List<(int Start, int End, InlineMark Mark, string? Href)>(closed);
            // Marks still open continue into the next paragraph.
            pieces.AddRange(open.Select(o => (o.Start, raw.Length, o.Mark, o.Href)));
            for (var i = 0; i < open.Count; i++) open[i] = (0, open[i].Mark, open[i].Href);
            closed.Clear();
            current.Clear();

            var first = paragraphs.Count;
            // Where each character of the raw text went: paragraph (from `first`) and offset, or -1 when dropped.
            var paragraphOf = new int[raw.Length];
            var offsetOf = new int[raw.Length];
            Array.Fill(paragraphOf, -1);
            if (exact) CleanExact(raw, paragraphOf, offsetOf);
            else CleanCollapsed(raw, paragraphOf, offsetOf);
            for (var p = first; p < paragraphs.Count; p++)
                if (context.Kind != BlockKind.Paragraph || context.Align != TextAlign.Start) blocks.Add(new BlockStyle(p, context.Kind, context.Align));

            foreach (var (start, end, mark, href) in pieces)
            {
                int? paragraph = null, from = 0, to = 0;
                for (var i = start; i < end && i < raw.Length; i++)
                {
                    if (paragraphOf[i] < 0) continue;
                    if (paragraph != paragraphOf[i])
                    {
                        if (paragraph is { } done) spans.Add(new InlineSpan(done, from.Value, to.Value - from.Value, mark, href));
                        (paragraph, from) = (paragraphOf[i], offsetOf[i]);
                    }
                    to = offsetOf[i] + 1;
                }
                if (paragraph is { } last) spans.Add(new InlineSpan(last, from!.Value, to!.Value - from.Value, mark, href));
            }
        }

        /// <summary>Imported HTML: per line, runs of spaces collapse and the ends are trimmed; a run of empty lines splits paragraphs.</summary>
        private void CleanCollapsed(string raw, int[] paragraphOf, int[] offsetOf)
        {
            var paragraph = new StringBuilder();
            var paragraphChars = new List<int>();
            var lineStart = 0;
            for (var end = 0; end <= raw.Length; end++)
            {
                if (end < raw.Length && raw[end] != '\n') continue;
                // The line raw[lineStart..end]: keep the first space of each inner run, then trim the ends.
                var kept = new List<int>();
                for (var i = lineStart; i < end; i++)
                {
                    if (raw[i] == ' ' && (kept.Count == 0 || raw[kept[^1]] == ' ')) continue;
                    kept.Add(i);
                }
                if (kept.Count > 0 && raw[kept[^1]] == ' ') kept.RemoveAt(kept.Count - 1);
                var a = 0;
                var b = kept.Count;
                while (a < b && IsTrimmed(raw[kept[a]])) a++;
                while (b > a && IsTrimmed(raw[kept[b - 1]])) b--;
                if (a == b)
                {
                    // An empty line ends the paragraph.
                    EndParagraph(paragraph, paragraphChars, paragraphOf, offsetOf, raw);
                }
                else
                {
                    if (paragraph.Length > 0)
                    {
                        // The break between two lines of one paragraph belongs to the '\n' that made it.
                        paragraphChars.Add(lineStart - 1);
                        paragraph.Append('\n');
                    }
                    for (var k = a; k < b; k++)
                    {
                        paragraphChars.Add(kept[k]);
                        paragraph.Append(raw[kept[k]]);
                    }
                }
                lineStart = end + 1;
            }
            EndParagraph(paragraph, paragraphChars, paragraphOf, offsetOf, raw);
        }

        private void EndParagraph(StringBuilder paragraph, List<int> chars, int[] paragraphOf, int[] offsetOf, string raw)
        {
            if (paragraph.Length == 0) return;
            for (var k = 0; k < chars.Count; k++)
            {
                if (chars[k] < 0 || chars[k] >= raw.Length) continue;
                paragraphOf[chars[k]] = paragraphs.Count;
                offsetOf[chars[k]] = k;
            }
            paragraphs.Add(paragraph.ToString());
            paragraph.Clear();
            chars.Clear();
        }

        /// <summary>What <see cref="StoryText.CleanLine"/> trims from a line's ends: white space and zero-width characters.</summary>
        private static bool IsTrimmed(char c) => char.IsWhiteSpace(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';

        /// <summary>Ficshelf's export: the text as written, less the white space at its ends (indentation between blocks).</summary>
        private void CleanExact(string raw, int[] paragraphOf, int[] offsetOf)
        {
            var a = 0;
            var b = raw.Length;
            while (a < b && char.IsWhiteSpace(raw[a])) a++;
            while (b > a && char.IsWhiteSpace(raw[b - 1])) b--;
            if (a == b) return;
            for (var i = a; i < b; i++)
            {
                paragraphOf[i] = paragraphs.Count;
                offsetOf[i] = i - a;
            }
            paragraphs.Add(raw[a..b]);
        }
    }
}
