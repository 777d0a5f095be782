using System.CommandLine;
using System.Globalization;
using Ficshelf.Core.Domain;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var limit = new Option<int>("--limit", "-n") { Description = "Show at most this many works", DefaultValueFactory = _ => 100 };
        var offset = new Option<int>("--offset") { Description = "Skip this many works first", DefaultValueFactory = _ => 0 };
        var command = new Command("list", "List the works in the archive") { limit, offset };
        command.SetAction(parse => context.Guard(() =>
        {
            using var store = context.OpenArchive(parse);
            var works = store.ListWorks(parse.GetValue(limit), parse.GetValue(offset));
            if (works.Count == 0)
            {
                context.Console.MarkupLine("The archive is empty. Import stories with [bold]ficshelf import PATH[/].");
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumns("ID", "Title", "Author", "Platform", "Words", "Ch.", "Status", "Fandom / relationships");
            foreach (var w in works)
            {
                var status = w.Truncated ? "truncated" : w.Complete switch { true => "complete", false => "in progress", null => "" };
                table.AddRow(
                    w.Id.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(w.Title),
                    Markup.Escape(string.Join(", ", w.Authors)),
                    w.Platform.Slug(),
                    w.WordCount.ToString("N0", CultureInfo.CurrentCulture),
                    w.ChapterCount.ToString(CultureInfo.CurrentCulture),
                    status,
                    Markup.Escape(string.Join("; ", w.Fandoms.Concat(w.Relationships).Take(3))));
            }
            context.Console.Write(table);
            return 0;
        }));
        return command;
    }
}
