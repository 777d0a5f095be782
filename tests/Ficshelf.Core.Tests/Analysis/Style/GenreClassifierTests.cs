using Ficshelf.Core.Analysis.Style;

namespace Ficshelf.Core.Tests.Analysis.Style;

/// <summary>Genres from lexicon hits per 1000 words, on short passages written for these tests.</summary>
public sealed class GenreClassifierTests
{
    private static IReadOnlyList<GenreScore> Classify(string text) => GenreClassifier.Classify(Passage.Paragraphs(text));

    private const string Romance = """
        He kissed her under the streetlight, slowly, as if he had been waiting years to do it. Her heart was pounding so hard she was sure he could feel it.

        When they finally pulled apart she was blushing, and he touched her cheek with the back of his fingers. “I love you,” he said. “I think I have loved you since the day you threw coffee at me.”

        She laughed and kissed him again, her lips soft against his, and decided that she would let him walk her home after all.
        """;

    private const string FightScene = """
        The sparring session turned into a real fight in under a minute. Bucky punched first, a fast jab that Sam barely blocked, and Sam answered with a kick to the ribs that sent him stumbling into the ropes.

        They fought across the mat, trading blows. Bucky kicked the legs out from under him; Sam rolled, came up swinging, and punched him square in the jaw.

        Then the alarm sounded. An explosion shook the building and dust rained from the ceiling. Both of them grabbed a gun from the weapons rack and ran for the stairs, the mission briefing forgotten, the sound of the attack echoing through the corridor.
        """;

    private const string Grief = """
        The apartment was too quiet without him. She sat alone on the kitchen floor and cried until there were no tears left, and then sat there anyway, the grief pressing on her chest like a weight.

        The guilt was worse than the pain. She should have called. She should have gone back. Every regret replayed itself in the empty dark, and she was so lonely she could hardly breathe.

        Her phone buzzed and she ignored it. Nothing anyone could say would fix what was broken.
        """;

    private const string HurtComfort = """
        Clint limped into the kitchen with blood soaking through his sleeve. The wound was shallow, but he was pale and shaking, and Natasha had him sitting on the counter before he could protest.

        She cleaned the cut and wrapped the bandage around his arm, slow and careful. “It’s okay,” she said quietly when he flinched. “I’ve got you. You’re safe.”

        He let her hold him afterwards, his forehead on her shoulder, and she soothed him the way he had once soothed her, one hand moving in small circles on his back until the shaking stopped.
        """;

    private const string InjuryWithoutComfort = """
        The guard was bleeding from a wound in his side when the door gave way. Nobody stopped to look at him. The team went through the corridor fast, clearing rooms, counting exits.

        By the second floor two more guards were injured and one lay still in the stairwell. The alarms wailed. The plan called for six minutes, and they were already at seven.
        """;

    [Fact]
    public void Injury_and_comfort_together_are_hurt_comfort()
    {
        var genres = Classify(HurtComfort);
        Assert.Contains(genres, g => g.Genre == "Hurt/Comfort");
        Assert.DoesNotContain(genres, g => g.Genre is "Humor" or "Action");
    }

    /// <summary>Hurt/Comfort needs both halves: a wound with nobody tending it is not the genre, nor is comfort without a hurt.</summary>
    [Fact]
    public void Injury_alone_or_comfort_alone_is_not_hurt_comfort()
    {
        Assert.DoesNotContain(Classify(InjuryWithoutComfort), g => g.Genre == "Hurt/Comfort");
        Assert.DoesNotContain(Classify(Romance), g => g.Genre == "Hurt/Comfort");
    }

    [Fact]
    public void A_romance_is_romance_first()
    {
        var genres = Classify(Romance);
        Assert.Equal("Romance", genres[0].Genre);
        Assert.DoesNotContain(genres, g => g.Genre == "Action");
    }

    [Fact]
    public void A_fight_scene_is_action_first()
    {
        var genres = Classify(FightScene);
        Assert.Equal("Action", genres[0].Genre);
        Assert.DoesNotContain(genres, g => g.Genre is "Romance" or "Fluff");
    }

    [Fact]
    public void Grief_is_angst_first()
    {
        var genres = Classify(Grief);
        Assert.Equal("Angst", genres[0].Genre);
        Assert.DoesNotContain(genres, g => g.Genre is "Fluff" or "Humor" or "Action");
    }

    [Fact]
    public void Genres_come_best_first_at_most_three_with_positive_scores()
    {
        foreach (var text in new[] { Romance, FightScene, Grief, Romance + "\n\n" + FightScene + "\n\n" + Grief })
        {
            var genres = Classify(text);
            Assert.InRange(genres.Count, 1, 3);
            Assert.All(genres, g => Assert.True(g.Score > 0, g.ToString()));
            Assert.Equal(genres.OrderByDescending(g => g.Score).Select(g => g.Genre), genres.Select(g => g.Genre));
            Assert.Equal(genres.Count, genres.Select(g => g.Genre).Distinct().Count());
        }
    }

    [Fact]
    public void A_text_without_any_cue_has_no_genre()
    {
        Assert.Empty(GenreClassifier.Classify([]));
        Assert.Empty(Classify("The train left the station at seven. It arrived at the coast at noon."));
    }
}
