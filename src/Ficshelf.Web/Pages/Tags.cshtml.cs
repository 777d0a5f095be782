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
        var all = await store.ListTagsAsync(category, string.IsNullOrWhiteSpace(NameContains) ? null : NameContains.Trim(), int.MaxValue, cancel);
        Total = all.Count;
        Tags = Paging.Slice(all, Paging.Page(Request), Paging.PageSize(Request, 50)).ToList();
    }
}
