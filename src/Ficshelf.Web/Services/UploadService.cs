using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Analysis.Wrangling;
using Ficshelf.Core.Import;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;

namespace Ficshelf.Web.Services;

/// <summary>What happened to one uploaded file.</summary>
public sealed record UploadResult(string FileName, string Outcome, long? WorkId, string? Title, string? Encoding, string? Error)
{
    public bool Failed => Error is not null;
}

/// <summary>Imports uploaded files the way `ficshelf import` imports files: parse, analyse, store; one bad file never stops the rest.</summary>
public sealed class UploadService(FicshelfWebOptions options, SearchService search)
{
    private readonly StoryParser parser = new();
    private readonly Lazy<WorkAnalyzer> analyzer = new(() => new WorkAnalyzer(CanonKnowledgeBase.LoadDefault([.. options.CanonDirs])));

    // The analyzer keeps per-name caches; one upload analyses at a time.
    private readonly Lock analysisLock = new();

    public async Task<IReadOnlyList<UploadResult>> ImportAsync(IArchiveStore store, IEnumerable<IFormFile> files, CancellationToken cancel)
    {
        var results = new List<UploadResult>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.FileName);
            if (file.Length > options.MaxFileBytes)
            {
                results.Add(Failure(name, $"file is too large ({FicshelfWebOptions.Megabytes(file.Length)}; the limit is {FicshelfWebOptions.Megabytes(options.MaxFileBytes)})"));
                continue;
            }
            byte[] bytes;
            using (var buffer = new MemoryStream())
            {
                await file.CopyToAsync(buffer, cancel);
                bytes = buffer.ToArray();
            }
            results.Add(await ImportAsync(store, bytes, name, cancel));
        }
        await FinishAsync(store, results, cancel);
        return results;
    }

    /// <summary>After imports: wrangles the new works' tags as `ficshelf import` does, and tells the search index once.</summary>
    public async Task FinishAsync(IArchiveStore store, IReadOnlyList<UploadResult> results, CancellationToken cancel)
    {
        var changed = results.Where(r => r.WorkId is not null).Select(r => r.WorkId!.Value).Distinct().ToList();
        IReadOnlyList<WranglingStep> wrangled = [];
        if (results.Any(r => r.Outcome == Added))
        {
            // As after `ficshelf import`: what the canon knowledge knows about the new works' tags is wrangled at once.
            // Their blurbs carry every tag without reading the chapters' text.
            var tags = (await store.GetBlurbsAsync(changed, cancel)).SelectMany(blurb => blurb.Tags.Select(t => t.Tag)).ToList();
            wrangled = await new CanonWrangler(analyzer.Value) { AnalysisLock = analysisLock }.ApplyAsync(store, tags, cancel);
        }
        if (wrangled.Count > 0) await search.TagsChangedAsync(changed, cancel);
        else await search.WorksChangedAsync(changed, cancel);
    }

    /// <summary>One file, by the importer the CLI uses (parse, analyse, store); a failure is that file's result.</summary>
    /// <param name="adjust">Completes the parsed work from what came with the file (the URL a page was captured from).</param>
    public async Task<UploadResult> ImportAsync(IWorkStore store, byte[] bytes, string fileName, CancellationToken cancel, Func<ParsedFile, ParsedFile>? adjust = null)
    {
        var importer = new FileImporter(store, parser, analyzer.Value) { AnalysisLock = analysisLock };
        var result = await importer.ImportBytesAsync(fileName, fileName, bytes, new ImportOptions { MaxFileBytes = options.MaxFileBytes }, adjust, cancel);
        if (result.Error is { } error) return Failure(fileName, error);
        var outcome = result.Outcome switch
        {
            StoreOutcome.Added => Added,
            StoreOutcome.NewSource when result.NearDuplicate is not null => "same story (a near-duplicate copy), new copy",
            StoreOutcome.NewSource => "same story, new copy",
            _ => "already imported",
        };
        // A list of works, so each untitled one is named as lists name it ("Untitled (begins …)").
        return new UploadResult(fileName, outcome, result.WorkId, result.Work?.ListTitle, result.Encoding, null);
    }

    public const string Added = "added";

    private static UploadResult Failure(string name, string reason) => new(name, "failed", null, null, null, reason);
}
