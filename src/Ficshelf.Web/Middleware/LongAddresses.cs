using System.Net;

namespace Ficshelf.Web.Middleware;

/// <summary>
/// A query string longer than a person types (a pasted page, a runaway script) gets a page that says so and offers
/// the way back, not Kestrel's bare 414: Kestrel's own request-line limit is raised above <see cref="MaxQueryLength"/>
/// so the request reaches this middleware.
/// </summary>
public static class LongAddresses
{
    public const int MaxQueryLength = 4096;

    /// <summary>Kestrel's request-line limit: long enough that an over-long query reaches the friendly answer below.</summary>
    public const int RequestLineLimit = 64 * 1024;

    public static IApplicationBuilder UseLongAddressPage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var length = context.Request.QueryString.Value?.Length ?? 0;
        if (length <= MaxQueryLength)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status414UriTooLong;
        var message = $"The address is too long: its query is {length:N0} characters, the limit is {MaxQueryLength:N0}. Shorten the search (fewer words or tags) and try again.";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: 414, detail: message, extensions: new Dictionary<string, object?> { ["error"] = message }).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            $"<title>Search too long · Ficshelf</title><link rel=\"stylesheet\" href=\"/assets/site.css?v={Assets.AssetEndpoints.Version}\"></head>" +
            "<body><main class=\"page\" id=\"main\"><h1>Search too long</h1>" +
            $"<p class=\"error\" id=\"long-address\" role=\"alert\">{WebUtility.HtmlEncode(message)}</p>" +
            "<form method=\"get\" action=\"/search\" role=\"search\"><label for=\"q\">Search again</label> <input id=\"q\" type=\"search\" name=\"q\"> <button type=\"submit\">Search</button></form>" +
            "<p><a href=\"/search\">Back to browsing</a></p></main></body></html>");
    });
}
