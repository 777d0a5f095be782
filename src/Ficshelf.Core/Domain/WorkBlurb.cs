namespace Ficshelf.Core.Domain;

/// <summary>
/// A work as a list shows it (AO3's blurb): metadata, tags and the counts stored with the work, without the chapters'
/// text. A page of twenty blurbs read as whole works parsed every paragraph of twenty stories to show two numbers.
/// </summary>
public sealed record WorkBlurb(
    long Id,
    string Title,
    Platform Platform,
    IReadOnlyList<string> Authors,
    string? Summary,
    string? Language,
    int WordCount,
    int ChapterCount,
    bool? Complete,
    IReadOnlyList<WorkTag> Tags,
    DateTimeOffset? AddedAt)
{
    /// <summary>The tags that apply, by the same rule as <see cref="Work.EffectiveTags"/>.</summary>
    public IEnumerable<WorkTag> EffectiveTags => Work.Effective(Tags);

    public IEnumerable<WorkTag> TagsIn(TagCategory category) => EffectiveTags.Where(t => t.Category == category);

    public static WorkBlurb From(Work work) => new(work.Id, work.ListTitle, work.Platform, work.Authors, work.Summary, work.Language,
        work.WordCount, work.Chapters.Count, work.Complete, work.Tags, work.AddedAt);
}
