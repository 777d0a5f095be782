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

    public void OnGet() => FirstAccount = options.Accounts && store.CountUsers() == 0;

    public async Task<IActionResult> OnPostAsync(string? name, string? password, string? confirm)
    {
        if (!options.Accounts) return Redirect("/");
        var state = store;
        FirstAccount = state.CountUsers() == 0;
        name = name?.Trim();
        Error = string.IsNullOrEmpty(name) ? "Choose a name."
            : name.Length > 64 ? "A name is at most 64 characters."
            : (password ?? "").Length < MinPasswordLength ? $"A password needs at least {MinPasswordLength} characters."
            : password != confirm ? "The two passwords differ."
            : null;
        if (Error is not null) return Page();
        try
        {
            var user = state.CreateUser(name!, hasher.HashPassword(name!, password!), isAdmin: FirstAccount);
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
