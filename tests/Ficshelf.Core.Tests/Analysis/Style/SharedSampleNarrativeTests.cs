using System.Text.Json;
using Ficshelf.Core.Analysis.Style;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Analysis.Style;

/// <summary>
/// POV and reader-insert straight from each shared sample's raw text (platform chrome and all, split on blank lines),
/// against the "pov" and "reader_insert" fields of its expected JSON. The AO3 sample is a second-person
/// reader-insert; the others are third person.
/// </summary>
public sealed class SharedSampleNarrativeTests
{
    [SkippableFact]
    public void Each_shared_sample_has_the_expected_pov_and_reader_insert()
    {
        var samples = Directory.GetFiles(TestPaths.RequireShared("samples"), "*.txt").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(samples);
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var sample in samples)
        {
            var json = Path.Combine(TestPaths.SharedExpected, Path.GetFileNameWithoutExtension(sample) + ".json");
            if (!File.Exists(json)) continue;
            using var expected = JsonDocument.Parse(File.ReadAllText(json));
            var root = expected.RootElement;
            var reading = NarrativeAnalyzer.Analyze(Passage.Paragraphs(File.ReadAllText(sample)));
            var name = Path.GetFileName(sample);
            if (root.TryGetProperty("pov", out var pov) && pov.ValueKind == JsonValueKind.String)
            {
                var want = pov.GetString()!.ToLowerInvariant();
                var got = reading.Pov.ToString().ToLowerInvariant();
                if (got != want) failures.Add($"{name}: pov expected {want}, got {got} ({reading.Evidence})");
            }
            if (root.TryGetProperty("reader_insert", out var reader) && reader.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                if (reading.ReaderInsert != reader.GetBoolean())
                    failures.Add($"{name}: reader_insert expected {reader.GetBoolean()}, got {reading.ReaderInsert} ({reading.Evidence})");
            }
            checkedCount++;
        }
        Assert.True(checkedCount > 0, "no shared sample has an expected JSON beside it");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
