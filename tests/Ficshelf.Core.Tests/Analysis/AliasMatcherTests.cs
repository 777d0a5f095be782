using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;

namespace Ficshelf.Core.Tests.Analysis;

/// <summary>The one-pass alias matcher on a small knowledge base: whole words only, longest alias first, case-sensitive.</summary>
public sealed class AliasMatcherTests
{
    private static AliasMatcher Matcher()
    {
        var kb = new CanonKnowledgeBase();
        kb.Add(new CanonFile
        {
            Fandom = "Marvel Cinematic Universe",
            Cues = ["S.H.I.E.L.D.", "vibranium"],
            Characters =
            [
                new() { Name = "James \"Bucky\" Barnes", Aliases = ["Bucky", "Winter Soldier", "the Winter Soldier"], ContextualAliases = ["soldier", "the soldier", "the Asset"], Gender = "male" },
                new() { Name = "Natasha Romanov (Marvel)", Aliases = ["Natasha", "Nat"], Gender = "female" },
            ],
        });
        return new AliasMatcher(kb);
    }

    private static List<(int Start, string Alias)> Find(string text) => Matcher().Matches(text).Select(m => (m.Start, m.Alias)).ToList();

    [Fact]
    public void Lower_case_aliases_match_only_as_whole_words_from_a_word_start()
    {
        Assert.Equal([(0, "the soldier"), (21, "the soldier")], Find("the soldier waited; “the soldier,” she said"));
        // Inside a word no alias starts: "bathe soldier" holds "the soldier" but not as whole words.
        Assert.Equal([(6, "soldier")], Find("bathe soldier"));
        Assert.Empty(Find("soldiers and vibraniums"));
        Assert.Equal([(4, "vibranium")], Find("raw vibranium."));
    }

    [Fact]
    public void The_longest_alias_wins_and_both_scans_merge_in_text_order()
    {
        // "the Winter Soldier" (from the lower-case scan) starts before "Winter Soldier" (from the capital scan) and wins.
        Assert.Equal([(0, "Nat"), (8, "the Winter Soldier"), (28, "the soldier")], Find("Nat met the Winter Soldier; the soldier smiled"));
        Assert.Empty(Find("Nation and nat"));
        Assert.Equal([(0, "Bucky")], Find("Bucky's"));
    }
}
