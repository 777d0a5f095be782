using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>Upload several story files at once; each gets its own result, a failure its reason (policy: admin, see WebApp).</summary>
public sealed class UploadModel(IArchiveStore store, UploadService uploads, FicshelfWebOptions options) : PageModel
{
    public IReadOnlyList<UploadResult>? Results { get; private set; }
    public string Limits => $"Up to {FicshelfWebOptions.Megabytes(options.MaxFileBytes)} per file and {FicshelfWebOptions.Megabytes(options.MaxUploadBytes)} per upload.";

    public long MaxUploadBytes => options.MaxUploadBytes;
    public string MaxUploadText => FicshelfWebOptions.Megabytes(options.MaxUploadBytes);

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(List<IFormFile> files, CancellationToken cancel)
    {
        Results = files.Count == 0
            ? [new UploadResult("(nothing)", "failed", null, null, null, "no files were chosen")]
            : await uploads.ImportAsync(store, files, cancel);
        return Page();
    }
}
