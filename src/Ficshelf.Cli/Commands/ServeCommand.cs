using System.CommandLine;
using Ficshelf.Core.Storage;
using Ficshelf.Web;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen, ';'-separated (default {FicshelfWebOptions.DefaultUrl}: this machine only)",
            DefaultValueFactory = _ => FicshelfWebOptions.DefaultUrl,
        };
        var accounts = new Option<bool>("--accounts")
        {
            Description = "Accounts for a shared server: the first account signed up is the admin (imports, deletes, wrangles); later ones are readers",
        };
        var maxUpload = new Option<int>("--max-upload-mb")
        {
            Description = "The largest upload (all files together), in MB",
            DefaultValueFactory = _ => 64,
        };
        var nodeName = new Option<string?>("--node-name")
        {
            Description = "This server's name among several on one PostgreSQL archive (in /healthz and the X-Ficshelf-Node header; default: host:pid)",
        };
        var readReplica = new Option<string?>("--read-replica")
        {
            Description = "A PostgreSQL hot standby of the archive (postgres://… URL) for reads that may be slightly stale; writes go to the archive",
        };
        var replicaMaxLag = new Option<double>("--replica-max-lag")
        {
            Description = "Seconds the read replica may lag before reads go to the primary instead",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("serve", "The web reader and JSON API on the archive: browse, search, read, bookmark, upload, wrangle") { urls, accounts, maxUpload, nodeName, readReplica, replicaMaxLag };
        command.SetAction(parse => context.Guard(() =>
        {
            var archive = parse.GetValue(CliApp.ArchiveOption) ?? ArchiveLocation.Default;
            // Open once before serving: creates or migrates the archive and reports a bad path as a one-line error.
            using (var store = ArchiveStores.Open(archive)) { }
            var replica = parse.GetValue(readReplica);
            if (replica is not null && !ArchiveStores.IsPostgres(archive))
                throw new ArchiveException("--read-replica needs a PostgreSQL archive (-a postgres://…): an SQLite archive has no replica");
            if (replica is not null && !ArchiveStores.IsPostgres(replica))
                throw new ArchiveException($"--read-replica must be a PostgreSQL location (postgres://… or Host=…), not {replica}");
            var options = new FicshelfWebOptions
            {
                ArchivePath = archive,
                Urls = (parse.GetValue(urls) ?? FicshelfWebOptions.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Accounts = parse.GetValue(accounts),
                MaxUploadBytes = Math.Max(1, parse.GetValue(maxUpload)) * 1024L * 1024,
                CanonDirs = parse.GetValue(CliApp.CanonOption) ?? [],
                NodeName = parse.GetValue(nodeName),
                ReadReplica = replica,
                ReplicaMaxLag = TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(replicaMaxLag))),
            };
            var app = WebApp.Create(options);
            try
            {
                app.Start();
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or ArgumentException)
            {
                // A port in use or a malformed --urls: say which, do not print a stack trace.
                context.Console.MarkupLineInterpolated($"[red]error:[/] cannot listen on {string.Join(", ", options.Urls)}: {e.Message}");
                ((IDisposable)app).Dispose();
                return 2;
            }
            var console = context.Console;
            foreach (var address in app.Urls) console.MarkupLineInterpolated($"Ficshelf is serving [bold]{ArchiveStores.Describe(archive)}[/] at [link]{address}[/]");
            console.MarkupLine(options.Accounts
                ? "Accounts are on: the first account signed up is the admin."
                : "Single-user mode: no sign-in, you are the admin. Use --accounts to share the server.");
            if (ArchiveStores.IsPostgres(archive))
                console.MarkupLineInterpolated($"Node [bold]{Ficshelf.Web.Nodes.NodeServices.NodeName(options)}[/]: health at /healthz{(replica is null ? "" : $", reads from the replica {ArchiveStores.Describe(replica)}")}.");
            console.MarkupLine("Press Ctrl+C to stop.");
            app.WaitForShutdown();
            return 0;
        }));
        return command;
    }
}
