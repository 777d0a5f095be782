using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Tests.Domain;

public sealed class WorkFactsTests
{
    private static Work With(Platform platform, bool? complete, int? total, params int[] chapters) => new()
    {
        Platform = platform,
        Complete = complete,
        ChaptersTotal = total,
        Chapters = chapters.Select(n => new Chapter { Number = n, Paragraphs = ["Text."] }).ToList(),
    };

    [Fact]
    public void A_saved_chapter_of_a_longer_story_is_a_partial_copy_and_says_which_chapter_it_holds()
    {
        var work = With(Platform.FanFictionNet, false, 8, 1);
        Assert.True(WorkFacts.IsPartialCopy(work));
        Assert.Equal("1/8 (this copy holds chapter 1)", WorkFacts.Chapters(work));
        Assert.StartsWith("partial copy: 1 of 8 chapters", WorkFacts.Status(work), StringComparison.Ordinal);
    }

    [Fact]
    public void An_ao3_work_in_progress_holding_every_posted_chapter_is_not_partial_though_more_are_planned()
    {
        var work = With(Platform.Ao3, false, 4, 1, 2, 3);
        Assert.False(WorkFacts.IsPartialCopy(work));
        Assert.Equal("3/4", WorkFacts.Chapters(work));
        Assert.Equal("in progress", WorkFacts.Status(work));
        Assert.Equal("1/?", WorkFacts.Chapters(With(Platform.Ao3, false, null, 1)));
    }

    [Fact]
    public void An_ao3_copy_missing_chapters_of_a_finished_work_or_holding_a_later_chapter_alone_is_partial()
    {
        Assert.True(WorkFacts.IsPartialCopy(With(Platform.Ao3, true, 3, 1, 2)));
        var third = With(Platform.Ao3, false, 5, 3);
        Assert.True(WorkFacts.IsPartialCopy(third));
        Assert.Equal("1/5 (this copy holds chapter 3)", WorkFacts.Chapters(third));
    }

    [Fact]
    public void Series_and_dates_read_as_ao3_writes_them()
    {
        var work = new Work { SeriesOrBook = "sweet talks", SeriesPart = 2, Published = new DateOnly(2020, 9, 22), Updated = new DateOnly(2020, 10, 28) };
        Assert.Equal("Part 2 of sweet talks", WorkFacts.Series(work));
        Assert.Equal("Published 2020-09-22, updated 2020-10-28", WorkFacts.Dates(work));
        Assert.Equal("sweet talks", WorkFacts.Series(work with { SeriesPart = null }));
        Assert.Null(WorkFacts.Series(new Work()));
        Assert.Null(WorkFacts.Dates(new Work()));
    }
}
