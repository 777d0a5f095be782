using System.Globalization;
using Ficshelf.Core.Storage.Transfer;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

/// <summary>How backup, restore and migrate show what they copied and how it was checked.</summary>
internal static class TransferReportView
{
    public static int Write(IAnsiConsole console, string verb, TransferReport report)
    {
        console.MarkupLineInterpolated($"{verb} [bold]{report.Source}[/] → [bold]{report.Target}[/]");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Table", "Rows (source)", "Rows (copy)", "Content digest", "");
        foreach (var t in report.Tables)
            table.AddRow(t.Table, t.SourceRows.ToString("N0", CultureInfo.CurrentCulture), t.TargetRows.ToString("N0", CultureInfo.CurrentCulture), t.TargetDigest[..16],
                t.Matches ? "[green]same[/]" : "[red]DIFFERS[/]");
        console.Write(table);
        console.MarkupLineInterpolated($"Originals: {report.OriginalsChecked:N0} checked against their SHA-256");
        console.MarkupLineInterpolated($"Content digest: {report.ContentDigest}");
        foreach (var problem in report.Problems) console.MarkupLineInterpolated($"[red]problem:[/] {problem}");
        if (report.Verified)
        {
            console.MarkupLine("[green]verified:[/] every table, row and original matches");
            return 0;
        }
        console.MarkupLine("[red]not verified:[/] see the problems above");
        return 1;
    }
}
