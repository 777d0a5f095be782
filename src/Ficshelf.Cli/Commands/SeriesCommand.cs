using System.CommandLine;
using System.Globalization;
using Ficshelf.Core.Domain;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

/// <summary>`ficshelf series`: the archive's series, or one series' works in reading order.</summary>
public static class SeriesCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "A series' name: list its works in reading order (default: list every series)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("series", "List the series the archive's works belong to, or one series' works in reading order") { name };
        command.SetAction(parse => context.Guard(() =>
        {
            using var store = context.OpenArchive(parse);
            if (parse.GetValue(name) is not { Length: > 0 } wanted)
            {
                var all = store.ListSeries();
                if (all.Count == 0)
                {
                    context.Console.MarkupLine("No work in the archive belongs to a series.");
                    return 0;
                }
                var index = new Table().Border(TableBorder.Rounded).AddColumns("Series", "Works");
                foreach (var series in all) index.AddRow(Markup.Escape(series.Name), series.Works.ToString(CultureInfo.CurrentCulture));
                context.Console.Write(index);
                return 0;
            }
            var ids = store.SeriesWorks(wanted.Trim());
            if (ids.Count == 0)
            {
                context.Console.MarkupLineInterpolated($"[red]error:[/] no work in the archive belongs to a series named \"{wanted}\" (ficshelf series lists them)");
                return 1;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Part", "ID", "Title", "Author", "Words", "Chapters", "Status");
            foreach (var id in ids)
            {
                if (store.GetWork(id) is not { } work) continue;
                table.AddRow(
                    work.SeriesPart?.ToString(CultureInfo.InvariantCulture) ?? "–",
                    work.Id.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(work.ListTitle),
                    Markup.Escape(string.Join(", ", work.Authors)),
                    work.WordCount.ToString("N0", CultureInfo.CurrentCulture),
                    WorkFacts.Chapters(work),
                    WorkFacts.Status(work));
            }
            context.Console.Write(table);
            return 0;
        }));
        return command;
    }
}
