using Ficshelf.Bench.Corpus;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;

namespace Ficshelf.Bench.Search;

public enum QueryClass
{
    TextOnly,
    TagsOnly,
    TextWithFilters,
    ExcludeHeavy,
    FacetHeavy,
}

public sealed record BenchmarkQuery(QueryClass Class, SearchQuery Query);

/// <summary>
/// A fixed, seeded mix of queries in five classes, drawn from a sample of the corpus so tags and words hit
/// realistic selectivities (popular tags often, rare ones sometimes; common, middling and rare words).
/// </summary>
public static class QueryMix
{
    public static IReadOnlyList<BenchmarkQuery> Build(SyntheticCorpus corpus, int count = 1000, int seed = 7)
    {
        var random = new Random(seed);
        // Tags as works carry them, so a tag is picked as often as readers meet it.
        var sample = Enumerable.Range(0, Math.Min(corpus.Works, 2000)).Select(i => corpus.Document(1 + (long)i * Math.Max(1, corpus.Works / 2000))).ToList();
        var tagPool = sample.SelectMany(d => d.Tags).ToList();
        Tag AnyTag(params TagCategory[] categories)
        {
            for (var i = 0; i < 1000; i++)
            {
                var tag = tagPool[random.Next(tagPool.Count)];
                if (categories.Length == 0 || categories.Contains(tag.Category)) return tag;
            }
            return tagPool[0];
        }
        var vocabulary = corpus.Vocabulary;
        string Word() => random.Next(3) switch
        {
            0 => vocabulary[random.Next(20, 300)],      // common
            1 => vocabulary[random.Next(300, 5000)],    // middling
            _ => vocabulary[random.Next(5000, 30_000)], // rare
        };
        string Text()
        {
            var roll = random.NextDouble();
            if (roll < 0.2)
            {
                // A phrase that occurs: two neighbouring words from a sampled work.
                var words = sample[random.Next(sample.Count)].Body.Split([' ', '.', '\n'], StringSplitOptions.RemoveEmptyEntries);
                var at = random.Next(Math.Max(1, words.Length - 2));
                return $"\"{string.Join(' ', words.Skip(at).Take(2))}\"";
            }
            if (roll < 0.3)
            {
                var word = Word();
                while (word.Length < 4) word = Word();
                return word[..3].ToLowerInvariant() + "*";
            }
            return string.Join(' ', Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Word()));
        }

        var classes = Enum.GetValues<QueryClass>();
        var queries = new List<BenchmarkQuery>(count);
        for (var i = 0; i < count; i++)
        {
            var queryClass = classes[i % classes.Length];
            var query = queryClass switch
            {
                QueryClass.TextOnly => new SearchQuery { Text = Text(), FacetsPerCategory = 0 },
                QueryClass.TagsOnly => new SearchQuery
                {
                    Include = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => AnyTag()).ToList(),
                    Sort = random.Next(2) == 0 ? SearchSort.DateImported : SearchSort.WordCount,
                },
                QueryClass.TextWithFilters => new SearchQuery
                {
                    Text = Word(),
                    Include = [AnyTag(TagCategory.Fandom), AnyTag(TagCategory.Rating)],
                    Exclude = [AnyTag(TagCategory.Freeform)],
                    MinWords = 1000,
                    MaxWords = 1000 + random.Next(1, 6) * 1000,
                    Complete = random.Next(2) == 0 ? true : null,
                },
                QueryClass.ExcludeHeavy => new SearchQuery
                {
                    Include = random.Next(2) == 0 ? [AnyTag(TagCategory.Fandom)] : [],
                    Exclude = Enumerable.Range(0, 3 + random.Next(3)).Select(_ => AnyTag(TagCategory.Freeform, TagCategory.Warning, TagCategory.Character, TagCategory.Relationship)).ToList(),
                    Sort = SearchSort.WordCount,
                },
                _ => new SearchQuery
                {
                    Include = random.Next(3) == 0 ? [] : [AnyTag(TagCategory.Fandom, TagCategory.Rating)],
                    FacetsPerCategory = 10,
                },
            };
            queries.Add(new BenchmarkQuery(queryClass, query));
        }
        return queries;
    }
}
