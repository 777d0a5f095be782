using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ficshelf.Bench.Corpus;
using Ficshelf.Core.Search;

namespace Ficshelf.Bench.Search;

public sealed record ClassTiming(QueryClass Class, int Queries, double P50, double P95, double P99, double Mean);

public sealed record EngineReport(string Engine, TimeSpan Build, long IndexBytes, long ManagedBytesAfterBuild, long PeakWorkingSet, IReadOnlyList<ClassTiming> Classes)
{
    /// <summary>The largest managed heap seen while this engine built its index and answered the mix (sampled).</summary>
    public long PeakManagedBytes { get; init; }

    /// <summary>The largest working set seen while this engine ran (sampled; includes SQLite's native memory).</summary>
    public long PeakWorkingSetDuringRun { get; init; }

    /// <summary>The index's parts and their sizes, for an engine that can say (the in-process one).</summary>
    public IReadOnlyList<(string Section, long Bytes)> Sections { get; init; } = [];

    /// <summary>The size of the index saved to a file (0 when the engine keeps no file of its own).</summary>
    public long SavedBytes { get; init; }
}

/// <summary>A query whose result total differs between engines: what it was and what each engine counted.</summary>
public sealed record TotalMismatch(QueryClass Class, string Query, IReadOnlyList<(string Engine, int Total)> Totals);

public sealed record SearchBenchmarkReport(int Works, int Queries, TimeSpan CorpusGeneration, IReadOnlyList<EngineReport> Engines, int Disagreements, string Baseline)
{
    /// <summary>The UTF-8 size of the text the engines index (title, authors, summary, body of every work).</summary>
    public long TextBytes { get; init; }

    /// <summary>The first queries (at most <see cref="SearchBenchmark.MismatchesListed"/>) on which the engines' totals differ.</summary>
    public IReadOnlyList<TotalMismatch> Mismatches { get; init; } = [];

    /// <summary>The report as the Markdown tables the README keeps: latencies per class, then ratios against the baseline.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{Works:N0} works, {Queries:N0} queries ({Queries / Enum.GetValues<QueryClass>().Length} per class); corpus generation {CorpusGeneration.TotalSeconds:0.0} s (part of the first engine's build); text indexed {TextBytes / 1048576.0:0} MB; result totals that differ between engines: {Disagreements}.");
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
        // Ficshelf's own engine against each peer: how many times the peer's latency is ours (above 1: ours is faster).
        var ours = Engines.FirstOrDefault(e => e.Engine == "inverted");
        var peers = Engines.Where(e => e != ours && e.Engine != "brute-force").ToList();
        if (ours is not null && peers.Count > 0)
        {
            text.AppendLine("| class | " + string.Join(" | ", peers.Select(e => $"{e.Engine} p50 / inverted p50 | {e.Engine} p99 / inverted p99")) + " |");
            text.AppendLine("|---|" + string.Concat(peers.Select(_ => "---:|---:|")));
            foreach (var c in ours.Classes)
                text.AppendLine($"| {Label(c.Class)} | " + string.Join(" | ", peers.Select(e =>
                {
                    var other = e.Classes.First(x => x.Class == c.Class);
                    return string.Create(inv, $"{other.P50 / Math.Max(c.P50, 1e-6):0.0}× | {other.P99 / Math.Max(c.P99, 1e-6):0.0}×");
                })) + " |");
            text.AppendLine();
        }
        text.AppendLine("| engine | index build | index size | index / text | managed heap after build | peak managed heap (this engine) | peak working set (this engine) | process peak working set (so far) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var e in Engines)
            text.AppendLine(inv, $"| {e.Engine} | {e.Build.TotalSeconds:0.0} s | {e.IndexBytes / 1048576.0:0.0} MB | {(TextBytes > 0 ? 100.0 * e.IndexBytes / TextBytes : 0):0}% | {e.ManagedBytesAfterBuild / 1048576.0:0} MB | {e.PeakManagedBytes / 1048576.0:0} MB | {e.PeakWorkingSetDuringRun / 1048576.0:0} MB | {e.PeakWorkingSet / 1048576.0:0} MB |");
        if (Mismatches.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| class | query | " + string.Join(" | ", Engines.Select(e => e.Engine + " total")) + " |");
            text.AppendLine("|---|---|" + string.Concat(Engines.Select(_ => "---:|")));
            foreach (var m in Mismatches)
                text.AppendLine(inv, $"| {Label(m.Class)} | `{m.Query.Replace("|", "\\|", StringComparison.Ordinal)}` | {string.Join(" | ", m.Totals.Select(t => t.Total.ToString(inv)))} |");
        }
        foreach (var e in Engines.Where(e => e.Sections.Count > 0))
        {
            text.AppendLine();
            text.AppendLine(inv, $"| {e.Engine} index part | size | share of the index | share of the text |");
            text.AppendLine("|---|---:|---:|---:|");
            var whole = Math.Max(1, e.Sections.Sum(s => s.Bytes));
            foreach (var (section, bytes) in e.Sections)
                text.AppendLine(inv, $"| {section} | {bytes / 1048576.0:0.0} MB | {100.0 * bytes / whole:0}% | {(TextBytes > 0 ? 100.0 * bytes / TextBytes : 0):0.0}% |");
            if (e.SavedBytes > 0)
                text.AppendLine(inv, $"| (saved to a file) | {e.SavedBytes / 1048576.0:0.0} MB | | {(TextBytes > 0 ? 100.0 * e.SavedBytes / TextBytes : 0):0.0}% |");
        }
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
    public const int MismatchesListed = 10;

    public static SearchBenchmarkReport Run(SyntheticCorpus corpus, IReadOnlyList<(string Name, Func<ISearchEngine> Create)> engines,
        int queryCount = 1000, int warmup = 50, Action<string>? progress = null)
    {
        // The corpus is generated while the first engine indexes it (a separate pass would cost as much again at a
        // million works): the text is measured and the generation timed on the way; nothing is held.
        var generation = new Stopwatch();
        long textBytes = 0;
        IEnumerable<SearchDocument> MeasuredDocuments()
        {
            using var documents = corpus.Documents().GetEnumerator();
            var clock = Stopwatch.StartNew();
            for (var n = 0; ; n++)
            {
                if (n > 0 && n % 100_000 == 0) progress?.Invoke($"  {n:N0} works indexed ({clock.Elapsed.TotalSeconds:0} s)");
                generation.Start();
                var more = documents.MoveNext();
                if (more)
                    foreach (var field in SearchFields.Of(documents.Current)) textBytes += Encoding.UTF8.GetByteCount(field);
                generation.Stop();
                if (!more) yield break;
                yield return documents.Current;
            }
        }

        var queries = QueryMix.Build(corpus, queryCount);
        var graph = corpus.Tags;
        var reports = new List<EngineReport>();
        var totals = new List<int[]>();
        foreach (var (name, create) in engines)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var memory = new MemorySampler();
            var build = Stopwatch.StartNew();
            var engine = create();
            var first = reports.Count == 0;
            engine.Index(first ? MeasuredDocuments() : corpus.Documents());
            memory.Sample();
            var indexedPeak = memory.PeakManaged;
            var indexedHeap = GC.GetTotalMemory(forceFullCollection: false);
            engine.Search(new SearchQuery { PageSize = 1, FacetsPerCategory = 0 }, graph); // finish lazy preparation
            build.Stop();
            memory.Sample();
            // Where the build's peak falls: while adding the works, or while preparing the index for reading.
            progress?.Invoke($"{name}: managed heap {indexedHeap / 1048576.0:0} MB once the works were added (peak so far {indexedPeak / 1048576.0:0} MB), " +
                $"peak {memory.PeakManaged / 1048576.0:0} MB once prepared for reading; full collections {GC.CollectionCount(2)}");
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            if (first) progress?.Invoke($"corpus: {corpus.Works:N0} works generated in {generation.Elapsed.TotalSeconds:0.0} s (while {name} indexed them)");
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
            memory.Sample();
            long saved = 0;
            if (engine is IPersistentIndex persistent)
            {
                using var counter = new CountingStream();
                persistent.Save(counter);
                saved = counter.Length;
            }
            reports.Add(new EngineReport(name, build.Elapsed, (engine as IIndexSize)?.SizeBytes ?? 0, managed, Process.GetCurrentProcess().PeakWorkingSet64, classes)
            {
                PeakManagedBytes = memory.PeakManaged,
                PeakWorkingSetDuringRun = memory.PeakWorkingSet,
                Sections = (engine as Ficshelf.Core.Search.InProcess.InvertedIndexEngine)?.SizeSections ?? [],
                SavedBytes = saved,
            });
            progress?.Invoke($"{name}: {queries.Count} queries done");
            engine.Dispose();
        }
        var differing = totals.Count < 2 ? [] : Enumerable.Range(0, queries.Count).Where(i => totals.Any(t => t[i] != totals[0][i])).ToList();
        var baseline = engines.Any(e => e.Name == "fts5") ? "fts5" : engines[0].Name;
        return new SearchBenchmarkReport(corpus.Works, queries.Count, generation.Elapsed, reports, differing.Count, baseline)
        {
            TextBytes = textBytes,
            Mismatches = differing.Take(MismatchesListed).Select(i => new TotalMismatch(queries[i].Class, SearchQueryParser.Format(queries[i].Query),
                engines.Select((e, n) => (e.Name, totals[n][i])).ToList())).ToList(),
        };
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

/// <summary>
/// Samples the managed heap and the working set every few milliseconds: the peak during an engine's build and queries,
/// which the process-wide peak cannot give once an earlier engine has run.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer timer;
    private readonly Process process = Process.GetCurrentProcess();
    private readonly Lock gate = new();
    private bool disposed;

    public MemorySampler()
    {
        Sample();
        // A tenth of a second: often enough to catch a build's peak, rare enough not to disturb the timings.
        timer = new Timer(_ => Sample(), null, 100, 100);
    }

    public long PeakManaged { get; private set; }

    public long PeakWorkingSet { get; private set; }

    public void Sample()
    {
        lock (gate)
        {
            if (disposed) return; // a timer callback already queued when the engine finished
            process.Refresh();
            PeakManaged = Math.Max(PeakManaged, GC.GetTotalMemory(forceFullCollection: false));
            PeakWorkingSet = Math.Max(PeakWorkingSet, process.WorkingSet64);
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        lock (gate)
        {
            disposed = true;
            process.Dispose();
        }
    }
}

/// <summary>A stream that only counts what is written to it: the size of a saved index without writing a file.</summary>
internal sealed class CountingStream : Stream
{
    private long length;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => length;
    public override long Position { get => length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => length += count;
    public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;
}
