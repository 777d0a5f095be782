using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;

namespace Ficshelf.Core.Tests.Storage;

// The asynchronous entries the web server uses: wrangling through TagWrangling, and what a search index reads.
public abstract partial class ArchiveStoreContract
{
    [SkippableFact]
    public async Task Wrangling_through_the_service_changes_the_archive_and_tells_search_which_works_were_retagged()
    {
        using var archive = NewArchive();
        var a = archive.Importer.ImportFile(archive.WriteFile("a.txt", OtherStory(1))).WorkId!.Value;
        var b = archive.Importer.ImportFile(archive.WriteFile("b.txt", OtherStory(2))).WorkId!.Value;
        archive.Store.ReplaceTags(a, TagOrigin.Declared, [new WorkTag(new Tag(TagCategory.Freeform, "Fluff"), TagOrigin.Declared)]);
        archive.Store.ReplaceTags(b, TagOrigin.Declared, [new WorkTag(new Tag(TagCategory.Freeform, "Tooth-Rotting Fluff"), TagOrigin.Declared)]);
        var told = new List<IReadOnlyList<long>>();
        var wrangling = new TagWrangling(archive.Store, (works, _) => { told.Add(works); return Task.CompletedTask; });
        var fluff = new Tag(TagCategory.Freeform, "Fluff");
        var sweet = new Tag(TagCategory.Freeform, "Tooth-Rotting Fluff");
        var au = new Tag(TagCategory.Freeform, "Alternate Universe");

        Assert.Equal([b], await wrangling.MergeAsync(sweet, fluff));
        Assert.Equal([a, b], await wrangling.RenameAsync(fluff, "fluff"));
        await wrangling.AddParentAsync(new Tag(TagCategory.Freeform, "fluff"), au);
        await Assert.ThrowsAsync<ArchiveException>(() => wrangling.AddParentAsync(au, new Tag(TagCategory.Freeform, "fluff")));
        await wrangling.RemoveParentAsync(new Tag(TagCategory.Freeform, "fluff"), au);
        await wrangling.SetCanonicalAsync(au, true);
        await wrangling.MakeSynonymAsync(new Tag(TagCategory.Freeform, "AU"), au);
        await Assert.ThrowsAsync<ArchiveException>(() => wrangling.MakeSynonymAsync(au, au));

        // Every change that succeeded told search once; the failed ones told nothing.
        Assert.Equal([[b], [a, b], [], [], [], []], told);
        var tags = (await archive.Store.ListTagsAsync(TagCategory.Freeform)).ToDictionary(t => t.Tag.Name);
        Assert.Equal(2, tags["fluff"].Works);
        Assert.Equal("fluff", tags["Tooth-Rotting Fluff"].SynonymOf!.Name);
        Assert.Empty(tags["fluff"].Parents);
        Assert.True(tags["Alternate Universe"].Canonical);
        Assert.Equal(au, tags["AU"].SynonymOf);
        Assert.Equal(["fluff"], archive.Store.GetWork(b)!.Tags.Select(t => t.Name));
    }

    [SkippableFact]
    public async Task What_a_search_index_reads_is_the_same_read_either_way()
    {
        using var archive = NewArchive();
        var ids = Enumerable.Range(1, 3).Select(i => archive.Importer.ImportFile(archive.WriteFile($"{i}.txt", OtherStory(i))).WorkId!.Value).ToList();

        Assert.Equal(archive.Store.ChangeStamp(), await archive.Store.ChangeStampAsync());
        Assert.Equal(archive.Store.WorkVersions(), await archive.Store.WorkVersionsAsync());
        Assert.Equal(archive.Store.WorkVersions([ids[1]]), await archive.Store.WorkVersionsAsync([ids[1]]));
        var streamed = await archive.Store.StreamWorksAsync(ids[0]).ToListAsync();
        Assert.Equal(ids[1..], streamed.Select(w => w.Id));
        Assert.Equal(archive.Store.StreamWorks(ids[0]).Select(w => w.BodyText), streamed.Select(w => w.BodyText));
    }
}
