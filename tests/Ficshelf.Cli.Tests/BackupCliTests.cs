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
        var digest = output.Split('\n').Single(l => l.StartsWith("Content digest:"));

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
