using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>Search and browse: the query box plus AO3's "Sort and Filter" sidebar, both turned into one SearchQuery.</summary>
public sealed class SearchModel(IWorkStore store, ITagStore tags, IReaderStore state, SearchService search, ReaderContext reader) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }
    [BindProperty(SupportsGet = true, Name = "inc")] public List<string> IncludeValues { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "exc")] public List<string> ExcludeValues { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "inc_other")] public string? OtherInclude { get; set; }
    [BindProperty(SupportsGet = true, Name = "exc_other")] public string? OtherExclude { get; set; }
    [BindProperty(SupportsGet = true, Name = "min")] public int? MinWords { get; set; }
    [BindProperty(SupportsGet = true, Name = "max")] public int? MaxWords { get; set; }
    [BindProperty(SupportsGet = true, Name = "complete")] public string? Complete { get; set; }
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "order")] public string? Order { get; set; }
    public int PageNumber => Paging.Page(Request);
    public int PageSize => Paging.PageSize(Request);

    public SearchQuery Query { get; private set; } = new();
    public SearchResult Result { get; private set; } = SearchResult.Empty;
    public List<WorkView> Works { get; private set; } = [];
    public string? Error { get; private set; }
    /// <summary>Parts of the query text that were left out, with why: the rest still ran.</summary>
    public IReadOnlyList<QueryProblem> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancel)
    {
        await search.RefreshIfArchiveChangedAsync(TimeSpan.FromSeconds(1), cancel: cancel);
        try
        {
            Query = BuildQuery(Text, [.. IncludeValues, .. OtherTags(OtherInclude)], [.. ExcludeValues, .. OtherTags(OtherExclude)],
                MinWords, MaxWords, Complete, Sort, PageNumber, PageSize, Order);
            Problems = SearchQueryParser.ParseLeniently(Text).Problems;
        }
        catch (FormatException e)
        {
            Error = e.Message;
            Query = new SearchQuery { Page = Math.Max(1, PageNumber), PageSize = PageSize };
        }
        try
        {
            Result = search.Search(Query);
        }
        catch (SearchBudgetExceededException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Works = await WorkView.LoadAsync(store, state, reader, Result.Hits.Select(h => h.WorkId), cancel);
    }

    /// <summary>
    /// AO3's "other tags to include/exclude": names separated by commas, each <c>category:name</c> or just a name, which
    /// is looked up among the archive's tags (the category where it is used most). An unknown name is an error.
    /// </summary>
    private IEnumerable<string> OtherTags(string? text)
    {
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Present.ParseTagValue(part) is { } tag) { yield return Present.TagValue(tag); continue; }
            var known = tags.ListTags(null, part, 50).FirstOrDefault(t => string.Equals(t.Tag.Name, part, StringComparison.OrdinalIgnoreCase))
                ?? throw new FormatException($"no tag named '{part}' in the archive (write category:name for one it does not have yet)");
            yield return Present.TagValue(known.Tag);
        }
    }

    /// <summary>The query string first (it may name tags and filters itself), then the sidebar's choices on top.</summary>
    public static SearchQuery BuildQuery(string? text, IEnumerable<string> include, IEnumerable<string> exclude, int? minWords, int? maxWords,
        string? complete, string? sort, int page, int pageSize, string? order = null)
    {
        // A bad part of the text is left out (and shown by the page), the rest still runs.
        var parsed = SearchQueryParser.ParseLeniently(text).Query;
        var includeTags = parsed.Include.Concat(include.Select(Present.ParseTagValue).OfType<Tag>()).Distinct(TagComparer.Instance).ToList();
        var excludeTags = parsed.Exclude.Concat(exclude.Select(Present.ParseTagValue).OfType<Tag>()).Distinct(TagComparer.Instance).ToList();
        return parsed with
        {
            Include = includeTags,
            Exclude = excludeTags,
            MinWords = minWords ?? parsed.MinWords,
            MaxWords = maxWords ?? parsed.MaxWords,
            Complete = complete switch { "yes" => true, "no" => false, _ => parsed.Complete },
            Sort = sort switch
            {
                "words" => SearchSort.WordCount,
                "date" => SearchSort.DateImported,
                "title" => SearchSort.Title,
                "relevance" => SearchSort.Relevance,
                _ => parsed.Sort,
            },
            Descending = order switch { "asc" => false, "desc" => true, _ => parsed.Descending },
            Page = Math.Max(1, page),
            PageSize = pageSize,
            FacetsPerCategory = 12,
        };
    }

    /// <summary>The whole query in the query-string syntax (what /api/search?q= takes), page and facets left out.</summary>
    public string FormattedQuery => SearchQueryParser.Format(Query with { Page = 1, PageSize = new SearchQuery().PageSize, FacetsPerCategory = new SearchQuery().FacetsPerCategory }).Trim();

    public bool Included(Tag tag) => Query.Include.Contains(tag, TagComparer.Instance);
    public bool Excluded(Tag tag) => Query.Exclude.Contains(tag, TagComparer.Instance);

    /// <summary>The facet list for a category, with any tag the reader chose kept in it even when the results no longer carry it.</summary>
    public IReadOnlyList<FacetCount> FacetsFor(TagCategory category)
    {
        var facets = Result.Facets.GetValueOrDefault(category)?.ToList() ?? [];
        foreach (var chosen in Query.Include.Concat(Query.Exclude).Where(t => t.Category == category))
            if (!facets.Any(f => TagComparer.Instance.Equals(f.Tag, chosen))) facets.Add(new FacetCount(chosen, 0));
        return facets;
    }

    public Pager Pager => Paging.For(Request, Result.Total, "Result pages");
}
