using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>The reader's history: every work opened, the latest first, a page at a time (policy: a signed-in reader).</summary>
public sealed class HistoryModel(IWorkStore store, IReaderStore state, ReaderContext reader) : PageModel
{
    public List<WorkView> Works { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager => Paging.For(Request, Total, "History pages");

    public async Task OnGetAsync(CancellationToken cancel)
    {
        // Counted and paged in the database: a long history is never read whole.
        Total = await state.CountProgressAsync(reader.UserId, cancel);
        var size = Paging.PageSize(Request);
        var page = await state.ListProgressAsync(reader.UserId, size, (Paging.Page(Request) - 1) * size, cancel);
        Works = await WorkView.LoadAsync(store, state, reader, page.Select(p => p.WorkId), cancel);
    }
}
