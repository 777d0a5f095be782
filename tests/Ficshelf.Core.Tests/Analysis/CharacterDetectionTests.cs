using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Tests.Analysis;

/// <summary>Alias resolution with context, on a small knowledge base built in the test (the bundled data is tested through the labelled stories).</summary>
public sealed class CharacterDetectionTests
{
    private static CanonKnowledgeBase Knowledge()
    {
        var kb = new CanonKnowledgeBase();
        kb.Add(new CanonFile
        {
            Fandom = "Marvel Cinematic Universe",
            Cues = ["S.H.I.E.L.D.", "Red Room"],
            Characters =
            [
                new() { Name = "Natasha Romanov (Marvel)", Aliases = ["Natasha", "Natasha Romanoff", "Nat", "Romanoff", "Natalia Romanova", "Black Widow"], Gender = "female" },
                new() { Name = "James \"Bucky\" Barnes", Aliases = ["Bucky", "Barnes", "Winter Soldier", "the Winter Soldier"], ContextualAliases = ["James", "soldier", "the Asset", "The Asset"], Gender = "male" },
                new() { Name = "James \"Rhodey\" Rhodes", Aliases = ["Rhodey", "Rhodes", "War Machine"], ContextualAliases = ["James"], Gender = "male" },
                new() { Name = "Steve Rogers", Aliases = ["Steve", "Rogers", "Captain America"], Gender = "male" },
                new() { Name = "Peggy Carter", Aliases = ["Peggy", "Carter", "Agent Carter"], Gender = "female" },
                new() { Name = "Sharon Carter", Aliases = ["Sharon", "Carter", "Agent 13"], Gender = "female" },
            ],
            Relationships = [new() { Name = "Natasha Romanov/Steve Rogers", Characters = ["Natasha Romanov (Marvel)", "Steve Rogers"], Type = "romantic", ShipNames = ["Romanogers", "Romangers"] }],
        });
        kb.Add(new CanonFile
        {
            Fandom = "Sherlock (TV)",
            Characters = [new() { Name = "John Watson", Aliases = ["John Watson", "Watson"], ContextualAliases = ["John", "the doctor"], Gender = "male" }],
        });
        return kb;
    }

    private static WorkAnalysis Analyze(string body, string? title = null, CanonKnowledgeBase? kb = null)
    {
        var work = new Work
        {
            Title = title,
            Chapters = [new Chapter { Paragraphs = body.Split("\n\n") }],
        };
        return new WorkAnalyzer(kb ?? Knowledge()).Analyze(work);
    }

    private static string[] Names(WorkAnalysis a) => a.Characters.Select(c => c.Name).Order().ToArray();

    [Fact]
    public void An_epithet_counts_only_for_a_character_the_story_is_about()
    {
        var about = Analyze("Bucky checked the rifle twice.\n\nJames said nothing, and the soldier in him waited.");
        Assert.Equal(3, about.Characters.Single(c => c.Name == "James \"Bucky\" Barnes").Mentions);

        var notAbout = Analyze("Natasha watched the gate.\n\nJames, the porter, waved at the soldier on duty.");
        Assert.Equal(["Natasha Romanov (Marvel)"], Names(notAbout));
    }

    /// <summary>Three small fandoms whose names cross: Critical Role's "Nott" and "Caleb" are Harry Potter's Theodore
    /// Nott and nobody's; Star Wars' "Skywalker" is Luke unless the story is about Anakin.</summary>
    private static CanonKnowledgeBase CrossingKnowledge()
    {
        var kb = new CanonKnowledgeBase();
        kb.Add(new CanonFile
        {
            Fandom = "Harry Potter - J. K. Rowling",
            Characters = [new() { Name = "Theodore Nott", Aliases = ["Theodore Nott", "Nott"], Gender = "male" }, new() { Name = "Dean Thomas", ContextualAliases = ["Dean"], Gender = "male" }],
        });
        kb.Add(new CanonFile
        {
            Fandom = "Critical Role (Web Series)",
            Characters =
            [
                new() { Name = "Nott the Brave", Aliases = ["Veth"], ContextualAliases = ["Nott"], Gender = "female" },
                new() { Name = "Caleb Widogast", Aliases = ["Widogast"], ContextualAliases = ["Caleb"], Gender = "male" },
                new() { Name = "Fjord (Critical Role)", Gender = "male" },
                new() { Name = "Frumpkin (Critical Role)", Gender = "male" },
            ],
        });
        kb.Add(new CanonFile
        {
            Fandom = "Supernatural",
            Characters = [new() { Name = "Dean Winchester", Aliases = ["Dean"], Gender = "male" }, new() { Name = "Sam Winchester", Aliases = ["Sammy"], ContextualAliases = ["Sam"], Gender = "male" }],
        });
        kb.Add(new CanonFile
        {
            Fandom = "Star Wars - All Media Types",
            SharedAliases = ["Skywalker"],
            Characters =
            [
                new() { Name = "Luke Skywalker", Aliases = ["Luke", "Skywalker"], Gender = "male" },
                new() { Name = "Anakin Skywalker", Aliases = ["Anakin"], ContextualAliases = ["Skywalker"], Gender = "male" },
                new() { Name = "Ahsoka Tano", Aliases = ["Ahsoka"], Gender = "female" },
            ],
        });
        kb.Add(new CanonFile { Fandom = "Stranger Things (TV 2016)", Characters = [new() { Name = "Eleven | Jane Hopper", Aliases = ["Eleven"], Gender = "female" }] });
        return kb;
    }

    [Fact]
    public void A_name_another_fandom_s_character_goes_by_proves_only_a_fandom_with_nothing_else_of_its_own()
    {
        var kb = CrossingKnowledge();
        var criticalRole = Analyze("Caleb read by the fire. Nott sat on the trunk and Fjord sharpened his sword while Frumpkin slept.\n\n\"Caleb,\" said Nott, \"we should go.\" Caleb closed the book.", kb: kb);
        Assert.Equal(["Critical Role (Web Series)"], criticalRole.Fandoms);
        Assert.DoesNotContain("Theodore Nott", Names(criticalRole));

        // "Dean" is also Harry Potter's Dean Thomas, but nothing else of Harry Potter is there.
        var supernatural = Analyze("Dean drove all night. Sammy slept against the window, and Dean let him.\n\nAt dawn Dean pulled over.", kb: kb);
        Assert.Equal(["Supernatural"], supernatural.Fandoms);
    }

    [Fact]
    public void A_first_name_the_story_uses_as_a_name_belongs_to_the_one_character_of_its_fandom_who_goes_by_it()
    {
        var kb = CrossingKnowledge();
        var analysis = Analyze("Dean drove all night. His brother slept against the window, and Dean glanced at Sam twice.\n\nAt dawn he woke Sam with coffee.", kb: kb);
        Assert.Contains("Sam Winchester", Names(analysis));
        // At the start of a sentence the same word is no evidence: "Sam" once there names no one yet.
        var once = Analyze("Dean drove all night, and Dean sang.\n\nSam. The name came back to him in the dark.", kb: kb);
        Assert.DoesNotContain("Sam Winchester", Names(once));
    }

    [Fact]
    public void A_family_name_goes_to_the_one_of_the_family_the_story_names()
    {
        var kb = CrossingKnowledge();
        var anakin = Analyze("Ahsoka found Anakin in the hangar.\n\n\"Master Skywalker,\" she said, and Skywalker smiled.", kb: kb);
        Assert.DoesNotContain("Luke Skywalker", Names(anakin));
        Assert.Contains("Anakin Skywalker", Names(anakin));
        var luke = Analyze("Skywalker landed the ship, and Ahsoka laughed.", kb: kb);
        Assert.Contains("Luke Skywalker", Names(luke));
    }

    [Fact]
    public void A_first_name_of_another_fandom_makes_no_crossover()
    {
        var kb = CrossingKnowledge();
        var analysis = Analyze("Ahsoka counted the helmets. Anakin waited, and Luke waited with him.\n\n\"Eleven,\" Ahsoka said. \"Eleven of them.\" Anakin said nothing.", kb: kb);
        Assert.Equal(["Star Wars - All Media Types"], analysis.Fandoms);
        Assert.DoesNotContain("Eleven | Jane Hopper", Names(analysis));
    }

    [Fact]
    public void A_surname_shared_by_two_characters_needs_a_first_name()
    {
        var peggy = Analyze("Peggy lowered the gun. Steve had never seen Carter so still.\n\nCarter smiled at Steve.");
        Assert.Equal(3, peggy.Characters.Single(c => c.Name == "Peggy Carter").Mentions);
        Assert.DoesNotContain(peggy.Characters, c => c.Name == "Sharon Carter");

        var neither = Analyze("Steve walked down Carter Street in the rain. Carter's bakery was closed.");
        Assert.Equal(["Steve Rogers"], Names(neither));
    }

    [Fact]
    public void A_name_given_in_the_story_binds_to_the_character_it_names()
    {
        var story = string.Join("\n\n",
            "Natasha met the Asset in the training hall of the Red Room.",
            "Natasha circled him. \"They call me soldier,\" he said. Natasha frowned.",
            "\"I'll call you Alexi,\" Natasha decided.",
            "Alexi nodded. Alexi almost smiled. Natasha pinned Alexi twice.");
        var analysis = Analyze(story, title: "Bucky x Natasha: Training");
        var bucky = analysis.Characters.Single(c => c.Name == "James \"Bucky\" Barnes");
        Assert.Contains("Alexi", bucky.NamesUsed);
        Assert.True(bucky.Mentions >= 6, $"mentions {bucky.Mentions}");
    }

    [Fact]
    public void Names_match_as_whole_words_and_case_sensitively()
    {
        var analysis = Analyze("The nation watched as natasha fans gathered. Natalie and Nathan were there. Steve laughed.");
        Assert.Equal(["Steve Rogers"], Names(analysis));
    }

    [Fact]
    public void The_fandom_follows_the_names_and_cues()
    {
        Assert.Equal(["Marvel Cinematic Universe"], Analyze("Natasha and Steve reported to S.H.I.E.L.D. at dawn. Steve was late.").Fandoms);
        Assert.Empty(Analyze("The baker opened her shop at dawn and the street smelled of bread.").Fandoms);
    }

    [Fact]
    public void A_ship_name_in_the_summary_gives_a_romantic_relationship()
    {
        var work = new Work
        {
            Summary = "Post-war. Romangers.",
            Chapters = [new Chapter { Paragraphs = ["Natasha and Steve walked home through the snow, saying little."] }],
        };
        var analysis = new WorkAnalyzer(Knowledge()).Analyze(work);
        var relationship = Assert.Single(analysis.Relationships);
        Assert.Equal("Natasha Romanov/Steve Rogers", relationship.Name);
        Assert.True(relationship.Romantic);
        Assert.Contains(relationship.Evidence, e => e.Contains("Romangers"));
    }

    [Fact]
    public void Declared_tags_in_every_form_resolve_to_canonical_relationships()
    {
        var work = new Work
        {
            Tags =
            [
                new WorkTag(new Tag(TagCategory.Relationship, "Bucky x Natasha"), TagOrigin.Declared),
                new WorkTag(new Tag(TagCategory.Relationship, "Natasha R./Steve R."), TagOrigin.Declared),
                new WorkTag(new Tag(TagCategory.Relationship, "Peggy Carter & Steve Rogers"), TagOrigin.Declared),
                new WorkTag(new Tag(TagCategory.Relationship, "Natasha Romanov (Marvel)/Reader"), TagOrigin.Declared),
            ],
            Chapters = [new Chapter { Paragraphs = ["Bucky kissed Natasha, and she kissed him back. Steve and Peggy danced. You watched Natasha."] }],
        };
        var names = new WorkAnalyzer(Knowledge()).Analyze(work).Relationships.Select(r => r.Name).ToHashSet();
        Assert.Contains("James \"Bucky\" Barnes/Natasha Romanov", names);
        Assert.Contains("Natasha Romanov/Steve Rogers", names);
        Assert.Contains("Peggy Carter & Steve Rogers", names);
        Assert.Contains("Natasha Romanov (Marvel)/Reader", names);
    }

    [Fact]
    public void Friendship_cues_make_a_platonic_pairing_and_romance_cues_a_romantic_one()
    {
        var friends = Analyze(string.Join("\n\n", Enumerable.Repeat("Natasha and Bucky trained together again. They were friends now, real friends, and she trusted him.", 4)), title: "Bucky x Natasha: Sparring");
        Assert.False(friends.Relationships.Single().Romantic);
        var lovers = Analyze(string.Join("\n\n", Enumerable.Repeat("Natasha kissed Bucky slowly. He loved her, and his lips found hers again.", 4)), title: "Bucky x Natasha: Snow");
        Assert.True(lovers.Relationships.Single().Romantic);
    }
}
