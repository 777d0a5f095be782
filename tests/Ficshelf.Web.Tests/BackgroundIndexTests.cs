using System.Reflection;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Tests.Support;
using Ficshelf.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Ficshelf.Web.Tests;

/// <summary>A server started on an archive without a saved index answers pages at once while the index is built.</summary>
public class BackgroundIndexTests
{
    [Fact]
    public async Task The_search_page_answers_while_a_slow_index_build_is_held_and_is_complete_after()
    {
        var dir = TestPaths.NewTempDir();
        var archive = Path.Combine(dir, "archive.db");
        int total;
        using (var store = SqliteArchiveStore.Open(archive))
        {
            var importer = new FileImporter(store, new StoryParser(), new WorkAnalyzer(CanonKnowledgeBase.LoadDefault()));
            foreach (var file in WebServer.Fixtures("harbour-lights-")) Assert.False(importer.ImportFile(file).Failed, file);
            total = store.CountWorks();
        }
        using var gate = new ManualResetEventSlim();
        using var reached = new ManualResetEventSlim();
        // The build reads the archive through a store whose StreamWorksAsync waits for the test before its first work.
        IArchiveStore OpenGated() => GatedStore.Wrap(ArchiveStores.Open(archive), works => Held(works, reached, gate));
        var search = new SearchService(OpenGated, indexPath: Path.Combine(dir, "index.bin"), buildInBackground: true);
        var app = WebApp.Create(new FicshelfWebOptions { ArchivePath = archive, Urls = ["http://127.0.0.1:0"] },
            builder => builder.Services.AddSingleton(search));
        try
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
            Assert.True(reached.Wait(TimeSpan.FromMinutes(2)), "the server started building on start");

            var during = await client.GetStringAsync("search?q=");
            Assert.Contains("id=\"indexing\"", during, StringComparison.Ordinal);
            Assert.Contains($"0 of {total} works", during, StringComparison.Ordinal);

            gate.Set();
            search.WaitUntilBuilt();
            var after = await client.GetStringAsync("search?q=");
            Assert.DoesNotContain("id=\"indexing\"", after, StringComparison.Ordinal);
            Assert.Contains($"<span class=\"total\">{total}</span>", after, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "index.bin")), "saved on completion");
        }
        finally
        {
            gate.Set();
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async IAsyncEnumerable<Work> Held(IAsyncEnumerable<Work> works, ManualResetEventSlim reached, ManualResetEventSlim gate)
    {
        reached.Set();
        await Task.Run(gate.Wait);
        await foreach (var work in works) yield return work;
    }

    /// <summary>An archive store whose StreamWorksAsync passes through a filter; everything else goes to the real store.</summary>
    public class GatedStore : DispatchProxy
    {
        private IArchiveStore inner = null!;
        private Func<IAsyncEnumerable<Work>, IAsyncEnumerable<Work>> filter = null!;

        public static IArchiveStore Wrap(IArchiveStore inner, Func<IAsyncEnumerable<Work>, IAsyncEnumerable<Work>> filter)
        {
            var proxy = Create<IArchiveStore, GatedStore>();
            var gated = (GatedStore)(object)proxy;
            gated.inner = inner;
            gated.filter = filter;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            try
            {
                var result = method!.Invoke(inner, args);
                return method.Name == nameof(IArchiveStore.StreamWorksAsync) ? filter((IAsyncEnumerable<Work>)result!) : result;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
