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

    private readonly string? indexPath;

    /// <param name="openStore">Opens the archive (a new store each call; the service disposes what it opens).</param>
    /// <param name="engineFactory">The engine; the in-process inverted index by default.</param>
    /// <param name="indexPath">Where a persistent engine keeps its index between runs (null: rebuilt in memory every run).</param>
    public SearchService(Func<IArchiveStore> openStore, Func<ISearchEngine>? engineFactory = null, string? indexPath = null)
    {
        this.openStore = openStore;
        this.engineFactory = engineFactory ?? (() => new InvertedIndexEngine());
        this.indexPath = indexPath;
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

    /// <summary>Reads the whole archive into a fresh engine (also what happens on first use), and saves it when it persists.</summary>
    public void Rebuild() => Build(allowSaved: false);

    private void Build(bool allowSaved)
    {
        var fresh = engineFactory();
        TagGraph freshGraph;
        ArchiveGeneration generation;
        using (var store = openStore())
        {
            generation = ArchiveGeneration.Of(store);
            if (!(allowSaved && TryLoad(fresh, generation)))
            {
                fresh.Index(store.StreamWorks().Select(w => SearchDocument.From(w, w.AddedAt ?? DateTimeOffset.UtcNow)));
                Save(fresh, generation);
            }
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
        if (now.Works == builtFrom?.Works)
        {
            TagsChanged(); // only wrangling changed: the index still holds
            builtFrom = now;
        }
        else Rebuild();
        return true;
    }

    private readonly Lock buildLock = new();

    private void EnsureBuilt()
    {
        if (engine is not null) return;
        lock (buildLock)
        {
            if (engine is null) Build(allowSaved: true);
        }
    }

    public void Dispose()
    {
        engine?.Dispose();
        gate.Dispose();
    }

    /// <summary>The saved index file starts with the archive's works stamp; a different stamp means rebuild.</summary>
    private bool TryLoad(ISearchEngine fresh, ArchiveGeneration generation)
    {
        if (indexPath is null || fresh is not IPersistentIndex persistent || !File.Exists(indexPath)) return false;
        try
        {
            using var stream = new BufferedStream(File.OpenRead(indexPath), 1 << 20);
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != generation.Works) return false;
            persistent.Load(stream);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException or UnauthorizedAccessException)
        {
            return false; // a damaged or foreign index file is only a cache: rebuild
        }
    }

    private void Save(ISearchEngine fresh, ArchiveGeneration generation)
    {
        if (indexPath is null || fresh is not IPersistentIndex persistent) return;
        var temporary = indexPath + ".tmp";
        try
        {
            using (var stream = new BufferedStream(File.Create(temporary), 1 << 20))
            {
                using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) writer.Write(generation.Works);
                persistent.Save(stream);
            }
            File.Move(temporary, indexPath, overwrite: true); // readers never see half a file
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The index is a cache: failing to keep it only costs a rebuild next time.
            try { File.Delete(temporary); } catch (IOException) { }
        }
    }

    /// <summary>The archive's change stamp, split into what the index depends on (works) and what only the tag graph does.</summary>
    private sealed record ArchiveGeneration(string Works, string Tags)
    {
        public static ArchiveGeneration Of(IArchiveStore store)
        {
            var stamp = store.ChangeStamp();
            var bar = stamp.IndexOf('|');
            return bar < 0 ? new(stamp, "") : new(stamp[..bar], stamp[(bar + 1)..]);
        }
    }
}

/// <summary>An engine that can find works similar to a given one.</summary>
public interface ISimilarWorks
{
    IReadOnlyList<SearchHit> MoreLikeThis(SearchDocument like, int count, TagGraph tags);
}
