using System.Diagnostics;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;

namespace Ficshelf.Bench.Import;

/// <summary>One import run of the benchmark: how long, how fast, and how the speed held as the archive grew.</summary>
public sealed record ImportRun(int Workers, int Files, int Stored, int Failed, TimeSpan Elapsed, double StoryMegabytes, int Window, TimeSpan FirstWindow, TimeSpan LastWindow)
{
    public double MegabytesPerSecond => StoryMegabytes / Elapsed.TotalSeconds;

    public double WorksPerSecond => Stored / Elapsed.TotalSeconds;

    public double FirstWindowWorksPerSecond => Window / FirstWindow.TotalSeconds;

    public double LastWindowWorksPerSecond => Window / LastWindow.TotalSeconds;

    /// <summary>Time per stage, summed over the workers (read, parse, analyse, store keys; storing is one thread).</summary>
    public ImportTimings? Timings { get; init; }

    /// <summary>CPU time the process used during the run, on all its threads.</summary>
    public TimeSpan ProcessorTime { get; init; }

    /// <summary>Files that became new works (the rest joined works as copies, or were already there).</summary>
    public int Added { get; init; }
}

/// <summary>
/// Imports a synthetic library of story files into a new archive, as <c>ficshelf import FOLDER</c> does, and times it;
/// each file's completion is stamped so the speed over the first and the last files shows whether the archive's growth
/// slows the import down.
/// </summary>
public static class ImportBenchmark
{
    /// <summary>Imports the library's first files into a throwaway archive so both measured runs start with the code compiled.</summary>
    public static void WarmUp(SyntheticLibrary library, CanonKnowledgeBase knowledge, string archivePath, int files = 100)
    {
        using var store = SqliteArchiveStore.Open(archivePath);
        new FileImporter(store, new StoryParser(), new WorkAnalyzer(knowledge))
            .ImportMany(library.Files.Take(files).Select(f => ImportInput.FromPath(f, new ImportOptions())), 2);
    }

    public static ImportRun Run(SyntheticLibrary library, CanonKnowledgeBase knowledge, string archivePath, int workers)
    {
        using var store = SqliteArchiveStore.Open(archivePath);
        var timings = new ImportTimings();
        var importer = new FileImporter(store, new StoryParser(), new WorkAnalyzer(knowledge)) { Timings = timings };
        var done = new long[library.Files.Count];
        var count = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        // As `ficshelf import FOLDER` does: every file an input, stored in the folder's order.
        var results = importer.ImportMany(library.Files.Select(f => ImportInput.FromPath(f, new ImportOptions())), workers,
            (_, _) => done[count++] = Stopwatch.GetTimestamp());
        var elapsed = Stopwatch.GetElapsedTime(start);
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var window = Math.Max(1, Math.Min(1000, count / 4));
        var first = Stopwatch.GetElapsedTime(start, done[window - 1]);
        var last = Stopwatch.GetElapsedTime(done[count - window - 1], done[count - 1]);
        return new ImportRun(workers, library.Files.Count, results.Count(r => !r.Failed), results.Count(r => r.Failed), elapsed,
            library.StoryTextBytes / 1e6, window, first, last)
        {
            Timings = timings,
            ProcessorTime = cpu,
            Added = results.Count(r => r.Outcome == StoreOutcome.Added),
        };
    }
}
