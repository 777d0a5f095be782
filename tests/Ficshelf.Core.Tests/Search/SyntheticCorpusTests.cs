using Ficshelf.Bench.Corpus;
using Ficshelf.Bench.Search;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;

namespace Ficshelf.Core.Tests.Search;

public class SyntheticCorpusTests
{
    private static readonly SyntheticCorpus Corpus = new(1500, seed: 3);

    [Fact]
    public void The_same_seed_gives_the_same_works_and_another_seed_others()
    {
        var again = new SyntheticCorpus(1500, seed: 3);
        foreach (var id in new long[] { 1, 77, 1500 })
        {
            var (a, b) = (Corpus.Document(id), again.Document(id));
            Assert.Equal(a.Body, b.Body);
            Assert.Equal(a.Tags, b.Tags);
            Assert.Equal((a.Title, a.Words, a.Platform, a.Complete), (b.Title, b.Words, b.Platform, b.Complete));
        }
        Assert.NotEqual(Corpus.Document(5).Body, new SyntheticCorpus(1500, seed: 4).Document(5).Body);
    }

    [Fact]
    public void Distributions_look_like_an_archive()
    {
        var docs = Corpus.Documents().ToList();
        Assert.All(docs, d => Assert.InRange(d.Words, 300, 8000));
        Assert.All(docs, d => Assert.InRange(d.Body.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length, d.Words, d.Words));
        Assert.True(docs.SelectMany(d => d.Tags).Where(t => t.Category == TagCategory.Fandom).Distinct().Count() >= 6);

        // Zipf: the most used character is on far more works than the fiftieth.
        var characters = docs.SelectMany(d => d.Tags.Where(t => t.Category == TagCategory.Character)).GroupBy(t => t.Name)
            .Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(characters[0] > 8 * characters[49], $"top {characters[0]}, 50th {characters[49]}");
        var freeforms = docs.SelectMany(d => d.Tags.Where(t => t.Category == TagCategory.Freeform)).GroupBy(t => t.Name)
            .Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(freeforms[0] > 10 * freeforms[99]);
        Assert.Contains(docs, d => d.Tags.Any(t => t.Category == TagCategory.Relationship && t.Name.Contains('/')));
        Assert.Contains(docs, d => d.Tags.Any(t => t.Category == TagCategory.Relationship && t.Name.Contains(" & ")));

        // Word frequencies fall off like Zipf's law: the top word is about ten times the tenth.
        var counts = docs.Take(200).SelectMany(d => d.Body.Split([' ', '.', '\n'], StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(w => w.ToLowerInvariant()).Select(g => g.Count()).OrderDescending().ToList();
        Assert.InRange((double)counts[0] / counts[9], 5, 20);
    }

    [Fact]
    public void The_query_mix_covers_every_class_and_finds_works()
    {
        var queries = QueryMix.Build(Corpus, 200);
        Assert.Equal(200, queries.Count);
        foreach (var c in Enum.GetValues<QueryClass>()) Assert.Equal(40, queries.Count(q => q.Class == c));
        Assert.All(queries.Where(q => q.Class == QueryClass.ExcludeHeavy), q => Assert.True(q.Query.Exclude.Count >= 3));
        Assert.All(queries.Where(q => q.Class == QueryClass.TextWithFilters), q => Assert.True(q.Query.HasText && q.Query.Include.Count + q.Query.Exclude.Count >= 3));
        Assert.Equal(SearchQueryParser.Format(queries[17].Query), SearchQueryParser.Format(QueryMix.Build(Corpus, 200)[17].Query));

        using var engine = SearchEngines.Create("inverted");
        engine.Index(Corpus.Documents());
        var found = queries.Count(q => engine.Search(q.Query, Corpus.Tags).Total > 0);
        Assert.True(found > queries.Count / 2, $"only {found} of {queries.Count} queries find anything");
    }

    [Fact]
    public void The_benchmark_reports_every_engine_and_class_and_the_engines_agree()
    {
        var corpus = new SyntheticCorpus(300, seed: 9);
        var report = SearchBenchmark.Run(corpus, [("inverted", () => SearchEngines.Create("inverted")), ("fts5", () => SearchEngines.Create("fts5"))], queryCount: 100, warmup: 5);
        Assert.Equal(0, report.Disagreements);
        Assert.Equal("fts5", report.Baseline);
        Assert.All(report.Engines, e => Assert.Equal(5, e.Classes.Count));
        Assert.All(report.Engines, e => Assert.True(e.IndexBytes > 0));
        // The text is measured while the first engine indexes it, and must be all of it.
        var text = corpus.Documents().Sum(d => SearchFields.Of(d).Sum(f => (long)System.Text.Encoding.UTF8.GetByteCount(f)));
        Assert.Equal(text, report.TextBytes);
        Assert.True(report.CorpusGeneration > TimeSpan.Zero);
        var markdown = report.ToMarkdown();
        Assert.Contains("| inverted | exclude-heavy |", markdown);
        Assert.Contains("fts5 p99 / inverted p99", markdown);
    }

    [Fact]
    public void Lucene_as_the_peer_answers_every_query_of_the_mix_with_the_same_total_as_the_plain_statement_of_search()
    {
        var corpus = new SyntheticCorpus(300, seed: 11);
        var folder = Path.Combine(TestPaths.NewTempDir(), "lucene");
        var report = SearchBenchmark.Run(corpus,
            [("brute-force", () => SearchEngines.Create("brute-force")), ("inverted", () => SearchEngines.Create("inverted")), ("lucene", () => new LuceneSearchEngine(folder))],
            queryCount: 200, warmup: 5);
        Assert.True(report.Disagreements == 0, string.Join("\n", report.Mismatches.Select(m => $"{m.Query}: {string.Join(", ", m.Totals)}")));
        Assert.True(report.Engines.Single(e => e.Engine == "lucene").IndexBytes > 0);
        Assert.Contains("lucene p99 / inverted p99", report.ToMarkdown());
        Assert.False(Directory.Exists(folder), "the Lucene index folder is deleted with the engine");
    }

    [Fact]
    public void Lucene_counts_facets_under_the_canonical_tag_once_per_work_like_the_other_engines()
    {
        var corpus = new SyntheticCorpus(300, seed: 12);
        using var lucene = new LuceneSearchEngine(Path.Combine(TestPaths.NewTempDir(), "lucene"));
        using var brute = SearchEngines.Create("brute-force");
        lucene.Index(corpus.Documents());
        brute.Index(corpus.Documents());
        var query = new SearchQuery { FacetsPerCategory = 1000, PageSize = 5 };
        var expected = brute.Search(query, corpus.Tags).Facets;
        var actual = lucene.Search(query, corpus.Tags).Facets;
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (category, facets) in expected)
            Assert.Equal(facets.Select(f => $"{f.Tag.Name}={f.Works}"), actual[category].Select(f => $"{f.Tag.Name}={f.Works}"));
        lucene.Remove(corpus.Documents().First().WorkId);
        Assert.Equal(299, lucene.Search(new SearchQuery(), corpus.Tags).Total);
    }

    [Fact]
    public void The_benchmark_lists_the_queries_whose_totals_differ_and_samples_memory_per_engine()
    {
        var corpus = new SyntheticCorpus(300, seed: 9);
        var report = SearchBenchmark.Run(corpus,
            [("brute-force", () => SearchEngines.Create("brute-force")), ("half", () => new EvenWorksOnly(SearchEngines.Create("inverted")))],
            queryCount: 50, warmup: 2);
        Assert.Equal("brute-force", report.Baseline);
        Assert.True(report.Disagreements > 0);
        Assert.InRange(report.Mismatches.Count, 1, Math.Min(report.Disagreements, SearchBenchmark.MismatchesListed));
        Assert.All(report.Mismatches, m => Assert.True(m.Totals[0].Total > m.Totals[1].Total, m.Query));
        Assert.All(report.Engines, e => Assert.True(e.PeakManagedBytes > 0 && e.PeakWorkingSetDuringRun > 0));
        var markdown = report.ToMarkdown();
        Assert.Contains("| brute-force total | half total |", markdown);
        Assert.Contains($"`{report.Mismatches[0].Query.Replace("|", "\\|", StringComparison.Ordinal)}`", markdown);
    }

    /// <summary>An engine that misses every odd work: its totals must not pass for agreement.</summary>
    private sealed class EvenWorksOnly(ISearchEngine inner) : ISearchEngine
    {
        public string Name => "half";
        public int Count => inner.Count;
        public void Index(IEnumerable<SearchDocument> documents) => inner.Index(documents.Where(d => d.WorkId % 2 == 0));
        public void Remove(long workId) => inner.Remove(workId);
        public SearchResult Search(SearchQuery query, TagGraph tags) => inner.Search(query, tags);
        public void Dispose() => inner.Dispose();
    }
}
