using Ficshelf.Core.Domain;
using Ficshelf.Core.Export;
using Ficshelf.Core.Import;
using Ficshelf.Core.Import.Documents;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Import.Documents;

/// <summary>The formatted reading of HTML: the allow-listed marks and blocks are kept as meaning, nothing else survives.</summary>
public sealed class FormattedTextTests
{
    private static FormattedText Read(string bodyHtml) => HtmlText.Formatted(HtmlText.Parse("<html><body>" + bodyHtml + "</body></html>").Body);

    private static List<string> Marked(FormattedText text) =>
        text.Spans.Select(s => $"{s.Mark}:{text.Paragraphs[s.Paragraph].Substring(s.Start, s.Length)}{(s.Href is null ? "" : "→" + s.Href)}").ToList();

    [Fact]
    public void Every_allowed_mark_is_read_with_its_text()
    {
        var text = Read("""
            <p>a <em>b</em> <i>c</i> <strong>d</strong> <b>e</b> <s>f</s> <del>g</del> <strike>h</strike> <u>i</u> <ins>j</ins>
            <span class="smallcaps">k</span> <span style="font-variant: small-caps">l</span> <sup>m</sup> <sub>n</sub>
            <code>o</code> <a href="https://example.org/p">p</a> <a href="mailto:q@example.org">q</a>
            <span style="font-style: italic">r</span> <span style="font-weight:700">s2</span> <span style="text-decoration: line-through">t</span></p>
            """);
        Assert.Equal(["a b c d e f g h i j k l m n o p q r s2 t"], text.Paragraphs);
        Assert.Equal(
            ["Emphasis:b", "Emphasis:c", "Strong:d", "Strong:e", "Strike:f", "Strike:g", "Strike:h", "Underline:i", "Underline:j", "SmallCaps:k",
             "SmallCaps:l", "Superscript:m", "Subscript:n", "Code:o", "Link:p→https://example.org/p", "Link:q→mailto:q@example.org",
             "Emphasis:r", "Strong:s2", "Strike:t"],
            Marked(text));
    }

    [Fact]
    public void Blocks_and_alignment_are_read_per_paragraph()
    {
        var text = Read("""
            <p>plain</p><blockquote><p>quoted one</p><p>quoted two</p></blockquote>
            <ul><li>bread</li><li>salt</li></ul><ol><li>first</li><li style="text-align:right">second</li></ol>
            <center>centred</center><p align="center">also centred</p><div style="text-align: right">right</div>
            <blockquote><p style="text-align:center">quoted and centred</p></blockquote>
            """);
        Assert.Equal(["plain", "quoted one", "quoted two", "bread", "salt", "first", "second", "centred", "also centred", "right", "quoted and centred"], text.Paragraphs);
        Assert.Equal(
            [
                new BlockStyle(1, BlockKind.Quote), new BlockStyle(2, BlockKind.Quote), new BlockStyle(3, BlockKind.ListItem), new BlockStyle(4, BlockKind.ListItem),
                new BlockStyle(5, BlockKind.OrderedListItem), new BlockStyle(6, BlockKind.OrderedListItem, TextAlign.End),
                new BlockStyle(7, BlockKind.Paragraph, TextAlign.Center), new BlockStyle(8, BlockKind.Paragraph, TextAlign.Center),
                new BlockStyle(9, BlockKind.Paragraph, TextAlign.End), new BlockStyle(10, BlockKind.Quote, TextAlign.Center),
            ],
            text.Blocks);
    }

    [Fact]
    public void A_mark_over_a_line_break_or_a_paragraph_break_is_kept_in_each_paragraph()
    {
        var text = Read("<div><em>one<br>two<p>three</p>four</em></div>");
        Assert.Equal(["one\ntwo", "three", "four"], text.Paragraphs);
        Assert.Equal(["Emphasis:one\ntwo", "Emphasis:three", "Emphasis:four"], Marked(text));
    }

    [Fact]
    public void Nothing_unsafe_survives_the_formatted_reading()
    {
        var text = Read("""
            <p onclick="steal()"><a href="javascript:alert(1)">click</a> <a href=" JaVaScRiPt:alert(1)">x</a>
            <a href="data:text/html;base64,PHNjcmlwdD4=">y</a> <a href="/works/1">z</a> <a href="vbscript:msgbox">v</a>
            <script>alert('no')</script><style>p{}</style><span style="color:red;background:url(javascript:x)">w</span>
            <img src="x" onerror="alert(1)"><iframe src="https://evil.example"></iframe><em onmouseover="x()">kept</em></p>
            """);
        Assert.Equal(["click x y z v w kept"], text.Paragraphs);
        Assert.Equal(["Emphasis:kept"], Marked(text));
    }

    [Fact]
    public void Link_targets_are_kept_only_for_web_and_mail_addresses_in_escaped_form()
    {
        Assert.Equal("https://example.org/a%22b%3Cc", InlineFormatting.SafeHref("https://example.org/a\"b<c"));
        Assert.Null(InlineFormatting.SafeHref("javascript:alert(1)"));
        Assert.Null(InlineFormatting.SafeHref("file:///etc/passwd"));
        Assert.Null(InlineFormatting.SafeHref("//example.org/x"));
        Assert.Equal("mailto:a@example.org", InlineFormatting.SafeHref(" mailto:a@example.org "));
    }

    [Fact]
    public void Every_mark_read_from_a_document_fixture_covers_words_of_its_paragraph()
    {
        var marks = 0;
        foreach (var file in Directory.GetFiles(DocumentFixtures.Dir, "*.html"))
        {
            var formatted = HtmlText.Formatted(HtmlText.Parse(File.ReadAllText(file)).Body);
            foreach (var span in formatted.Spans)
            {
                var text = formatted.Paragraphs[span.Paragraph];
                Assert.InRange(span.Start + span.Length, 1, text.Length);
                var covered = text.Substring(span.Start, span.Length);
                Assert.True(covered.Trim() == covered && covered.Length > 0, $"{Path.GetFileName(file)}: «{covered}» in «{text}»");
                marks++;
            }
        }
        Assert.True(marks > 0, "the document fixtures hold no inline markup");
    }

    [SkippableFact]
    public void The_real_AO3_download_keeps_its_strike_through_and_emphasis()
    {
        var path = TestPaths.RequireShared("real", "ao3-download-oneshot.html");
        var work = new StoryParser().Parse(File.ReadAllBytes(path), "ao3-download-oneshot.html").Work;
        var spans = work.Chapters.SelectMany(c => c.Spans).ToList();
        Assert.Contains(spans, s => s.Mark == InlineMark.Strike);
        Assert.Contains(spans, s => s.Mark == InlineMark.Emphasis);
        // The text itself is unchanged: marks live beside it.
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("<s>", StringComparison.Ordinal) || p.Contains("<em>", StringComparison.Ordinal));
    }

    [Fact]
    public void The_text_markup_reads_back_what_it_wrote_for_any_text_and_marks()
    {
        // Text made of the markup's own characters, with random marks: writing then reading is the identity.
        var random = new Random(12);
        const string alphabet = "ab [/]\\iu=url*#sc\n ";
        var marks = Enum.GetValues<InlineMark>();
        for (var round = 0; round < 3000; round++)
        {
            var chars = Enumerable.Range(0, random.Next(1, 30)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
            var text = ExportLayout.Clean(new string(chars));
            if (text.Length == 0) continue;
            var spans = Enumerable.Range(0, random.Next(0, 4)).Select(_ =>
            {
                var start = random.Next(text.Length);
                var mark = marks[random.Next(marks.Length)];
                return new InlineSpan(0, start, random.Next(1, text.Length - start + 1), mark, mark == InlineMark.Link ? "https://example.org/x]y" : null);
            }).ToList();
            spans = InlineFormatting.Normalize(spans, [text]);
            var style = random.Next(3) == 0 ? new BlockStyle(0, (BlockKind)random.Next(4), (TextAlign)random.Next(3)) : null;
            if (style is { Kind: BlockKind.Paragraph, Align: TextAlign.Start }) style = null;

            var written = TextMarkup.Write(text, spans, style);
            Assert.DoesNotContain("\n\n", written);
            Assert.All(written.Split('\n'), l => Assert.False(string.IsNullOrWhiteSpace(l), $"blank line in «{written}»"));
            var (back, backSpans, backStyle) = TextMarkup.Read(written);
            Assert.True(text == back, $"«{text}» was written «{written}» and read «{back}»");
            Assert.Equal(spans, InlineFormatting.Normalize(backSpans, [back]));
            Assert.Equal(style, backStyle);
        }
    }

    [Fact]
    public void The_text_markup_never_makes_an_unsafe_link()
    {
        var (text, spans, _) = TextMarkup.Read("[url=javascript:alert(1)]x[/url] [url=https://ok.example/]y[/url]");
        Assert.Equal("[url=javascript:alert(1)]x y", text);
        Assert.Equal([new InlineSpan(0, text.Length - 1, 1, InlineMark.Link, "https://ok.example/")], spans);
    }
}
