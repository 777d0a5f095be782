using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Import.Text;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Import;

/// <summary>
/// Nothing is lost: every line of a labelled story ends up in the body, in a metadata field, or in a chrome string
/// the importer recognised; and the original bytes are kept exactly.
/// </summary>
public sealed class LineAccountingTests
{
    private static readonly StoryParser Parser = new();

    public static IEnumerable<object[]> Readings() => ExpectedReadings.TheoryData();

    [Theory]
    [MemberData(nameof(Readings))]
    public void Every_line_is_accounted_for(string expectedJson)
    {
        var expected = ExpectedReadings.ByRelativePath(expectedJson);
        var bytes = File.ReadAllBytes(expected.StoryPath);
        var parsed = Parser.Parse(bytes, expected.Name);
        Assert.Equal(bytes, parsed.Original);

        var unaccounted = Unaccounted(parsed.Work, StoryText.From(TextDecoder.Decode(bytes).Text).Lines);
        Assert.True(unaccounted.Count == 0, $"{expected.Name}: lines found nowhere in the work:\n  " + string.Join("\n  ", unaccounted));
    }

    [Fact]
    public void A_dropped_paragraph_is_noticed()
    {
        // The check itself must be able to fail: remove one paragraph from a parsed work and it reports the line.
        var text = "A Title\n\nFirst paragraph of the story, long enough to be a sentence.\n\nSecond paragraph that will go missing.\n";
        var work = Parser.Parse(System.Text.Encoding.UTF8.GetBytes(text), "t.txt").Work;
        var damaged = work with { Chapters = [work.Chapters[0] with { Paragraphs = work.Chapters[0].Paragraphs.Take(1).ToArray() }] };
        Assert.Contains("Second paragraph that will go missing.", Unaccounted(damaged, StoryText.From(text).Lines));
    }

    internal static List<string> Unaccounted(Work work, IEnumerable<string> lines)
    {
        var body = Fold(work.BodyText);
        var metadata = new List<string?> { work.Title, work.SeriesOrBook, work.Summary, work.Prompt, work.NotesBefore, work.NotesAfter, string.Join(", ", work.Authors) };
        foreach (var chapter in work.Chapters) metadata.AddRange([chapter.Title, chapter.Summary, chapter.NotesBefore, chapter.NotesAfter]);
        metadata.AddRange(work.Tags.Select(t => t.Name));
        metadata.AddRange(work.Authors);
        var pieces = metadata.Concat(work.Chrome).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => Fold(p!)).Distinct().OrderByDescending(p => p.Length).ToList();
        var pool = pieces.Append(body).ToList();

        var missing = new List<string>();
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            var rest = Fold(line);
            if (pool.Any(p => p.Contains(rest, StringComparison.Ordinal))) continue;
            foreach (var piece in pieces) rest = rest.Replace(piece, " ", StringComparison.Ordinal);
            rest = rest.Trim().Trim(':', ' ', '-', '–', '—', '(', ')', '[', ']');
            // A labelled line ("A/N 2: …") whose text joined a longer field (two notes in NotesBefore) is accounted there.
            if (!rest.Any(char.IsLetterOrDigit) || pool.Any(p => p.Contains(rest, StringComparison.Ordinal))) continue;
            // "by alice" / "By: alice": the author is metadata, "by" is the label that introduced it.
            if (rest.Trim(':').Equals("by", StringComparison.OrdinalIgnoreCase) && work.Authors.Count > 0) continue;
            // A header label with its value ("prompt: ...") is accounted when the value is.
            var colon = rest.IndexOf(':');
            if (colon > 0 && colon < 30 && pool.Any(p => p.Contains(rest[(colon + 1)..].Trim(), StringComparison.Ordinal))) continue;
            missing.Add(line);
        }
        return missing;
    }

    private static string Fold(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
