using System.Text;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Export;

/// <summary>
/// The light markup of Ficshelf's text export, written around a paragraph's marks and read back only from Ficshelf's
/// own exports (a file with the metadata trailer); plain copies are never read with it. Bracket tags, as in forum
/// BBCode: [i]emphasis[/i], [b]strong[/b], [s]struck[/s], [u]underlined[/u], [sc]small caps[/sc], [sup]…[/sup],
/// [sub]…[/sub], [code]…[/code], [url=https://…]link text[/url]. A paragraph may open with its block:
/// "[quote] " (block quotation), "[*] " (bulleted item) or "[#] " (numbered item), then "[center] " or "[right] ".
/// A literal "[" that would read as a tag is written "\[", a backslash before "[" or another backslash "\\", and a
/// line of a paragraph that is empty, blank or only backslashes gets one more leading backslash (a blank line ends
/// a paragraph). Text without tag-like brackets or backslashes is written exactly as it is.
/// </summary>
internal static class TextMarkup
{
    private static readonly (InlineMark Mark, string Name)[] Tags =
    [
        (InlineMark.Emphasis, "i"), (InlineMark.Strong, "b"), (InlineMark.Strike, "s"), (InlineMark.Underline, "u"),
        (InlineMark.SmallCaps, "sc"), (InlineMark.Superscript, "sup"), (InlineMark.Subscript, "sub"), (InlineMark.Code, "code"),
        (InlineMark.Link, "url"),
    ];

    private static readonly (BlockKind Kind, string Marker)[] KindMarkers =
        [(BlockKind.Quote, "[quote] "), (BlockKind.ListItem, "[*] "), (BlockKind.OrderedListItem, "[#] ")];

    private static readonly (TextAlign Align, string Marker)[] AlignMarkers =
        [(TextAlign.Center, "[center] "), (TextAlign.End, "[right] ")];

    /// <summary>Every literal that would read as markup: the inline tags, the link opener and the block markers.</summary>
    private static readonly string[] Tokens =
    [
        .. Tags.Where(t => t.Mark != InlineMark.Link).SelectMany(t => new[] { $"[{t.Name}]", $"[/{t.Name}]" }),
        "[url=", "[/url]",
        .. KindMarkers.Select(m => m.Marker), .. AlignMarkers.Select(m => m.Marker),
    ];

    private static string NameOf(InlineMark mark) => Tags.First(t => t.Mark == mark).Name;

    /// <summary>One paragraph in the markup (may hold '\n' line breaks; never a blank line).</summary>
    public static string Write(string text, IEnumerable<InlineSpan> spans, BlockStyle? style)
    {
        // The output as characters, each marked literal (from the text) or markup (a tag), then escaped.
        var output = new StringBuilder();
        var literal = new List<bool>();
        void Add(string piece, bool isText)
        {
            output.Append(piece);
            literal.AddRange(Enumerable.Repeat(isText, piece.Length));
        }
        if (style is not null)
        {
            if (KindMarkers.FirstOrDefault(m => m.Kind == style.Kind).Marker is { } kind) Add(kind, false);
            if (AlignMarkers.FirstOrDefault(m => m.Align == style.Align).Marker is { } align) Add(align, false);
        }
        foreach (var step in InlineFormatting.Runs(text, spans))
        {
            switch (step.Kind)
            {
                case InlineFormatting.RunEventKind.Open:
                    Add(step.Span!.Mark == InlineMark.Link ? $"[url={step.Span.Href}]" : $"[{NameOf(step.Span.Mark)}]", false);
                    break;
                case InlineFormatting.RunEventKind.Close:
                    Add($"[/{NameOf(step.Span!.Mark)}]", false);
                    break;
                default:
                    Add(step.Text!, true);
                    break;
            }
        }

        var raw = output.ToString();
        var escaped = new StringBuilder(raw.Length + 8);
        for (var k = 0; k < raw.Length; k++)
        {
            var c = raw[k];
            if (literal[k] && c == '[' && StartsWithToken(raw, k)) escaped.Append('\\');
            else if (literal[k] && c == '\\' && k + 1 < raw.Length && raw[k + 1] is '[' or '\\') escaped.Append('\\');
            escaped.Append(c);
        }
        var lines = escaped.ToString().Split('\n').Select(l => IsBackslashLine(l, minimum: 0) ? "\\" + l : l);
        return string.Join('\n', lines);
    }

    /// <summary>A paragraph written by <see cref="Write"/>: its text, marks (paragraph index 0) and block style.</summary>
    public static (string Text, List<InlineSpan> Spans, BlockStyle? Style) Read(string written)
    {
        var source = string.Join('\n', written.Split('\n').Select(l => IsBackslashLine(l, minimum: 1) ? l[1..] : l));
        var position = 0;
        var kind = BlockKind.Paragraph;
        var align = TextAlign.Start;
        foreach (var (k, marker) in KindMarkers)
        {
            if (!source.AsSpan(position).StartsWith(marker, StringComparison.Ordinal)) continue;
            kind = k;
            position += marker.Length;
            break;
        }
        foreach (var (a, marker) in AlignMarkers)
        {
            if (!source.AsSpan(position).StartsWith(marker, StringComparison.Ordinal)) continue;
            align = a;
            position += marker.Length;
            break;
        }

        var text = new StringBuilder();
        var spans = new List<InlineSpan>();
        var open = new List<(int Start, InlineMark Mark, string? Href)>();
        while (position < source.Length)
        {
            var c = source[position];
            if (c == '\\' && position + 1 < source.Length && source[position + 1] is '[' or '\\')
            {
                text.Append(source[position + 1]);
                position += 2;
                continue;
            }
            if (c == '[' && TryTag(source, position, out var length, out var mark, out var closing, out var href))
            {
                if (!closing) open.Add((text.Length, mark, href));
                else if (open.FindLastIndex(o => o.Mark == mark) is var index and >= 0)
                {
                    spans.Add(new InlineSpan(0, open[index].Start, text.Length - open[index].Start, mark, open[index].Href));
                    open.RemoveAt(index);
                }
                position += length;
                continue;
            }
            text.Append(c);
            position++;
        }
        foreach (var (start, mark, href) in open) spans.Add(new InlineSpan(0, start, text.Length - start, mark, href));
        var style = kind != BlockKind.Paragraph || align != TextAlign.Start ? new BlockStyle(0, kind, align) : null;
        return (text.ToString(), spans, style);
    }

    private static bool StartsWithToken(string text, int at) =>
        Tokens.Any(t => text.AsSpan(at).StartsWith(t, StringComparison.Ordinal));

    /// <summary>A line of only backslashes (at least <paramref name="minimum"/>) and white space.</summary>
    private static bool IsBackslashLine(string line, int minimum)
    {
        var slashes = 0;
        while (slashes < line.Length && line[slashes] == '\\') slashes++;
        return slashes >= minimum && string.IsNullOrWhiteSpace(line[slashes..]);
    }

    private static bool TryTag(string source, int at, out int length, out InlineMark mark, out bool closing, out string? href)
    {
        (length, mark, closing, href) = (0, default, false, null);
        var end = source.IndexOf(']', at);
        if (end < 0) return false;
        var inside = source[(at + 1)..end];
        closing = inside.StartsWith('/');
        var name = closing ? inside[1..] : inside;
        if (!closing && name.StartsWith("url=", StringComparison.Ordinal))
        {
            // Only an allowed target makes a link; anything else stays text.
            if (InlineFormatting.SafeHref(name[4..]) is not { } safe || safe != name[4..]) return false;
            (length, mark, href) = (end - at + 1, InlineMark.Link, safe);
            return true;
        }
        foreach (var (m, n) in Tags)
        {
            if (n != name || (m == InlineMark.Link && !closing)) continue;
            (length, mark) = (end - at + 1, m);
            return true;
        }
        return false;
    }
}
