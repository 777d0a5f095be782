using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using static Ficshelf.Web.Api.ApiEndpoints;

namespace Ficshelf.Web.Api;

/// <summary>/api/tags (reading tags and their wrangling) and /api/wrangle (changing it, admin).</summary>
public static class TagEndpoints
{
    public static void MapTags(this RouteGroupBuilder api)
    {
        api.MapGet("/tags", (ITagStore store, string? category, string? q, int? limit, CancellationToken cancel) =>
        {
            TagCategory? parsed = TagNames.TryParseCategory(category, out var c) ? c : null;
            return store.ListTagsAsync(parsed, string.IsNullOrWhiteSpace(q) ? null : q, Math.Clamp(limit ?? 200, 1, 5000), cancel);
        }).WithName("ListTags").WithSummary("Tags with how many works carry each; filter by category and a name fragment.");

        api.MapGet("/tags/{category}/{**name}", async Task<IResult> (ITagStore store, string category, string name, CancellationToken cancel) =>
        {
            if (!TagNames.TryParseCategory(category, out var parsed)) return NotFound($"no tag category {category}");
            var tag = new Tag(parsed, name);
            var graph = await store.LoadTagGraphAsync(cancel);
            if (graph.Find(tag) is not { } info) return NotFound($"no tag {tag}");
            var works = (await store.ListTagsAsync(info.Tag.Category, info.Tag.Name, cancel: cancel)).FirstOrDefault(t => TagComparer.Instance.Equals(t.Tag, info.Tag))?.Works ?? 0;
            return TypedResults.Ok(new TagDetail(info.Tag, info.Canonical, info.SynonymOf, graph.SynonymsOf(tag), graph.ParentsOf(tag), graph.ChildrenOf(tag), works));
        }).Produces<TagDetail>().Produces<ErrorResponse>(StatusCodes.Status404NotFound).WithName("GetTag").WithSummary("A tag's wrangling: canonical, synonyms, parents, subtags.");
    }

    public static void MapWrangling(this RouteGroupBuilder api)
    {
        var wrangle = api.MapGroup("/wrangle").RequireAuthorization(Policies.Admin);
        wrangle.MapPost("/synonym", (TagWrangling wrangling, SynonymRequest body, CancellationToken cancel) =>
            Wrangle(async () => { await wrangling.MakeSynonymAsync(body.Tag, body.Canonical, cancel); return ($"{body.Tag.Name} is a synonym of {body.Canonical.Name}", []); }))
            .WithName("MakeSynonym");
        wrangle.MapPost("/merge", (TagWrangling wrangling, MergeRequest body, CancellationToken cancel) =>
            Wrangle(async () => ($"merged {body.From.Name} into {body.Into.Name}", await wrangling.MergeAsync(body.From, body.Into, cancel))))
            .WithName("MergeTag");
        wrangle.MapPost("/rename", (TagWrangling wrangling, RenameRequest body, CancellationToken cancel) =>
            Wrangle(async () => ($"renamed {body.Tag.Name} to {body.NewName.Trim()}", await wrangling.RenameAsync(body.Tag, body.NewName, cancel))))
            .WithName("RenameTag");
        wrangle.MapPost("/parent", (TagWrangling wrangling, ParentRequest body, CancellationToken cancel) =>
            Wrangle(async () => { await wrangling.AddParentAsync(body.Child, body.Parent, cancel); return ($"{body.Parent.Name} is a parent of {body.Child.Name}", []); }))
            .WithName("AddParent");
        wrangle.MapDelete("/parent", (TagWrangling wrangling, [FromBody] ParentRequest body, CancellationToken cancel) =>
            Wrangle(async () => { await wrangling.RemoveParentAsync(body.Child, body.Parent, cancel); return ($"{body.Parent.Name} is no longer a parent of {body.Child.Name}", []); }))
            .WithName("RemoveParent");
        wrangle.MapPost("/canonical", (TagWrangling wrangling, CanonicalRequest body, CancellationToken cancel) =>
            Wrangle(async () => { await wrangling.SetCanonicalAsync(body.Tag, body.Canonical, cancel); return ($"{body.Tag.Name} canonical: {body.Canonical}", []); }))
            .WithName("SetCanonical");
    }

    private static async Task<IResult> Wrangle(Func<Task<(string Message, IReadOnlyList<long> Works)>> action)
    {
        try
        {
            var (message, works) = await action();
            return TypedResults.Ok(new WrangleResponse(message, works));
        }
        catch (Exception e) when (e is ArchiveException or ArgumentException)
        {
            return BadRequest(e.Message);
        }
    }
}
