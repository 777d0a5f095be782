using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ficshelf.Web.Pages;

/// <summary>
/// The work page's own actions, each an endpoint declaring who may take it — Razor Pages put a policy on a whole
/// page, and the page itself is for everyone: bookmark, remove the bookmark and mark read (<see cref="Policies.Reader"/>),
/// delete (<see cref="Policies.Admin"/>). The page's forms post here with their antiforgery token, checked before
/// any action as Razor Pages check it (400 without it), and come back to the work.
/// </summary>
public static class WorkActions
{
    private static readonly string[] Actions = ["bookmark", "unbookmark", "read", "delete"];

    public static void MapWorkActions(this IEndpointRouteBuilder app)
    {
        var work = app.MapGroup("/works/{id:long}").ExcludeFromDescription();
        var actions = work.MapGroup("").AddEndpointFilter(RequireAntiforgeryToken);
        var reading = actions.MapGroup("").RequireAuthorization(Policies.Reader);

        reading.MapPost("/bookmark", async Task<IResult> (HttpContext context, IWorkStore store, IReaderStore readers, ReaderContext reader, long id, int? chapter,
            CancellationToken cancel) =>
        {
            if (await store.GetWorkAsync(id, cancel) is null) return TypedResults.NotFound();
            var form = await context.Request.ReadFormAsync(cancel);
            await readers.SetBookmarkAsync(reader.UserId, id, form["note"], cancel);
            return BackToWork(context, id, chapter, message: "bookmarked");
        });

        reading.MapPost("/unbookmark", async (HttpContext context, IReaderStore readers, ReaderContext reader, long id, int? chapter, CancellationToken cancel) =>
        {
            await readers.RemoveBookmarkAsync(reader.UserId, id, cancel);
            return BackToWork(context, id, chapter);
        });

        reading.MapPost("/read", async Task<IResult> (HttpContext context, IWorkStore store, IReaderStore readers, ReaderContext reader, long id, int? chapter,
            CancellationToken cancel) =>
        {
            if (await store.GetWorkAsync(id, cancel) is null) return TypedResults.NotFound();
            var form = await context.Request.ReadFormAsync(cancel);
            var read = bool.TryParse(form["read"], out var value) && value;
            await readers.SetReadAsync(reader.UserId, id, read, cancel);
            return BackToWork(context, id, chapter);
        });

        actions.MapPost("/delete", async Task<IResult> (IWorkStore store, SearchService search, long id, CancellationToken cancel) =>
        {
            if (!await store.DeleteWorkAsync(id, cancel)) return TypedResults.NotFound();
            await search.WorksChangedAsync([id], cancel);
            return TypedResults.Redirect("/search?deleted=" + id);
        }).RequireAuthorization(Policies.Admin);

        // Where a sign-in comes back to after an action asked for it: the work.
        foreach (var action in Actions)
            work.MapGet("/" + action, (long id) => TypedResults.Redirect($"/works/{id}"));
    }

    private static async ValueTask<object?> RequireAntiforgeryToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        return await antiforgery.IsRequestValidAsync(context.HttpContext) ? await next(context) : TypedResults.BadRequest();
    }

    /// <summary>The work page again, as the page's own handlers redirected (the chapter the reader was on, a message).</summary>
    private static RedirectHttpResult BackToWork(HttpContext context, long id, int? chapter, string? message = null) =>
        TypedResults.Redirect(context.RequestServices.GetRequiredService<LinkGenerator>().GetPathByPage(context, "/Work", values: new { id, chapter, message })
                              ?? $"/works/{id}");
}
