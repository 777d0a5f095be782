using System.IO.Compression;

namespace Ficshelf.Core.Import.Documents;

/// <summary>Bounds on what a zip archive may make Ficshelf read (zip bombs, endless nesting, huge listings).</summary>
public sealed record ArchiveLimits
{
    /// <summary>A zip inside a zip inside a zip is read; one level deeper is refused.</summary>
    public int MaxDepth { get; init; } = 3;

    public int MaxEntries { get; init; } = 5000;

    /// <summary>All entries together, counted as they are decompressed (headers can lie).</summary>
    public long MaxTotalBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Text compresses about 3–10×; an entry that claims more than this is a bomb, not a story.</summary>
    public double MaxCompressionRatio { get; init; } = 200;
}

/// <summary>One file found in an archive: its bytes, or why it was refused. Path reads "outer.zip!inner/story.html".</summary>
internal sealed record ArchiveEntry(string Path, string FileName, byte[]? Bytes, string? Error);

/// <summary>Opens zip archives (not EPUBs, which are stories) entry by entry, nested archives too, within limits.</summary>
internal static class ArchiveExpander
{
    /// <summary>Entry endings read from an archive; other files (images, styles) are passed over.</summary>
    public static readonly IReadOnlyList<string> EntryExtensions = [".txt", ".text", ".html", ".htm", ".xhtml", ".epub", ".zip"];

    /// <summary>True for a zip archive that is not an EPUB.</summary>
    public static bool IsArchive(byte[] bytes) => DocumentImporter.IsZip(bytes) && !DocumentImporter.IsEpub(bytes);

    public static List<ArchiveEntry> Expand(byte[] archive, string archivePath, long maxEntryBytes, ArchiveLimits? limits = null)
    {
        limits ??= new ArchiveLimits();
        var results = new List<ArchiveEntry>();
        var budget = new Budget { BytesLeft = limits.MaxTotalBytes, EntriesLeft = limits.MaxEntries };
        ExpandInto(archive, archivePath, 1, maxEntryBytes, limits, budget, results);
        return results;
    }

    private sealed class Budget
    {
        public long BytesLeft;
        public int EntriesLeft;
    }

    private static void ExpandInto(byte[] archive, string archivePath, int depth, long maxEntryBytes, ArchiveLimits limits, Budget budget, List<ArchiveEntry> results)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(archive, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            results.Add(new ArchiveEntry(archivePath, Path.GetFileName(archivePath), null, $"the zip archive is damaged ({e.Message})"));
            return;
        }
        using (zip)
        {
            foreach (var entry in zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\')) continue;
                var path = $"{archivePath}!{entry.FullName}";
                if (!EntryExtensions.Contains(Path.GetExtension(entry.Name), StringComparer.OrdinalIgnoreCase)) continue;
                if (--budget.EntriesLeft < 0)
                {
                    results.Add(new ArchiveEntry(path, entry.Name, null, $"refused: the archive holds more than {limits.MaxEntries} files"));
                    return;
                }
                if (UnsafeName(entry.FullName))
                {
                    results.Add(new ArchiveEntry(path, entry.Name, null, "refused: the entry's name points outside the archive (absolute or '..')"));
                    continue;
                }
                if (entry.CompressedLength > 0 && entry.Length > 1024 * 1024 && (double)entry.Length / entry.CompressedLength > limits.MaxCompressionRatio)
                {
                    results.Add(new ArchiveEntry(path, entry.Name, null, $"refused: compressed {entry.Length / entry.CompressedLength}:1, more than any story (a zip bomb?)"));
                    continue;
                }
                var nested = Path.GetExtension(entry.Name).Equals(".zip", StringComparison.OrdinalIgnoreCase);
                var cap = Math.Min(budget.BytesLeft, nested ? limits.MaxTotalBytes : maxEntryBytes);
                byte[] bytes;
                try
                {
                    bytes = ReadCapped(entry, cap);
                }
                catch (InvalidDataException e)
                {
                    results.Add(new ArchiveEntry(path, entry.Name, null, $"the entry is damaged ({e.Message})"));
                    continue;
                }
                catch (Exception e) when (e is IOException or NotSupportedException)
                {
                    results.Add(new ArchiveEntry(path, entry.Name, null, $"the entry cannot be read ({e.Message})"));
                    continue;
                }
                if (bytes.LongLength > cap)
                {
                    results.Add(new ArchiveEntry(path, entry.Name, null, cap == budget.BytesLeft
                        ? $"refused: the archive unpacks to more than {StoryParser.Megabytes(limits.MaxTotalBytes)}"
                        : $"file is too large (over {StoryParser.Megabytes(cap)})"));
                    continue;
                }
                budget.BytesLeft -= bytes.LongLength;

                if (IsArchive(bytes))
                {
                    if (depth >= limits.MaxDepth)
                        results.Add(new ArchiveEntry(path, entry.Name, null, $"refused: archives nested more than {limits.MaxDepth} deep"));
                    else
                        ExpandInto(bytes, path, depth + 1, maxEntryBytes, limits, budget, results);
                    continue;
                }
                results.Add(new ArchiveEntry(path, entry.Name, bytes, null));
            }
        }
    }

    /// <summary>Names a careless extractor would write outside its folder: absolute paths, drive letters, '..' segments.</summary>
    public static bool UnsafeName(string name) =>
        name.StartsWith('/') || name.StartsWith('\\') || (name.Length > 1 && name[1] == ':') ||
        name.Split('/', '\\').Any(segment => segment == "..");

    /// <summary>Decompresses at most cap + 1 bytes, so a lying header cannot make us read a bomb whole.</summary>
    internal static byte[] ReadCapped(ZipArchiveEntry entry, long cap)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > cap) break;
        }
        return buffer.ToArray();
    }
}
