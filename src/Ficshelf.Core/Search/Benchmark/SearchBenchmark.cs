using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ficshelf.Core.Search.Corpus;

namespace Ficshelf.Core.Search.Benchmark;

public sealed record ClassTiming(QueryClass Class, int Queries, double P50, double P95, double P99, double Mean);

public sealed record EngineReport(string Engine, TimeSpan Build, long IndexBytes, long ManagedBytesAfterBuild, long PeakWorkingSet, IReadOnlyList<ClassTiming> Classes);

public sealed record SearchBenchmarkReport(int Works, int Queries, TimeSpan CorpusGeneration, IReadOnlyList<EngineReport> Engines, int Disagreements, string Baseline)
{
    /// <summary>The report as the Markdown tables the README keeps: latencies per class, then ratios against the baseline.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{Works:N0} works, {Queries:N0} queries ({Queries / Enum.GetValues<QueryClass>().Length} per class); corpus generation alone {CorpusGeneration.TotalSeconds:0.0} s; result totals that differ between engines: {Disagreements}.");
        text.AppendLine();
        text.AppendLine("| engine | class | p50 ms | p95 ms | p99 ms | mean ms |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var engine in Engines)
            foreach (var c in engine.Classes)
                text.AppendLine(inv, $"| {engine.Engine} | {Label(c.Class)} | {c.P50:0.00} | {c.P95:0.00} | {c.P99:0.00} | {c.Mean:0.00} |");
        text.AppendLine();
        var baseline = Engines.FirstOrDefault(e => e.Engine == Baseline);
        if (baseline is not null && Engines.Count > 1)
        {
            text.AppendLine("| class | " + string.Join(" | ", Engines.Where(e => e != baseline).Select(e => $"{baseline.Engine} p50 / {e.Engine} p50 | {baseline.Engine} p99 / {e.Engine} p99")) + " |");
            text.AppendLine("|---|" + string.Concat(Engines.Where(e => e != baseline).Select(_ => "---:|---:|")));
            foreach (var c in baseline.Classes)
                text.AppendLine($"| {Label(c.Class)} | " + string.Join(" | ", Engines.Where(e => e != baseline).Select(e =>
                {
                    var other = e.Classes.First(x => x.Class == c.Class);
                    return string.Create(inv, $"{c.P50 / Math.Max(other.P50, 1e-6):0.0}× | {c.P99 / Math.Max(other.P99, 1e-6):0.0}×");
                })) + " |");
            text.AppendLine();
        }
        text.AppendLine("| engine | index build | index size | managed heap after build | process peak working set (so far) |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var e in Engines)
            text.AppendLine(inv, $"| {e.Engine} | {e.Build.TotalSeconds:0.0} s | {e.IndexBytes / 1048576.0:0} MB | {e.ManagedBytesAfterBuild / 1048576.0:0} MB | {e.PeakWorkingSet / 1048576.0:0} MB |");
        return text.ToString();
    }

    public static string Label(QueryClass c) => c switch
    {
        QueryClass.TextOnly => "text only",
        QueryClass.TagsOnly => "tags only",
        QueryClass.TextWithFilters => "text + 3–5 filters",
        QueryClass.ExcludeHeavy => "exclude-heavy",
        _ => "facet-heavy",
    };
}

/// <summary>
/// Builds each engine from the same synthetic corpus and runs the same query mix on each, in one process, so the
/// ratios between engines hold on a noisy machine even when the absolute times do not.
/// </summary>
public static class SearchBenchmark
{
    public static SearchBenchmarkReport Run(SyntheticCorpus corpus, IReadOnlyList<(string Name, Func<ISearchEngine> Create)> engines,
        int queryCount = 1000, int warmup = 50, Action<string>? progress = null)
    {
        var generation = Stopwatch.StartNew();
        foreach (var _ in corpus.Documents()) { }
        generation.Stop();
        progress?.Invoke($"corpus: {corpus.Works:N0} works generated in {generation.Elapsed.TotalSeconds:0.0} s");

        var queries = QueryMix.Build(corpus, queryCount);
        var graph = corpus.Tags;
        var reports = new List<EngineReport>();
        var totals = new List<int[]>();
        foreach (var (name, create) in engines)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var build = Stopwatch.StartNew();
            var engine = create();
            engine.Index(corpus.Documents());
            engine.Search(new SearchQuery { PageSize = 1, FacetsPerCategory = 0 }, graph); // finish lazy preparation
            build.Stop();
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            progress?.Invoke($"{name}: index built in {build.Elapsed.TotalSeconds:0.0} s");

            foreach (var q in queries.Take(warmup)) engine.Search(q.Query, graph);
            var times = new List<(QueryClass Class, double Ms)>(queries.Count);
            var engineTotals = new int[queries.Count];
            var watch = new Stopwatch();
            for (var i = 0; i < queries.Count; i++)
            {
                watch.Restart();
                var result = engine.Search(queries[i].Query, graph);
                watch.Stop();
                times.Add((queries[i].Class, watch.Elapsed.TotalMilliseconds));
                engineTotals[i] = result.Total;
            }
            totals.Add(engineTotals);
            var classes = times.GroupBy(t => t.Class).OrderBy(g => g.Key).Select(g =>
            {
                var sorted = g.Select(t => t.Ms).Order().ToArray();
                return new ClassTiming(g.Key, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted.Average());
            }).ToList();
            reports.Add(new EngineReport(name, build.Elapsed, (engine as IIndexSize)?.SizeBytes ?? 0, managed, Process.GetCurrentProcess().PeakWorkingSet64, classes));
            progress?.Invoke($"{name}: {queries.Count} queries done");
            engine.Dispose();
        }
        var disagreements = totals.Count < 2 ? 0 : Enumerable.Range(0, queries.Count).Count(i => totals.Any(t => t[i] != totals[0][i]));
        var baseline = engines.Any(e => e.Name == "fts5") ? "fts5" : engines[0].Name;
        return new SearchBenchmarkReport(corpus.Works, queries.Count, generation.Elapsed, reports, disagreements, baseline);
    }

    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(sorted.Length - 1, low + 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
