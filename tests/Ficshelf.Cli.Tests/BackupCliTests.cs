namespace Ficshelf.Cli.Tests;

public sealed class BackupCliTests
{
    [Fact]
    public void Backup_restore_and_migrate_report_every_table_verified()
    {
        using var cli = new CliRunner();
        Assert.Equal(0, cli.Run("import", CliRunner.DemoCorpus).ExitCode);
        var backup = Path.Combine(cli.Dir, "shelf.backup.db");

        var (exit, output, _) = cli.Run("backup", backup);
        Assert.Equal(0, exit);
        Assert.Matches(@"works\s+│\s+14\s+│\s+14", output);
        Assert.Contains("Originals: 14 checked against their SHA-256", output);
        Assert.Contains("verified: every table, row and original matches", output);
        Assert.True(File.Exists(backup));

        (exit, output, _) = cli.Run("backup", backup);
        Assert.Equal(2, exit);
        Assert.Contains("--force", output);

        // Restoring over the archive it came from: refused without --force, then the same content.
        (exit, output, _) = cli.Run("restore", backup);
        Assert.Equal(2, exit);
        Assert.Contains("already holds an archive; use --force", output);
        (exit, output, _) = cli.Run("restore", backup, "--force");
        Assert.Equal(0, exit);
        Assert.Contains("verified", output);

        var moved = Path.Combine(cli.Dir, "moved", "archive.db");
        (exit, output, _) = cli.Run("migrate", "--to", moved);
        Assert.Equal(0, exit);
        Assert.Contains("Content digest:", output);
        var digest = output.Split('\n').Single(l => l.StartsWith("Content digest:", StringComparison.Ordinal));

        // The backup, the restored archive and the migrated one hold the same content.
        (_, output, _) = cli.Run("backup", Path.Combine(cli.Dir, "again.db"));
        Assert.Contains(digest, output);
        Assert.Contains("14 works", cli.Run("stats").Output);
    }

    [Fact]
    public void Migrate_needs_a_target_and_a_bad_backup_is_a_clear_error()
    {
        using var cli = new CliRunner();
        Assert.NotEqual(0, cli.Run("migrate").ExitCode);
        var notBackup = cli.Write("notes.db", new string('x', 5000));
        var (exit, output, _) = cli.Run("restore", notBackup);
        Assert.Equal(2, exit);
        Assert.Contains("not a Ficshelf backup", output);
    }
}

/// <summary>The command line on a PostgreSQL archive ($FICSHELF_TEST_POSTGRES, started by .ci/run; required in CI).</summary>
public sealed class PostgresCliTests
{
    private static string Server()
    {
        var server = Environment.GetEnvironmentVariable("FICSHELF_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server) && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail("$FICSHELF_TEST_POSTGRES is not set: CI must run the PostgreSQL tests (.ci/run starts a server with .ci/start-postgres.sh)");
        Skip.If(string.IsNullOrWhiteSpace(server), "$FICSHELF_TEST_POSTGRES is not set: export FICSHELF_TEST_POSTGRES=$(.ci/start-postgres.sh) to run the PostgreSQL tests");
        return server!;
    }

    [SkippableFact]
    public void An_archive_moves_to_PostgreSQL_works_there_and_comes_back_the_same()
    {
        var server = new Npgsql.NpgsqlConnectionStringBuilder(Server());
        var database = $"ficshelf_cli_{Guid.NewGuid():N}";
        // The URL form, as a user writes it; the database does not exist yet and is created.
        var postgres = $"postgres://{Uri.EscapeDataString(server.Username!)}:{Uri.EscapeDataString(server.Password!)}@{server.Host}:{server.Port}/{database}";
        using var cli = new CliRunner();
        try
        {
            Assert.Equal(0, cli.Run("import", CliRunner.DemoCorpus).ExitCode);
            var (exit, output, _) = cli.Run("migrate", "--to", postgres);
            Assert.Equal(0, exit);
            Assert.Contains("verified", output);
            Assert.DoesNotContain(server.Password!, output);
            var digest = output.Split('\n').Single(l => l.StartsWith("Content digest:", StringComparison.Ordinal));

            var stats = cli.RunOn(postgres, "stats");
            Assert.Equal(0, stats.ExitCode);
            Assert.Contains("14 works from 14 imported files", stats.Output);
            Assert.Contains("already imported", cli.RunOn(postgres, "import", Path.Combine(CliRunner.DemoCorpus, "plain-the-tea-shop.txt")).Output);
            Assert.Equal(0, cli.RunOn(postgres, "search", "lantern").ExitCode);

            var back = Path.Combine(cli.Dir, "back.db");
            (exit, output, _) = cli.RunOn(postgres, "backup", back);
            Assert.Equal(0, exit);
            Assert.Contains(digest, output);
            (exit, output, _) = cli.RunOn(Path.Combine(cli.Dir, "restored.db"), "restore", back);
            Assert.Equal(0, exit);
            Assert.Contains(digest, output);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            Ficshelf.Core.Storage.Postgres.PostgresArchiveStore.ClosePool(postgres);
            using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString);
            connection.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
    }
}
