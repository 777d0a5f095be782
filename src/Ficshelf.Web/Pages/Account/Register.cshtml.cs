using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages.Account;

/// <summary>Sign-up on a shared server. The first account is the admin; later ones are readers.</summary>
[EnableRateLimiting(WebApp.SignInPolicy)]
public sealed class RegisterModel(IReaderStore store, IPasswordHasher<string> hasher, FicshelfWebOptions options) : PageModel
{
    public const int MinPasswordLength = 8;

    public bool AccountsEnabled => options.Accounts;
    public bool FirstAccount { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancel) => FirstAccount = options.Accounts && await store.CountUsersAsync(cancel) == 0;

    public async Task<IActionResult> OnPostAsync(string? name, string? password, string? confirm, CancellationToken cancel)
    {
        if (!options.Accounts) return Redirect("/");
        FirstAccount = await store.CountUsersAsync(cancel) == 0;
        name = name?.Trim();
        Error = string.IsNullOrEmpty(name) ? "Choose a name."
            : name.Length > 64 ? "A name is at most 64 characters."
            : (password ?? "").Length < MinPasswordLength ? $"A password needs at least {MinPasswordLength} characters."
            : password != confirm ? "The two passwords differ."
            : null;
        if (Error is not null) return Page();
        try
        {
            var user = await store.CreateUserAsync(name!, hasher.HashPassword(name!, password!), isAdmin: FirstAccount, cancel);
            await LoginModel.SignIn(HttpContext, user);
            return Redirect("/");
        }
        catch (ArchiveException e)
        {
            Error = char.ToUpperInvariant(e.Message[0]) + e.Message[1..] + ".";
            return Page();
        }
    }
}
