using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

public sealed class TagsModel(ITagStore store) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "category")] public string? CategoryText { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? NameContains { get; set; }

    public IReadOnlyList<TagInfo> Tags { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancel)
    {
        TagCategory? category = TagNames.TryParseCategory(CategoryText, out var parsed) ? parsed : null;
        Tags = await store.ListTagsAsync(category, string.IsNullOrWhiteSpace(NameContains) ? null : NameContains.Trim(), 500, cancel);
    }
}
