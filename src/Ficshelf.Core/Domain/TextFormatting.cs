namespace Ficshelf.Core.Domain;

/// <summary>Inline formatting the archive keeps: the meaning of HTML's em/i, strong/b, s/del/strike, u/ins, small caps,
/// sup/sub, code and a link's target. Nothing else of a page's markup is kept (no styles, scripts or handlers).</summary>
public enum InlineMark
{
    Emphasis,
    Strong,
    Strike,
    Underline,
    SmallCaps,
    Superscript,
    Subscript,
    Code,

    /// <summary>A link; <see cref="InlineSpan.Href"/> holds an http(s) or mailto target (anything else is dropped).</summary>
    Link,
}

/// <summary>
/// A mark over part of one paragraph of a chapter: <paramref name="Paragraph"/> indexes <see cref="Chapter.Paragraphs"/>,
/// <paramref name="Start"/> and <paramref name="Length"/> count UTF-16 code units of that paragraph's text. Spans may
/// nest (emphasis inside a link) but never cross a paragraph.
/// </summary>
public sealed record InlineSpan(int Paragraph, int Start, int Length, InlineMark Mark, string? Href = null);

/// <summary>What a paragraph is when it is not plain body text.</summary>
public enum BlockKind
{
    Paragraph,

    /// <summary>The paragraph is a block quotation (a letter, a text message, an epigraph).</summary>
    Quote,

    /// <summary>An item of a bulleted list.</summary>
    ListItem,

    /// <summary>An item of a numbered list.</summary>
    OrderedListItem,
}

public enum TextAlign
{
    Start,
    Center,
    End,
}

/// <summary>The block kind and alignment of one paragraph (<see cref="Chapter.Paragraphs"/> index). Scene breaks stay
/// the paragraph "* * *" they have always been, so every reader of the plain text still sees them.</summary>
public sealed record BlockStyle(int Paragraph, BlockKind Kind = BlockKind.Paragraph, TextAlign Align = TextAlign.Start);

/// <summary>
/// Paragraphs as HTML renders them: a plain paragraph on its own, a run of quoted paragraphs in one blockquote, a
/// run of list items in one ul or ol. The export's markup and the web reader both lay out a chapter by these runs.
/// </summary>
public readonly record struct BlockRun(BlockKind Kind, int Start, int End)
{
    /// <summary>The element around the run ("blockquote", "ol", "ul"); null for a plain paragraph.</summary>
    public string? Container => Kind switch
    {
        BlockKind.Paragraph => null,
        BlockKind.Quote => "blockquote",
        BlockKind.OrderedListItem => "ol",
        _ => "ul",
    };

    /// <summary>The element of each paragraph of the run: li in a list, p otherwise.</summary>
    public string Item => Kind is BlockKind.ListItem or BlockKind.OrderedListItem ? "li" : "p";

    /// <summary>Each paragraph's style (the last one given for a paragraph counts); paragraphs without one are plain.</summary>
    public static Dictionary<int, BlockStyle> StylesOf(IEnumerable<BlockStyle> blocks)
    {
        var styles = new Dictionary<int, BlockStyle>();
        foreach (var block in blocks) styles[block.Paragraph] = block;
        return styles;
    }

    /// <summary>The runs of <paramref name="paragraphCount"/> paragraphs, in order: [Start, End) each.</summary>
    public static IEnumerable<BlockRun> Of(int paragraphCount, IReadOnlyDictionary<int, BlockStyle> styles)
    {
        BlockKind KindOf(int p) => styles.TryGetValue(p, out var style) ? style.Kind : BlockKind.Paragraph;
        for (var p = 0; p < paragraphCount;)
        {
            var kind = KindOf(p);
            var start = p++;
            if (kind != BlockKind.Paragraph)
                while (p < paragraphCount && KindOf(p) == kind) p++;
            yield return new BlockRun(kind, start, p);
        }
    }
}
