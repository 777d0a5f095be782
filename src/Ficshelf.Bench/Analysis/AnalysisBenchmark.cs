using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;

namespace Ficshelf.Bench.Analysis;

public sealed record BenchmarkResult(
    double TextMegabytes,
    int Patterns,
    double MatcherMegabytesPerSecond,
    double NaiveMegabytesPerSecond,
    double AnalysisMegabytesPerSecond,
    int Matches,
    int NaiveMatches)
{
    public double SpeedupOverNaive => MatcherMegabytesPerSecond / NaiveMegabytesPerSecond;

    /// <summary>Near-duplicate fingerprinting (shingles, MinHash, LSH buckets) of the same works.</summary>
    public double FingerprintMegabytesPerSecond { get; init; }

    /// <summary>
    /// The whole analysis per second of the process's CPU time rather than of the clock: on a machine shared with
    /// other jobs the clock also counts the time the process waited for a core.
    /// </summary>
    public double AnalysisMegabytesPerCpuSecond { get; init; }
}

/// <summary>
/// Measures alias matching and whole-work analysis on one core, against a naive scan with one regex per alias,
/// in the same process so the ratio holds on a noisy machine. The text is synthetic and deterministic: prose words
/// with the knowledge base's names mixed in at about the rate fan fiction uses them.
/// </summary>
public static class AnalysisBenchmark
{
    private static readonly string[] Vocabulary =
    (
        "the and she he to of a was her his you it in that with for on at as but had they not him be said " +
        "could would into back from eyes hand looked over just like what there out up down one time know " +
        "then them their when were been this about through only before after again still room door light " +
        "night voice head face felt thought away turned smile breath quiet moment long under against toward " +
        "never always something nothing every while because behind around across between almost enough"
    ).Split(' ');

    /// <summary>
    /// Works of about 2,000 words, each with a cast of two to five characters of one fandom named by their aliases,
    /// as fan fiction does; separated by a blank line and "=== " so the benchmark can cut them apart again.
    /// </summary>
    public static string SyntheticText(CanonKnowledgeBase knowledge, int bytes, int seed = 20261124)
    {
        var random = new Random(seed);
        var fandoms = knowledge.Fandoms.Where(f => f.Characters.Count >= 5).ToArray();
        var text = new StringBuilder(bytes + 1024);
        string[] names = [];
        var workEnd = 0;
        while (text.Length < bytes)
        {
            if (text.Length >= workEnd)
            {
                var fandom = fandoms[random.Next(fandoms.Length)];
                names = fandom.Characters.OrderBy(_ => random.Next()).Take(random.Next(2, 6)).SelectMany(c => c.Aliases.Take(4)).ToArray();
                if (text.Length > 0) text.Append("=== \n\n");
                workEnd = text.Length + 12_000;
            }
            var words = random.Next(40, 120);
            for (var i = 0; i < words; i++)
            {
                var word = random.NextDouble() < 0.02 && names.Length > 0 ? names[random.Next(names.Length)] : Vocabulary[random.Next(Vocabulary.Length)];
                text.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                text.Append(i == words - 1 ? ".\n\n" : random.NextDouble() < 0.08 ? ", " : " ");
            }
        }
        return text.ToString();
    }

    public static BenchmarkResult Run(WorkAnalyzer analyzer, int megabytes = 4, int naiveKilobytes = 256)
    {
        var text = SyntheticText(analyzer.Knowledge, megabytes * 1024 * 1024);
        var mb = text.Length / (1024.0 * 1024.0); // the text is ASCII: one character is one byte

        analyzer.Matcher.Matches(text[..Math.Min(text.Length, 100_000)]); // warm up
        var watch = Stopwatch.StartNew();
        var matches = analyzer.Matcher.Matches(text).Count;
        var matcherSeconds = watch.Elapsed.TotalSeconds;

        // The naive baseline: one compiled regex per alias, each scanning the whole text.
        var sample = text[..Math.Min(text.Length, naiveKilobytes * 1024)];
        var regexes = analyzer.Matcher.Patterns.Select(p => new Regex(@"(?<!\w)" + Regex.Escape(p) + @"(?!\w)", RegexOptions.CultureInvariant)).ToArray();
        watch.Restart();
        var naiveMatches = 0;
        foreach (var regex in regexes) naiveMatches += regex.Count(sample);
        var naiveSeconds = watch.Elapsed.TotalSeconds;
        var sampleMb = sample.Length / (1024.0 * 1024.0);

        var works = text.Split("=== ", StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new Work { Chapters = [new Chapter { Paragraphs = w.Split("\n\n", StringSplitOptions.RemoveEmptyEntries) }] }).ToList();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        foreach (var work in works) analyzer.Analyze(work);
        var analysisSeconds = watch.Elapsed.TotalSeconds;
        var analysisCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

        watch.Restart();
        foreach (var work in works) TextFingerprint.Of(Shingler.Shingle(work.BodyParagraphs));
        var fingerprintSeconds = watch.Elapsed.TotalSeconds;

        return new BenchmarkResult(mb, analyzer.Matcher.Patterns.Count, mb / matcherSeconds, sampleMb / naiveSeconds, mb / analysisSeconds, matches, naiveMatches)
        {
            FingerprintMegabytesPerSecond = mb / fingerprintSeconds,
            AnalysisMegabytesPerCpuSecond = mb / Math.Max(analysisCpuSeconds, 1e-6),
        };
    }
}
