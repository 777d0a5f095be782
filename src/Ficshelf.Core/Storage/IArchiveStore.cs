using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;

namespace Ficshelf.Core.Storage;

public enum StoreOutcome
{
    /// <summary>A new work.</summary>
    Added,

    /// <summary>A new copy of a story the archive already holds: kept as another source of that work.</summary>
    NewSource,

    /// <summary>This exact file was imported before: nothing changed.</summary>
    Unchanged,
}

public sealed record StoreResult(StoreOutcome Outcome, long WorkId, long SourceId)
{
    /// <summary>Set when the copy joined a work whose text is not the same but nearly (<see cref="StoreOutcome.NewSource"/>).</summary>
    public NearDuplicateMatch? NearDuplicate { get; init; }
}

/// <summary>What became of one file of <see cref="IWorkStore.StoreMany"/>: stored, or refused by the database.</summary>
public sealed record StoreAttempt(StoreResult? Result, StoreRefusedException? Refused)
{
    /// <summary>Each file in its own <see cref="IWorkStore.Store"/>.</summary>
    public static IReadOnlyList<StoreAttempt> OneByOne(IWorkStore store, IReadOnlyList<ParsedFile> files) => files.Select(file =>
    {
        try
        {
            return new StoreAttempt(store.Store(file), null);
        }
        catch (StoreRefusedException e)
        {
            return new StoreAttempt(null, e);
        }
    }).ToList();
}

/// <summary>Two works of the archive that are the same story; <paramref name="OlderId"/> is the one to keep.</summary>
public sealed record NearDuplicatePair(long OlderId, long NewerId, SimilarityScore Score);

public sealed record WorkSummary(
    long Id,
    string Title,
    Platform Platform,
    IReadOnlyList<string> Authors,
    int WordCount,
    int ChapterCount,
    bool? Complete,
    bool Truncated,
    IReadOnlyList<string> Fandoms,
    IReadOnlyList<string> Relationships,
    DateTimeOffset CreatedAt);

public sealed record ArchiveStats(
    int Works,
    int Sources,
    long Words,
    long OriginalBytes,
    IReadOnlyDictionary<Platform, int> WorksByPlatform,
    IReadOnlyDictionary<TagCategory, IReadOnlyList<(string Name, int Works)>> TopTags);

/// <summary>
/// Where works live: every role of the archive in one. SQLite is the embedded default; every provider keeps the
/// original bytes of every import. Code that needs one part asks for that role (<see cref="IWorkStore"/>,
/// <see cref="ITagStore"/>, <see cref="IReaderStore"/>, <see cref="IDuplicateStore"/>, <see cref="IMaintenanceStore"/>).
/// </summary>
public interface IArchiveStore : IWorkStore, ITagStore, IDuplicateStore, IReaderStore, IMaintenanceStore, IDisposable
{
}

/// <summary>A series (an AO3 series, a Wattpad book) and how many of its works the archive holds.</summary>
public sealed record SeriesEntry(string Name, int Works);

/// <summary>Works: the import decision, reading works and lists, their tags, and what search indexes read.</summary>
public interface IWorkStore
{
    string Location { get; }

    /// <summary>
    /// Stores one parsed file in one transaction: a new work, a new source of an existing work (the same text, the same
    /// platform story id — see <see cref="PlatformCopies"/> — or a near-duplicate of it — see <see cref="NearDuplicates"/>),
    /// or nothing if already there. Throws <see cref="StoreRefusedException"/> when the database refuses this one work.
    /// </summary>
    StoreResult Store(ParsedFile file);

    /// <summary>
    /// Stores files in their order, each decided exactly as <see cref="Store"/> would decide it after the ones before,
    /// in as few transactions as the provider can (a bulk import's writer). A file the database refuses is that file's
    /// <see cref="StoreRefusedException"/> in the answer; the others are stored.
    /// </summary>
    IReadOnlyList<StoreAttempt> StoreMany(IReadOnlyList<ParsedFile> files) => StoreAttempt.OneByOne(this, files);

    Work? GetWork(long id);

    /// <summary>What a list shows of each work (no chapter text), in the order of <paramref name="ids"/>; ids of works
    /// that are gone are left out.</summary>
    IReadOnlyList<WorkBlurb> GetBlurbs(IReadOnlyList<long> ids);

    /// <summary>A work by its number or by a prefix (≥ 6 characters) of its content key.</summary>
    long? ResolveWorkId(string idOrKey);

    IReadOnlyList<WorkSummary> ListWorks(int limit = 1000, int offset = 0);

    /// <summary>Every series the archive's works belong to, with how many of its works the archive holds, by name.</summary>
    IReadOnlyList<SeriesEntry> ListSeries();

    /// <summary>The works of one series in reading order: by part, works without a part last, then by number.</summary>
    IReadOnlyList<long> SeriesWorks(string series);

    byte[]? GetOriginal(long sourceId);

    /// <summary>Counts, and the most used tags per category (<paramref name="topTags"/> 0: none — a search engine's facets give them faster).</summary>
    ArchiveStats GetStats(int topTags = 5);

    int CountWorks();

    IReadOnlyList<long> WorkIds();

    /// <summary>Replaces what one origin (Ficshelf's analysis, or the user) says about a work's tags, in one transaction.</summary>
    void ReplaceTags(long workId, TagOrigin origin, IReadOnlyList<WorkTag> tags);

    /// <summary>Deletes a work with its chapters, sources and tags. False when there is no such work.</summary>
    bool DeleteWork(long id);

    /// <summary>
    /// A short text that changes whenever works or tag wrangling change (counts, newest id, last update), so a
    /// search index built by another process can tell it is stale without reading the archive. Two parts split by
    /// '|': the works part (what an index depends on), then the wrangling part.
    /// </summary>
    string ChangeStamp();

    /// <summary>
    /// Each work's version — when it last changed — by id (all works, or just <paramref name="ids"/>): a search index
    /// compares them with the versions it indexed and re-reads only the works that differ.
    /// </summary>
    IReadOnlyDictionary<long, string> WorkVersions(IReadOnlyCollection<long>? ids = null);

    /// <summary>Every work with chapters and tags (sources left out), in id order, read in batches: what a search index is built from.</summary>
    IEnumerable<Work> StreamWorks(long afterId = 0);

    // The same, without holding a thread while the database answers (the web server).

    Task<StoreResult> StoreAsync(ParsedFile file, CancellationToken cancel = default);

    Task<Work?> GetWorkAsync(long id, CancellationToken cancel = default);

    Task<IReadOnlyList<WorkBlurb>> GetBlurbsAsync(IReadOnlyList<long> ids, CancellationToken cancel = default);

    Task<IReadOnlyList<WorkSummary>> ListWorksAsync(int limit = 1000, int offset = 0, CancellationToken cancel = default);

    Task<IReadOnlyList<SeriesEntry>> ListSeriesAsync(CancellationToken cancel = default);

    Task<IReadOnlyList<long>> SeriesWorksAsync(string series, CancellationToken cancel = default);

    Task<byte[]?> GetOriginalAsync(long sourceId, CancellationToken cancel = default);

    Task<ArchiveStats> GetStatsAsync(int topTags = 5, CancellationToken cancel = default);

    Task<int> CountWorksAsync(CancellationToken cancel = default);

    Task<bool> DeleteWorkAsync(long id, CancellationToken cancel = default);

    Task<string> ChangeStampAsync(CancellationToken cancel = default);

    Task<IReadOnlyDictionary<long, string>> WorkVersionsAsync(IReadOnlyCollection<long>? ids = null, CancellationToken cancel = default);

    IAsyncEnumerable<Work> StreamWorksAsync(long afterId = 0, CancellationToken cancel = default);
}

/// <summary>One page of a tag list and how many tags the list has in all.</summary>
public sealed record TagPage(IReadOnlyList<TagInfo> Tags, int Total);

/// <summary>Tags and their wrangling. A tag named here that the archive does not know yet is created.</summary>
public interface ITagStore
{

    /// <summary>The tags with how many works carry each (rejected tags not counted), optionally one category or a name fragment.</summary>
    IReadOnlyList<TagInfo> ListTags(TagCategory? category = null, string? nameContains = null, int limit = int.MaxValue);

    /// <summary>The whole wrangling graph, for searches and wrangling (its <see cref="TagInfo.Works"/> are 0: counting is <see cref="ListTags"/>'s job).</summary>
    TagGraph LoadTagGraph();

    Task<IReadOnlyList<TagInfo>> ListTagsAsync(TagCategory? category = null, string? nameContains = null, int limit = int.MaxValue, CancellationToken cancel = default);

    /// <summary>One page of <see cref="ListTags"/>'s order (most works first) and how many tags match in all, paged in the database.</summary>
    Task<TagPage> ListTagsPageAsync(TagCategory? category, string? nameContains, int limit, int offset, CancellationToken cancel = default);

    Task<TagGraph> LoadTagGraphAsync(CancellationToken cancel = default);

    /// <summary>The graph's entries for these tags alone (those the archive has), without reading every tag.</summary>
    Task<IReadOnlyList<TagInfo>> LoadTagInfosAsync(IReadOnlyCollection<Tag> tags, CancellationToken cancel = default);

    void SetCanonical(Tag tag, bool canonical);

    /// <summary>Makes <paramref name="synonym"/> a synonym of <paramref name="canonical"/> (made canonical); the synonym's own synonyms and subtags move over.</summary>
    void MakeSynonym(Tag synonym, Tag canonical);

    /// <summary>Retags every work carrying <paramref name="from"/> with <paramref name="into"/>, and keeps <paramref name="from"/> as a synonym so later imports follow.</summary>
    /// <returns>The works retagged (a search index re-reads them).</returns>
    IReadOnlyList<long> MergeTag(Tag from, Tag into);

    /// <summary>Renames a tag; refuses a name another tag of the category has (merge instead).</summary>
    /// <returns>The works carrying the tag (a search index re-reads them).</returns>
    IReadOnlyList<long> RenameTag(Tag tag, string newName);

    void AddParent(Tag child, Tag parent);

    void RemoveParent(Tag child, Tag parent);

    // The same writes, without holding a thread while the database answers (the web server, through TagWrangling).

    Task SetCanonicalAsync(Tag tag, bool canonical, CancellationToken cancel = default);

    Task MakeSynonymAsync(Tag synonym, Tag canonical, CancellationToken cancel = default);

    Task<IReadOnlyList<long>> MergeTagAsync(Tag from, Tag into, CancellationToken cancel = default);

    Task<IReadOnlyList<long>> RenameTagAsync(Tag tag, string newName, CancellationToken cancel = default);

    Task AddParentAsync(Tag child, Tag parent, CancellationToken cancel = default);

    Task RemoveParentAsync(Tag child, Tag parent, CancellationToken cancel = default);
}

/// <summary>Near-duplicates: works that are the same story copied from different platforms.</summary>
public interface IDuplicateStore
{

    /// <summary>Fingerprints the works that have none yet (archives written before fingerprints existed); returns how many.</summary>
    int BackfillFingerprints();

    /// <summary>Pairs of works that are the same story, found through their fingerprints and checked over their texts.</summary>
    IReadOnlyList<NearDuplicatePair> FindNearDuplicates();

    /// <summary>
    /// Makes <paramref name="mergeId"/> part of <paramref name="keepId"/>: its sources (original bytes kept) and tags
    /// move over and it is deleted. The kept work shows the more complete text of the two. False when either is missing.
    /// </summary>
    bool MergeWorks(long keepId, long mergeId, SimilarityScore score);
}

/// <summary>What <c>ficshelf check</c> asks a provider about its own storage (beyond what every archive is checked for).</summary>
public interface IMaintenanceStore
{
    /// <summary>Problems of the database itself: its own integrity checks, the schema version, broken indexes.</summary>
    IEnumerable<string> StorageProblems();
}
