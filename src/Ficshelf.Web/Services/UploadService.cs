using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Analysis.Wrangling;
using Ficshelf.Core.Import;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Microsoft.Data.Sqlite;

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
            results.Add(Import(store, bytes, name));
        }
        Finish(store, results);
        return results;
    }

    /// <summary>After imports: wrangles the new works' tags as `ficshelf import` does, and tells the search index.</summary>
    public void Finish(IArchiveStore store, IReadOnlyList<UploadResult> results)
    {
        var changed = results.Where(r => r.WorkId is not null).Select(r => r.WorkId!.Value).Distinct().ToList();
        IReadOnlyList<WranglingStep> wrangled = [];
        if (results.Any(r => r.Outcome == Added))
        {
            // As after `ficshelf import`: what the canon knowledge knows about the new works' tags is wrangled at once.
            var tags = changed.Select(store.GetWork).OfType<Core.Domain.Work>().SelectMany(w => w.Tags).Select(t => t.Tag).ToList();
            lock (analysisLock) wrangled = new CanonWrangler(analyzer.Value).Apply(store, tags);
        }
        if (wrangled.Count > 0) search.TagsChanged(changed);
        else search.WorksChanged(changed);
    }

    /// <param name="adjust">Completes the parsed work from what came with the file (the URL a page was captured from).</param>
    public UploadResult Import(IArchiveStore store, byte[] bytes, string fileName, Func<ParsedFile, ParsedFile>? adjust = null)
    {
        try
        {
            var parsed = parser.Parse(bytes, fileName, new ImportOptions { MaxFileBytes = options.MaxFileBytes });
            if (adjust is not null) parsed = adjust(parsed);
            IReadOnlyList<Core.Domain.WorkTag> inferred;
            lock (analysisLock) inferred = analyzer.Value.InferTags(parsed.Work);
            parsed = parsed with { Work = parsed.Work with { Tags = [.. parsed.Work.Tags, .. inferred] } };
            var stored = store.Store(parsed);
            var outcome = stored.Outcome switch
            {
                StoreOutcome.Added => Added,
                StoreOutcome.NewSource when stored.NearDuplicate is not null => "same story (a near-duplicate copy), new copy",
                StoreOutcome.NewSource => "same story, new copy",
                _ => "already imported",
            };
            return new UploadResult(fileName, outcome, stored.WorkId, parsed.Work.DisplayTitle, parsed.Encoding, null);
        }
        catch (ImportException e)
        {
            return Failure(fileName, e.Reason);
        }
        catch (SqliteException e)
        {
            return Failure(fileName, $"the archive refused the work: {e.Message}");
        }
    }

    public const string Added = "added";

    private static UploadResult Failure(string name, string reason) => new(name, "failed", null, null, null, reason);
}
