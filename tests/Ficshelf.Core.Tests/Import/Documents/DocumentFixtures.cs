using System.IO.Compression;
using System.Text;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Import.Documents;

/// <summary>The document fixtures, and EPUB/zip files built from them at test time.</summary>
internal static class DocumentFixtures
{
    public static string Dir => Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Core.Tests", "Fixtures", "documents");

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Dir, name));

    /// <summary>An EPUB from a fixture folder: "mimetype" first and stored, as the EPUB container format requires.</summary>
    public static byte[] Epub(string folder, Func<string, bool>? include = null)
    {
        var root = Path.Combine(Dir, folder);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != "mimetype" && (include?.Invoke(f) ?? true))
            .Order(StringComparer.Ordinal);
        return Zip([("mimetype", File.ReadAllBytes(Path.Combine(root, "mimetype")), CompressionLevel.NoCompression),
            .. files.Select(f => (f, File.ReadAllBytes(Path.Combine(root, f)), CompressionLevel.Optimal))]);
    }

    public static byte[] Zip(params (string Name, byte[] Bytes, CompressionLevel Level)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes, level) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Zip(params (string Name, byte[] Bytes)[] entries) =>
        Zip(entries.Select(e => (e.Name, e.Bytes, CompressionLevel.Optimal)).ToArray());

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
