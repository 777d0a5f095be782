using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>The reader's history: every work opened, the latest first, a page at a time.</summary>
public sealed class HistoryModel(IArchiveStore store, ReaderContext reader) : PageModel
{
    public List<WorkView> Works { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager => Paging.For(Request, Total, "History pages");

    public IActionResult OnGet()
    {
        if (!reader.IsSignedIn) return Challenge();
        var all = ArchiveAccess.Reader(store).ListProgress(reader.UserId, int.MaxValue);
        Total = all.Count;
        Works = WorkView.Load(store, reader, Paging.Slice(all, Paging.Page(Request), Paging.PageSize(Request)).Select(p => p.WorkId));
        return Page();
    }
}
