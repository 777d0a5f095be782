using Ficshelf.Core.Analysis.Evaluation;
using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Import;

/// <summary>
/// Each labelled story (shared samples, platform fixtures, demo corpus) is imported and compared with what a careful
/// human read out of it. Nothing here knows a file by name: every expectation comes from the JSON.
/// </summary>
public sealed class ExpectedReadingTests
{
    private static readonly StoryParser Parser = new();

    public static IEnumerable<object[]> Readings() => ExpectedReadings.TheoryData();

    [Theory]
    [MemberData(nameof(Readings))]
    public void Import_reads_what_a_careful_human_reads(string expectedJson)
    {
        var expected = ExpectedReadings.ByRelativePath(expectedJson);
        var work = Parser.Parse(File.ReadAllBytes(expected.StoryPath), expected.Name).Work;
        var failures = Compare(expected, work);
        Assert.True(failures.Count == 0, $"{expected.Name}:\n  " + string.Join("\n  ", failures));
    }

    [Fact]
    public void Shared_samples_are_present_in_CI()
    {
        if (Environment.GetEnvironmentVariable("CI") is "true" or "1")
            Assert.True(TestPaths.HaveShared, $"CI must run with the shared samples at {TestPaths.SharedDir}");
        Assert.NotEmpty(ExpectedReadings.All());
    }

    internal static List<string> Compare(LabelledStory expected, Work work)
    {
        var failures = new List<string>();
        void Check(bool ok, string what) { if (!ok) failures.Add(what); }

        if (expected.String("platform") is { } platform)
            Check(work.Platform.Slug() == platform, $"platform: expected {platform}, got {work.Platform.Slug()}");

        foreach (var (field, actual) in new[] { ("title", work.Title), ("series_or_book", work.SeriesOrBook), ("summary", work.Summary), ("prompt", work.Prompt) })
        {
            if (!expected.Has(field)) continue;
            var want = expected.String(field);
            Check(Fold(want) == Fold(actual), $"{field}: expected «{want}», got «{actual}»");
        }

        if (expected.Has("authors_note_starts"))
        {
            var want = expected.String("authors_note_starts");
            var actual = work.NotesBefore ?? (work.Chapters.Count > 0 ? work.Chapters[0].NotesBefore : null);
            Check(want is null ? actual is null : Fold(actual)?.StartsWith(Fold(want)!, StringComparison.Ordinal) == true,
                $"authors_note_starts: expected «{want}», got «{Cut(actual)}»");
        }
        if (expected.String("notes_after_starts") is { } after)
        {
            var actual = work.NotesAfter ?? (work.Chapters.Count > 0 ? work.Chapters[^1].NotesAfter : null);
            Check(Fold(actual)?.StartsWith(Fold(after)!, StringComparison.Ordinal) == true, $"notes_after_starts: expected «{after}», got «{Cut(actual)}»");
        }

        var body = Fold(work.BodyText)!;
        if (expected.String("body_starts") is { } starts)
            Check(body.StartsWith(Fold(starts)!, StringComparison.Ordinal), $"body_starts: expected «{starts}», got «{body[..Math.Min(80, body.Length)]}»");
        if (expected.String("body_ends") is { } ends)
            Check(body.EndsWith(Fold(ends)!, StringComparison.Ordinal), $"body_ends: expected «{ends}», got «{body[Math.Max(0, body.Length - 80)..]}»");

        foreach (var chrome in expected.Strings("chrome"))
            Check(!work.BodyParagraphs.Any(p => p.Contains(chrome, StringComparison.Ordinal) && IsChromeUse(p, chrome)), $"chrome left in the body: «{chrome}»");

        if (expected.Bool("truncated") is { } truncated)
            Check(work.Truncated == truncated, $"truncated: expected {truncated}, got {work.Truncated}");
        if (expected.Has("complete"))
        {
            var want = expected.Bool("complete");
            Check(work.Complete == want, $"complete: expected {Show(want)}, got {Show(work.Complete)}");
        }

        if (expected.Labels.TryGetProperty("tags_declared", out var declared))
        {
            var categories = declared.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase));
            foreach (var category in Enum.GetValues<TagCategory>())
            {
                var want = categories.GetValueOrDefault(category.Slug()) ?? [];
                var got = work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category == category).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                Check(want.SetEquals(got), $"tags_declared.{category.Slug()}: expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]");
            }
        }

        if (expected.Labels.TryGetProperty("body_words", out var words))
        {
            var want = words.GetInt32();
            Check(Math.Abs(work.WordCount - want) <= want * 0.05, $"body_words: expected {want} ±5%, got {work.WordCount}");
        }

        if (expected.Has("chapters"))
        {
            var want = expected.Strings("chapters");
            var got = work.Chapters.Where(c => c.Title is not null).Select(c => c.Title!).ToArray();
            Check(want.SequenceEqual(got), $"chapters: expected [{string.Join(" | ", want)}], got [{string.Join(" | ", got)}]");
        }

        if (expected.Has("authors"))
        {
            var want = expected.Strings("authors");
            Check(want.SequenceEqual(work.Authors), $"authors: expected [{string.Join(", ", want)}], got [{string.Join(", ", work.Authors)}]");
        }
        return failures;
    }

    /// <summary>
    /// Short chrome words ("Vote", "Chapter 1") may be ordinary words inside a sentence; they count as left-over chrome
    /// only where they stand as the paragraph or start it as a label.
    /// </summary>
    private static bool IsChromeUse(string paragraph, string chrome) =>
        chrome.Length >= 12 || paragraph.Trim() == chrome || paragraph.StartsWith(chrome, StringComparison.Ordinal) && (chrome.EndsWith(':') || paragraph.Length <= chrome.Length + 3);

    /// <summary>White space folded and curly quotes read as straight ones: labels are typed with straight quotes, copies keep curly ones.</summary>
    internal static string? Fold(string? text) => text is null
        ? null
        : Regex.Replace(text, @"\s+", " ").Trim().Replace('’', '\'').Replace('‘', '\'').Replace('“', '"').Replace('”', '"');

    private static string? Cut(string? text) => text is null ? null : text[..Math.Min(60, text.Length)];

    private static string Show(bool? value) => value?.ToString() ?? "null";
}
