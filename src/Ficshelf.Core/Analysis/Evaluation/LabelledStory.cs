using System.Text.Json;

namespace Ficshelf.Core.Analysis.Evaluation;

/// <summary>A story with a label file in the ../shared/expected JSON format (see its README).</summary>
public sealed class LabelledStory
{
    private LabelledStory(string labelPath, string storyPath, JsonElement labels)
    {
        LabelPath = labelPath;
        StoryPath = storyPath;
        Labels = labels;
    }

    public string LabelPath { get; }
    public string StoryPath { get; }
    public JsonElement Labels { get; }
    public string Name => Path.GetFileName(StoryPath);

    public bool Has(string field) => Labels.TryGetProperty(field, out _);

    public string? String(string field) =>
        Labels.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public bool? Bool(string field) =>
        Labels.TryGetProperty(field, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    public IReadOnlyList<string> Strings(string field) =>
        Labels.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => e.GetString() ?? "").ToArray() : [];

    public static LabelledStory Load(string labelPath, string? storyDirectory = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(labelPath));
        var labels = doc.RootElement.Clone();
        var sample = labels.TryGetProperty("sample", out var s) && s.GetString() is { } name ? name : Path.ChangeExtension(Path.GetFileName(labelPath), ".txt");
        var dir = storyDirectory ?? Path.GetDirectoryName(labelPath)!;
        return new LabelledStory(labelPath, Path.Combine(dir, sample), labels);
    }

    /// <summary>
    /// The labelled stories of a folder: label files beside their stories, or the ../shared layout
    /// (DIR/expected/*.json with the stories in DIR/samples/).
    /// </summary>
    public static IReadOnlyList<LabelledStory> LoadDirectory(string directory)
    {
        var expected = Path.Combine(directory, "expected");
        var samples = Path.Combine(directory, "samples");
        if (Directory.Exists(expected) && Directory.Exists(samples))
            return Directory.GetFiles(expected, "*.json").Order(StringComparer.Ordinal).Select(f => Load(f, samples)).ToArray();
        return Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(f => Load(f)).Where(s => File.Exists(s.StoryPath)).ToArray();
    }
}
