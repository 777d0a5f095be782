using Ficshelf.Bench.Corpus;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Search;

public class SyntheticArchiveTests
{
    private static readonly SyntheticCorpus Corpus = new(40, seed: 5);

    [Fact]
    public void A_synthetic_work_keeps_the_documents_words_tags_and_flags()
    {
        foreach (var id in new long[] { 1, 17, 40 })
        {
            var document = Corpus.Document(id);
            var work = SyntheticArchive.ToWork(Corpus, id);
            Assert.Equal(document.Words, work.WordCount);
            Assert.Equal(document.Tags, work.Tags.Select(t => t.Tag));
            Assert.All(work.Tags, t => Assert.Equal(TagOrigin.Declared, t.Origin));
            Assert.Equal((document.Title, document.Platform, document.Language, document.Complete), (work.Title, work.Platform, work.Language, work.Complete));
            Assert.True(work.Chapters.Count >= document.Words / 4000, $"{document.Words} words in {work.Chapters.Count} chapters");
        }
    }

    [Fact]
    public void Filling_an_archive_stores_every_work_and_the_wrangling()
    {
        using var archive = new TestArchive();
        Assert.Equal(40, SyntheticArchive.Fill(archive.Store, Corpus));
        Assert.Equal(40, archive.Store.StreamWorks().Count());
        Assert.Equal(0, SyntheticArchive.Fill(archive.Store, Corpus)); // the same files again: nothing new

        // Searching the stored archive with its stored wrangling finds what the corpus's own graph finds.
        var graph = archive.Store.LoadTagGraph();
        var expected = Corpus.Tags;
        var alias = expected.Tags.First(t => t.SynonymOf is not null);
        Assert.True(TagComparer.Instance.Equals(expected.Canonical(alias.Tag), graph.Canonical(alias.Tag)));
        using var engine = SearchEngines.Create("brute-force");
        engine.Index(archive.Store.StreamWorks().Select(w => SearchDocument.From(w, DateTimeOffset.UnixEpoch)));
        var fandom = Corpus.Document(1).Tags.First(t => t.Category == TagCategory.Fandom);
        var query = new SearchQuery { Include = [fandom], FacetsPerCategory = 0 };
        using var reference = SearchEngines.Create("brute-force");
        reference.Index(Corpus.Documents());
        Assert.Equal(reference.Search(query, expected).Total, engine.Search(query, graph).Total);
        Assert.True(engine.Search(query, graph).Total > 0);
    }
}
