using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;

namespace Ficshelf.Core.Tests.Import.Documents;

public sealed class Ao3DownloadTests
{
    private static readonly StoryParser Parser = new();

    private static string[] Declared(Work work, TagCategory category) =>
        work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category == category).Select(t => t.Name).ToArray();

    [Fact]
    public void Html_download_gives_metadata_by_category()
    {
        var work = Parser.Parse(DocumentFixtures.Bytes("ao3-lighthouse-ledger.html"), "ledger.html").Work;

        Assert.Equal(Platform.Ao3, work.Platform);
        Assert.Equal("The Lighthouse Ledger", work.Title);
        Assert.Equal(["tidewright"], work.Authors);
        Assert.Equal("The Salt Records", work.SeriesOrBook);
        Assert.Equal("en", work.Language);
        Assert.True(work.Complete);
        Assert.Equal(["General Audiences"], Declared(work, TagCategory.Rating));
        Assert.Equal(["No Archive Warnings Apply"], Declared(work, TagCategory.Warning));
        Assert.Equal(["F/F", "Gen"], Declared(work, TagCategory.Category));
        Assert.Equal(["Original Work"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["Ines/Margit"], Declared(work, TagCategory.Relationship));
        Assert.Equal(["Ines", "Margit", "The Harbourmaster"], Declared(work, TagCategory.Character));
        Assert.Equal(["Slow Burn", "Lighthouses", "Bookkeeping"], Declared(work, TagCategory.Freeform));
    }

    [Fact]
    public void Html_download_separates_summary_and_notes_from_the_chapters()
    {
        var work = Parser.Parse(DocumentFixtures.Bytes("ao3-lighthouse-ledger.html"), "ledger.html").Work;

        Assert.Equal("Margit keeps the lamp. Ines keeps the accounts. Neither of them keeps quiet about the other.", work.Summary);
        Assert.Equal("Written for a prompt about ledgers. Thank you to my patient beta.", work.NotesBefore);
        Assert.Equal("Thank you for reading! The next part of the series is about the harbourmaster.", work.NotesAfter);

        Assert.Equal(["Chapter 1: Arrivals", "Chapter 2", "Chapter 3: The Storm Entry"], work.Chapters.Select(c => c.Title!).ToArray());
        Assert.Equal([1, 2, 3], work.Chapters.Select(c => c.Number).ToArray());
        var first = work.Chapters[0];
        Assert.Equal("A new clerk comes to the island.", first.Summary);
        Assert.Equal("The island is invented; the weather is not.", first.NotesBefore);
        Assert.Equal("More soon, I promise.", first.NotesAfter);
        Assert.Null(work.Chapters[1].NotesBefore);
        Assert.Equal("The last one!", work.Chapters[2].NotesBefore);
        Assert.Equal(3, first.Paragraphs.Count);
        Assert.Equal("The gulls were loud.\nThe sea was louder.\nInes was loudest of all.", first.Paragraphs[2]);
        Assert.Equal("Margit read it by lamplight and kept the book.", work.Chapters[2].Paragraphs[^1]);
        // Nothing of the notes, the tag list or the page furniture leaks into the story text.
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("More soon") || p.Contains("Summary") || p.Contains("Archive"));
    }

    [Fact]
    public void Scripts_styles_and_handlers_never_reach_the_text()
    {
        var work = Parser.Parse(DocumentFixtures.Bytes("ao3-lighthouse-ledger.html"), "ledger.html").Work;
        var everything = string.Join("\n", work.BodyParagraphs.Concat([work.Title!, work.Summary!, work.NotesBefore!, work.NotesAfter!]));
        Assert.DoesNotContain("stealCookies", everything);
        Assert.DoesNotContain("alert", everything);
        Assert.DoesNotContain("font-family", everything);
        Assert.DoesNotContain("<", everything);
        // The script between two paragraphs is gone; the rule before it is the scene break it marked.
        Assert.Equal(["The accounts were wrong by eleven shillings and Ines said so at dinner.", "* * *",
            "Margit said the lamp oil had gone up, and that the harbourmaster rounded in his own favour."], work.Chapters[1].Paragraphs);
    }

    [Fact]
    public void One_chapter_download_has_its_text_and_an_unfinished_count()
    {
        var bytes = DocumentFixtures.Bytes("ao3-small-hours.html");
        var parsed = Parser.Parse(bytes, "small-hours.html");
        var work = parsed.Work;

        Assert.Equal(bytes, parsed.Original);
        Assert.Equal("Small Hours", work.Title);
        Assert.Equal(["quillbasket", "nightjar_ink"], work.Authors);
        Assert.False(work.Complete);
        Assert.Null(work.Summary);
        var chapter = Assert.Single(work.Chapters);
        Assert.Null(chapter.Title);
        Assert.Equal(2, chapter.Paragraphs.Count);
        Assert.StartsWith("At three in the morning", chapter.Paragraphs[0]);
        Assert.Equal(["Creator Chose Not To Use Archive Warnings"], Declared(work, TagCategory.Warning));
    }

    [Fact]
    public void Epub_download_reads_the_same_markup_across_files_in_spine_order()
    {
        var bytes = DocumentFixtures.Epub("ao3-epub");
        var parsed = Parser.Parse(bytes, "weather.epub");
        var work = parsed.Work;

        Assert.Equal(bytes, parsed.Original);
        Assert.Equal(Platform.Ao3, work.Platform);
        Assert.Equal("Weather for Gardeners", work.Title);
        Assert.Equal(["fernpocket"], work.Authors);
        Assert.False(work.Complete);
        Assert.Equal("Orla inherits an allotment and a neighbour who predicts the weather by his knees.", work.Summary);
        Assert.Equal(["Orla", "Old Tam"], Declared(work, TagCategory.Character));
        Assert.Equal(["Gardening", "Found Family"], Declared(work, TagCategory.Freeform));
        // The manifest lists chapter 2 first; the spine decides the order.
        Assert.Equal(["Chapter 1: Frost", "Chapter 2: Thaw"], work.Chapters.Select(c => c.Title!).ToArray());
        Assert.Equal("Allotments are small rented gardens.", work.Chapters[0].NotesBefore);
        Assert.Equal("The beans survive.", work.Chapters[1].Summary);
        Assert.Equal("Two more chapters to go.", work.Chapters[1].NotesAfter);
        Assert.Equal("\"My knee is never wrong,\" he said. \"It is only ever early.\"", work.Chapters[1].Paragraphs[^1]);
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("drop by the Archive"));
    }

    [Fact]
    public void A_download_whose_classes_a_converter_renamed_reads_the_same()
    {
        // Ebook converters may replace class names with their own; ids, labels and document order remain.
        var original = System.Text.Encoding.UTF8.GetString(DocumentFixtures.Bytes("ao3-lighthouse-ledger.html"));
        var renamed = System.Text.RegularExpressions.Regex.Replace(original, "class=\"[^\"]*\"", "class=\"calibre7\"");
        Assert.DoesNotContain("userstuff", renamed);

        var expected = Parser.Parse(DocumentFixtures.Bytes("ao3-lighthouse-ledger.html"), "a.html").Work;
        var work = Parser.Parse(DocumentFixtures.Utf8(renamed), "renamed.html").Work;

        Assert.Equal(Platform.Ao3, work.Platform);
        Assert.Equal(expected.Title, work.Title);
        Assert.Equal(expected.Authors, work.Authors);
        Assert.Equal(expected.Summary, work.Summary);
        Assert.Equal(expected.NotesBefore, work.NotesBefore);
        Assert.Equal(expected.NotesAfter, work.NotesAfter);
        Assert.Equal(expected.Tags, work.Tags);
        Assert.Equal(expected.Chapters.Select(c => c.Title), work.Chapters.Select(c => c.Title));
        Assert.Equal(expected.Chapters.Select(c => c.NotesAfter), work.Chapters.Select(c => c.NotesAfter));
        Assert.Equal(expected.BodyParagraphs, work.BodyParagraphs);
    }

    [Fact]
    public void Converted_epub_split_inside_a_chapter_reads_by_structure_and_fills_the_summary_from_the_package()
    {
        // An ebook converter renamed every class (no "tags", "byline" or "userstuff" left), split chapter 1's text
        // over two files, and dropped the preface's summary: dc:description still holds it.
        var work = Parser.Parse(DocumentFixtures.Epub("ao3-epub-converted"), "salt.epub").Work;

        Assert.Equal(Platform.Ao3, work.Platform);
        Assert.Equal("Salt and Cartography", work.Title);
        Assert.Equal(["brinemoth"], work.Authors);
        Assert.Equal("77700011", work.PlatformWorkId);
        Assert.Equal("Coastal Surveys", work.SeriesOrBook);
        Assert.Equal(4, work.SeriesPart);
        Assert.Equal(new DateOnly(2022, 11, 20), work.Published);
        Assert.Equal(new DateOnly(2023, 1, 15), work.Updated);
        Assert.Equal(2, work.ChaptersTotal);
        Assert.True(work.Complete);
        Assert.Equal(["Adaeze", "Tomasz"], Declared(work, TagCategory.Character));
        Assert.Equal(["Surveying", "Rivals to Friends"], Declared(work, TagCategory.Freeform));
        Assert.Equal("Two surveyors, one coastline.\n\nOne disagreement about where the sea begins.", work.Summary);
        Assert.Equal("For the coastline exchange.", work.NotesBefore);
        Assert.Equal("Thank you for reading to the edge of the map.", work.NotesAfter);

        Assert.Equal(["Chapter 1: Salt", "Chapter 2"], work.Chapters.Select(c => c.Title!).ToArray());
        var first = work.Chapters[0];
        Assert.Equal("The first survey goes badly.", first.Summary);
        Assert.Equal("Surveying terms are explained at the end.", first.NotesBefore);
        Assert.Equal("A stake marks a survey point.", first.NotesAfter);
        Assert.Equal(4, first.Paragraphs.Count);
        Assert.Equal("By noon they had drawn two coastlines, and neither of them was wrong.", first.Paragraphs[^1]);
        Assert.Equal(["They filed one map in the end, with both coastlines on it in different inks."], work.Chapters[1].Paragraphs);
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("See the end") || p.Contains("Afterword") || p.Contains("drop by"));
    }

    [Fact]
    public void Work_id_dates_series_part_and_chapter_total_come_from_the_preface()
    {
        var work = Parser.Parse(DocumentFixtures.Bytes("ao3-lighthouse-ledger.html"), "ledger.html").Work;

        Assert.Equal("99999901", work.PlatformWorkId);
        Assert.Equal(2, work.SeriesPart);
        Assert.Equal(new DateOnly(2024, 2, 11), work.Published);
        Assert.Equal(new DateOnly(2024, 3, 2), work.Updated);
        Assert.Equal(3, work.ChaptersTotal);
    }

    [Fact]
    public void A_copy_without_the_chapter_heading_blocks_keeps_notes_out_of_the_text()
    {
        // The headings, labels and blockquotes all side by side in #chapters (a hand-made or flattened copy).
        var html = """
            <html><body>
            <div id="preface"><dl class="tags"><dt>Rating:</dt><dd>General Audiences</dd><dt>Fandom:</dt><dd>Original Work</dd>
            <dt>Stats:</dt><dd>Published: 2021-05-01 Words: 30 Chapters: 2/3</dd></dl>
            <h1>Quiet Harbour</h1><div class="byline">by <a rel="author" href="/users/gullwing/pseuds/gullwing">gullwing</a></div></div>
            <div id="chapters">
            <h2>Chapter 1: Moorings</h2>
            <p>Chapter Notes</p><blockquote><p>Set before the storm.</p></blockquote>
            <div class="endnote-link">See the end of the chapter for <a href="#endnotes1">more notes</a></div>
            <p>The boats knocked together all night.</p>
            <p>Nobody slept, and nobody minded.</p>
            <p>Chapter End Notes</p><blockquote><p>More next week.</p></blockquote>
            <h2>Chapter 2</h2>
            <p>In the morning the harbour was flat as a plate.</p>
            </div></body></html>
            """;
        var work = Parser.Parse(DocumentFixtures.Utf8(html), "harbour.html").Work;

        Assert.Equal("Quiet Harbour", work.Title);
        Assert.Equal(3, work.ChaptersTotal);
        Assert.False(work.Complete);
        Assert.Equal(["Chapter 1: Moorings", "Chapter 2"], work.Chapters.Select(c => c.Title!).ToArray());
        Assert.Equal("Set before the storm.", work.Chapters[0].NotesBefore);
        Assert.Equal("More next week.", work.Chapters[0].NotesAfter);
        Assert.Equal(["The boats knocked together all night.", "Nobody slept, and nobody minded."], work.Chapters[0].Paragraphs);
        Assert.Equal(["In the morning the harbour was flat as a plate."], work.Chapters[1].Paragraphs);
    }
}
