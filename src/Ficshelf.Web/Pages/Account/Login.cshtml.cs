using System.Globalization;
using System.Security.Claims;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Ficshelf.Web.Pages.Account;

[EnableRateLimiting(WebApp.SignInPolicy)]
public sealed class LoginModel(IReaderStore store, IPasswordHasher<string> hasher, FicshelfWebOptions options) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "returnUrl")] public string? ReturnUrl { get; set; }

    public bool AccountsEnabled => options.Accounts;
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? name, string? password, CancellationToken cancel)
    {
        if (!options.Accounts) return Redirect("/");
        var user = string.IsNullOrWhiteSpace(name) ? null : await store.FindUserAsync(name, cancel);
        var verdict = user is null || string.IsNullOrEmpty(password)
            ? PasswordVerificationResult.Failed
            : hasher.VerifyHashedPassword(user.Name, user.PasswordHash, password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            Error = "That name and password do not match an account.";
            return Page();
        }
        await SignIn(HttpContext, user);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    internal static Task SignIn(HttpContext context, UserAccount user)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)), new(ClaimTypes.Name, user.Name)];
        if (user.IsAdmin) claims.Add(new Claim(ClaimTypes.Role, ReaderContext.AdminRole));
        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }
}
