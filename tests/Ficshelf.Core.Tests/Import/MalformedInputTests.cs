using System.Text;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Import;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Import;

/// <summary>
/// Broken copies — cut, spliced, shuffled, chrome-only, random bytes — never make the importer or the analysis
/// throw anything but the documented <see cref="ImportException"/>. Seeded, so a failure repeats.
/// </summary>
public sealed class MalformedInputTests
{
    private static readonly string[] Chrome =
    [
        "Work Text:", "[starting tags]", "relationship:", "Start from the beginning", "Where stories live. Discover now", "Age Rating:",
        "Romance / Drama", "Chapter 1", "The End.", "prompt:", "A/N:", "Rated: Fiction T - English - ", "Disclaimer:", "Chapter Text", "Notes:", "Summary:",
        "“", "”", "\"", "Stats:", "Chapters: 1/?", "by ", "Pairing: A x B",
    ];

    [Fact]
    public void Mutated_copies_either_import_or_fail_with_the_documented_error()
    {
        var parser = new StoryParser();
        var analyzer = new WorkAnalyzer(CanonKnowledgeBase.LoadDefault());
        var seeds = ExpectedReadings.All().Select(s => File.ReadAllText(s.StoryPath)).ToList();
        var random = new Random(1124);
        for (var i = 0; i < 400; i++)
        {
            var text = Mutate(seeds[random.Next(seeds.Count)], random);
            var bytes = random.Next(20) == 0 ? RandomBytes(random) : Encoding.UTF8.GetBytes(text);
            try
            {
                var work = parser.Parse(bytes, $"mutant-{i}.txt").Work;
                analyzer.ToTags(analyzer.Analyze(work));
                Assert.NotEmpty(work.Chapters);
            }
            catch (ImportException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Reason));
            }
        }
    }

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        for (var n = random.Next(1, 6); n > 0 && lines.Count > 0; n--)
        {
            switch (random.Next(6))
            {
                case 0: lines = lines.Take(random.Next(lines.Count + 1)).ToList(); break;
                case 1: lines.Insert(random.Next(lines.Count + 1), Chrome[random.Next(Chrome.Length)]); break;
                case 2: lines.RemoveAt(random.Next(lines.Count)); break;
                case 3: lines = lines.OrderBy(_ => random.Next()).ToList(); break;
                case 4:
                    var at = random.Next(lines.Count);
                    lines[at] = lines[at].Length > 2 ? lines[at][..random.Next(lines[at].Length)] : "";
                    break;
                default: lines.Insert(random.Next(lines.Count + 1), new string('\n', random.Next(1, 8))); break;
            }
        }
        return string.Join('\n', lines);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 3000)];
        random.NextBytes(bytes);
        return bytes;
    }
}
