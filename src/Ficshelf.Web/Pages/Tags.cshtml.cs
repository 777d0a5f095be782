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
    public int Total { get; private set; }
    public Pager Pager => Paging.For(Request, Total, "Tag list pages", 50);

    public async Task OnGetAsync(CancellationToken cancel)
    {
        TagCategory? category = TagNames.TryParseCategory(CategoryText, out var parsed) ? parsed : null;
        // Counted and paged in the database: the whole tag list is never read for one page of it.
        var size = Paging.PageSize(Request, 50);
        var page = await store.ListTagsPageAsync(category, string.IsNullOrWhiteSpace(NameContains) ? null : NameContains.Trim(), size, (Paging.Page(Request) - 1) * size, cancel);
        Total = page.Total;
        Tags = page.Tags;
    }
}
