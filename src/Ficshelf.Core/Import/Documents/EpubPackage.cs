using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// The parts of an EPUB an importer needs: the OPF metadata and the content documents in spine (reading) order.
/// container.xml → OPF → manifest + spine; nothing is rendered, only read.
/// </summary>
public sealed class EpubPackage
{
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    public required XDocument Opf { get; init; }

    /// <summary>Spine documents in reading order: path inside the zip and its XHTML text.</summary>
    public required IReadOnlyList<(string Path, string Html)> Spine { get; init; }

    public IEnumerable<string> Dublin(string name) =>
        Opf.Descendants(Dc + name).Select(e => e.Value.Trim()).Where(v => v.Length > 0);

    public string? First(string name) => Dublin(name).FirstOrDefault();

    /// <summary>True for bytes that open as a zip whose "mimetype" entry or container.xml says EPUB.</summary>
    public static bool IsEpub(ZipArchive zip)
    {
        if (zip.GetEntry("mimetype") is { } mimetype && mimetype.Length < 100)
        {
            using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
            if (reader.ReadToEnd().Trim() == "application/epub+zip") return true;
        }
        return zip.GetEntry("META-INF/container.xml") is not null;
    }

    /// <summary>Reads the package; a broken EPUB throws <see cref="ImportException"/> saying which part is missing.</summary>
    public static EpubPackage Read(ZipArchive zip, long maxBytes)
    {
        var container = Xml(zip, "META-INF/container.xml") ?? throw new ImportException("the EPUB has no META-INF/container.xml");
        var opfPath = container.Descendants().FirstOrDefault(e => e.Name.LocalName == "rootfile")?.Attribute("full-path")?.Value
                      ?? throw new ImportException("the EPUB's container.xml names no package (OPF) file");
        var opf = Xml(zip, opfPath) ?? throw new ImportException($"the EPUB's package file {opfPath} is missing");
        var folder = opfPath.Contains('/') ? opfPath[..(opfPath.LastIndexOf('/') + 1)] : "";

        var manifest = opf.Descendants().Where(e => e.Name.LocalName == "item")
            .Select(e => (Id: (string?)e.Attribute("id"), Href: (string?)e.Attribute("href"), Type: (string?)e.Attribute("media-type")))
            .Where(i => i.Id is not null && i.Href is not null)
            .GroupBy(i => i.Id!).ToDictionary(g => g.Key, g => g.First());
        var spine = new List<(string, string)>();
        long total = 0;
        foreach (var itemref in opf.Descendants().Where(e => e.Name.LocalName == "itemref"))
        {
            if (itemref.Attribute("idref")?.Value is not { } idref || !manifest.TryGetValue(idref, out var item)) continue;
            if (item.Type is not null && !item.Type.Contains("html", StringComparison.OrdinalIgnoreCase)) continue;
            var path = Resolve(folder, Uri.UnescapeDataString(item.Href!.Split('#')[0]));
            var entry = zip.GetEntry(path) ?? throw new ImportException($"the EPUB's spine names {path}, which is not in the file");
            // Counted as decompressed: a header's size can lie (a zip bomb dressed as an EPUB).
            var bytes = ArchiveExpander.ReadCapped(entry, maxBytes - total);
            total += bytes.LongLength;
            if (total > maxBytes) throw new ImportException($"the EPUB's text is too large (over {StoryParser.Megabytes(maxBytes)})");
            spine.Add((path, ReadText(bytes)));
        }
        if (spine.Count == 0) throw new ImportException("the EPUB's spine lists no content documents");
        return new EpubPackage { Opf = opf, Spine = spine };
    }

    private static XDocument? Xml(ZipArchive zip, string path)
    {
        if (zip.GetEntry(path) is not { } entry) return null;
        try
        {
            // No DTDs and a size cap: an EPUB is untrusted input (entity expansion, a bomb in the package file).
            using var reader = XmlReader.Create(entry.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersInDocument = 16 * 1024 * 1024 });
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new ImportException($"the EPUB's {path} is not well-formed XML ({e.Message})");
        }
    }

    private static string ReadText(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static string Resolve(string folder, string href)
    {
        var parts = new List<string>();
        foreach (var part in (folder + href).Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
