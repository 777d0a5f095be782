using System.Security.Claims;
using Ficshelf.Core.Storage;

namespace Ficshelf.Web.Services;

/// <summary>Who is reading this request: the local user (accounts off, always admin) or a signed-in account.</summary>
public sealed class ReaderContext
{
    public ReaderContext(IHttpContextAccessor accessor, FicshelfWebOptions options)
    {
        AccountsEnabled = options.Accounts;
        if (!options.Accounts)
        {
            UserId = IReaderStore.LocalUser;
            Name = "you";
            IsAdmin = true;
            IsSignedIn = true;
            return;
        }
        var user = accessor.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated == true && long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            UserId = id;
            Name = user.Identity.Name ?? "";
            IsAdmin = user.IsInRole(AdminRole);
            IsSignedIn = true;
        }
    }

    public const string AdminRole = "admin";

    public bool AccountsEnabled { get; }

    /// <summary>False only for an anonymous visitor of a server with accounts: they can browse and read but keep nothing.</summary>
    public bool IsSignedIn { get; }

    public long UserId { get; }
    public string Name { get; } = "";

    /// <summary>May import, delete, retag and wrangle.</summary>
    public bool IsAdmin { get; }
}
