using System.Net.Http.Headers;
using System.Text;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Identity;

namespace Ficshelf.Web.Readers;

/// <summary>What a device (an OPDS app, KOReader) proved about who it reads for.</summary>
public enum DeviceSignInOutcome
{
    /// <summary>No credentials were sent: an anonymous visitor (or, with accounts off, the local reader).</summary>
    Anonymous,

    SignedIn,

    /// <summary>Credentials were sent and do not match an account.</summary>
    Refused,
}

public sealed record DeviceReader(DeviceSignInOutcome Outcome, long UserId, string Name)
{
    public bool CanKeepState => Outcome == DeviceSignInOutcome.SignedIn;
}

/// <summary>
/// Sign-in for programs that cannot hold a cookie: HTTP Basic with the account's own name and password (OPDS apps).
/// With accounts off the one local reader reads, whatever is sent. A browser already signed in keeps its cookie identity.
/// </summary>
public static class DeviceSignIn
{
    public const string Realm = "Ficshelf";

    public static DeviceReader FromBasic(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<FicshelfWebOptions>();
        if (!options.Accounts) return new DeviceReader(DeviceSignInOutcome.SignedIn, IReaderStore.LocalUser, "you");
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            var cookie = context.RequestServices.GetRequiredService<ReaderContext>();
            return cookie.IsSignedIn
                ? new DeviceReader(DeviceSignInOutcome.SignedIn, cookie.UserId, cookie.Name)
                : new DeviceReader(DeviceSignInOutcome.Anonymous, 0, "");
        }
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)); }
        catch (FormatException) { return new DeviceReader(DeviceSignInOutcome.Refused, 0, ""); }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return new DeviceReader(DeviceSignInOutcome.Refused, 0, "");
        var user = VerifyPassword(context, decoded[..colon], decoded[(colon + 1)..]);
        return user is null ? new DeviceReader(DeviceSignInOutcome.Refused, 0, "") : new DeviceReader(DeviceSignInOutcome.SignedIn, user.Id, user.Name);
    }

    /// <summary>The account when <paramref name="password"/> is its password (checked against the stored hash).</summary>
    public static UserAccount? VerifyPassword(HttpContext context, string name, string password)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password)) return null;
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        var hasher = context.RequestServices.GetRequiredService<IPasswordHasher<string>>();
        var user = store.FindUser(name);
        if (user is null) return null;
        return hasher.VerifyHashedPassword(user.Name, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    /// <summary>The 401 that makes an OPDS app ask for the name and password.</summary>
    public static IResult Challenge(HttpContext context, string message)
    {
        context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        return TypedResults.Text(message, "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status401Unauthorized);
    }
}
