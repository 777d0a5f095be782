using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

/// <summary>Tag wrangling for the admin (policy, see WebApp): synonyms, merges, renames, parents. Searches see the change at once.</summary>
public sealed class WrangleModel(ITagStore store, TagWrangling wrangling) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "category")] public string? CategoryText { get; set; }
    [BindProperty(SupportsGet = true, Name = "name")] public string? Name { get; set; }

    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<TagInfo> Tags { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken cancel) => Guard(() => Task.FromResult<string?>(null), cancel);

    public Task<IActionResult> OnPostSynonymAsync(string category, string synonym, string canonical, CancellationToken cancel) =>
        Guard(async () =>
        {
            var (from, into) = (Tag(category, synonym), Tag(category, canonical));
            await wrangling.MakeSynonymAsync(from, into, cancel);
            return $"{from.Name} is now a synonym of {into.Name}.";
        }, cancel);

    public Task<IActionResult> OnPostMergeAsync(string category, string from, string into, CancellationToken cancel) =>
        Guard(async () =>
        {
            var (source, target) = (Tag(category, from), Tag(category, into));
            await wrangling.MergeAsync(source, target, cancel);
            return $"Merged {source.Name} into {target.Name}.";
        }, cancel);

    public Task<IActionResult> OnPostRenameAsync(string category, string tag, string newName, CancellationToken cancel) =>
        Guard(async () =>
        {
            var old = Tag(category, tag);
            await wrangling.RenameAsync(old, newName, cancel);
            return $"Renamed {old.Name} to {newName.Trim()}.";
        }, cancel);

    public Task<IActionResult> OnPostParentAsync(string category, string child, string parentCategory, string parent, CancellationToken cancel) =>
        Guard(async () =>
        {
            var (sub, meta) = (Tag(category, child), Tag(parentCategory, parent));
            await wrangling.AddParentAsync(sub, meta, cancel);
            return $"{meta.Name} is now a parent of {sub.Name}.";
        }, cancel);

    public Task<IActionResult> OnPostUnparentAsync(string category, string child, string parentCategory, string parent, CancellationToken cancel) =>
        Guard(async () =>
        {
            var (sub, meta) = (Tag(category, child), Tag(parentCategory, parent));
            await wrangling.RemoveParentAsync(sub, meta, cancel);
            return $"{meta.Name} is no longer a parent of {sub.Name}.";
        }, cancel);

    public Task<IActionResult> OnPostCanonicalAsync(string category, string tag, bool canonical, CancellationToken cancel) =>
        Guard(async () =>
        {
            var target = Tag(category, tag);
            await wrangling.SetCanonicalAsync(target, canonical, cancel);
            return canonical ? $"{target.Name} is canonical." : $"{target.Name} is no longer canonical.";
        }, cancel);

    /// <summary>Runs a wrangling step (the admin policy is on the page), then shows the tags again.</summary>
    private async Task<IActionResult> Guard(Func<Task<string?>> action, CancellationToken cancel)
    {
        try
        {
            Message = await action();
        }
        catch (Exception e) when (e is ArchiveException or ArgumentException)
        {
            Error = e.Message;
        }
        TagCategory? category = TagNames.TryParseCategory(CategoryText, out var parsed) ? parsed : null;
        Tags = await store.ListTagsAsync(category, string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(), 200, cancel);
        return Page();
    }

    private static Tag Tag(string? category, string? name)
    {
        if (!TagNames.TryParseCategory(category, out var parsed)) throw new ArgumentException($"unknown tag category '{category}'");
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a tag needs a name");
        return new Tag(parsed, name.Trim());
    }
}
