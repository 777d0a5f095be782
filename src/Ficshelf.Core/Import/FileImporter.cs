using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Documents;
using Ficshelf.Core.Storage;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Ficshelf.Core.Import;

/// <summary>What happened to one input: stored (with how), or refused with a one-line reason.</summary>
public sealed record FileImportResult(string Path, StoreOutcome? Outcome, long? WorkId, Work? Work, string? Encoding, string? Error)
{
    public bool Failed => Error is not null;

    /// <summary>Set when the file joined a work as a near-duplicate copy (not the same text, but the same story).</summary>
    public NearDuplicateMatch? NearDuplicate { get; init; }

    public static FileImportResult Failure(string path, string reason) => new(path, null, null, null, null, reason);
}

/// <summary>The files named by a list of paths, folders and globs, and the inputs that named nothing.</summary>
public sealed record ExpandedInputs(IReadOnlyList<string> Files, IReadOnlyList<FileImportResult> Errors);

/// <summary>One file read, parsed and analysed, ready to store — or the reason it cannot be (<see cref="Error"/>).</summary>
public sealed record PreparedFile(string Path, ParsedFile? File, string? Error)
{
    public static PreparedFile Failure(string path, string reason) => new(path, null, reason);
}

/// <summary>
/// One input of a bulk import (<see cref="FileImporter.ImportMany"/>): a name, and how a worker turns it into files
/// ready to store — one for a story file, one per story for a zip archive or none for what names nothing.
/// </summary>
public sealed record ImportInput(string Name, Func<FileImporter, IReadOnlyList<PreparedFile>> Prepare)
{
    /// <summary>A file named on the command line or found in a folder (a zip archive gives each story inside it).</summary>
    public static ImportInput FromPath(string path, ImportOptions options, ArchiveLimits? limits = null) =>
        new(path, importer => importer.PreparePath(path, options, limits));
}

/// <summary>How long each stage of an import took, summed over the threads that ran it.</summary>
public sealed class ImportTimings
{
    private long read, parse, analyse, keys, store;

    public TimeSpan Read => TimeSpan.FromTicks(Interlocked.Read(ref read));
    public TimeSpan Parse => TimeSpan.FromTicks(Interlocked.Read(ref parse));
    public TimeSpan Analyse => TimeSpan.FromTicks(Interlocked.Read(ref analyse));
    public TimeSpan Keys => TimeSpan.FromTicks(Interlocked.Read(ref keys));
    public TimeSpan Store => TimeSpan.FromTicks(Interlocked.Read(ref store));

    internal void AddRead(long since) => Interlocked.Add(ref read, Elapsed(since));
    internal void AddParse(long since) => Interlocked.Add(ref parse, Elapsed(since));
    internal void AddAnalyse(long since) => Interlocked.Add(ref analyse, Elapsed(since));
    internal void AddKeys(long since) => Interlocked.Add(ref keys, Elapsed(since));
    internal void AddStore(long since) => Interlocked.Add(ref store, Elapsed(since));

    private static long Elapsed(long since) => System.Diagnostics.Stopwatch.GetElapsedTime(since).Ticks;
}

/// <summary>
/// Imports files into an archive: each file is read, parsed and stored on its own, so one bad file never stops the rest.
/// Many files (<see cref="ImportMany"/>) are read, parsed, analysed and fingerprinted on several threads and stored by one.
/// </summary>
public sealed class FileImporter(IWorkStore store, StoryParser parser, WorkAnalyzer? analyzer = null)
{
    /// <summary>
    /// Held while the analyzer reads a work, for an importer that shares its analyzer with importers on other threads
    /// — the web server's uploads. (A bulk import's workers share one analyzer without it: analysis keeps its state per
    /// work, and what the analyzer holds is read-only once built.)
    /// </summary>
    public Lock? AnalysisLock { get; init; }

    /// <summary>When set, each stage's time is added here (the import benchmark's breakdown).</summary>
    public ImportTimings? Timings { get; init; }

    /// <summary>At most this many files go into one transaction of a bulk import…</summary>
    private const int MaxBatchFiles = 256;

    /// <summary>…and at most about this many bytes of original files.</summary>
    private const long MaxBatchBytes = 64L * 1024 * 1024;

    /// <summary>File endings a folder import picks up. A file named directly is tried whatever its ending.</summary>
    public static readonly IReadOnlyList<string> StoryExtensions = [".txt", ".text", ".html", ".htm", ".xhtml", ".epub", ".zip"];

    /// <summary>
    /// Imports one file; a zip archive (not an EPUB) gives one result per story inside it ("a.zip!dir/story.html"),
    /// nested archives included, within <paramref name="limits"/>.
    /// </summary>
    public IReadOnlyList<FileImportResult> ImportPath(string path, ImportOptions? options = null, ArchiveLimits? limits = null) =>
        PreparePath(path, options ?? new ImportOptions(), limits).Select(StoreOne).ToList();

    /// <summary>What <see cref="ImportPath"/> stores, read and parsed but not stored yet.</summary>
    public IReadOnlyList<PreparedFile> PreparePath(string path, ImportOptions options, ArchiveLimits? limits = null)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || !DocumentImporter.IsZip(Head(path))) return [PrepareFile(path, options)];
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // An archive may hold many stories: it is bounded by the archive limits, each story by the file limit.
            var archiveLimit = (limits ?? new ArchiveLimits()).MaxTotalBytes;
            if (info.Length > archiveLimit)
                return [PreparedFile.Failure(path, $"file is too large ({StoryParser.Megabytes(info.Length)}; the limit for an archive is {StoryParser.Megabytes(archiveLimit)})")];
            bytes = File.ReadAllBytes(path);
            Timings?.AddRead(started);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [PreparedFile.Failure(path, $"cannot read the file: {e.Message}")];
        }
        if (!ArchiveExpander.IsArchive(bytes)) return [Prepare(path, Path.GetFileName(path), bytes, options)];
        var entries = ArchiveExpander.Expand(bytes, path, options.MaxFileBytes, limits);
        if (entries.Count == 0) return [PreparedFile.Failure(path, $"no story files in this archive (looked for {string.Join(", ", ArchiveExpander.EntryExtensions)})")];
        return entries.Select(e => e.Bytes is { } entryBytes ? Prepare(e.Path, e.FileName, entryBytes, options) : PreparedFile.Failure(e.Path, e.Error!)).ToList();
    }

    private static byte[] Head(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[4];
        var read = stream.Read(head, 0, 4);
        return head[..read];
    }

    public FileImportResult ImportFile(string path, ImportOptions? options = null) => StoreOne(PrepareFile(path, options ?? new ImportOptions()));

    private PreparedFile PrepareFile(string path, ImportOptions options)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        byte[] bytes;
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
                return PreparedFile.Failure(path, Directory.Exists(path) ? "is a directory" : "no such file");
            if (info.Length > options.MaxFileBytes)
                return PreparedFile.Failure(path, $"file is too large ({StoryParser.Megabytes(info.Length)}; the limit is {StoryParser.Megabytes(options.MaxFileBytes)})");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PreparedFile.Failure(path, $"cannot read the file: {e.Message}");
        }
        finally
        {
            Timings?.AddRead(started);
        }
        return Prepare(path, info.Name, bytes, options);
    }

    /// <summary>Parses, analyses and stores one file's bytes; <paramref name="path"/> names it in the result.
    /// <paramref name="adjust"/> may complete the parsed work from what came with the file (a Calibre library's metadata, the page's URL).</summary>
    public FileImportResult ImportBytes(string path, string fileName, byte[] bytes, ImportOptions options, Func<ParsedFile, ParsedFile>? adjust = null) =>
        StoreOne(Prepare(path, fileName, bytes, options, adjust));

    /// <summary>The same, storing without holding a thread while the database answers (the web server's uploads).</summary>
    public async Task<FileImportResult> ImportBytesAsync(string path, string fileName, byte[] bytes, ImportOptions options, Func<ParsedFile, ParsedFile>? adjust = null, CancellationToken cancel = default)
    {
        var prepared = Prepare(path, fileName, bytes, options, adjust);
        if (prepared.File is not { } parsed) return FileImportResult.Failure(path, prepared.Error!);
        try
        {
            return Result(path, parsed, await store.StoreAsync(parsed, cancel));
        }
        catch (StoreRefusedException e)
        {
            return Refused(path, e);
        }
    }

    /// <summary>Parses and analyses one file's bytes: what <see cref="ImportBytes"/> stores.</summary>
    public PreparedFile Prepare(string path, string fileName, byte[] bytes, ImportOptions options, Func<ParsedFile, ParsedFile>? adjust = null)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var parsed = parser.Parse(bytes, fileName, options);
            if (adjust is not null) parsed = adjust(parsed);
            Timings?.AddParse(started);
            // A Ficshelf export brings its own inferred tags (its marked metadata): analysing again would add them twice.
            if (analyzer is not null && !parsed.Work.Tags.Any(t => t.Origin == TagOrigin.Inferred))
            {
                started = System.Diagnostics.Stopwatch.GetTimestamp();
                // Analysis runs at import so a new work arrives with its inferred tags; `ficshelf analyze` redoes it later.
                IReadOnlyList<WorkTag> inferred;
                if (AnalysisLock is { } gate)
                    lock (gate) inferred = analyzer.InferTags(parsed.Work);
                else inferred = analyzer.InferTags(parsed.Work);
                parsed = parsed with { Work = parsed.Work with { Tags = [.. parsed.Work.Tags, .. inferred] } };
                Timings?.AddAnalyse(started);
            }
            return new PreparedFile(path, parsed, null);
        }
        catch (ImportException e)
        {
            return PreparedFile.Failure(path, e.Reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PreparedFile.Failure(path, $"cannot read the file: {e.Message}");
        }
    }

    private FileImportResult StoreOne(PreparedFile prepared)
    {
        if (prepared.File is not { } parsed) return FileImportResult.Failure(prepared.Path, prepared.Error!);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return Result(prepared.Path, parsed, store.Store(parsed));
        }
        catch (StoreRefusedException e)
        {
            return Refused(prepared.Path, e);
        }
        finally
        {
            Timings?.AddStore(started);
        }
    }

    private static FileImportResult Result(string path, ParsedFile parsed, StoreResult stored) =>
        new(path, stored.Outcome, stored.WorkId, parsed.Work, parsed.Encoding, null) { NearDuplicate = stored.NearDuplicate };

    private static FileImportResult Refused(string path, StoreRefusedException e) => FileImportResult.Failure(path, $"the archive refused the work: {e.Message}");

    /// <summary>
    /// Imports many inputs. With one worker, each file is read, parsed, analysed and stored in turn, one transaction each
    /// (as <see cref="ImportPath"/>). With more, up to <paramref name="workers"/> threads read, parse, analyse and
    /// fingerprint files while this thread stores them in the inputs' order, many to a transaction — each decided exactly
    /// as one import after another would decide it (same file, same story, near-duplicate, more complete copy), so the
    /// archive comes out the same whatever the number of workers. <paramref name="stored"/> hears each input's results
    /// in the inputs' order once they are in the archive; the answer lists them all in that order.
    /// </summary>
    public IReadOnlyList<FileImportResult> ImportMany(IEnumerable<ImportInput> inputs, int workers, Action<ImportInput, IReadOnlyList<FileImportResult>>? stored = null)
    {
        var results = new List<FileImportResult>();
        if (workers <= 1)
        {
            foreach (var input in inputs)
            {
                var own = input.Prepare(this).Select(StoreOne).ToList();
                results.AddRange(own);
                stored?.Invoke(input, own);
            }
            return results;
        }

        // Workers run on the thread pool, at most `workers` at once; this thread waits for each input in turn and
        // stores. A bounded window of inputs in flight keeps memory flat however many files there are.
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, workers).ConcurrentScheduler;
        var window = workers * 4;
        var pending = new Queue<(ImportInput Input, Task<List<PreparedFile>> Work)>();
        var batch = new List<(ImportInput Input, IReadOnlyList<PreparedFile> Files)>();
        var batchFiles = 0;
        var batchBytes = 0L;
        using var next = inputs.GetEnumerator();

        void Fill()
        {
            while (pending.Count < window && next.MoveNext())
            {
                var input = next.Current;
                pending.Enqueue((input, Task.Factory.StartNew(() => PrepareForBatch(input), CancellationToken.None, TaskCreationOptions.None, scheduler)));
            }
        }

        void Commit()
        {
            if (batch.Count == 0) return;
            var files = batch.SelectMany(b => b.Files).Where(f => f.File is not null).Select(f => f.File!).ToList();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var attempts = store.StoreMany(files);
            Timings?.AddStore(started);
            var at = 0;
            foreach (var (input, prepared) in batch)
            {
                var own = new List<FileImportResult>(prepared.Count);
                foreach (var file in prepared)
                {
                    if (file.File is not { } parsed)
                    {
                        own.Add(FileImportResult.Failure(file.Path, file.Error!));
                        continue;
                    }
                    var attempt = attempts[at++];
                    own.Add(attempt.Result is { } result ? Result(file.Path, parsed, result) : Refused(file.Path, attempt.Refused!));
                }
                results.AddRange(own);
                stored?.Invoke(input, own);
            }
            batch.Clear();
            batchFiles = 0;
            batchBytes = 0;
        }

        Fill();
        while (pending.Count > 0)
        {
            var (input, work) = pending.Peek();
            // Nothing ready yet: store what is, rather than wait with it.
            if (!work.IsCompleted) Commit();
            var prepared = work.GetAwaiter().GetResult();
            pending.Dequeue();
            Fill();
            batch.Add((input, prepared));
            batchFiles += prepared.Count;
            batchBytes += prepared.Sum(p => p.File?.Original.LongLength ?? 0);
            if (batchFiles >= MaxBatchFiles || batchBytes >= MaxBatchBytes) Commit();
        }
        Commit();
        return results;
    }

    /// <summary>A worker's part: the input read, parsed and analysed, with the store's keys computed here.</summary>
    private List<PreparedFile> PrepareForBatch(ImportInput input) => input.Prepare(this).Select(prepared =>
    {
        if (prepared.File is null) return prepared;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var withKeys = prepared with { File = prepared.File.WithStoreKeys() };
        Timings?.AddKeys(started);
        return withKeys;
    }).ToList();

    /// <summary>Expands files, folders (recursively, story files only) and glob patterns, in a stable order, each file once.</summary>
    public static ExpandedInputs Expand(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<FileImportResult>();
        void Add(string file)
        {
            var full = Path.GetFullPath(file);
            if (seen.Add(full)) files.Add(full);
        }

        foreach (var input in inputs)
        {
            if (File.Exists(input))
            {
                Add(input);
            }
            else if (Directory.Exists(input))
            {
                var found = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => StoryExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                    errors.Add(FileImportResult.Failure(input, $"no story files in this directory (looked for {string.Join(", ", StoryExtensions)})"));
                found.ForEach(Add);
            }
            else if (input.IndexOfAny(['*', '?', '[']) >= 0)
            {
                var matched = Glob(input);
                if (matched.Count == 0) errors.Add(FileImportResult.Failure(input, "the pattern matches no file"));
                matched.ForEach(Add);
            }
            else
            {
                errors.Add(FileImportResult.Failure(input, "no such file or directory"));
            }
        }
        return new ExpandedInputs(files, errors);
    }

    private static List<string> Glob(string pattern)
    {
        // Split off the part of the path before the first wildcard as the folder to search.
        var full = Path.GetFullPath(pattern.Replace('\\', '/'));
        var segments = full.Split('/');
        var firstWild = Array.FindIndex(segments, s => s.IndexOfAny(['*', '?', '[']) >= 0);
        var root = string.Join('/', segments.Take(firstWild));
        if (root.Length == 0) root = "/";
        if (!Directory.Exists(root)) return [];
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', segments.Skip(firstWild)));
        return matcher.GetResultsInFullPath(root).Order(StringComparer.Ordinal).ToList();
    }
}
