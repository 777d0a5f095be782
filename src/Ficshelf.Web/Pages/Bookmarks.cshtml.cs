using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>The reader's bookmarks (with notes) and reading history.</summary>
public sealed class BookmarksModel(IWorkStore store, IReaderStore state, ReaderContext reader) : PageModel
{
    public List<WorkView> Bookmarked { get; private set; } = [];
    public List<WorkView> History { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (!reader.IsSignedIn) return Challenge();
        Bookmarked = WorkView.Load(store, state, reader, state.ListBookmarks(reader.UserId).Select(b => b.WorkId));
        History = WorkView.Load(store, state, reader, state.ListProgress(reader.UserId, 50).Select(p => p.WorkId));
        return Page();
    }
}
