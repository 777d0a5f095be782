using System.Text;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Export;
using Ficshelf.Core.Import;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Export;

/// <summary>
/// Export → import is the identity: for every work the tests have (see <see cref="IdentityCorpus"/>), analysed and
/// with a user override, each format read back gives the same paragraphs, inline marks and blocks, chapter numbers,
/// titles and notes, tags with the same origins, confidences and evidence, series and part, platform and its id,
/// completeness, chapter total and dates. Text is compared as every export writes it (<see cref="ExportLayout.Text"/>:
/// characters XML cannot hold left out); for imported works that is the text as imported, which is checked too.
/// </summary>
public sealed class RoundTripTests
{
    public static IEnumerable<object[]> Cases() =>
        from name in IdentityCorpus.Names()
        from format in new[] { ExportFormat.Epub, ExportFormat.Html, ExportFormat.Txt }
        select new object[] { name, format };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Export_then_import_gives_the_same_work(string name, ExportFormat format)
    {
        var original = IdentityCorpus.Load(name);
        Skip.If(original is null, $"{name} does not import (a page with no work), so there is nothing to export");
        var back = new StoryParser().Parse(Exporter.Export(original!, format), "export" + format.Extension()).Work;
        var failures = Differences(original!, back, checkTextIsUnchanged: !name.StartsWith("generated:", StringComparison.Ordinal));
        Assert.True(failures.Count == 0, $"{format} round trip of {name}:\n  " + string.Join("\n  ", failures));
    }

    [SkippableFact]
    public void The_shared_files_are_there_for_the_identity_test()
    {
        TestPaths.RequireShared("samples");
        TestPaths.RequireShared("real");
        var real = IdentityCorpus.Names().Count(n => n.StartsWith("real:", StringComparison.Ordinal) && IdentityCorpus.Load(n) is not null);
        Assert.True(real >= 8, $"only {real} real files import");
    }

    [Fact]
    public void A_download_without_Ficshelf_metadata_is_read_as_an_AO3_download()
    {
        var work = IdentityCorpus.Load("generated:formatted")!;
        var html = Encoding.UTF8.GetString(Exporter.Export(work, ExportFormat.Html));
        var start = html.IndexOf("<meta name=\"" + FicshelfMetadata.OpfProperty, StringComparison.Ordinal);
        Assert.True(start > 0);
        var stripped = html[..start] + html[(html.IndexOf("/>", start, StringComparison.Ordinal) + 2)..];
        var back = new StoryParser().Parse(Encoding.UTF8.GetBytes(stripped), "download.html").Work;
        Assert.Equal(Platform.Ao3, back.Platform);
        Assert.All(back.Tags, t => Assert.Equal(TagOrigin.Declared, t.Origin));
        // The marks are read from the markup by the AO3 reader too.
        Assert.Contains(back.Chapters[0].Spans, s => s.Mark == InlineMark.Strike);
        Assert.Contains(back.Chapters[0].Blocks, b => b.Kind == BlockKind.OrderedListItem);
    }

    [Fact]
    public void A_text_export_whose_chapters_were_edited_is_read_as_plain_text_without_the_trailer()
    {
        var work = IdentityCorpus.Load("generated:formatted")!;
        var text = Encoding.UTF8.GetString(Exporter.Export(work, ExportFormat.Txt)).Replace("Chapter Text\n", "Chapter Txt\n", StringComparison.Ordinal);
        var back = new StoryParser().Parse(Encoding.UTF8.GetBytes(text), "edited.txt").Work;
        Assert.DoesNotContain(back.BodyParagraphs, p => p.Contains("\"format\"", StringComparison.Ordinal));
        Assert.DoesNotContain(back.Tags, t => t.Origin == TagOrigin.Inferred);
    }

    /// <summary>Everything that must survive, as "what: was → now" lines.</summary>
    public static List<string> Differences(Work original, Work back, bool checkTextIsUnchanged)
    {
        var failures = new List<string>();
        void Same<T>(string what, T was, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(was, now)) failures.Add($"{what}: «{was}» became «{now}»");
        }
        static string? C(string? text) => ExportLayout.CleanOrNull(text);

        Same("platform", original.Platform, back.Platform);
        Same("platform work id", C(original.PlatformWorkId), back.PlatformWorkId);
        Same("title", C(original.Title), back.Title);
        Same("authors", Join(original.Authors.Select(a => ExportLayout.Clean(a)).Where(a => a.Length > 0)), Join(back.Authors));
        Same("series", C(original.SeriesOrBook), back.SeriesOrBook);
        Same("series part", original.SeriesPart, back.SeriesPart);
        Same("complete", original.Complete, back.Complete);
        Same("chapters total", original.ChaptersTotal, back.ChaptersTotal);
        Same("published", original.Published, back.Published);
        Same("updated", original.Updated, back.Updated);
        Same("summary", C(original.Summary), back.Summary);
        Same("prompt", C(original.Prompt), back.Prompt);
        Same("notes", C(original.NotesBefore), back.NotesBefore);
        Same("end notes", C(original.NotesAfter), back.NotesAfter);
        if (original.Language is not null) Same("language", C(original.Language), back.Language);

        var tagsBefore = original.Tags.Where(t => ExportLayout.Clean(t.Name).Length > 0)
            .Select(t => $"{t.Category.Slug()}:{ExportLayout.Clean(t.Name)} ({t.Origin.Slug()} {t.Confidence} {C(t.Evidence)})").Order(StringComparer.Ordinal).ToList();
        var tagsAfter = back.Tags.Select(t => $"{t.Category.Slug()}:{t.Name} ({t.Origin.Slug()} {t.Confidence} {t.Evidence})").Order(StringComparer.Ordinal).ToList();
        if (!tagsBefore.SequenceEqual(tagsAfter))
            failures.Add($"tags: missing [{string.Join(", ", tagsBefore.Except(tagsAfter))}], added [{string.Join(", ", tagsAfter.Except(tagsBefore))}]");

        Same("chapter count", original.Chapters.Count, back.Chapters.Count);
        for (var i = 0; i < Math.Min(original.Chapters.Count, back.Chapters.Count); i++)
        {
            var (was, now) = (original.Chapters[i], back.Chapters[i]);
            var at = $"chapter {i + 1}";
            Same(at + " number", was.Number, now.Number);
            Same(at + " title", C(was.Title), now.Title);
            Same(at + " summary", C(was.Summary), now.Summary);
            Same(at + " notes", C(was.NotesBefore), now.NotesBefore);
            Same(at + " end notes", C(was.NotesAfter), now.NotesAfter);
            var (paragraphs, spans, blocks) = ExportLayout.Text(was);
            if (checkTextIsUnchanged)
            {
                // Imported text is already what the exports write: nothing is cleaned away on the way out.
                Same(at + " text as imported", Join(was.Paragraphs), Join(paragraphs));
                Same(at + " marks as imported", Join(InlineFormatting.Normalize(was.Spans, was.Paragraphs)), Join(spans));
                Same(at + " blocks as imported", Join(InlineFormatting.Normalize(was.Blocks, was.Paragraphs.Count)), Join(blocks));
            }
            Same(at + " paragraph count", paragraphs.Count, now.Paragraphs.Count);
            for (var p = 0; p < Math.Min(paragraphs.Count, now.Paragraphs.Count); p++)
                if (paragraphs[p] != now.Paragraphs[p]) failures.Add($"{at} paragraph {p}: «{Show(paragraphs[p])}» became «{Show(now.Paragraphs[p])}»");
            Same(at + " marks", Join(spans), Join(now.Spans));
            Same(at + " blocks", Join(blocks), Join(now.Blocks));
        }
        return failures;
    }

    private static string Join<T>(IEnumerable<T> items) => string.Join(" | ", items);

    private static string Show(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
