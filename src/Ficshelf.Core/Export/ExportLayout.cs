using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Export;

/// <summary>One labelled field of AO3's meta block ("Fandom:" with its tags, "Language:", "Stats:").</summary>
public sealed record MetaField(string Label, IReadOnlyList<string> Values);

/// <summary>
/// What every format shows, laid out the way AO3's downloads do: the meta block, title, by-line, summary, notes,
/// chapter headings, end notes. All text is cleaned of characters XML cannot carry.
/// </summary>
public sealed partial class ExportLayout
{
    private ExportLayout(Work work)
    {
        Work = work;
        Title = CleanOrNull(work.Title) ?? CleanOrNull(work.DisplayTitle) ?? "(untitled)";
        Authors = work.Authors.Select(Clean).Where(a => a.Length > 0).ToList();
        Summary = CleanOrNull(work.Summary);
        Notes = CleanOrNull(JoinNotes(work.Prompt is { } prompt ? "Prompt: " + prompt : null, work.NotesBefore));
        EndNotes = CleanOrNull(work.NotesAfter);
        Meta = BuildMeta(work);
        Chapters = work.Chapters.Select((c, i) =>
        {
            var text = Text(c);
            return new ChapterLayout(
                i + 1,
                HeadingOf(c, i + 1, work.Chapters.Count),
                CleanOrNull(c.Summary),
                CleanOrNull(c.NotesBefore),
                CleanOrNull(c.NotesAfter),
                text.Paragraphs) { Spans = text.Spans, Blocks = text.Blocks };
        }).ToList();
    }

    /// <summary>
    /// A chapter's text as every format writes it: each paragraph <see cref="Clean"/>ed, empty ones left out, and the
    /// marks and block styles carried over to the cleaned text (in their canonical form).
    /// </summary>
    public static (IReadOnlyList<string> Paragraphs, IReadOnlyList<InlineSpan> Spans, IReadOnlyList<BlockStyle> Blocks) Text(Chapter chapter)
    {
        var paragraphs = new List<string>();
        var spans = new List<InlineSpan>();
        var blocks = new List<BlockStyle>();
        var byParagraph = chapter.Spans.ToLookup(s => s.Paragraph);
        var styles = chapter.Blocks.ToLookup(b => b.Paragraph);
        for (var p = 0; p < chapter.Paragraphs.Count; p++)
        {
            var (text, position) = CleanWithPositions(chapter.Paragraphs[p]);
            if (text.Length == 0) continue;
            var index = paragraphs.Count;
            paragraphs.Add(text);
            foreach (var span in byParagraph[p])
            {
                var start = Math.Clamp(span.Start, 0, position.Length - 1);
                var end = Math.Clamp(span.Start + span.Length, start, position.Length - 1);
                spans.Add(span with { Paragraph = index, Start = position[start], Length = position[end] - position[start] });
            }
            blocks.AddRange(styles[p].Select(b => b with { Paragraph = index }));
        }
        return (paragraphs, InlineFormatting.Normalize(spans, paragraphs), InlineFormatting.Normalize(blocks, paragraphs.Count));
    }

    /// <summary>
    /// <see cref="Clean"/>, with where each boundary of the original text went: position[i] is the cleaned offset of
    /// the gap before original character i (position[length] the end), so a span [s, e) becomes [position[s], position[e]).
    /// </summary>
    public static (string Text, int[] Position) CleanWithPositions(string text)
    {
        var kept = new StringBuilder(text.Length);
        var origin = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(c).Append(text[i + 1]);
                origin.Add(i);
                origin.Add(++i);
                continue;
            }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF') continue;
            if (c < 0x20 && c is not ('\n' or '\r' or '\t')) continue;
            // ReplaceLineEndings("\n"): CR LF, CR, NEL, LS and PS are each one '\n'.
            if (c == '\n' && i > 0 && text[i - 1] == '\r' && origin.Count > 0 && origin[^1] == i - 1) continue;
            kept.Append(c is '\r' or '\u0085' or '\u2028' or '\u2029' ? '\n' : c);
            origin.Add(i);
        }
        var a = 0;
        var b = kept.Length;
        while (a < b && char.IsWhiteSpace(kept[a])) a++;
        while (b > a && char.IsWhiteSpace(kept[b - 1])) b--;
        var position = new int[text.Length + 1];
        var next = b - a;
        // Walk backwards: a dropped character's gap is that of the next kept one.
        var k2 = b - 1;
        for (var i = text.Length; i >= 0; i--)
        {
            while (k2 >= a && origin[k2] >= i) { next = k2 - a; k2--; }
            position[i] = Math.Clamp(next, 0, b - a);
        }
        return (kept.ToString(a, b - a), position);
    }

    public static ExportLayout Of(Work work) => new(work);

    public Work Work { get; }
    public string Title { get; }
    public IReadOnlyList<string> Authors { get; }
    public string? Summary { get; }
    public string? Notes { get; }
    public string? EndNotes { get; }
    public IReadOnlyList<MetaField> Meta { get; }
    public IReadOnlyList<ChapterLayout> Chapters { get; }

    /// <summary>A one-shot without a chapter title is written as AO3 writes one: the text with no chapter heading.</summary>
    public bool IsOneShot => Chapters.Count <= 1 && Chapters.All(c => c.Heading is null);

    /// <summary>"Teen And Up Audiences" → tags as dc:subject; the effective tags (user rejections left out).</summary>
    public IEnumerable<string> Subjects => Work.EffectiveTags.Select(t => Clean(t.Name)).Where(n => n.Length > 0).Distinct();

    public string ByLine => Authors.Count == 0 ? "" : "by " + string.Join(", ", Authors);

    /// <summary>The language as a BCP 47 tag for EPUB/HTML ("und" when the work's language is unknown or not a code).</summary>
    public string LanguageTag =>
        Work.Language is { } code && LanguageCodeRegex().IsMatch(code) ? code : "und";

    /// <summary>The label AO3 prints for each category, in AO3's order.</summary>
    private static readonly (TagCategory Category, string Label)[] TagFields =
    [
        (TagCategory.Rating, "Rating"),
        (TagCategory.Warning, "Archive Warning"),
        (TagCategory.Category, "Category"),
        (TagCategory.Fandom, "Fandom"),
        (TagCategory.Relationship, "Relationship"),
        (TagCategory.Character, "Character"),
        (TagCategory.Freeform, "Additional Tags"),
        (TagCategory.Genre, "Genre"),
    ];

    private static List<MetaField> BuildMeta(Work work)
    {
        var fields = new List<MetaField>();
        foreach (var (category, label) in TagFields)
        {
            var names = work.TagsIn(category).Select(t => Clean(t.Name)).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            // AO3 always prints the warning and additional-tag fields; the others only when they hold tags.
            if (names.Count > 0 || category is TagCategory.Warning or TagCategory.Freeform) fields.Add(new MetaField(label, names));
        }
        if (work.Language is { } language) fields.Add(new MetaField("Language", [Clean(LanguageName(language))]));
        // AO3's "Part 2 of The Series" when the place in the series is known.
        if (CleanOrNull(work.SeriesOrBook) is { } series)
            fields.Add(new MetaField("Series", [work.SeriesPart is { } part ? $"Part {part.ToString(CultureInfo.InvariantCulture)} of {series}" : series]));
        var stats = new List<string>();
        if (work.Published is { } published) stats.Add("Published: " + published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (work.Updated is { } updated) stats.Add((work.Complete == true ? "Completed: " : "Updated: ") + updated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        stats.Add("Words: " + work.WordCount.ToString("N0", CultureInfo.InvariantCulture));
        var count = work.Chapters.Count;
        var total = work.ChaptersTotal?.ToString(CultureInfo.InvariantCulture) ?? (work.Complete == true ? count.ToString(CultureInfo.InvariantCulture) : "?");
        if (work.Complete is not null || work.ChaptersTotal is not null) stats.Add($"Chapters: {count}/{total}");
        fields.Add(new MetaField("Stats", stats));
        return fields;
    }

    /// <summary>
    /// "Chapter 2: The Storm": the chapter's own heading when it reads as one, else a numbered heading around its title.
    /// Null only for a one-shot without a title.
    /// </summary>
    public static string? HeadingOf(Chapter chapter, int number, int count)
    {
        var title = CleanOrNull(chapter.Title)?.ReplaceLineEndings(" ");
        if (title is null) return count <= 1 ? null : $"Chapter {number}";
        return TextPatterns.IsChapterHeading(title) ? title : $"Chapter {number}: {title}";
    }

    /// <summary>AO3 prints the language's own name; the text importer maps these names back to the codes.</summary>
    public static string LanguageName(string code) => code.ToLowerInvariant() switch
    {
        "en" => "English", "es" => "Español", "fr" => "Français", "de" => "Deutsch", "it" => "Italiano", "pt" => "Português brasileiro",
        "ru" => "Русский", "pl" => "Polski", "zh" => "中文-普通话 國語", "ja" => "日本語", "id" => "Bahasa Indonesia", "nl" => "Nederlands",
        "vi" => "Tiếng Việt", "ko" => "한국어",
        _ => code,
    };

    /// <summary>A stable urn:uuid for the work (name-based, SHA-1, RFC 4122 version 5) so re-exports keep their identifier.</summary>
    public string Identifier
    {
        get
        {
            // RFC 4122 version 5 is defined over SHA-1; this names a book, it protects nothing.
#pragma warning disable CA5350
            var hash = SHA1.HashData(Encoding.UTF8.GetBytes("ficshelf:work:" + Work.ContentKey));
#pragma warning restore CA5350
            hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
            return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
        }
    }

    /// <summary>When the work last changed in the archive: its latest import, or a fixed date, never the clock (exports stay byte-identical).</summary>
    public DateTimeOffset Modified =>
        Work.Sources.Count > 0 ? Work.Sources.Max(s => s.ImportedAt).ToUniversalTime() : FixedDate;

    public static readonly DateTimeOffset FixedDate = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Text without the characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/FFFF), line ends as '\n'.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF') continue;
            if (c < 0x20 && c is not ('\n' or '\r' or '\t')) continue;
            builder.Append(c);
        }
        return builder.ToString().ReplaceLineEndings("\n").Trim();
    }

    public static string? CleanOrNull(string? text) => Clean(text) is { Length: > 0 } clean ? clean : null;

    /// <summary>A note's paragraphs ("\n\n" between them); a single '\n' inside one is a kept line break.</summary>
    public static IEnumerable<string> ParagraphsOf(string text) =>
        BlankLineRegex().Split(text).Select(p => p.Trim()).Where(p => p.Length > 0);

    private static string? JoinNotes(string? first, string? second) =>
        first is null ? second : second is null ? first : first + "\n\n" + second;

    [GeneratedRegex(@"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageCodeRegex();

    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex BlankLineRegex();
}

/// <summary>One chapter as exported: its heading (null for an untitled one-shot), notes and paragraphs.</summary>
public sealed record ChapterLayout(int Number, string? Heading, string? Summary, string? NotesBefore, string? NotesAfter, IReadOnlyList<string> Paragraphs)
{
    /// <summary>Inline marks over <see cref="Paragraphs"/> (canonical, see <see cref="InlineFormatting.Normalize(IEnumerable{InlineSpan}, IReadOnlyList{string})"/>).</summary>
    public IReadOnlyList<InlineSpan> Spans { get; init; } = [];

    public IReadOnlyList<BlockStyle> Blocks { get; init; } = [];
}
