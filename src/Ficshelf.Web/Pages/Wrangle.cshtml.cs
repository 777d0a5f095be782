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

    public IActionResult OnGet() => Guard(() => null);

    public IActionResult OnPostSynonym(string category, string synonym, string canonical) =>
        Guard(() =>
        {
            var (from, into) = (Tag(category, synonym), Tag(category, canonical));
            wrangling.MakeSynonym(from, into);
            return $"{from.Name} is now a synonym of {into.Name}.";
        });

    public IActionResult OnPostMerge(string category, string from, string into) =>
        Guard(() =>
        {
            var (source, target) = (Tag(category, from), Tag(category, into));
            wrangling.Merge(source, target);
            return $"Merged {source.Name} into {target.Name}.";
        });

    public IActionResult OnPostRename(string category, string tag, string newName) =>
        Guard(() =>
        {
            var old = Tag(category, tag);
            wrangling.Rename(old, newName);
            return $"Renamed {old.Name} to {newName.Trim()}.";
        });

    public IActionResult OnPostParent(string category, string child, string parentCategory, string parent) =>
        Guard(() =>
        {
            var (sub, meta) = (Tag(category, child), Tag(parentCategory, parent));
            wrangling.AddParent(sub, meta);
            return $"{meta.Name} is now a parent of {sub.Name}.";
        });

    public IActionResult OnPostUnparent(string category, string child, string parentCategory, string parent) =>
        Guard(() =>
        {
            var (sub, meta) = (Tag(category, child), Tag(parentCategory, parent));
            wrangling.RemoveParent(sub, meta);
            return $"{meta.Name} is no longer a parent of {sub.Name}.";
        });

    public IActionResult OnPostCanonical(string category, string tag, bool canonical) =>
        Guard(() =>
        {
            var target = Tag(category, tag);
            wrangling.SetCanonical(target, canonical);
            return canonical ? $"{target.Name} is canonical." : $"{target.Name} is no longer canonical.";
        });

    private IActionResult Guard(Func<string?> action)
    {
        try
        {
            Message = action();
        }
        catch (Exception e) when (e is ArchiveException or ArgumentException)
        {
            Error = e.Message;
        }
        TagCategory? category = TagNames.TryParseCategory(CategoryText, out var parsed) ? parsed : null;
        Tags = store.ListTags(category, string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(), 200);
        return Page();
    }

    private static Tag Tag(string? category, string? name)
    {
        if (!TagNames.TryParseCategory(category, out var parsed)) throw new ArgumentException($"unknown tag category '{category}'");
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a tag needs a name");
        return new Tag(parsed, name.Trim());
    }
}
