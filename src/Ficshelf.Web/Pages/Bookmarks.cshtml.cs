using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>The reader's bookmarks (with notes), a page at a time; the reading history is its own page (/history).</summary>
public sealed class BookmarksModel(IArchiveStore store, ReaderContext reader) : PageModel
{
    public List<WorkView> Bookmarked { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager => Paging.For(Request, Total, "Bookmark pages");

    public IActionResult OnGet()
    {
        if (!reader.IsSignedIn) return Challenge();
        var state = ArchiveAccess.Reader(store);
        var all = state.ListBookmarks(reader.UserId, int.MaxValue);
        Total = all.Count;
        Bookmarked = WorkView.Load(store, reader, Paging.Slice(all, Paging.Page(Request), Paging.PageSize(Request)).Select(b => b.WorkId));
        return Page();
    }
}
