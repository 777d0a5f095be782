namespace Ficshelf.Core.Domain;

/// <summary>One chapter of a work. A one-shot has a single chapter whose title is usually null.</summary>
public sealed record Chapter
{
    public int Number { get; init; } = 1;

    /// <summary>The chapter heading as the copy wrote it ("Chapter 2: The Storm"), or null when it had none.</summary>
    public string? Title { get; init; }

    public string? Summary { get; init; }
    public string? NotesBefore { get; init; }
    public string? NotesAfter { get; init; }

    /// <summary>Story text, one entry per paragraph; a line break inside a paragraph (verse, lyrics) is kept as '\n'.</summary>
    public IReadOnlyList<string> Paragraphs { get; init; } = [];

    /// <summary>
    /// Inline formatting over <see cref="Paragraphs"/> (emphasis, strike-through, links …), kept apart from the plain
    /// text so that search, analysis, word counts and the content key read the words alone. Empty for plain copies.
    /// </summary>
    public IReadOnlyList<InlineSpan> Spans { get; init; } = [];

    /// <summary>How paragraphs that are not plain body text are laid out (block quote, list item, centred …); a
    /// paragraph without an entry is a plain left-aligned paragraph.</summary>
    public IReadOnlyList<BlockStyle> Blocks { get; init; } = [];

    public int WordCount => WordCounter.Count(Paragraphs);
}

/// <summary>A story in the archive: clean metadata, chapters and tags, however the copy it came from was wrapped.</summary>
public sealed record Work
{
    /// <summary>The archive's number for the work; 0 until it is stored.</summary>
    public long Id { get; init; }

    /// <summary>Identity derived from the story text, so the same story imported twice is one work. (Not cached: a
    /// record copied with other chapters must not carry the old key.)</summary>
    public string ContentKey => WorkIdentity.KeyOf(Chapters);

    public Platform Platform { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>The series, book or collection the work is part of (a Wattpad book, an AO3 series).</summary>
    public string? SeriesOrBook { get; init; }

    /// <summary>The work's place in <see cref="SeriesOrBook"/> ("Part 2 of …"), when the copy says.</summary>
    public int? SeriesPart { get; init; }

    /// <summary>
    /// The platform's own number for the story when the copy shows it (AO3 work id "23009290", FanFiction.Net story id,
    /// Wattpad story id, Inkitt story id), read with <see cref="Platform"/>. Copies with the same platform and id are
    /// the same work even when their text differs (another chapter saved, a newer download).
    /// </summary>
    public string? PlatformWorkId { get; init; }

    /// <summary>How many chapters the story has according to the copy (AO3 "3/14" → 14, FanFiction.Net "Chapters: 8"),
    /// null when the copy does not say or the total is open ("3/?"). A copy holding fewer is partial.</summary>
    public int? ChaptersTotal { get; init; }

    /// <summary>When the platform says the work was first published and last updated, if the copy shows it.</summary>
    public DateOnly? Published { get; init; }

    public DateOnly? Updated { get; init; }

    public string? Summary { get; init; }

    /// <summary>The request or prompt a one-shot was written for.</summary>
    public string? Prompt { get; init; }

    public string? NotesBefore { get; init; }
    public string? NotesAfter { get; init; }
    public IReadOnlyList<Chapter> Chapters { get; init; } = [];
    public IReadOnlyList<WorkTag> Tags { get; init; } = [];

    /// <summary>ISO 639-1 code when known ("en").</summary>
    public string? Language { get; init; }

    /// <summary>True when the copy marks the work finished, false when it marks it unfinished, null when it says nothing.</summary>
    public bool? Complete { get; init; }

    /// <summary>The copy stops mid-sentence: part of the story is missing from this copy.</summary>
    public bool Truncated { get; init; }

    /// <summary>The platform strings recognised and taken out of the text during import (kept for the record; the original has them too).</summary>
    public IReadOnlyList<string> Chrome { get; init; } = [];

    public IReadOnlyList<SourceInfo> Sources { get; init; } = [];

    /// <summary>When the archive first stored the work (null before it is stored).</summary>
    public DateTimeOffset? AddedAt { get; init; }

    public int WordCount => Chapters.Sum(c => c.WordCount);

    public IEnumerable<string> BodyParagraphs => Chapters.SelectMany(c => c.Paragraphs);

    public string BodyText => string.Join("\n\n", BodyParagraphs);

    public IEnumerable<WorkTag> TagsIn(TagCategory category) => EffectiveTags.Where(t => t.Category == category);

    /// <summary>
    /// The tags that apply: what the author declared and Ficshelf inferred, with the user's word last — a user tag
    /// with confidence 0 rejects that tag whatever its origin, any other user tag adds it.
    /// </summary>
    public IEnumerable<WorkTag> EffectiveTags => Effective(Tags);

    /// <summary>The rule of <see cref="EffectiveTags"/> over any list of a work's tags.</summary>
    public static IEnumerable<WorkTag> Effective(IReadOnlyList<WorkTag> tags)
    {
        var rejected = tags.Where(t => t.Origin == TagOrigin.User && t.Confidence == 0).Select(t => t.Tag).ToHashSet();
        return tags.Where(t => !rejected.Contains(t.Tag) && !(t.Origin == TagOrigin.User && t.Confidence == 0));
    }

    public const string Untitled = "Untitled";

    /// <summary>The title to show: the copy's, else its series, else "Untitled" — a first sentence is not a title.</summary>
    public string DisplayTitle => Title ?? SeriesOrBook ?? Untitled;

    /// <summary>The title in lists: an untitled work is "Untitled (begins “…”)", its first words marked as a hint.</summary>
    public string ListTitle => Title ?? SeriesOrBook ?? (FirstWordsHint is { } hint ? $"{Untitled} ({hint})" : Untitled);

    /// <summary>For lists of untitled works only, the first words as a hint, marked as such (never the title).</summary>
    public string? FirstWordsHint => Title is null && SeriesOrBook is null && FirstWords(8) is { Length: > 0 } words ? $"begins “{words}”" : null;

    private string FirstWords(int count)
    {
        var words = BodyParagraphs.SelectMany(p => p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Take(count + 1).ToList();
        return words.Count == 0 ? "" : string.Join(' ', words.Take(count)) + (words.Count > count ? "…" : "");
    }
}

/// <summary>One imported file behind a work. The original bytes live in storage and are fetched on demand.</summary>
public sealed record SourceInfo(
    long Id,
    Platform Platform,
    string FileName,
    string ContentHash,
    string Encoding,
    long Size,
    DateTimeOffset ImportedAt)
{
    /// <summary>
    /// For a copy whose text differs from the text the work shows (a near-duplicate from another platform, a shorter
    /// copy): how alike the two are, 0–1 (see NearDuplicates). Null when this copy's text is the work's text.
    /// </summary>
    public double? Similarity { get; init; }

    /// <summary>This copy's platform story id (see <see cref="Work.PlatformWorkId"/>), when it showed one.</summary>
    public string? PlatformWorkId { get; init; }
}
