using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Web.Pages;

namespace Ficshelf.Web.Tests;

/// <summary>The reader's chapter body: marks and blocks as the allow-listed elements, everything else encoded.</summary>
public sealed partial class ChapterRenderingTests
{
    private static readonly HashSet<string> Allowed = ["p", "blockquote", "ul", "ol", "li", "em", "strong", "s", "u", "sup", "sub", "code", "span", "a", "br"];

    private static string Render(Chapter chapter)
    {
        using var writer = new StringWriter();
        Present.ChapterText(chapter).WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }

    [Fact]
    public void Marks_and_blocks_render_as_their_elements()
    {
        string[] text = ["She thought it: stay.", "A letter", "one", "two", "Centred", "E = mc2"];
        var html = Render(new Chapter
        {
            Paragraphs = text,
            Spans =
            [
                new InlineSpan(0, 4, 7, InlineMark.Emphasis), new InlineSpan(0, 16, 4, InlineMark.Strike), new InlineSpan(1, 2, 6, InlineMark.SmallCaps),
                new InlineSpan(4, 0, 7, InlineMark.Link, "https://example.org/a?b=1&c=2"), new InlineSpan(5, 6, 1, InlineMark.Superscript),
            ],
            Blocks = [new BlockStyle(1, BlockKind.Quote), new BlockStyle(2, BlockKind.OrderedListItem), new BlockStyle(3, BlockKind.OrderedListItem), new BlockStyle(4, BlockKind.Paragraph, TextAlign.Center)],
        });
        Assert.Equal(
            "<p>She <em>thought</em> it: <s>stay</s>.</p><blockquote><p>A <span class=\"smallcaps\">letter</span></p></blockquote>" +
            "<ol><li>one</li><li>two</li></ol><p class=\"align-center\"><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener noreferrer\">Centred</a></p>" +
            "<p>E = mc<sup>2</sup></p>",
            html);
    }

    [Fact]
    public void Nothing_unsafe_is_rendered()
    {
        string[] text = ["<script>alert(1)</script> & <img src=x onerror=alert(1)>", "click me", "\"><script>x</script>"];
        var html = Render(new Chapter
        {
            Paragraphs = text,
            Spans =
            [
                new InlineSpan(1, 0, 5, InlineMark.Link, "javascript:alert(1)"),
                new InlineSpan(2, 0, 5, InlineMark.Link, "https://example.org/\"><script>alert(1)</script>"),
                new InlineSpan(0, 0, 999, InlineMark.Emphasis),
            ],
        });
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror=alert", html.Replace("&lt;img src=x onerror=alert(1)&gt;", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.All(TagName().Matches(html).Select(m => m.Groups[1].Value), name => Assert.Contains(name, Allowed));
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("</?([a-zA-Z0-9]+)")]
    private static partial Regex TagName();
}
