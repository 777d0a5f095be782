using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ficshelf.Web.Pages;

public sealed class IndexModel(IWorkStore store, IReaderStore state, SearchService search, ArchiveStatsCache totals, ReaderContext reader) : PageModel
{
    public ArchiveStats Stats { get; private set; } = null!;
    public List<WorkView> Recent { get; private set; } = [];
    public IReadOnlyDictionary<TagCategory, IReadOnlyList<(string Name, int Works)>> TopTags { get; private set; } = new Dictionary<TagCategory, IReadOnlyList<(string Name, int Works)>>();
    public List<WorkView> Continue { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancel)
    {
        // A CLI import while the server runs shows up here without a restart.
        await search.RefreshIfArchiveChangedAsync(TimeSpan.FromSeconds(1), cancel: cancel);
        // The top tags are the search engine's facets over every work (synonyms counted under their canonical tag):
        // a GROUP BY over all tags would cost seconds on a large archive.
        Stats = await totals.GetAsync(store, cancel);
        var recent = search.Search(new SearchQuery { Sort = SearchSort.DateImported, PageSize = 10, FacetsPerCategory = 10 });
        TopTags = recent.Facets.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<(string Name, int Works)>)kv.Value.Select(f => (f.Tag.Name, f.Works)).ToList());
        Recent = await WorkView.LoadAsync(store, state, reader, recent.Hits.Select(h => h.WorkId), cancel);
        if (reader.IsSignedIn)
        {
            // "Continue reading": works read past their first chapter, not merely opened.
            var unfinished = (await state.ListProgressAsync(reader.UserId, 50, cancel)).Where(p => !p.Read && p.Chapter > 1).Take(5).Select(p => p.WorkId);
            Continue = await WorkView.LoadAsync(store, state, reader, unfinished, cancel);
        }
    }
}
