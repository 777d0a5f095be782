using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Analysis.Style;
using Ficshelf.Core.Analysis.Wrangling;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Tests.Analysis;

/// <summary>
/// Who is who, canon ties, one relationship decision, the open world and inferred tags that never mislead — on a
/// small knowledge base built here, with invented stories.
/// </summary>
public sealed class UnderstandingTests
{
    private static CanonKnowledgeBase Knowledge()
    {
        var kb = new CanonKnowledgeBase();
        kb.Add(new CanonFile
        {
            Fandom = "Star Wars - All Media Types",
            Cues = ["the Force", "Jedi"],
            Characters =
            [
                new() { Name = "Luke Skywalker", Aliases = ["Luke", "Luke Skywalker"], Gender = "male" },
                new() { Name = "Leia Organa", Aliases = ["Leia", "Leia Organa", "General Organa"], Gender = "female" },
                new() { Name = "Finn (Star Wars)", Aliases = ["Finn"], Gender = "male" },
                new() { Name = "Poe Dameron", Aliases = ["Poe", "Poe Dameron"], Gender = "male" },
                new() { Name = "Han Solo", Aliases = ["Han", "Han Solo"], Gender = "male" },
                new() { Name = "Rey (Star Wars)", Aliases = ["Rey"], Gender = "female" },
            ],
            Relationships =
            [
                new() { Name = "Han Solo/Leia Organa", Characters = ["Han Solo", "Leia Organa"], Type = "romantic" },
                new() { Name = "Finn/Poe Dameron", Characters = ["Finn (Star Wars)", "Poe Dameron"], Type = "romantic" },
            ],
            Ties = [new() { Characters = ["Leia Organa", "Luke Skywalker"], Kind = "sibling" }],
        });
        kb.Add(new CanonFile
        {
            Fandom = "Marvel Cinematic Universe",
            FandomAliases = ["MCU"],
            Characters =
            [
                new() { Name = "Tony Stark", Aliases = ["Tony", "Tony Stark", "Mr. Stark"], Gender = "male" },
                new() { Name = "Peter Parker", Aliases = ["Peter Parker", "Spider-Man"], ContextualAliases = ["Peter", "kid"], Gender = "male" },
                new() { Name = "May Parker", Aliases = ["Aunt May", "May Parker"], Gender = "female" },
                new() { Name = "Ned Leeds", Aliases = ["Ned", "Ned Leeds"], Gender = "male" },
                new() { Name = "Odin (Marvel)", Aliases = ["Odin"], Gender = "male" },
                new() { Name = "Natasha Romanov (Marvel)", Aliases = ["Natasha", "Nat", "Natasha Romanoff"], Gender = "female" },
                new() { Name = "Steve Rogers", Aliases = ["Steve", "Steve Rogers"], ContextualAliases = ["Cap"], Gender = "male" },
                new() { Name = "James \"Bucky\" Barnes", Aliases = ["Bucky", "Bucky Barnes"], Gender = "male" },
            ],
            Ties =
            [
                new() { Characters = ["Tony Stark", "Peter Parker"], Kind = "mentor" },
                new() { Characters = ["May Parker", "Peter Parker"], Kind = "family" },
                new() { Characters = ["Peter Parker", "Ned Leeds"], Kind = "friend" },
            ],
        });
        kb.Add(new CanonFile
        {
            Fandom = "Supernatural",
            Characters = [new() { Name = "Crowley (Supernatural)", Aliases = ["Crowley"], Gender = "male" }, new() { Name = "Dean Winchester", Aliases = ["Dean"], Gender = "male" }],
        });
        return kb;
    }

    private static readonly Lazy<WorkAnalyzer> Analyzer = new(() => new WorkAnalyzer(Knowledge()));

    private static Work Story(string body, string? title = null, string? notes = null, params WorkTag[] tags) => new()
    {
        Title = title,
        NotesBefore = notes,
        Chapters = [new Chapter { Paragraphs = body.Split("\n\n") }],
        Tags = tags,
    };

    private static WorkTag Declared(TagCategory category, string name) => new(new Tag(category, name), TagOrigin.Declared);

    private static IReadOnlyList<string> Relationships(Work work) => Analyzer.Value.Analyze(work).Relationships.Select(r => r.Name).ToArray();

    [Fact]
    public void A_kiss_on_a_sisters_head_is_not_romance()
    {
        var work = Story(string.Join("\n\n",
            "Luke found Leia in the gun well after the briefing, sitting with her knees pulled up.",
            "\"You should sleep,\" Luke said, and kissed the top of her head the way their mother might have.",
            "Leia leaned against her brother's shoulder. \"So should you.\"",
            "They watched the stars together until Luke fell asleep first, like he always did, and Leia let him."));
        Assert.Equal(["Leia Organa & Luke Skywalker"], Relationships(work));
    }

    [Fact]
    public void A_pronoun_carries_the_kiss_to_the_one_it_names()
    {
        var work = Story(string.Join("\n\n",
            "Poe landed the X-wing with a bounce.",
            "Finn was waiting on the tarmac with his arms crossed. \"You said you'd be careful.\"",
            "\"I was careful!\" Poe climbed down and spread his arms.",
            "Finn grabbed the front of his flight suit and kissed him, right there in front of everyone, and somewhere behind them General Organa said, \"Finally,\" and went back to her briefing."));
        var names = Relationships(work);
        Assert.Contains("Finn/Poe Dameron", names);
        Assert.DoesNotContain(names, n => n.Contains("Leia", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_leads_with_no_romance_are_read_as_A_and_B()
    {
        var work = Story(string.Join("\n\n",
            "Rey found Finn by the speeder, wrench in hand.",
            "\"It's making the noise again,\" Finn said.",
            "Rey listened. \"That's the stabiliser.\" She took the wrench from him and lay down on the sand.",
            "Finn handed her the bolts one by one while she worked, and told her about the trooper who had taught him to fix things.",
            "When the engine caught, Rey grinned up at him, grease on her cheek, and Finn grinned back."));
        Assert.Equal(["Finn & Rey"], Relationships(work));
    }

    [Fact]
    public void A_kinship_word_about_an_unnamed_person_is_not_credited_to_whoever_was_last_in_view()
    {
        // "A small cousin" is a third person: not a tie between Han and Finn, who merely stood nearby.
        var work = Story(string.Join("\n\n",
            "Finn and Poe carried the crates into the hangar while Rey counted them off.",
            "Han leaned on the ramp of his ship and watched Finn stack the last crate.",
            "Finn wiped his hands. Han was doing a card trick for a small cousin of one of the mechanics.",
            "Han laughed at something, and Finn went back to Poe and Rey.",
            "Poe kissed Finn on the cheek when the count came out right, and Rey rolled her eyes at them both.",
            "Han shuffled the cards once more and went up the ramp."));
        var relationships = Analyzer.Value.Analyze(work).Relationships;
        Assert.DoesNotContain(relationships, r => new[] { r.A, r.B }.Order(StringComparer.Ordinal).SequenceEqual(["Finn (Star Wars)", "Han Solo"]));
    }

    [Fact]
    public void The_people_who_share_most_of_a_dominant_leads_scenes_are_leads_too()
    {
        // Luke is referred to far more than anyone: Finn and Rey, at his side in most scenes, are his friends even
        // though neither is a second lead of his weight.
        var work = Story(string.Join("\n\n",
            "Luke walked the ridge at dawn with Finn and Rey a few steps behind him.",
            "He stopped at the edge and looked down at the valley. He had not been here since he was a boy.",
            "Rey came up beside Luke and asked what was down there. Finn stayed back with the packs.",
            "Luke pointed at the ruins below. He told them about the temple and the people who had lived there.",
            "Finn said it looked cold. Rey said it looked beautiful. Luke smiled at both of them.",
            "They went down together, Luke leading, and he did not look back."));
        var relationships = Analyzer.Value.Analyze(work).Relationships;
        bool Friends(string a, string b) => relationships.Any(r => !r.Romantic && new[] { r.A, r.B }.Order(StringComparer.Ordinal).SequenceEqual(new[] { a, b }.Order(StringComparer.Ordinal)));
        Assert.True(Friends("Luke Skywalker", "Finn (Star Wars)"), string.Join(", ", relationships.Select(r => r.Name)));
        Assert.True(Friends("Luke Skywalker", "Rey (Star Wars)"), string.Join(", ", relationships.Select(r => r.Name)));
    }

    [Fact]
    public void A_friendship_guessed_from_shared_scenes_is_reported_less_sure_than_a_kiss()
    {
        var friends = Analyzer.Value.Analyze(Story(string.Join("\n\n",
            "Rey found Finn by the speeder, wrench in hand.",
            "\"It's making the noise again,\" Finn said.",
            "Rey listened. \"That's the stabiliser.\" She took the wrench from him and lay down on the sand.",
            "When the engine caught, Rey grinned up at him, grease on her cheek, and Finn grinned back."))).Relationships;
        var kiss = Analyzer.Value.Analyze(Story(string.Join("\n\n",
            "Poe landed the X-wing with a bounce.",
            "Finn was waiting on the tarmac with his arms crossed. \"You said you'd be careful.\"",
            "\"I was careful!\" Poe climbed down and spread his arms.",
            "Finn grabbed the front of his flight suit and kissed him, right there in front of everyone."))).Relationships;
        var guess = Assert.Single(friends, r => r.Name == "Finn & Rey");
        var romance = Assert.Single(kiss, r => r.Name == "Finn/Poe Dameron");
        Assert.InRange(guess.Confidence, 0.4, 0.55);
        Assert.True(romance.Confidence > guess.Confidence, $"kiss {romance.Confidence}, guess {guess.Confidence}");
    }

    [Fact]
    public void A_passer_by_does_not_hide_a_canon_tie_between_two_of_three_on_stage()
    {
        var work = Story(string.Join("\n\n",
            "Luke and Leia sat on the ramp of the ship and watched the twin suns go down.",
            "\"Do you ever think about the farm?\" Leia asked. Luke shook his head, then nodded.",
            "Rey came up the ramp with two cups of caf and sat down beside them. Luke took one; Leia took the other.",
            "\"Tell me about it,\" Leia said, and Luke told her about the farm, and Rey listened too, her chin on her knees.",
            "Luke laughed at something Leia said, and Rey laughed with them, and the suns went down.",
            "Somewhere below, Han shouted about the hyperdrive."));
        Assert.Contains("Leia Organa & Luke Skywalker", Relationships(work));
    }

    [Fact]
    public void The_authors_note_outranks_the_pairing_in_the_title()
    {
        var work = Story(
            "\"You're stepping on my feet,\" Bucky said. You laughed. Then Steve cut in, and you danced with Steve until the record ended, and when it ended he kissed you, and you kissed him back.",
            title: "Bucky Barnes x Reader ~ Dance Lessons",
            notes: "I know the title says bucky but this turned into a steve x reader fic, sorry!");
        var names = Relationships(work);
        Assert.Contains("Steve Rogers/Reader", names);
        Assert.DoesNotContain("James \"Bucky\" Barnes/Reader", names);
    }

    [Fact]
    public void A_pairing_set_off_by_a_tilde_is_read()
    {
        var work = Story("You waited for him by the lab door. Tony smiled when he saw you, and you smiled back.", title: "Tony Stark x Reader ~ Lab Hours");
        Assert.Contains("Tony Stark/Reader", Relationships(work));
    }

    [Fact]
    public void A_declared_poly_tag_is_one_relationship_of_three()
    {
        var work = Story("Han, Leia and Luke shared the last ration bar.", tags: Declared(TagCategory.Relationship, "Han Solo/Leia Organa/Luke Skywalker"));
        var triad = Assert.Single(Analyzer.Value.Analyze(work).Relationships, r => r.Name.Count(c => c == '/') == 2);
        Assert.True(triad.Romantic);
    }

    [Fact]
    public void The_first_person_narrator_is_found_from_the_people_around_them()
    {
        var work = Story(string.Join("\n\n",
            "Okay, so I broke the suit again. In my defence, the bus was falling.",
            "Mr. Stark didn't yell. He just looked at the suit, and then at me, and then he sat down and rubbed his face.",
            "\"Kid,\" he said. \"You're going to give me a heart attack.\"",
            "He ruffled my hair and showed me how to fix the web shooter myself. Aunt May says he's a good mentor. Ned says he's basically my dad."));
        var analysis = Analyzer.Value.Analyze(work);
        Assert.Contains(analysis.Characters, c => c.Name == "Peter Parker" && c.Main);
        Assert.Contains("Peter Parker & Tony Stark", analysis.Relationships.Select(r => r.Name));
    }

    [Fact]
    public void A_narrator_named_once_by_someone_speaking_to_them_is_the_narrator()
    {
        var work = Story(string.Join("\n\n",
            "He runs like he's late for something. I started running with him in the first week, round the Mall and back.",
            "\"You're slow today,\" Steve says when I fall in beside him.",
            "\"Some of us weren't pumped full of science.\" I punch him in the arm, the way you punch a friend.",
            "He laughs. We stop by the monument and he stands with his hands on his hips, breathing hard, and I stretch and watch him.",
            "\"Thanks, Nat,\" he says. \"For keeping up.\""));
        var analysis = Analyzer.Value.Analyze(work);
        Assert.Equal("Natasha Romanov (Marvel)", analysis.Characters[0].Name);
        Assert.Contains("I", analysis.Characters[0].NamesUsed);
        Assert.Contains(analysis.Relationships, r => !r.Romantic && new[] { r.A, r.B }.Order(StringComparer.Ordinal).SequenceEqual(["Natasha Romanov (Marvel)", "Steve Rogers"]));
    }

    [Fact]
    public void A_narrator_who_tells_themself_their_name_is_the_narrator()
    {
        var work = Story(string.Join("\n\n",
            "My hands are shaking. Tony is asleep on the couch in the lab, and I am supposed to be fixing the suit.",
            "Natasha Romanoff, I tell myself, you have done harder things than this.",
            "I wake him with coffee. He grumbles, and then he smiles at me."));
        Assert.Equal("Natasha Romanov (Marvel)", Analyzer.Value.Analyze(work).Characters[0].Name);
    }

    [Fact]
    public void A_second_person_story_told_to_a_named_character_is_not_a_reader_insert()
    {
        var work = Story(string.Join("\n\n",
            "You are Tony Stark, and your workshop is on fire again.",
            "You put it out yourself. You always do. Your hands know the extinguisher better than they know anything else.",
            "\"Boss,\" says the speaker in the ceiling, and you ignore it, and you pick up the wrench again."));
        var analysis = Analyzer.Value.Analyze(work);
        Assert.False(analysis.Narrative.ReaderInsert);
        Assert.DoesNotContain(analysis.Characters, c => c.Name == CharacterDetector.ReaderName);
        Assert.Contains(analysis.Characters, c => c.Name == "Tony Stark" && c.NamesUsed.Contains("you"));
    }

    [Fact]
    public void A_codename_said_over_the_comms_names_its_character()
    {
        var work = Story(string.Join("\n\n",
            "Natasha crouched on the roof, rifle steady.",
            "\"Cap, you've got two coming round the east side,\" she said into the comms.",
            "\"Copy that.\" Below her the shield flashed once and the two men went down."));
        Assert.Contains(Analyzer.Value.Analyze(work).Characters, c => c.Name == "Steve Rogers");
    }

    [Fact]
    public void A_declared_fandom_outside_the_canon_data_lets_no_other_fandom_in()
    {
        var work = Story(string.Join("\n\n",
            "Crowley drove the Bentley too fast, as usual, and Aziraphale held on to the door handle.",
            "\"Slow down,\" Aziraphale said. Crowley did not slow down."),
            tags: Declared(TagCategory.Fandom, "Good Omens (TV)"));
        var analysis = Analyzer.Value.Analyze(work);
        Assert.Empty(analysis.Fandoms);
        Assert.Empty(analysis.Characters);
        Assert.Equal(["Good Omens (TV)"], analysis.UnknownFandoms);
        Assert.Contains("fandom not in the canon data", analysis.FandomNote);
    }

    [Fact]
    public void One_shared_first_name_does_not_make_a_fandom()
    {
        var work = Story(string.Join("\n\n",
            "The ravens came back to Odin at dusk and told him what they had seen, and then they told Frey.",
            "Frey listened from the doorway with Sigrun. The ravens had lied to Frey before, and so had Sigrun, who said so to Frey at supper while Sigrun laughed."));
        var analysis = Analyzer.Value.Analyze(work);
        Assert.Empty(analysis.Fandoms);
        Assert.Empty(analysis.Characters);
    }

    [Fact]
    public void No_archive_warning_is_ever_inferred_but_one_may_be_suggested_with_its_evidence()
    {
        var work = Story(string.Join("\n\n",
            "Angst with a Happy Ending, Major Character Death, Hurt/Comfort",
            "Han died on the ice, and Leia held his lifeless body until the medics came.",
            "At the funeral Luke stood beside his sister and said nothing. Leia knew he had died for them."));
        var analysis = Analyzer.Value.Analyze(work);
        var tags = Analyzer.Value.InferTags(work);
        Assert.DoesNotContain(tags, t => t.Category == TagCategory.Warning);
        var suggestion = Assert.Single(analysis.SuggestedWarnings, s => s.Warning == RatingEstimator.CharacterDeath);
        Assert.Contains(suggestion.Evidence, e => e.Contains("died", StringComparison.Ordinal) || e.Contains("funeral", StringComparison.Ordinal));
        Assert.DoesNotContain(suggestion.Evidence, e => e.Contains("Happy Ending", StringComparison.Ordinal));
    }

    [Fact]
    public void A_declared_rating_stands_alone_and_platform_ratings_are_wrangled_onto_AO3s()
    {
        var work = Story("Leia swore at the hyperdrive. Han swore back, louder, and kissed her.", tags: Declared(TagCategory.Rating, "K+"));
        Assert.DoesNotContain(Analyzer.Value.InferTags(work), t => t.Category == TagCategory.Rating);
        Assert.Contains(Analyzer.Value.InferTags(Story("Leia swore at the hyperdrive.")), t => t.Category == TagCategory.Rating);

        Assert.Equal(RatingEstimator.General, Ratings.ToAo3("K+"));
        Assert.Equal(RatingEstimator.Teen, Ratings.ToAo3("T"));
        Assert.Equal(RatingEstimator.Explicit, Ratings.ToAo3("MA"));
        Assert.Equal(RatingEstimator.Mature, Ratings.ToAo3("16+"));
        var plan = new CanonWrangler(Analyzer.Value).Plan([new TagInfo(new Tag(TagCategory.Rating, "T"), false, null, [])]);
        Assert.Contains(plan, s => s.Kind == "synonym" && s.Target == new Tag(TagCategory.Rating, RatingEstimator.Teen));
    }

    [Fact]
    public void An_inferred_tag_whose_canonical_is_declared_is_not_inferred_again()
    {
        var work = Story("Natasha checked the locks twice. Steve watched Natasha from the doorway, and Natasha pretended not to notice.",
            tags: [Declared(TagCategory.Character, "Nat"), Declared(TagCategory.Fandom, "MCU")]);
        var tags = Analyzer.Value.InferTags(work);
        Assert.DoesNotContain(tags, t => t.Category == TagCategory.Character && t.Name == "Natasha Romanov (Marvel)");
        Assert.DoesNotContain(tags, t => t.Category == TagCategory.Fandom && t.Name == "Marvel Cinematic Universe");
        Assert.Contains(tags, t => t.Category == TagCategory.Character && t.Name == "Steve Rogers");
    }

    [Fact]
    public void A_work_without_a_title_is_untitled_and_its_first_words_are_only_a_marked_hint()
    {
        var work = Story("you didn't mean to fall asleep on the couch, but the movie was long.");
        Assert.Equal("Untitled", work.DisplayTitle);
        Assert.StartsWith("begins “you didn't mean", work.FirstWordsHint);
        Assert.Null(Story("Text.", title: "A Title").FirstWordsHint);
    }

    [Fact]
    public void Canon_ties_are_loaded_in_either_order()
    {
        var kb = Knowledge();
        var luke = kb.FindCharacter("Luke Skywalker")!;
        var leia = kb.FindCharacter("Leia Organa")!;
        var tie = luke.Fandom.TieBetween(leia, luke);
        Assert.NotNull(tie);
        Assert.True(tie.IsFamily);
        Assert.Null(luke.Fandom.TieBetween(luke, kb.FindCharacter("Han Solo")));
    }
}
