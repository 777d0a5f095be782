using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Ficshelf.Cli.Commands;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Spectre.Console;

namespace Ficshelf.Cli;

/// <summary>The ficshelf command line: a thin front end over Ficshelf.Core.</summary>
public static class CliApp
{
    public static readonly Option<string?> ArchiveOption = new("--archive", "-a")
    {
        Description = $"The archive: an SQLite file path, or a PostgreSQL URL postgres://user:pass@host:port/db (default: ${ArchiveLocation.EnvironmentVariable}, else \"archive\" in {ArchiveLocation.ConfigFile}, else ~/.local/share/ficshelf/archive.db)",
        Recursive = true,
    };

    public static readonly Option<string[]> CanonOption = new("--canon")
    {
        Description = "Extra folders of canon knowledge files (JSON) to load after the bundled data and $FICSHELF_CANON",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <param name="console">Where tables and messages go.</param>
    /// <param name="rawOutput">Where byte-exact output goes (show --original).</param>
    public static int Run(string[] args, IAnsiConsole console, Stream rawOutput)
    {
        var context = new CliContext(console, rawOutput);
        var root = new RootCommand("Ficshelf: a self-hosted fanfiction archive and reading library.")
        {
            ImportCommand.Create(context),
            ListCommand.Create(context),
            SeriesCommand.Create(context),
            ShowCommand.Create(context),
            StatsCommand.Create(context),
            AnalyzeCommand.Create(context),
            TagCommand.Create(context),
            EvalCommand.Create(context),
            BenchCommand.Create(context),
            BackupCommand.Create(context),
            RestoreCommand.Create(context),
            MigrateCommand.Create(context),
            SearchCommand.Create(context),
            TagsCommand.Create(context),
            DedupeCommand.Create(context),
            CheckCommand.Create(context),
            ServeCommand.Create(context),
            ExportCommand.Create(context),
        };
        root.Add(ArchiveOption);
        root.Add(CanonOption);
        var writer = new ConsoleTextWriter(console);
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = writer, Error = writer, EnableDefaultExceptionHandler = false });
    }
}

/// <summary>What every command needs: the console, the raw output stream, and a way to open the archive the user chose.</summary>
public sealed class CliContext(IAnsiConsole console, Stream rawOutput)
{
    public IAnsiConsole Console { get; } = console;
    public Stream RawOutput { get; } = rawOutput;

    public IArchiveStore OpenArchive(ParseResult parse) => ArchiveStores.Open(ArchiveLocationOf(parse));

    /// <summary>The archive the user chose: --archive, else $FICSHELF_ARCHIVE, else the config file, else the default file.</summary>
    [SuppressMessage("Performance", "CA1822", Justification = "Commands reach it through the context they are handed.")]
    public string ArchiveLocationOf(ParseResult parse) => parse.GetValue(CliApp.ArchiveOption) ?? ArchiveLocation.Default;

    /// <summary>
    /// Search over the archive the user chose. The in-process index is kept in a file beside the archive
    /// (<c>archive.db.index</c>) and rebuilt only when the archive changed since it was written.
    /// </summary>
    public SearchService OpenSearch(ParseResult parse, string engine = "inverted")
    {
        var location = ArchiveLocationOf(parse);
        return new SearchService(() => ArchiveStores.Open(location), () => SearchEngines.Create(engine),
            engine.Equals("inverted", StringComparison.OrdinalIgnoreCase) ? ArchiveStores.SearchIndexPath(location) : null);
    }

    [SuppressMessage("Performance", "CA1822", Justification = "Commands reach it through the context they are handed.")]
    public CanonKnowledgeBase LoadCanon(ParseResult parse) => CanonKnowledgeBase.LoadDefault(parse.GetValue(CliApp.CanonOption) ?? []);

    /// <summary>The work a user named by number or content key, or null after a one-line error saying there is none.</summary>
    public Work? FindWork(IArchiveStore store, string? key)
    {
        if (key is not null && store.ResolveWorkId(key) is { } id && store.GetWork(id) is { } work) return work;
        Console.MarkupLineInterpolated($"[red]error:[/] {(key is null ? "give a work's ID" : $"no work {key} in the archive")}");
        return null;
    }

    /// <summary>Runs a command body, turning an unusable archive into a one-line error and exit code 2.</summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArchiveException or InvalidDataException)
        {
            Console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
    }
}

/// <summary>Lets System.CommandLine's help and parse errors go through the same console as everything else.</summary>
internal sealed class ConsoleTextWriter(IAnsiConsole console) : TextWriter
{
    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    public override void Write(char value) => console.Profile.Out.Writer.Write(value);
    public override void Write(string? value) => console.Profile.Out.Writer.Write(value);
    public override void WriteLine(string? value) => console.Profile.Out.Writer.WriteLine(value);
}
