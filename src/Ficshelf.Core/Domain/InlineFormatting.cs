namespace Ficshelf.Core.Domain;

/// <summary>
/// The rules every reader and writer of <see cref="InlineSpan"/>/<see cref="BlockStyle"/> shares: one canonical form
/// (so "the same marks" means the same list), the link allow-list, and the properly nested runs a writer emits.
/// </summary>
public static class InlineFormatting
{
    /// <summary>
    /// The canonical spans of some paragraphs: links without an allowed target dropped, spans kept inside their
    /// paragraph, overlapping or touching spans of the same mark (and target) merged, then trimmed of white space at
    /// their edges; ordered by paragraph, start, longest first, mark.
    /// </summary>
    public static List<InlineSpan> Normalize(IEnumerable<InlineSpan> spans, IReadOnlyList<string> paragraphs)
    {
        var clipped = new List<InlineSpan>();
        foreach (var span in spans)
        {
            if (span.Paragraph < 0 || span.Paragraph >= paragraphs.Count) continue;
            var length = paragraphs[span.Paragraph].Length;
            var start = Math.Clamp(span.Start, 0, length);
            var end = Math.Clamp(span.Start + Math.Max(span.Length, 0), start, length);
            if (end <= start) continue;
            string? href = null;
            if (span.Mark == InlineMark.Link && (href = SafeHref(span.Href)) is null) continue;
            clipped.Add(new InlineSpan(span.Paragraph, start, end - start, span.Mark, href));
        }
        // Merge before trimming: a mark closed and reopened around a space (crossing marks written nested) is one mark.
        var merged = new List<InlineSpan>();
        void Add(InlineSpan span)
        {
            var text = paragraphs[span.Paragraph];
            var (start, end) = (span.Start, span.Start + span.Length);
            while (start < end && char.IsWhiteSpace(text[start])) start++;
            while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
            if (end > start) merged.Add(span with { Start = start, Length = end - start });
        }
        foreach (var group in clipped.GroupBy(s => (s.Paragraph, s.Mark, s.Href)))
        {
            InlineSpan? current = null;
            foreach (var span in group.OrderBy(s => s.Start))
            {
                if (current is not null && span.Start <= current.Start + current.Length)
                {
                    var end = Math.Max(current.Start + current.Length, span.Start + span.Length);
                    current = current with { Length = end - current.Start };
                    continue;
                }
                if (current is not null) Add(current);
                current = span;
            }
            if (current is not null) Add(current);
        }
        return merged.OrderBy(s => s.Paragraph).ThenBy(s => s.Start).ThenByDescending(s => s.Length).ThenBy(s => s.Mark)
            .ThenBy(s => s.Href, StringComparer.Ordinal).ToList();
    }

    /// <summary>The canonical block styles: plain left-aligned paragraphs have none, one entry per paragraph (the last word wins), in order.</summary>
    public static List<BlockStyle> Normalize(IEnumerable<BlockStyle> blocks, int paragraphCount) =>
        blocks.Where(b => b.Paragraph >= 0 && b.Paragraph < paragraphCount)
            .GroupBy(b => b.Paragraph).Select(g => g.Last())
            .Where(b => b.Kind != BlockKind.Paragraph || b.Align != TextAlign.Start)
            .OrderBy(b => b.Paragraph).ToList();

    /// <summary>
    /// A link target the archive keeps: an absolute http, https or mailto URI (anything else — javascript:, data:,
    /// relative paths — is dropped), in its escaped form with no white space, brackets or quotes left raw.
    /// </summary>
    public static string? SafeHref(string? href)
    {
        if (string.IsNullOrWhiteSpace(href) || href.Length > 2048) return null;
        if (!Uri.TryCreate(href.Trim(), UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeMailto) return null;
        var text = uri.AbsoluteUri;
        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return null;
        return text.Replace("[", "%5B", StringComparison.Ordinal).Replace("]", "%5D", StringComparison.Ordinal)
            .Replace("\"", "%22", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal);
    }

    /// <summary>One step of writing a paragraph: open a mark, some text, or close the mark opened last.</summary>
    public readonly record struct RunEvent(RunEventKind Kind, InlineSpan? Span = null, string? Text = null);

    public enum RunEventKind { Open, Text, Close }

    /// <summary>
    /// A paragraph's text and marks as properly nested open/text/close steps (crossing spans are closed and reopened),
    /// which HTML, XHTML and the text markup can all write; reading the result back gives the same canonical spans.
    /// </summary>
    public static IEnumerable<RunEvent> Runs(string text, IEnumerable<InlineSpan> paragraphSpans)
    {
        var spans = paragraphSpans.Where(s => s.Length > 0 && s.Start >= 0 && s.Start + s.Length <= text.Length).ToList();
        if (spans.Count == 0)
        {
            if (text.Length > 0) yield return new RunEvent(RunEventKind.Text, Text: text);
            yield break;
        }
        var bounds = new SortedSet<int> { 0, text.Length };
        foreach (var s in spans)
        {
            bounds.Add(s.Start);
            bounds.Add(s.Start + s.Length);
        }
        var points = bounds.ToList();
        var open = new List<InlineSpan>();
        for (var k = 0; k + 1 < points.Count; k++)
        {
            var (from, to) = (points[k], points[k + 1]);
            var active = spans.Where(s => s.Start <= from && s.Start + s.Length >= to).ToList();
            // Close from the top down to the first open span that no longer applies.
            var keep = 0;
            while (keep < open.Count && active.Contains(open[keep])) keep++;
            for (var i = open.Count - 1; i >= keep; i--) yield return new RunEvent(RunEventKind.Close, open[i]);
            open.RemoveRange(keep, open.Count - keep);
            // Open the rest outermost first: the one that started earliest and ends latest.
            foreach (var s in active.Where(s => !open.Contains(s)).OrderBy(s => s.Start).ThenByDescending(s => s.Start + s.Length).ThenBy(s => s.Mark))
            {
                open.Add(s);
                yield return new RunEvent(RunEventKind.Open, s);
            }
            yield return new RunEvent(RunEventKind.Text, Text: text[from..to]);
        }
        for (var i = open.Count - 1; i >= 0; i--) yield return new RunEvent(RunEventKind.Close, open[i]);
    }
}
