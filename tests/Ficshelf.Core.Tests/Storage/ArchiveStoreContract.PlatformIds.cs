using System.Security.Cryptography;
using System.Text;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;

namespace Ficshelf.Core.Tests.Storage;

// What a platform says of a work (series part, story id, chapter total, dates), chapter formatting, and the import
// rule for copies with the same platform story id.
public abstract partial class ArchiveStoreContract
{
    private static Chapter NumberedChapter(int number, string text) => new()
    {
        Number = number,
        Title = $"Chapter {number}",
        Paragraphs = [$"Chapter {number} begins. {text}", $"The rest of chapter {number}: {text} and the night went on without them."],
    };

    /// <summary>A parsed copy as an importer would hand it over; the bytes are the text, so every copy is its own file.</summary>
    private static ParsedFile Copy(Work work, string fileName)
    {
        var bytes = Encoding.UTF8.GetBytes(fileName + "\n" + string.Join("\n\n", work.Chapters.SelectMany(c => c.Paragraphs)));
        return new ParsedFile(work, bytes, fileName, "utf-8", Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static Work Ao3Work(string id, params Chapter[] chapters) => new()
    {
        Platform = Platform.Ao3,
        PlatformWorkId = id,
        Title = "The Long Watch",
        Authors = ["lamplighter"],
        Chapters = chapters,
        Tags = [Declared(TagCategory.Fandom, "Marvel")],
    };

    [SkippableFact]
    public void A_work_with_series_part_platform_id_chapter_total_dates_and_formatting_reads_back_whole()
    {
        using var archive = NewArchive();
        var chapter = new Chapter
        {
            Number = 3,
            Title = "Chapter 3: Letters",
            Paragraphs = ["Dear Clint, the gulls have won.", "She folded the letter twice.", "* * *", "Read the rest online."],
            Spans = [new InlineSpan(0, 0, 10, InlineMark.Emphasis), new InlineSpan(1, 4, 6, InlineMark.Strong),
                     new InlineSpan(3, 13, 6, InlineMark.Link, "https://example.org/rest")],
            Blocks = [new BlockStyle(0, BlockKind.Quote), new BlockStyle(2, BlockKind.Paragraph, TextAlign.Center), new BlockStyle(3, BlockKind.OrderedListItem, TextAlign.End)],
        };
        var plain = new Chapter { Number = 4, Paragraphs = ["A plain chapter with no formatting at all, only words."] };
        var work = Ao3Work("23009290", chapter, plain) with
        {
            SeriesOrBook = "Harbour Lights",
            SeriesPart = 2,
            ChaptersTotal = 14,
            Published = new DateOnly(2021, 3, 9),
            Updated = new DateOnly(2024, 11, 30),
            Complete = false,
        };
        var stored = archive.Store.Store(Copy(work, "watch.html"));
        Assert.Equal(StoreOutcome.Added, stored.Outcome);

        archive.Reopen();
        var read = archive.Store.GetWork(stored.WorkId)!;
        Assert.Equal(("Harbour Lights", 2, "23009290", 14), (read.SeriesOrBook, read.SeriesPart, read.PlatformWorkId, read.ChaptersTotal));
        Assert.Equal((new DateOnly(2021, 3, 9), new DateOnly(2024, 11, 30)), (read.Published, read.Updated));
        Assert.Equal([3, 4], read.Chapters.Select(c => c.Number));
        Assert.Equal(chapter.Spans, read.Chapters[0].Spans);
        Assert.Equal(chapter.Blocks, read.Chapters[0].Blocks);
        Assert.Empty(read.Chapters[1].Spans);
        Assert.Empty(read.Chapters[1].Blocks);
        Assert.Equal("23009290", Assert.Single(read.Sources).PlatformWorkId);
        // Streaming (what a search index reads) carries the same.
        var streamed = Assert.Single(archive.Store.StreamWorks());
        Assert.Equal((2, "23009290", 14), (streamed.SeriesPart, streamed.PlatformWorkId, streamed.ChaptersTotal));
        Assert.Equal(chapter.Spans, streamed.Chapters[0].Spans);
    }

    [SkippableFact]
    public void A_work_without_the_new_fields_reads_them_back_as_unknown()
    {
        using var archive = NewArchive();
        var stored = archive.Importer.ImportFile(archive.WriteFile("a.txt", Story));
        var read = archive.Store.GetWork(stored.WorkId!.Value)!;
        Assert.Equal((null, null, null, null, null), (read.SeriesPart, read.PlatformWorkId, read.ChaptersTotal, read.Published, read.Updated));
        Assert.All(read.Chapters, c => Assert.Empty(c.Spans));
        Assert.Null(Assert.Single(read.Sources).PlatformWorkId);
    }

    [SkippableFact]
    public void A_later_chapter_with_the_same_platform_id_joins_its_work_in_order_and_readers_keep_their_place()
    {
        using var archive = NewArchive();
        var first = archive.Store.Store(Copy(Ao3Work("555", NumberedChapter(1, "The lamp was lit")) with { ChaptersTotal = 3 }, "ch1.html"));
        archive.Reader.SetBookmark(0, first.WorkId, "keep reading");
        archive.Reader.SetProgress(0, first.WorkId, 1);

        // Chapter 3 before chapter 2: each goes to its place by number.
        var third = archive.Store.Store(Copy(Ao3Work("555", NumberedChapter(3, "The storm broke")) with
        {
            Summary = "Two keepers, one lamp.",
            Tags = [Declared(TagCategory.Relationship, "Clint Barton/Natasha Romanoff")],
        }, "ch3.html"));
        var second = archive.Store.Store(Copy(Ao3Work("555", NumberedChapter(2, "The ferry came late")), "ch2.html"));
        Assert.Equal((StoreOutcome.NewSource, first.WorkId), (third.Outcome, third.WorkId));
        Assert.Equal((StoreOutcome.NewSource, first.WorkId), (second.Outcome, second.WorkId));

        Assert.Equal(1, archive.Store.CountWorks());
        var work = archive.Store.GetWork(first.WorkId)!;
        Assert.Equal([1, 2, 3], work.Chapters.Select(c => c.Number));
        Assert.StartsWith("Chapter 2 begins. The ferry came late", work.Chapters[1].Paragraphs[0], StringComparison.Ordinal);
        Assert.Equal(work.Chapters.Sum(c => c.WordCount), work.WordCount);
        Assert.Equal(3, archive.Store.ListWorks().Single().ChapterCount);
        Assert.Equal("Two keepers, one lamp.", work.Summary);
        Assert.Contains(work.Tags, t => t is { Category: TagCategory.Relationship, Name: "Clint Barton/Natasha Romanoff" });
        Assert.Equal(3, work.Sources.Count);
        Assert.All(work.Sources, s => Assert.Equal("555", s.PlatformWorkId));
        Assert.Equal("keep reading", archive.Reader.GetBookmark(0, first.WorkId)?.Note);
        Assert.Equal(1, archive.Reader.GetProgress(0, first.WorkId)?.Chapter);
        // The same file again is still nothing new; the archive stays whole.
        Assert.Equal(StoreOutcome.Unchanged, archive.Store.Store(Copy(Ao3Work("555", NumberedChapter(2, "The ferry came late")), "ch2.html")).Outcome);
        Assert.Empty(ArchiveIntegrity.Check(archive.Store).Problems);
    }

    [SkippableFact]
    public void A_newer_download_with_every_chapter_and_more_replaces_the_chapters_of_its_work()
    {
        using var archive = NewArchive();
        var old = archive.Store.Store(Copy(Ao3Work("777", NumberedChapter(1, "Rain on the glass"), NumberedChapter(2, "Morning coffee")) with { Complete = false }, "old.html"));
        archive.Reader.SetRead(0, old.WorkId, true);

        // The author revised chapter 1 and added chapter 3 before the newer download.
        var newer = archive.Store.Store(Copy(Ao3Work("777", NumberedChapter(1, "Rain on the window glass"), NumberedChapter(2, "Morning coffee"),
            NumberedChapter(3, "The last page")) with { Complete = true, ChaptersTotal = 3 }, "new.html"));
        Assert.Equal((StoreOutcome.NewSource, old.WorkId), (newer.Outcome, newer.WorkId));

        var work = archive.Store.GetWork(old.WorkId)!;
        Assert.Equal([1, 2, 3], work.Chapters.Select(c => c.Number));
        Assert.Contains("Rain on the window glass", work.Chapters[0].Paragraphs[0], StringComparison.Ordinal);
        Assert.True(work.Complete);
        Assert.Equal(3, work.ChaptersTotal);
        // The newer copy's text is the work's; the older copy records how alike its text was.
        var sources = work.Sources.ToDictionary(s => s.FileName);
        Assert.Null(sources["new.html"].Similarity);
        Assert.NotNull(sources["old.html"].Similarity);
        Assert.True(archive.Reader.GetProgress(0, old.WorkId)?.Read);
        Assert.Empty(ArchiveIntegrity.Check(archive.Store).Problems);

        // An older download afterwards changes no text: the work has all its chapters.
        var again = archive.Store.Store(Copy(Ao3Work("777", NumberedChapter(1, "Rain on the glass")), "older-still.html"));
        Assert.Equal(old.WorkId, again.WorkId);
        Assert.Equal(3, archive.Store.GetWork(old.WorkId)!.Chapters.Count);
        Assert.NotNull(archive.Store.GetWork(old.WorkId)!.Sources.Single(s => s.FileName == "older-still.html").Similarity);
    }

    [SkippableFact]
    public void The_same_story_id_on_another_platform_is_another_work()
    {
        using var archive = NewArchive();
        var ao3 = archive.Store.Store(Copy(Ao3Work("42", NumberedChapter(1, "Quiet hours in the safehouse")), "ao3.html"));
        var ffn = archive.Store.Store(Copy(Ao3Work("42", NumberedChapter(1, "A different story about a bakery entirely")) with
        {
            Platform = Platform.FanFictionNet,
        }, "ffn.html"));
        Assert.Equal(StoreOutcome.Added, ffn.Outcome);
        Assert.NotEqual(ao3.WorkId, ffn.WorkId);
    }

    [SkippableFact]
    public async Task A_series_lists_its_works_in_reading_order_whatever_order_they_were_imported_in()
    {
        using var archive = NewArchive();
        Work Part(string id, int? part, string series, string text) => Ao3Work(id, NumberedChapter(1, text)) with { SeriesOrBook = series, SeriesPart = part };
        var third = archive.Store.Store(Copy(Part("301", 3, "Harbour Lights", "The third night at the harbour."), "third.html")).WorkId;
        var first = archive.Store.Store(Copy(Part("101", 1, "Harbour Lights", "The first night at the harbour."), "first.html")).WorkId;
        var unnumbered = archive.Store.Store(Copy(Part("901", null, "Harbour Lights", "A side story of the harbour."), "side.html")).WorkId;
        var second = archive.Store.Store(Copy(Part("201", 2, "Harbour Lights", "The second night at the harbour."), "second.html")).WorkId;
        archive.Store.Store(Copy(Part("401", 1, "Other Shores", "Elsewhere entirely."), "other.html"));
        archive.Store.Store(Copy(Ao3Work("501", NumberedChapter(1, "No series at all.")), "alone.html"));

        Assert.Equal([first, second, third, unnumbered], archive.Store.SeriesWorks("Harbour Lights"));
        Assert.Equal([first, second, third, unnumbered], await archive.Store.SeriesWorksAsync("Harbour Lights"));
        Assert.Empty(archive.Store.SeriesWorks("No Such Series"));
        Assert.Equal([new SeriesEntry("Harbour Lights", 4), new SeriesEntry("Other Shores", 1)], archive.Store.ListSeries());
        Assert.Equal(archive.Store.ListSeries(), await archive.Store.ListSeriesAsync());
    }
}
