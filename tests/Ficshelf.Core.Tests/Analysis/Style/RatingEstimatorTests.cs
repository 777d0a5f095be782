using Ficshelf.Core.Analysis.Style;

namespace Ficshelf.Core.Tests.Analysis.Style;

/// <summary>AO3 rating and archive warnings from lexicons, on short passages written for these tests.</summary>
public sealed class RatingEstimatorTests
{
    private const string General = "General Audiences", Teen = "Teen And Up Audiences", Mature = "Mature", Explicit = "Explicit";
    private const string GraphicViolence = "Graphic Depictions Of Violence", CharacterDeath = "Major Character Death", NonCon = "Rape/Non-Con";

    private static RatingReading Estimate(string text) => RatingEstimator.Estimate(Passage.Paragraphs(text));

    private const string Gentle = """
        On Sundays the bakery opened late, and Mrs. Alder used the quiet hour to feed the sparrows on the back step. She scattered crumbs from yesterday’s loaves and counted the birds as they came.

        Her grandson arrived at nine with his school books under his arm. He liked to do his homework at the corner table, where the window caught the morning sun, and she liked to pretend she did not notice him stealing cinnamon rolls from the cooling rack.

        “Fractions again?” she asked, peering over his shoulder.

        “Fractions forever,” he said gloomily, and she laughed and cut him a slice of apple cake to make the numbers easier.

        By noon the shop was full of neighbours and the smell of fresh coffee, and the sparrows had moved on to the park.
        """;

    private const string MildSwearing = """
        “Damn it,” Clint muttered, staring at the flat tyre. “Of all the days.”

        Kate leaned against the car and tried very hard not to laugh. “You said you checked it this morning.”

        “I said I would check it. That is a completely different thing.” He kicked the wheel, winced, and hopped on one foot. “Hell. Okay. Where is the jack?”

        She pointed at the boot. He found the jack, then the spare, and then discovered that the spare was flat too.
        """;

    private const string BloodyFight = """
        The first blow split his lip and blood sprayed across the concrete. Natasha did not give him time to recover. She drove her knee into his ribs and felt them crack, then slammed his head against the wall until he stopped struggling.

        The second man came at her with a knife. She caught his wrist, twisted until the bone snapped, and buried the blade in his thigh. He screamed. Blood pulsed between his fingers, dark and fast, and soaked into the knees of his trousers.

        A gun went off somewhere behind her. The shot tore through her sleeve and she felt the hot sting of the wound, the warm blood running down to her wrist. She turned, fired twice, and the shooter crumpled in the doorway, bleeding from the throat.

        When it was over she stood among the bodies, breathing hard, her knuckles bruised and bloody, and counted the dead. Three corpses. The smell of blood was everywhere.
        """;

    private const string Explicit_ = """
        She pulled him down onto the bed and kissed him hard, and he moaned against her lips. They undressed each other clumsily, laughing, until they were naked in the lamplight.

        He kissed her breasts and her nipples hardened under his mouth. She was aroused and impatient and guided his erection inside her, and he began to thrust slowly, then faster.

        She came first, the orgasm rolling through her, and he followed with a final thrust and her name on his lips. Afterwards they lay tangled in the sheets, too tired to talk.
        """;

    private const string Funeral = """
        Sam died on a Tuesday, in the hospital bed by the window, with Maria holding his hand. The nurses said he did not feel any pain at the end. She heard his last breath and did not let go for a long time.

        The funeral was small. Steve spoke, and then could not finish, and Bucky stood beside him with a hand on his back until he could.

        Afterwards they walked out to the grave together and stood in the rain. Nobody wanted to be the first to leave.
        """;

    private const string NonConsensual = """
        It took her eleven years to say it out loud. In the therapist’s small grey office she finally found the word: he had raped her. It had happened without her consent, in a house she never visited again.

        The therapist let the silence sit. Outside a bus went by, and a child was singing somewhere down the corridor, and the ordinary world carried on.
        """;

    [Fact]
    public void A_gentle_story_is_for_general_audiences_without_warnings()
    {
        var reading = Estimate(Gentle);
        Assert.Equal(General, reading.Rating);
        Assert.Empty(reading.Warnings);
        Assert.False(string.IsNullOrWhiteSpace(reading.Evidence));
    }

    [Fact]
    public void Mild_swearing_makes_a_story_teen_and_up()
    {
        var reading = Estimate(MildSwearing);
        Assert.Equal(Teen, reading.Rating);
        Assert.Empty(reading.Warnings);
    }

    [Fact]
    public void A_bloody_fight_is_mature_with_graphic_violence()
    {
        var reading = Estimate(BloodyFight);
        Assert.Equal(Mature, reading.Rating);
        Assert.Contains(GraphicViolence, reading.Warnings);
        Assert.DoesNotContain(NonCon, reading.Warnings);
    }

    [Fact]
    public void Explicit_sex_is_explicit()
    {
        var reading = Estimate(Explicit_);
        Assert.Equal(Explicit, reading.Rating);
        Assert.DoesNotContain(GraphicViolence, reading.Warnings);
    }

    [Fact]
    public void A_death_and_funeral_warn_of_major_character_death()
    {
        var reading = Estimate(Funeral);
        Assert.Contains(CharacterDeath, reading.Warnings);
        Assert.DoesNotContain(GraphicViolence, reading.Warnings);
        Assert.NotEqual(Explicit, reading.Rating);
    }

    [Fact]
    public void Non_consent_cues_warn_and_raise_the_rating_to_at_least_mature()
    {
        var reading = Estimate(NonConsensual);
        Assert.Contains(NonCon, reading.Warnings);
        Assert.Contains(reading.Rating, new[] { Mature, Explicit });
    }

    [Fact]
    public void No_text_is_general_without_warnings()
    {
        var reading = RatingEstimator.Estimate([]);
        Assert.Equal(General, reading.Rating);
        Assert.Empty(reading.Warnings);
    }
}
