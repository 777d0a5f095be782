using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")] public int? Status { get; set; }

    public string Heading => Status switch { 404 => "Not found", 403 => "Not allowed", 400 => "Bad request", 413 => "Too large", 429 => "Too many attempts", _ => "Something went wrong" };

    public string Explanation => Status switch
    {
        404 => "There is no such page or work in this archive.",
        403 => "Your account may not do that: only an admin imports, deletes and wrangles.",
        400 => "The request could not be used (a form that expired? Reload the page and try again).",
        413 => "The upload is larger than this server accepts.",
        429 => "Too many sign-in attempts from here: wait a minute and try again.",
        _ => "The server could not finish this request. The archive is unchanged.",
    };

    public void OnGet() => Respond();
    public void OnPost() => Respond();

    private void Respond()
    {
        // Re-executed for a status code: keep that status rather than turning the error page into a 200.
        if (Status is { } status && status >= 400) Response.StatusCode = status;
    }
}
