using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>The reader's bookmarks (with notes), a page at a time (policy: a signed-in reader, see WebApp); the
/// reading history is its own page (/history).</summary>
public sealed class BookmarksModel(IWorkStore store, IReaderStore state, ReaderContext reader) : PageModel
{
    public List<WorkView> Bookmarked { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager => Paging.For(Request, Total, "Bookmark pages");

    public async Task OnGetAsync(CancellationToken cancel)
    {
        // Counted and paged in the database: a long list is never read whole.
        Total = await state.CountBookmarksAsync(reader.UserId, cancel);
        var size = Paging.PageSize(Request);
        var page = await state.ListBookmarksAsync(reader.UserId, size, (Paging.Page(Request) - 1) * size, cancel);
        Bookmarked = await WorkView.LoadAsync(store, state, reader, page.Select(b => b.WorkId), cancel);
    }
}
