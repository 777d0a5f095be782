using Scalar.AspNetCore;

namespace Ficshelf.Web.Api;

/// <summary>
/// An interactive reference over the app's own OpenAPI document (Scalar, its script served by this app, never a CDN).
/// The page's script tags carry a fresh nonce and only this page's policy allows it; Scalar sets its styles inline, so
/// this page (which shows no imported text) also allows inline styles.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api-reference";

    public static void MapApiReference(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path))
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce)
                        context.Response.Headers.ContentSecurityPolicy =
                            $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
                            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
                    return Task.CompletedTask;
                });
            }
            return next(context);
        });
        app.MapScalarApiReference(Path, options => options
            .WithTitle("Ficshelf API")
            .WithOpenApiRoutePattern("/openapi")
            .WithNonce());
    }
}
