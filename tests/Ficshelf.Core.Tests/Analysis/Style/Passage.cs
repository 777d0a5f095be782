using System.Text.RegularExpressions;

namespace Ficshelf.Core.Tests.Analysis.Style;

/// <summary>Turns a test passage (or a sample file) into paragraphs the way the analysers get them: split on blank lines.</summary>
internal static partial class Passage
{
    [GeneratedRegex(@"\n[^\S\n]*\n\s*")]
    private static partial Regex BlankLines();

    public static string[] Paragraphs(string text) =>
        BlankLines().Split(text.ReplaceLineEndings("\n"))
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .ToArray();
}
