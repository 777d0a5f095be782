using System.CommandLine;
using Ficshelf.Core.Export;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string?>("id") { Description = "The work to export: its number, or the start of its content key", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format", "-f") { Description = "epub, html or txt (default: epub)", DefaultValueFactory = _ => "epub" };
        var output = new Option<string?>("--output", "-o") { Description = "The file to write, or a folder for a file named after the title (with --all: the folder, required)" };
        var all = new Option<bool>("--all") { Description = "Export every work in the archive into the --output folder, one file each" };
        var command = new Command("export", "Write a work (or the whole archive) as EPUB, HTML or plain text, laid out like AO3's downloads") { id, format, output, all };
        command.SetAction(parse => context.Guard(() =>
        {
            var console = context.Console;
            if (!ExportFormats.TryParse(parse.GetValue(format), out var chosen))
            {
                console.MarkupLineInterpolated($"[red]error:[/] unknown format '{parse.GetValue(format)}': use epub, html or txt");
                return 1;
            }
            var target = parse.GetValue(output);
            using var store = context.OpenArchive(parse);
            if (parse.GetValue(all))
            {
                if (target is null)
                {
                    console.MarkupLine("[red]error:[/] --all needs --output FOLDER");
                    return 1;
                }
                if (File.Exists(target))
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {target} is a file; --all writes into a folder");
                    return 1;
                }
                return Writing(console, target, () =>
                {
                    var files = Exporter.ExportMany(store.WorkIds().Select(i => store.GetWork(i)!), target, chosen);
                    console.MarkupLineInterpolated($"Exported {files.Count} works to {Path.GetFullPath(target)}");
                });
            }
            if (context.FindWork(store, parse.GetValue(id)) is not { } work) return 1;
            return Writing(console, target, () =>
            {
                var written = Exporter.ExportTo(work, chosen, target ?? Directory.GetCurrentDirectory());
                console.MarkupLineInterpolated($"Exported #{work.Id} {work.DisplayTitle} to {written}");
            });
        }));
        return command;
    }

    /// <summary>Runs the export, turning a path that cannot be written into a one-line error and exit code 2.</summary>
    private static int Writing(IAnsiConsole console, string? target, Action write)
    {
        try
        {
            write();
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot write {target ?? "the export"}: {e.Message}");
            return 2;
        }
    }
}
