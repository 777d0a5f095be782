using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Analysis;

/// <summary>
/// Open world: a canon name the words around it give to someone or something else — another person's full name, a
/// firm's "X &amp; Y", "a X", a web address, a link — names no canon character and proves no fandom. Invented texts on a
/// small knowledge base built here; one real file from ../shared/real.
/// </summary>
public sealed class OpenWorldNameTests
{
    private const string Mcu = "Marvel Cinematic Universe";

    private static CanonKnowledgeBase Knowledge()
    {
        var kb = new CanonKnowledgeBase();
        kb.Add(new CanonFile
        {
            Fandom = Mcu,
            Cues = ["S.H.I.E.L.D.", "Avengers Tower"],
            Characters =
            [
                new() { Name = "Peter Parker", Aliases = ["Peter Parker", "Parker", "Spider-Man"], ContextualAliases = ["Peter"], Gender = "male" },
                new() { Name = "James \"Bucky\" Barnes", Aliases = ["Bucky", "Bucky Barnes", "Barnes"], ContextualAliases = ["James"], Gender = "male" },
                new() { Name = "Sam Wilson (Marvel)", Aliases = ["Sam Wilson", "Falcon", "Wilson"], ContextualAliases = ["Sam"], Gender = "male" },
                new() { Name = "Nick Fury", Aliases = ["Nick Fury", "Director Fury"], ContextualAliases = ["Nick", "Fury"], Gender = "male" },
                new() { Name = "Peter Quill", Aliases = ["Peter Quill", "Quill", "Star-Lord"], Gender = "male" },
                new() { Name = "Tony Stark", Aliases = ["Tony", "Tony Stark"], Gender = "male" },
            ],
        });
        return kb;
    }

    private static WorkAnalysis Analyze(string body, string? declaredFandom = null, IReadOnlyList<InlineSpan>? spans = null)
    {
        var work = new Work
        {
            Title = "An invented story",
            Chapters = [new Chapter { Paragraphs = body.Split("\n\n"), Spans = spans ?? [] }],
            Tags = declaredFandom is null ? [] : [new WorkTag(new Tag(TagCategory.Fandom, declaredFandom), TagOrigin.Declared)],
        };
        return new WorkAnalyzer(Knowledge()).Analyze(work);
    }

    /// <summary>The canon characters read (a reader-insert's "Reader" belongs to no fandom).</summary>
    private static string[] Names(WorkAnalysis a) => a.Characters.Where(c => c.Fandom is not null).Select(c => c.Name).Order().ToArray();

    [Fact]
    public void A_different_given_name_before_a_canon_surname_is_another_person()
    {
        // Three canon surnames, each someone else's: no Marvel story here.
        var a = Analyze(
            "The ferry office was run by Corinne Wilson, as it had been for eleven years.\n\n" +
            "On Tuesdays she lent the spare key to Dominic Parker, who never returned it on time, and to Hollis Barnes from the mill.\n\n" +
            "Parker laughed when she asked for it. Barnes only shrugged, and Wilson wrote both their names in the ledger again.");

        Assert.Empty(a.Fandoms);
        Assert.Empty(Names(a));
    }

    [Fact]
    public void A_canon_first_name_before_a_different_surname_is_another_person_and_so_are_its_bare_uses()
    {
        // The story is Marvel (declared), but its Nick is Nick Okonkwo, and every bare "Nick" is his.
        var a = Analyze(
            "Tony Stark had hired Nick Okonkwo to fix the lab's wiring.\n\n" +
            "Nick worked through the night, humming. By morning Tony found him asleep under a bench, and Nick apologised twice.",
            declaredFandom: Mcu);

        Assert.Equal([Mcu], a.Fandoms);
        Assert.Equal(["Tony Stark"], Names(a));
    }

    [Fact]
    public void The_canon_full_name_keeps_the_bare_name_for_the_character()
    {
        // Peter Parker is named in full; another Peter beside him does not take "Peter" and "Parker" from him, and the
        // character's own longer name ("Peter Benjamin Parker") is his.
        var a = Analyze(
            "Peter Parker swung past the bakery where Peter Valdez worked.\n\n" +
            "Later Parker sat on the roof. Then Parker ate the roll that Peter Benjamin Parker had been saving, and Tony called twice.",
            declaredFandom: Mcu);

        Assert.Contains("Peter Parker", Names(a));
        Assert.True(a.Characters.Single(c => c.Name == "Peter Parker").Mentions >= 3);
    }

    [Fact]
    public void Everyday_surnames_alone_prove_no_fandom_but_name_the_character_once_the_fandom_is_known()
    {
        const string story =
            "The night shift at the depot belonged to Parker and Wilson. Barnes came in at six with the coffee.\n\n" +
            "Parker signed the log, Wilson counted the crates, and Barnes complained about the cold.";
        var original = Analyze(story);
        Assert.Empty(original.Fandoms);
        Assert.Empty(Names(original));

        var marvel = Analyze(story, declaredFandom: Mcu);
        Assert.Equal(["James \"Bucky\" Barnes", "Peter Parker", "Sam Wilson (Marvel)"], Names(marvel));
    }

    [Fact]
    public void A_capitalised_word_starting_the_sentence_before_a_name_is_not_a_given_name()
    {
        var a = Analyze(
            "Tony checked the suit again.\n\n\"Bring Parker,\" he told the lab. \"Tell Barnes we leave at six.\"\n\n" +
            "Finally Parker arrived, and Bucky followed him in.",
            declaredFandom: Mcu);

        Assert.Equal(["James \"Bucky\" Barnes", "Peter Parker", "Tony Stark"], Names(a));
    }

    [Fact]
    public void Names_inside_a_firms_name_after_an_indefinite_article_or_in_a_web_address_name_nobody()
    {
        var a = Analyze(
            "Order the paperback from Wilson & Blackwood, from Barnes & Noble or from your local shop.\n\n" +
            "The reviews called it a Quill of a book. Find the author at https://example.com/Parker/Quill or www.example.org/Barnes.\n\n" +
            "A signed copy went to the winner.");

        Assert.Empty(a.Fandoms);
        Assert.Empty(Names(a));
    }

    [Fact]
    public void A_name_in_a_links_text_is_not_on_stage()
    {
        const string notes = "Tony Stark fixed the coffee machine. More stories like this on my Sam Wilson fan page.";
        var link = new InlineSpan(0, notes.IndexOf("Sam Wilson", StringComparison.Ordinal), "Sam Wilson fan page".Length, InlineMark.Link, "https://example.com/fans");

        Assert.Equal(["Tony Stark"], Names(Analyze(notes, declaredFandom: Mcu, spans: [link])));
        Assert.Equal(["Sam Wilson (Marvel)", "Tony Stark"], Names(Analyze(notes, declaredFandom: Mcu)));
    }

    [Fact]
    public void One_full_name_said_once_in_a_long_text_is_a_reference_not_a_cast()
    {
        var blurb = "For fans of Peter Quill and of other space romps, this debut is a delight. " +
                    string.Concat(Enumerable.Repeat("Mara and Jonah trade letters across the long winter, and the town reads every one. ", 20));
        Assert.Empty(Analyze(blurb).Fandoms);

        // A cue of the fandom beside it makes it a reading of the fandom after all.
        var withCue = "The lift to Avengers Tower was slow. " + blurb;
        Assert.Equal([Mcu], Analyze(withCue).Fandoms);
    }

    [SkippableFact]
    public void The_Wattpad_Books_anthology_of_original_books_gets_no_canon_fandom_or_character()
    {
        var name = "wattpad-downloader.epub";
        var work = new StoryParser().Parse(File.ReadAllBytes(TestPaths.RequireShared("real", name)), name).Work;

        var analysis = new WorkAnalyzer(CanonKnowledgeBase.LoadDefault()).Analyze(work);

        Assert.Empty(analysis.Fandoms);
        Assert.DoesNotContain(analysis.Characters, c => c.Fandom is not null);
    }
}
