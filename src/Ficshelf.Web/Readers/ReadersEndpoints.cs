using Ficshelf.Web.Capture;
using Ficshelf.Web.KoSync;
using Ficshelf.Web.Opds;

namespace Ficshelf.Web.Readers;

/// <summary>Everything that meets readers outside the web pages: the OPDS catalog, KOReader sync, Kindle/print downloads, the bookmarklet's capture.</summary>
public static class ReadersEndpoints
{
    public static IServiceCollection AddReaders(this IServiceCollection services, FicshelfWebOptions options)
    {
        services.AddSingleton(new ReaderSideStore(options.ArchivePath));
        services.AddSingleton<KoreaderDocuments>();
        return services;
    }

    public static void MapReaders(this IEndpointRouteBuilder app)
    {
        app.MapOpds();
        app.MapKoSync();
        app.MapReaderDownloads();
        app.MapCapture();
    }
}
