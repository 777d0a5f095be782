using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Search.InProcess;

namespace Ficshelf.Core.Tests.Search;

/// <summary>Search semantics on a small hand-built archive, checked on every engine.</summary>
public class SearchEngineTests
{
    public static TheoryData<string> Engines => new(SearchEngines.Names);

    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SearchDocument Doc(long id, string title, string body, int words, bool? complete, params string[] tags) => new(
        id, title, ["Author " + id], null, body,
        tags.Select(t => { var (c, n) = (t[..t.IndexOf(':')], t[(t.IndexOf(':') + 1)..]); _ = TagNames.TryParseCategory(c, out var cat); return new Tag(cat, n); }).ToList(),
        id % 2 == 0 ? Platform.Ao3 : Platform.Wattpad, id == 5 ? "de" : "en", words, complete, Day0.AddDays(id));

    private static readonly SearchDocument[] Library =
    [
        Doc(1, "Red Room", "The widow ran through the snow. Red room memories.", 1200, true,
            "fandom:Marvel Cinematic Universe", "character:Natasha Romanoff", "character:Bucky Barnes", "relationship:Bucky Barnes/Natasha Romanoff", "freeform:Angst", "rating:Mature"),
        Doc(2, "Snow Day", "Bucky made pancakes; the widow laughed at the snow.", 3400, false,
            "fandom:Marvel Cinematic Universe", "character:Natalia Romanova", "character:Bucky Barnes", "freeform:Fluff", "rating:General Audiences"),
        Doc(3, "Baker Street", "The detective played the violin until dawn.", 800, true,
            "fandom:Sherlock (TV)", "character:Sherlock Holmes", "character:John Watson", "relationship:Sherlock Holmes/John Watson", "freeform:Fluff", "freeform:Major Character Death", "rating:Teen And Up Audiences"),
        Doc(4, "Widowmaker", "A widower in a red coat, and widows of the war.", 5000, null,
            "fandom:Marvel", "character:Steve Rogers", "freeform:Angst", "rating:Teen And Up Audiences"),
        Doc(5, "Winter", "Der Winter Soldat. The red room again, red room forever.", 9000, true,
            "fandom:Marvel Cinematic Universe", "character:Bucky Barnes", "freeform:angst", "freeform:Major Character Death", "rating:Explicit"),
    ];

    private static TagGraph Graph() => new([
        new TagInfo(new Tag(TagCategory.Character, "Natasha Romanoff"), true, null, [new Tag(TagCategory.Fandom, "Marvel Cinematic Universe")]),
        new TagInfo(new Tag(TagCategory.Character, "Natalia Romanova"), false, new Tag(TagCategory.Character, "Natasha Romanoff"), []),
        new TagInfo(new Tag(TagCategory.Fandom, "Marvel"), true, null, []),
        new TagInfo(new Tag(TagCategory.Fandom, "Marvel Cinematic Universe"), true, null, [new Tag(TagCategory.Fandom, "Marvel")]),
    ]);

    private static ISearchEngine Engine(string name)
    {
        var engine = SearchEngines.Create(name);
        engine.Index(Library);
        return engine;
    }

    private static long[] Ids(SearchResult result) => result.Hits.Select(h => h.WorkId).ToArray();

    private static long[] Find(string engine, string query) =>
        Ids(Engine(engine).Search(SearchQueryParser.Parse(query) with { PageSize = 100 }, Graph())).Order().ToArray();

    [Theory, MemberData(nameof(Engines))]
    public void A_synonym_finds_works_tagged_with_its_canonical_and_every_other_synonym(string engine)
    {
        Assert.Equal([1, 2], Find(engine, "+character:\"Natalia Romanova\""));
        Assert.Equal([1, 2], Find(engine, "+character:\"natasha romanoff\""));
    }

    [Theory, MemberData(nameof(Engines))]
    public void A_metatag_includes_its_subtags_but_not_the_other_way(string engine)
    {
        Assert.Equal([1, 2, 4, 5], Find(engine, "+fandom:Marvel"));
        Assert.Equal([1, 2, 5], Find(engine, "+fandom:\"Marvel Cinematic Universe\""));
    }

    [Theory, MemberData(nameof(Engines))]
    public void Include_and_exclude_work_in_every_category(string engine)
    {
        Assert.Equal([3, 5], Find(engine, "+freeform:\"Major Character Death\""));
        Assert.Equal([1, 2, 4], Find(engine, "-freeform:\"Major Character Death\""));
        Assert.Equal([2], Find(engine, "+character:\"Bucky Barnes\" -freeform:Angst"));
        Assert.Equal([1], Find(engine, "+relationship:\"Bucky Barnes/Natasha Romanoff\""));
        Assert.Equal([3, 4], Find(engine, "+rating:\"Teen And Up Audiences\""));
        Assert.Equal([1, 2, 4, 5], Find(engine, "-fandom:\"Sherlock (TV)\""));
        Assert.Equal([1, 4, 5], Find(engine, "+freeform:angst")); // tags match whatever the letter case
        Assert.Empty(Find(engine, "+character:\"Nobody Known\""));
    }

    [Theory, MemberData(nameof(Engines))]
    public void Word_counts_completion_platform_and_language_filter(string engine)
    {
        Assert.Equal([1, 2, 4], Find(engine, "words:1000-5000"));
        Assert.Equal([3], Find(engine, "words:<1200"));
        Assert.Equal([1, 3], Find(engine, "words:<=1200"));
        Assert.Equal([4, 5], Find(engine, "words:>=5000"));
        Assert.Equal([1, 3, 5], Find(engine, "complete:yes"));
        Assert.Equal([2, 4], Find(engine, "complete:no"));
        Assert.Equal([2, 4], Find(engine, "platform:ao3"));
        Assert.Equal([5], Find(engine, "lang:de"));
        Assert.Equal([1, 2, 3, 4], Find(engine, "-platform:wattpad platform:ao3 words:0-1000000 lang:en").Union(Find(engine, "platform:wattpad lang:en")).Order().ToArray());
    }

    [Theory, MemberData(nameof(Engines))]
    public void Full_text_needs_every_word_and_knows_phrases_and_prefixes(string engine)
    {
        Assert.Equal([1, 2], Find(engine, "widow snow"));
        Assert.Equal([1, 5], Find(engine, "\"red room\""));
        Assert.Equal([1, 2, 4], Find(engine, "widow*"));
        Assert.Equal([4], Find(engine, "widower"));
        Assert.Equal([5], Find(engine, "\"red room forever\""));
        Assert.Empty(Find(engine, "\"room red\""));
        Assert.Equal([3], Find(engine, "VIOLIN")); // case folded
        Assert.Equal([3], Find(engine, "baker")); // titles are searched too
        Assert.Equal([1, 5], Find(engine, "red room +fandom:Marvel -freeform:Fluff"));
    }

    [Theory, MemberData(nameof(Engines))]
    public void Sorts_and_pages(string engine)
    {
        var e = Engine(engine);
        Assert.Equal([5, 4, 2, 1, 3], Ids(e.Search(SearchQueryParser.Parse("sort:words"), Graph())));
        Assert.Equal([3, 1, 2, 4, 5], Ids(e.Search(SearchQueryParser.Parse("sort:words order:asc"), Graph())));
        Assert.Equal([5, 4, 3, 2, 1], Ids(e.Search(SearchQueryParser.Parse(""), Graph()))); // newest first without text
        Assert.Equal([3, 1, 2, 4, 5], Ids(e.Search(SearchQueryParser.Parse("sort:title"), Graph())));
        var page2 = e.Search(SearchQueryParser.Parse("sort:words per:2 page:2"), Graph());
        Assert.Equal(5, page2.Total);
        Assert.Equal([2, 1], Ids(page2));
        // Relevance: the work that says "red room" three times beats the one that says it once.
        Assert.Equal(5, e.Search(SearchQueryParser.Parse("\"red room\""), Graph()).Hits[0].WorkId);
    }

    [Theory, MemberData(nameof(Engines))]
    public void Facets_count_the_whole_result_with_synonyms_under_their_canonical(string engine)
    {
        var result = Engine(engine).Search(SearchQueryParser.Parse("+fandom:Marvel per:1"), Graph());
        Assert.Equal(4, result.Total);
        var characters = result.Facets[TagCategory.Character].ToDictionary(f => f.Tag.Name, f => f.Works);
        Assert.Equal(3, characters["Bucky Barnes"]);
        Assert.Equal(2, characters["Natasha Romanoff"]); // one work says Natalia Romanova: counted under Natasha
        Assert.False(characters.ContainsKey("Natalia Romanova"));
        Assert.Equal("Bucky Barnes", result.Facets[TagCategory.Character][0].Tag.Name);
        Assert.Equal(3, result.Facets[TagCategory.Freeform].Single(f => f.Tag.Name.Equals("Angst", StringComparison.OrdinalIgnoreCase)).Works);
    }

    [Theory, MemberData(nameof(Engines))]
    public void Replacing_and_removing_a_work_updates_the_results(string engine)
    {
        var e = Engine(engine);
        e.Remove(3);
        Assert.Equal(4, e.Search(new SearchQuery(), Graph()).Total);
        e.Index([Library[0] with { Body = "Nothing about rooms now.", Tags = [new Tag(TagCategory.Freeform, "Fluff")] }]);
        Assert.DoesNotContain(1L, Ids(e.Search(SearchQueryParser.Parse("snow"), Graph())));
        Assert.Equal([1, 2], Ids(e.Search(SearchQueryParser.Parse("+freeform:Fluff sort:words order:asc"), Graph())).Order().ToArray());
        Assert.Equal(4, e.Count);
    }

    [Fact]
    public void More_like_this_prefers_the_work_sharing_rare_tags_and_words()
    {
        var engine = (ISimilarWorks)Engine("inverted");
        var similar = engine.MoreLikeThis(Library[0], 3, Graph());
        Assert.DoesNotContain(similar, h => h.WorkId == 1);
        // The two MCU works about Bucky and Natasha/the red room come before the Sherlock one.
        Assert.Equal([2, 5], similar.Take(2).Select(h => h.WorkId).Order().ToArray());
    }
}
