using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Pages;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;

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

/// <summary>Marks a POST that only reads (a search sent as an object): it needs no change header.</summary>
public sealed class ReadsOnly
{
    public static readonly ReadsOnly Instance = new();
}

/// <summary>The JSON API: the same core the pages use, for scripts and other front ends. Described at /openapi.</summary>
public static class ApiEndpoints
{
    public static void MapFicshelfApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Ficshelf").AddEndpointFilter(RequireApiHeaderForChanges);

        api.MapGet("/works", (IArchiveStore store, int? limit, int? offset) =>
        {
            var take = Math.Clamp(limit ?? 100, 1, 1000);
            var skip = Math.Max(0, offset ?? 0);
            return new WorkListResponse(store.CountWorks(), skip, store.ListWorks(take, skip));
        }).WithName("ListWorks").WithSummary("The works, in archive order (limit ≤ 1000).");

        api.MapGet("/works/{id:long}", IResult (IArchiveStore store, long id, bool? text) =>
            store.GetWork(id) is { } work ? TypedResults.Ok(WorkDto.From(work, text ?? true)) : NotFound($"no work {id}"))
            .Produces<WorkDto>().Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .WithName("GetWork").WithSummary("One work with tags, chapters and (unless text=false) its paragraphs.");

        api.MapDelete("/works/{id:long}", IResult (IArchiveStore store, SearchService search, ReaderContext reader, long id) =>
        {
            if (Denied(reader) is { } denied) return denied;
            if (!store.DeleteWork(id)) return NotFound($"no work {id}");
            search.WorksChanged([id]);
            return TypedResults.NoContent();
        }).WithName("DeleteWork").WithSummary("Deletes a work with its chapters, imported files and tags (admin).");

        api.MapGet("/search", IResult (IArchiveStore store, SearchService search, string? q, int? page, int? pageSize) =>
        {
            SearchQuery query;
            try
            {
                query = SearchQueryParser.Parse(q);
            }
            catch (FormatException e)
            {
                return BadRequest(e.Message);
            }
            if (page is not null) query = query with { Page = Math.Max(1, page.Value) };
            if (pageSize is not null) query = query with { PageSize = Math.Clamp(pageSize.Value, 1, 200) };
            return TypedResults.Ok(Search(store, search, query));
        }).Produces<SearchResponse>().Produces<ErrorResponse>(StatusCodes.Status400BadRequest).WithName("Search").WithSummary("Search with the query string syntax: words, \"phrases\", +character:\"Name\", -freeform:Tag, words:1000-5000, complete:yes, sort:words, page:/per:.");

        api.MapPost("/search", (IArchiveStore store, SearchService search, SearchQuery query) =>
            Search(store, search, query with { Page = Math.Max(1, query.Page), PageSize = Math.Clamp(query.PageSize, 1, 200) }))
            .WithMetadata(ReadsOnly.Instance).WithName("SearchQuery").WithSummary("Search with a SearchQuery object (the same the query string parses to).");

        api.MapPost("/import", async Task<IResult> (HttpRequest request, IArchiveStore store, UploadService uploads, ReaderContext reader, CancellationToken cancel) =>
        {
            if (Denied(reader) is { } denied) return denied;
            if (!request.HasFormContentType) return BadRequest("send the files as multipart/form-data");
            var form = await request.ReadFormAsync(cancel);
            if (form.Files.Count == 0) return BadRequest("no files in the upload");
            return TypedResults.Ok(await uploads.ImportAsync(store, form.Files, cancel));
        }).WithName("Import").WithSummary("Imports story files (multipart/form-data, any field name): one result per file, a failure with its reason.")
          .Accepts<IFormFileCollection>("multipart/form-data").Produces<IReadOnlyList<UploadResult>>().DisableAntiforgery();

        api.MapGet("/tags", (IArchiveStore store, string? category, string? q, int? limit) =>
        {
            TagCategory? parsed = TagNames.TryParseCategory(category, out var c) ? c : null;
            return store.ListTags(parsed, string.IsNullOrWhiteSpace(q) ? null : q, Math.Clamp(limit ?? 200, 1, 5000));
        }).WithName("ListTags").WithSummary("Tags with how many works carry each; filter by category and a name fragment.");

        api.MapGet("/tags/{category}/{**name}", IResult (IArchiveStore store, string category, string name) =>
        {
            if (!TagNames.TryParseCategory(category, out var parsed)) return NotFound($"no tag category {category}");
            var tag = new Tag(parsed, name);
            var graph = store.LoadTagGraph();
            if (graph.Find(tag) is not { } info) return NotFound($"no tag {tag}");
            var works = store.ListTags(info.Tag.Category, info.Tag.Name).FirstOrDefault(t => TagComparer.Instance.Equals(t.Tag, info.Tag))?.Works ?? 0;
            return TypedResults.Ok(new TagDetail(info.Tag, info.Canonical, info.SynonymOf, graph.SynonymsOf(tag), graph.ParentsOf(tag), graph.ChildrenOf(tag), works));
        }).Produces<TagDetail>().Produces<ErrorResponse>(StatusCodes.Status404NotFound).WithName("GetTag").WithSummary("A tag's wrangling: canonical, synonyms, parents, subtags.");

        var wrangle = api.MapGroup("/wrangle");
        wrangle.MapPost("/synonym", (IArchiveStore store, SearchService search, ReaderContext reader, SynonymRequest body) =>
            Wrangle(reader, () => { store.MakeSynonym(body.Tag, body.Canonical); search.TagsChanged(); return ($"{body.Tag.Name} is a synonym of {body.Canonical.Name}", []); }))
            .WithName("MakeSynonym");
        wrangle.MapPost("/merge", (IArchiveStore store, SearchService search, ReaderContext reader, MergeRequest body) =>
            Wrangle(reader, () => { var works = store.MergeTag(body.From, body.Into); search.TagsChanged(works); return ($"merged {body.From.Name} into {body.Into.Name}", works); }))
            .WithName("MergeTag");
        wrangle.MapPost("/rename", (IArchiveStore store, SearchService search, ReaderContext reader, RenameRequest body) =>
            Wrangle(reader, () => { var works = store.RenameTag(body.Tag, body.NewName); search.TagsChanged(works); return ($"renamed {body.Tag.Name} to {body.NewName.Trim()}", works); }))
            .WithName("RenameTag");
        wrangle.MapPost("/parent", (IArchiveStore store, SearchService search, ReaderContext reader, ParentRequest body) =>
            Wrangle(reader, () => { store.AddParent(body.Child, body.Parent); search.TagsChanged(); return ($"{body.Parent.Name} is a parent of {body.Child.Name}", []); }))
            .WithName("AddParent");
        wrangle.MapDelete("/parent", (IArchiveStore store, SearchService search, ReaderContext reader, [FromBody] ParentRequest body) =>
            Wrangle(reader, () => { store.RemoveParent(body.Child, body.Parent); search.TagsChanged(); return ($"{body.Parent.Name} is no longer a parent of {body.Child.Name}", []); }))
            .WithName("RemoveParent");
        wrangle.MapPost("/canonical", (IArchiveStore store, SearchService search, ReaderContext reader, CanonicalRequest body) =>
            Wrangle(reader, () => { store.SetCanonical(body.Tag, body.Canonical); search.TagsChanged(); return ($"{body.Tag.Name} canonical: {body.Canonical}", []); }))
            .WithName("SetCanonical");

        api.MapGet("/bookmarks", IResult (IArchiveStore store, ReaderContext reader) =>
        {
            if (!reader.IsSignedIn) return TypedResults.Unauthorized();
            var bookmarks = ArchiveAccess.Reader(store).ListBookmarks(reader.UserId)
                .Select(b => new BookmarkDto(b.WorkId, store.GetWork(b.WorkId)?.DisplayTitle ?? "", b.Note, b.CreatedAt, b.UpdatedAt)).ToList();
            return TypedResults.Ok(bookmarks);
        }).WithName("ListBookmarks").Produces<List<BookmarkDto>>();

        api.MapPut("/works/{id:long}/bookmark", IResult (IArchiveStore store, ReaderContext reader, long id, BookmarkRequest body) =>
        {
            if (!reader.IsSignedIn) return TypedResults.Unauthorized();
            if (store.GetWork(id) is null) return NotFound($"no work {id}");
            var state = ArchiveAccess.Reader(store);
            state.SetBookmark(reader.UserId, id, body.Note);
            return TypedResults.Ok(state.GetBookmark(reader.UserId, id));
        }).WithName("SetBookmark").Produces<Bookmark>();

        api.MapDelete("/works/{id:long}/bookmark", IResult (IArchiveStore store, ReaderContext reader, long id) =>
        {
            if (!reader.IsSignedIn) return TypedResults.Unauthorized();
            return ArchiveAccess.Reader(store).RemoveBookmark(reader.UserId, id) ? TypedResults.NoContent() : NotFound($"no bookmark on work {id}");
        }).WithName("RemoveBookmark");

        api.MapGet("/works/{id:long}/progress", IResult (IArchiveStore store, ReaderContext reader, long id) =>
        {
            if (!reader.IsSignedIn) return TypedResults.Unauthorized();
            return ArchiveAccess.Reader(store).GetProgress(reader.UserId, id) is { } progress ? TypedResults.Ok(progress) : NotFound($"no progress on work {id}");
        }).WithName("GetProgress").Produces<ReadingProgress>();

        api.MapPut("/works/{id:long}/progress", IResult (IArchiveStore store, ReaderContext reader, long id, ProgressRequest body) =>
        {
            if (!reader.IsSignedIn) return TypedResults.Unauthorized();
            if (store.GetWork(id) is not { } work) return NotFound($"no work {id}");
            if (body.Chapter is { } chapter && (chapter < 1 || chapter > work.Chapters.Count))
                return BadRequest($"work {id} has chapters 1 to {work.Chapters.Count}");
            var state = ArchiveAccess.Reader(store);
            if (body.Chapter is { } c) state.SetProgress(reader.UserId, id, c);
            if (body.Read is { } read) state.SetRead(reader.UserId, id, read);
            return TypedResults.Ok(state.GetProgress(reader.UserId, id));
        }).WithName("SetProgress").WithSummary("Records the chapter a reader is on and/or the read mark.").Produces<ReadingProgress>();
    }

    private static SearchResponse Search(IArchiveStore store, SearchService search, SearchQuery query)
    {
        var result = search.Search(query);
        var hits = new List<SearchHitDto>();
        var blurbs = store.GetBlurbs(result.Hits.Select(h => h.WorkId).ToList()).ToDictionary(b => b.Id);
        foreach (var hit in result.Hits)
        {
            if (!blurbs.TryGetValue(hit.WorkId, out var work)) continue;
            hits.Add(new SearchHitDto(work.Id, hit.Score, work.Title, work.Authors, work.WordCount, work.ChapterCount, work.Complete,
                Present.TagsIn(work, TagCategory.Fandom).Select(t => t.Name).ToList(),
                Present.TagsIn(work, TagCategory.Relationship).Select(t => t.Name).ToList(), work.Summary));
        }
        return new SearchResponse(SearchQueryParser.Format(query), result.Total, query.Page, query.PageSize, hits, result.Facets);
    }

    private static IResult Wrangle(ReaderContext reader, Func<(string Message, IReadOnlyList<long> Works)> action)
    {
        if (Denied(reader) is { } denied) return denied;
        try
        {
            var (message, works) = action();
            return TypedResults.Ok(new WrangleResponse(message, works));
        }
        catch (Exception e) when (e is ArchiveException or ArgumentException)
        {
            return BadRequest(e.Message);
        }
    }

    private static IResult? Denied(ReaderContext reader) =>
        reader.IsAdmin ? null
        : reader.IsSignedIn ? TypedResults.Json(new ErrorResponse("only an admin may do this"), statusCode: StatusCodes.Status403Forbidden)
        : TypedResults.Unauthorized();

    /// <summary>
    /// Cross-site requests: a page elsewhere can make the browser POST a form here, but cannot add a custom header without
    /// a CORS preflight this server never grants. So every change through the API must carry the header.
    /// </summary>
    private static async ValueTask<object?> RequireApiHeaderForChanges(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !request.Headers.ContainsKey(WebApp.ApiHeader)
            && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ReadsOnly>() is null)
            return TypedResults.BadRequest(new ErrorResponse($"API calls that change something need the header {WebApp.ApiHeader}: 1"));
        return await next(context);
    }

    private static IResult NotFound(string message) => TypedResults.NotFound(new ErrorResponse(message));

    private static IResult BadRequest(string message) => TypedResults.BadRequest(new ErrorResponse(message));
}
