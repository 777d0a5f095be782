using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;

namespace Ficshelf.Web.Api;

public sealed record WorkListResponse(int Total, int Offset, IReadOnlyList<WorkSummary> Works);

public sealed record TagDto(TagCategory Category, string Name, TagOrigin Origin, double? Confidence, string? Evidence);

public sealed record ChapterDto(int Number, string? Title, string? Summary, string? NotesBefore, string? NotesAfter, int Words, IReadOnlyList<string>? Paragraphs);

public sealed record SourceDto(long Id, Platform Platform, string FileName, string Encoding, long Size, DateTimeOffset ImportedAt);

public sealed record WorkDto(
    long Id, string ContentKey, string Title, IReadOnlyList<string> Authors, Platform Platform, string? Series, string? Summary,
    string? Prompt, string? NotesBefore, string? NotesAfter, string? Language, int Words, int ChapterCount, bool? Complete, bool Truncated,
    DateTimeOffset? AddedAt, IReadOnlyList<TagDto> Tags, IReadOnlyList<ChapterDto> Chapters, IReadOnlyList<SourceDto> Sources)
{
    public static WorkDto From(Work work, bool withText) => new(
        work.Id, work.ContentKey, work.DisplayTitle, work.Authors, work.Platform, work.SeriesOrBook, work.Summary, work.Prompt,
        work.NotesBefore, work.NotesAfter, work.Language, work.WordCount, work.Chapters.Count, work.Complete, work.Truncated, work.AddedAt,
        work.EffectiveTags.Select(t => new TagDto(t.Category, t.Name, t.Origin, t.Confidence, t.Evidence)).ToList(),
        work.Chapters.Select((c, i) => new ChapterDto(i + 1, c.Title, c.Summary, c.NotesBefore, c.NotesAfter, c.WordCount, withText ? c.Paragraphs : null)).ToList(),
        work.Sources.Select(s => new SourceDto(s.Id, s.Platform, s.FileName, s.Encoding, s.Size, s.ImportedAt)).ToList());
}

public sealed record SearchHitDto(long WorkId, double Score, string Title, IReadOnlyList<string> Authors, int Words, int Chapters, bool? Complete,
    IReadOnlyList<string> Fandoms, IReadOnlyList<string> Relationships, string? Summary);

public sealed record SearchResponse(string Query, int Total, int Page, int PageSize, IReadOnlyList<SearchHitDto> Hits,
    IReadOnlyDictionary<TagCategory, IReadOnlyList<FacetCount>> Facets);

public sealed record TagDetail(Tag Tag, bool Canonical, Tag? SynonymOf, IReadOnlyList<Tag> Synonyms, IReadOnlyList<Tag> Parents, IReadOnlyList<Tag> Children, int Works);

public sealed record SynonymRequest(Tag Tag, Tag Canonical);
public sealed record MergeRequest(Tag From, Tag Into);
public sealed record RenameRequest(Tag Tag, string NewName);
public sealed record ParentRequest(Tag Child, Tag Parent);
public sealed record CanonicalRequest(Tag Tag, bool Canonical);
public sealed record WrangleResponse(string Message, IReadOnlyList<long> RetaggedWorks);

public sealed record BookmarkRequest(string? Note);
public sealed record BookmarkDto(long WorkId, string Title, string? Note, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
public sealed record ProgressRequest(int? Chapter, bool? Read);
public sealed record ErrorResponse(string Error);
