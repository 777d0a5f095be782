namespace Ficshelf.Core.Import.Text;

/// <summary>Small helpers for walking a copy line by line.</summary>
internal static class LineLists
{
    public static int NextNonBlank(IReadOnlyList<string> lines, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            if (lines[i].Length > 0) return i;
        }
        return -1;
    }

    /// <summary>Paragraphs of the lines joined with blank lines, or null when there is no text.</summary>
    public static string? JoinParagraphs(IEnumerable<string> lines)
    {
        var paragraphs = Paragraphs.FromLines(lines);
        return paragraphs.Count == 0 ? null : string.Join("\n\n", paragraphs);
    }

    public static bool EqualsAny(this string line, IEnumerable<string> candidates) =>
        candidates.Any(c => string.Equals(line, c, StringComparison.OrdinalIgnoreCase));
}
