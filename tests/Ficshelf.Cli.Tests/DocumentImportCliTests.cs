using System.IO.Compression;

namespace Ficshelf.Cli.Tests;

public sealed class DocumentImportCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private static string Fixture(string name) =>
        Path.Combine(CliRunner.RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "documents", name);

    [Fact]
    public void A_folder_with_a_zip_of_mixed_files_is_reported_file_by_file()
    {
        var folder = Path.Combine(cli.Dir, "downloads");
        Directory.CreateDirectory(folder);
        File.Copy(Fixture("wattpad-lantern-keeper-part.html"), Path.Combine(folder, "lantern.html"));
        using (var zip = ZipFile.Open(Path.Combine(folder, "bundle.zip"), ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(Fixture("ao3-lighthouse-ledger.html"), "ao3/ledger.html");
            zip.CreateEntryFromFile(Fixture("ffn-second-breakfast-club.html"), "ffn/breakfast.htm");
            using (var writer = new StreamWriter(zip.CreateEntry("notes/plain.txt").Open()))
                writer.Write("Tin Roof\n\nThe rain on the tin roof kept time all night, and Ada slept through every bar of it.\n");
            using (var writer = new StreamWriter(zip.CreateEntry("../outside.txt").Open()))
                writer.Write("A story that wants to be written outside the folder.\n");
            using (var writer = new StreamWriter(zip.CreateEntry("empty.html").Open()))
                writer.Write("<html><body><script>x()</script></body></html>");
        }

        var (exit, output, _) = cli.Run("import", folder);

        Assert.Equal(1, exit);
        Assert.Matches(@"bundle\.zip!ao3/ledger\.html\s*│\s*added\s*│\s*#\d+\s*│\s*ao3\s*│\s*The Lighthouse Ledger", output);
        Assert.Matches(@"bundle\.zip!ffn/breakfast\.htm\s*│\s*added\s*│\s*#\d+\s*│\s*ffn\s*│\s*Second Breakfast Club", output);
        Assert.Matches(@"bundle\.zip!notes/plain\.txt\s*│\s*added\s*│\s*#\d+\s*│\s*generic\s*│\s*Tin Roof", output);
        Assert.Matches(@"bundle\.zip!\.\./outside\.txt\s*│\s*failed.*outside the archive", output);
        Assert.Matches(@"bundle\.zip!empty\.html\s*│\s*failed.*no text", output);
        Assert.Matches(@"lantern\.html\s*│\s*added\s*│\s*#\d+\s*│\s*wattpad\s*│\s*The Lantern Keeper", output);
        Assert.Contains("4 added, 0 new copies of known works, 0 already imported, 2 failed; the archive holds 4 works", output);
    }
}
