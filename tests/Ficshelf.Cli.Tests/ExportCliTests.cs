using System.IO.Compression;

namespace Ficshelf.Cli.Tests;

public sealed class ExportCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Export_writes_one_work_in_each_format_and_the_text_imports_back_as_the_same_work()
    {
        var story = cli.Write("in/story.txt",
            "Harbour Lights\nby lantern_keeper\n\nLeia watched the ships come in and counted the ones that did not.\n\nThe harbour bell rang twice for every boat still out.\n");
        Assert.Equal(0, cli.Run("import", story).ExitCode);

        var epub = Path.Combine(cli.Dir, "out", "harbour.epub");
        var (exit, output, _) = cli.Run("export", "1", "--format", "epub", "-o", epub);
        Assert.True(exit == 0, output);
        using (var zip = ZipFile.OpenRead(epub)) Assert.Equal("mimetype", zip.Entries[0].FullName);

        // A folder as -o: the file is named after the title and author.
        Directory.CreateDirectory(Path.Combine(cli.Dir, "folder"));
        var html = cli.Run("export", "1", "--format", "html", "-o", Path.Combine(cli.Dir, "folder"));
        Assert.True(html.ExitCode == 0, html.Output);
        var htmlFile = Path.Combine(cli.Dir, "folder", "Harbour Lights - lantern_keeper.html");
        Assert.Contains("<h1>Harbour Lights</h1>", File.ReadAllText(htmlFile));

        var txt = Path.Combine(cli.Dir, "harbour.txt");
        Assert.Equal(0, cli.Run("export", "1", "-f", "txt", "-o", txt).ExitCode);
        var again = cli.Run("import", txt);
        Assert.Contains("same story, new copy", again.Output);
    }

    [Fact]
    public void Export_all_writes_every_work_into_the_folder()
    {
        Assert.Equal(0, cli.Run("import", CliRunner.DemoCorpus).ExitCode);
        var works = Directory.GetFiles(CliRunner.DemoCorpus, "*.txt").Length;
        var folder = Path.Combine(cli.Dir, "all");
        var (exit, output, _) = cli.Run("export", "--all", "--format", "txt", "-o", folder);
        Assert.True(exit == 0, output);
        Assert.Contains($"Exported {works} works", output);
        Assert.Equal(works, Directory.GetFiles(folder, "*.txt").Length);
    }

    [Fact]
    public void Export_query_writes_exactly_the_works_the_search_finds()
    {
        Assert.Equal(0, cli.Run("import", CliRunner.DemoCorpus).ExitCode);
        var total = Directory.GetFiles(CliRunner.DemoCorpus, "*.txt").Length;
        foreach (var query in new[] { "platform:ao3", "words:>300" })
        {
            var search = cli.Run("search", query, "--facets", "0");
            var found = int.Parse(System.Text.RegularExpressions.Regex.Match(search.Output, @"(\d+) works? found").Groups[1].Value);
            Assert.InRange(found, 1, total - 1);
            var folder = Path.Combine(cli.Dir, "q" + query.GetHashCode());
            var (exit, output, _) = cli.Run("export", "--query", query, "-f", "html", "-o", folder);
            Assert.True(exit == 0, output);
            Assert.Equal(found, Directory.GetFiles(folder, "*.html").Length);
        }
        var bad = cli.Run("export", "--query", "words:lots", "-o", Path.Combine(cli.Dir, "bad"));
        Assert.Equal(1, bad.ExitCode);
    }

    [Fact]
    public void Bad_requests_fail_with_a_clear_message()
    {
        Assert.Equal(0, cli.Run("import", cli.Write("in/a.txt", "A Title\n\nSome story text that is long enough to keep.\n")).ExitCode);
        var format = cli.Run("export", "1", "--format", "pdf");
        Assert.Equal(1, format.ExitCode);
        Assert.Contains("unknown format 'pdf'", format.Output);
        var missing = cli.Run("export", "99");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no work 99", missing.Output);
        var allWithoutFolder = cli.Run("export", "--all");
        Assert.Equal(1, allWithoutFolder.ExitCode);
        Assert.Contains("--all needs --output FOLDER", allWithoutFolder.Output);
    }
}
