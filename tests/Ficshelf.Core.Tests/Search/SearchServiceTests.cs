using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Analysis.Wrangling;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Search;

/// <summary>Search over a real archive (the demo corpus, imported with analysis): wrangling shows in results at once.</summary>
public sealed class SearchServiceTests : IDisposable
{
    private readonly TestArchive archive = new();
    private readonly WorkAnalyzer analyzer = new(CanonKnowledgeBase.LoadDefault());

    public SearchServiceTests()
    {
        var importer = new FileImporter(archive.Store, new StoryParser(), analyzer);
        foreach (var file in Directory.GetFiles(TestPaths.DemoCorpus, "*.txt").Order())
            Assert.False(importer.ImportFile(file).Failed, file);
    }

    public void Dispose() => archive.Dispose();

    private SearchService Service(string? indexPath = null) =>
        new(() => ArchiveStores.Open(archive.Path), null, indexPath);

    private static HashSet<long> Ids(SearchResult result) => result.Hits.Select(h => h.WorkId).ToHashSet();

    private HashSet<long> WorksTagged(Func<Tag, bool> predicate) =>
        archive.Store.StreamWorks().Where(w => w.EffectiveTags.Any(t => predicate(t.Tag))).Select(w => w.Id).ToHashSet();

    [Fact]
    public void Every_work_is_found_and_tag_filters_match_the_works_tags()
    {
        using var service = Service();
        var all = service.Search(new SearchQuery { PageSize = 100 });
        Assert.Equal(archive.Store.CountWorks(), all.Total);

        var fandom = all.Facets[TagCategory.Fandom][0].Tag;
        var tagged = WorksTagged(t => TagComparer.Instance.Equals(t, fandom));
        Assert.Equal(tagged, Ids(service.Search(new SearchQuery { Include = [fandom], PageSize = 100 })));
        Assert.Equal(all.Hits.Select(h => h.WorkId).ToHashSet().Except(tagged).ToHashSet(),
            Ids(service.Search(new SearchQuery { Exclude = [fandom], PageSize = 100 })));
    }

    [Fact]
    public void A_synonym_made_by_wrangling_applies_to_the_next_search()
    {
        using var service = Service();
        var characters = archive.Store.ListTags(TagCategory.Character).Where(t => t.Works > 0).ToList();
        var (a, b) = (characters[0].Tag, characters[1].Tag);
        var withA = WorksTagged(t => TagComparer.Instance.Equals(t, a));
        var withB = WorksTagged(t => TagComparer.Instance.Equals(t, b));
        Assert.Equal(withA, Ids(service.Search(new SearchQuery { Include = [a], PageSize = 100 })));

        archive.Store.MakeSynonym(b, a);
        service.TagsChanged();
        Assert.Equal(withA.Union(withB).ToHashSet(), Ids(service.Search(new SearchQuery { Include = [a], PageSize = 100 })));
        Assert.Equal(withA.Union(withB).ToHashSet(), Ids(service.Search(new SearchQuery { Include = [b], PageSize = 100 })));
        var facet = service.Search(new SearchQuery()).Facets[TagCategory.Character];
        Assert.DoesNotContain(facet, f => TagComparer.Instance.Equals(f.Tag, b)); // counted under its canonical
    }

    [Fact]
    public void Rename_merge_and_parent_apply_at_once()
    {
        using var service = Service();
        var freeform = archive.Store.ListTags(TagCategory.Freeform).First(t => t.Works > 0).Tag;
        var works = WorksTagged(t => TagComparer.Instance.Equals(t, freeform));
        service.Search(new SearchQuery()); // built before the change

        var renamed = new Tag(TagCategory.Freeform, "Renamed For The Test");
        service.TagsChanged(archive.Store.RenameTag(freeform, renamed.Name));
        Assert.Equal(works, Ids(service.Search(new SearchQuery { Include = [renamed], PageSize = 100 })));
        Assert.Empty(Ids(service.Search(new SearchQuery { Include = [freeform], PageSize = 100 })));

        var target = new Tag(TagCategory.Freeform, "Merged Target");
        service.TagsChanged(archive.Store.MergeTag(renamed, target));
        Assert.Equal(works, Ids(service.Search(new SearchQuery { Include = [target], PageSize = 100 })));
        Assert.Equal(works, Ids(service.Search(new SearchQuery { Include = [renamed], PageSize = 100 }))); // the old name is a synonym now
        Assert.Equal(target.Name, archive.Store.GetWork(works.First())!.Tags.Select(t => t.Tag).Single(t => t.Category == TagCategory.Freeform && t.Name.StartsWith("Merged", StringComparison.Ordinal)).Name);

        var meta = new Tag(TagCategory.Freeform, "Umbrella Metatag");
        archive.Store.AddParent(target, meta);
        service.TagsChanged();
        Assert.Equal(works, Ids(service.Search(new SearchQuery { Include = [meta], PageSize = 100 })));
        Assert.Throws<ArchiveException>(() => archive.Store.AddParent(meta, target)); // no loops
    }

    [Fact]
    public void The_saved_index_is_used_until_the_archive_changes()
    {
        var indexPath = archive.Path + ".index";
        using (var first = Service(indexPath)) Assert.Equal(archive.Store.CountWorks(), first.Search(new SearchQuery()).Total);
        Assert.True(File.Exists(indexPath));
        var written = File.GetLastWriteTimeUtc(indexPath);

        using (var second = Service(indexPath)) Assert.Equal(archive.Store.CountWorks(), second.Search(new SearchQuery()).Total);
        Assert.Equal(written, File.GetLastWriteTimeUtc(indexPath)); // loaded, not rebuilt

        archive.WriteFile("extra.txt", "The Lighthouse Keeper\n\nMarguerite climbed the hundred steps every night and never once counted them.\n");
        Assert.False(archive.Importer.ImportFile(Path.Combine(archive.Dir, "extra.txt")).Failed);
        using var third = Service(indexPath);
        Assert.Equal(archive.Store.CountWorks(), third.Search(new SearchQuery()).Total);
        Assert.Single(third.Search(SearchQueryParser.Parse("marguerite lighthouse")).Hits);

        File.WriteAllText(indexPath, "garbage"); // a damaged index is only a cache
        using var fourth = Service(indexPath);
        Assert.Equal(archive.Store.CountWorks(), fourth.Search(new SearchQuery()).Total);
    }

    [Fact]
    public void Changes_by_another_process_are_caught_up_work_by_work_without_a_rebuild()
    {
        var engines = 0;
        using var service = new SearchService(() => ArchiveStores.Open(archive.Path), () => { engines++; return new Ficshelf.Core.Search.InProcess.InvertedIndexEngine(); });
        var before = service.Search(new SearchQuery()).Total;
        Assert.False(service.RefreshIfArchiveChanged());

        // Another process (its own connection): one import, one delete, one retag.
        archive.WriteFile("extra.txt", "The Lighthouse Keeper\n\nMarguerite climbed the hundred steps every night and never once counted them.\n");
        Assert.False(archive.Importer.ImportFile(Path.Combine(archive.Dir, "extra.txt")).Failed);
        var ids = archive.Store.WorkIds();
        var deleted = ids[0];
        var retagged = ids[1];
        Assert.True(archive.Store.DeleteWork(deleted));
        archive.Store.ReplaceTags(retagged, TagOrigin.User, [new WorkTag(new Tag(TagCategory.Freeform, "Caught Up Later"), TagOrigin.User)]);

        Assert.True(service.RefreshIfArchiveChanged());
        Assert.Equal(before, service.Search(new SearchQuery()).Total); // one in, one out
        Assert.Single(service.Search(SearchQueryParser.Parse("marguerite lighthouse")).Hits);
        Assert.DoesNotContain(deleted, Ids(service.Search(new SearchQuery { PageSize = 1000 })));
        Assert.Equal([retagged], Ids(service.Search(SearchQueryParser.Parse("+freeform:\"Caught Up Later\""))));
        Assert.Equal(1, engines); // caught up in place, not rebuilt
        Assert.False(service.RefreshIfArchiveChanged());

        // Checked at most once a second when asked to: a change right after a check waits for the next one.
        archive.Store.ReplaceTags(retagged, TagOrigin.User, []);
        Assert.False(service.RefreshIfArchiveChanged(TimeSpan.FromHours(1)));
        Assert.True(service.RefreshIfArchiveChanged());
        Assert.Empty(service.Search(SearchQueryParser.Parse("+freeform:\"Caught Up Later\"")).Hits);
    }

    [Fact]
    public void A_saved_index_from_before_other_changes_is_loaded_and_caught_up()
    {
        var indexPath = archive.Path + ".index";
        using (var first = Service(indexPath)) first.Search(new SearchQuery());
        archive.WriteFile("extra.txt", "The Lighthouse Keeper\n\nMarguerite climbed the hundred steps every night and never once counted them.\n");
        Assert.False(archive.Importer.ImportFile(Path.Combine(archive.Dir, "extra.txt")).Failed);

        var engines = 0;
        using (var second = new SearchService(() => ArchiveStores.Open(archive.Path), () => { engines++; return new Ficshelf.Core.Search.InProcess.InvertedIndexEngine(); }, indexPath))
        {
            Assert.Equal(archive.Store.CountWorks(), second.Search(new SearchQuery()).Total);
            Assert.Single(second.Search(SearchQueryParser.Parse("marguerite lighthouse")).Hits);
        }
        Assert.Equal(1, engines); // the saved index, caught up: not a second build
        using var third = Service(indexPath); // saved again when the second one closed: nothing left to catch up
        Assert.Single(third.Search(SearchQueryParser.Parse("marguerite lighthouse")).Hits);
        Assert.False(third.RefreshIfArchiveChanged());
    }

    [Fact]
    public void Canon_wrangling_joins_other_spellings_to_the_canonical_tag_and_is_idempotent()
    {
        var id = archive.Store.WorkIds()[0];
        var user = new List<WorkTag>
        {
            new(new Tag(TagCategory.Character, "Natasha R."), TagOrigin.User, 1),
            new(new Tag(TagCategory.Fandom, "MCU"), TagOrigin.User, 1),
            new(new Tag(TagCategory.Relationship, "Bucky x Natasha"), TagOrigin.User, 1),
        };
        archive.Store.ReplaceTags(id, TagOrigin.User, user);
        var wrangler = new CanonWrangler(analyzer);
        var steps = wrangler.Apply(archive.Store);
        Assert.Contains(steps, s => s.Kind == "synonym" && s.Tag.Name == "MCU" && s.Target.Name == "Marvel Cinematic Universe");
        Assert.Contains(steps, s => s.Kind == "synonym" && s.Tag.Name == "Natasha R." && s.Target.Name.StartsWith("Natasha Romanov", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Kind == "parent" && s.Tag.Name == "Marvel Cinematic Universe" && s.Target.Name == "Marvel");
        Assert.Contains(steps, s => s.Kind == "synonym" && s.Tag.Name == "Bucky x Natasha" && s.Target.Name.Contains('/'));
        Assert.Empty(wrangler.Plan(archive.Store.ListTags()));

        using var service = Service();
        Assert.Contains(id, Ids(service.Search(SearchQueryParser.Parse("+fandom:Marvel per:100"))));
        Assert.Contains(id, Ids(service.Search(new SearchQuery { Include = [steps.First(s => s.Tag.Name == "Natasha R.").Target], PageSize = 100 })));
    }

    [Fact]
    public void More_like_this_never_returns_the_work_itself_and_prefers_its_fandom()
    {
        using var service = Service();
        var work = archive.Store.StreamWorks().First(w => w.EffectiveTags.Any(t => t.Category == TagCategory.Fandom));
        var fandom = work.TagsIn(TagCategory.Fandom).First().Tag;
        var sameFandom = WorksTagged(t => TagComparer.Instance.Equals(t, fandom));
        sameFandom.Remove(work.Id);
        var similar = service.MoreLikeThis(work.Id, 3);
        Assert.DoesNotContain(similar, h => h.WorkId == work.Id);
        if (sameFandom.Count > 0) Assert.True(sameFandom.Contains(similar[0].WorkId), $"{work.Id} {fandom}: [{string.Join(", ", similar.Select(h => $"{h.WorkId}={h.Score:0.00}"))}] not in [{string.Join(", ", sameFandom)}]");
    }

    [Fact]
    public void More_like_this_for_a_work_already_read_is_what_it_is_by_the_works_number()
    {
        using var fresh = Service();
        using var service = Service();
        foreach (var work in archive.Store.StreamWorks().Take(6))
        {
            var byNumber = fresh.MoreLikeThis(work.Id, 4);
            var unkept = service.MoreLikeThis(work, 4);
            Assert.Equal(byNumber, unkept);
            Assert.NotSame(unkept, service.MoreLikeThis(work, 4)); // read at no known generation: worked out again
            var kept = service.MoreLikeThis(work, 4, service.Generation);
            Assert.Equal(byNumber, kept);
            Assert.Same(kept, service.MoreLikeThis(work, 4)); // kept for the next view
        }
        // A change since the work was read: the answer is not kept under the newer generation.
        var other = archive.Store.StreamWorks().Last();
        var before = service.Generation;
        service.WorksChanged([other.Id]);
        Assert.NotEqual(before, service.Generation);
        var stale = service.MoreLikeThis(other, 4, before);
        Assert.NotSame(stale, service.MoreLikeThis(other, 4));
    }

    [Fact]
    public async Task Wrangling_by_many_uploads_at_once_is_all_in_the_graph_when_each_returns()
    {
        using var service = Service();
        var characters = archive.Store.ListTags(TagCategory.Character).Where(t => t.Works > 0).Select(t => t.Tag).ToList();
        var canonical = characters[0];
        Assert.NotEmpty(service.Search(new SearchQuery { Include = [canonical], PageSize = 100 }).Hits);
        // Each caller's synonym must be searchable once its own TagsChangedAsync returns, whatever reload it shared.
        await Task.WhenAll(characters.Skip(1).Take(8).Select(synonym => Task.Run(async () =>
        {
            using (var store = ArchiveStores.Open(archive.Path)) await store.MakeSynonymAsync(synonym, canonical);
            await service.TagsChangedAsync();
            Assert.Contains(service.Search(new SearchQuery { Include = [canonical], PageSize = 100 }).Hits,
                h => WorksTagged(t => TagComparer.Instance.Equals(t, synonym)).Contains(h.WorkId));
        })));
        Assert.Equal(WorksTagged(t => characters.Take(9).Contains(t, TagComparer.Instance)),
            Ids(service.Search(new SearchQuery { Include = [canonical], PageSize = 100 })));
    }

    [Fact]
    public void Repeated_searches_are_answered_from_memory_until_the_archive_changes()
    {
        using var service = Service();
        var first = service.Search(new SearchQuery { PageSize = 100 });
        Assert.Same(first, service.Search(new SearchQuery { PageSize = 100 })); // the same question, not asked again
        var target = first.Hits[0].WorkId;
        var similarBefore = service.MoreLikeThis(target, 3);
        Assert.Same(similarBefore, service.MoreLikeThis(target, 3));
        var gone = similarBefore[0].WorkId;

        Assert.True(archive.Store.DeleteWork(gone));
        service.WorksChanged([gone]);
        var after = service.Search(new SearchQuery { PageSize = 100 });
        Assert.Equal(first.Total - 1, after.Total);
        Assert.DoesNotContain(after.Hits, h => h.WorkId == gone);
        Assert.DoesNotContain(service.MoreLikeThis(target, 3), h => h.WorkId == gone);

        // Wrangling empties it too: a synonym's works are counted under the canonical at once.
        var characters = archive.Store.ListTags(TagCategory.Character).Where(t => t.Works > 0).ToList();
        var (a, b) = (characters[0].Tag, characters[1].Tag);
        var withA = service.Search(new SearchQuery { Include = [a], PageSize = 100 });
        archive.Store.MakeSynonym(b, a);
        service.TagsChanged();
        Assert.Equal(WorksTagged(t => TagComparer.Instance.Equals(t, a) || TagComparer.Instance.Equals(t, b)),
            Ids(service.Search(new SearchQuery { Include = [a], PageSize = 100 })));
        Assert.True(service.Search(new SearchQuery { Include = [a], PageSize = 100 }).Total >= withA.Total);
    }
}

/// <summary>A server that answers at once: searches while the index is still being built in the background.</summary>
public sealed class BackgroundBuildTests : IDisposable
{
    private readonly TestArchive archive = new();

    public BackgroundBuildTests()
    {
        var importer = new FileImporter(archive.Store, new StoryParser(), new WorkAnalyzer(CanonKnowledgeBase.LoadDefault()));
        foreach (var file in Directory.GetFiles(TestPaths.DemoCorpus, "*.txt").Order())
            Assert.False(importer.ImportFile(file).Failed, file);
    }

    public void Dispose() => archive.Dispose();

    [Fact]
    public void Searches_answer_from_what_is_indexed_so_far_while_a_slow_build_waits_and_the_part_done_is_saved()
    {
        var total = archive.Store.CountWorks();
        Assert.True(total >= 4, "the demo corpus has a few works");
        using var reachedGate = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var indexPath = archive.Path + ".index";
        // The build reads works through this store: after two works it stops until the test lets it go on.
        IArchiveStore OpenGated() => GatedStore.Wrap(ArchiveStores.Open(archive.Path), works => Gated(works, 2, reachedGate, gate));
        using var service = new SearchService(OpenGated, null, indexPath, buildInBackground: true) { BuildBatch = 1 };
        try
        {
            service.StartBuilding();
            Assert.True(reachedGate.Wait(TimeSpan.FromMinutes(2)), "the build reached its third work");

            var early = service.Search(new SearchQuery { PageSize = 100 });
            Assert.Equal(2, early.Total); // the two works indexed so far, at once: no waiting for the build
            Assert.False(service.Status.Ready);
            Assert.Equal(2, service.Status.Indexed);
            Assert.Equal(total, service.Status.Total);
            Assert.InRange(service.Status.Percent, 1, 99);

            // Saved part of the way: another process starting now loads those two and reads only the rest.
            Assert.True(File.Exists(indexPath));
            var engines = 0;
            using (var other = new SearchService(() => ArchiveStores.Open(archive.Path), () => { engines++; return new Ficshelf.Core.Search.InProcess.InvertedIndexEngine(); }, indexPath))
                Assert.Equal(total, other.Search(new SearchQuery()).Total);
            Assert.Equal(1, engines);
        }
        finally
        {
            gate.Set();
        }
        service.WaitUntilBuilt();
        Assert.True(service.Status.Ready);
        Assert.Equal(total, service.Search(new SearchQuery { PageSize = 100 }).Total);
    }

    private static IEnumerable<Work> Gated(IEnumerable<Work> works, int before, ManualResetEventSlim reached, ManualResetEventSlim gate)
    {
        var n = 0;
        foreach (var work in works)
        {
            if (n++ == before)
            {
                reached.Set();
                gate.Wait();
            }
            yield return work;
        }
    }

    /// <summary>An archive store whose StreamWorks (and StreamWorksAsync, which the search service reads) passes through a filter; everything else goes to the real store.</summary>
    public class GatedStore : System.Reflection.DispatchProxy
    {
        private IArchiveStore inner = null!;
        private Func<IEnumerable<Work>, IEnumerable<Work>> filter = null!;

        public static IArchiveStore Wrap(IArchiveStore inner, Func<IEnumerable<Work>, IEnumerable<Work>> filter)
        {
            var proxy = Create<IArchiveStore, GatedStore>();
            var gated = (GatedStore)(object)proxy;
            gated.inner = inner;
            gated.filter = filter;
            return proxy;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args)
        {
            try
            {
                var result = method!.Invoke(inner, args);
                return method.Name switch
                {
                    nameof(IArchiveStore.StreamWorks) => filter((IEnumerable<Work>)result!),
                    // The filter may block (a test's gate): the build runs on its own thread, so blocking there is harmless.
                    nameof(IArchiveStore.StreamWorksAsync) => filter(((IAsyncEnumerable<Work>)result!).ToBlockingEnumerable()).ToAsyncEnumerable(),
                    _ => result,
                };
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
