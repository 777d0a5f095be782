using Ficshelf.Core.Analysis.Style;

namespace Ficshelf.Core.Tests.Analysis.Style;

/// <summary>Point of view, tense and reader-insert on short passages written for these tests.</summary>
public sealed class NarrativeAnalyzerTests
{
    private static NarrativeReading Read(string text) =>
        NarrativeAnalyzer.Analyze(Passage.Paragraphs(text));

    private const string SecondPersonWithYn = """
        The rain had not stopped since noon. You pulled your jacket tighter and ducked under the awning of the bookshop, shaking the water out of your hair.

        “Y/N?” The voice came from behind the counter. Steve was leaning on his elbows, a pencil tucked behind his ear. “You look like you swam here.”

        You laughed and dropped your bag by the door. “I might as well have.” Your boots squeaked on the tiles as you crossed to the heater, and you held your hands over it until your fingers stopped aching.

        He brought you a mug of tea without asking. You wrapped both hands around it and watched the street blur behind the glass, and for a long while neither of you said anything at all.
        """;

    private const string SecondPersonWithoutYn = """
        You had always hated the training room after midnight. The lights hummed, the mats smelled of bleach, and your own footsteps sounded too loud in the empty space.

        You taped your knuckles slowly, the way you had been taught, and tested your weight on your back foot. Your shoulder still ached from the mission, but you ignored it.

        When the door opened behind you, you did not turn around. You knew the rhythm of those steps. You had heard them in corridors and stairwells for three years.

        “Couldn’t sleep either?” Natasha asked. You shook your head, and she picked up the pads without another word and held them up for you.
        """;

    private const string SecondPersonPresent = """
        You wake before the alarm, the way you always do now. The apartment is quiet. You pad into the kitchen in your socks and fill the kettle, and while it hums you stand at the window and count the lit windows across the street.

        Your phone buzzes on the counter. You know who it is before you look, and you feel your stomach drop anyway. You let it ring.

        When the kettle clicks off you pour the water, carry the mug back to bed and sit with your knees drawn up. You are not ready for today. You tell yourself you have an hour yet.
        """;

    private const string FirstPersonPresent = """
        I hear the train before I see it. I stand at the edge of the platform with my hands in my pockets and watch the lights come round the bend, and I think, not for the first time, that I should have stayed in bed.

        The doors open. I find a seat by the window and lean my head against the glass. A woman across the aisle looks at me like she knows me, and I look away.

        We stop at every station. I count them. I want to get off at each one, and each time I do not.
        """;

    private const string FirstPerson = """
        I never meant to keep the dog. He turned up on my porch in February, thin and soaked, and I told myself I would feed him once and call the shelter in the morning.

        My sister laughed when I rang her. She said I collected strays the way other people collected stamps, and I could not honestly argue with her.

        By March he slept at the foot of my bed and I had bought him a collar. We walked to the river every evening, and I found myself talking to him about my day, about the job I hated and the novel I kept not writing.

        I still have the leash hanging by my door. Some mornings I reach for it before I remember.
        """;

    private const string ThirdPersonPast = """
        Natasha’s boots were still wet when she reached the safehouse. She dropped her bag by the door and checked the windows one by one, the way she always did.

        Bucky was asleep on the couch, one arm flung over his eyes. She didn’t wake him. She couldn’t remember the last time either of them had slept through a night.

        She made tea in the dark and sat at the kitchen table. The city was quiet outside, and for once the quiet didn’t feel like a warning.

        When he woke, he looked at her for a long moment and said nothing. Then he took the second cup she had left on the counter and sat down across from her.
        """;

    private const string ThirdPersonPresent = """
        Natasha is already awake when the knock comes. She looks at the clock, sees that it is four in the morning, and turns back to the ceiling.

        The knock comes again. She sighs, takes the knife from under her pillow and walks to the door in her socks.

        Steve stands in the corridor with a paper bag of oranges. He looks embarrassed. He says he could not sleep, and she knows he is telling the truth, because he never lies to her about small things.

        She nods and steps aside. He walks in and sits on the arm of the couch, and she thinks that this is becoming a habit, and that she does not mind.
        """;

    /// <summary>A third-person story whose dialogue is full of "you": the quotes must not make it second person or a reader-insert.</summary>
    private const string ThirdPersonWithSecondPersonDialogue = """
        “You can’t keep doing this,” Steve said. “You know you can’t. You disappear for weeks, you come back bleeding, and you expect me to pretend I didn’t notice.”

        Natasha didn’t look up from her coffee. "You worry too much. You always have. Did you really wait up all night for me?"

        "You didn’t answer your phone. What was I supposed to think? You could have been dead in a ditch and you wouldn’t have told me."

        She set the cup down. He was standing by the window with his arms crossed, and she could see the shadows under his eyes.

        “If you want me to check in, you could ask,” she said. “You could say it nicely. You could even say please, if you remembered how.”

        He laughed despite himself, and she smiled into her cup. He worked 24/7 and/or slept in the chair; she knew that much.
        """;

    /// <summary>The same with British single quotes, apostrophes inside and at the end of words (the twins’ room).</summary>
    private const string ThirdPersonWithSingleQuotedDialogue = """
        ‘You’re late,’ Maria said. ‘You’re always late. Do you know how long you’ve kept them waiting? You said you would be here by nine.’

        Sam shrugged and hung up his coat. He had run from the station and his lungs still burned.

        ‘You can sleep in the twins’ room if you like,’ she said. ‘You look like you need it. You and your excuses can have the top bunk.’

        ‘You are too kind to me,’ he said. ‘You always were. Have you eaten? Would you like me to cook?’

        She rolled her eyes at him, but she was smiling when she went back to her papers.
        """;

    [Fact]
    public void A_second_person_story_with_YN_is_a_second_person_reader_insert()
    {
        var reading = Read(SecondPersonWithYn);
        Assert.Equal(PointOfView.Second, reading.Pov);
        Assert.True(reading.ReaderInsert);
        Assert.Equal(Tense.Past, reading.Tense);
        Assert.False(string.IsNullOrWhiteSpace(reading.Evidence));
    }

    [Fact]
    public void A_second_person_story_without_YN_is_a_reader_insert_by_its_narration()
    {
        var reading = Read(SecondPersonWithoutYn);
        Assert.Equal(PointOfView.Second, reading.Pov);
        Assert.True(reading.ReaderInsert);
        Assert.Equal(Tense.Past, reading.Tense);
    }

    /// <summary>Present tense after you/I has no -s ("you feel", "I stand"): it must count as present too.</summary>
    [Fact]
    public void A_second_person_present_story_is_second_person_present()
    {
        var reading = Read(SecondPersonPresent);
        Assert.Equal(PointOfView.Second, reading.Pov);
        Assert.True(reading.ReaderInsert);
        Assert.Equal(Tense.Present, reading.Tense);
    }

    [Fact]
    public void A_first_person_present_story_is_first_person_present()
    {
        var reading = Read(FirstPersonPresent);
        Assert.Equal(PointOfView.First, reading.Pov);
        Assert.False(reading.ReaderInsert);
        Assert.Equal(Tense.Present, reading.Tense);
    }

    [Fact]
    public void A_first_person_story_is_first_person_and_no_reader_insert()
    {
        var reading = Read(FirstPerson);
        Assert.Equal(PointOfView.First, reading.Pov);
        Assert.False(reading.ReaderInsert);
        Assert.Equal(Tense.Past, reading.Tense);
    }

    [Fact]
    public void A_third_person_past_story_is_third_person_past()
    {
        var reading = Read(ThirdPersonPast);
        Assert.Equal(PointOfView.Third, reading.Pov);
        Assert.False(reading.ReaderInsert);
        Assert.Equal(Tense.Past, reading.Tense);
    }

    [Fact]
    public void A_third_person_present_story_is_third_person_present()
    {
        var reading = Read(ThirdPersonPresent);
        Assert.Equal(PointOfView.Third, reading.Pov);
        Assert.False(reading.ReaderInsert);
        Assert.Equal(Tense.Present, reading.Tense);
    }

    [Fact]
    public void You_in_double_quoted_dialogue_does_not_make_a_third_person_story_second_person()
    {
        var reading = Read(ThirdPersonWithSecondPersonDialogue);
        Assert.Equal(PointOfView.Third, reading.Pov);
        Assert.False(reading.ReaderInsert);
        Assert.Equal(Tense.Past, reading.Tense);
    }

    [Fact]
    public void You_in_single_quoted_dialogue_does_not_make_a_third_person_story_second_person()
    {
        var reading = Read(ThirdPersonWithSingleQuotedDialogue);
        Assert.Equal(PointOfView.Third, reading.Pov);
        Assert.False(reading.ReaderInsert);
    }

    [Theory]
    [InlineData("Y/N")]
    [InlineData("y/n")]
    [InlineData("(Y/N)")]
    [InlineData("(y/n)")]
    [InlineData("[Y/N]")]
    [InlineData("Y/n")]
    [InlineData("(Y/L/N)")]
    [InlineData("Y/L/N")]
    [InlineData("(E/C)")]
    [InlineData("(H/C)")]
    public void Any_reader_placeholder_marks_a_reader_insert(string placeholder)
    {
        var reading = Read($"He turned to her and smiled. She tucked a strand of hair behind her ear, and he said her name like a question: {placeholder}. Then he looked away.");
        Assert.True(reading.ReaderInsert, reading.Evidence);
    }

    [Fact]
    public void Slashes_that_are_not_placeholders_do_not_make_a_reader_insert()
    {
        var reading = Read("He worked 24/7 and/or slept in his chair. She read the w/e report on 9/11 and sighed, and he laughed at her.");
        Assert.False(reading.ReaderInsert, reading.Evidence);
        Assert.Equal(PointOfView.Third, reading.Pov);
    }

    [Fact]
    public void No_text_reads_as_third_person_past_without_a_reader()
    {
        var reading = NarrativeAnalyzer.Analyze([]);
        Assert.Equal(new NarrativeReading(PointOfView.Third, Tense.Past, false, reading.Evidence), reading);
    }
}
