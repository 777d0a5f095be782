using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Import.Documents;

/// <summary>
/// The real AO3 files in ../shared/real (other people's works, never copied here), each read as its README says a
/// careful reader reads it. Skipped on a clone without ../shared; failing under CI=true.
/// </summary>
public sealed class Ao3RealFileTests
{
    private static readonly StoryParser Parser = new();

    private static Work Read(string name) => Parser.Parse(File.ReadAllBytes(TestPaths.RequireShared("real", name)), name).Work;

    private static ImportException Refused(string name) =>
        Assert.Throws<ImportException>(() => Parser.Parse(File.ReadAllBytes(TestPaths.RequireShared("real", name)), name));

    private static string[] Declared(Work work, TagCategory category) =>
        work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category == category).Select(t => t.Name).ToArray();

    /// <summary>Every word of the copy's text, notes and summaries: what must not hold the page's chrome.</summary>
    private static string Everything(Work work) =>
        string.Join("\n", work.BodyParagraphs.Concat(work.Chapters.SelectMany(c => new[] { c.Title, c.Summary, c.NotesBefore, c.NotesAfter }))
            .Concat([work.Title, work.Summary, work.NotesBefore, work.NotesAfter]).Concat(work.Authors).OfType<string>());

    [SkippableFact]
    public void Saved_work_page_signed_in()
    {
        var work = Read("ao3-saved-work-page.html");

        Assert.Equal(Platform.Ao3, work.Platform);
        Assert.Equal("so I open the window to hear sounds of people", work.Title);
        Assert.Equal(["oriflamme"], work.Authors);
        Assert.Equal("41822007", work.PlatformWorkId);
        Assert.Equal(["Teen And Up Audiences"], Declared(work, TagCategory.Rating));
        Assert.Equal(["No Archive Warnings Apply"], Declared(work, TagCategory.Warning));
        Assert.Equal(["Gen"], Declared(work, TagCategory.Category));
        Assert.Equal(["The Locked Tomb Series | Gideon the Ninth Series - Tamsyn Muir"], Declared(work, TagCategory.Fandom));
        Assert.Equal(4, Declared(work, TagCategory.Character).Length);
        Assert.Contains("John Gaius | Necrolord Prime", Declared(work, TagCategory.Character));
        Assert.Equal(9, Declared(work, TagCategory.Freeform).Length);
        Assert.Contains("Unreliable Narrator", Declared(work, TagCategory.Freeform));
        Assert.Empty(Declared(work, TagCategory.Relationship));
        Assert.Equal("en", work.Language);
        Assert.Equal("it's about the bones 👌", work.SeriesOrBook);
        Assert.Equal(3, work.SeriesPart);
        Assert.Equal(new DateOnly(2022, 9, 20), work.Published);
        Assert.Equal(1, work.ChaptersTotal);
        Assert.True(work.Complete);

        Assert.StartsWith("\"You know I had to do it to them,\" John mumbles.", work.Summary);
        Assert.EndsWith("entire nuclear stockpile of the planet Earth.", work.Summary);
        // The work's notes are all at its end; the preface only points there.
        Assert.Null(work.NotesBefore);
        Assert.StartsWith("I'm not sourcing all the memes", work.NotesAfter);

        var chapter = Assert.Single(work.Chapters);
        Assert.Null(chapter.Title);
        Assert.InRange(work.WordCount, 5500, 6000);
        Assert.Equal("1. If you find yourself in a hole, stop digging.", chapter.Paragraphs[0]);
        var everything = Everything(work);
        foreach (var chrome in new[] { "Forgot password", "Hide Creator's Style", "Previous Work", "Work Text", "left kudos", "Site Map", "otwarchive", "Archive of Our Own" })
            Assert.DoesNotContain(chrome, everything, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Saved_chapter_page_of_a_work_in_progress()
    {
        var work = Read("ao3-saved-chapter-page-wip.html");

        Assert.Equal("Nobody Expects the Dragon Age Inquisition", work.Title);
        Assert.Equal(["enigmalea"], work.Authors);
        Assert.Equal("17793689", work.PlatformWorkId);
        Assert.Equal(["Dragon Age: Inquisition", "Dragon Age (Video Games)", "Dragon Age - All Media Types"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["Mature"], Declared(work, TagCategory.Rating));
        Assert.Equal(["F/M"], Declared(work, TagCategory.Category));
        Assert.Equal(["No Archive Warnings Apply"], Declared(work, TagCategory.Warning));
        Assert.Equal(5, Declared(work, TagCategory.Relationship).Length);
        Assert.Contains("Solas (Dragon Age)", Declared(work, TagCategory.Character));
        Assert.True(Declared(work, TagCategory.Freeform).Length >= 30);
        Assert.Contains("Slow Burn", Declared(work, TagCategory.Freeform));
        Assert.Equal("Thedas Unveiled", work.SeriesOrBook);
        Assert.Equal(1, work.SeriesPart);
        Assert.Equal(new DateOnly(2019, 2, 15), work.Published);
        Assert.Equal(new DateOnly(2019, 12, 28), work.Updated);
        // 14/?: in progress, total unknown; this copy holds chapter 1 only.
        Assert.Null(work.ChaptersTotal);
        Assert.False(work.Complete);
        Assert.StartsWith("A Modern Thedas AU, in which", work.Summary);

        var chapter = Assert.Single(work.Chapters);
        Assert.Equal(1, chapter.Number);
        Assert.Equal("Chapter 1: The Guild", chapter.Title);
        Assert.Equal("Fenina Lavellan's MMO guild discovers they all live closer than they thought and decides to meet up.", chapter.Summary);
        Assert.StartsWith("Partially inspired by", chapter.NotesBefore);
        Assert.DoesNotContain("See the end of the chapter", chapter.NotesBefore);
        Assert.StartsWith("Fen'Harel shal em - Fen'Harel save me", chapter.NotesAfter);
        Assert.StartsWith("Fenina Lavellan sighed heavily", chapter.Paragraphs[0]);
        Assert.Equal("Best friends who might not be best friends after Saturday.", chapter.Paragraphs[^1]);
        var everything = Everything(work);
        foreach (var chrome in new[] { "Next Chapter", "Chapter Index", "Entire Work", "Kudos", "Chapter Text", "Full-Page Index" })
            Assert.DoesNotContain(chrome, everything, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Adult_content_warning_page_is_refused()
    {
        var error = Refused("ao3-adult-content-warning-page.html");
        Assert.Contains("adult-content", error.Reason);
        Assert.Contains("Proceed", error.Reason);
    }

    [SkippableFact]
    public void Sign_in_page_of_a_restricted_work_is_refused()
    {
        var error = Refused("ao3-restricted-work-login-page.html");
        Assert.Contains("sign in and save the work page", error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertOneShot(Work work)
    {
        Assert.Equal(Platform.Ao3, work.Platform);
        Assert.Equal("My Aim Is Steady And True", work.Title);
        Assert.Equal(["nianeyna"], work.Authors);
        Assert.Equal("23009290", work.PlatformWorkId);
        Assert.Equal(["Teen And Up Audiences"], Declared(work, TagCategory.Rating));
        Assert.Equal(["Graphic Depictions Of Violence"], Declared(work, TagCategory.Warning));
        Assert.Equal(["M/M"], Declared(work, TagCategory.Category));
        Assert.Equal(["Final Fantasy XIV"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["Honoroit Banlardois/Emmanellain de Fortemps"], Declared(work, TagCategory.Relationship));
        Assert.Equal(["Honoroit Banlardois", "Emmanellain de Fortemps"], Declared(work, TagCategory.Character));
        Assert.Equal(8, Declared(work, TagCategory.Freeform).Length);
        Assert.Equal(new DateOnly(2020, 3, 4), work.Published);
        Assert.Equal(1, work.ChaptersTotal);
        Assert.True(work.Complete);
        Assert.StartsWith("100 percent all-natural fandom-grade h/c.", work.Summary);
        Assert.Equal("Beta'd by the inimitable Cascaper.", work.NotesBefore);
        Assert.StartsWith("Dedicated to everyone over at #the-emmhono-corner", work.NotesAfter);
        var chapter = Assert.Single(work.Chapters);
        Assert.Null(chapter.Title);
        Assert.Equal("Their contact was late.", chapter.Paragraphs[0]);
        Assert.Equal("Honoroit smiled at him. “I rather like the sound of that.”", chapter.Paragraphs[^1]);
        Assert.Contains("Terribly sorry for scheduling a meeting before breakfast. I asked Medguistl to make this up for you us.", chapter.Paragraphs);
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("My Aim Is Steady And True") || p.Contains("drop by the Archive"));
    }

    [SkippableFact]
    public void Epub_download_of_a_one_shot() => AssertOneShot(Read("ao3-download-oneshot.epub"));

    [SkippableFact]
    public void Html_download_of_the_same_one_shot() => AssertOneShot(Read("ao3-download-oneshot.html"));

    [SkippableFact]
    public void Epub_download_of_a_work_in_progress()
    {
        var work = Read("ao3-download-wip.epub");

        Assert.Equal("Fire and Feather", work.Title);
        Assert.Equal(["nianeyna"], work.Authors);
        Assert.Equal("218676", work.PlatformWorkId);
        Assert.Equal(["Valdemar Series - Mercedes Lackey"], Declared(work, TagCategory.Fandom));
        Assert.Equal(new DateOnly(2006, 7, 9), work.Published);
        Assert.Equal(new DateOnly(2007, 6, 25), work.Updated);
        Assert.Null(work.ChaptersTotal);
        Assert.False(work.Complete);
        Assert.StartsWith("In a small village on the western border of Jkatha", work.Summary);
        Assert.StartsWith("This is my first fanfic ever.", work.NotesBefore);
        Assert.StartsWith("I think this is my longest published work to date.", work.NotesAfter);

        Assert.Equal(["Chapter 1: Festival", "Chapter 2: Riversong K'Vala", "Chapter 3: Conversations"], work.Chapters.Select(c => c.Title!).ToArray());
        Assert.Equal([1, 2, 3], work.Chapters.Select(c => c.Number).ToArray());
        Assert.StartsWith("Only one more chapter of this", work.Chapters[1].NotesBefore);
        Assert.Equal("oh bb!Nia, why so many italics?", work.Chapters[1].NotesAfter);
        Assert.StartsWith("Seriously, so many italics.", work.Chapters[2].NotesAfter);
        Assert.All(work.Chapters, c => Assert.True(c.Paragraphs.Count > 20));
        Assert.DoesNotContain(work.BodyParagraphs, p => p.Contains("Chapter End Notes") || p.Contains("See the end of the chapter") || p.Contains("Afterword"));
    }

    [SkippableFact]
    public void Html_download_in_the_older_template()
    {
        var work = Read("ao3-download-older-template-wip.html");

        Assert.Equal("for all of my life", work.Title);
        Assert.Equal(["nemaria (veredure)"], work.Authors);
        Assert.Equal("26588605", work.PlatformWorkId);
        Assert.Equal(["Fire Emblem: Fuukasetsugetsu | Fire Emblem: Three Houses"], Declared(work, TagCategory.Fandom));
        Assert.Equal(["Explicit"], Declared(work, TagCategory.Rating));
        Assert.Equal(["M/M"], Declared(work, TagCategory.Category));
        Assert.Equal("sweet talks", work.SeriesOrBook);
        Assert.Equal(2, work.SeriesPart);
        Assert.Equal(4, work.ChaptersTotal);
        Assert.False(work.Complete);
        Assert.Equal(3, work.Chapters.Count);
        Assert.Equal(["Wedding", "PDA", "Warmth"], work.Chapters.Select(c => c.Title!).ToArray());
        // The collection is where the work was posted, not a tag or a series.
        Assert.DoesNotContain(work.Tags, t => t.Name.Contains("Sylvix Week 2020 Fic Collection"));
        Assert.StartsWith("At Ingrid and Dorothea's wedding", work.Summary);
        Assert.StartsWith("Thanks for reading!", work.Chapters[0].NotesAfter);
    }
}
