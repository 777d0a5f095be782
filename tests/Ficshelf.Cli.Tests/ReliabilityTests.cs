using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Cli.Tests;

/// <summary>`ficshelf check` on whole and damaged archives, and an import killed with SIGKILL halfway.</summary>
public sealed class ReliabilityTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private static string Story(int i) =>
        $"The Keeper of Lamp {i}\n\nby Lamplighter{i % 17}\n\nOn night {i} the keeper climbed {i % 97 + 3} steps and lit lamp number {i}, " +
        $"which had been dark since the {i % 12 + 1}th storm. {string.Join(' ', Enumerable.Range(0, 40 + i % 50).Select(k => $"word{(i * 31 + k) % 5000}"))}.\n";

    [Fact]
    public void Check_finds_a_whole_archive_whole_and_names_damage()
    {
        for (var i = 0; i < 5; i++) cli.Write($"in/{i}.txt", Story(i));
        Assert.Equal(0, cli.Run("import", Path.Combine(cli.Dir, "in")).ExitCode);
        var (exit, output, _) = cli.Run("check");
        Assert.True(exit == 0, output);
        Assert.Contains("The archive is whole", output);
        Assert.Contains("5 works, 5 original files", output);

        using (var connection = new SqliteConnection($"Data Source={cli.ArchivePath};Pooling=false"))
        {
            connection.Open();
            using var damage = connection.CreateCommand();
            damage.CommandText = "UPDATE sources SET original = zeroblob(length(original)) WHERE id = 2; DELETE FROM sources WHERE id = 4;";
            damage.ExecuteNonQuery();
        }
        (exit, output, _) = cli.Run("check");
        Assert.Equal(1, exit);
        Assert.Contains("does not match its SHA-256", output);
        Assert.Contains("no source file", output);
    }

    [Fact]
    public void An_import_killed_halfway_leaves_a_whole_archive_and_the_rerun_imports_each_file_once()
    {
        const int files = 3000;
        var folder = Path.Combine(cli.Dir, "many");
        for (var i = 0; i < files; i++) cli.Write($"many/{i:D5}.txt", Story(i));

        var cliAssembly = Path.Combine(AppContext.BaseDirectory, "ficshelf.dll");
        Assert.True(File.Exists(cliAssembly), cliAssembly);
        var start = new ProcessStartInfo("dotnet", [cliAssembly, "import", folder, "--archive", cli.ArchivePath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var process = Process.Start(start)!)
        {
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            // Kill once some works are stored: poll the archive (WAL lets us read while it writes).
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && watch.Elapsed < TimeSpan.FromSeconds(120) && StoredWorks() < 200) Thread.Sleep(50);
            Assert.False(process.HasExited, "the import finished before it could be killed; use more files");
            process.Kill(); // SIGKILL on Linux: no cleanup, no finally blocks
            process.WaitForExit();
        }
        var stored = StoredWorks();
        Assert.InRange(stored, 200, files - 1);

        var check = cli.Run("check");
        Assert.True(check.ExitCode == 0, check.Output);

        var rerun = cli.Run("import", folder);
        Assert.True(rerun.ExitCode == 0, rerun.Output);
        Assert.Contains($"the archive holds {files} works", rerun.Output.Replace("\n", " ").Replace("  ", " "));
        Assert.Equal(files, Scalar("SELECT count(*) FROM sources"));
        Assert.Equal(files, Scalar("SELECT count(DISTINCT content_hash) FROM sources"));
        Assert.Equal(0, cli.Run("check").ExitCode);
    }

    private long StoredWorks()
    {
        if (!File.Exists(cli.ArchivePath)) return 0;
        try
        {
            return Scalar("SELECT count(*) FROM works");
        }
        catch (SqliteException)
        {
            return 0; // not created yet
        }
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={cli.ArchivePath};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandTimeout = 10;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
