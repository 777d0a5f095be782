using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;

namespace Ficshelf.Web.Tests.Support;

/// <summary>Answers worked out from the archive itself, so a test never depends on what a fixture happens to be called.</summary>
public static class Expect
{
    public static bool Carries(Work work, Tag tag) => work.EffectiveTags.Any(t => TagComparer.Instance.Equals(t.Tag, tag));

    /// <summary>The works that carry every tag in <paramref name="include"/> and none in <paramref name="exclude"/> (no wrangling).</summary>
    public static SortedSet<long> Matching(IArchiveStore store, IEnumerable<Tag> include, IEnumerable<Tag> exclude) =>
        new(store.StreamWorks().Where(w => include.All(t => Carries(w, t)) && !exclude.Any(t => Carries(w, t))).Select(w => w.Id));

    public static Work MultiChapterWork(IArchiveStore store) =>
        store.StreamWorks().FirstOrDefault(w => w.Chapters.Count >= 2) ?? throw new InvalidOperationException("no work with two chapters in the archive");

    public static long WorkTitled(IArchiveStore store, string titleStart) =>
        store.StreamWorks().First(w => w.DisplayTitle.StartsWith(titleStart, StringComparison.Ordinal)).Id;
}
