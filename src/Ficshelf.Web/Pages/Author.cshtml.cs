using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>An author's works (author:NAME), newest first, a page at a time; an author with no works here is a 404.</summary>
public sealed class AuthorModel(IWorkStore store, IReaderStore state, SearchService search, ReaderContext reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Name { get; set; } = "";

    public SearchResult Result { get; private set; } = SearchResult.Empty;
    public List<WorkView> Works { get; private set; } = [];
    public Pager Pager => Paging.For(Request, Result.Total, "Pages of this author's works");
    public string SearchQueryText => SearchQueryParser.Format(new SearchQuery { Authors = [Name] });

    public async Task<IActionResult> OnGetAsync(CancellationToken cancel)
    {
        Name = Name.Trim();
        if (Name.Length == 0) return NotFound();
        await search.RefreshIfArchiveChangedAsync(TimeSpan.FromSeconds(1), cancel: cancel);
        Result = search.Search(new SearchQuery
        {
            Authors = [Name], Sort = SearchSort.DateImported, Page = Paging.Page(Request), PageSize = Paging.PageSize(Request), FacetsPerCategory = 0,
        });
        if (Result.Total == 0) return NotFound();
        Works = await WorkView.LoadAsync(store, state, reader, Result.Hits.Select(h => h.WorkId), cancel);
        return Page();
    }
}
