namespace Ficshelf.Web.Tests.Support;

/// <summary>Readium's OPDS parser for the OPDS tests.</summary>
public static class OpdsParser
{
    private static readonly SemaphoreSlim NpmLock = new(1, 1);

    /// <summary>tests/Ficshelf.Web.Tests/Opds/node with Readium's r2-opds-js installed (npm install --no-save when missing).</summary>
    public static async Task<string> OpdsParserFolder()
    {
        var node = ExternalTools.Require("node", "Debian package nodejs");
        var npm = ExternalTools.Require("npm", "Debian package npm");
        var folder = Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Web.Tests", "Opds", "node");
        await NpmLock.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "r2-opds-js")))
            {
                // --ignore-scripts: r2-opds-js's postinstall only tidies its own type files (and needs rimraf).
                var install = await ExternalTools.RunAsync(npm, ["install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts"], folder);
                Assert.True(install.ExitCode == 0, $"npm install in {folder}: {install}");
            }
        }
        finally { NpmLock.Release(); }
        _ = node;
        return folder;
    }
}
