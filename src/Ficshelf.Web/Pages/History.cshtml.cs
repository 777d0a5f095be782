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
        var all = await state.ListProgressAsync(reader.UserId, int.MaxValue, cancel);
        Total = all.Count;
        Works = await WorkView.LoadAsync(store, state, reader, Paging.Slice(all, Paging.Page(Request), Paging.PageSize(Request)).Select(p => p.WorkId), cancel);
    }
}
