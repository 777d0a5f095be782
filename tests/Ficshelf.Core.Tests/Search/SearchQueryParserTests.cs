using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Search.Text;

namespace Ficshelf.Core.Tests.Search;

public class SearchQueryParserTests
{
    [Fact]
    public void The_issue_example_parses_into_one_typed_query()
    {
        var q = SearchQueryParser.Parse("'red room' +character:\"Bucky Barnes\" -freeform:\"Major Character Death\" words:1000-5000 sort:words");
        Assert.Equal("\"red room\"", q.Text);
        Assert.Equal([new Tag(TagCategory.Character, "Bucky Barnes")], q.Include);
        Assert.Equal([new Tag(TagCategory.Freeform, "Major Character Death")], q.Exclude);
        Assert.Equal((1000, 5000), (q.MinWords!.Value, q.MaxWords!.Value));
        Assert.Equal(SearchSort.WordCount, q.Sort);
        Assert.True(q.SortDescending);
    }

    [Theory]
    [InlineData("words:>1000", 1001, null)]
    [InlineData("words:<=2k", null, 2000)]
    [InlineData("words:1,000-", 1000, null)]
    [InlineData("words:500", 500, 500)]
    public void Word_ranges(string text, int? min, int? max)
    {
        var q = SearchQueryParser.Parse(text);
        Assert.Equal(min, q.MinWords);
        Assert.Equal(max, q.MaxWords);
    }

    [Theory]
    [InlineData("words:lots")]
    [InlineData("sort:sideways")]
    [InlineData("complete:maybe")]
    [InlineData("platform:myspace")]
    [InlineData("after:yesterdayish")]
    public void A_bad_field_value_is_a_clear_error(string text) =>
        Assert.Contains("'", Assert.Throws<FormatException>(() => SearchQueryParser.Parse(text)).Message);

    [Fact]
    public void Format_round_trips()
    {
        var text = "widow* \"red room\" +fandom:\"Marvel Cinematic Universe\" -warning:\"Graphic Depictions Of Violence\" platform:ao3 -platform:wattpad lang:en words:100-9000 complete:no after:2026-01-01 sort:title order:desc page:3 per:50";
        var q = SearchQueryParser.Parse(text);
        var again = SearchQueryParser.Parse(SearchQueryParser.Format(q));
        Assert.Equal(SearchQueryParser.Format(q), SearchQueryParser.Format(again));
        Assert.Equal(q.Include, again.Include);
        Assert.Equal(q.Exclude, again.Exclude);
        Assert.Equal((q.MinWords, q.MaxWords, q.Complete, q.Sort, q.Descending, q.Page, q.PageSize, q.ImportedAfter),
            (again.MinWords, again.MaxWords, again.Complete, again.Sort, again.Descending, again.Page, again.PageSize, again.ImportedAfter));
        Assert.Equal([Platform.Ao3], again.Platforms);
        Assert.Equal([Platform.Wattpad], again.ExcludePlatforms);
    }

    [Fact]
    public void Text_clauses_use_the_index_tokenizer()
    {
        var clauses = TextClause.Parse("Widow* \"Red Room\" Spider-Man café unknown:field");
        Assert.Equal(new TextClause.Prefix("widow"), clauses[0]);
        Assert.Equal(["red", "room"], ((TextClause.Phrase)clauses[1]).Terms);
        Assert.Equal(["spider", "man"], ((TextClause.Phrase)clauses[2]).Terms);
        Assert.Equal(new TextClause.Term("cafe"), clauses[3]);
        Assert.Equal(["unknown", "field"], ((TextClause.Phrase)clauses[4]).Terms);
    }

    [Fact]
    public void A_lenient_parse_leaves_out_each_bad_part_and_says_where_it_was()
    {
        const string text = "lighthouse words:foo +character:Mara complete:maybe author:\"Ada Quill\"";
        var (query, problems) = SearchQueryParser.ParseLeniently(text);
        Assert.Equal("lighthouse", query.Text);
        Assert.Equal([new Tag(TagCategory.Character, "Mara")], query.Include);
        Assert.Equal(["Ada Quill"], query.Authors);
        Assert.Null(query.MinWords);
        Assert.Null(query.Complete);
        Assert.Equal(["words:foo", "complete:maybe"], problems.Select(p => p.Part));
        Assert.Equal(text.IndexOf("words:foo", StringComparison.Ordinal), problems[0].Start);
        Assert.Contains("not a number", problems[0].Message);
        // The strict parse (the CLI's and the API's) still refuses the whole query, naming the first bad part.
        Assert.Contains("words:foo", Assert.Throws<FormatException>(() => SearchQueryParser.Parse(text)).Message);
        // author: goes back into the query string.
        Assert.Equal(["Ada Quill"], SearchQueryParser.Parse(SearchQueryParser.Format(query)).Authors);
    }

    [Fact]
    public void Repeated_text_parts_are_folded_and_a_query_past_the_budget_is_refused()
    {
        var folded = SearchBudget.Apply(new SearchQuery { Text = string.Join(' ', Enumerable.Repeat("t*", 500)) + " \"red room\" \"red room\" fog" });
        Assert.Equal("t* \"red room\" fog", folded.Text);

        var letters = string.Join(' ', "abcdefghij".Select(c => c + "*"));
        var refused = Assert.Throws<SearchBudgetExceededException>(() => SearchBudget.Apply(new SearchQuery { Text = letters }));
        Assert.Contains("budget", refused.Message);
        var manyTags = Enumerable.Range(0, 70).Select(i => new Tag(TagCategory.Freeform, $"tag {i}")).ToList();
        Assert.Throws<SearchBudgetExceededException>(() => SearchBudget.Apply(new SearchQuery { Include = manyTags }));
        // An ordinary query is untouched.
        var plain = new SearchQuery { Text = "lighthouse keeper*" };
        Assert.Same(plain, SearchBudget.Apply(plain));
    }
}
