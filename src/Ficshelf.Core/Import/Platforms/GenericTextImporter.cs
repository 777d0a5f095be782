using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Platforms;

/// <summary>Any plain story: an optional title line and "by" line, then the text with chapter headings, notes and end markers.</summary>
internal sealed partial class GenericTextImporter : IPlatformImporter
{
    [GeneratedRegex(@"^(?:by|written by|author)\s*:?\s+(?<author>\S.{0,60})$", RegexOptions.IgnoreCase)]
    private static partial Regex ByLine();

    public Platform Platform => Platform.Generic;

    /// <summary>The fallback: any text may be a plain story, but every platform's own signs outrank it.</summary>
    public double Detect(StoryText text) => 0.1;

    public Work Parse(StoryText text)
    {
        var lines = text.Lines.ToList();
        var chrome = new List<string>();
        string? title = null;
        var authors = new List<string>();

        var first = LineLists.NextNonBlank(lines, 0);
        var start = 0;
        if (first >= 0 && IsTitleLine(lines, first))
        {
            title = lines[first];
            start = first + 1;
            var next = LineLists.NextNonBlank(lines, start);
            if (next >= 0 && ByLine().Match(lines[next]) is { Success: true } by)
            {
                authors.Add(by.Groups["author"].Value.Trim());
                start = next + 1;
            }
        }

        var body = FanFictionNetTextImporter.StripDisclaimersAndChrome(lines.Skip(start), chrome);
        // Hashtag lines, taglists and note counts at the very end close a post wherever it was copied from.
        SiteChrome.StripTrailingPostChrome(body, chrome);
        var work = BodyBuilder.Build(body).ToWork(Platform, chrome);
        return work with { Title = title, Authors = authors };
    }

    /// <summary>A short first line that stands alone and does not read as a sentence of the story.</summary>
    private static bool IsTitleLine(List<string> lines, int index)
    {
        var line = lines[index];
        if (line.Length > 100 || TextPatterns.IsChapterHeading(line) || TextPatterns.AuthorsNoteText(line) is not null) return false;
        var standsAlone = index + 1 >= lines.Count || lines[index + 1].Length == 0 || ByLine().IsMatch(lines[index + 1]);
        if (!standsAlone) return false;
        if (line.StartsWith('"') || line.StartsWith('“')) return false;
        return !line.EndsWith('.') || line.EndsWith("...", StringComparison.Ordinal) && line.Split(' ').Length <= 6;
    }
}
