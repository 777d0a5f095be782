using System.Net;
using System.Net.Http.Headers;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Import;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ficshelf.Web.Tests.Support;

/// <summary>The real server: Kestrel on a free loopback port over a temporary archive, as `ficshelf serve` runs it.</summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebServer(WebApplication app, string dir, string archivePath, Uri baseAddress)
    {
        this.app = app;
        Dir = dir;
        ArchivePath = archivePath;
        BaseAddress = baseAddress;
    }

    public string Dir { get; }
    public string ArchivePath { get; }
    public Uri BaseAddress { get; }

    /// <summary>The server's own services (its search index, its node jobs).</summary>
    public IServiceProvider Services => app.Services;
    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Web.Tests", "Fixtures", name);

    public static IEnumerable<string> Fixtures(string prefix) =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Web.Tests", "Fixtures"), prefix + "*.txt").Order(StringComparer.Ordinal);

    /// <summary>Imports the files the way `ficshelf import` does (analysis included), then starts the server.</summary>
    public static async Task<WebServer> StartAsync(IEnumerable<string>? imports = null, Func<FicshelfWebOptions, FicshelfWebOptions>? configure = null)
    {
        var dir = TestPaths.NewTempDir();
        var archive = Path.Combine(dir, "archive.db");
        using (var store = SqliteArchiveStore.Open(archive))
        {
            var importer = new FileImporter(store, new StoryParser(), new WorkAnalyzer(CanonKnowledgeBase.LoadDefault()));
            foreach (var file in imports ?? [])
            {
                var result = importer.ImportFile(file);
                if (result.Failed) throw new InvalidOperationException($"fixture {file} did not import: {result.Error}");
            }
        }
        var options = new FicshelfWebOptions { ArchivePath = archive, Urls = ["http://127.0.0.1:0"] };
        var app = WebApp.Create(configure?.Invoke(options) ?? options);
        await app.StartAsync();
        app.Services.GetRequiredService<SearchService>().WaitUntilBuilt(); // tests compare with the whole archive
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebServer(app, dir, archive, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>The server on an archive at <paramref name="location"/> (an SQLite file or a PostgreSQL location), prepared first.</summary>
    public static async Task<WebServer> StartOnAsync(string location, Action<IArchiveStore>? prepare = null, Func<FicshelfWebOptions, FicshelfWebOptions>? configure = null)
    {
        using (var store = ArchiveStores.Open(location)) prepare?.Invoke(store);
        var options = new FicshelfWebOptions { ArchivePath = location, Urls = ["http://127.0.0.1:0"] };
        var app = WebApp.Create(configure?.Invoke(options) ?? options);
        await app.StartAsync();
        app.Services.GetRequiredService<SearchService>().WaitUntilBuilt(); // tests compare with the whole archive
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebServer(app, TestPaths.NewTempDir(), location, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A client that keeps cookies (antiforgery, sign-in) and does not follow redirects, so tests see them.</summary>
    public HttpClient Client(bool followRedirects = false) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = followRedirects, UseCookies = true }) { BaseAddress = BaseAddress };

    /// <summary>A client for the JSON API's changing calls: carries the header those need.</summary>
    public HttpClient ApiClient()
    {
        var client = Client();
        client.DefaultRequestHeaders.Add(WebApp.ApiHeader, "1");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>Reads the archive directly (its own connection, like another process would).</summary>
    public T WithStore<T>(Func<SqliteArchiveStore, T> read)
    {
        using var store = SqliteArchiveStore.Open(ArchivePath);
        return read(store);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
