namespace Ficshelf.Cli.Tests;

public sealed class StatsCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Stats_report_the_share_of_works_whose_fandom_the_canon_data_knows()
    {
        cli.Write("in/violin.txt", "The Violin\n\nSherlock played until the neighbours complained. John Watson sighed, and Mrs. Hudson brought tea up to 221B Baker Street.\n");
        cli.Write("in/lighthouse.txt", "The Lighthouse Keeper\n\nMara climbed the hundred steps every evening and lit the lamp, and nobody ever thanked her for it.\n");
        Assert.Equal(0, cli.Run("import", Path.Combine(cli.Dir, "in")).ExitCode);

        var stats = cli.Run("stats");
        Assert.Equal(0, stats.ExitCode);
        Assert.Matches(@"Canon coverage: 1 of 2 works \(50[.,]0\s?%\) have a fandom the canon data knows \(\d+ fandoms\)", stats.Output);
        Assert.Matches(@"Fandoms not in the canon data\s*│\s*Works[\s\S]*\(no fandom\)\s*│\s*1", stats.Output);
    }
}
