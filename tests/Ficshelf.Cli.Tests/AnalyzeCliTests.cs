namespace Ficshelf.Cli.Tests;

public sealed class AnalyzeCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Adding_an_alias_in_a_user_file_changes_the_result_after_analyze_all()
    {
        var story = cli.Write("s.txt", "Night Shift\n\nThe Comet landed on the roof without a sound. Steve Rogers looked up from his sketchbook.\n\n" +
                                       "\"Late again,\" the Comet said, and Steve laughed.\n");
        Assert.Equal(0, cli.Run("import", story).ExitCode);
        var before = cli.Run("show", "1", "--metadata").Output;
        Assert.Contains("Steve Rogers", before);
        Assert.DoesNotContain("Natasha Romanov", before);

        // A user's own file adds an alias to an existing character of an existing fandom.
        var canon = Path.Combine(cli.Dir, "my-canon");
        cli.Write("my-canon/nicknames.json", """
            { "fandom": "Marvel Cinematic Universe",
              "characters": [ { "name": "Natasha Romanov (Marvel)", "aliases": ["the Comet"] } ] }
            """);
        Assert.Equal(0, cli.Run("analyze", "--all", "--canon", canon).ExitCode);
        var after = cli.Run("show", "1", "--metadata").Output;
        Assert.Contains("Natasha Romanov (Marvel)", after);
    }

    [Fact]
    public void Analyze_explains_one_work()
    {
        var story = cli.Write("r.txt", "Bucky x Natasha: Training\n\nprompt: sparring\n\nNatasha taped her hands. Bucky waited on the mat, patient as ever.\n\n" +
                                       "They sparred until dawn, friends by the end of it, and Natasha grinned at Bucky.\n");
        cli.Run("import", story);
        var (exit, output, _) = cli.Run("analyze", "1");
        Assert.Equal(0, exit);
        Assert.Contains("Marvel Cinematic Universe", output);
        Assert.Contains("James \"Bucky\" Barnes", output);
        Assert.Contains("Third", output);
    }

    [Fact]
    public void Eval_prints_scores_for_a_labelled_folder()
    {
        var dir = Path.Combine(CliRunner.RepoRoot, "eval", "stories");
        var (exit, output, _) = cli.Run("eval", dir);
        Assert.Equal(0, exit);
        Assert.Contains("Characters", output);
        Assert.Contains("Relationships", output);
        Assert.Matches(@"\d+ labelled stories", output);
        Assert.Matches(@"dev[\s\S]*Characters[\s\S]*test[\s\S]*Characters", output); // each split scored on its own
    }
}

public sealed class TagCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void A_user_override_rejects_an_inferred_tag_adds_another_and_survives_reanalysis()
    {
        var story = cli.Write("t.txt", "Harbour\n\nNatasha and Clint watched the boats from the pier, friends for longer than either could remember. Clint pointed; Natasha laughed.\n");
        cli.Run("import", story);
        Assert.Contains("Clint Barton & Natasha Romanov", cli.Run("show", "1", "--metadata").Output);

        var (exit, _, _) = cli.Run("tag", "1", "-relationship:Clint Barton & Natasha Romanov", "+freeform:Pier Scenes");
        Assert.Equal(0, exit);
        cli.Run("analyze", "--all");
        var shown = cli.Run("show", "1", "--metadata").Output;
        Assert.DoesNotContain("Clint Barton & Natasha Romanov", shown);
        Assert.Contains("Pier Scenes", shown);

        cli.Run("tag", "1", "=relationship:Clint Barton & Natasha Romanov");
        Assert.Contains("Clint Barton & Natasha Romanov", cli.Run("show", "1", "--metadata").Output);
    }

    [Fact]
    public void A_malformed_override_is_a_clear_error()
    {
        cli.Write("u.txt", "Title\n\nA story about nobody in particular, on a rainy afternoon.\n");
        cli.Run("import", Path.Combine(cli.Dir, "u.txt"));
        var (exit, output, _) = cli.Run("tag", "1", "+mood:grumpy");
        Assert.Equal(1, exit);
        Assert.Contains("write +category:name", output);
    }
}

public sealed class OverrideStatsTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void A_rejected_tag_is_not_counted_in_stats_or_listed()
    {
        cli.Write("p.txt", "Pairing: Wanda Maximoff x Vision\n\nWanda floated the teacups one by one while Vision pretended not to notice, and then he kissed her.\n");
        cli.Run("import", Path.Combine(cli.Dir, "p.txt"));
        Assert.Contains("Wanda Maximoff x Vision", cli.Run("stats").Output);
        cli.Run("tag", "1", "-relationship:Wanda Maximoff x Vision");
        Assert.DoesNotContain("Wanda Maximoff x Vision", cli.Run("stats").Output);
        Assert.DoesNotContain("Wanda Maximoff x Vision", cli.Run("list").Output);
    }
}
