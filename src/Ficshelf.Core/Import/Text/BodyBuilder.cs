using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Import.Text;

internal sealed record BodyOptions
{
    /// <summary>Split at "Chapter N" / "Prologue" headings.</summary>
    public bool DetectChapters { get; init; } = true;

    /// <summary>Take "A/N:" paragraphs at the start and end of chapters out of the story text.</summary>
    public bool ExtractNotes { get; init; } = true;

    /// <summary>Take "The End." / "To be continued" off the end of the story as a completion marker.</summary>
    public bool DetectEndMarkers { get; init; } = true;
}

/// <summary>A chapter as an importer found it, before notes, end markers and split dialogue are dealt with.</summary>
internal sealed class RawChapter(string? title, IEnumerable<string> paragraphs)
{
    public string? Title { get; } = title;
    public List<string> Paragraphs { get; } = paragraphs.ToList();
    public string? Summary { get; init; }
    public string? NotesBefore { get; set; }
    public string? NotesAfter { get; set; }
}

public sealed record Body(
    IReadOnlyList<Chapter> Chapters,
    string? NotesBefore,
    string? NotesAfter,
    bool? Complete,
    bool Truncated,
    IReadOnlyList<string> Chrome);

/// <summary>
/// The part of every importer that is the same on every platform: once a platform's own chrome is gone,
/// the remaining text becomes chapters of paragraphs, with author's notes and end markers taken out.
/// </summary>
internal static class BodyBuilder
{
    public static Body Build(IEnumerable<string> lines, BodyOptions? options = null)
    {
        options ??= new BodyOptions();
        var chapters = new List<RawChapter> { new(null, []) };
        foreach (var paragraph in Paragraphs.FromLines(lines))
        {
            if (options.DetectChapters && TextPatterns.IsChapterHeading(paragraph))
                chapters.Add(new RawChapter(paragraph, []));
            else
                chapters[^1].Paragraphs.Add(paragraph);
        }
        return Build(chapters, options);
    }

    public static Body Build(IReadOnlyList<RawChapter> chapters, BodyOptions? options = null)
    {
        options ??= new BodyOptions();
        var chrome = new List<string>();
        string? workNotesBefore = null;

        bool? complete = null;
        var last = chapters.Count - 1;
        while (last >= 0 && chapters[last].Paragraphs.Count == 0) last--;
        if (last >= 0 && options.DetectEndMarkers)
        {
            // Notes may follow "The End.": look past them for the marker.
            var tail = new List<string>(chapters[last].Paragraphs);
            var notes = options.ExtractNotes ? TakeTrailingNotes(tail, chrome) : null;
            var changed = false;
            // "~fin~" / "The End." may be followed by the author's sign-off ("thanks for reading!"): look past it.
            for (var k = tail.Count - 1; k >= Math.Max(1, tail.Count - 4); k--)
            {
                if (TextPatterns.EndMarker(tail[k]) is not { } marker) continue;
                var after = tail.Skip(k + 1).ToList();
                if (after.Any(p => p.Length > 400 || SiteChrome.StartsDialogue(p))) break;
                complete = marker;
                chrome.Add(tail[k]);
                tail.RemoveRange(k, tail.Count - k);
                notes = Join(options.ExtractNotes ? LineLists.JoinParagraphs(after) : null, notes);
                if (!options.ExtractNotes) tail.AddRange(after);
                changed = true;
                break;
            }
            if (complete is null && options.ExtractNotes && TakeSignOff(tail) is { } signOff)
            {
                notes = Join(signOff, notes);
                changed = true;
            }
            // Without a marker or a sign-off the chapter is left whole: the pass below takes its notes in order.
            if (changed)
            {
                chapters[last].Paragraphs.Clear();
                chapters[last].Paragraphs.AddRange(tail);
                chapters[last].NotesAfter = Join(notes, chapters[last].NotesAfter);
            }
        }

        var result = new List<Chapter>();
        for (var i = 0; i < chapters.Count; i++)
        {
            var raw = chapters[i];
            if (options.ExtractNotes)
            {
                raw.NotesBefore = Join(raw.NotesBefore, TakeLeadingNotes(raw.Paragraphs, chrome));
                raw.NotesAfter = Join(TakeTrailingNotes(raw.Paragraphs, chrome), raw.NotesAfter);
            }
            if (raw.Title is null && raw.Paragraphs.Count == 0)
            {
                // Only notes before the first heading: they belong to the work.
                workNotesBefore = Join(workNotesBefore, Join(raw.NotesBefore, raw.NotesAfter));
                continue;
            }
            result.Add(new Chapter
            {
                Number = result.Count + 1,
                Title = raw.Title,
                Summary = raw.Summary,
                NotesBefore = raw.NotesBefore,
                NotesAfter = raw.NotesAfter,
                Paragraphs = Paragraphs.Rejoin(raw.Paragraphs),
            });
        }

        string? workNotesAfter = null;
        if (result.Count == 1 && result[0].Title is null)
        {
            // A one-shot's notes are the work's notes.
            workNotesBefore = Join(workNotesBefore, result[0].NotesBefore);
            workNotesAfter = result[0].NotesAfter;
            result[0] = result[0] with { NotesBefore = null, NotesAfter = null };
        }

        var lastParagraph = result.SelectMany(c => c.Paragraphs).LastOrDefault(p => !TextPatterns.IsSceneBreak(p));
        var truncated = complete is null && lastParagraph is not null && !TextPatterns.EndsSentence(lastParagraph);
        return new Body(result, workNotesBefore, workNotesAfter, complete, truncated, chrome);
    }

    /// <summary>
    /// The author's closing words to readers ("hope you liked it!! requests are open") at the very end, without a label:
    /// from the first sign-off paragraph among the last three, when every paragraph from there on is short and not dialogue.
    /// </summary>
    private static string? TakeSignOff(List<string> body)
    {
        for (var i = Math.Max(1, body.Count - 3); i < body.Count; i++)
        {
            if (!SiteChrome.IsSignOff(body[i])) continue;
            var rest = body.Skip(i).ToList();
            if (rest.Any(p => p.Length > 400 || SiteChrome.StartsDialogue(p))) return null;
            body.RemoveRange(i, body.Count - i);
            return string.Join("\n\n", rest);
        }
        return null;
    }

    /// <summary>Consecutive author's-note paragraphs at the start; a label on its own line takes the next paragraph as its text.</summary>
    private static string? TakeLeadingNotes(List<string> body, List<string> chrome)
    {
        var notes = new List<string>();
        var taken = 0; // removed once at the end: removing from the front one by one is quadratic
        while (taken < body.Count)
        {
            var text = TextPatterns.AuthorsNoteText(body[taken], loose: true);
            if (text is null) break;
            chrome.Add(NoteLabel(body[taken], text));
            taken++;
            if (text.Length == 0 && taken < body.Count)
            {
                text = body[taken];
                taken++;
            }
            if (text.Length > 0) notes.Add(text);
        }
        body.RemoveRange(0, taken);
        return notes.Count == 0 ? null : string.Join("\n\n", notes);
    }

    /// <summary>
    /// An author's note near the end and the short paragraphs after it ("A/N: thanks for reading!" / "Requests are open").
    /// Only a clear "A/N" / "Author's note" label counts here: "Note:" at the end may be story text.
    /// </summary>
    private static string? TakeTrailingNotes(List<string> body, List<string> chrome)
    {
        for (var i = Math.Max(0, body.Count - 4); i < body.Count; i++)
        {
            var text = TextPatterns.AuthorsNoteText(body[i]);
            if (text is null) continue;
            var rest = body.Skip(i + 1).ToList();
            if (rest.Any(p => p.Length > 400 || p.StartsWith('"') || p.StartsWith('“'))) continue;
            var notes = new List<string>();
            chrome.Add(NoteLabel(body[i], text));
            if (text.Length > 0) notes.Add(text);
            notes.AddRange(rest);
            body.RemoveRange(i, body.Count - i);
            return notes.Count == 0 ? null : string.Join("\n\n", notes);
        }
        return null;
    }

    /// <summary>The label part of a note paragraph ("A/N:"), kept as recognised chrome.</summary>
    private static string NoteLabel(string paragraph, string text)
    {
        var at = text.Length == 0 ? -1 : paragraph.IndexOf(text, StringComparison.Ordinal);
        return (at > 0 ? paragraph[..at] : paragraph).Trim();
    }

    public static string? Join(string? a, string? b) =>
        string.IsNullOrEmpty(a) ? (string.IsNullOrEmpty(b) ? null : b) : string.IsNullOrEmpty(b) ? a : a + "\n\n" + b;
}
