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

    /// <summary>
    /// False when the label says the story's fandom is outside the canon data (or the story is original fiction):
    /// the right reading then infers no canon fandom and no canon character.
    /// </summary>
    public bool FandomKnown => Bool("fandom_known") ?? true;

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

    /// <summary>
    /// The splits of a labelled corpus: the folder's own stories (named after the folder) and each subfolder that
    /// holds labelled stories (eval/stories/dev, eval/stories/test), dev first, then test, then the rest by name.
    /// </summary>
    public static IReadOnlyList<LabelledSplit> LoadSplits(string directory)
    {
        var splits = new List<LabelledSplit>();
        var own = LoadDirectory(directory);
        if (own.Count > 0) splits.Add(new LabelledSplit(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))), own));
        var subfolders = Directory.GetDirectories(directory)
            .OrderBy(d => Path.GetFileName(d) switch { "dev" => 0, "test" => 1, _ => 2 })
            .ThenBy(d => d, StringComparer.Ordinal);
        foreach (var sub in subfolders)
        {
            var stories = LoadDirectory(sub);
            if (stories.Count > 0) splits.Add(new LabelledSplit(Path.GetFileName(sub), stories));
        }
        return splits;
    }
}

/// <summary>One split of a labelled corpus (dev: tuned on; test: held out).</summary>
public sealed record LabelledSplit(string Name, IReadOnlyList<LabelledStory> Stories);
