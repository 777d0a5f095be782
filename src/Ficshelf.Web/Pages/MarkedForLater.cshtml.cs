using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>
/// AO3's "Marked for Later": the works a reader means to read, newest mark first, a page at a time (paged in the
/// database), and the mark and un-mark actions the work page and this list post to (policy: a signed-in reader,
/// declared on the whole page in WebApp).
/// </summary>
public sealed class MarkedForLaterModel(IWorkStore store, IReaderStore state, ReaderContext reader) : PageModel
{
    public List<WorkView> Works { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager => Paging.For(Request, Total, "Marked for later pages");

    public async Task OnGetAsync(CancellationToken cancel)
    {
        Total = await state.CountMarkedForLaterAsync(reader.UserId, cancel);
        var size = Paging.PageSize(Request);
        var marked = await state.ListMarkedForLaterAsync(reader.UserId, size, (Paging.Page(Request) - 1) * size, cancel);
        Works = await WorkView.LoadAsync(store, state, reader, marked.Select(m => m.WorkId), cancel);
    }

    public Task<IActionResult> OnPostMarkAsync(long work, string? returnUrl, CancellationToken cancel) => Set(work, true, returnUrl, cancel);

    public Task<IActionResult> OnPostUnmarkAsync(long work, string? returnUrl, CancellationToken cancel) => Set(work, false, returnUrl, cancel);

    private async Task<IActionResult> Set(long work, bool marked, string? returnUrl, CancellationToken cancel)
    {
        if (marked && await store.GetWorkAsync(work, cancel) is null) return NotFound();
        await state.SetMarkedForLaterAsync(reader.UserId, work, marked, cancel);
        // Back where the reader was (this list or the work), never to another site.
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/later");
    }
}
