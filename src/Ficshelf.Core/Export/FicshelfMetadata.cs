using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Export;

/// <summary>
/// What Ficshelf knows about an exported work beyond what the visible page shows, in Ficshelf's own marked metadata
/// (EPUB: the OPF meta property <c>ficshelf:work</c>; HTML: a hidden <c>pre#ficshelf-metadata</c> data block; text:
/// the trailer after <see cref="TextMarker"/>): every tag with its origin, confidence and evidence, the platform and
/// its work id, series and part, completeness, chapter count and dates, and each chapter's exact title and notes with
/// the number of paragraphs its text has. Ficshelf reads an export back from this and the text; any other reader sees
/// an AO3-style download.
/// </summary>
internal sealed record FicshelfMetadata
{
    public const string FormatName = "ficshelf-work";
    public const int CurrentVersion = 1;

    /// <summary>The line that opens the trailer of a text export; the JSON follows it.</summary>
    public const string TextMarker = "=== Ficshelf metadata (ficshelf-work JSON; read back by Ficshelf's import) ===";

    /// <summary>The id of the HTML export's data block.</summary>
    public const string HtmlBlockId = "ficshelf-metadata";

    /// <summary>The OPF meta property of the EPUB export, and the prefix it is declared under.</summary>
    public const string OpfProperty = "ficshelf:work";

    public const string OpfPrefix = "ficshelf: urn:x-ficshelf:export#";

    public string Format { get; init; } = FormatName;
    public int Version { get; init; } = CurrentVersion;
    public string Platform { get; init; } = "generic";
    public string? PlatformWorkId { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public string? Series { get; init; }
    public int? SeriesPart { get; init; }
    public int? ChaptersTotal { get; init; }
    public DateOnly? Published { get; init; }
    public DateOnly? Updated { get; init; }
    public bool? Complete { get; init; }
    public bool Truncated { get; init; }
    public string? Language { get; init; }
    public string? Summary { get; init; }
    public string? Prompt { get; init; }
    public string? NotesBefore { get; init; }
    public string? NotesAfter { get; init; }
    public IReadOnlyList<TagEntry> Tags { get; init; } = [];
    public IReadOnlyList<ChapterEntry> Chapters { get; init; } = [];

    public sealed record TagEntry(string Category, string Name, string Origin, double? Confidence = null, string? Evidence = null);

    /// <summary>
    /// A chapter: its number and title as the archive has them (no heading added), notes, how many paragraphs its text
    /// has and, in the text export, the line (from 1) of the "Work Text:"/"Chapter Text" label its text follows.
    /// </summary>
    public sealed record ChapterEntry(int Number, string? Title, string? Summary, string? NotesBefore, string? NotesAfter, int Paragraphs, int? TextLine = null);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        // The JSON is written inside XML/HTML through an escaping writer, or as plain text: no need to \u-escape letters.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 8,
    };

    public static FicshelfMetadata Of(ExportLayout layout)
    {
        var work = layout.Work;
        return new FicshelfMetadata
        {
            Platform = work.Platform.Slug(),
            PlatformWorkId = ExportLayout.CleanOrNull(work.PlatformWorkId),
            Title = ExportLayout.CleanOrNull(work.Title),
            Authors = layout.Authors,
            Series = ExportLayout.CleanOrNull(work.SeriesOrBook),
            SeriesPart = work.SeriesPart,
            ChaptersTotal = work.ChaptersTotal,
            Published = work.Published,
            Updated = work.Updated,
            Complete = work.Complete,
            Truncated = work.Truncated,
            Language = ExportLayout.CleanOrNull(work.Language),
            Summary = ExportLayout.CleanOrNull(work.Summary),
            Prompt = ExportLayout.CleanOrNull(work.Prompt),
            NotesBefore = ExportLayout.CleanOrNull(work.NotesBefore),
            NotesAfter = ExportLayout.CleanOrNull(work.NotesAfter),
            Tags = work.Tags.Where(t => ExportLayout.Clean(t.Name).Length > 0)
                .Select(t => new TagEntry(t.Category.Slug(), ExportLayout.Clean(t.Name), t.Origin.Slug(), t.Confidence, ExportLayout.CleanOrNull(t.Evidence)))
                .ToList(),
            Chapters = work.Chapters.Select((c, i) => new ChapterEntry(
                c.Number, ExportLayout.CleanOrNull(c.Title), ExportLayout.CleanOrNull(c.Summary), ExportLayout.CleanOrNull(c.NotesBefore),
                ExportLayout.CleanOrNull(c.NotesAfter), layout.Chapters[i].Paragraphs.Count)).ToList(),
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The metadata in <paramref name="json"/>, or null when it is not Ficshelf's (another format, a newer version, broken JSON).</summary>
    public static FicshelfMetadata? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            var metadata = JsonSerializer.Deserialize<FicshelfMetadata>(json.Trim(), Json);
            return metadata is { Format: FormatName, Version: CurrentVersion } ? metadata : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The work the metadata describes, with the given chapter texts (one per <see cref="Chapters"/> entry).</summary>
    public Work ToWork(IReadOnlyList<(IReadOnlyList<string> Paragraphs, IReadOnlyList<InlineSpan> Spans, IReadOnlyList<BlockStyle> Blocks)> texts)
    {
        var tags = new List<WorkTag>();
        foreach (var tag in Tags)
        {
            if (!TagNames.TryParseCategory(tag.Category, out var category) || !TagNames.TryParseOrigin(tag.Origin, out var origin)) continue;
            tags.Add(new WorkTag(new Tag(category, tag.Name), origin, tag.Confidence, tag.Evidence));
        }
        _ = PlatformNames.TryParse(Platform, out var platform); // an unknown name reads as Generic, what TryParse gives then
        return new Work
        {
            Platform = platform,
            PlatformWorkId = PlatformWorkId,
            Title = Title,
            Authors = Authors,
            SeriesOrBook = Series,
            SeriesPart = SeriesPart,
            ChaptersTotal = ChaptersTotal,
            Published = Published,
            Updated = Updated,
            Complete = Complete,
            Truncated = Truncated,
            Language = Language,
            Summary = Summary,
            Prompt = Prompt,
            NotesBefore = NotesBefore,
            NotesAfter = NotesAfter,
            Tags = tags,
            Chapters = Chapters.Select((c, i) => new Chapter
            {
                Number = c.Number,
                Title = c.Title,
                Summary = c.Summary,
                NotesBefore = c.NotesBefore,
                NotesAfter = c.NotesAfter,
                Paragraphs = texts[i].Paragraphs,
                Spans = texts[i].Spans,
                Blocks = texts[i].Blocks,
            }).ToList(),
        };
    }
}
