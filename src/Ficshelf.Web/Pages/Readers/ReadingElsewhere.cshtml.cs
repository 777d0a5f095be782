using Ficshelf.Core.Storage;
using Ficshelf.Web.KoSync;
using Ficshelf.Web.Readers;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Ficshelf.Web.Pages.Readers;

/// <summary>Settings → Reading elsewhere: the OPDS address, linking KOReader's sync, and the "Save to Ficshelf" bookmarklet (the reader policy, see WebApp).</summary>
[EnableRateLimiting(WebApp.SignInPolicy)]
public sealed class ReadingElsewhereModel(IArchiveStore store, ReaderContext reader, ReaderSideStore side, IPasswordHasher<string> hasher) : PageModel
{
    public ReaderContext Reader => reader;
    public string BaseUrl => $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
    public bool KoreaderLinked { get; private set; }
    public bool HasCaptureToken { get; private set; }
    public bool MayImport => reader.IsAdmin;

    /// <summary>Shown once, right after it is made; only its hash is kept.</summary>
    public string? NewCaptureToken { get; private set; }
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public IActionResult OnGet()
    {
        Load();
        return Page();
    }

    /// <summary>KOReader sends the MD5 of the password; the account's password (checked here) gives that key, kept hashed.</summary>
    public IActionResult OnPostLinkKoreader(string? password)
    {
        if (!reader.AccountsEnabled)
        {
            Message = "Accounts are off on this server: KOReader syncs with any name and password.";
        }
        else if (store.GetUser(reader.UserId) is not { } user || string.IsNullOrEmpty(password)
                 || hasher.VerifyHashedPassword(user.Name, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            Error = "That is not your password: KOReader was not linked.";
        }
        else
        {
            side.SetSyncKeyHash(user.Id, hasher.HashPassword(user.Name, KoreaderHash.Key(password)));
            Message = $"KOReader linked: log in there as {user.Name} with this password.";
        }
        Load();
        return Page();
    }

    public IActionResult OnPostCaptureToken()
    {
        if (!MayImport)
        {
            Error = "Only an admin may import on this server, so the bookmarklet is for admins.";
        }
        else
        {
            NewCaptureToken = CaptureTokens.Issue(side, reader.UserId);
            Message = "A new capture token: the bookmarklet below carries it, and any earlier one stops working.";
        }
        Load();
        return Page();
    }

    private void Load()
    {
        KoreaderLinked = !reader.AccountsEnabled || side.GetSyncKeyHash(reader.UserId) is not null;
        HasCaptureToken = side.HasCaptureToken(reader.UserId);
    }

    public string Bookmarklet(string token) => CaptureTokens.Bookmarklet(BaseUrl, token);
}
