namespace Ficshelf.Cli.Tests;

public sealed class SeriesCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private static string Document(string name) => Path.Combine(CliRunner.RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "documents", name);

    [Fact]
    public void Series_lists_every_series_then_one_series_works_with_their_part_and_an_unknown_one_is_an_error()
    {
        var (exit, output, _) = cli.Run("import", Document("ao3-lighthouse-ledger.html"), Document("ao3-saved-entire-work-signed-out.html"));
        Assert.True(exit == 0, output);

        var all = cli.Run("series");
        Assert.Equal(0, all.ExitCode);
        Assert.Contains("The Salt Records", all.Output);
        Assert.Contains("The Shifting Shore", all.Output);

        var one = cli.Run("series", "The Salt Records");
        Assert.Equal(0, one.ExitCode);
        Assert.Matches(@"│\s*2\s*│", one.Output);
        Assert.DoesNotContain("Shifting", one.Output);

        var missing = cli.Run("series", "No Such Series");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no work in the archive belongs to a series named", missing.Output);
    }
}
