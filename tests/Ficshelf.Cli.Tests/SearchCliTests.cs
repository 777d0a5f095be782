namespace Ficshelf.Cli.Tests;

public sealed class SearchCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public SearchCliTests()
    {
        cli.Write("in/one.txt", "Harbour Lights\n\nMarguerite watched the ships come in and counted the ones that did not. The harbour was cold.\n");
        cli.Write("in/two.txt", "Archive Warning: No Archive Warnings Apply\nFandom: Star Wars - All Media Types\nCharacter: Leia Organa, Finn (Star Wars)\nAdditional Tags: Found Family\n\nThe Long Watch\n\nFinn and Leia kept the long watch together, talking about home until the harbour lights went out.\n");
        cli.Write("in/three.txt", "Archive Warning: No Archive Warnings Apply\nFandom: Sherlock (TV)\nCharacter: Mrs. Hudson\nAdditional Tags: Found Family, Tea\n\nBiscuits\n\nMrs. Hudson made tea for the whole street and nobody ever said no to a biscuit.\n");
        var (exit, output, _) = cli.Run("import", Path.Combine(cli.Dir, "in"));
        Assert.True(exit == 0, output);
    }

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Search_takes_the_query_string_with_shell_quoting_and_prints_results_and_facets()
    {
        var (exit, output, _) = cli.Run("search", "harbour", "+freeform:Found Family");
        Assert.True(exit == 0, output);
        Assert.Contains("1 work found", output);
        Assert.Contains("The Long Watch", output);
        Assert.DoesNotContain("Biscuits", output);
        Assert.Contains("fandom: Star Wars - All Media Types (1)", output);

        var excluded = cli.Run("search", "-fandom:Star Wars - All Media Types", "sort:title", "order:asc");
        Assert.Contains("2 works found", excluded.Output);
        // The work whose copy carries no title is "Untitled", its first words only a marked hint.
        Assert.True(excluded.Output.IndexOf("Harbour Lights", StringComparison.Ordinal) < excluded.Output.IndexOf("Untitled", StringComparison.Ordinal), excluded.Output);

        var fts = cli.Run("search", "harbour", "--engine", "fts5");
        Assert.Contains("2 works found (fts5)", fts.Output);
    }

    [Fact]
    public void A_bad_query_is_a_one_line_error()
    {
        var (exit, output, _) = cli.Run("search", "words:lots");
        Assert.Equal(1, exit);
        Assert.Contains("error:", output);
        Assert.Contains("is not a number", output);
    }

    [Fact]
    public void Tags_wrangling_commands_change_what_search_finds()
    {
        Assert.Contains("0 works found", cli.Run("search", "+freeform:Kinship").Output);
        var (exit, output, _) = cli.Run("tags", "synonym", "freeform:Kinship", "freeform:Found Family");
        Assert.True(exit == 0, output);
        Assert.Contains("2 works found", cli.Run("search", "+freeform:Kinship").Output);

        Assert.Equal(0, cli.Run("tags", "rename", "freeform:Tea", "Tea Time").ExitCode);
        Assert.Contains("Biscuits", cli.Run("search", "+freeform:Tea Time").Output);

        Assert.Equal(0, cli.Run("tags", "parent", "freeform:Found Family", "freeform:Relationships in General").ExitCode);
        Assert.Contains("2 works found", cli.Run("search", "+freeform:Relationships in General").Output);

        var show = cli.Run("tags", "show", "freeform:Found Family").Output;
        Assert.Contains("canonical", show);
        Assert.Contains("Kinship", show);
        Assert.Contains("Relationships in General", show);

        var list = cli.Run("tags", "list", "-c", "freeform").Output;
        Assert.Matches(@"Kinship\s*│\s*0\s*│\s*synonym of Found Family", list);

        var merge = cli.Run("tags", "merge", "freeform:Tea Time", "freeform:Found Family");
        Assert.Contains("1 work retagged", merge.Output);
        Assert.Contains("2 works found", cli.Run("search", "+freeform:Found Family").Output);

        var bad = cli.Run("tags", "synonym", "nonsense", "freeform:x");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("write category:name", bad.Output);
    }
}
