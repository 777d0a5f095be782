using System.Text;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;

namespace Ficshelf.Core.Tests.Import;

/// <summary>
/// Short copies written for these tests, several per platform, each checking what a reader would expect the
/// importer to take out of it. (Longer labelled fixtures run through <see cref="ExpectedReadingTests"/>.)
/// </summary>
public sealed class PlatformCaseTests
{
    public sealed record Case(
        string Name,
        string Text,
        Platform Platform,
        string? Title = null,
        string? Summary = null,
        string? Prompt = null,
        string? Series = null,
        string? NotesBefore = null,
        string? NotesAfter = null,
        string? BodyStarts = null,
        string? BodyEnds = null,
        string[]? Chapters = null,
        bool? Complete = null,
        bool Truncated = false,
        string[]? Tags = null,
        string[]? Authors = null,
        string[]? NotInBody = null)
    {
        public override string ToString() => Name;
    }

    private static readonly Case[] Cases =
    [
        // ---- AO3 ----
        new("ao3 multi-chapter page copy with chapter notes", """
            Rating: Teen And Up Audiences
            Archive Warning: No Archive Warnings Apply
            Category: F/M
            Fandom: Star Wars - All Media Types
            Relationship: Han Solo/Leia Organa
            Characters: Han Solo, Leia Organa, Chewbacca
            Additional Tags: Banter, Slow Burn
            Language: English
            Stats: Published: 2022-01-01 Updated: 2022-02-01 Words: 300 Chapters: 2/? Comments: 3 Kudos: 40 Bookmarks: 2 Hits: 500
            Scoundrel's Luck
            by corellian_run
            Summary:
            Han owes everyone money. Leia owes him nothing.
            Chapter 1: Debts
            Chapter Text
            Han counted the credits twice and came up short both times.
            Chapter End Notes:
            Next chapter soon!
            Chapter 2: Interest
            Chapter Text
            Leia found him in the hangar, still counting.
            """, Platform.Ao3, Title: "Scoundrel's Luck", Summary: "Han owes everyone money. Leia owes him nothing.", Authors: ["corellian_run"],
            Chapters: ["Chapter 1: Debts", "Chapter 2: Interest"], Complete: false, BodyStarts: "Han counted the credits", BodyEnds: "still counting.",
            Tags: ["rating:Teen And Up Audiences", "relationship:Han Solo/Leia Organa", "character:Chewbacca", "freeform:Slow Burn", "fandom:Star Wars - All Media Types"],
            NotInBody: ["Chapter Text", "Next chapter soon!", "Kudos"]),
        new("ao3 dataset copy with tags first and an end block", """
            [starting tags]
            fandom:
            Harry Potter - J. K. Rowling
            character:
            Luna Lovegood
            Neville Longbottom
            [ending tags]
            Work Text:
            Luna planted the moonflowers in a spiral because the garden had asked her to.

            Neville did not argue. He had learned, by now, that gardens sometimes did.
            """, Platform.Ao3, BodyStarts: "Luna planted", BodyEnds: "sometimes did.",
            Tags: ["fandom:Harry Potter - J. K. Rowling", "character:Luna Lovegood", "character:Neville Longbottom"], NotInBody: ["[ending tags]", "character:"]),
        new("ao3 page copy, one-shot with summary, notes and end notes", """
            Rating:
            General Audiences
            Fandom:
            Sherlock (TV)
            Additional Tags:
            Fluff
            Stats:
            Published: 2020-05-05 Words: 50 Chapters: 1/1 Kudos: 9

            Toast
            by breadcrumb
            Summary:

            John makes toast. Sherlock has opinions.

            Notes:

            A tiny thing.

            Work Text:

            “Butter first,” Sherlock said, “is barbarism.”

            John buttered it first.

            Notes:

            Thanks for reading.
            """, Platform.Ao3, Title: "Toast", Authors: ["breadcrumb"], Summary: "John makes toast. Sherlock has opinions.", NotesBefore: "A tiny thing.",
            NotesAfter: "Thanks for reading.", Complete: true, BodyStarts: "“Butter first,”", BodyEnds: "John buttered it first."),
        new("ao3 dataset copy with italics split over lines and a truncated end", """
            Work Text:

            She turned at the door.


            “


            Stay


            ” she said, and he almost did, because he had never been good at leaving when she asked him not to, and tonight the rain was loud and the fire was warm and he could not quite rememb
            [starting tags]
            freeform:
            Angst
            """, Platform.Ao3, BodyStarts: "She turned at the door. “Stay” she said", Truncated: true, Tags: ["freeform:Angst"]),
        new("ao3 copy with a series line", """
            Rating: Mature
            Fandom: Marvel Cinematic Universe
            Series: Part 2 of the Red Ledger series
            Stats: Published: 2019-09-09 Words: 40 Chapters: 1/1
            Ledger
            redinmyledger
            Work Text:
            Natasha wrote the names down one by one, and when she was done she burned the page.
            """, Platform.Ao3, Title: "Ledger", Series: "Red Ledger", Authors: ["redinmyledger"], Complete: true, BodyEnds: "burned the page."),

        // ---- Wattpad ----
        new("wattpad part with book title line, by-line and stats", """
            The Hollow Crown Chronicles
            Chapter Seven: The Bridge
            by inkandember
            Reads 12.3K Votes 1.1K Parts 24
            Start from the beginning


            The bridge was older than the kingdom, and it creaked like it knew.

            Arlen crossed it anyway.
            Vote
            The Hollow Crown ChroniclesWhere stories live. Discover now
            """, Platform.Wattpad, Title: "Chapter Seven: The Bridge", Series: "The Hollow Crown Chronicles", Authors: ["inkandember"],
            BodyStarts: "The bridge was older", BodyEnds: "Arlen crossed it anyway.", NotInBody: ["Vote", "Reads"]),
        new("wattpad part with notes before and after and a continue line", """
            Second Period
            Start from the beginning

            A/N: guys I'm so sorry this took forever!!

            Peter was late to chemistry again, and MJ had saved him a seat without looking up.

            "You smell like smoke," she said.

            "Long story."

            A/N: vote and comment please!
            Continue to next part
            Spider-Man OneshotsWhere stories live. Discover now
            """, Platform.Wattpad, Title: "Second Period", Series: "Spider-Man Oneshots", NotesBefore: "guys I'm so sorry", NotesAfter: "vote and comment",
            BodyStarts: "Peter was late", BodyEnds: "\"Long story.\"", NotInBody: ["Continue to next part"]),
        new("wattpad copy without the start marker", """
            Moonlight

            The wolves came down from the hills when the moon was full, and Elara left the gate open for them.

            Where stories live. Discover now
            """, Platform.Wattpad, Title: "Moonlight", Series: null, BodyStarts: "The wolves came down"),
        new("wattpad copy with recommendations after the footer", """
            Lost Letters
            Start from the beginning

            Dear Sam, the first letter began, and it never got any further.

            Letters to SamWhere stories live. Discover now
            You'll also like
            Another Story Entirely
            """, Platform.Wattpad, Title: "Lost Letters", Series: "Letters to Sam", BodyEnds: "never got any further.", NotInBody: ["Another Story Entirely"]),
        new("wattpad copy, straight quotes and a scene break", """
            Homecoming
            Start from the beginning

            "You came back," Wanda said.

            ***

            Later, Pietro would say he had never left.

            Maximoff TwinsWhere stories live. Discover now
            """, Platform.Wattpad, Title: "Homecoming", Series: "Maximoff Twins", BodyStarts: "\"You came back,\"", BodyEnds: "never left."),

        // ---- Inkitt ----
        new("inkitt with title, author, rating value and chapter titles", """
            The Glass Orchard
            by Juniper Vale
            A gardener grows glass apples for a queen who cannot eat.

            Fantasy / Romance
            Age Rating: 16+

            Chapter 1: Seeds

            The first apple cracked in the frost, and Tamsin wept over it like a child.

            Chapter 2: Harvest

            The hundredth apple rang like a bell when the queen touched it.

            The End.
            """, Platform.Inkitt, Title: "The Glass Orchard", Authors: ["Juniper Vale"], Summary: "A gardener grows glass apples for a queen who cannot eat.",
            Chapters: ["Chapter 1: Seeds", "Chapter 2: Harvest"], Complete: true, Tags: ["genre:Fantasy", "genre:Romance", "rating:16+"],
            BodyEnds: "when the queen touched it.", NotInBody: ["The End."]),
        new("inkitt with the rating on the next line and no end marker", """
            Two strangers share a compartment on the last train north.

            Mystery / Thriller
            Age Rating:
            18+

            Chapter 1

            The man in the green coat had not blinked in an hour.
            """, Platform.Inkitt, Summary: "Two strangers share a compartment on the last train north.", Chapters: ["Chapter 1"], Complete: null,
            Tags: ["genre:Mystery", "genre:Thriller", "rating:18+"]),
        new("inkitt with page chrome between chapters", """
            She inherits a lighthouse and the ghost who keeps it.

            Horror / Drama
            Age Rating:

            Chapter 1

            The lamp lit itself at dusk.

            Continue Reading
            Next Chapter

            Chapter 2

            The ghost, it turned out, hated the new curtains.

            The End.
            """, Platform.Inkitt, Chapters: ["Chapter 1", "Chapter 2"], Complete: true, NotInBody: ["Continue Reading", "Next Chapter"]),
        new("inkitt single chapter with an author's note at the end", """
            A retired knight learns to bake.

            Humor / Fantasy
            Age Rating:

            Chapter 1

            Sir Aldous burned the first loaf, the second loaf and, somehow, the oven.

            A/N: thank you for reading my first story!
            """, Platform.Inkitt, NotesAfter: "thank you for reading", BodyEnds: "somehow, the oven."),
        new("inkitt with prologue and epilogue headings", """
            Summer at the lake, told in pieces.

            Romance / Drama
            Age Rating:

            Prologue

            It began with a borrowed canoe.

            Chapter 1

            It continued with a capsized one.

            Epilogue

            They still argue about whose fault it was.
            """, Platform.Inkitt, Chapters: ["Prologue", "Chapter 1", "Epilogue"]),

        // ---- FanFiction.Net ----
        new("ffn copy with chapters, disclaimer and navigation", """
            Chasing Snitches
            By: quaffle_queen
            Ginny trains for the Harpies tryouts. Harry holds the stopwatch.
            Rated: Fiction T - English - Romance/Hurt/Comfort - [Harry P., Ginny W.] Ron W. - Chapters: 2 - Words: 1,234 - Reviews: 5 - Favs: 3 - Follows: 4 - Updated: 3/4/2015 - Published: 1/2/2015 - id: 11111111
            +Follow/Fav

            Disclaimer: I own nothing but the plot.

            Chapter 1: Dawn

            Ginny was in the air before the sun.

            Chapter 2: Dusk

            Harry stopped the watch and grinned.

            < Prev
            Next >
            """, Platform.FanFictionNet, Title: "Chasing Snitches", Authors: ["quaffle_queen"], Summary: "Ginny trains for the Harpies tryouts. Harry holds the stopwatch.",
            Chapters: ["Chapter 1: Dawn", "Chapter 2: Dusk"], Complete: null,
            Tags: ["rating:T", "genre:Romance", "genre:Hurt/Comfort", "relationship:Harry P./Ginny W.", "character:Ron W."], NotInBody: ["Disclaimer", "Next >"]),
        new("ffn copy marked complete with author's notes", """
            Tea for Two
            By: earl_grey
            Sherlock attempts hospitality.
            Rated: Fiction K - English - Humor - Sherlock H., John W. - Words: 300 - Reviews: 2 - Published: 6/6/2012 - Status: Complete - id: 8000000

            Author's Note: my first Sherlock fic!

            The kettle had been used for an experiment, which explained the smell.

            A/N: reviews are love!
            """, Platform.FanFictionNet, Title: "Tea for Two", Complete: true, NotesBefore: "my first Sherlock fic!", NotesAfter: "reviews are love!",
            Tags: ["rating:K", "genre:Humor", "character:Sherlock H.", "character:John W."], BodyEnds: "explained the smell."),
        new("ffn copy in Spanish", """
            La Espera
            By: lunanueva
            Una historia corta.
            Rated: Fiction T - Spanish - Drama - Words: 100 - Published: 2/2/2014 - id: 9000000

            La lluvia no paraba y ella seguía esperando en la puerta de la estación, con el paraguas cerrado.
            """, Platform.FanFictionNet, Title: "La Espera", Tags: ["rating:T", "genre:Drama"]),
        new("ffn copy with an M rating and multiple genres", """
            Red Ledger
            By: widowmaker
            Natasha remembers.
            Rated: Fiction M - English - Angst/Tragedy - Natasha R. - Chapters: 1 - Words: 50 - Published: 1/1/2019 - Status: Complete - id: 1300000

            She remembered every name, and that was the problem.
            """, Platform.FanFictionNet, Complete: true, Tags: ["rating:M", "genre:Angst", "genre:Tragedy", "character:Natasha R."]),
        new("ffn copy with Chapter One headings in words", """
            Snowed In
            By: frostbitten
            Two rivals, one cabin.
            Rated: Fiction T - English - Romance - Draco M., Hermione G. - Words: 200 - Published: 12/1/2017 - id: 12700000

            Chapter One

            The cabin had one bed.

            Chapter Two

            The cabin, it turned out, also had a couch.
            """, Platform.FanFictionNet, Chapters: ["Chapter One", "Chapter Two"], BodyEnds: "also had a couch."),

        new("ffn text download with labelled header lines", """
            Title: The Long Winter
            Author: frostfern
            Rated: T
            Genre: Drama/Hurt/Comfort
            Characters: Sherlock H., John W.
            Status: Complete
            Summary: John gets snowed in at Baker Street.

            Disclaimer: I don't own Sherlock.

            Chapter 1

            Snow fell on Baker Street for three days.

            Chapter 2

            On the fourth day, Sherlock built a snowman that looked like his brother.
            """, Platform.FanFictionNet, Title: "The Long Winter", Authors: ["frostfern"], Summary: "John gets snowed in at Baker Street.", Complete: true,
            Chapters: ["Chapter 1", "Chapter 2"], Tags: ["rating:T", "genre:Drama", "genre:Hurt/Comfort", "character:John W."],
            BodyStarts: "Snow fell on Baker Street", NotInBody: ["Disclaimer", "Status"]),

        // ---- Request one-shots ----
        new("request one-shot with pairing, warnings and word count", """
            Bucky Barnes x Reader — Coffee Run

            Request: could you do one where Bucky gets the reader's coffee order wrong on purpose?
            Pairing: Bucky Barnes x Reader
            Warnings: fluff, mild swearing
            Word count: 1.2k

            Bucky handed you the cup with a perfectly straight face.

            "That's not my order," you said.

            "I know," he said.
            """, Platform.RequestOneShot, Title: "Bucky Barnes x Reader — Coffee Run", Prompt: "could you do one where Bucky gets the reader's coffee order wrong on purpose?",
            Tags: ["relationship:Bucky Barnes x Reader", "warning:fluff", "warning:mild swearing"], Complete: true, BodyStarts: "Bucky handed you", NotInBody: ["1.2k", "Word count"]),
        new("request one-shot with several A/Ns and a taglist", """
            Rainy Day (Sherlock x Reader)

            Requested by anon: Sherlock and the reader stuck inside on a rainy day

            A/N: I love this prompt.

            A/N 2: sorry for the wait!

            Sherlock had rearranged your bookshelf by the colour of the spines.

            You put it back. He did it again.

            A/N: thanks for reading!

            Taglist: @rainyreads @bakerstreetbee
            """, Platform.RequestOneShot, Title: "Rainy Day (Sherlock x Reader)", Prompt: "Sherlock and the reader stuck inside on a rainy day",
            NotesBefore: "I love this prompt.", NotesAfter: "thanks for reading!", BodyEnds: "He did it again.", NotInBody: ["Taglist", "A/N"]),
        new("request one-shot with a summary header", """
            Tony x Pepper: Board Meeting

            Summary: Tony tries to sit through a whole meeting.
            Pairing: Tony Stark/Pepper Potts

            Tony lasted eleven minutes, which Pepper said was a personal best.
            """, Platform.RequestOneShot, Title: "Tony x Pepper: Board Meeting", Summary: "Tony tries to sit through a whole meeting.",
            Tags: ["relationship:Tony Stark/Pepper Potts"]),
        new("request one-shot with a multi-line prompt block", """
            Loki x Reader: Library

            prompt:
            Loki finds the reader asleep in the Asgardian library.

            Loki closed the book you had fallen asleep on and, after a moment's thought, left a bookmark in it.
            """, Platform.RequestOneShot, Title: "Loki x Reader: Library", Prompt: "Loki finds the reader asleep in the Asgardian library.",
            BodyStarts: "Loki closed the book"),
        new("request one-shot that promises more", """
            Wanda x Reader: Part One

            prompt: wanda teaching the reader magic

            The spoon floated for almost a second before it fell into your cereal.

            To be continued...
            """, Platform.RequestOneShot, Complete: false, BodyEnds: "into your cereal.", NotInBody: ["To be continued"]),

        // ---- Plain text ----
        new("plain story without a title", """
            The old dog slept by the fire every night until the night he didn't, and the family did not talk about it for a long time afterwards, not until the new puppy came.

            She was nothing like him. She was exactly what they needed.
            """, Platform.Generic, Title: null, BodyStarts: "The old dog slept"),
        new("plain story with a by-line, part headings and fin", """
            Lighthouse
            by M. Harrow

            Part 1

            The keeper counted ships.

            Part 2

            The ships stopped coming, and he kept counting.

            ~fin~
            """, Platform.Generic, Title: "Lighthouse", Authors: ["M. Harrow"], Chapters: ["Part 1", "Part 2"], Complete: true, NotInBody: ["fin"]),
        new("plain story hard-wrapped at a fixed width", """
            Paper Boats

            Every spring the children of Millbrook folded paper boats and set
            them loose on the river, and every spring the boats sank before
            they reached the bridge, and nobody minded at all.
            """, Platform.Generic, Title: "Paper Boats",
            BodyStarts: "Every spring the children of Millbrook folded paper boats and set them loose on the river,"),
        new("plain story with verse kept as lines", """
            Lullaby

            Hush now, the river is sleeping,
            hush now, the willows are low,
            the moon has the stars in her keeping
            and morning is slow.

            The baby slept before the second verse.
            """, Platform.Generic, Title: "Lullaby", BodyEnds: "before the second verse."),
        new("plain story with a leading note and THE END", """
            Note: written for a writing class.

            The train was late, and so was she, and for once it did not matter.

            THE END
            """, Platform.Generic, NotesBefore: "written for a writing class.", Complete: true, BodyStarts: "The train was late"),
        // ---- End markers, sign-offs and post chrome (every platform) ----
        new("plain story whose end marker is followed by a sign-off", """
            Sparrow

            The sparrow came back every morning, and every morning she saved it a crumb.

            -fin-

            thank you for reading!! let me know what you think
            """, Platform.Generic, Title: "Sparrow", Complete: true, NotesAfter: "thank you for reading!!", BodyEnds: "saved it a crumb.", NotInBody: ["-fin-", "thank you"]),
        new("plain story ending in dialogue that thanks someone keeps it as story", """
            Letters

            She folded the last page and handed it across the table.

            "Thanks for reading it," she said. "I hope you liked it."
            """, Platform.Generic, Title: "Letters", BodyEnds: "\"I hope you liked it.\""),
        new("plain story whose first line is a character asking is not an ask", """
            Harry asked: "Is anyone there?"

            Nobody answered, so he lit his wand and went down the stairs anyway.
            """, Platform.Generic, BodyEnds: "went down the stairs anyway."),
        new("tumblr ask answered with a titled one-shot, taglist and hashtags", """
            masterlist | rules | ask box

            anonymous asked:

            could you write something cosy with Remus and a reader on a rainy day?

            Rainy Day | Remus Lupin x Reader

            The rain had not stopped since breakfast, and neither had the kettle.

            Remus read aloud while you listened, and the afternoon went soft at the edges.

            ~fin~

            tags: @moony-moods @marauders-mail

            #remus lupin x reader #marauders era #hp imagines

            21 notes
            """, Platform.RequestOneShot, Title: "Rainy Day | Remus Lupin x Reader",
            Prompt: "could you write something cosy with Remus and a reader on a rainy day?", Complete: true,
            BodyStarts: "The rain had not stopped", BodyEnds: "went soft at the edges.", NotInBody: ["asked:", "masterlist", "@moony", "#remus", "notes", "fin"]),
        new("quotev chapter with the book layout and footer", """
            Quotev
            Browse
            Log In

            Witcher x Reader Oneshots
            by silver_for_monsters
            Fanfiction · 9 chapters · 3.1K reads

            Chapters
            1. Requests
            2. Jaskier x Reader: Lute

            Jaskier x Reader: Lute

            Jaskier tuned the lute for the fourth time and still declared it hopeless.

            Previous
            Next
            Comments (3)
            © 2024 Quotev
            """, Platform.RequestOneShot, Title: "Jaskier x Reader: Lute", Series: "Witcher x Reader Oneshots", Authors: ["silver_for_monsters"],
            BodyStarts: "Jaskier tuned the lute", BodyEnds: "still declared it hopeless.", NotInBody: ["Quotev", "Comments", "Requests", "Previous"]),
        new("wattpad part with a bare count line and the newer footer", """
            Ghosts of Maple Street
            @hollow_porch
            4.2K 310 41

            Start from the beginning

            The third ghost moved in on a Tuesday and immediately complained about the wallpaper.

            Vote

            Comments 12

            Share

            Continue reading next part
            """, Platform.Wattpad, Title: "Ghosts of Maple Street", Authors: ["hollow_porch"],
            BodyStarts: "The third ghost", BodyEnds: "about the wallpaper.", NotInBody: ["4.2K", "Comments 12", "Continue reading"]),
        new("inkitt chapter page with its footer", """
            Cinder Road
            by ashfall_ink

            A courier crosses a burning country with one letter.

            Adventure / Drama
            Age Rating: 16+

            Chapter 1

            The road was still warm from the fires when Ilse set out at dawn.

            Continue Reading Next Chapter

            Write a Review

            About Us
            Careers
            © 2024 Inkitt GmbH
            """, Platform.Inkitt, Title: "Cinder Road", Complete: false, BodyEnds: "set out at dawn.", NotInBody: ["Continue Reading", "Review", "About Us", "Inkitt"]),
        new("ffn chapter with its selector, buttons and footer", """
            Follow/Fav Quiet Hours
            By: lamplight_lee
            Remus marks essays. Sirius does not help.
            Rated: Fiction K+ - English - Humor - Remus L., Sirius B. - Chapters: 3 - Words: 3,000 - Published: 1/1/2020 - id: 13500000
            1. Essays
            2. Tea
            3. Midnight
            Next >

            Chapter 1: Essays

            Remus had forty essays to mark and Sirius had opinions about all of them.

            Next >

            Review

            Help · Guidelines · Privacy · Terms of Service
            """, Platform.FanFictionNet, Title: "Quiet Hours", Complete: false, BodyStarts: "Remus had forty essays", BodyEnds: "about all of them.",
            NotInBody: ["1. Essays", "2. Tea", "Next >", "Review", "Help"]),
    ];

    public static IEnumerable<object[]> All() => Cases.Select(c => new object[] { c });

    /// <summary>A file of one unbroken 20 MB "word", alone or under each platform's header shapes.</summary>
    public static IEnumerable<object[]> HugeWordFiles() => HugeWordHeads.Select(head => new object[] { head });

    private static readonly string[] HugeWordHeads =
        ["", "Title\n\n", "anonymous asked:\n", "Work Text:\n\n", "Start from the beginning\n\n", "Humor / Romance\nAge Rating: 13+\n\n", "prompt: "];

    [Theory]
    [MemberData(nameof(HugeWordFiles))]
    public void A_huge_single_word_is_never_a_title_and_is_kept_or_refused_with_a_reason(string head)
    {
        var bytes = Encoding.UTF8.GetBytes(head + new string('x', 20_000_000) + "\n");
        try
        {
            var work = new StoryParser().Parse(bytes, "huge.txt").Work;
            foreach (var name in new[] { work.Title, work.SeriesOrBook, work.Summary, work.Prompt }.Concat(work.Authors).Concat(work.Chapters.Select(c => c.Title)))
                Assert.True(name is null || name.Length <= 1000, $"a metadata field holds {name?.Length} characters");
            Assert.Contains(work.Chapters.SelectMany(c => c.Paragraphs), p => p.Length >= 20_000_000);
        }
        catch (ImportException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Reads_the_copy(Case c)
    {
        var work = new StoryParser().Parse(Encoding.UTF8.GetBytes(c.Text.Replace("\r\n", "\n")), c.Name + ".txt").Work;
        var body = string.Join(" ", work.BodyText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(c.Platform, work.Platform);
        if (c.Title is not null || c.Name.Contains("without a title")) Assert.Equal(c.Title, work.Title);
        if (c.Summary is not null) Assert.Equal(c.Summary, work.Summary);
        if (c.Prompt is not null) Assert.Equal(c.Prompt, work.Prompt);
        if (c.Series is not null) Assert.Equal(c.Series, work.SeriesOrBook);
        if (c.NotesBefore is not null) Assert.StartsWith(c.NotesBefore, work.NotesBefore ?? work.Chapters[0].NotesBefore ?? "");
        if (c.NotesAfter is not null) Assert.StartsWith(c.NotesAfter, work.NotesAfter ?? work.Chapters[^1].NotesAfter ?? "");
        if (c.BodyStarts is not null) Assert.StartsWith(c.BodyStarts, body);
        if (c.BodyEnds is not null) Assert.EndsWith(c.BodyEnds, body);
        if (c.Chapters is not null) Assert.Equal(c.Chapters, work.Chapters.Select(ch => ch.Title));
        if (c.Complete is not null || c.Name.Contains("no end marker")) Assert.Equal(c.Complete, work.Complete);
        Assert.Equal(c.Truncated, work.Truncated);
        foreach (var tag in c.Tags ?? [])
        {
            var (category, name) = (tag[..tag.IndexOf(':')], tag[(tag.IndexOf(':') + 1)..]);
            Assert.Contains(work.Tags, t => t.Category.Slug() == category && t.Name == name);
        }
        if (c.Authors is not null) Assert.Equal(c.Authors, work.Authors);
        foreach (var chrome in c.NotInBody ?? []) Assert.DoesNotContain(chrome, body);
    }
}
