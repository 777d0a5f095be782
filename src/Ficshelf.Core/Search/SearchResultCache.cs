using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Ficshelf.Core.Search;

/// <summary>
/// Answers repeated searches from memory until the index changes. Readers arrive in bursts on the same pages (the
/// home page's facets over every work, a popular tag's page, a work's "more like this"), and each of those costs a
/// walk over the whole index; the answer cannot change until a work or the wrangling graph does, and every such
/// change empties the cache (<see cref="Invalidate"/>, called under the index's write lock).
/// </summary>
internal sealed class SearchResultCache<TResult>(int capacity = 1024) where TResult : class
{
    private ConcurrentDictionary<string, TResult> entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, out TResult result)
    {
        if (Volatile.Read(ref entries).TryGetValue(key, out var found))
        {
            result = found;
            return true;
        }
        result = null!;
        return false;
    }

    /// <summary>Remembers a result computed against the index as of <paramref name="generation"/>; dropped if the index changed meanwhile.</summary>
    public void Add(string key, TResult result, long generation, Func<long> currentGeneration)
    {
        var current = Volatile.Read(ref entries);
        // A full cache starts over rather than tracking recency: queries repeated in a burst are back within one request.
        if (current.Count >= capacity) Interlocked.CompareExchange(ref entries, new ConcurrentDictionary<string, TResult>(StringComparer.Ordinal), current);
        if (currentGeneration() != generation) return;
        Volatile.Read(ref entries)[key] = result;
        // An invalidation that raced with the add: forget what may be stale.
        if (currentGeneration() != generation) Invalidate();
    }

    public void Invalidate() => Volatile.Write(ref entries, new ConcurrentDictionary<string, TResult>(StringComparer.Ordinal));

    /// <summary>Every part of the query that changes its answer, in a fixed order (lists kept in their order: the engine's cost, not its result, may depend on it).</summary>
    public static string KeyOf(SearchQuery query)
    {
        var key = new StringBuilder(128);
        key.Append(query.Text).Append('\u0001');
        foreach (var tag in query.Include) key.Append((int)tag.Category).Append(':').Append(tag.Name).Append('\u0002');
        key.Append('\u0001');
        foreach (var tag in query.Exclude) key.Append((int)tag.Category).Append(':').Append(tag.Name).Append('\u0002');
        key.Append('\u0001');
        foreach (var author in query.Authors) key.Append(author).Append('\u0002');
        key.Append('\u0001');
        foreach (var platform in query.Platforms) key.Append((int)platform).Append(',');
        key.Append('\u0001');
        foreach (var platform in query.ExcludePlatforms) key.Append((int)platform).Append(',');
        key.Append('\u0001');
        foreach (var language in query.Languages) key.Append(language).Append(',');
        key.Append('\u0001')
            .Append(query.MinWords).Append('|').Append(query.MaxWords).Append('|').Append(query.Complete).Append('|')
            .Append(query.ImportedAfter?.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('|')
            .Append(query.ImportedBefore?.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('|')
            .Append((int)query.Sort).Append('|').Append(query.Descending).Append('|')
            .Append(query.Page).Append('|').Append(query.PageSize).Append('|').Append(query.FacetsPerCategory);
        return key.ToString();
    }
}
