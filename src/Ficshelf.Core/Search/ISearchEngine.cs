using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Search;

/// <summary>
/// A search index over the archive. The archive is the source of truth: an engine is rebuilt from it at any
/// time and kept current by <see cref="SearchService"/>. Tags are indexed as the works carry them; synonyms
/// and metatags are resolved at query time through the <see cref="TagGraph"/>, so wrangling applies at once.
/// </summary>
public interface ISearchEngine : IDisposable
{
    string Name { get; }

    int Count { get; }

    /// <summary>Adds the documents, replacing any already indexed under the same work id.</summary>
    void Index(IEnumerable<SearchDocument> documents);

    void Remove(long workId);

    SearchResult Search(SearchQuery query, TagGraph graph);
}

/// <summary>What an engine indexes of a work.</summary>
public sealed record SearchDocument(
    long WorkId,
    string Title,
    IReadOnlyList<string> Authors,
    string? Summary,
    string Body,
    IReadOnlyList<Tag> Tags,
    Platform Platform,
    string? Language,
    int Words,
    bool? Complete,
    DateTimeOffset ImportedAt)
{
    public static SearchDocument From(Work work, DateTimeOffset importedAt) => new(
        work.Id,
        work.DisplayTitle,
        work.Authors,
        work.Summary,
        work.BodyText,
        work.EffectiveTags.Select(t => t.Tag).Distinct(TagComparer.Instance).ToList(),
        work.Platform,
        work.Language,
        work.WordCount,
        work.Complete,
        importedAt);
}

/// <summary>An engine that can say how big its index is (memory or disk), for the benchmark.</summary>
public interface IIndexSize
{
    long SizeBytes { get; }
}

/// <summary>An engine whose index can be written to a file and read back, so a run need not rebuild it.</summary>
public interface IPersistentIndex
{
    void Save(Stream stream);

    /// <summary>Replaces the engine's contents with the saved index; <see cref="InvalidDataException"/> if the file is not one.</summary>
    void Load(Stream stream);
}
