using System.CommandLine;
using Ficshelf.Core.Export;
using Ficshelf.Core.Search;
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
        var query = new Option<string?>("--query", "-q") { Description = "Export every work a search finds (the search syntax: '+character:\"Bucky Barnes\" words:<5000') into the --output folder" };
        var command = new Command("export", "Write a work, a search result or the whole archive as EPUB, HTML or plain text, laid out like AO3's downloads") { id, format, output, all, query };
        command.SetAction(parse => context.Guard(() =>
        {
            var console = context.Console;
            if (!ExportFormats.TryParse(parse.GetValue(format), out var chosen))
            {
                console.MarkupLineInterpolated($"[red]error:[/] unknown format '{parse.GetValue(format)}': use epub, html or txt");
                return 1;
            }
            var target = parse.GetValue(output);
            var queryText = parse.GetValue(query);
            SearchQuery? search = null;
            if (queryText is not null)
            {
                try
                {
                    search = SearchQueryParser.Parse(queryText);
                }
                catch (FormatException e)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                    return 1;
                }
            }
            using var store = context.OpenArchive(parse);
            if (parse.GetValue(all) || search is not null)
            {
                var option = search is null ? "--all" : "--query";
                if (target is null)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {option} needs --output FOLDER");
                    return 1;
                }
                if (File.Exists(target))
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {target} is a file; {option} writes into a folder");
                    return 1;
                }
                IEnumerable<long> ids;
                if (search is null) ids = store.WorkIds();
                else
                {
                    using var engine = context.OpenSearch(parse);
                    ids = AllHits(engine, search);
                }
                return Writing(console, target, () =>
                {
                    var works = ids.Select(store.GetWork).OfType<Core.Domain.Work>();
                    var files = Exporter.ExportMany(works, target, chosen);
                    console.MarkupLineInterpolated($"Exported {files.Count} work{(files.Count == 1 ? "" : "s")} to {Path.GetFullPath(target)}");
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

    /// <summary>Every work the query finds, in its sort order (all pages, not just the first).</summary>
    private static List<long> AllHits(SearchService search, SearchQuery query)
    {
        const int pageSize = 1000;
        var ids = new List<long>();
        for (var page = 1; ; page++)
        {
            var result = search.Search(query with { Page = page, PageSize = pageSize, FacetsPerCategory = 0 });
            ids.AddRange(result.Hits.Select(h => h.WorkId));
            if (result.Hits.Count < pageSize || ids.Count >= result.Total) return ids;
        }
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
