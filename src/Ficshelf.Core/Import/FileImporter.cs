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

/// <summary>Imports files into an archive: each file is read, parsed and stored on its own, so one bad file never stops the rest.</summary>
public sealed class FileImporter(IWorkStore store, StoryParser parser, WorkAnalyzer? analyzer = null)
{
    /// <summary>
    /// Held while the analyzer reads a work, for an importer that shares its analyzer (and its per-name caches) with
    /// importers on other threads — the web server's uploads.
    /// </summary>
    public Lock? AnalysisLock { get; init; }

    /// <summary>File endings a folder import picks up. A file named directly is tried whatever its ending.</summary>
    public static readonly IReadOnlyList<string> StoryExtensions = [".txt", ".text", ".html", ".htm", ".xhtml", ".epub", ".zip"];

    /// <summary>
    /// Imports one file; a zip archive (not an EPUB) gives one result per story inside it ("a.zip!dir/story.html"),
    /// nested archives included, within <paramref name="limits"/>.
    /// </summary>
    public IReadOnlyList<FileImportResult> ImportPath(string path, ImportOptions? options = null, ArchiveLimits? limits = null)
    {
        options ??= new ImportOptions();
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || !DocumentImporter.IsZip(Head(path))) return [ImportFile(path, options)];
            // An archive may hold many stories: it is bounded by the archive limits, each story by the file limit.
            var archiveLimit = (limits ?? new ArchiveLimits()).MaxTotalBytes;
            if (info.Length > archiveLimit)
                return [FileImportResult.Failure(path, $"file is too large ({StoryParser.Megabytes(info.Length)}; the limit for an archive is {StoryParser.Megabytes(archiveLimit)})")];
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [FileImportResult.Failure(path, $"cannot read the file: {e.Message}")];
        }
        if (!ArchiveExpander.IsArchive(bytes)) return [ImportBytes(path, Path.GetFileName(path), bytes, options)];
        var entries = ArchiveExpander.Expand(bytes, path, options.MaxFileBytes, limits);
        if (entries.Count == 0) return [FileImportResult.Failure(path, $"no story files in this archive (looked for {string.Join(", ", ArchiveExpander.EntryExtensions)})")];
        return entries.Select(e => e.Bytes is { } entryBytes ? ImportBytes(e.Path, e.FileName, entryBytes, options) : FileImportResult.Failure(e.Path, e.Error!)).ToList();
    }

    private static byte[] Head(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[4];
        var read = stream.Read(head, 0, 4);
        return head[..read];
    }

    public FileImportResult ImportFile(string path, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                return FileImportResult.Failure(path, Directory.Exists(path) ? "is a directory" : "no such file");
            if (info.Length > options.MaxFileBytes)
                return FileImportResult.Failure(path, $"file is too large ({StoryParser.Megabytes(info.Length)}; the limit is {StoryParser.Megabytes(options.MaxFileBytes)})");
            return ImportBytes(path, info.Name, File.ReadAllBytes(path), options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileImportResult.Failure(path, $"cannot read the file: {e.Message}");
        }
    }

    /// <summary>Parses, analyses and stores one file's bytes; <paramref name="path"/> names it in the result.
    /// <paramref name="adjust"/> may complete the parsed work from what came with the file (a Calibre library's metadata, the page's URL).</summary>
    public FileImportResult ImportBytes(string path, string fileName, byte[] bytes, ImportOptions options, Func<ParsedFile, ParsedFile>? adjust = null) =>
        ImportBytes(path, fileName, bytes, options, adjust, parsed => Task.FromResult(store.Store(parsed))).GetAwaiter().GetResult();

    /// <summary>The same, storing without holding a thread while the database answers (the web server's uploads).</summary>
    public Task<FileImportResult> ImportBytesAsync(string path, string fileName, byte[] bytes, ImportOptions options, Func<ParsedFile, ParsedFile>? adjust = null, CancellationToken cancel = default) =>
        ImportBytes(path, fileName, bytes, options, adjust, parsed => store.StoreAsync(parsed, cancel));

    private async Task<FileImportResult> ImportBytes(string path, string fileName, byte[] bytes, ImportOptions options, Func<ParsedFile, ParsedFile>? adjust, Func<ParsedFile, Task<StoreResult>> storeParsed)
    {
        try
        {
            var parsed = parser.Parse(bytes, fileName, options);
            if (adjust is not null) parsed = adjust(parsed);
            // A Ficshelf export brings its own inferred tags (its marked metadata): analysing again would add them twice.
            if (analyzer is not null && !parsed.Work.Tags.Any(t => t.Origin == TagOrigin.Inferred))
            {
                // Analysis runs at import so a new work arrives with its inferred tags; `ficshelf analyze` redoes it later.
                IReadOnlyList<WorkTag> inferred;
                if (AnalysisLock is { } gate)
                    lock (gate) inferred = analyzer.InferTags(parsed.Work);
                else inferred = analyzer.InferTags(parsed.Work);
                parsed = parsed with { Work = parsed.Work with { Tags = [.. parsed.Work.Tags, .. inferred] } };
            }
            var stored = await storeParsed(parsed);
            return new FileImportResult(path, stored.Outcome, stored.WorkId, parsed.Work, parsed.Encoding, null) { NearDuplicate = stored.NearDuplicate };
        }
        catch (ImportException e)
        {
            return FileImportResult.Failure(path, e.Reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FileImportResult.Failure(path, $"cannot read the file: {e.Message}");
        }
        catch (StoreRefusedException e)
        {
            return FileImportResult.Failure(path, $"the archive refused the work: {e.Message}");
        }
    }

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
