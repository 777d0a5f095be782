using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;

namespace Ficshelf.Core.Tests.Storage;

// The tags index a page at a time: counted and paged in the database, in the whole list's order.
public abstract partial class ArchiveStoreContract
{
    [SkippableFact]
    public async Task A_page_of_tags_is_the_whole_lists_slice_with_the_total_and_its_filters()
    {
        using var archive = NewArchive();
        var ids = Enumerable.Range(1, 4).Select(i => archive.Importer.ImportFile(archive.WriteFile($"t{i}.txt", OtherStory(40 + i))).WorkId!.Value).ToList();
        // Freeform "Tag k" on works 1..k: counts 4, 3, 2, 1; and a character on one work.
        for (var w = 0; w < ids.Count; w++)
            archive.Store.ReplaceTags(ids[w], TagOrigin.Declared,
                [.. Enumerable.Range(w + 1, 4 - w).Select(k => Declared(TagCategory.Freeform, $"Tag {k}")), .. w == 0 ? [Declared(TagCategory.Character, "Harbour Master")] : Array.Empty<WorkTag>()]);

        var whole = archive.Store.ListTags();
        var pages = new List<TagInfo>();
        for (var offset = 0; offset < whole.Count + 2; offset += 2)
        {
            var page = await archive.Store.ListTagsPageAsync(null, null, 2, offset);
            Assert.Equal(whole.Count, page.Total);
            pages.AddRange(page.Tags);
        }
        Assert.Equal(whole.Select(t => (t.Tag, t.Works)), pages.Select(t => (t.Tag, t.Works)));

        var freeforms = await archive.Store.ListTagsPageAsync(TagCategory.Freeform, null, 2, 1);
        Assert.Equal(4, freeforms.Total);
        Assert.Equal(["Tag 3", "Tag 2"], freeforms.Tags.Select(t => t.Tag.Name));
        Assert.Equal([3, 2], freeforms.Tags.Select(t => t.Works));
        var named = await archive.Store.ListTagsPageAsync(null, "harbour", 10, 0);
        Assert.Equal(1, named.Total);
        Assert.Equal("Harbour Master", Assert.Single(named.Tags).Tag.Name);
        Assert.Empty((await archive.Store.ListTagsPageAsync(TagCategory.Freeform, null, 10, 50)).Tags);
    }
}
