namespace Ficshelf.Core.Import.Text;

/// <summary>
/// A copy's text as lines ready for parsing: line endings unified, each line trimmed of surrounding white space
/// (including no-break and zero-width spaces that browsers leave behind). Words are never changed.
/// </summary>
public sealed class StoryText
{
    private StoryText(IReadOnlyList<string> lines) => Lines = lines;

    public IReadOnlyList<string> Lines { get; }

    public static StoryText From(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        return new StoryText(lines.Select(CleanLine).ToArray());
    }

    public static string CleanLine(string line) => line.Trim(TrimChars);

    public static bool IsBlank(string line) => line.Length == 0;

    private static readonly char[] TrimChars = BuildTrimChars();

    private static char[] BuildTrimChars()
    {
        var chars = new List<char> { '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF' };
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (char.IsWhiteSpace((char)c)) chars.Add((char)c);
        }
        return chars.ToArray();
    }

    /// <summary>Non-blank lines near the top, for detection.</summary>
    public IEnumerable<string> Head(int nonBlankLines) => Lines.Where(l => l.Length > 0).Take(nonBlankLines);

    /// <summary>Non-blank lines near the bottom, for detection.</summary>
    public IEnumerable<string> Tail(int nonBlankLines) => Lines.Where(l => l.Length > 0).TakeLast(nonBlankLines);
}
