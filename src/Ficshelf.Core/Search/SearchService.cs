using Ficshelf.Core.Domain;
using Ficshelf.Core.Search.InProcess;
using Ficshelf.Core.Storage;

namespace Ficshelf.Core.Search;

/// <summary>
/// Search over an archive for every front end: builds the engine from the archive on first use, keeps it current
/// when told what changed, and caches the wrangling graph. Thread-safe: searches run in parallel, updates one at a time.
/// The archive stays the source of truth; the engine can always be rebuilt from it.
/// </summary>
public sealed class SearchService : IDisposable
{
    private readonly Func<IArchiveStore> openStore;
    private readonly Func<ISearchEngine> engineFactory;
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);
    private ISearchEngine? engine;
    private TagGraph? graph;
    private ArchiveGeneration? builtFrom;

    public SearchService(Func<IArchiveStore> openStore, Func<ISearchEngine>? engineFactory = null)
    {
        this.openStore = openStore;
        this.engineFactory = engineFactory ?? (() => new InvertedIndexEngine());
    }

    public string EngineName => Engine.Name;

    private ISearchEngine Engine
    {
        get
        {
            EnsureBuilt();
            return engine!;
        }
    }

    public SearchResult Search(SearchQuery query)
    {
        EnsureBuilt();
        gate.EnterReadLock();
        try
        {
            return engine!.Search(query, graph!);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public SearchResult Search(string queryText) => Search(SearchQueryParser.Parse(queryText));

    /// <summary>Works like this one: shared tags weighted by how rare they are, plus the words that set the work apart.</summary>
    public IReadOnlyList<SearchHit> MoreLikeThis(long workId, int count = 10)
    {
        EnsureBuilt();
        Work? work;
        using (var store = openStore()) work = store.GetWork(workId);
        if (work is null) return [];
        gate.EnterReadLock();
        try
        {
            return engine is ISimilarWorks similar
                ? similar.MoreLikeThis(SearchDocument.From(work, work.AddedAt ?? DateTimeOffset.UtcNow), count, graph!)
                : [];
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>Call after works were imported, re-tagged or deleted: re-reads them from the archive.</summary>
    public void WorksChanged(IEnumerable<long> workIds)
    {
        if (engine is null) return; // not built yet: the first search reads everything anyway
        var ids = workIds.Distinct().ToList();
        if (ids.Count == 0) return;
        using var store = openStore();
        var documents = new List<SearchDocument>();
        var removed = new List<long>();
        foreach (var id in ids)
        {
            var work = store.GetWork(id);
            if (work is null) removed.Add(id);
            else documents.Add(SearchDocument.From(work, work.AddedAt ?? DateTimeOffset.UtcNow));
        }
        var generation = ArchiveGeneration.Of(store);
        gate.EnterWriteLock();
        try
        {
            foreach (var id in removed) engine!.Remove(id);
            engine!.Index(documents);
            builtFrom = generation;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Call after wrangling: the next search reads the new graph; works a rename or merge retagged are re-read.</summary>
    public void TagsChanged(IEnumerable<long>? retaggedWorks = null)
    {
        if (retaggedWorks is not null) WorksChanged(retaggedWorks);
        using var store = openStore();
        var fresh = store.LoadTagGraph();
        gate.EnterWriteLock();
        try
        {
            graph = fresh;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Reads the whole archive into a fresh engine (also what happens on first use).</summary>
    public void Rebuild()
    {
        var fresh = engineFactory();
        TagGraph freshGraph;
        ArchiveGeneration generation;
        using (var store = openStore())
        {
            generation = ArchiveGeneration.Of(store);
            fresh.Index(store.StreamWorks().Select(w => SearchDocument.From(w, w.AddedAt ?? DateTimeOffset.UtcNow)));
            freshGraph = store.LoadTagGraph();
        }
        gate.EnterWriteLock();
        try
        {
            engine?.Dispose();
            engine = fresh;
            graph = freshGraph;
            builtFrom = generation;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>
    /// Rebuilds when another process changed the archive (a CLI import while the server runs): compared by a cheap
    /// fingerprint of the works table. Call it when a page is loaded or on a timer; it does nothing if nothing changed.
    /// </summary>
    public bool RefreshIfArchiveChanged()
    {
        if (engine is null) { EnsureBuilt(); return true; }
        ArchiveGeneration now;
        using (var store = openStore()) now = ArchiveGeneration.Of(store);
        if (now == builtFrom) return false;
        Rebuild();
        return true;
    }

    private readonly Lock buildLock = new();

    private void EnsureBuilt()
    {
        if (engine is not null) return;
        lock (buildLock)
        {
            if (engine is null) Rebuild();
        }
    }

    public void Dispose()
    {
        engine?.Dispose();
        gate.Dispose();
    }

    private sealed record ArchiveGeneration(string Stamp)
    {
        public static ArchiveGeneration Of(IArchiveStore store) => new(store.ChangeStamp());
    }
}

/// <summary>An engine that can find works similar to a given one.</summary>
public interface ISimilarWorks
{
    IReadOnlyList<SearchHit> MoreLikeThis(SearchDocument like, int count, TagGraph tags);
}
