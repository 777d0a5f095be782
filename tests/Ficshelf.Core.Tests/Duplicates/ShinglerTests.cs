using Ficshelf.Core.Analysis.Duplicates;

namespace Ficshelf.Core.Tests.Duplicates;

public sealed class ShinglerTests
{
    [Fact]
    public void Quotes_dashes_case_apostrophes_and_paragraph_breaks_do_not_change_the_shingles()
    {
        var curly = Shingler.Shingle(["“Don’t,” she said — quietly… “Not yet.”", "* * *", "The kettle sang in the dark kitchen."]);
        var straight = Shingler.Shingle(["\"Don't,\" she said -- QUIETLY... \"Not yet.\" The kettle sang", "in the dark kitchen."]);
        Assert.Equal(curly.InOrder, straight.InOrder);
        Assert.Equal(13, curly.Words);
        Assert.Equal(9, curly.Count);
    }

    [Fact]
    public void Composed_and_decomposed_accents_and_full_width_letters_read_the_same()
    {
        var composed = Shingler.Shingle(["Renée waited at the café for an hour."]);
        var decomposed = Shingler.Shingle(["Rene\u0301e waited at the cafe\u0301 for an hour."]);
        var wide = Shingler.Shingle(["Ｒｅｎéｅ waited at the café for an hour."]);
        Assert.Equal(composed.InOrder, decomposed.InOrder);
        Assert.Equal(composed.InOrder, wide.InOrder);
    }

    [Fact]
    public void Word_order_and_changed_words_change_the_shingles()
    {
        var a = Shingler.Shingle(["one two three four five six seven"]);
        var b = Shingler.Shingle(["one two three four five seven six"]);
        var c = Shingler.Shingle(["one two three four fiv six seven"]);
        Assert.Equal(3, a.Count);
        Assert.Single(a.Set.Intersect(b.Set));
        Assert.Empty(a.Set.Intersect(c.Set));
    }

    [Fact]
    public void A_text_shorter_than_a_shingle_is_one_shingle_and_an_empty_text_none()
    {
        Assert.Equal(1, Shingler.Shingle(["Hello there."]).Count);
        Assert.NotEqual(Shingler.Shingle(["Hello there."]).InOrder, Shingler.Shingle(["There hello."]).InOrder);
        Assert.Equal(0, Shingler.Shingle(["", "* * *", "…"]).Count);
    }

    [Fact]
    public void Text_without_spaces_is_read_one_character_at_a_time()
    {
        var text = Shingler.Shingle(["彼女は静かに笑った。"]);
        Assert.Equal(9, text.Words);
        Assert.Equal(5, text.Count);
    }
}
