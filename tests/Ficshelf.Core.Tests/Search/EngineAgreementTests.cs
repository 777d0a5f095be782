using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;

namespace Ficshelf.Core.Tests.Search;

/// <summary>
/// Property test: on random archives and random queries, every engine returns what the brute-force reading of the
/// query returns — the same total, the same facet counts, and the same page for every sort but relevance (where
/// scores differ by design, the set of matches must still agree when it fits on one page).
/// </summary>
public class EngineAgreementTests
{
    private static readonly string[] Vocabulary =
        ["red", "room", "snow", "widow", "winter", "soldier", "tea", "violin", "rain", "kiss", "knife", "home", "war", "dawn", "café", "Łódź", "naïve", "x1"];

    private static readonly Tag[] TagPool = BuildTagPool();

    private static Tag[] BuildTagPool()
    {
        var tags = new List<Tag>();
        foreach (var category in new[] { TagCategory.Fandom, TagCategory.Character, TagCategory.Relationship, TagCategory.Freeform, TagCategory.Rating, TagCategory.Warning, TagCategory.Category })
            for (var i = 0; i < 6; i++) tags.Add(new Tag(category, $"{category} {(char)('A' + i)}"));
        tags.Add(new Tag(TagCategory.Freeform, "freeform a")); // same tag, other letter case
        return tags.ToArray();
    }

    private static TagGraph RandomGraph(Random random)
    {
        var infos = new List<TagInfo>();
        foreach (var category in TagPool.Select(t => t.Category).Distinct())
        {
            var pool = TagPool.Where(t => t.Category == category && char.IsUpper(t.Name[0])).ToList();
            // One synonym pair and one parent link per category, chosen at random.
            var canonical = pool[random.Next(pool.Count)];
            var synonym = pool.Where(t => t != canonical).ElementAt(random.Next(pool.Count - 1));
            var child = pool.Where(t => t != canonical && t != synonym).ElementAt(random.Next(pool.Count - 2));
            infos.Add(new TagInfo(canonical, true, null, []));
            infos.Add(new TagInfo(synonym, false, canonical, []));
            infos.Add(new TagInfo(child, true, null, [canonical]));
        }
        return new TagGraph(infos);
    }

    private static List<SearchDocument> RandomDocs(Random random, int count)
    {
        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(1, count).Select(id =>
        {
            string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => Vocabulary[(int)Math.Min(Vocabulary.Length - 1, Math.Abs(random.NextDouble() * random.NextDouble()) * Vocabulary.Length)]));
            return new SearchDocument(id, Words(2), [$"author{random.Next(5)}"], random.Next(3) == 0 ? null : Words(5), Words(random.Next(0, 60)),
                TagPool.Where(_ => random.Next(5) == 0).ToList(),
                (Platform)random.Next(6), random.Next(4) == 0 ? null : random.Next(3) == 0 ? "de" : "en",
                random.Next(100, 10_000), random.Next(3) switch { 0 => true, 1 => false, _ => null },
                start.AddHours(random.Next(0, 2000)));
        }).ToList();
    }

    private static SearchQuery RandomQuery(Random random)
    {
        Tag PickTag() => TagPool[random.Next(TagPool.Length)];
        string? text = random.Next(3) switch
        {
            0 => null,
            1 => string.Join(' ', Enumerable.Range(0, random.Next(1, 3)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])),
            _ => random.Next(2) == 0
                ? $"\"{Vocabulary[random.Next(Vocabulary.Length)]} {Vocabulary[random.Next(Vocabulary.Length)]}\""
                : Vocabulary[random.Next(Vocabulary.Length)][..2] + "*",
        };
        var min = random.Next(3) == 0 ? random.Next(0, 6000) : (int?)null;
        return new SearchQuery
        {
            Text = text,
            Include = Enumerable.Range(0, random.Next(0, 3)).Select(_ => PickTag()).ToList(),
            Exclude = Enumerable.Range(0, random.Next(0, 3)).Select(_ => PickTag()).ToList(),
            Platforms = random.Next(4) == 0 ? [(Platform)random.Next(6), (Platform)random.Next(6)] : [],
            ExcludePlatforms = random.Next(5) == 0 ? [(Platform)random.Next(6)] : [],
            Languages = random.Next(5) == 0 ? ["en"] : [],
            MinWords = min,
            MaxWords = random.Next(3) == 0 ? (min ?? 0) + random.Next(0, 8000) : null,
            Complete = random.Next(3) switch { 0 => true, 1 => false, _ => null },
            ImportedAfter = random.Next(6) == 0 ? new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero) : null,
            Sort = (SearchSort)random.Next(4),
            Descending = random.Next(3) switch { 0 => true, 1 => false, _ => null },
            Page = random.Next(1, 3),
            PageSize = random.Next(1, 15),
            FacetsPerCategory = random.Next(0, 8),
            // Upper case where the documents have lower: author: compares whole names, case-insensitively.
            Authors = random.Next(4) == 0 ? [$"Author{random.Next(5)}"] : [],
        };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_engine_agrees_with_brute_force_on_random_queries(int seed)
    {
        var random = new Random(seed);
        var docs = RandomDocs(random, 150);
        var graph = RandomGraph(random);
        using var oracle = new BruteForceSearchEngine();
        oracle.Index(docs);
        var engines = SearchEngines.Names.Where(n => n != "brute-force").Select(n => SearchEngines.Create(n)).ToList();
        foreach (var engine in engines)
        {
            engine.Index(docs);
            // Replace some and remove one, so the engines' update paths are exercised too.
            var changed = RandomDocs(new Random(seed + 100), 10).Select(d => d with { WorkId = d.WorkId * 7 }).ToList();
            engine.Index(changed);
            engine.Remove(14);
        }
        oracle.Index(RandomDocs(new Random(seed + 100), 10).Select(d => d with { WorkId = d.WorkId * 7 }));
        oracle.Remove(14);

        for (var i = 0; i < 150; i++)
        {
            var query = RandomQuery(random);
            var expected = oracle.Search(query, graph);
            foreach (var engine in engines)
            {
                var actual = engine.Search(query, graph);
                var what = $"{engine.Name}, query #{i}: {SearchQueryParser.Format(query)}";
                Assert.True(expected.Total == actual.Total, $"{what}: total {actual.Total}, brute force {expected.Total}");
                if (query.Sort != SearchSort.Relevance || !query.HasText)
                    Assert.True(expected.Hits.Select(h => h.WorkId).SequenceEqual(actual.Hits.Select(h => h.WorkId)),
                        $"{what}: hits [{string.Join(",", actual.Hits.Select(h => h.WorkId))}], brute force [{string.Join(",", expected.Hits.Select(h => h.WorkId))}]");
                else if (expected.Total <= query.PageSize && query.Page == 1)
                    Assert.Equal(expected.Hits.Select(h => h.WorkId).Order(), actual.Hits.Select(h => h.WorkId).Order());
                Assert.Equal(Flatten(expected), Flatten(actual));
            }
        }
        foreach (var engine in engines) engine.Dispose();
    }

    /// <summary>
    /// Documents arriving between searches, as uploads do on a running server: each search after a batch prepares
    /// the engine again from what changed (new terms merged into the prefix list, title ranks redone), and must still
    /// answer as the brute-force reading of everything indexed so far.
    /// </summary>
    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Every_engine_agrees_with_brute_force_while_documents_keep_coming(int seed)
    {
        var random = new Random(seed);
        var docs = RandomDocs(random, 120);
        var graph = RandomGraph(random);
        using var oracle = new BruteForceSearchEngine();
        var engines = SearchEngines.Names.Where(n => n != "brute-force").Select(n => SearchEngines.Create(n)).ToList();
        foreach (var batch in docs.Chunk(12))
        {
            // Each batch brings words no earlier document had, so the prefix list must take them in.
            var fresh = batch.Select(d => d with { Title = $"{d.Title} zq{d.WorkId}", Body = $"{d.Body} zz{d.WorkId % 7}word" }).ToList();
            oracle.Index(fresh);
            foreach (var engine in engines) engine.Index(fresh);
            for (var i = 0; i < 12; i++)
            {
                var query = i switch
                {
                    0 => new SearchQuery { Text = "zq*", Sort = SearchSort.Title, PageSize = 50 },
                    1 => new SearchQuery { Text = "zz*", Sort = SearchSort.Title, Descending = true, PageSize = 7, Page = 2 },
                    _ => RandomQuery(random),
                };
                var expected = oracle.Search(query, graph);
                foreach (var engine in engines)
                {
                    var actual = engine.Search(query, graph);
                    var what = $"{engine.Name} after {oracle.Count} documents: {SearchQueryParser.Format(query)}";
                    Assert.True(expected.Total == actual.Total, $"{what}: total {actual.Total}, brute force {expected.Total}");
                    if (query.Sort != SearchSort.Relevance || !query.HasText)
                        Assert.True(expected.Hits.Select(h => h.WorkId).SequenceEqual(actual.Hits.Select(h => h.WorkId)), what);
                }
            }
        }
        foreach (var engine in engines) engine.Dispose();
    }

    private static List<string> Flatten(SearchResult result) => result.Facets
        .OrderBy(kv => kv.Key)
        .SelectMany(kv => kv.Value.Select(f => $"{kv.Key}:{f.Tag.Name.ToUpperInvariant()}={f.Works}"))
        .ToList();
}
