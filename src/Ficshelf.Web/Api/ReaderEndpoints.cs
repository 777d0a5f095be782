using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using static Ficshelf.Web.Api.ApiEndpoints;

namespace Ficshelf.Web.Api;

/// <summary>/api/bookmarks and a work's bookmark and progress: what a signed-in reader keeps.</summary>
public static class ReaderEndpoints
{
    public static void MapReaderState(this RouteGroupBuilder api)
    {
        var reading = api.MapGroup("").RequireAuthorization(Policies.Reader);

        reading.MapGet("/bookmarks", async (IWorkStore store, IReaderStore state, ReaderContext reader, CancellationToken cancel) =>
        {
            var bookmarks = new List<BookmarkDto>();
            foreach (var b in await state.ListBookmarksAsync(reader.UserId, cancel: cancel))
                bookmarks.Add(new BookmarkDto(b.WorkId, (await store.GetWorkAsync(b.WorkId, cancel))?.DisplayTitle ?? "", b.Note, b.CreatedAt, b.UpdatedAt));
            return TypedResults.Ok(bookmarks);
        }).WithName("ListBookmarks").Produces<List<BookmarkDto>>();

        reading.MapPut("/works/{id:long}/bookmark", async Task<IResult> (IWorkStore store, IReaderStore state, ReaderContext reader, long id, BookmarkRequest body, CancellationToken cancel) =>
        {
            if (await store.GetWorkAsync(id, cancel) is null) return NotFound($"no work {id}");
            await state.SetBookmarkAsync(reader.UserId, id, body.Note, cancel);
            return TypedResults.Ok(await state.GetBookmarkAsync(reader.UserId, id, cancel));
        }).WithName("SetBookmark").Produces<Bookmark>();

        reading.MapDelete("/works/{id:long}/bookmark", async Task<IResult> (IReaderStore state, ReaderContext reader, long id, CancellationToken cancel) =>
            await state.RemoveBookmarkAsync(reader.UserId, id, cancel) ? TypedResults.NoContent() : NotFound($"no bookmark on work {id}"))
            .WithName("RemoveBookmark");

        reading.MapGet("/works/{id:long}/progress", async Task<IResult> (IReaderStore state, ReaderContext reader, long id, CancellationToken cancel) =>
            await state.GetProgressAsync(reader.UserId, id, cancel) is { } progress ? TypedResults.Ok(progress) : NotFound($"no progress on work {id}"))
            .WithName("GetProgress").Produces<ReadingProgress>();

        reading.MapPut("/works/{id:long}/progress", async Task<IResult> (IWorkStore store, IReaderStore state, ReaderContext reader, long id, ProgressRequest body, CancellationToken cancel) =>
        {
            if (await store.GetWorkAsync(id, cancel) is not { } work) return NotFound($"no work {id}");
            if (body.Chapter is { } chapter && (chapter < 1 || chapter > work.Chapters.Count))
                return BadRequest($"work {id} has chapters 1 to {work.Chapters.Count}");
            if (body.Chapter is { } c) await state.SetProgressAsync(reader.UserId, id, c, cancel);
            if (body.Read is { } read) await state.SetReadAsync(reader.UserId, id, read, cancel);
            return TypedResults.Ok(await state.GetProgressAsync(reader.UserId, id, cancel));
        }).WithName("SetProgress").WithSummary("Records the chapter a reader is on and/or the read mark.").Produces<ReadingProgress>();
    }
}
