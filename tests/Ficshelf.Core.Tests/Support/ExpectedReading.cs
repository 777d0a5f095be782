using System.Text.Json;

namespace Ficshelf.Core.Tests.Support;

/// <summary>One labelled story: the text file and the JSON of what a careful human reads out of it.</summary>
public sealed class ExpectedReading
{
    private ExpectedReading(string jsonPath, string storyPath, JsonElement root)
    {
        JsonPath = jsonPath;
        StoryPath = storyPath;
        Root = root;
    }

    public string JsonPath { get; }
    public string StoryPath { get; }
    public JsonElement Root { get; }
    public string Name => Path.GetFileName(StoryPath);

    public bool Has(string field) => Root.TryGetProperty(field, out _);

    public string? String(string field) =>
        Root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool? Bool(string field) =>
        Root.TryGetProperty(field, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    public IReadOnlyList<string> Strings(string field) =>
        Root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString() ?? "").ToArray()
            : [];

    public static ExpectedReading Load(string jsonPath, string storyDir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(jsonPath));
        var root = doc.RootElement.Clone();
        var sample = root.TryGetProperty("sample", out var s) ? s.GetString()! : Path.ChangeExtension(Path.GetFileName(jsonPath), ".txt");
        return new ExpectedReading(jsonPath, Path.Combine(storyDir, sample), root);
    }

    /// <summary>
    /// Every labelled story the tests know: the shared samples (when ../shared is there), the platform fixtures
    /// and the demo corpus.
    /// </summary>
    public static IEnumerable<ExpectedReading> All()
    {
        if (TestPaths.HaveShared)
        {
            foreach (var json in Directory.GetFiles(TestPaths.SharedExpected, "*.json").Order())
                yield return Load(json, TestPaths.SharedSamples);
        }
        if (Directory.Exists(TestPaths.PlatformFixtures))
        {
            foreach (var json in Directory.GetFiles(TestPaths.PlatformFixtures, "*.json").Order())
                yield return Load(json, TestPaths.PlatformFixtures);
        }
        if (Directory.Exists(TestPaths.DemoExpected))
        {
            foreach (var json in Directory.GetFiles(TestPaths.DemoExpected, "*.json").Order())
                yield return Load(json, TestPaths.DemoCorpus);
        }
    }

    public static IEnumerable<object[]> TheoryData() => All().Select(r => new object[] { Relative(r.JsonPath) });

    public static ExpectedReading ByRelativePath(string relative)
    {
        var json = Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, relative));
        return All().First(r => Path.GetFullPath(r.JsonPath) == json);
    }

    private static string Relative(string path) => Path.GetRelativePath(TestPaths.RepoRoot, path);
}
