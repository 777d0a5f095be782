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
}
