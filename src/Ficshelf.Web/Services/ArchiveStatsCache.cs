using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Core.Storage.Postgres;

namespace Ficshelf.Web.Services;

/// <summary>
/// The home page's archive totals, summed once per change of the archive rather than on every view (the sums read
/// every work and source row). Kept under the search index's <see cref="SearchService.Generation"/>, read before the
/// sums: every upload, deletion, copy or catch-up the index is told of moves it, so the next view sums again — as
/// fresh as the "Recently added" list beside them. Not kept when reads may come from a lagging read replica.
/// </summary>
public sealed class ArchiveStatsCache(SearchService search, IServiceProvider services)
{
    private sealed record Entry(long Generation, ArchiveStats Stats);

    private readonly bool replica = services.GetService<ReadReplica>() is not null;
    private Entry? cached;

    public async Task<ArchiveStats> GetAsync(IWorkStore store, CancellationToken cancel)
    {
        var generation = search.Generation;
        if (Volatile.Read(ref cached) is { } hit && hit.Generation == generation) return hit.Stats;
        var stats = await store.GetStatsAsync(topTags: 0, cancel);
        if (!replica) Volatile.Write(ref cached, new Entry(generation, stats));
        return stats;
    }
}
