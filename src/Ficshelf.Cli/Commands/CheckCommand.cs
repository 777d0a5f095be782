using System.CommandLine;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("check", "Check the archive is whole: storage integrity, every work's chapters and sources, every original against its SHA-256, the search index against the works");
        command.SetAction(parse => context.Guard(() =>
        {
            IntegrityReport report;
            int indexed;
            using (var store = context.OpenArchive(parse))
                report = ArchiveIntegrity.Check(store);
            using (var search = context.OpenSearch(parse))
                indexed = search.Search(new SearchQuery { PageSize = 1, FacetsPerCategory = 0 }).Total;
            var problems = report.Problems.ToList();
            if (indexed != report.Works) problems.Add($"the search index holds {indexed} works, the archive {report.Works}");
            context.Console.MarkupLineInterpolated($"{report.Works:N0} works, {report.Sources:N0} original files ({report.OriginalBytes / 1048576.0:0.0} MB) checked; search index: {indexed:N0} works.");
            if (problems.Count == 0)
            {
                context.Console.MarkupLine("[green]The archive is whole.[/]");
                return 0;
            }
            foreach (var problem in problems) context.Console.MarkupLineInterpolated($"[red]problem:[/] {problem}");
            context.Console.MarkupLineInterpolated($"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} found.");
            return 1;
        }));
        return command;
    }
}
