using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Storage;

internal enum PlatformJoinKind
{
    /// <summary>The work already has every chapter the copy holds: the copy is kept as another source.</summary>
    Covered,

    /// <summary>The copy holds chapters the work lacks (chapter 2 saved after chapter 1): they join the work in order.</summary>
    AddsChapters,

    /// <summary>The copy holds all the work's chapters and more (a newer download of a work in progress): its chapters replace the work's.</summary>
    Replaces,
}

/// <param name="Chapters">The work's chapters after the copy joined.</param>
/// <param name="Added">The copy's chapters the work gains (all of them when it <see cref="PlatformJoinKind.Replaces"/> the text).</param>
/// <param name="EarlierCopiesSimilarity">When the work's text changes: how alike the text its copies had is to the new one.</param>
/// <param name="CopySimilarity">How alike the copy's text is to the text the work shows after it joined (null: the same).</param>
internal sealed record PlatformJoin(
    PlatformJoinKind Kind,
    IReadOnlyList<Chapter> Chapters,
    IReadOnlyList<Chapter> Added,
    double? EarlierCopiesSimilarity,
    double? CopySimilarity);

/// <summary>
/// The import rule for a copy whose platform and platform story id (<see cref="Work.PlatformWorkId"/>) match a work of
/// the archive: it is that work whatever its text. Chapters are matched by <see cref="Chapter.Number"/>. Written once
/// for every provider; a provider reads the work's chapters, asks here, and writes what comes back.
/// </summary>
internal static class PlatformCopies
{
    public static PlatformJoin Decide(IReadOnlyList<Chapter> current, bool currentTruncated, Work copy)
    {
        var have = current.Select(c => c.Number).ToHashSet();
        var offered = copy.Chapters.Select(c => c.Number).ToHashSet();
        var currentText = Shingler.Shingle(current.SelectMany(c => c.Paragraphs));
        var copyText = Shingler.Shingle(copy.BodyParagraphs);
        var moreComplete = offered.Count > have.Count || currentTruncated && !copy.Truncated && offered.SetEquals(have);
        if (offered.IsSupersetOf(have) && moreComplete)
            return new PlatformJoin(PlatformJoinKind.Replaces, copy.Chapters, copy.Chapters,
                NearDuplicates.Compare(currentText, copyText).Similarity, null);

        var added = copy.Chapters.Where(c => !have.Contains(c.Number)).OrderBy(c => c.Number).ToList();
        if (added.Count == 0)
            return new PlatformJoin(PlatformJoinKind.Covered, current, [], null, NearDuplicates.Compare(copyText, currentText).Similarity);

        var merged = current.Concat(added).OrderBy(c => c.Number).ToList();
        var mergedText = Shingler.Shingle(merged.SelectMany(c => c.Paragraphs));
        return new PlatformJoin(PlatformJoinKind.AddsChapters, merged, added,
            NearDuplicates.Compare(currentText, mergedText).Similarity, NearDuplicates.Compare(copyText, mergedText).Similarity);
    }
}
