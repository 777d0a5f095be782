using Ficshelf.Web.Services;

namespace Ficshelf.Web.Api;

/// <summary>Marks a POST that only reads (a search sent as an object): it needs no change header.</summary>
public sealed class ReadsOnly
{
    public static readonly ReadsOnly Instance = new();
}

/// <summary>
/// The JSON API: the same core the pages use, for scripts and other front ends, grouped by resource (one file each).
/// Who may call what is declared as policies on the endpoints (see <see cref="Policies"/>). Described at /openapi.
/// </summary>
public static class ApiEndpoints
{
    public static void MapFicshelfApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Ficshelf").AddEndpointFilter(RequireApiHeaderForChanges);
        api.MapWorks();
        api.MapSearch();
        api.MapImport();
        api.MapTags();
        api.MapWrangling();
        api.MapReaderState();
    }

    /// <summary>
    /// Cross-site requests: a page elsewhere can make the browser POST a form here, but cannot add a custom header without
    /// a CORS preflight this server never grants. So every change through the API must carry the header.
    /// </summary>
    private static async ValueTask<object?> RequireApiHeaderForChanges(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !request.Headers.ContainsKey(WebApp.ApiHeader)
            && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ReadsOnly>() is null)
            return TypedResults.BadRequest(new ErrorResponse($"API calls that change something need the header {WebApp.ApiHeader}: 1"));
        return await next(context);
    }

    internal static IResult NotFound(string message) => TypedResults.NotFound(new ErrorResponse(message));

    internal static IResult BadRequest(string message) => TypedResults.BadRequest(new ErrorResponse(message));
}
