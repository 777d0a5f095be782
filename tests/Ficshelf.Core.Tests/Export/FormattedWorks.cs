using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Tests.Export;

/// <summary>Generated works that use every inline mark and block kind, odd characters, and empty titles.</summary>
public static class FormattedWorks
{
    /// <summary>A span over the first occurrence of <paramref name="part"/> in paragraph <paramref name="p"/>.</summary>
    private static InlineSpan Mark(string[] paragraphs, int p, string part, InlineMark mark, string? href = null, int occurrence = 0)
    {
        var at = -1;
        for (var i = 0; i <= occurrence; i++) at = paragraphs[p].IndexOf(part, at + 1, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException($"«{part}» is not in paragraph {p}");
        return new InlineSpan(p, at, part.Length, mark, href);
    }

    public static Work EveryMark()
    {
        string[] one =
        [
            "She did not say it. She thought it: you should have stayed.",
            "The note read “for you us” and then, smaller, a date.",
            "H2O, E = mc2, and the code word was swordfish.",
            "Read the archive’s FAQ, or write to the desk.",
            "A LETTER FROM THE COUNCIL",
            "Dear reader,\nthe lamps are out.\n \n— and the brackets [i] stay [/i] literal, as do \\ and \\[b] and [url=x].",
            "* * *",
            "[*] not a list, and [quote] not a quote",
            "Bread",
            "Salt",
            "First, knock.",
            "Second, wait.",
            "Third,  with  two  spaces and a\ttab.",
            "Centred words in the middle.",
            "And words on the right.",
            "“Quoted and centred,” she said.",
            "Crossing marks overlap here nicely.",
            "Nested: a link with emphasis inside it.",
            "\\",
            "[i]",
        ];
        var spans = new List<InlineSpan>
        {
            Mark(one, 0, "She thought it", InlineMark.Emphasis),
            Mark(one, 0, "you should have stayed.", InlineMark.Emphasis),
            Mark(one, 1, "for you", InlineMark.Strike),
            Mark(one, 1, "smaller", InlineMark.SmallCaps),
            Mark(one, 2, "2", InlineMark.Subscript),
            Mark(one, 2, "2", InlineMark.Superscript, occurrence: 1),
            Mark(one, 2, "swordfish", InlineMark.Code),
            Mark(one, 3, "archive’s FAQ", InlineMark.Link, "https://example.org/faq?a=1&b=[2]"),
            Mark(one, 3, "write to the desk", InlineMark.Link, "mailto:desk@example.org"),
            Mark(one, 4, "A LETTER FROM THE COUNCIL", InlineMark.Strong),
            Mark(one, 4, "COUNCIL", InlineMark.Underline),
            Mark(one, 5, "the lamps are out.\n \n— and", InlineMark.Emphasis),
            Mark(one, 16, "Crossing marks overlap", InlineMark.Strong),
            Mark(one, 16, "marks overlap here", InlineMark.Emphasis),
            Mark(one, 17, "a link with emphasis inside it", InlineMark.Link, "http://example.com/x"),
            Mark(one, 17, "emphasis", InlineMark.Emphasis),
            Mark(one, 19, "[i]", InlineMark.Emphasis),
        };
        var blocks = new List<BlockStyle>
        {
            new(4, BlockKind.Quote, TextAlign.Center),
            new(5, BlockKind.Quote),
            new(8, BlockKind.ListItem),
            new(9, BlockKind.ListItem),
            new(10, BlockKind.OrderedListItem),
            new(11, BlockKind.OrderedListItem, TextAlign.End),
            new(12, BlockKind.OrderedListItem),
            new(13, BlockKind.Paragraph, TextAlign.Center),
            new(14, BlockKind.Paragraph, TextAlign.End),
            new(15, BlockKind.Quote, TextAlign.Center),
        };
        string[] two = ["Whole paragraph in italics.", "Ends with a mark", "Chapter 3: a paragraph that looks like a heading", "Work Text:", "End Notes"];
        var spansTwo = new List<InlineSpan>
        {
            Mark(two, 0, "Whole paragraph in italics.", InlineMark.Emphasis),
            Mark(two, 0, "Whole", InlineMark.Strong),
            Mark(two, 1, "a mark", InlineMark.Underline),
        };
        return new Work
        {
            Platform = Platform.FanFictionNet,
            PlatformWorkId = "13370042",
            Title = "Lamps & [Brackets] <Out>",
            Authors = ["Ke'ra", "second author"],
            SeriesOrBook = "The Lamplighters",
            SeriesPart = 13,
            ChaptersTotal = 5,
            Published = new DateOnly(2019, 3, 4),
            Updated = new DateOnly(2021, 11, 30),
            Complete = false,
            Language = "en",
            Summary = "A summary with *asterisks* and [i]brackets[/i].\n\nA second paragraph.",
            Prompt = "lamps, but sad",
            NotesBefore = "Notes: \\ and [b].",
            NotesAfter = "End notes.\nTwo lines.",
            Tags =
            [
                new WorkTag(new Tag(TagCategory.Rating, "Teen And Up Audiences"), TagOrigin.Declared),
                new WorkTag(new Tag(TagCategory.Warning, "No Archive Warnings Apply"), TagOrigin.Declared),
                new WorkTag(new Tag(TagCategory.Fandom, "Original Work"), TagOrigin.Declared),
                new WorkTag(new Tag(TagCategory.Genre, "Drama"), TagOrigin.Declared),
                new WorkTag(new Tag(TagCategory.Freeform, "Tag, With Comma"), TagOrigin.Declared),
            ],
            Chapters =
            [
                new Chapter
                {
                    Number = 3, Title = "", Summary = "Chapter summary.", NotesBefore = "Chapter notes.", NotesAfter = "Chapter end notes.",
                    Paragraphs = one, Spans = InlineFormatting.Normalize(spans, one), Blocks = InlineFormatting.Normalize(blocks, one.Length),
                },
                new Chapter { Number = 4, Title = "Chapter 7: Not Seven", Paragraphs = two, Spans = InlineFormatting.Normalize(spansTwo, two) },
                new Chapter { Number = 5, Title = null, Paragraphs = ["A chapter with no title at all."] },
            ],
        };
    }

    /// <summary>Empty strings where titles and names would be; a plain-text work.</summary>
    public static Work Untitled()
    {
        string[] text = ["no title, no author, one emphasised word."];
        return new Work
        {
            Platform = Platform.Generic,
            Title = "",
            Authors = [""],
            Complete = true,
            Chapters = [new Chapter { Title = "", Paragraphs = text, Spans = [Mark(text, 0, "emphasised", InlineMark.Emphasis)] }],
        };
    }
}
