using System.Text;
using System.Text.Json.Serialization;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Documents;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Api;
using Ficshelf.Web.Readers;
using Ficshelf.Web.Services;

namespace Ficshelf.Web.Capture;

public sealed record CaptureRequest(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("html")] string? Html);

public sealed record CaptureResponse(string Message, string Outcome, long? WorkId, string? WorkUrl);

/// <summary>
/// POST /api/capture: the "Save to Ficshelf" bookmarklet sends the page the reader is on (its URL and HTML) with their
/// capture token. The token — never a cookie — says who is saving; CORS allows any page to call this one endpoint, without
/// credentials, so another site can post here only with a token it was given. The page is imported like an upload, with
/// its URL as the source (the file name) and, when the copy does not say, the platform's story id read from the URL.
/// </summary>
public static class CaptureEndpoints
{
    public const string Path = "/api/capture";

    public static void MapCapture(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Options], (HttpContext context) =>
        {
            AllowAnyPage(context);
            context.Response.Headers.AccessControlAllowMethods = "POST";
            context.Response.Headers.AccessControlAllowHeaders = "Content-Type";
            context.Response.Headers.AccessControlMaxAge = "600";
            return TypedResults.NoContent();
        }).ExcludeFromDescription();
        app.MapPost(Path, Capture).WithTags("Ficshelf").WithName("Capture")
            .WithSummary("Imports a page sent by the Save to Ficshelf bookmarklet (token, url, html in a JSON body).");
    }

    private static void AllowAnyPage(HttpContext context) => context.Response.Headers.AccessControlAllowOrigin = "*";

    private static async Task<IResult> Capture(HttpContext context, CaptureRequest? request)
    {
        AllowAnyPage(context);
        var side = context.RequestServices.GetRequiredService<ReaderSideStore>();
        var options = context.RequestServices.GetRequiredService<FicshelfWebOptions>();
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        if (CaptureTokens.UserOf(side, request?.Token) is not { } userId)
            return TypedResults.Json(new ErrorResponse("No valid capture token: make one under Settings → Reading elsewhere and install the bookmarklet again."), statusCode: StatusCodes.Status401Unauthorized);
        if (options.Accounts && store.GetUser(userId) is not { IsAdmin: true })
            return TypedResults.Json(new ErrorResponse("Only an admin may import works on this server."), statusCode: StatusCodes.Status403Forbidden);
        if (!Uri.TryCreate(request!.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return TypedResults.BadRequest(new ErrorResponse("The capture needs the page's http(s) URL."));
        if (string.IsNullOrWhiteSpace(request.Html))
            return TypedResults.BadRequest(new ErrorResponse("The capture holds no page HTML."));

        var uploads = context.RequestServices.GetRequiredService<UploadService>();
        var result = await uploads.ImportAsync(store, Encoding.UTF8.GetBytes(request.Html), url.AbsoluteUri, context.RequestAborted, parsed =>
        {
            var work = parsed.Work;
            if (work.PlatformWorkId is not null) return parsed;
            var platform = EpubReaders.PlatformOfUrl(url.AbsoluteUri);
            if (platform == Platform.Generic || (work.Platform != Platform.Generic && work.Platform != platform)) return parsed;
            return EpubReaders.WorkIdOfUrl(platform, url.AbsoluteUri) is { } id ? parsed with { Work = work with { Platform = platform, PlatformWorkId = id } } : parsed;
        });
        await uploads.FinishAsync(store, [result], context.RequestAborted);
        if (result.Failed)
            return TypedResults.Json(new CaptureResponse($"Not saved: {result.Error}", result.Outcome, null, null), statusCode: StatusCodes.Status422UnprocessableEntity);
        var workUrl = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/works/{result.WorkId}";
        var message = result.Outcome == UploadService.Added ? $"Saved “{result.Title}” to Ficshelf." : $"“{result.Title}”: {result.Outcome}.";
        return TypedResults.Json(new CaptureResponse(message, result.Outcome, result.WorkId, workUrl));
    }
}
