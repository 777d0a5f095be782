using System.CommandLine;
using Ficshelf.Core.Storage.Transfer;

namespace Ficshelf.Cli.Commands;

public static class RestoreCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("path") { Description = "A backup file written by `ficshelf backup`" };
        var force = new Option<bool>("--force") { Description = "Replace the content of an archive that is not empty" };
        var command = new Command("restore", "Put a backup's works, tags and originals into the archive (SQLite or PostgreSQL); checked by hashes") { path, force };
        command.SetAction(parse => context.Guard(() =>
        {
            var report = ArchiveCopier.Restore(parse.GetValue(path)!, context.ArchiveLocationOf(parse), parse.GetValue(force));
            return TransferReportView.Write(context.Console, "Restored", report);
        }));
        return command;
    }
}
