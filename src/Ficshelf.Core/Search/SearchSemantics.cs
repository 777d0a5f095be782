using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Search;

/// <summary>
/// The rules every engine shares, written once so they agree: which works a query's non-text filters keep,
/// how facets are counted and ordered, and how ties in a sort are broken.
/// </summary>
public static class SearchSemantics
{
    /// <summary>Tag sets to test, one per include (any member matches) and one union for every exclude.</summary>
    public sealed record TagConstraints(IReadOnlyList<IReadOnlySet<Tag>> Include, IReadOnlySet<Tag> Exclude);

    public static TagConstraints ExpandTags(SearchQuery query, TagGraph graph)
    {
        var include = query.Include.Select(graph.Expand).ToList();
        var exclude = new HashSet<Tag>(TagComparer.Instance);
        foreach (var tag in query.Exclude) exclude.UnionWith(graph.Expand(tag));
        return new TagConstraints(include, exclude);
    }

    /// <summary>How an author's name is compared: whole name, trimmed, case folded the same way SQL can store it.</summary>
    public static string AuthorKey(string name) => name.Trim().ToUpperInvariant();

    public static bool PassesAuthors(SearchQuery query, IEnumerable<string> authors)
    {
        if (query.Authors.Count == 0) return true;
        var keys = authors.Select(AuthorKey).ToHashSet(StringComparer.Ordinal);
        return query.Authors.All(a => keys.Contains(AuthorKey(a)));
    }

    public static bool PassesFields(SearchQuery query, SearchDocument doc)
    {
        if (!PassesAuthors(query, doc.Authors)) return false;
        if (query.Platforms.Count > 0 && !query.Platforms.Contains(doc.Platform)) return false;
        if (query.ExcludePlatforms.Contains(doc.Platform)) return false;
        if (query.Languages.Count > 0 && (doc.Language is null || !query.Languages.Contains(doc.Language, StringComparer.OrdinalIgnoreCase))) return false;
        if (query.MinWords is { } min && doc.Words < min) return false;
        if (query.MaxWords is { } max && doc.Words > max) return false;
        if (query.Complete is true && doc.Complete != true) return false;
        if (query.Complete is false && doc.Complete == true) return false;
        if (query.ImportedAfter is { } after && doc.ImportedAt < after) return false;
        if (query.ImportedBefore is { } before && doc.ImportedAt >= before) return false;
        return true;
    }

    public static bool PassesTags(TagConstraints constraints, IReadOnlyList<Tag> tags)
    {
        foreach (var set in constraints.Include)
            if (!tags.Any(set.Contains)) return false;
        return constraints.Exclude.Count == 0 || !tags.Any(constraints.Exclude.Contains);
    }

    /// <summary>Top tags per category: most works first, then by name; synonyms counted under their canonical tag, each work once.</summary>
    public static IReadOnlyDictionary<TagCategory, IReadOnlyList<FacetCount>> TopFacets(Dictionary<Tag, int> counts, int perCategory)
    {
        var result = new Dictionary<TagCategory, IReadOnlyList<FacetCount>>();
        if (perCategory <= 0) return result;
        foreach (var group in counts.GroupBy(kv => kv.Key.Category))
        {
            result[group.Key] = group
                .OrderByDescending(kv => kv.Value)
                .ThenBy(kv => kv.Key.Name, StringComparer.OrdinalIgnoreCase)
                .Take(perCategory)
                .Select(kv => new FacetCount(kv.Key, kv.Value))
                .ToList();
        }
        return result;
    }

    /// <summary>The sort key order: a sort's own key, then the work id in the same direction, so pages never overlap.</summary>
    public static int Compare(SearchQuery query, (double Score, int Words, DateTimeOffset At, string TitleKey, long Id) a,
        (double Score, int Words, DateTimeOffset At, string TitleKey, long Id) b)
    {
        var sort = query.Sort == SearchSort.Relevance && !query.HasText ? SearchSort.DateImported : query.Sort;
        var c = sort switch
        {
            SearchSort.Relevance => a.Score.CompareTo(b.Score),
            SearchSort.WordCount => a.Words.CompareTo(b.Words),
            SearchSort.DateImported => a.At.CompareTo(b.At),
            _ => string.CompareOrdinal(a.TitleKey, b.TitleKey),
        };
        if (c == 0) c = a.Id.CompareTo(b.Id);
        return query.SortDescending ? -c : c;
    }

    /// <summary>Title sort key: ordinal over the upper-cased title, which SQL can store and compare the same way.</summary>
    public static string TitleKey(string title) => title.Trim().ToUpperInvariant();

    public static (int Skip, int Take) Page(SearchQuery query)
    {
        var size = Math.Clamp(query.PageSize, 1, 1000);
        var page = Math.Max(1, query.Page);
        return ((int)Math.Min(int.MaxValue, (long)(page - 1) * size), size);
    }
}
