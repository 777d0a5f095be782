namespace Ficshelf.Cli.Tests;

public sealed class BenchCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Bench_corpus_fills_an_archive_that_search_and_stats_then_read()
    {
        var (exit, output, _) = cli.Run("bench", "corpus", "--works", "25", "--seed", "7");
        Assert.True(exit == 0, output);
        Assert.Contains("25 synthetic works added", output);

        var search = cli.Run("search", "sort:title", "--facets", "10");
        Assert.True(search.ExitCode == 0, search.Output);
        Assert.Contains("25 works found", search.Output);

        var again = cli.Run("bench", "corpus", "--works", "25", "--seed", "7");
        Assert.Contains("0 synthetic works added", again.Output);
    }

    [Fact]
    public void Bench_search_prints_the_tables_for_a_small_corpus()
    {
        var (exit, output, _) = cli.Run("bench", "search", "--works", "200", "--queries", "50", "--engines", "inverted,lucene,brute-force");
        Assert.True(exit == 0, output);
        Assert.Contains("| inverted | facet-heavy |", output);
        Assert.Contains("| brute-force | text only |", output);
        Assert.Contains("| lucene | exclude-heavy |", output);
        Assert.Contains("result totals that differ between engines: 0", output);
    }

    [SkippableFact]
    public void Bench_search_on_a_PostgreSQL_server_adds_its_full_text_search_and_agrees_on_every_total()
    {
        var server = Environment.GetEnvironmentVariable("FICSHELF_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server) && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail("$FICSHELF_TEST_POSTGRES is not set: CI must run the PostgreSQL tests (.ci/run starts a server with .ci/start-postgres.sh)");
        Skip.If(string.IsNullOrWhiteSpace(server), "$FICSHELF_TEST_POSTGRES is not set: export FICSHELF_TEST_POSTGRES=$(.ci/start-postgres.sh) to run the PostgreSQL tests");
        var before = BenchSchemas(server!);
        var (exit, output, _) = cli.Run("bench", "search", "--works", "200", "--queries", "50", "--engines", "inverted", "--on", server!);
        Assert.True(exit == 0, output);
        Assert.Contains("| postgres | text only |", output);
        Assert.Contains("| postgres | facet-heavy |", output);
        Assert.Contains("result totals that differ between engines: 0", output);
        Assert.Equal(before, BenchSchemas(server!)); // its schema is dropped afterwards: nothing of the run is left
    }

    private static long BenchSchemas(string server)
    {
        using var connection = new Npgsql.NpgsqlConnection(server);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'ficshelf_search_bench_%'", connection);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void Bench_search_with_the_postgres_engine_but_no_server_says_what_is_missing()
    {
        var (exit, output, _) = cli.Run("bench", "search", "--works", "20", "--queries", "5", "--engines", "inverted,postgres");
        Assert.Equal(2, exit);
        Assert.Contains("--on postgres://", output);
    }
}

public sealed class BenchImportCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Bench_import_imports_a_small_library_sequentially_and_in_parallel_and_prints_its_tables()
    {
        var (exit, output, _) = cli.Run("bench", "import", "--works", "200", "-j", "2");
        Assert.True(exit == 0, output);
        Assert.Contains("200 works, ", output);
        Assert.Contains("| workers | time s | story MB/s | works/s | works/s, first 50 | works/s, last 50 | failed | CPU s | story MB per CPU s |", output);
        Assert.Matches(@"\| 1 \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| 0 \| [\d.]+ \| [\d.]+ \|", output);
        Assert.Matches(@"\| 2 \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \| 0 \| [\d.]+ \| [\d.]+ \|", output);
        // Both runs made the same 200 works (the stage table: read, parse, analyse, store keys, store, works added).
        Assert.Matches(@"\| 1 \|( [\d.]+ \|){5} 200 \|", output);
        Assert.Matches(@"\| 2 \|( [\d.]+ \|){5} 200 \|", output);
        Assert.Matches(@"parallel / sequential: [\d.]+×", output);
    }
}
