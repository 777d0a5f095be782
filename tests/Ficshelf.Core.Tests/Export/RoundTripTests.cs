using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Export;
using Ficshelf.Core.Import;

namespace Ficshelf.Core.Tests.Export;

/// <summary>
/// Export, then import the exported bytes: the same work (content key), title, authors, chapter titles, summary and
/// tags come back, for every story the tests read, in every format.
/// </summary>
public sealed partial class RoundTripTests
{
    [Theory]
    [MemberData(nameof(ExportCorpus.TheoryData), MemberType = typeof(ExportCorpus))]
    public void Text_export_reads_back_as_the_same_work(string story) => AssertRoundTrip(ExportCorpus.Read(story), ExportFormat.Txt);

    [Theory]
    [MemberData(nameof(ExportCorpus.TheoryData), MemberType = typeof(ExportCorpus))]
    public void Html_export_reads_back_as_the_same_work(string story) => AssertRoundTrip(ExportCorpus.Read(story), ExportFormat.Html);

    [Theory]
    [MemberData(nameof(ExportCorpus.TheoryData), MemberType = typeof(ExportCorpus))]
    public void Epub_export_reads_back_as_the_same_work(string story) => AssertRoundTrip(ExportCorpus.Read(story), ExportFormat.Epub);

    [Theory]
    [InlineData(ExportFormat.Txt)]
    [InlineData(ExportFormat.Html)]
    [InlineData(ExportFormat.Epub)]
    public void Odd_works_read_back(ExportFormat format)
    {
        AssertRoundTrip(OddWorks.Unusual(), format);
        AssertRoundTrip(OddWorks.Long(chapters: 40, paragraphsPerChapter: 20), format);
    }

    private static void AssertRoundTrip(Work original, ExportFormat format)
    {
        var bytes = Exporter.Export(original, format);
        var back = new StoryParser().Parse(bytes, "export" + format.Extension()).Work;
        var failures = new List<string>();
        void Check(bool ok, string what) { if (!ok) failures.Add(what); }

        // Characters XML cannot carry are left out of every export, so the key to keep is that of the text without them.
        var key = WorkIdentity.KeyOf(original.Chapters.Select(c => c with { Paragraphs = c.Paragraphs.Select(ExportLayout.Clean).ToList() }));
        Check(back.ContentKey == key, $"content key: {key} became {back.ContentKey}");
        var title = ExportLayout.Clean(original.Title ?? original.DisplayTitle);
        Check(Fold(back.Title) == Fold(title), $"title: «{title}» became «{back.Title}»");
        var authors = original.Authors.Select(a => Fold(ExportLayout.Clean(a))).Where(a => a.Length > 0).ToList();
        Check(authors.SequenceEqual(back.Authors.Select(a => Fold(a))), $"authors: [{string.Join(", ", authors)}] became [{string.Join(", ", back.Authors)}]");
        Check(Fold(original.Summary) == Fold(back.Summary), $"summary: «{original.Summary}» became «{back.Summary}»");
        Check(back.Chapters.Count == original.Chapters.Count, $"chapters: {original.Chapters.Count} became {back.Chapters.Count}");
        for (var i = 0; i < Math.Min(back.Chapters.Count, original.Chapters.Count); i++)
        {
            var (was, now) = (ChapterName(original.Chapters[i].Title), ChapterName(back.Chapters[i].Title));
            Check(was == now, $"chapter {i + 1} title: «{original.Chapters[i].Title}» became «{back.Chapters[i].Title}»");
        }
        var tagsBefore = original.EffectiveTags.Select(t => $"{t.Category.Slug()}:{Fold(ExportLayout.Clean(t.Name))}").ToHashSet();
        var tagsAfter = back.EffectiveTags.Select(t => $"{t.Category.Slug()}:{Fold(t.Name)}").ToHashSet();
        Check(tagsBefore.SetEquals(tagsAfter),
            $"tags: missing [{string.Join(", ", tagsBefore.Except(tagsAfter))}], added [{string.Join(", ", tagsAfter.Except(tagsBefore))}]");
        Assert.True(failures.Count == 0, $"{format} round trip of «{original.DisplayTitle}»:\n  " + string.Join("\n  ", failures));
    }

    /// <summary>A chapter's own title without its number: "Chapter 2: The Storm" and "The Storm" name the same chapter, as do "Chapter 2" and none.</summary>
    private static string ChapterName(string? title) =>
        Fold(ChapterNumber().Replace(ExportLayout.Clean(title), ""));

    private static string Fold(string? text) =>
        string.Join(' ', ExportLayout.Clean(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    [GeneratedRegex(@"^Chapter\s+\d+\s*(?:[:.\-–—]\s*)?", RegexOptions.IgnoreCase)]
    private static partial Regex ChapterNumber();
}
