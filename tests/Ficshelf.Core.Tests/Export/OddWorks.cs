using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Tests.Export;

/// <summary>Works written for the export tests: one with nothing but text, one full of awkward characters, a long one.</summary>
public static class OddWorks
{
    /// <summary>No title, author, summary, tags or chapter titles.</summary>
    public static Work Bare() => new()
    {
        Chapters = [new Chapter { Paragraphs = ["The kettle clicked off before anyone had asked for tea.", "Nobody moved to pour it."] }],
    };

    /// <summary>Markup characters, emoji, right-to-left text, characters XML forbids, a lone surrogate, verse line breaks.</summary>
    public static Work Unusual() => new()
    {
        Title = "Fish & Chips <b>at</b> \"Midnight\" 🐟\u0001",
        Authors = ["ampersand&co", "ليلى", "<script>alert(1)</script>"],
        Summary = "Two cooks, one fryer & a <blink> sign.\n\nשלום — a second paragraph with RTL text.",
        NotesBefore = "Written for the 🍟 exchange.\u0007",
        NotesAfter = "Thanks for reading! ]]> <!-- not a comment -->",
        Language = "en",
        SeriesOrBook = "Kitchen <Tales>",
        Complete = true,
        Tags =
        [
            new WorkTag(new Tag(TagCategory.Rating, "Teen And Up Audiences"), TagOrigin.Declared),
            new WorkTag(new Tag(TagCategory.Fandom, "Original Work"), TagOrigin.Declared),
            new WorkTag(new Tag(TagCategory.Relationship, "Cook/Other Cook"), TagOrigin.Declared),
            new WorkTag(new Tag(TagCategory.Character, "Cook"), TagOrigin.Inferred, 0.9, "named 12 times"),
            new WorkTag(new Tag(TagCategory.Freeform, "Fluff & Crack"), TagOrigin.User, 1),
            new WorkTag(new Tag(TagCategory.Freeform, "Rejected Tag"), TagOrigin.Inferred, 0.6),
            new WorkTag(new Tag(TagCategory.Freeform, "Rejected Tag"), TagOrigin.User, 0),
        ],
        Chapters =
        [
            new Chapter
            {
                Number = 1, Title = "Chapter 1: Oil & <Water>", Summary = "In which the fryer <misbehaves>.", NotesBefore = "A note ☕",
                Paragraphs = ["“Is it hot?” she asked. 5 < 6 && 7 > 3.", "The sign said\nOPEN\nin red 🔴 letters.", "مرحبا بالعالم — she read aloud.\uD800"],
            },
            new Chapter
            {
                Number = 2, Title = "Closing Time", NotesAfter = "See you next week & beyond.",
                Paragraphs = ["The last customer left at two, humming something in a language nobody knew."],
            },
        ],
    };

    public static Work Long(int chapters, int paragraphsPerChapter) => new()
    {
        Title = "The Longest Road",
        Authors = ["milestone"],
        Language = "en",
        Chapters = Enumerable.Range(1, chapters).Select(n => new Chapter
        {
            Number = n,
            Title = $"Chapter {n}",
            Paragraphs = Enumerable.Range(1, paragraphsPerChapter)
                .Select(p => $"Mile {n * 1000 + p}: the road went on past another fence post, another field, another gate left open.").ToList(),
        }).ToList(),
    };
}
