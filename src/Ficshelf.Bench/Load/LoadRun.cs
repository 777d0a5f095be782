using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ficshelf.Bench.Corpus;
using Ficshelf.Bench.Search;
using Ficshelf.Core.Export;
using Ficshelf.Core.Search;
using Ficshelf.Web;
using Ficshelf.Web.Services;

namespace Ficshelf.Bench.Load;

/// <summary>How hard and how long to press a running server.</summary>
public sealed record LoadOptions
{
    /// <summary>The server (loopback: the load run refuses anything else, it is not a tool against other people's sites).</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>Clients uploading story files one at a time through <c>POST /api/import</c>.</summary>
    public int Importers { get; init; } = 8;

    /// <summary>Clients browsing: home, search pages, API searches, work pages, API works.</summary>
    public int Readers { get; init; } = 50;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A bound on the count as well as the time: no importer uploads more files than this.</summary>
    public int MaxUploadsPerImporter { get; init; } = 5_000;

    /// <summary>The synthetic corpus the uploads and queries come from (the same seed gives the same stories).</summary>
    public int Seed { get; init; } = 2026;

    /// <summary>Upload corpus works from this number on (the ones below may already be in the archive, see <c>bench load</c>).</summary>
    public long FirstUpload { get; init; } = 1;

    /// <summary>One request in this many re-sends a story another importer already sent: two copies racing must stay one work.</summary>
    public int ResendEvery { get; init; } = 10;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>Latency of one kind of request over the run.</summary>
public sealed record RequestStats(string Kind, int Count, int Errors, double P50Ms, double P95Ms, double P99Ms, double MaxMs);

public sealed record LoadReport(
    TimeSpan Elapsed,
    int Importers,
    int Readers,
    IReadOnlyList<RequestStats> Requests,
    int StoriesUploaded,
    int WorksAdded,
    int WorksBefore,
    int WorksAfter,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Missing)
{
    public int TotalRequests => Requests.Sum(r => r.Count);
    public int TotalErrors => Requests.Sum(r => r.Errors) + Missing.Count;
    public double RequestsPerSecond => TotalRequests / Elapsed.TotalSeconds;
    public double UploadsPerSecond => (Requests.FirstOrDefault(r => r.Kind == LoadRun.Upload)?.Count ?? 0) / Elapsed.TotalSeconds;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Importers} importers and {Readers} readers for {Elapsed.TotalSeconds:0.0} s: " +
                        $"{TotalRequests:N0} requests ({RequestsPerSecond:0.0}/s), {StoriesUploaded:N0} stories uploaded ({UploadsPerSecond:0.0}/s), " +
                        $"works {WorksBefore:N0} → {WorksAfter:N0}, errors {TotalErrors}");
        text.AppendLine();
        text.AppendLine("| request | count | errors | p50 ms | p95 ms | p99 ms | max ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in Requests)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Kind} | {r.Count:N0} | {r.Errors} | {r.P50Ms:0.0} | {r.P95Ms:0.0} | {r.P99Ms:0.0} | {r.MaxMs:0.0} |");
        foreach (var error in Errors.Take(10)) text.AppendLine("error: " + error);
        foreach (var missing in Missing.Take(10)) text.AppendLine("missing: " + missing);
        return text.ToString();
    }
}

/// <summary>
/// A bounded load test against a running Ficshelf server: importers upload synthetic stories (text, HTML and EPUB,
/// some sent twice by different importers at once) while readers browse and search. Afterwards every uploaded story
/// is looked up: it must be one work, present, with its title, and the archive must have grown by exactly the new stories.
/// </summary>
public static class LoadRun
{
    public const string Upload = "upload";
    public const string Home = "home page";
    public const string SearchPage = "search page";
    public const string ApiSearch = "api search";
    public const string WorkPage = "work page";
    public const string ApiWork = "api work";

    public static async Task<LoadReport> RunAsync(LoadOptions options, Action<string>? progress = null, CancellationToken cancel = default)
    {
        if (!options.BaseAddress.IsLoopback)
            throw new ArgumentException($"the load run only targets a server on this machine (loopback), not {options.BaseAddress}");
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Importers + options.Readers + 4,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }) { BaseAddress = options.BaseAddress, Timeout = options.RequestTimeout };
        client.DefaultRequestHeaders.Add(WebApp.ApiHeader, "1");

        var corpus = new SyntheticCorpus((int)Math.Min(int.MaxValue, options.FirstUpload + (long)options.Importers * options.MaxUploadsPerImporter), options.Seed);
        var queries = QueryMix.Build(corpus, 200, options.Seed).Select(q => SearchQueryParser.Format(q.Query)).ToArray();
        var (worksBefore, knownIds) = await ListWorksAsync(client, cancel);
        var readable = new ConcurrentBag<long>(knownIds);
        var timings = new ConcurrentDictionary<string, ConcurrentQueue<double>>();
        var errorCounts = new ConcurrentDictionary<string, int>();
        var errors = new ConcurrentQueue<string>();
        // What each story became: the work id every upload of it was given (all must agree).
        var storyWorks = new ConcurrentDictionary<long, ConcurrentBag<long>>();
        var sent = new ConcurrentQueue<long>();
        var added = 0;

        void Record(string kind, double ms) => timings.GetOrAdd(kind, _ => new ConcurrentQueue<double>()).Enqueue(ms);
        void Fail(string kind, string message)
        {
            errorCounts.AddOrUpdate(kind, 1, (_, n) => n + 1);
            if (errors.Count < 100) errors.Enqueue($"{kind}: {message}");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        stop.CancelAfter(options.Duration);
        var watch = Stopwatch.StartNew();

        async Task Importer(int index)
        {
            var random = new Random(options.Seed * 31 + index);
            for (var n = 0; n < options.MaxUploadsPerImporter && !stop.IsCancellationRequested; n++)
            {
                // Each importer has its own stories; now and then one re-sends a story someone else just sent.
                var story = options.FirstUpload + (long)n * options.Importers + index;
                if (options.ResendEvery > 0 && random.Next(options.ResendEvery) == 0 && sent.TryPeek(out var earlier)) story = earlier;
                var format = (ExportFormat)(story % 3);
                var work = SyntheticArchive.ToWork(corpus, story);
                var bytes = Exporter.Export(work, format);
                using var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(bytes);
                file.Headers.ContentType = new MediaTypeHeaderValue(format switch
                {
                    ExportFormat.Epub => "application/epub+zip",
                    ExportFormat.Html => "text/html",
                    _ => "text/plain",
                });
                form.Add(file, "files", Exporter.FileNameFor(work, format));
                var started = Stopwatch.GetTimestamp();
                try
                {
                    // Not cancelled by the end of the run: an upload under way finishes, so its result is known.
                    using var response = await client.PostAsync("api/import", form, cancel);
                    Record(Upload, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Fail(Upload, $"story {story}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
                        continue;
                    }
                    var results = await response.Content.ReadFromJsonAsync<List<UploadResult>>(JsonSerializerOptions.Web, cancel) ?? [];
                    if (results is not [{ WorkId: { } workId } result] || result.Failed)
                    {
                        Fail(Upload, $"story {story}: {string.Join("; ", results.Select(r => r.Error ?? r.Outcome))}");
                        continue;
                    }
                    storyWorks.GetOrAdd(story, _ => []).Add(workId);
                    if (result.Outcome == UploadService.Added) Interlocked.Increment(ref added);
                    readable.Add(workId);
                    sent.Enqueue(story);
                    while (sent.Count > 32) sent.TryDequeue(out _);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    Record(Upload, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Fail(Upload, $"story {story}: {e.GetType().Name}: {e.Message}");
                }
            }
        }

        async Task Reader(int index)
        {
            var random = new Random(options.Seed * 97 + index);
            while (!stop.IsCancellationRequested)
            {
                var roll = random.Next(100);
                var ids = readable.ToArray();
                var id = ids.Length == 0 ? 0 : ids[random.Next(ids.Length)];
                var query = Uri.EscapeDataString(queries[random.Next(queries.Length)]);
                var (kind, path) = roll switch
                {
                    < 10 => (Home, ""),
                    < 35 => (SearchPage, $"search?q={query}"),
                    < 60 => (ApiSearch, $"api/search?q={query}"),
                    < 85 when id > 0 => (WorkPage, $"works/{id}"),
                    _ when id > 0 => (ApiWork, $"api/works/{id}?text=false"),
                    _ => (Home, ""),
                };
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancel);
                    Record(kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode) Fail(kind, $"GET /{path}: HTTP {(int)response.StatusCode}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Record(kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Fail(kind, $"GET /{path}: {e.GetType().Name}: {e.Message}");
                }
            }
        }

        var progressTask = progress is null ? Task.CompletedTask : Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(10), stop.Token); } catch (OperationCanceledException) { break; }
                progress($"{watch.Elapsed.TotalSeconds:0} s: {timings.Values.Sum(q => q.Count):N0} requests, {added:N0} works added, {errorCounts.Values.Sum()} errors");
            }
        }, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, options.Importers).Select(i => Task.Run(() => Importer(i), CancellationToken.None))
            .Concat(Enumerable.Range(0, options.Readers).Select(i => Task.Run(() => Reader(i), CancellationToken.None))));
        var elapsed = watch.Elapsed;
        await progressTask;

        // Every story uploaded is one work, there, with its title; the archive grew by exactly the new stories.
        var missing = new List<string>();
        foreach (var (story, workIds) in storyWorks.OrderBy(kv => kv.Key))
        {
            var distinct = workIds.Distinct().ToList();
            if (distinct.Count != 1)
            {
                missing.Add($"story {story} became works {string.Join(", ", distinct)}");
                continue;
            }
            var title = SyntheticArchive.ToWork(corpus, story).Title;
            using var response = await client.GetAsync($"api/works/{distinct[0]}?text=false", cancel);
            if (!response.IsSuccessStatusCode)
            {
                missing.Add($"story {story} (work {distinct[0]}): HTTP {(int)response.StatusCode}");
                continue;
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
            if (json.RootElement.GetProperty("title").GetString() != title)
                missing.Add($"story {story} (work {distinct[0]}) has the title '{json.RootElement.GetProperty("title").GetString()}', not '{title}'");
        }
        var (worksAfter, _) = await ListWorksAsync(client, cancel);
        if (worksAfter != worksBefore + added)
            missing.Add($"the archive has {worksAfter} works; {worksBefore} before and {added} added make {worksBefore + added}");
        if (added != storyWorks.Count)
            missing.Add($"{storyWorks.Count} distinct stories uploaded but {added} reported as added");

        var stats = timings.OrderBy(kv => Order(kv.Key)).Select(kv =>
        {
            var sorted = kv.Value.ToArray();
            Array.Sort(sorted);
            return new RequestStats(kv.Key, sorted.Length, errorCounts.GetValueOrDefault(kv.Key),
                Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1]);
        }).ToList();
        return new LoadReport(elapsed, options.Importers, options.Readers, stats, storyWorks.Count, added, worksBefore, worksAfter, errors.ToList(), missing);
    }

    private static int Order(string kind) => Array.IndexOf([Upload, Home, SearchPage, ApiSearch, WorkPage, ApiWork], kind);

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The archive's work count and up to a thousand of its ids (for readers to open).</summary>
    private static async Task<(int Total, List<long> Ids)> ListWorksAsync(HttpClient client, CancellationToken cancel)
    {
        using var response = await client.GetAsync("api/works?limit=1000", cancel);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
        var ids = json.RootElement.GetProperty("works").EnumerateArray().Select(w => w.GetProperty("id").GetInt64()).ToList();
        return (json.RootElement.GetProperty("total").GetInt32(), ids);
    }
}
