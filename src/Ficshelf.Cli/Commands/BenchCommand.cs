using System.CommandLine;
using System.Globalization;
using Ficshelf.Bench.Analysis;
using Ficshelf.Bench.Corpus;
using Ficshelf.Bench.Import;
using Ficshelf.Bench.Load;
using Ficshelf.Bench.Search;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class BenchCommand
{
    private static Command Search(CliContext context)
    {
        var works = new Option<int>("--works") { Description = "Works in the synthetic corpus", DefaultValueFactory = _ => 100_000 };
        var queries = new Option<int>("--queries") { Description = "Queries in the mix (five classes)", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Corpus seed", DefaultValueFactory = _ => 42 };
        var engines = new Option<string>("--engines") { Description = "Engines to compare, comma-separated (inverted, fts5, lucene, brute-force; postgres with --on)", DefaultValueFactory = _ => "inverted,fts5,lucene" };
        var on = new Option<string?>("--on") { Description = "A PostgreSQL server (postgres://… URL or connection string): its full-text search joins the engines (in a schema of its own, dropped afterwards)" };
        var command = new Command("search", "Build each search engine over a synthetic corpus and time a fixed query mix: p50/p95/p99 per class, ratios against FTS5, build time, index size, memory") { works, queries, seed, engines, on };
        command.SetAction(parse => context.Guard(() =>
        {
            var corpus = new SyntheticCorpus(parse.GetValue(works), parse.GetValue(seed), context.LoadCanon(parse));
            var folder = Path.Combine(Path.GetTempPath(), "ficshelf-bench-" + Environment.ProcessId);
            Directory.CreateDirectory(folder);
            try
            {
                var names = parse.GetValue(engines)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                var server = parse.GetValue(on);
                if (server is not null && !names.Contains("postgres", StringComparer.OrdinalIgnoreCase)) names.Add("postgres");
                if (server is null && names.Contains("postgres", StringComparer.OrdinalIgnoreCase))
                    throw new ArchiveException("the postgres engine needs a server: --on postgres://user:password@host:port/database");
                var factories = names.Select(name => (name, (Func<ISearchEngine>)(() => name.ToLowerInvariant() switch
                {
                    "lucene" => new LuceneSearchEngine(Path.Combine(folder, "lucene")),
                    "postgres" => new PostgresSearchEngine(Ficshelf.Core.Storage.Postgres.PostgresLocation.Parse(server!).ConnectionString),
                    _ => SearchEngines.Create(name, Path.Combine(folder, name + ".db")),
                }))).ToList();
                var report = SearchBenchmark.Run(corpus, factories, parse.GetValue(queries), progress: line => context.Console.MarkupLineInterpolated($"[grey]{line}[/]"));
                // Straight to the output: Markdown tables must not be wrapped at the console's width.
                context.Console.Profile.Out.Writer.Write(report.ToMarkdown());
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
            return 0;
        }));
        return command;
    }

    private static Command Import(CliContext context)
    {
        var works = new Option<int>("--works") { Description = "Works in the synthetic library (EPUB, HTML and text files in turn)", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Corpus seed", DefaultValueFactory = _ => 42 };
        var parallel = new Option<int>("--parallel", "-j") { Description = "Workers of the parallel run (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var keep = new Option<string?>("--keep") { Description = "Write the library into this folder and keep it (default: a temporary folder, deleted afterwards)" };
        var command = new Command("import", "Write a synthetic library as story files and import it sequentially and in parallel: MB/s of story text, works/s, and works/s over the first and last thousand") { works, seed, parallel, keep };
        command.SetAction(parse => context.Guard(() =>
        {
            var knowledge = context.LoadCanon(parse);
            var corpus = new SyntheticCorpus(parse.GetValue(works), parse.GetValue(seed), knowledge);
            var temporary = Path.Combine(Path.GetTempPath(), "ficshelf-bench-import-" + Environment.ProcessId);
            var folder = parse.GetValue(keep) ?? Path.Combine(temporary, "library");
            Directory.CreateDirectory(temporary);
            try
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var library = SyntheticLibrary.Write(corpus, folder);
                context.Console.MarkupLineInterpolated($"[grey]{library.Files.Count:N0} files ({library.FileBytes / 1e6:0.0} MB, {library.StoryTextBytes / 1e6:0.0} MB of story text) written to {folder} in {watch.Elapsed.TotalSeconds:0.0} s[/]");
                ImportBenchmark.WarmUp(library, knowledge, Path.Combine(temporary, "warm-up.db"));
                var runs = new List<ImportRun>();
                foreach (var workers in new[] { 1, Math.Max(1, parse.GetValue(parallel)) })
                {
                    var archive = Path.Combine(temporary, $"archive-{workers}-{runs.Count}.db");
                    var run = ImportBenchmark.Run(library, knowledge, archive, workers);
                    runs.Add(run);
                    context.Console.MarkupLineInterpolated($"[grey]{workers} worker(s): {run.Stored:N0} stored, {run.Failed:N0} failed in {run.Elapsed.TotalSeconds:0.0} s[/]");
                }
                var output = context.Console.Profile.Out.Writer;
                output.WriteLine(FormattableString.Invariant($"{corpus.Works:N0} works, {library.StoryTextBytes / 1e6:0.0} MB of story text in {library.FileBytes / 1e6:0.0} MB of files (EPUB, HTML, text); {Environment.ProcessorCount} cores"));
                output.WriteLine();
                output.WriteLine("| workers | time s | story MB/s | works/s | works/s, first " + runs[0].Window.ToString(CultureInfo.InvariantCulture) + " | works/s, last " + runs[0].Window.ToString(CultureInfo.InvariantCulture) + " | failed | CPU s | story MB per CPU s |");
                output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
                foreach (var run in runs)
                    output.WriteLine(FormattableString.Invariant($"| {run.Workers} | {run.Elapsed.TotalSeconds:0.0} | {run.MegabytesPerSecond:0.00} | {run.WorksPerSecond:0.0} | {run.FirstWindowWorksPerSecond:0.0} | {run.LastWindowWorksPerSecond:0.0} | {run.Failed} | {run.ProcessorTime.TotalSeconds:0.0} | {run.StoryMegabytes / run.ProcessorTime.TotalSeconds:0.00} |"));
                output.WriteLine();
                output.WriteLine("Wall time per stage, summed over the workers (s):");
                output.WriteLine();
                output.WriteLine("| workers | read | parse | analyse | store keys | store (one thread) | works added |");
                output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
                foreach (var run in runs)
                    if (run.Timings is { } t)
                        output.WriteLine(FormattableString.Invariant($"| {run.Workers} | {t.Read.TotalSeconds:0.0} | {t.Parse.TotalSeconds:0.0} | {t.Analyse.TotalSeconds:0.0} | {t.Keys.TotalSeconds:0.0} | {t.Store.TotalSeconds:0.0} | {run.Added} |"));
                output.WriteLine();
                output.WriteLine(FormattableString.Invariant($"parallel / sequential: {runs[^1].MegabytesPerSecond / runs[0].MegabytesPerSecond:0.00}×"));
                return runs.Any(r => r.Failed > 0) ? 1 : 0;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(temporary, recursive: true); } catch (IOException) { }
            }
        }));
        return command;
    }

    private static Command Corpus(CliContext context)
    {
        var works = new Option<int>("--works") { Description = "Works to generate", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Corpus seed", DefaultValueFactory = _ => 42 };
        var output = new Option<string?>("--output", "-o") { Description = "Archive to fill (default: the --archive one)" };
        var command = new Command("corpus", "Fill an archive with the synthetic benchmark corpus (works, declared tags, wrangling) to try the app at scale") { works, seed, output };
        command.SetAction(parse => context.Guard(() =>
        {
            var corpus = new SyntheticCorpus(parse.GetValue(works), parse.GetValue(seed), context.LoadCanon(parse));
            using var store = parse.GetValue(output) is { } path ? Ficshelf.Core.Storage.SqliteArchiveStore.Open(path) : context.OpenArchive(parse);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var added = SyntheticArchive.Fill(store, corpus, done => context.Console.MarkupLineInterpolated($"[grey]{done:N0} works stored[/]"));
            context.Console.MarkupLineInterpolated($"{added:N0} synthetic works added to {store.Location} in {watch.Elapsed.TotalSeconds:0.0} s (seed {parse.GetValue(seed)})");
            return 0;
        }));
        return command;
    }

    private static Command Load(CliContext context)
    {
        var seconds = new Option<int>("--seconds") { Description = "How long the importers and readers run", DefaultValueFactory = _ => 60 };
        var baseline = new Option<int>("--baseline-seconds") { Description = "First, readers alone for this long: the baseline the loaded latencies are compared with (0: none)", DefaultValueFactory = _ => 10 };
        var importers = new Option<int>("--importers") { Description = "Concurrent uploaders (POST /api/import)", DefaultValueFactory = _ => 8 };
        var readers = new Option<int>("--readers") { Description = "Concurrent readers and searchers (pages and API)", DefaultValueFactory = _ => 50 };
        var works = new Option<int>("--works") { Description = "Synthetic works in the archive before the run (readers need something to read)", DefaultValueFactory = _ => 2000 };
        var on = new Option<string?>("--on") { Description = "The archive the server runs on: a new SQLite file or a PostgreSQL URL (default: a temporary SQLite archive, deleted afterwards)" };
        var url = new Option<string?>("--url") { Description = "Press a server that is already running (`ficshelf serve`, loopback only) instead of starting one" };
        var seed = new Option<int?>("--seed") { Description = "Corpus seed (default: 2026, or a fresh one with --url so earlier runs' stories do not collide)" };
        var nodes = new Option<int>("--nodes") { Description = "Press a cluster on loopback instead: a PostgreSQL primary, this many `ficshelf serve` nodes and HAProxy in front (needs postgresql and haproxy installed)" };
        var replica = new Option<bool>("--read-replica") { Description = "With --nodes: a hot standby made with pg_basebackup, given to every node for reads" };
        var command = new Command("load", "Load test: concurrent importers and readers against the web server; throughput, p50/p95/p99 per request kind, errors, and every imported work checked") { seconds, baseline, importers, readers, works, on, url, seed, nodes, replica };
        command.SetAction(parse => context.Guard(() =>
        {
            var console = context.Console;
            void Progress(string line) => console.MarkupLineInterpolated($"[grey]{line}[/]");
            string? temporary = null;
            Microsoft.AspNetCore.Builder.WebApplication? app = null;
            Ficshelf.Bench.Cluster.ClusterHarness? cluster = null;
            try
            {
                Uri address;
                long firstUpload;
                var runSeed = parse.GetValue(seed) ?? (parse.GetValue(url) is null ? 2026 : Random.Shared.Next(1, int.MaxValue));
                if (parse.GetValue(nodes) > 0)
                {
                    // The cluster harness: primary (+ replica), N nodes running this CLI's `serve`, HAProxy; all on loopback.
                    var corpus = new SyntheticCorpus(parse.GetValue(works), runSeed, context.LoadCanon(parse));
                    Progress($"starting a cluster: PostgreSQL primary{(parse.GetValue(replica) ? " and pg_basebackup replica" : "")}, {parse.GetValue(nodes)} nodes, HAProxy; {corpus.Works:N0} synthetic works");
                    cluster = Ficshelf.Bench.Cluster.ClusterHarness.StartAsync(new Ficshelf.Bench.Cluster.ClusterOptions
                    {
                        Nodes = parse.GetValue(nodes),
                        ReadReplica = parse.GetValue(replica),
                        Prepare = store => SyntheticArchive.Fill(store, corpus),
                    }, Progress).GetAwaiter().GetResult();
                    address = cluster.BaseAddress;
                    firstUpload = corpus.Works + 1;
                    Progress($"HAProxy at {address}");
                }
                else if (parse.GetValue(url) is { } running)
                {
                    address = new Uri(running.TrimEnd('/') + "/");
                    firstUpload = 1;
                }
                else
                {
                    var location = parse.GetValue(on);
                    if (location is null)
                    {
                        temporary = Path.Combine(Path.GetTempPath(), "ficshelf-load-" + Environment.ProcessId);
                        Directory.CreateDirectory(temporary);
                        location = Path.Combine(temporary, "archive.db");
                    }
                    var corpus = new SyntheticCorpus(parse.GetValue(works), runSeed, context.LoadCanon(parse));
                    string shown; // the location as stores show it: a password is never printed
                    using (var store = Ficshelf.Core.Storage.ArchiveStores.Open(location))
                    {
                        shown = store.Location;
                        if (store.CountWorks() == 0 && corpus.Works > 0)
                        {
                            Progress($"storing {corpus.Works:N0} synthetic works in {store.Location}");
                            SyntheticArchive.Fill(store, corpus);
                        }
                    }
                    firstUpload = corpus.Works + 1;
                    app = Ficshelf.Web.WebApp.Create(new Ficshelf.Web.FicshelfWebOptions
                    {
                        ArchivePath = location,
                        Urls = ["http://127.0.0.1:0"],
                        CanonDirs = parse.GetValue(CliApp.CanonOption) ?? [],
                    });
                    app.Start();
                    address = new Uri(app.Urls.First().TrimEnd('/') + "/");
                    Progress($"serving {shown} at {address}");
                }

                var options = new LoadOptions
                {
                    BaseAddress = address,
                    Importers = Math.Max(0, parse.GetValue(importers)),
                    Readers = Math.Max(0, parse.GetValue(readers)),
                    Duration = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(seconds))),
                    Seed = runSeed,
                    FirstUpload = firstUpload,
                };
                LoadReport? alone = null;
                // Warm-up, not counted: the first requests compile pages and build the search index.
                Progress("warming up for 3 s");
                LoadRun.RunAsync(options with { Importers = 0, Readers = Math.Max(1, Math.Min(options.Readers, 8)), Duration = TimeSpan.FromSeconds(3) }).GetAwaiter().GetResult();
                if (parse.GetValue(baseline) > 0 && options.Readers > 0)
                {
                    Progress($"baseline: {options.Readers} readers alone for {parse.GetValue(baseline)} s");
                    alone = LoadRun.RunAsync(options with { Importers = 0, Duration = TimeSpan.FromSeconds(parse.GetValue(baseline)) }).GetAwaiter().GetResult();
                }
                var loadBefore = LoadAverage();
                Progress($"{options.Importers} importers and {options.Readers} readers for {options.Duration.TotalSeconds:0} s (seed {runSeed})");
                var report = LoadRun.RunAsync(options, Progress).GetAwaiter().GetResult();
                var output = console.Profile.Out.Writer;
                if (cluster is not null)
                    output.WriteLine($"{cluster.Nodes.Count} node(s) behind HAProxy, {(cluster.Replica is null ? "primary only" : "reads on a pg_basebackup replica")}; " +
                                     $"load average (1 min) before {loadBefore}, after {LoadAverage()} on {Environment.ProcessorCount} cores shared with everything else running here");
                output.Write(report.ToMarkdown());
                if (alone is not null)
                {
                    output.WriteLine();
                    output.WriteLine("Readers with the importers running / readers alone (same process, same archive):");
                    output.WriteLine();
                    output.WriteLine("| request | p50 alone ms | p99 alone ms | p50 ratio | p99 ratio |");
                    output.WriteLine("|---|---:|---:|---:|---:|");
                    foreach (var before in alone.Requests)
                        if (report.Requests.FirstOrDefault(r => r.Kind == before.Kind) is { } after)
                            output.WriteLine($"| {before.Kind} | {before.P50Ms:0.0} | {before.P99Ms:0.0} | {after.P50Ms / Math.Max(0.01, before.P50Ms):0.0}× | {after.P99Ms / Math.Max(0.01, before.P99Ms):0.0}× |");
                }
                var failed = report.TotalErrors + (alone?.TotalErrors ?? 0);
                if (failed > 0) console.MarkupLineInterpolated($"[red]{failed} errors[/]");
                return failed == 0 ? 0 : 1;
            }
            finally
            {
                cluster?.DisposeAsync().AsTask().GetAwaiter().GetResult();
                if (app is not null)
                {
                    app.StopAsync().GetAwaiter().GetResult();
                    ((IDisposable)app).Dispose();
                }
                if (temporary is not null)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    try { Directory.Delete(temporary, recursive: true); } catch (IOException) { }
                }
            }
        }));
        return command;
    }

    /// <summary>The 1-minute load average (Linux), to print beside figures measured on a shared machine.</summary>
    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "unknown"; }
    }

    public static Command Create(CliContext context)
    {
        var megabytes = new Option<int>("--mb") { Description = "Megabytes of synthetic text to analyse", DefaultValueFactory = _ => 4 };
        var analyze = new Command("analyze", "Alias matching and analysis speed on one core, and the ratio against a naive regex-per-alias scan in the same run") { megabytes };
        analyze.SetAction(parse => context.Guard(() =>
        {
            var analyzer = new WorkAnalyzer(context.LoadCanon(parse));
            var result = AnalysisBenchmark.Run(analyzer, parse.GetValue(megabytes));
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Measure", "Value");
            table.AddRow("Synthetic text", $"{result.TextMegabytes:0.0} MB");
            table.AddRow("Aliases, cues and ship names", result.Patterns.ToString("N0", CultureInfo.CurrentCulture));
            table.AddRow("Alias matcher (one pass)", $"{result.MatcherMegabytesPerSecond:0.0} MB/s");
            table.AddRow("Naive scan (one regex per alias)", $"{result.NaiveMegabytesPerSecond:0.00} MB/s");
            table.AddRow("Matcher / naive", $"{result.SpeedupOverNaive:0}×");
            table.AddRow("Whole analysis (characters, relationships, POV, rating, genre)", $"{result.AnalysisMegabytesPerSecond:0.0} MB/s");
            table.AddRow("Whole analysis per CPU second of the process", $"{result.AnalysisMegabytesPerCpuSecond:0.0} MB");
            table.AddRow("Near-duplicate fingerprint (shingles, MinHash, LSH)", $"{result.FingerprintMegabytesPerSecond:0.0} MB/s");
            context.Console.Write(table);
            return 0;
        }));
        return new Command("bench", "Benchmarks that print ratios against a baseline run in the same process") { analyze, Search(context), Corpus(context), Load(context), Import(context) };
    }
}
