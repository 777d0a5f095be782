using System.CommandLine;
using Ficshelf.Core.Storage.Transfer;

namespace Ficshelf.Cli.Commands;

public static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var to = new Option<string>("--to")
        {
            Description = "The new archive: an SQLite file path or a PostgreSQL URL (postgres://user:pass@host:port/db)",
            Required = true,
        };
        var force = new Option<bool>("--force") { Description = "Replace the content of a target archive that is not empty" };
        var command = new Command("migrate", "Copy the whole archive to another location or provider (ids kept), checked by hashes") { to, force };
        command.SetAction(parse => context.Guard(() =>
        {
            var report = ArchiveCopier.Copy(context.ArchiveLocationOf(parse), parse.GetValue(to)!, parse.GetValue(force));
            return TransferReportView.Write(context.Console, "Migrated", report);
        }));
        return command;
    }
}
