using Ficshelf.Web.Opds;

namespace Ficshelf.Web.Readers;

/// <summary>Everything that meets readers outside the web pages: the OPDS catalog and Kindle/print downloads.</summary>
public static class ReadersEndpoints
{
    public static void MapReaders(this IEndpointRouteBuilder app)
    {
        app.MapOpds();
        app.MapReaderDownloads();
    }
}
