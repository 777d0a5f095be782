using Ficshelf.Core.Export;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Api;

namespace Ficshelf.Web.Readers;

/// <summary>A download format offered to readers: what the exporter writes, and what ebook-convert makes from its EPUB.</summary>
public sealed record ReaderFormat(string Slug, string ContentType, string Title, ExportFormat? Export, ConvertedFormat? Converted);

/// <summary>Downloads for e-readers (OPDS acquisition links) and Kindle/print formats: /works/{id}/convert/{format}.</summary>
public static class ReaderDownloads
{
    public static readonly IReadOnlyList<ReaderFormat> Formats =
    [
        new("epub", "application/epub+zip", "EPUB", ExportFormat.Epub, null),
        new("html", "text/html", "HTML", ExportFormat.Html, null),
        new("txt", "text/plain", "Plain text", ExportFormat.Txt, null),
    ];

    public static readonly IReadOnlyList<ReaderFormat> ConvertedFormats =
    [
        new("azw3", ConvertedFormat.Azw3.ContentType(), "AZW3 (Kindle)", null, ConvertedFormat.Azw3),
        new("mobi", ConvertedFormat.Mobi.ContentType(), "MOBI (older Kindles)", null, ConvertedFormat.Mobi),
        new("pdf", ConvertedFormat.Pdf.ContentType(), "PDF", null, ConvertedFormat.Pdf),
    ];

    /// <summary>The formats an OPDS entry offers: the exporter's, and the converted ones when ebook-convert is installed.</summary>
    public static IEnumerable<ReaderFormat> Offered => Formats.Concat(OfferedConversions);

    /// <summary>AZW3, MOBI and PDF when ebook-convert is installed; none when it is not.</summary>
    public static IEnumerable<ReaderFormat> OfferedConversions => EbookConvert.FindTool() is null ? [] : ConvertedFormats;

    public static void MapReaderDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/works/{id:long}/convert/{format}", (HttpContext context, long id, string format) => Download(context, id, format))
            .WithTags("Ficshelf").WithName("Convert").WithSummary("A work as AZW3, MOBI or PDF, converted from its EPUB by Calibre's ebook-convert.");
    }

    public static async Task<IResult> Download(HttpContext context, long id, string format)
    {
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        var slug = format.Trim().TrimStart('.').ToLowerInvariant();
        if (Formats.Concat(ConvertedFormats).FirstOrDefault(f => string.Equals(f.Slug, slug, StringComparison.Ordinal)) is not { } wanted)
            return TypedResults.NotFound(new ErrorResponse($"no download format {format}: {string.Join(", ", Formats.Concat(ConvertedFormats).Select(f => f.Slug))}"));
        if (store.GetWork(id) is not { } work) return TypedResults.NotFound(new ErrorResponse($"no work {id}"));
        if (wanted.Export is { } export)
            return TypedResults.File(Exporter.Export(work, export), wanted.ContentType + (export == ExportFormat.Epub ? "" : "; charset=utf-8"), Exporter.FileNameFor(work, export));
        var converted = wanted.Converted!.Value;
        if (EbookConvert.FindTool() is null)
            return TypedResults.Problem(EbookConvert.NotInstalled, statusCode: StatusCodes.Status501NotImplemented, title: "ebook-convert is not installed");
        try
        {
            var bytes = await EbookConvert.ConvertAsync(Exporter.Export(work, ExportFormat.Epub), converted, context.RequestAborted);
            var name = Path.ChangeExtension(Exporter.FileNameFor(work, ExportFormat.Epub), converted.Extension());
            return TypedResults.File(bytes, wanted.ContentType, name);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status500InternalServerError, title: "conversion failed");
        }
    }
}
