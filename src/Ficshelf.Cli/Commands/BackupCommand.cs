using System.CommandLine;
using Ficshelf.Core.Storage.Transfer;

namespace Ficshelf.Cli.Commands;

public static class BackupCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("path") { Description = "The backup file to write (an SQLite archive file)" };
        var force = new Option<bool>("--force") { Description = "Overwrite the file if it exists" };
        var command = new Command("backup", "Write a consistent copy of the archive to one file, safe while a server is running; checked by hashes") { path, force };
        command.SetAction(parse => context.Guard(() =>
        {
            var report = ArchiveCopier.Backup(context.ArchiveLocationOf(parse), parse.GetValue(path)!, parse.GetValue(force));
            return TransferReportView.Write(context.Console, "Backed up", report);
        }));
        return command;
    }
}
