using System.CommandLine;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Wrangling;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class ImportCommand
{
    /// <summary>Past this many files a progress bar is worth its screen space.</summary>
    private const int ProgressThreshold = 10;

    /// <summary>Past this many files the table lists only failures; the counts say the rest.</summary>
    private const int FullTableLimit = 50;

    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files, folders (searched recursively) or glob patterns", Arity = ArgumentArity.ZeroOrMore };
        var platform = new Option<string?>("--platform", "-p")
        {
            Description = "Read every file as this platform's copy instead of detecting it: " + string.Join(", ", PlatformNames.AllSlugs),
        };
        platform.AcceptOnlyFromAmong([.. PlatformNames.AllSlugs]);
        var maxSize = new Option<int>("--max-size-mb") { Description = "Refuse files larger than this many MB", DefaultValueFactory = _ => (int)(ImportOptions.DefaultMaxFileBytes / (1024 * 1024)) };

        var calibre = new Option<string?>("--calibre") { Description = "Import every book of a Calibre library (the folder with metadata.db), read without changing it" };

        var parallel = new Option<int>("--parallel", "-j")
        {
            Description = "Files read, parsed and analysed at once (default: one per core; 1: one file after another, each stored on its own)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };

        var command = new Command("import", "Import stories into the archive") { paths, platform, maxSize, calibre, parallel };
        command.SetAction(parse => context.Guard(() =>
        {
            var options = new ImportOptions
            {
                Platform = parse.GetValue(platform) is { } slug && PlatformNames.TryParse(slug, out var p) ? p : null,
                MaxFileBytes = parse.GetValue(maxSize) * 1024L * 1024L,
            };
            var library = parse.GetValue(calibre);
            if (library is null && (parse.GetValue(paths) ?? []).Length == 0)
            {
                context.Console.MarkupLine("[red]error:[/] name the files or folders to import (or --calibre LIBRARY)");
                return 2;
            }
            if (library is not null && !File.Exists(Path.Combine(library, "metadata.db")))
            {
                context.Console.MarkupLineInterpolated($"[red]error:[/] {library} is not a Calibre library: it has no metadata.db");
                return 2;
            }
            if (parse.GetValue(parallel) < 1)
            {
                context.Console.MarkupLine("[red]error:[/] --parallel takes a number of workers of 1 or more");
                return 2;
            }
            var workers = parse.GetValue(parallel);
            using var store = context.OpenArchive(parse);
            var inputs = FileImporter.Expand(parse.GetValue(paths) ?? []);
            var analyzer = new WorkAnalyzer(context.LoadCanon(parse));
            var importer = new FileImporter(store, new StoryParser(), analyzer);
            var results = new List<FileImportResult>(inputs.Errors);
            Run(context.Console, inputs.Files, onStored => results.AddRange(importer.ImportMany(inputs.Files.Select(f => ImportInput.FromPath(f, options)), workers, onStored)));
            if (library is not null) results.AddRange(Core.Import.Calibre.CalibreImport.Import(importer, library, options, workers));
            // New tags written another way than the canon's ("Natasha R.", "MCU") join their canonical tags.
            if (results.Any(r => r.Outcome == StoreOutcome.Added)) new CanonWrangler(analyzer).Apply(store);
            Report(context.Console, results, store);
            return results.Any(r => r.Failed) ? 1 : 0;
        }));
        return command;
    }

    /// <summary>Runs the import, with a progress bar that moves as each file's results reach the archive.</summary>
    private static void Run(IAnsiConsole console, IReadOnlyList<string> files, Action<Action<ImportInput, IReadOnlyList<FileImportResult>>?> import)
    {
        if (files.Count < ProgressThreshold || !console.Profile.Capabilities.Interactive)
        {
            import(null);
            return;
        }
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(progress =>
            {
                var task = progress.AddTask($"Importing {files.Count} files", maxValue: files.Count);
                import((_, _) => task.Increment(1));
            });
    }

    /// <summary>The file's name; a story inside an archive keeps its place there ("bundle.zip!stories/a.html").</summary>
    private static string DisplayName(string path)
    {
        var bang = path.IndexOf('!');
        var file = bang < 0 ? path : path[..bang];
        var name = Path.GetFileName(file.TrimEnd('/')) is { Length: > 0 } n ? n : file;
        return bang < 0 ? name : name + path[bang..];
    }

    private static void Report(IAnsiConsole console, List<FileImportResult> results, IArchiveStore store)
    {
        var shown = results.Count <= FullTableLimit ? results : results.Where(r => r.Failed).ToList();
        if (shown.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("File", "Result", "Work", "Platform", "Title / reason");
            foreach (var r in shown)
            {
                var name = Markup.Escape(DisplayName(r.Path));
                if (r.Failed)
                {
                    table.AddRow(name, "[red]failed[/]", "", "", Markup.Escape(r.Error!));
                    continue;
                }
                var outcome = r.Outcome switch
                {
                    StoreOutcome.Added => "[green]added[/]",
                    StoreOutcome.NewSource when r.NearDuplicate is { } near => $"[yellow]same story ({DedupeCommand.Describe(near.Score)}), new copy[/]",
                    StoreOutcome.NewSource => "[yellow]same story, new copy[/]",
                    _ => "[grey]already imported[/]",
                };
                var title = r.Work!.DisplayTitle + (r.Encoding is "utf-8" or null ? "" : $" ({r.Encoding})");
                table.AddRow(name, outcome, $"#{r.WorkId}", r.Work.Platform.Slug(), Markup.Escape(title));
            }
            console.Write(table);
        }

        var added = results.Count(r => r.Outcome == StoreOutcome.Added);
        var copies = results.Count(r => r.Outcome == StoreOutcome.NewSource);
        var unchanged = results.Count(r => r.Outcome == StoreOutcome.Unchanged);
        var failed = results.Count(r => r.Failed);
        console.MarkupLine($"{added} added, {copies} new copies of known works, {unchanged} already imported, " +
                           (failed > 0 ? $"[red]{failed} failed[/]" : "0 failed") + $"; the archive holds {store.CountWorks()} works ({Markup.Escape(store.Location)})");
        if (failed > 0 && shown.Count < results.Count)
            console.MarkupLine("[grey](the table lists only the failures)[/]");
    }
}
