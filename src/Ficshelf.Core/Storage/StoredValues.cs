using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Storage;

/// <summary>
/// How values without a column type of their own are kept, the same on every provider so an archive moves between
/// them byte for byte: dates as ISO text (yyyy-MM-dd), a chapter's formatting as one JSON text (NULL when the chapter
/// has neither spans nor blocks, so plain copies cost nothing).
/// </summary>
internal static class StoredValues
{
    private static readonly JsonSerializerOptions FormattingJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private sealed record Formatting(IReadOnlyList<InlineSpan>? Spans, IReadOnlyList<BlockStyle>? Blocks);

    public static string? FormattingOf(Chapter chapter) =>
        chapter.Spans.Count == 0 && chapter.Blocks.Count == 0
            ? null
            : JsonSerializer.Serialize(new Formatting(chapter.Spans.Count == 0 ? null : chapter.Spans, chapter.Blocks.Count == 0 ? null : chapter.Blocks), FormattingJson);

    /// <summary>The chapter with the spans and blocks of a stored formatting column (null or empty: a plain chapter).</summary>
    public static Chapter WithFormatting(Chapter chapter, string? formatting)
    {
        if (string.IsNullOrEmpty(formatting)) return chapter;
        var stored = JsonSerializer.Deserialize<Formatting>(formatting, FormattingJson);
        return chapter with { Spans = stored?.Spans ?? [], Blocks = stored?.Blocks ?? [] };
    }

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
