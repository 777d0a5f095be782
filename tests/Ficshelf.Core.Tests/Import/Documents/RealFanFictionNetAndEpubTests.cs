using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Import.Documents;

/// <summary>
/// Real files from ../shared/real (other people's works, never copied here): FanFiction.Net pages saved from the
/// browser, a FanFicFare EPUB and a WattpadDownloader EPUB, each read as ../shared/real/README.md says.
/// </summary>
public sealed class RealFanFictionNetAndEpubTests
{
    private static readonly StoryParser Parser = new();

    private static Work Read(string name, string? importedAs = null) =>
        Parser.Parse(File.ReadAllBytes(TestPaths.RequireShared("real", name)), importedAs ?? name).Work;

    private static string[] Declared(Work work, TagCategory category) =>
        work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category == category).Select(t => t.Name).ToArray();

    [SkippableFact]
    public void Current_layout_chapter_1_of_2_is_Counting_by_its_author_and_partial()
    {
        var work = Read("ffn-saved-chapter-1-of-2.html");

        Assert.Equal(Platform.FanFictionNet, work.Platform);
        Assert.Equal("Counting", work.Title);
        Assert.Equal(["ambtus"], work.Authors);
        Assert.Equal(["Harry Potter"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["T"], Declared(work, TagCategory.Rating));
        Assert.Equal(["Angst", "Romance"], Declared(work, TagCategory.Genre));
        Assert.Equal(["Harry P."], Declared(work, TagCategory.Character));
        Assert.Equal("en", work.Language);
        Assert.Equal("5853866", work.PlatformWorkId);
        Assert.Equal(2, work.ChaptersTotal);
        Assert.Equal(new DateOnly(2010, 3, 29), work.Published);
        Assert.Equal("2 connected drabbles.", work.Summary);
        // The story is complete on the site, but this copy holds chapter 1 of 2: the work is partial.
        Assert.False(work.Complete);
        var chapter = Assert.Single(work.Chapters);
        Assert.Equal(1, chapter.Number);
        Assert.Equal("Skipping Stones", chapter.Title);
        Assert.Equal("Skip.", chapter.Paragraphs[0]);
        Assert.Equal("He stood gazing out over the lake for a long time.", chapter.Paragraphs[^1]);
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("Follow/Fav") || p.Contains("Post Review") || p.Contains("Rated:"));
    }

    [SkippableFact]
    public void Chapter_1_of_8_from_2020_markup_keeps_the_apostrophe_author_characters_and_is_not_complete()
    {
        var work = Read("ffn-saved-chapter-1-of-8.html");

        Assert.Equal(Platform.FanFictionNet, work.Platform);
        Assert.Equal("Why We fight", work.Title);
        Assert.Equal(["W'rkncacnter"], work.Authors);
        Assert.Equal(["Harry Potter"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["T"], Declared(work, TagCategory.Rating));
        Assert.Equal(["Adventure"], Declared(work, TagCategory.Genre));
        Assert.Equal(["Harry P.", "Ginny W."], Declared(work, TagCategory.Character));
        Assert.Empty(Declared(work, TagCategory.Relationship));
        Assert.Equal("en", work.Language);
        Assert.Equal("1832968", work.PlatformWorkId);
        Assert.Equal(8, work.ChaptersTotal);
        Assert.Equal(new DateOnly(2004, 4, 23), work.Published);
        Assert.Equal(new DateOnly(2005, 2, 5), work.Updated);
        Assert.False(work.Complete);
        var chapter = Assert.Single(work.Chapters);
        Assert.Equal(1, chapter.Number);
        Assert.Equal("Chapter 1", chapter.Title);
        Assert.StartsWith("I do not Own Harry Potter.", chapter.Paragraphs[0]);
        Assert.EndsWith("even if he had to die to do so!", chapter.Paragraphs[^1]);
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("Follow/Fav") || p.Contains("Post Review") || p.Contains("Rated:"));
    }

    [SkippableTheory]
    [InlineData("ffn-saved-chapter-1-of-2.html", "Counting", "ambtus", "5853866", 2)]
    [InlineData("ffn-saved-chapter-1-of-8.html", "Why We fight", "W'rkncacnter", "1832968", 8)]
    public void Without_the_current_layouts_wrappers_a_page_reads_the_same(string file, string title, string author, string id, int total)
    {
        // Older layouts have no #profile_top or #pre_story_links: the header is read from what precedes the story text.
        var html = File.ReadAllText(TestPaths.RequireShared("real", file))
            .Replace("id=profile_top", "id=old_header", StringComparison.Ordinal)
            .Replace("id=pre_story_links", "id=old_links", StringComparison.Ordinal);
        Assert.DoesNotContain("profile_top", html);
        var work = Parser.Parse(System.Text.Encoding.UTF8.GetBytes(html), file).Work;

        Assert.Equal(Platform.FanFictionNet, work.Platform);
        Assert.Equal(title, work.Title);
        Assert.Equal([author], work.Authors);
        Assert.Equal(id, work.PlatformWorkId);
        Assert.Equal(total, work.ChaptersTotal);
        Assert.Equal(["Harry Potter"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["T"], Declared(work, TagCategory.Rating));
        Assert.False(work.Complete);
        Assert.Equal(1, work.Chapters.Single().Number);
        Assert.NotNull(work.Summary);
    }

    [SkippableFact]
    public void FanFicFare_test_site_epub_has_nine_chapters_its_series_part_and_the_summary_paragraphs()
    {
        var work = Read("fanficfare-test-site.epub");

        Assert.Equal(Platform.Generic, work.Platform); // test1.com is no platform Ficshelf knows
        Assert.Equal("test1.com:2", work.PlatformWorkId);
        Assert.Equal("Test Story Title 2", work.Title);
        Assert.Equal(["Test Author aa"], work.Authors);
        Assert.Equal(9, work.Chapters.Count);
        Assert.Equal(9, work.ChaptersTotal);
        Assert.True(work.Complete);
        Assert.Equal("The Great Test", work.SeriesOrBook);
        Assert.Equal(2, work.SeriesPart);
        var summary = work.Summary!.Split("\n\n");
        Assert.Equal(2, summary.Length);
        Assert.StartsWith("Description tests:", summary[0]);
        Assert.StartsWith("Some more longer description.", summary[1]);
        Assert.Equal(new DateOnly(1975, 3, 15), work.Published);
        Assert.Equal(new DateOnly(1975, 4, 15), work.Updated);
        Assert.Equal("en", work.Language);
        Assert.Equal(["Comedy", "Fantasy", "Noir", "Sci-Fi"], Declared(work, TagCategory.Genre));
        Assert.Equal(["Bob Smith", "Fred Smythe", "George Johnson"], Declared(work, TagCategory.Character));
        Assert.Contains("Harry Potter/Ginny Weasley", Declared(work, TagCategory.Relationship));
        Assert.Contains("Harry Potter", Declared(work, TagCategory.Fandom));
        Assert.Equal(["Tweenie"], Declared(work, TagCategory.Rating));
        Assert.Equal("Chapter 1, Xenos on Cinnabar", work.Chapters[1].Title);
        Assert.Equal(Enumerable.Range(1, 9), work.Chapters.Select(c => c.Number));
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("Packaged:") || p.Contains("Category:"));
    }

    [SkippableFact]
    public void WattpadDownloader_epub_is_Wattpad_with_34_titled_parts_and_not_completed()
    {
        var work = Read("wattpad-downloader.epub", "wattpad-books-presents_237369078.epub");

        Assert.Equal(Platform.Wattpad, work.Platform);
        Assert.Equal("Wattpad Books Presents", work.Title);
        Assert.Equal(["WattpadBooks"], work.Authors);
        Assert.Equal("237369078", work.PlatformWorkId);
        Assert.Equal(34, work.Chapters.Count);
        Assert.Equal("The QB Bad Boy and Me", work.Chapters[0].Title);
        Assert.Equal("Trapeze", work.Chapters[1].Title);
        Assert.All(work.Chapters, c => Assert.False(string.IsNullOrEmpty(c.Title)));
        Assert.All(work.Chapters, c => Assert.NotEmpty(c.Paragraphs));
        Assert.DoesNotContain(work.Chapters, c => c.Paragraphs[0] == c.Title);
        Assert.Equal(Enumerable.Range(1, 34), work.Chapters.Select(c => c.Number));
        Assert.False(work.Complete);
        Assert.Equal("en", work.Language);
        Assert.StartsWith("Welcome to Wattpad Books!", work.Summary);
        Assert.Equal(new DateOnly(2020, 8, 18), work.Published);
        Assert.Equal(new DateOnly(2021, 8, 26), work.Updated);
        Assert.Contains("wattpadbooks", Declared(work, TagCategory.Freeform));
    }

    [SkippableFact]
    public void WattpadDownloader_epub_under_another_name_has_no_story_id_to_show()
    {
        var work = Read("wattpad-downloader.epub");

        Assert.Equal(Platform.Wattpad, work.Platform);
        Assert.Null(work.PlatformWorkId);
    }
}
