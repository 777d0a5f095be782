using System.Text.RegularExpressions;

namespace Ficshelf.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private static IEnumerable<string> StoryFolders() =>
        new[] { CliRunner.SharedSamples, CliRunner.DemoCorpus }.Where(Directory.Exists);

    [Fact]
    public void Importing_the_samples_twice_keeps_one_work_per_story()
    {
        var folders = StoryFolders().ToArray();
        Assert.NotEmpty(folders);
        var files = folders.SelectMany(f => Directory.GetFiles(f, "*.txt")).Count();

        var (exit, output, _) = cli.Run(["import", .. folders]);
        Assert.True(exit == 0, output);
        Assert.Contains($"{files} added", output);

        var again = cli.Run(["import", .. folders]);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains($"0 added, 0 new copies of known works, {files} already imported, 0 failed; the archive holds {files} works", again.Output);
    }

    [Fact]
    public void A_failing_file_is_named_with_its_reason_the_rest_import_and_the_exit_code_says_so()
    {
        cli.Write("in/good.txt", "Harbour Lights\n\nLeia watched the ships come in and counted the ones that did not.\n");
        cli.Write("in/empty.txt", "");
        var (exit, output, _) = cli.Run("import", Path.Combine(cli.Dir, "in"), Path.Combine(cli.Dir, "missing.txt"));
        Assert.Equal(1, exit);
        Assert.Matches(@"empty\.txt\s*│\s*failed\s*│.*│.*│\s*the file is empty", output);
        Assert.Matches(@"missing\.txt\s*│\s*failed.*no such file or directory", output);
        Assert.Contains("1 added", output);
        Assert.Contains("2 failed", output);
    }

    [Fact]
    public void Show_original_prints_the_imported_bytes_exactly()
    {
        var bytes = "Title Line\r\n\r\nCurly \u201cquotes\u201d and a caf\u00e9 \u2014 kept as they were.\r\n"u8.ToArray();
        var path = Path.Combine(cli.Dir, "crlf.txt");
        File.WriteAllBytes(path, bytes);
        Assert.Equal(0, cli.Run("import", path).ExitCode);
        var (exit, _, raw) = cli.Run("show", "1", "--original");
        Assert.Equal(0, exit);
        Assert.Equal(bytes, raw);
    }

    [Fact]
    public void List_show_and_stats_describe_the_archive()
    {
        cli.Write("s.txt", "Pairing: Sherlock Holmes x John Watson\n\nThe Violin\n\nSherlock played until the neighbours complained, and then he played louder.\n");
        cli.Run("import", Path.Combine(cli.Dir, "s.txt"));

        var list = cli.Run("list");
        Assert.Equal(0, list.ExitCode);
        Assert.Matches(@"│\s*1\s*│", list.Output);
        Assert.Contains("request-oneshot", list.Output);

        var show = cli.Run("show", "1");
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("Sherlock played until the neighbours complained", show.Output);
        Assert.Contains("Sherlock Holmes x John Watson", show.Output);

        var stats = cli.Run("stats");
        Assert.Equal(0, stats.ExitCode);
        Assert.Matches(new Regex(@"1 works from 1 imported files"), stats.Output);
    }

    [Fact]
    public void Show_of_an_unknown_work_is_a_one_line_error()
    {
        var (exit, output, _) = cli.Run("show", "42");
        Assert.Equal(1, exit);
        Assert.Contains("no work 42", output);
    }

    [Fact]
    public void Forcing_a_platform_overrides_detection()
    {
        var path = cli.Write("plain.txt", "Prompt: a quiet morning\n\nBucky made pancakes and burned every single one of them.\n");
        cli.Run("import", path, "--platform", "generic");
        var show = cli.Run("show", "1", "--metadata");
        Assert.Contains("Plain text", show.Output);
    }

    [Fact]
    public void An_unknown_platform_is_a_usage_error()
    {
        var (exit, _, _) = cli.Run("import", "x.txt", "--platform", "myspace");
        Assert.NotEqual(0, exit);
    }
}

public sealed class ParallelImportCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Importing_a_folder_on_four_workers_prints_what_one_worker_prints()
    {
        var one = cli.Run("import", CliRunner.DemoCorpus, "-j", "1");
        var other = Path.Combine(cli.Dir, "other.db");
        var four = cli.RunOn(other, "import", CliRunner.DemoCorpus, "-j", "4");

        Assert.True(one.ExitCode == 0, one.Output);
        Assert.Equal(one.ExitCode, four.ExitCode);
        Assert.Contains("│ added", one.Output);
        Assert.Equal(one.Output.Replace(cli.ArchivePath, "ARCHIVE", StringComparison.Ordinal), four.Output.Replace(other, "ARCHIVE", StringComparison.Ordinal));
    }

    [Fact]
    public void A_parallel_of_zero_workers_is_refused()
    {
        var (exit, output, _) = cli.Run("import", CliRunner.DemoCorpus, "--parallel", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--parallel takes a number of workers of 1 or more", output);
    }
}
