using Ficshelf.Core.Analysis.Text;

namespace Ficshelf.Core.Tests.Analysis.Text;

/// <summary>The shared word split: the same words as <see cref="Words"/>, each spelling numbered once.</summary>
public sealed class WordTokensTests
{
    private static readonly string[] Paragraphs =
    [
        "“Don’t,” she said. The twins’ room was dark; Spider-Man's mask lay on the floor.",
        "He said 'wait' and THE door — the door — opened.",
        "",
        "Ça va? Élodie asked, in ‘single quotes’ too.",
    ];

    [Fact]
    public void Tokens_are_the_words_of_each_paragraph_with_their_place_and_dialogue()
    {
        var tokens = WordTokens.Of(Paragraphs);
        for (var p = 0; p < Paragraphs.Length; p++)
        {
            var expected = new List<(int, int, bool, string)>();
            foreach (var word in Words.In(Paragraphs[p])) expected.Add((word.Start, word.Text.Length, word.InDialogue, word.Text.ToString()));
            var actual = new List<(int, int, bool, string)>();
            foreach (var token in tokens.In(p)) actual.Add((token.Start, token.Length, token.InDialogue, Paragraphs[p].Substring(token.Start, token.Length)));
            Assert.Equal(expected, actual);
        }
        Assert.Equal(0, tokens.In(2).Length);
        Assert.Contains(("Don’t", true), TokensOf(tokens, 0));
        Assert.Contains(("Spider-Man's", false), TokensOf(tokens, 0));
    }

    [Fact]
    public void A_spelling_has_one_number_and_the_lexicon_is_asked_per_spelling()
    {
        var tokens = WordTokens.Of(Paragraphs);
        var door = tokens.In(1).ToArray().Where(t => Paragraphs[1].Substring(t.Start, t.Length) == "door").Select(t => t.Type).Distinct().ToList();
        Assert.Single(door);
        var types = tokens.In(1).ToArray().Where(t => Paragraphs[1].Substring(t.Start, t.Length) is "THE" or "the").Select(t => t.Type).ToList();
        var values = tokens.Map(Lexicon.Of(["the", "door"]));
        // "THE" and "the" may be numbered apart, but a lexicon that ignores case knows both.
        Assert.All(types, t => Assert.True(values[t]));
        Assert.True(values[door[0]]);
        Assert.False(values[tokens.In(0)[0].Type]); // "Don’t"
        Assert.Equal(tokens.Types.Count, values.Length);
    }

    private static List<(string, bool)> TokensOf(WordTokens tokens, int paragraph) =>
        tokens.In(paragraph).ToArray().Select(t => (Paragraphs[paragraph].Substring(t.Start, t.Length), t.InDialogue)).ToList();
}
