using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>A series as AO3 shows one: its works in reading order (part 1, 2, 3 …), a page at a time; a series the
/// archive holds no work of is a 404.</summary>
public sealed class SeriesModel(IWorkStore store, IReaderStore state, ReaderContext reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Name { get; set; } = "";

    public List<WorkView> Works { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager => Paging.For(Request, Total, "Pages of this series");

    public async Task<IActionResult> OnGetAsync(CancellationToken cancel)
    {
        Name = Name.Trim();
        var ids = Name.Length == 0 ? [] : await store.SeriesWorksAsync(Name, cancel);
        if (ids.Count == 0) return NotFound();
        Total = ids.Count;
        Works = await WorkView.LoadAsync(store, state, reader, Paging.Slice(ids, Paging.Page(Request), Paging.PageSize(Request)), cancel);
        return Page();
    }
}

/// <summary>Every series the archive's works belong to, by name, with how many of its works are here.</summary>
public sealed class SeriesIndexModel(IWorkStore store) : PageModel
{
    public IReadOnlyList<SeriesEntry> Series { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager => Paging.For(Request, Total, "Pages of series");

    public async Task OnGetAsync(CancellationToken cancel)
    {
        var all = await store.ListSeriesAsync(cancel);
        Total = all.Count;
        Series = Paging.Slice(all, Paging.Page(Request), Paging.PageSize(Request, 50)).ToList();
    }
}
