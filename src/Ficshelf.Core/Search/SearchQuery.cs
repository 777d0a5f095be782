using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Search;

public enum SearchSort
{
    /// <summary>BM25 relevance when there is text, else the newest first.</summary>
    Relevance,
    WordCount,
    DateImported,
    Title,
}

/// <summary>
/// One typed search, AO3's "Sort and Filter" in full: text plus include/exclude tags in every category and the
/// work-level filters. Every engine and every front end (CLI query string, web form, JSON API) speaks this.
/// </summary>
public sealed record SearchQuery
{
    /// <summary>Full text: words (all must match), "quoted phrases", prefix terms (<c>widow*</c>). Null or blank: no text filter.</summary>
    public string? Text { get; init; }

    /// <summary>Each tag must apply (through its synonyms and subtags).</summary>
    public IReadOnlyList<Tag> Include { get; init; } = [];

    /// <summary>No tag here may apply (through its synonyms and subtags).</summary>
    public IReadOnlyList<Tag> Exclude { get; init; } = [];

    /// <summary>Each name must be one of the work's authors (whole name, case-insensitive).</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    public IReadOnlyList<Platform> Platforms { get; init; } = [];
    public IReadOnlyList<Platform> ExcludePlatforms { get; init; } = [];

    /// <summary>ISO 639-1 codes ("en"); any of them.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    public int? MinWords { get; init; }
    public int? MaxWords { get; init; }

    /// <summary>True: complete works only; false: works in progress (or not known complete) only.</summary>
    public bool? Complete { get; init; }

    public DateTimeOffset? ImportedAfter { get; init; }
    public DateTimeOffset? ImportedBefore { get; init; }

    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    /// <summary>Null: the sort's natural direction (relevance, words, date: descending; title: ascending).</summary>
    public bool? Descending { get; init; }

    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 20;

    /// <summary>How many tags per category the facets list (0: no facets).</summary>
    public int FacetsPerCategory { get; init; } = 10;

    public bool HasText => !string.IsNullOrWhiteSpace(Text);

    public bool SortDescending => Descending ?? Sort != SearchSort.Title;
}

/// <summary>One tag in the facet list with how many works of the whole result set (not just the page) carry it.</summary>
public sealed record FacetCount(Tag Tag, int Works);

public sealed record SearchHit(long WorkId, double Score);

public sealed record SearchResult(
    int Total,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyDictionary<TagCategory, IReadOnlyList<FacetCount>> Facets)
{
    public static SearchResult Empty { get; } = new(0, [], new Dictionary<TagCategory, IReadOnlyList<FacetCount>>());
}
