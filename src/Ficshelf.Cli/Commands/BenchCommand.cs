using System.CommandLine;
using Ficshelf.Core.Analysis;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var megabytes = new Option<int>("--mb") { Description = "Megabytes of synthetic text to analyse", DefaultValueFactory = _ => 4 };
        var analyze = new Command("analyze", "Alias matching and analysis speed on one core, and the ratio against a naive regex-per-alias scan in the same run") { megabytes };
        analyze.SetAction(parse => context.Guard(() =>
        {
            var analyzer = new WorkAnalyzer(context.LoadCanon(parse));
            var result = AnalysisBenchmark.Run(analyzer, parse.GetValue(megabytes));
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Measure", "Value");
            table.AddRow("Synthetic text", $"{result.TextMegabytes:0.0} MB");
            table.AddRow("Aliases, cues and ship names", result.Patterns.ToString("N0"));
            table.AddRow("Alias matcher (one pass)", $"{result.MatcherMegabytesPerSecond:0.0} MB/s");
            table.AddRow("Naive scan (one regex per alias)", $"{result.NaiveMegabytesPerSecond:0.00} MB/s");
            table.AddRow("Matcher / naive", $"{result.SpeedupOverNaive:0}×");
            table.AddRow("Whole analysis (characters, relationships, POV, rating, genre)", $"{result.AnalysisMegabytesPerSecond:0.0} MB/s");
            table.AddRow("Near-duplicate fingerprint (shingles, MinHash, LSH)", $"{result.FingerprintMegabytesPerSecond:0.0} MB/s");
            context.Console.Write(table);
            return 0;
        }));
        return new Command("bench", "Benchmarks that print ratios against a baseline run in the same process") { analyze };
    }
}
