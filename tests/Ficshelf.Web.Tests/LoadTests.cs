using Ficshelf.Bench.Corpus;
using Ficshelf.Bench.Load;
using Ficshelf.Web.Tests.Support;
using Xunit.Abstractions;

namespace Ficshelf.Web.Tests;

/// <summary>
/// The load test in its short CI form: 8 importers and 50 readers against the real server on each storage provider.
/// Nothing may fail, and every story uploaded must be in the archive afterwards, once. The full form is
/// <c>ficshelf bench load</c> (60 s; figures in the README).
/// </summary>
public abstract class LoadTestsOn(IArchiveProvider provider, ITestOutputHelper output)
{
    /// <summary>
    /// The load tests run alone, after the other test classes. Their 58 clients share the process (and its thread
    /// pool) with the browser tests' server on two cores; a browser page turn that timed out in CI is most likely
    /// that. Other tests' work would also blur the load figures.
    /// </summary>
    public const string Alone = "load tests, alone";

    /// <summary>Short enough for CI; FICSHELF_LOAD_SECONDS runs it longer.</summary>
    private static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("FICSHELF_LOAD_SECONDS"), out var s) && s > 0 ? s : 8);

    [SkippableFact]
    public async Task Eight_importers_and_fifty_readers_lose_nothing_and_get_no_errors()
    {
        const int prefilled = 300;
        var corpus = new SyntheticCorpus(prefilled, seed: 77);
        await using var server = await WebServer.StartOnAsync(provider.NewLocation(), store => SyntheticArchive.Fill(store, corpus));

        var report = await LoadRun.RunAsync(new LoadOptions
        {
            BaseAddress = server.BaseAddress,
            Importers = 8,
            Readers = 50,
            Duration = Duration,
            Seed = 77,
            FirstUpload = prefilled + 1,
        });
        output.WriteLine($"{provider.Name}:");
        output.WriteLine(report.ToMarkdown());

        Assert.True(report.TotalErrors == 0, report.ToMarkdown());
        Assert.Empty(report.Missing);
        Assert.True(report.StoriesUploaded >= 8, $"only {report.StoriesUploaded} stories uploaded in {report.Elapsed}");
        Assert.Equal(prefilled, report.WorksBefore);
        Assert.Equal(prefilled + report.StoriesUploaded, report.WorksAfter);
        foreach (var kind in new[] { LoadRun.Upload, LoadRun.SearchPage, LoadRun.ApiSearch, LoadRun.WorkPage, LoadRun.ApiWork, LoadRun.Home })
            Assert.Contains(report.Requests, r => r.Kind == kind && r.Count > 0);

        // The archive itself agrees: each uploaded story once, and the check finds nothing wrong.
        using var store = Core.Storage.ArchiveStores.Open(server.ArchivePath);
        Assert.Equal(report.WorksAfter, store.CountWorks());
        var check = Core.Storage.ArchiveIntegrity.Check(store);
        Assert.True(check.Problems.Count == 0, string.Join("\n", check.Problems));
    }

    [Fact]
    public async Task The_load_run_refuses_a_server_that_is_not_on_this_machine()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => LoadRun.RunAsync(new LoadOptions { BaseAddress = new Uri("http://192.0.2.1:5080/") }));
    }
}

[Collection(LoadTestsOn.Alone)]
public sealed class SqliteLoadTests(ITestOutputHelper output) : LoadTestsOn(SqliteProvider.Instance, output);

[Collection(LoadTestsOn.Alone)]
public sealed class PostgresLoadTests(PostgresDatabase database, ITestOutputHelper output) : LoadTestsOn(database, output), IClassFixture<PostgresDatabase>;

[CollectionDefinition(LoadTestsOn.Alone, DisableParallelization = true)]
public sealed class LoadTestsAlone;
