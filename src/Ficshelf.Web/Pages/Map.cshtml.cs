using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>
/// The relationship map of the archive, a fandom or a search (the same query parameters as /search): characters as
/// nodes, the most-written relationships as edges weighted by works, romantic and platonic told apart; every node
/// and edge opens its works, and a table says the same in words.
/// </summary>
public sealed class MapModel(SearchService search) : PageModel
{
    /// <summary>The most-written relationships drawn: more turns the picture into a hairball.</summary>
    public const int MaxRelationships = 40;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Text { get; set; }
    [BindProperty(SupportsGet = true, Name = "inc")] public List<string> IncludeValues { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "exc")] public List<string> ExcludeValues { get; set; } = [];

    public SearchQuery Query { get; private set; } = new();
    public int Total { get; private set; }
    public int RelationshipsInResult { get; private set; }
    public RelationshipMap Map { get; private set; } = RelationshipMap.Build([], _ => "");
    public IReadOnlyList<FacetCount> Fandoms { get; private set; } = [];
    public string? Error { get; private set; }
    public bool WholeArchive => Query.HasText is false && Query.Include.Count == 0 && Query.Exclude.Count == 0 && Query.Authors.Count == 0;
    public string FormattedQuery => SearchQueryParser.Format(Query with { Page = 1, PageSize = 20, FacetsPerCategory = 10 }).Trim();

    public void OnGet()
    {
        search.RefreshIfArchiveChanged(TimeSpan.FromSeconds(1));
        Query = SearchModel.BuildQuery(Text, IncludeValues, ExcludeValues, null, null, null, null, 1, 1) with { FacetsPerCategory = MaxRelationships };
        SearchResult result;
        try { result = search.Search(Query); }
        catch (SearchBudgetExceededException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Total = result.Total;
        var relationships = result.Facets.GetValueOrDefault(TagCategory.Relationship) ?? [];
        RelationshipsInResult = relationships.Count;
        Map = RelationshipMap.Build(relationships, SearchUrl);
        Fandoms = (result.Facets.GetValueOrDefault(TagCategory.Fandom) ?? []).Take(12).ToList();
    }

    /// <summary>This page's search narrowed to the tag: a click on a node or an edge shows those works.</summary>
    private string SearchUrl(Tag tag) => "/search" + QueryString.Create(Narrowed(Present.TagValue(tag))).ToUriComponent();

    /// <summary>The map of this page's works in one fandom.</summary>
    public string FandomMapUrl(Tag fandom) => "/map" + QueryString.Create(Narrowed(Present.TagValue(fandom))).ToUriComponent();

    private IEnumerable<KeyValuePair<string, string?>> Narrowed(string include) =>
        Request.Query.Where(kv => kv.Key is "q" or "inc" or "exc")
            .SelectMany(kv => kv.Value.Select(v => KeyValuePair.Create(kv.Key, v)))
            .Where(kv => !(kv.Key == "inc" && string.Equals(kv.Value, include, StringComparison.OrdinalIgnoreCase)))
            .Append(KeyValuePair.Create("inc", (string?)include));
}
