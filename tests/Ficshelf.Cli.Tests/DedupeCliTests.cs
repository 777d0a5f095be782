using System.Text;
using System.Text.RegularExpressions;
using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Cli.Tests;

public sealed class DedupeCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private static string Ao3Sample => TestPaths.RequireShared("samples", "ao3-work-text-reader.txt");

    /// <summary>The AO3 sample's text (read from ../shared, never stored here) as a Wattpad page with straight quotes.</summary>
    private string WriteWattpadCopy()
    {
        var work = new StoryParser().Parse(File.ReadAllBytes(Ao3Sample), "ao3.txt").Work;
        var text = new StringBuilder("Better Than Him\nby nightowl_writes\nStart from the beginning\n\n");
        foreach (var paragraph in work.BodyParagraphs)
            text.Append(paragraph.Replace('“', '"').Replace('”', '"').Replace('’', '\'')).Append("\n\n");
        text.Append("Vote\nComment\nShare\n\nBetter Than HimWhere stories live. Discover now\n");
        return cli.Write("better-than-him-wattpad.txt", text.ToString());
    }

    [SkippableFact]
    public void Import_says_a_copy_from_another_platform_is_the_same_story_and_show_lists_both_sources()
    {
        Assert.Equal(0, cli.Run("import", Ao3Sample).ExitCode);
        var (exit, output, _) = cli.Run("import", WriteWattpadCopy());
        Assert.True(exit == 0, output);
        Assert.Matches(@"same story \(\d+% similar\), new copy", output);
        Assert.Contains("0 added, 1 new copies of known works", output);

        var show = cli.Run("show", "1", "--metadata");
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("ao3-work-text-reader.txt (ao3,", show.Output);
        Assert.Matches(@"better-than-him-wattpad\.txt \(wattpad, .*; near-duplicate, \d+% similar to the text shown", show.Output);

        Assert.Contains("no near-duplicates among 1 works", cli.Run("dedupe").Output);
    }

    [SkippableFact]
    public void Dedupe_lists_copies_stored_as_separate_works_and_merges_them_with_merge()
    {
        // An archive from before near-duplicates joined on import: two works, the second added while the first had no fingerprint.
        using (var store = SqliteArchiveStore.Open(cli.ArchivePath))
        {
            var importer = new FileImporter(store, new StoryParser());
            importer.ImportFile(Ao3Sample);
            using (var raw = new SqliteConnection($"Data Source={cli.ArchivePath};Pooling=False"))
            {
                raw.Open();
                using var command = raw.CreateCommand();
                command.CommandText = "DELETE FROM work_lsh; DELETE FROM work_fingerprints;";
                command.ExecuteNonQuery();
            }
            Assert.Equal(StoreOutcome.Added, importer.ImportFile(WriteWattpadCopy()).Outcome);
        }

        var report = cli.Run("dedupe");
        Assert.Equal(0, report.ExitCode);
        Assert.Matches(new Regex(@"#2\s*│\s*#1\s*│\s*\d+% similar"), report.Output);
        Assert.Contains("1 pairs of near-duplicates", report.Output);
        Assert.Contains("2 works from 2 imported files", cli.Run("stats").Output);

        var merge = cli.Run("dedupe", "--merge");
        Assert.Equal(0, merge.ExitCode);
        Assert.Contains("merged into #1", merge.Output);
        Assert.Contains("1 works merged; the archive holds 1 works", merge.Output);
        Assert.Contains("1 works from 2 imported files", cli.Run("stats").Output);
        var show = cli.Run("show", "1", "--metadata");
        Assert.Contains("better-than-him-wattpad.txt (wattpad,", show.Output);
        Assert.Equal(File.ReadAllBytes(Path.Combine(cli.Dir, "better-than-him-wattpad.txt")), cli.Run("show", "1", "--original", "--source", "2").Raw);
    }
}
