using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>One work: AO3's metadata block, then one chapter or the entire work, with the reader's bookmark and progress.</summary>
public sealed class WorkModel(IArchiveStore store, SearchService search, ReaderContext reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "chapter")] public int? RequestedChapter { get; set; }
    [BindProperty(SupportsGet = true, Name = "view")] public string? View { get; set; }

    public Work Work { get; private set; } = null!;
    public Bookmark? Bookmark { get; private set; }
    public ReadingProgress? Progress { get; private set; }
    public ReaderContext Reader => reader;

    /// <summary>1-based; 0 when the entire work is shown.</summary>
    public int Chapter { get; private set; }
    public bool Resumed { get; private set; }
    public bool EntireWork => Chapter == 0;
    public IReadOnlyList<WorkView> Similar { get; private set; } = [];
    public string? Message { get; private set; }

    private IReaderStore? State => reader.IsSignedIn ? store as IReaderStore : null;

    public IActionResult OnGet()
    {
        if (!Load()) return NotFound();
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
            state.SetProgress(reader.UserId, Id, reached);
            Progress = state.GetProgress(reader.UserId, Id);
        }
        Similar = WorkView.Load(store, reader, search.MoreLikeThis(Id, 4).Select(h => h.WorkId).Where(id => id != Id));
        return Page();
    }

    public IActionResult OnPostBookmark(string? note)
    {
        if (State is not { } state) return Challenge();
        if (store.GetWork(Id) is null) return NotFound();
        state.SetBookmark(reader.UserId, Id, note);
        return RedirectToPage(new { Id, chapter = RequestedChapter, message = "bookmarked" });
    }

    public IActionResult OnPostUnbookmark()
    {
        if (State is not { } state) return Challenge();
        state.RemoveBookmark(reader.UserId, Id);
        return RedirectToPage(new { Id, chapter = RequestedChapter });
    }

    public IActionResult OnPostRead(bool read)
    {
        if (State is not { } state) return Challenge();
        if (store.GetWork(Id) is null) return NotFound();
        state.SetRead(reader.UserId, Id, read);
        return RedirectToPage(new { Id, chapter = RequestedChapter });
    }

    public IActionResult OnPostDelete()
    {
        if (!reader.IsAdmin) return reader.IsSignedIn ? Forbid() : Challenge();
        if (!store.DeleteWork(Id)) return NotFound();
        search.WorksChanged([Id]);
        return Redirect("/search?deleted=" + Id);
    }

    private bool Load()
    {
        if (store.GetWork(Id) is not { } work) return false;
        Work = work;
        Bookmark = State?.GetBookmark(reader.UserId, Id);
        Progress = State?.GetProgress(reader.UserId, Id);
        Message = Request.Query["message"] == "bookmarked" ? "Bookmarked." : null;
        return true;
    }

    public string ChapterUrl(int chapter) => $"/works/{Id}?chapter={chapter}";
}
