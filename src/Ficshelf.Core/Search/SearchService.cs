using System.Globalization;
using System.Diagnostics;
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
    private readonly bool buildInBackground;

    // While a background build runs: the engine being filled (searchable over what it holds so far), its graph, progress.
    private ISearchEngine? partial;
    private TagGraph? partialGraph;
    private int indexedSoFar;
    private int toIndex;
    private Task? backgroundBuild;

    /// <summary>Works read into the engine per write lock while building in the background: searches wait at most one batch.</summary>
    internal int BuildBatch { get; init; } = 64;

    /// <summary>A build in the background saves what it has this often (a fraction of the archive), so a restart resumes it.</summary>
    private const double SaveEvery = 0.2;

    /// <param name="openStore">Opens the archive (a new store each call; the service disposes what it opens).</param>
    /// <param name="engineFactory">The engine; the in-process inverted index by default.</param>
    /// <param name="indexPath">Where a persistent engine keeps its index between runs (null: rebuilt in memory every run).</param>
    /// <param name="buildInBackground">
    /// A server's choice: the first use starts the build on another thread and returns at once; until it is done,
    /// searches answer from the works indexed so far (<see cref="Status"/> says how far), and the index is saved
    /// every fifth of the way so a restart resumes it. Otherwise the first use waits for the whole build.
    /// </param>
    public SearchService(Func<IArchiveStore> openStore, Func<ISearchEngine>? engineFactory = null, string? indexPath = null, bool buildInBackground = false)
    {
        this.openStore = openStore;
        this.engineFactory = engineFactory ?? (() => new InvertedIndexEngine());
        this.indexPath = indexPath;
        this.buildInBackground = buildInBackground;
    }

    /// <summary>Whether the index holds the whole archive yet, and if not how much of it (for "indexing, N%").</summary>
    public SearchIndexStatus Status
    {
        get
        {
            if (engine is not null) return new SearchIndexStatus(true, 0, 0);
            return new SearchIndexStatus(false, Volatile.Read(ref indexedSoFar), Volatile.Read(ref toIndex));
        }
    }

    /// <summary>Starts building (in the background when so configured) without waiting: a server calls it when it starts.</summary>
    public void StartBuilding() => EnsureBuilt();

    /// <summary>Waits until the index holds the whole archive (a background build finished).</summary>
    public void WaitUntilBuilt()
    {
        EnsureBuilt();
        Task? running;
        lock (buildLock) running = backgroundBuild;
        running?.GetAwaiter().GetResult();
        EnsureBuilt();
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

    /// <summary>Runs the query within <see cref="SearchBudget"/>: <see cref="SearchBudgetExceededException"/> when it costs too much.</summary>
    public SearchResult Search(SearchQuery query)
    {
        query = SearchBudget.Apply(query);
        EnsureBuilt();
        var key = SearchResultCache<SearchResult>.KeyOf(query);
        if (results.TryGet(key, out var cached)) return cached;
        gate.EnterReadLock();
        try
        {
            if (engine is null) return partial is not null ? partial.Search(query, partialGraph!) : SearchResult.Empty;
            var asOf = Interlocked.Read(ref indexGeneration);
            var result = engine.Search(query, graph!);
            results.Add(key, result, asOf, CurrentGeneration);
            return result;
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public SearchResult Search(string queryText) => Search(SearchQueryParser.Parse(queryText));

    /// <summary>Works like this one: shared tags weighted by how rare they are, plus the words that set the work apart.</summary>
    public IReadOnlyList<SearchHit> MoreLikeThis(long workId, int count = 10) => MoreLikeThisAsync(workId, count).GetAwaiter().GetResult();

    /// <inheritdoc cref="MoreLikeThis"/>
    public async Task<IReadOnlyList<SearchHit>> MoreLikeThisAsync(long workId, int count = 10, CancellationToken cancel = default)
    {
        EnsureBuilt();
        var key = string.Create(CultureInfo.InvariantCulture, $"{workId}:{count}");
        if (similarWorks.TryGet(key, out var cached)) return cached;
        var asOf = Interlocked.Read(ref indexGeneration);
        Work? work;
        using (var store = openStore()) work = await store.GetWorkAsync(workId, cancel);
        if (work is null) return [];
        return Similar(work, count, key, asOf);
    }

    /// <summary>
    /// The same for a work the caller has just read (a work page), not read again. <paramref name="readAtGeneration"/>
    /// is <see cref="Generation"/> as it was before the caller read the work: the answer is kept for the next view
    /// only while nothing has changed since (without it, it is not kept).
    /// </summary>
    public IReadOnlyList<SearchHit> MoreLikeThis(Work work, int count = 10, long? readAtGeneration = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        EnsureBuilt();
        var key = string.Create(CultureInfo.InvariantCulture, $"{work.Id}:{count}");
        return similarWorks.TryGet(key, out var cached) ? cached : Similar(work, count, key, readAtGeneration);
    }

    private IReadOnlyList<SearchHit> Similar(Work work, int count, string key, long? asOf)
    {
        gate.EnterReadLock();
        try
        {
            if ((engine ?? partial) is not ISimilarWorks similar) return [];
            var hits = similar.MoreLikeThis(SearchDocument.From(work, work.AddedAt ?? DateTimeOffset.UtcNow), count, engine is not null ? graph! : partialGraph!);
            // The work was read before the lock: the generation taken before that read guards against a change in between.
            if (engine is not null && asOf is { } generation) similarWorks.Add(key, hits, generation, CurrentGeneration);
            return hits;
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>Call after works were imported, re-tagged or deleted: re-reads them from the archive.</summary>
    public void WorksChanged(IEnumerable<long> workIds) => WorksChangedAsync(workIds).GetAwaiter().GetResult();

    /// <inheritdoc cref="WorksChanged"/>
    public async Task WorksChangedAsync(IEnumerable<long> workIds, CancellationToken cancel = default)
    {
        if (engine is null) return; // not built yet: the first search reads everything anyway
        var ids = workIds.Distinct().ToList();
        if (ids.Count == 0) return;
        using var store = openStore();
        await ReindexAsync(store, ids, await store.WorkVersionsAsync(ids, cancel), cancel);
    }

    /// <summary>
    /// Re-reads <paramref name="ids"/> into the engine and records the versions they were read at. The versions are
    /// read before the works: a work that changes in between is recorded older than it is and read again next time.
    /// </summary>
    private async Task ReindexAsync(IArchiveStore store, IReadOnlyCollection<long> ids, IReadOnlyDictionary<long, string> versionsBefore, CancellationToken cancel)
    {
        var documents = new List<SearchDocument>();
        var removed = new List<long>();
        foreach (var id in ids)
        {
            var work = await store.GetWorkAsync(id, cancel);
            if (work is null) removed.Add(id);
            else documents.Add(SearchDocument.From(work, work.AddedAt ?? DateTimeOffset.UtcNow));
        }
        EnterWriteLock();
        try
        {
            foreach (var id in removed)
            {
                engine!.Remove(id);
                versions.Remove(id);
            }
            engine!.Index(documents);
            foreach (var document in documents)
            {
                if (versionsBefore.TryGetValue(document.WorkId, out var version)) versions[document.WorkId] = version;
                else versions.Remove(document.WorkId);
            }
            dirty = true;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Call after wrangling: the next search reads the new graph; works a rename or merge retagged are re-read.</summary>
    public void TagsChanged(IEnumerable<long>? retaggedWorks = null) => TagsChangedAsync(retaggedWorks).GetAwaiter().GetResult();

    /// <inheritdoc cref="TagsChanged"/>
    public async Task TagsChangedAsync(IEnumerable<long>? retaggedWorks = null, CancellationToken cancel = default)
    {
        if (retaggedWorks is not null) await WorksChangedAsync(retaggedWorks, cancel);
        // Uploads that wrangle at the same time share one reload: a reload that began reading after this caller's
        // wrangling committed (its ticket was taken after) has read it.
        var ticket = Interlocked.Increment(ref graphReloadsAsked);
        while (true)
        {
            Task running;
            lock (graphReloadLock)
            {
                if (graphReloadedUpTo >= ticket) return;
                var covers = Interlocked.Read(ref graphReloadsAsked);
                running = graphReload ??= Task.Run(() => ReloadGraphAsync(covers), CancellationToken.None);
            }
            await running.WaitAsync(cancel);
        }
    }

    private readonly Lock graphReloadLock = new();
    private long graphReloadsAsked;
    private long graphReloadedUpTo;
    private Task? graphReload;

    private async Task ReloadGraphAsync(long covers)
    {
        try
        {
            using var store = openStore();
            var fresh = await store.LoadTagGraphAsync(CancellationToken.None);
            EnterWriteLock();
            try
            {
                graph = fresh;
            }
            finally
            {
                gate.ExitWriteLock();
            }
            lock (graphReloadLock) graphReloadedUpTo = Math.Max(graphReloadedUpTo, covers);
        }
        finally
        {
            lock (graphReloadLock) graphReload = null;
        }
    }

    /// <summary>Reads the whole archive into a fresh engine (also what happens on first use), and saves it when it persists.</summary>
    public void Rebuild() => BuildAsync(allowSaved: false, default).GetAwaiter().GetResult();

    /// <summary>Reads the archive without holding a thread while the database answers (a server builds in the background).</summary>
    private async Task BuildAsync(bool allowSaved, CancellationToken cancel)
    {
        var fresh = engineFactory();
        TagGraph freshGraph;
        ArchiveGeneration generation;
        Dictionary<long, string>? freshVersions = null;
        bool loaded;
        using (var store = openStore())
        {
            // The stamp first, then versions, then works: whatever changes meanwhile looks changed next time.
            generation = await ArchiveGeneration.OfAsync(store, cancel);
            freshGraph = await store.LoadTagGraphAsync(cancel);
            loaded = allowSaved && TryLoad(fresh, out freshVersions);
            if (!loaded)
            {
                freshVersions = new Dictionary<long, string>(await store.WorkVersionsAsync(cancel: cancel));
                if (buildInBackground && engine is null)
                {
                    var all = freshVersions;
                    freshVersions = [];
                    await IndexVisiblyAsync(store, fresh, freshGraph, all, freshVersions, cancel: cancel);
                }
                else
                {
                    await foreach (var batch in Documents(store, 0, cancel).Chunk(FullBuildBatch).WithCancellation(cancel)) fresh.Index(batch);
                }
                Save(fresh, freshVersions);
            }
            else if (buildInBackground && engine is null)
            {
                // A saved index that stopped part of the way (or predates new imports): go on from its last work.
                var current = await store.WorkVersionsAsync(cancel: cancel);
                var lastSaved = freshVersions!.Count == 0 ? 0 : freshVersions.Keys.Max();
                var newer = current.Where(kv => kv.Key > lastSaved).ToDictionary(kv => kv.Key, kv => kv.Value);
                if (newer.Count > 0)
                {
                    await IndexVisiblyAsync(store, fresh, freshGraph, newer, freshVersions, lastSaved, cancel);
                    Save(fresh, freshVersions);
                }
            }
        }
        EnterWriteLock();
        try
        {
            engine?.Dispose();
            engine = fresh;
            partial = null;
            partialGraph = null;
            graph = freshGraph;
            versions = freshVersions!;
            dirty = false;
            // A saved index may be from before the latest changes: catch up on the works that differ.
            builtFrom = loaded ? null : generation;
            if (!loaded) Interlocked.Exchange(ref lastCaughtUp, Stopwatch.GetTimestamp());
        }
        finally
        {
            gate.ExitWriteLock();
        }
        if (loaded)
        {
            await CatchUpAsync(generation, cancel);
            Interlocked.Exchange(ref lastCaughtUp, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Works read into the engine per call when nothing searches it meanwhile.</summary>
    private const int FullBuildBatch = 500;

    private static IAsyncEnumerable<SearchDocument> Documents(IArchiveStore store, long afterId, CancellationToken cancel) =>
        store.StreamWorksAsync(afterId, cancel).Select(w => SearchDocument.From(w, w.AddedAt ?? DateTimeOffset.UtcNow));

    /// <summary>
    /// Re-reads the works whose version differs from the one indexed (changed by another process: a CLI import while
    /// the server runs, a restore) and drops deleted ones. Most of the archive changed: a full rebuild is cheaper.
    /// </summary>
    private async Task CatchUpAsync(ArchiveGeneration now, CancellationToken cancel)
    {
        using var store = openStore();
        var current = await store.WorkVersionsAsync(cancel: cancel);
        List<long> changed, removed;
        gate.EnterReadLock();
        try
        {
            changed = current.Where(kv => !versions.TryGetValue(kv.Key, out var version) || version != kv.Value).Select(kv => kv.Key).ToList();
            removed = versions.Keys.Where(id => !current.ContainsKey(id)).ToList();
        }
        finally
        {
            gate.ExitReadLock();
        }
        if (changed.Count + removed.Count > Math.Max(1000, current.Count / 4))
        {
            await BuildAsync(allowSaved: false, cancel);
            return;
        }
        if (changed.Count + removed.Count > 0) await ReindexAsync(store, [.. changed, .. removed], current, cancel);
        var freshGraph = now.Tags == builtFrom?.Tags ? null : await store.LoadTagGraphAsync(cancel);
        EnterWriteLock();
        try
        {
            if (freshGraph is not null) graph = freshGraph;
            builtFrom = now;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>
    /// Catches up when another process changed the archive (a CLI import while the server runs), found by a cheap
    /// stamp of the works and tags tables; only the works whose version changed are read again. Call it when a page
    /// is loaded: with <paramref name="notMoreOftenThan"/> it checks at most that often, and a call while another
    /// thread is catching up returns at once (that request sees the index as it was a moment ago).
    /// </summary>
    /// <param name="waitForOtherCheck">Wait for a check another thread is making, then check again (a watcher that must not miss a change).</param>
    public bool RefreshIfArchiveChanged(TimeSpan? notMoreOftenThan = null, bool waitForOtherCheck = false) =>
        RefreshIfArchiveChangedAsync(notMoreOftenThan, waitForOtherCheck).GetAwaiter().GetResult();

    /// <inheritdoc cref="RefreshIfArchiveChanged"/>
    public async Task<bool> RefreshIfArchiveChangedAsync(TimeSpan? notMoreOftenThan = null, bool waitForOtherCheck = false, CancellationToken cancel = default)
    {
        if (engine is null) { EnsureBuilt(); return true; }
        if (notMoreOftenThan is { } interval && Stopwatch.GetElapsedTime(Interlocked.Read(ref lastCheck)) < interval) return false;
        // A flag rather than a lock: the catch-up awaits the database and may go on on another thread.
        while (Interlocked.CompareExchange(ref refreshing, 1, 0) != 0)
        {
            if (!waitForOtherCheck) return false;
            await Task.Delay(5, cancel);
        }
        try
        {
            Interlocked.Exchange(ref lastCheck, Stopwatch.GetTimestamp());
            ArchiveGeneration now;
            using (var store = openStore()) now = await ArchiveGeneration.OfAsync(store, cancel);
            if (now == builtFrom)
            {
                Interlocked.Exchange(ref lastCaughtUp, Stopwatch.GetTimestamp());
                return false;
            }
            await CatchUpAsync(now, cancel);
            Interlocked.Exchange(ref lastCaughtUp, Stopwatch.GetTimestamp());
            return true;
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }

    /// <summary>
    /// Indexes the works after <paramref name="afterId"/> in small batches, each under the write lock, while searches
    /// read the same engine in between; every <see cref="SaveEvery"/> of the way what is indexed so far is saved.
    /// A work streamed without a version in <paramref name="pending"/> (imported meanwhile) gets none in
    /// <paramref name="indexedVersions"/>, so the next catch-up reads it again.
    /// </summary>
    private async Task IndexVisiblyAsync(IArchiveStore store, ISearchEngine fresh, TagGraph freshGraph, IReadOnlyDictionary<long, string> pending,
        Dictionary<long, string> indexedVersions, long afterId = 0, CancellationToken cancel = default)
    {
        var all = pending;
        EnterWriteLock();
        try
        {
            partial = fresh;
            partialGraph = freshGraph;
            Volatile.Write(ref indexedSoFar, fresh.Count);
            Volatile.Write(ref toIndex, fresh.Count + all.Count);
        }
        finally
        {
            gate.ExitWriteLock();
        }
        var saveStep = Math.Max(BuildBatch, (int)(all.Count * SaveEvery));
        var nextSave = saveStep;
        var done = 0;
        await foreach (var batch in Documents(store, afterId, cancel).Chunk(BuildBatch).WithCancellation(cancel))
        {
            EnterWriteLock();
            try
            {
                fresh.Index(batch);
            }
            finally
            {
                gate.ExitWriteLock();
            }
            foreach (var document in batch)
                if (all.TryGetValue(document.WorkId, out var version)) indexedVersions[document.WorkId] = version;
            done += batch.Length;
            Interlocked.Add(ref indexedSoFar, batch.Length);
            if (done >= nextSave && done < all.Count)
            {
                nextSave += saveStep;
                gate.EnterReadLock();
                try
                {
                    Save(fresh, indexedVersions);
                }
                finally
                {
                    gate.ExitReadLock();
                }
            }
        }
    }

    // Repeated searches answered from memory until the index or the graph changes (every change takes the write lock).
    private readonly SearchResultCache<SearchResult> results = new();
    private readonly SearchResultCache<IReadOnlyList<SearchHit>> similarWorks = new();
    private long indexGeneration;

    private long CurrentGeneration() => Interlocked.Read(ref indexGeneration);

    /// <summary>
    /// Moves on every change the index is told of (works, wrangling, a catch-up with the archive): an answer worked
    /// out from the archive after reading it stays true while it has not moved.
    /// </summary>
    public long Generation => CurrentGeneration();

    /// <summary>Every change to the engine or the graph goes through here: it also empties the result caches.</summary>
    private void EnterWriteLock()
    {
        gate.EnterWriteLock();
        Interlocked.Increment(ref indexGeneration);
        results.Invalidate();
        similarWorks.Invalidate();
    }

    private readonly Lock buildLock = new();
    private int refreshing;
    private long lastCheck;
    private long lastCaughtUp;

    /// <summary>
    /// A watcher of the archive's changes (a server on PostgreSQL) found nothing written since the index was last found
    /// current: it still is. Pages' own looks (<see cref="RefreshIfArchiveChanged"/> with an interval) are then skipped
    /// for a second, since the watcher looks anyway.
    /// </summary>
    public void StillCurrent()
    {
        if (engine is null || Interlocked.Read(ref lastCaughtUp) == 0) return;
        var now = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref lastCaughtUp, now);
        Interlocked.Exchange(ref lastCheck, now);
    }

    /// <summary>
    /// How long ago the index was last found to hold the archive as its change stamp showed (null: not built yet):
    /// a server's health check says "caught up" while this is short.
    /// </summary>
    public TimeSpan? SinceCaughtUp
    {
        get
        {
            if (engine is null) return null;
            var at = Interlocked.Read(ref lastCaughtUp);
            return at == 0 ? null : Stopwatch.GetElapsedTime(at);
        }
    }

    /// <summary>The version of each work as the engine has it (see <see cref="IArchiveStore.WorkVersions"/>).</summary>
    private Dictionary<long, string> versions = [];

    /// <summary>The engine changed since it was saved: saved again when the service is disposed.</summary>
    private bool dirty;

    private void EnsureBuilt()
    {
        if (engine is not null) return;
        lock (buildLock)
        {
            if (engine is not null) return;
            if (!buildInBackground) BuildAsync(allowSaved: true, default).GetAwaiter().GetResult();
            else backgroundBuild ??= Task.Run(async () =>
            {
                try
                {
                    await BuildAsync(allowSaved: true, default);
                }
                finally
                {
                    // A failed build is tried again by the next request.
                    lock (buildLock) if (engine is null) backgroundBuild = null;
                }
            });
        }
    }

    public void Dispose()
    {
        Task? running;
        lock (buildLock) running = backgroundBuild;
        try { running?.Wait(); } catch (AggregateException) { } // a build still writing must not meet a disposed lock
        if (dirty && engine is not null) Save(engine, versions);
        engine?.Dispose();
        gate.Dispose();
    }

    private const string IndexFileMagic = "ficshelf-search-index-2";

    /// <summary>The saved index: a header, the work versions it holds, then the engine's own data.</summary>
    private bool TryLoad(ISearchEngine fresh, out Dictionary<long, string>? savedVersions)
    {
        savedVersions = null;
        if (indexPath is null || fresh is not IPersistentIndex persistent || !File.Exists(indexPath)) return false;
        try
        {
            using var stream = new BufferedStream(File.OpenRead(indexPath), 1 << 20);
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            if (reader.ReadString() != IndexFileMagic) return false;
            var count = reader.ReadInt32();
            if (count < 0) return false;
            var read = new Dictionary<long, string>(Math.Min(count, 1 << 20));
            for (var i = 0; i < count; i++) read[reader.ReadInt64()] = reader.ReadString();
            persistent.Load(stream);
            savedVersions = read;
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException or UnauthorizedAccessException or FormatException or OutOfMemoryException)
        {
            return false; // a damaged or foreign index file is only a cache: rebuild
        }
    }

    private void Save(ISearchEngine fresh, Dictionary<long, string> savedVersions)
    {
        if (indexPath is null || fresh is not IPersistentIndex persistent) return;
        // A file of this writer's own: several servers on one machine and archive share the index path, and the last move wins.
        var temporary = $"{indexPath}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new BufferedStream(File.Create(temporary), 1 << 20))
            {
                using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(IndexFileMagic);
                    writer.Write(savedVersions.Count);
                    foreach (var (id, version) in savedVersions)
                    {
                        writer.Write(id);
                        writer.Write(version);
                    }
                }
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
        public static async Task<ArchiveGeneration> OfAsync(IArchiveStore store, CancellationToken cancel)
        {
            var stamp = await store.ChangeStampAsync(cancel);
            var bar = stamp.IndexOf('|');
            return bar < 0 ? new(stamp, "") : new(stamp[..bar], stamp[(bar + 1)..]);
        }
    }
}

/// <summary>Whether the search index holds the whole archive; while it is built, how many works of how many it holds.</summary>
public sealed record SearchIndexStatus(bool Ready, int Indexed, int Total)
{
    public int Percent => Ready ? 100 : Total <= 0 ? 0 : (int)Math.Min(99, 100L * Indexed / Total);
}

/// <summary>An engine that can find works similar to a given one.</summary>
internal interface ISimilarWorks
{
    IReadOnlyList<SearchHit> MoreLikeThis(SearchDocument like, int count, TagGraph graph);
}
