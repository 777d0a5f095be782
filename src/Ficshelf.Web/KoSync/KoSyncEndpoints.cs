using System.Globalization;
using System.Text.Json.Serialization;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Readers;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Identity;

namespace Ficshelf.Web.KoSync;

/// <summary>The body of KOReader's PUT /syncs/progress (its sync plugin's api.json: document, progress, percentage, device, device_id).</summary>
public sealed record KoSyncProgressBody(
    [property: JsonPropertyName("document")] string? Document,
    [property: JsonPropertyName("progress")] string? Progress,
    [property: JsonPropertyName("percentage")] double? Percentage,
    [property: JsonPropertyName("device")] string? Device,
    [property: JsonPropertyName("device_id")] string? DeviceId);

public sealed record KoSyncUserBody([property: JsonPropertyName("username")] string? Username, [property: JsonPropertyName("password")] string? Password);

/// <summary>
/// KOReader's progress sync (the kosync protocol its sync plugin speaks to koreader-sync-server): POST /users/create,
/// GET /users/auth, PUT /syncs/progress, GET /syncs/progress/{document}, with x-auth-user / x-auth-key (the MD5 of the
/// password). On a server with accounts the account is the web reader's, linked once on Settings → Reading elsewhere
/// (the web never sees KOReader's key otherwise). A document that is a work's exported EPUB moves that work's reading
/// progress (its chapter) both ways; any other document is kept for the device as a plain sync server would.
/// Served at the root and under /kosync (either can be KOReader's "custom sync server").
/// </summary>
public static class KoSyncEndpoints
{
    public static void MapKoSync(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "", "/kosync" })
        {
            var group = app.MapGroup(prefix).WithTags("KOReader sync").ExcludeFromDescription();
            group.MapPost("/users/create", Create);
            group.MapGet("/users/auth", (HttpContext context) => Authorize(context) is null ? Unauthorized() : Json(new { authorized = "OK" }));
            group.MapPut("/syncs/progress", Update);
            group.MapGet("/syncs/progress/{document}", Get);
            group.MapGet("/healthcheck", () => Json(new { state = "OK" }));
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<object> Json(object body, int status = StatusCodes.Status200OK) => TypedResults.Json(body, statusCode: status);

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<object> Unauthorized() => Json(new { code = 2001, message = "Unauthorized" }, StatusCodes.Status401Unauthorized);

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<object> Create(HttpContext context, KoSyncUserBody? body)
    {
        var options = context.RequestServices.GetRequiredService<FicshelfWebOptions>();
        if (string.IsNullOrWhiteSpace(body?.Username) || string.IsNullOrWhiteSpace(body.Password))
            return Json(new { code = 2003, message = "Invalid request" }, StatusCodes.Status400BadRequest);
        if (!options.Accounts) return Json(new { username = body.Username }, StatusCodes.Status201Created);
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        // KOReader's "Register": the account is the web reader's; registering it again is what the protocol calls taken.
        if (store.FindUser(body.Username) is not null)
            return Json(new { code = 2002, message = "Username is already registered." }, StatusCodes.Status402PaymentRequired);
        return Json(new { code = 2005, message = "Create the account on the Ficshelf web site, then link KOReader under Settings → Reading elsewhere, and log in here." },
            StatusCodes.Status403Forbidden);
    }

    /// <summary>The reader the request's x-auth-user / x-auth-key name, or null.</summary>
    private static DeviceReader? Authorize(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<FicshelfWebOptions>();
        var name = context.Request.Headers["x-auth-user"].ToString();
        var key = context.Request.Headers["x-auth-key"].ToString();
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(key)) return null;
        if (!options.Accounts) return new DeviceReader(DeviceSignInOutcome.SignedIn, IReaderStore.LocalUser, name);
        var user = context.RequestServices.GetRequiredService<IArchiveStore>().FindUser(name);
        var side = context.RequestServices.GetRequiredService<ReaderSideStore>();
        if (user is null || side.GetSyncKeyHash(user.Id) is not { } keyHash) return null;
        var hasher = context.RequestServices.GetRequiredService<IPasswordHasher<string>>();
        return hasher.VerifyHashedPassword(user.Name, keyHash, key.Trim().ToLowerInvariant()) == PasswordVerificationResult.Failed
            ? null
            : new DeviceReader(DeviceSignInOutcome.SignedIn, user.Id, user.Name);
    }

    private static IResult Update(HttpContext context, KoSyncProgressBody? body)
    {
        if (Authorize(context) is not { } reader) return Unauthorized();
        if (string.IsNullOrWhiteSpace(body?.Document) || body.Progress is null || body.Percentage is null || body.Device is null || body.DeviceId is null)
            return Json(new { code = 2003, message = "Invalid request" }, StatusCodes.Status400BadRequest);
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        var side = context.RequestServices.GetRequiredService<ReaderSideStore>();
        var known = context.RequestServices.GetRequiredService<KoreaderDocuments>().Find(store, body.Document);
        int? chapter = known is null ? null : ChapterAt(known, body.Progress, body.Percentage.Value);
        var now = DateTimeOffset.UtcNow;
        side.SetDeviceProgress(reader.UserId, new DeviceProgress(body.Document, body.Progress, body.Percentage.Value, body.Device, body.DeviceId, now, known?.WorkId, chapter));
        if (known is not null && chapter is > 0 && store.GetWork(known.WorkId) is not null)
        {
            var progress = store;
            progress.SetProgress(reader.UserId, known.WorkId, chapter.Value);
            // Reading to the end on the device marks the work read, as finishing it on the web does.
            if (body.Percentage.Value >= 0.999) progress.SetRead(reader.UserId, known.WorkId, true);
        }
        return Json(new { document = body.Document, timestamp = now.ToUnixTimeSeconds() });
    }

    private static IResult Get(HttpContext context, string document)
    {
        if (Authorize(context) is not { } reader) return Unauthorized();
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        var side = context.RequestServices.GetRequiredService<ReaderSideStore>();
        var device = side.GetDeviceProgress(reader.UserId, document);
        var known = context.RequestServices.GetRequiredService<KoreaderDocuments>().Find(store, document);
        var web = known is null ? null : store.GetProgress(reader.UserId, known.WorkId);
        // The web reader moved on since the device last synced (or the device never did): answer with the web's chapter.
        if (known is not null && web is not null && (device is null || (web.UpdatedAt > device.UpdatedAt && web.Chapter != device.Chapter)))
        {
            var fragment = FragmentOf(known, web.Chapter);
            return Json(new
            {
                document,
                progress = $"/body/DocFragment[{fragment.ToString(CultureInfo.InvariantCulture)}]/body",
                percentage = Math.Round((double)(fragment - 1) / Math.Max(1, known.SpineChapters.Count), 4),
                device = "Ficshelf web reader",
                device_id = "ficshelf-web",
                timestamp = web.UpdatedAt.ToUnixTimeSeconds(),
            });
        }
        if (device is null) return Json(new { });
        return Json(new
        {
            document,
            progress = device.Progress,
            percentage = device.Percentage,
            device = device.Device,
            device_id = device.DeviceId,
            timestamp = device.UpdatedAt.ToUnixTimeSeconds(),
        });
    }

    /// <summary>The chapter a KOReader position is in: its XPointer's DocFragment (the spine item), else its percentage.</summary>
    internal static int ChapterAt(KnownDocument document, string progress, double percentage)
    {
        var spine = document.SpineChapters;
        if (spine.Count == 0) return 0;
        const string marker = "/body/DocFragment[";
        var at = progress.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            var start = at + marker.Length;
            var end = progress.IndexOf(']', start);
            if (end > start && int.TryParse(progress.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var fragment) && fragment >= 1)
                return Math.Max(1, spine[Math.Min(fragment, spine.Count) - 1]);
        }
        var index = (int)Math.Clamp(Math.Floor(percentage * spine.Count), 0, spine.Count - 1);
        return Math.Max(1, spine[index]);
    }

    /// <summary>The 1-based spine item (DocFragment) where a chapter starts.</summary>
    internal static int FragmentOf(KnownDocument document, int chapter)
    {
        for (var i = 0; i < document.SpineChapters.Count; i++)
            if (document.SpineChapters[i] >= chapter) return i + 1;
        return Math.Max(1, document.SpineChapters.Count);
    }
}
