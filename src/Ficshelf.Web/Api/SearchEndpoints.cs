using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Pages;
using static Ficshelf.Web.Api.ApiEndpoints;

namespace Ficshelf.Web.Api;

/// <summary>/api/search: the query string syntax, or a SearchQuery object.</summary>
public static class SearchEndpoints
{
    public static void MapSearch(this RouteGroupBuilder api)
    {
        api.MapGet("/search", async Task<IResult> (IWorkStore store, SearchService search, string? q, int? page, int? pageSize, CancellationToken cancel) =>
        {
            SearchQuery query;
            try
            {
                query = SearchQueryParser.Parse(q);
            }
            catch (FormatException e)
            {
                return BadRequest(e.Message);
            }
            if (page is not null) query = query with { Page = Math.Max(1, page.Value) };
            if (pageSize is not null) query = query with { PageSize = Math.Clamp(pageSize.Value, 1, 200) };
            return TypedResults.Ok(await Search(store, search, query, cancel));
        }).Produces<SearchResponse>().Produces<ErrorResponse>(StatusCodes.Status400BadRequest).WithName("Search").WithSummary("Search with the query string syntax: words, \"phrases\", +character:\"Name\", -freeform:Tag, words:1000-5000, complete:yes, sort:words, page:/per:.");

        api.MapPost("/search", (IWorkStore store, SearchService search, SearchQuery query, CancellationToken cancel) =>
            Search(store, search, query with { Page = Math.Max(1, query.Page), PageSize = Math.Clamp(query.PageSize, 1, 200) }, cancel))
            .WithMetadata(ReadsOnly.Instance).WithName("SearchQuery").WithSummary("Search with a SearchQuery object (the same the query string parses to).");
    }

    private static async Task<SearchResponse> Search(IWorkStore store, SearchService search, SearchQuery query, CancellationToken cancel)
    {
        var result = search.Search(query);
        var hits = new List<SearchHitDto>();
        var blurbs = (await store.GetBlurbsAsync(result.Hits.Select(h => h.WorkId).ToList(), cancel)).ToDictionary(b => b.Id);
        foreach (var hit in result.Hits)
        {
            if (!blurbs.TryGetValue(hit.WorkId, out var work)) continue;
            hits.Add(new SearchHitDto(work.Id, hit.Score, work.Title, work.Authors, work.WordCount, work.ChapterCount, work.Complete,
                Present.TagsIn(work, TagCategory.Fandom).Select(t => t.Name).ToList(),
                Present.TagsIn(work, TagCategory.Relationship).Select(t => t.Name).ToList(), work.Summary));
        }
        return new SearchResponse(SearchQueryParser.Format(query), result.Total, query.Page, query.PageSize, hits, result.Facets);
    }
}
