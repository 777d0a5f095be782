using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>The reader's bookmarks (with notes) and reading history (policy: a signed-in reader, see WebApp).</summary>
public sealed class BookmarksModel(IWorkStore store, IReaderStore state, ReaderContext reader) : PageModel
{
    public List<WorkView> Bookmarked { get; private set; } = [];
    public List<WorkView> History { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancel)
    {
        Bookmarked = await WorkView.LoadAsync(store, state, reader, (await state.ListBookmarksAsync(reader.UserId, cancel: cancel)).Select(b => b.WorkId), cancel);
        History = await WorkView.LoadAsync(store, state, reader, (await state.ListProgressAsync(reader.UserId, 50, cancel)).Select(p => p.WorkId), cancel);
    }
}
