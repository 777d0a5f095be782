using System.CommandLine;
using System.Globalization;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Evaluation;
using Ficshelf.Core.Import;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("dir") { Description = "A folder of stories with label files (*.json in the ../shared/expected format), a folder with expected/ and samples/, or a corpus with one subfolder per split (dev/, test/)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every story's mistakes" };
        var calibration = new Option<bool>("--calibration") { Description = "Also show how often the relationships read at each confidence are right" };
        var command = new Command("eval", "Score Ficshelf's reading of labelled stories: precision, recall and F1 for characters and relationships, accuracy for platform, fandom, POV, reader-insert; each split (dev/, test/) reported apart") { dir, verbose, calibration };
        command.SetAction(parse => context.Guard(() =>
        {
            var path = parse.GetValue(dir)!;
            if (!Directory.Exists(path))
            {
                context.Console.MarkupLineInterpolated($"[red]error:[/] {path}: no such directory");
                return 1;
            }
            var splits = LabelledStory.LoadSplits(path);
            if (splits.Count == 0)
            {
                context.Console.MarkupLineInterpolated($"[red]error:[/] {path}: no labelled stories (*.json beside *.txt, here or in dev/ and test/)");
                return 1;
            }
            var analyzer = new WorkAnalyzer(context.LoadCanon(parse));
            var evaluator = new AnalysisEvaluator(new StoryParser(), analyzer);
            foreach (var split in splits)
            {
                // Every split is scored on its own: tuning happens on dev, and only test says whether it generalises.
                if (splits.Count > 1) context.Console.Write(new Rule($"[bold]{Markup.Escape(split.Name)}[/]").LeftJustified());
                Print(context.Console, evaluator.Evaluate(split.Stories), parse.GetValue(verbose));
                if (parse.GetValue(calibration)) PrintCalibration(context.Console, ConfidenceCalibration.Measure(new StoryParser(), analyzer, split.Stories));
            }
            return 0;
        }));
        return command;
    }

    public static void Print(IAnsiConsole console, EvaluationReport report, bool verbose)
    {
        console.MarkupLineInterpolated($"{report.Stories} labelled stories");
        var scores = new Table().Border(TableBorder.Rounded).AddColumns("", "Precision", "Recall", "F1");
        scores.AddRow("Characters", $"{report.Characters.Precision:0.000}", $"{report.Characters.Recall:0.000}", $"{report.Characters.F1:0.000}");
        scores.AddRow("Relationships", $"{report.Relationships.Precision:0.000}", $"{report.Relationships.Recall:0.000}", $"{report.Relationships.F1:0.000}");
        console.Write(scores);
        var accuracy = new Table().Border(TableBorder.Rounded).AddColumns("", "Accuracy", "Right / total");
        foreach (var (name, value) in new[] { ("Platform", report.Platform), ("Fandom", report.Fandom), ("Point of view", report.Pov), ("Reader-insert", report.ReaderInsert), ("Complete", report.Complete) })
            accuracy.AddRow(name, $"{value.Value:0.000}", $"{value.Right} / {value.Total}");
        if (report.OpenWorld.Works > 0)
        {
            // Works whose fandom the canon data does not know: right when no canon fandom or character was guessed.
            var clean = new Accuracy(report.OpenWorld.Works - report.OpenWorld.Violations, report.OpenWorld.Works);
            accuracy.AddRow("No canon guess (unknown fandom)", $"{clean.Value:0.000}", $"{clean.Right} / {clean.Total}");
        }
        console.Write(accuracy);
        if (report.OpenWorld.Works > 0)
            console.MarkupLineInterpolated($"Fandom outside the canon data: {report.OpenWorld.Works} works, {report.OpenWorld.Violations} given a canon fandom or canon characters anyway.");
        var failing = report.Cases.Where(c => c.Failures.Count > 0).ToList();
        console.MarkupLineInterpolated($"{report.Cases.Count - failing.Count} of {report.Cases.Count} stories read without a mistake.");
        if (!verbose) return;
        foreach (var c in failing)
        {
            console.MarkupLineInterpolated($"[bold]{c.Name}[/]");
            foreach (var f in c.Failures) console.MarkupLineInterpolated($"  {f}");
        }
    }

    private static void PrintCalibration(IAnsiConsole console, IReadOnlyList<CalibrationBand> bands)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Relationship confidence", "Read", "Right", "Share right");
        foreach (var band in bands.Where(b => b.Predicted > 0))
            table.AddRow($"{band.From:0.0}–{band.To:0.0}", band.Predicted.ToString(CultureInfo.CurrentCulture), band.Right.ToString(CultureInfo.CurrentCulture), $"{band.Accuracy:0.00}");
        console.Write(table);
    }
}
