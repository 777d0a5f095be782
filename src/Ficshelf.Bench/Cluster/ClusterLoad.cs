using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ficshelf.Bench.Corpus;
using Ficshelf.Bench.Load;
using Ficshelf.Bench.Search;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Export;
using Ficshelf.Core.Search;
using Ficshelf.Web;
using Ficshelf.Web.Services;
using Npgsql;

namespace Ficshelf.Bench.Cluster;

/// <summary>Something done to the cluster at a moment of the load (kill a node, stop the replica).</summary>
public sealed record ClusterEvent(string Name, TimeSpan At, Func<CancellationToken, Task> Action);

/// <summary>When an event ran: from <see cref="Started"/> to <see cref="Done"/> after the load began.</summary>
public sealed record EventRecord(string Name, TimeSpan Started, TimeSpan Done, string? Error);

/// <summary>One request: its kind, what it asked, when it ran, and why it failed (null: it did not).</summary>
public sealed record RequestRecord(string Kind, string Target, TimeSpan Started, TimeSpan Ended, string? Error);

/// <summary>One upload of a story and its answer (<see cref="Outcome"/> null: no answer, see <see cref="Error"/>).</summary>
public sealed record UploadRecord(long Story, string Title, string ContentHash, string? Outcome, long? WorkId, string? Error);

public sealed record ClusterLoadOptions
{
    public required Uri BaseAddress { get; init; }
    public int Readers { get; init; } = 4;
    public int Uploaders { get; init; } = 3;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(24);
    public int Seed { get; init; } = 2026;

    /// <summary>Upload corpus works from this number on (those below are the prepared archive).</summary>
    public long FirstUpload { get; init; } = 1;

    /// <summary>One upload in this many re-sends a story sent shortly before: two copies must stay one work.</summary>
    public int ResendEvery { get; init; } = 8;

    public IReadOnlyList<ClusterEvent> Events { get; init; } = [];
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// The cluster test's load: a few readers (home, search page, API search, work page, API work) and uploaders
/// (<c>POST /api/import</c> of small synthetic stories as text, HTML or EPUB) through HAProxy, with every request's
/// start, end and failure kept, and events (a node killed, the replica stopped) run at given moments, so a failure can
/// be told apart as "in flight at an event" or not.
/// </summary>
public static class ClusterLoad
{
    public static async Task<ClusterLoadReport> RunAsync(ClusterLoadOptions options, CancellationToken cancel = default)
    {
        if (!options.BaseAddress.IsLoopback) throw new ArgumentException($"the cluster load only targets this machine, not {options.BaseAddress}");
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Readers + options.Uploaders + 4,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }) { BaseAddress = options.BaseAddress, Timeout = options.RequestTimeout };
        client.DefaultRequestHeaders.Add(WebApp.ApiHeader, "1");

        var corpus = new SyntheticCorpus((int)Math.Min(int.MaxValue, options.FirstUpload + 100_000), options.Seed);
        var queries = QueryMix.Build(corpus, 100, options.Seed)
            .Select(q => SearchQueryParser.Format(q.Query)).ToArray();
        var readable = new ConcurrentBag<long>(await WorkIdsAsync(client, cancel));
        var requests = new ConcurrentQueue<RequestRecord>();
        var uploads = new ConcurrentQueue<UploadRecord>();
        var events = new ConcurrentQueue<EventRecord>();
        var files = new ConcurrentDictionary<long, (byte[] Bytes, string Name, string Type, string Title)>();
        var sent = new ConcurrentQueue<long>();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        stop.CancelAfter(options.Duration);
        var watch = Stopwatch.StartNew();

        (byte[] Bytes, string Name, string Type, string Title) FileOf(long story) => files.GetOrAdd(story, id =>
        {
            // The same bytes every time a story is sent: a re-send must be "already imported", never a new copy.
            var format = (ExportFormat)(id % 3);
            var work = SyntheticArchive.ToWork(corpus, id);
            var type = format switch { ExportFormat.Epub => "application/epub+zip", ExportFormat.Html => "text/html", _ => "text/plain" };
            return (Exporter.Export(work, format), Exporter.FileNameFor(work, format), type, work.Title ?? "");
        });

        async Task Uploader(int index)
        {
            var random = new Random(options.Seed * 31 + index);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var story = options.FirstUpload + (long)n * options.Uploaders + index;
                if (options.ResendEvery > 0 && random.Next(options.ResendEvery) == 0 && sent.TryPeek(out var earlier)) story = earlier;
                var file = FileOf(story);
                var hash = WorkIdentity.HashOf(file.Bytes);
                using var form = new MultipartFormDataContent();
                var content = new ByteArrayContent(file.Bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue(file.Type);
                form.Add(content, "files", file.Name);
                var started = watch.Elapsed;
                string? error = null;
                try
                {
                    // Not cancelled by the end of the run: an upload under way finishes, so its answer is known.
                    using var response = await client.PostAsync("api/import", form, cancel);
                    var body = await response.Content.ReadAsStringAsync(cancel);
                    if (!response.IsSuccessStatusCode) error = $"HTTP {(int)response.StatusCode} {Shorten(body)}";
                    else
                    {
                        var results = JsonSerializer.Deserialize<List<UploadResult>>(body, JsonSerializerOptions.Web) ?? [];
                        if (results is [{ WorkId: { } workId, Error: null } result])
                        {
                            uploads.Enqueue(new UploadRecord(story, file.Title, hash, result.Outcome, workId, null));
                            readable.Add(workId);
                            sent.Enqueue(story);
                            while (sent.Count > 16) sent.TryDequeue(out _);
                        }
                        else error = "answer: " + string.Join("; ", results.Select(r => r.Error ?? r.Outcome));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException)
                {
                    error = $"{e.GetType().Name}: {e.Message}";
                }
                if (error is not null) uploads.Enqueue(new UploadRecord(story, file.Title, hash, null, null, error));
                requests.Enqueue(new RequestRecord(LoadRun.Upload, $"POST /api/import story {story}", started, watch.Elapsed, error));
            }
        }

        async Task Reader(int index)
        {
            var random = new Random(options.Seed * 97 + index);
            while (!stop.IsCancellationRequested)
            {
                var ids = readable.ToArray();
                var id = ids.Length == 0 ? 0 : ids[random.Next(ids.Length)];
                var query = queries.Length == 0 ? "" : Uri.EscapeDataString(queries[random.Next(queries.Length)]);
                var (kind, path) = random.Next(100) switch
                {
                    < 10 => (LoadRun.Home, ""),
                    < 35 => (LoadRun.SearchPage, $"search?q={query}"),
                    < 60 => (LoadRun.ApiSearch, $"api/search?q={query}"),
                    < 85 when id > 0 => (LoadRun.WorkPage, $"works/{id}"),
                    _ when id > 0 => (LoadRun.ApiWork, $"api/works/{id}?text=false"),
                    _ => (LoadRun.Home, ""),
                };
                var started = watch.Elapsed;
                string? error = null;
                try
                {
                    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancel);
                    if (!response.IsSuccessStatusCode) error = $"HTTP {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync(cancel))}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    error = $"{e.GetType().Name}: {e.Message}";
                }
                requests.Enqueue(new RequestRecord(kind, "GET /" + path, started, watch.Elapsed, error));
            }
        }

        async Task Event(ClusterEvent e)
        {
            try { await Task.Delay(e.At, stop.Token); } catch (OperationCanceledException) { return; }
            var started = watch.Elapsed;
            string? error = null;
            try { await e.Action(cancel); }
            catch (Exception failure) when (failure is not OperationCanceledException) { error = failure.Message; }
            events.Enqueue(new EventRecord(e.Name, started, watch.Elapsed, error));
        }

        await Task.WhenAll(Enumerable.Range(0, options.Uploaders).Select(i => Task.Run(() => Uploader(i), CancellationToken.None))
            .Concat(Enumerable.Range(0, options.Readers).Select(i => Task.Run(() => Reader(i), CancellationToken.None)))
            .Concat(options.Events.Select(e => Task.Run(() => Event(e), CancellationToken.None))));
        return new ClusterLoadReport(watch.Elapsed, [.. requests.OrderBy(r => r.Started)], [.. uploads], [.. events.OrderBy(e => e.Started)]);
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private static async Task<List<long>> WorkIdsAsync(HttpClient client, CancellationToken cancel)
    {
        using var response = await client.GetAsync("api/works?limit=500", cancel);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel));
        return json.RootElement.GetProperty("works").EnumerateArray().Select(w => w.GetProperty("id").GetInt64()).ToList();
    }
}

/// <summary>What the archive holds of the uploads, read on the primary itself.</summary>
public sealed record UploadAudit(int WorksBefore, int WorksAfter, int StoriesAdded, int StoriesPresent, int FailedButStored, IReadOnlyList<string> Lost, IReadOnlyList<string> Problems);

public sealed record ClusterLoadReport(TimeSpan Elapsed, IReadOnlyList<RequestRecord> Requests, IReadOnlyList<UploadRecord> Uploads, IReadOnlyList<EventRecord> Events)
{
    public IReadOnlyList<RequestRecord> Failed => [.. Requests.Where(r => r.Error is not null)];

    /// <summary>The event a failed request was in flight at (it started before the event ended and ended after it began), or null.</summary>
    public EventRecord? InFlightAt(RequestRecord request) =>
        Events.FirstOrDefault(e => request.Started <= e.Done && request.Ended >= e.Started);

    public IReadOnlyList<RequestRecord> FailedOutsideEvents => [.. Failed.Where(r => InFlightAt(r) is null)];

    public int FailedInFlightAt(string eventName) => Failed.Count(r => InFlightAt(r)?.Name == eventName);

    public double RequestsPerSecond => Requests.Count / Elapsed.TotalSeconds;

    /// <summary>
    /// Reads the archive on the primary: every story answered "added" (or any other success) must be there, once, in
    /// the work it was answered with; the archive must have grown by exactly the distinct stories it holds (so nothing
    /// is stored twice); a story whose upload got no answer may or may not be there (counted).
    /// </summary>
    public async Task<UploadAudit> AuditAsync(string primary, int worksBefore, CancellationToken cancel = default)
    {
        await using var connection = new NpgsqlConnection(primary);
        await connection.OpenAsync(cancel);
        async Task<int> CountWorks()
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM works", connection);
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancel), CultureInfo.InvariantCulture);
        }
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT s.content_hash, s.work_id FROM sources s JOIN works w ON w.id = s.work_id WHERE s.content_hash = ANY(@hashes)", connection))
        {
            command.Parameters.AddWithValue("hashes", Uploads.Select(u => u.ContentHash).Distinct().ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel)) stored[reader.GetString(0)] = reader.GetInt64(1);
        }
        var worksAfter = await CountWorks();

        var lost = new List<string>();
        var problems = new List<string>();
        foreach (var story in Uploads.GroupBy(u => u.Story).OrderBy(g => g.Key))
        {
            var answered = story.Where(u => u.Outcome is not null).ToList();
            var hash = story.First().ContentHash;
            var workIds = answered.Select(u => u.WorkId).Distinct().ToList();
            if (workIds.Count > 1) problems.Add($"story {story.Key} was answered with works {string.Join(", ", workIds)}");
            if (answered.Count == 0) continue;
            if (!stored.TryGetValue(hash, out var workId))
                lost.Add($"story {story.Key} '{story.First().Title}' answered \"{answered[0].Outcome}\" (work {answered[0].WorkId}) but is not in the archive");
            else if (workIds.Count == 1 && workIds[0] != workId)
                problems.Add($"story {story.Key} answered as work {workIds[0]} but its file is in work {workId}");
        }
        var storiesAdded = Uploads.Where(u => u.Outcome == UploadService.Added).Select(u => u.Story).Distinct().Count();
        var addedTwice = Uploads.Where(u => u.Outcome == UploadService.Added).GroupBy(u => u.Story).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (addedTwice.Count > 0) problems.Add($"stories answered \"added\" more than once: {string.Join(", ", addedTwice.Take(10))}");
        var present = Uploads.Select(u => u.Story).Distinct().Count(story => stored.ContainsKey(Uploads.First(u => u.Story == story).ContentHash));
        var failedButStored = Uploads.GroupBy(u => u.Story).Count(g => g.All(u => u.Outcome is null) && stored.ContainsKey(g.First().ContentHash));
        if (worksAfter != worksBefore + present)
            problems.Add($"the archive has {worksAfter} works: {worksBefore} before and {present} distinct uploaded stories present make {worksBefore + present} (a story stored twice, or a work from nowhere)");
        return new UploadAudit(worksBefore, worksAfter, storiesAdded, present, failedButStored, lost, problems);
    }
}
