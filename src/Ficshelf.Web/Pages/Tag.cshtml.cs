using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>A tag: how it is wrangled (canonical, synonyms, parents, subtags) and the works it finds, synonyms and subtags included.</summary>
public sealed class TagModel(IWorkStore store, ITagStore tags, IReaderStore state, SearchService search, ReaderContext reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Category { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Name { get; set; } = "";
    public int PageNumber => Paging.Page(Request);

    public Tag Tag { get; private set; } = null!;
    public TagInfo? Info { get; private set; }
    public Tag Canonical { get; private set; } = null!;
    public IReadOnlyList<Tag> Synonyms { get; private set; } = [];
    public IReadOnlyList<Tag> Parents { get; private set; } = [];
    public IReadOnlyList<Tag> Children { get; private set; } = [];
    public SearchResult Result { get; private set; } = SearchResult.Empty;
    public List<WorkView> Works { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancel)
    {
        if (!TagNames.TryParseCategory(Category, out var category) || string.IsNullOrWhiteSpace(Name)) return NotFound();
        Tag = new Tag(category, Name);
        var graph = await tags.LoadTagGraphAsync(cancel);
        Info = graph.Find(Tag);
        Canonical = graph.Canonical(Tag);
        Synonyms = graph.SynonymsOf(Tag).Where(t => !TagComparer.Instance.Equals(t, Tag)).ToList();
        Parents = graph.ParentsOf(Tag);
        Children = graph.ChildrenOf(Tag);
        Result = search.Search(new SearchQuery { Include = [Tag], Sort = SearchSort.DateImported, Page = PageNumber, PageSize = Paging.PageSize(Request), FacetsPerCategory = 0 });
        // A tag the archive does not know and that finds nothing is not a page.
        if (Info is null && Result.Total == 0) return NotFound();
        Works = await WorkView.LoadAsync(store, state, reader, Result.Hits.Select(h => h.WorkId), cancel);
        return Page();
    }

    public Pager Pager => Paging.For(Request, Result.Total, "Tag pages");
}
