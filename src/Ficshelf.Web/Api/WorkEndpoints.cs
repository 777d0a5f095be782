using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using static Ficshelf.Web.Api.ApiEndpoints;

namespace Ficshelf.Web.Api;

/// <summary>/api/works: the list, one work, deleting one.</summary>
public static class WorkEndpoints
{
    public static void MapWorks(this RouteGroupBuilder api)
    {
        api.MapGet("/works", async (IWorkStore store, int? limit, int? offset, CancellationToken cancel) =>
        {
            var take = Math.Clamp(limit ?? 100, 1, 1000);
            var skip = Math.Max(0, offset ?? 0);
            return new WorkListResponse(await store.CountWorksAsync(cancel), skip, await store.ListWorksAsync(take, skip, cancel));
        }).WithName("ListWorks").WithSummary("The works, in archive order (limit ≤ 1000).");

        api.MapGet("/works/{id:long}", async Task<IResult> (IWorkStore store, long id, bool? text, CancellationToken cancel) =>
            await store.GetWorkAsync(id, cancel) is { } work ? TypedResults.Ok(WorkDto.From(work, text ?? true)) : NotFound($"no work {id}"))
            .Produces<WorkDto>().Produces<ErrorResponse>(StatusCodes.Status404NotFound)
            .WithName("GetWork").WithSummary("One work with tags, chapters and (unless text=false) its paragraphs.");

        api.MapDelete("/works/{id:long}", async Task<IResult> (IWorkStore store, SearchService search, long id, CancellationToken cancel) =>
        {
            if (!await store.DeleteWorkAsync(id, cancel)) return NotFound($"no work {id}");
            await search.WorksChangedAsync([id], cancel);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Admin).WithName("DeleteWork").WithSummary("Deletes a work with its chapters, imported files and tags (admin).");
    }
}
