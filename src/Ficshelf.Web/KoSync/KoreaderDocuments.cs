using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Export;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Readers;

namespace Ficshelf.Web.KoSync;

/// <summary>
/// The names KOReader gives a document when it syncs: by default the "partial MD5" of the file's bytes (util.partialMD5:
/// 1024 bytes at offsets 0, 1 KiB, 4 KiB, 16 KiB … 1 GiB, stopping at the end of the file, hashed together), or the MD5 of
/// its file name. Ficshelf's EPUBs are the same bytes every time a work is exported, so both can be computed here.
/// </summary>
// KOReader names documents and keys by MD5 (its sync protocol): here MD5 is an identifier, never a protection.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "KOReader's sync protocol names documents and keys by MD5; it protects nothing here.")]
public static class KoreaderHash
{
    public static string PartialMd5(ReadOnlySpan<byte> file)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        for (var i = -1; i <= 10; i++)
        {
            // LuaJIT's bit.lshift(1024, -2) shifts by 30 in 32 bits and gives 0: the first sample is the file's start.
            long offset = i < 0 ? 0 : 1024L << (2 * i);
            if (offset >= file.Length) break;
            md5.AppendData(file.Slice((int)offset, (int)Math.Min(1024, file.Length - offset)));
        }
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    public static string FileNameMd5(string fileName) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(fileName)));

    /// <summary>KOReader's sync key: the MD5 of the password, as its sync plugin sends it.</summary>
    public static string Key(string password) => FileNameMd5(password);
}

/// <summary>Maps a document hash KOReader sends to the work whose exported EPUB it is, hashing works as needed.</summary>
public sealed class KoreaderDocuments(ReaderSideStore side)
{
    private readonly Lock hashing = new();

    public KnownDocument? Find(IArchiveStore store, string document)
    {
        if (side.FindDocument(document) is { } known) return known;
        // Not known: hash the works whose current version has not been hashed yet (new or changed since), then look again.
        lock (hashing)
        {
            var hashed = side.HashedVersions();
            foreach (var (workId, version) in store.WorkVersions())
            {
                if (hashed.TryGetValue(workId, out var done) && string.Equals(done, version, StringComparison.Ordinal)) continue;
                if (store.GetWork(workId) is { } work) Record(work, version);
            }
        }
        return side.FindDocument(document);
    }

    /// <summary>Records the hashes of a work's EPUB as Ficshelf exports it now.</summary>
    public void Record(Work work, string version)
    {
        var epub = Exporter.Export(work, ExportFormat.Epub);
        var name = Exporter.FileNameFor(work, ExportFormat.Epub);
        side.RecordDocuments(work.Id, version, [KoreaderHash.PartialMd5(epub), KoreaderHash.FileNameMd5(name)], SpineChapters(epub));
    }

    /// <summary>For each spine item of the EPUB (KOReader's DocFragment[1..n]), the chapter it shows: 0 before the first chapter, the last chapter after it.</summary>
    public static IReadOnlyList<int> SpineChapters(byte[] epub)
    {
        using var zip = new ZipArchive(new MemoryStream(epub), ZipArchiveMode.Read);
        XNamespace container = "urn:oasis:names:tc:opendocument:xmlns:container";
        XNamespace opf = "http://www.idpf.org/2007/opf";
        string packagePath;
        using (var stream = zip.GetEntry("META-INF/container.xml")!.Open())
            packagePath = (string)XDocument.Load(stream).Descendants(container + "rootfile").First().Attribute("full-path")!;
        XDocument package;
        using (var stream = zip.GetEntry(packagePath)!.Open()) package = XDocument.Load(stream);
        var items = package.Descendants(opf + "item").ToDictionary(i => (string)i.Attribute("id")!, i => (string)i.Attribute("href")!, StringComparer.Ordinal);
        var chapters = new List<int>();
        var current = 0;
        foreach (var itemref in package.Descendants(opf + "itemref"))
        {
            // The exporter names chapter files chapterN.xhtml (ExportLayout's chapter numbers); other pages keep the chapter before them.
            var href = items.GetValueOrDefault((string)itemref.Attribute("idref")!, "");
            var stem = Path.GetFileNameWithoutExtension(href);
            if (stem.StartsWith("chapter", StringComparison.Ordinal) && int.TryParse(stem.AsSpan("chapter".Length), out var number)) current = number;
            chapters.Add(current);
        }
        return chapters;
    }
}
