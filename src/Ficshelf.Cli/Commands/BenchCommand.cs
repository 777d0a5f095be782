using System.CommandLine;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Search;
using Ficshelf.Core.Search.Benchmark;
using Ficshelf.Core.Search.Corpus;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class BenchCommand
{
    private static Command Search(CliContext context)
    {
        var works = new Option<int>("--works") { Description = "Works in the synthetic corpus", DefaultValueFactory = _ => 100_000 };
        var queries = new Option<int>("--queries") { Description = "Queries in the mix (five classes)", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Corpus seed", DefaultValueFactory = _ => 42 };
        var engines = new Option<string>("--engines") { Description = "Engines to compare, comma-separated (inverted, fts5, brute-force)", DefaultValueFactory = _ => "inverted,fts5" };
        var command = new Command("search", "Build each search engine over a synthetic corpus and time a fixed query mix: p50/p95/p99 per class, ratios against FTS5, build time, index size, memory") { works, queries, seed, engines };
        command.SetAction(parse => context.Guard(() =>
        {
            var corpus = new SyntheticCorpus(parse.GetValue(works), parse.GetValue(seed), context.LoadCanon(parse));
            var folder = Path.Combine(Path.GetTempPath(), "ficshelf-bench-" + Environment.ProcessId);
            Directory.CreateDirectory(folder);
            try
            {
                var factories = parse.GetValue(engines)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(name => (name, (Func<ISearchEngine>)(() => SearchEngines.Create(name, Path.Combine(folder, name + ".db"))))).ToList();
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
            table.AddRow("Aliases, cues and ship names", result.Patterns.ToString("N0"));
            table.AddRow("Alias matcher (one pass)", $"{result.MatcherMegabytesPerSecond:0.0} MB/s");
            table.AddRow("Naive scan (one regex per alias)", $"{result.NaiveMegabytesPerSecond:0.00} MB/s");
            table.AddRow("Matcher / naive", $"{result.SpeedupOverNaive:0}×");
            table.AddRow("Whole analysis (characters, relationships, POV, rating, genre)", $"{result.AnalysisMegabytesPerSecond:0.0} MB/s");
            table.AddRow("Near-duplicate fingerprint (shingles, MinHash, LSH)", $"{result.FingerprintMegabytesPerSecond:0.0} MB/s");
            context.Console.Write(table);
            return 0;
        }));
        return new Command("bench", "Benchmarks that print ratios against a baseline run in the same process") { analyze, Search(context) };
    }
}
