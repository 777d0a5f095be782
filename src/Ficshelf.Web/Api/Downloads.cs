using Ficshelf.Core.Export;
using Ficshelf.Core.Storage;

namespace Ficshelf.Web.Api;

/// <summary>The EPUB, HTML and TXT buttons on a work: /works/{id}/download/{format}.</summary>
public static class Downloads
{
    public static void MapDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/works/{id:long}/download/{format}", async Task<IResult> (IWorkStore store, long id, string format, CancellationToken cancel) =>
        {
            if (!ExportFormats.TryParse(format, out var exportFormat)) return TypedResults.NotFound(new ErrorResponse($"no download format {format}: epub, html or txt"));
            if (await store.GetWorkAsync(id, cancel) is not { } work) return TypedResults.NotFound(new ErrorResponse($"no work {id}"));
            return TypedResults.File(Exporter.Export(work, exportFormat), ContentType(exportFormat), Exporter.FileNameFor(work, exportFormat));
        }).WithTags("Ficshelf").WithName("Download").WithSummary("A work as EPUB, HTML or plain text.");

        // The imported file exactly as it was: always an attachment of plain bytes, never rendered by the browser.
        app.MapGet("/works/{id:long}/sources/{sourceId:long}", async Task<IResult> (IWorkStore store, long id, long sourceId, CancellationToken cancel) =>
        {
            if ((await store.GetWorkAsync(id, cancel))?.Sources.FirstOrDefault(s => s.Id == sourceId) is not { } source || await store.GetOriginalAsync(sourceId, cancel) is not { } bytes)
                return TypedResults.NotFound(new ErrorResponse($"work {id} has no imported file {sourceId}"));
            return TypedResults.File(bytes, "application/octet-stream", Path.GetFileName(source.FileName));
        }).WithTags("Ficshelf").WithName("Original").WithSummary("An imported file of a work, byte for byte.");
    }

    private static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Epub => "application/epub+zip",
        ExportFormat.Html => "text/html; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };
}
