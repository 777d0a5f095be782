using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>One work: AO3's metadata block, then one chapter or the entire work, with the reader's bookmark and progress.</summary>
public sealed class WorkModel(IWorkStore store, IReaderStore readers, SearchService search, ReaderContext reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "chapter")] public int? RequestedChapter { get; set; }
    [BindProperty(SupportsGet = true, Name = "view")] public string? View { get; set; }

    public Work Work { get; private set; } = null!;
    public Bookmark? Bookmark { get; private set; }
    public ReadingProgress? Progress { get; private set; }
    public bool MarkedForLater { get; private set; }
    public ReaderContext Reader => reader;

    /// <summary>1-based; 0 when the entire work is shown.</summary>
    public int Chapter { get; private set; }
    public bool Resumed { get; private set; }
    public bool EntireWork => Chapter == 0;
    public IReadOnlyList<WorkView> Similar { get; private set; } = [];
    public string? Message { get; private set; }

    private IReaderStore? State => reader.IsSignedIn ? readers : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancel)
    {
        // Taken before the work is read: "More like this" worked out from it may be kept while nothing changes.
        var generation = search.Generation;
        if (!await LoadAsync(cancel)) return NotFound();
        var count = Work.Chapters.Count;
        if (RequestedChapter is { } asked && (asked < 1 || asked > Math.Max(1, count))) return NotFound(); // no such chapter
        if (View == "full" || count <= 1)
        {
            Chapter = 0;
        }
        else if (RequestedChapter is { } requested)
        {
            Chapter = Math.Clamp(requested, 1, count);
        }
        else if (Progress is { Chapter: > 1 } progress)
        {
            // Opening a work again resumes where the reader left off.
            Chapter = Math.Min(progress.Chapter, count);
            Resumed = true;
        }
        else
        {
            Chapter = 1;
        }
        // The chapter shown is where the reader is; a one-chapter work is simply started.
        var reached = Chapter > 0 ? Chapter : count <= 1 ? 1 : 0;
        if (reached > 0 && State is { } state && Progress?.Chapter != reached)
        {
            await state.SetProgressAsync(reader.UserId, Id, reached, cancel);
            Progress = await state.GetProgressAsync(reader.UserId, Id, cancel);
        }
        Similar = await WorkView.LoadAsync(store, readers, reader, search.MoreLikeThis(Work, 4, generation).Select(h => h.WorkId).Where(id => id != Id), cancel);
        return Page();
    }

    // Bookmarking, marking read and deleting are endpoints of their own with their policies: see WorkActions.

    private async Task<bool> LoadAsync(CancellationToken cancel)
    {
        if (await store.GetWorkAsync(Id, cancel) is not { } work) return false;
        Work = work;
        if (State is { } state)
        {
            (Bookmark, Progress) = (await state.GetReaderStateAsync(reader.UserId, [Id], cancel))[Id];
            MarkedForLater = await state.IsMarkedForLaterAsync(reader.UserId, Id, cancel);
        }
        Message = Request.Query["message"] == "bookmarked" ? "Bookmarked." : null;
        return true;
    }

    public string ChapterUrl(int chapter) => $"/works/{Id}?chapter={chapter}";
}
