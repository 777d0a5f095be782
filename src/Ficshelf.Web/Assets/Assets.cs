namespace Ficshelf.Web.Assets;

/// <summary>The stylesheet and the one small script, embedded in the assembly so the server needs no files beside it.</summary>
public static class AssetEndpoints
{
    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Files = new()
    {
        ["site.css"] = ("text/css; charset=utf-8", Read("site.css")),
        ["reader.js"] = ("text/javascript; charset=utf-8", Read("reader.js")),
        ["favicon.svg"] = ("image/svg+xml", Read("favicon.svg")),
    };

    /// <summary>Changes with the assets' content, so a browser never keeps an old stylesheet after an upgrade.</summary>
    public static string Version { get; } = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        Files.Values.SelectMany(f => f.Bytes).ToArray()))[..12].ToLowerInvariant();

    public static void MapAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/{name}", (string name, HttpContext context) => Serve(name, context)).ExcludeFromDescription();
        // Browsers ask for /favicon.ico whatever the page links: the same drawing (Chromium and Firefox read SVG there).
        app.MapGet("/favicon.ico", (HttpContext context) => Serve("favicon.svg", context)).ExcludeFromDescription();
    }

    private static IResult Serve(string name, HttpContext context)
    {
        if (!Files.TryGetValue(name, out var file)) return Results.NotFound();
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(file.Bytes, file.ContentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(AssetEndpoints).Assembly.GetManifestResourceStream("Ficshelf.Web.Assets." + name)
            ?? throw new InvalidOperationException($"the asset {name} is not embedded");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
