using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Export;

/// <summary>
/// EPUB 3 with an EPUB 2 NCX for old readers: preface.xhtml (AO3's title page: meta block, title, by-line, summary,
/// notes), one XHTML page per chapter, afterword.xhtml with the end notes, nav.xhtml and toc.ncx. The zip is written
/// with "mimetype" first and stored, and every entry carries one fixed time, so two exports of a work are identical.
/// </summary>
public static class EpubExporter
{
    private const string OpfNs = "http://www.idpf.org/2007/opf";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";
    private const string NcxNs = "http://www.daisy.org/z3986/2005/ncx/";

    /// <summary>Zip entry time: any fixed instant; the zip format cannot hold dates before 1980.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Page(string Id, string Href, string Label);

    public static byte[] Export(Work work)
    {
        var layout = ExportLayout.Of(work);
        var pages = new List<Page> { new("preface", "preface.xhtml", "Preface") };
        pages.AddRange(layout.Chapters.Select(c => new Page(
            $"chapter{c.Number}", $"chapter{c.Number}.xhtml", c.Heading ?? layout.Title)));
        if (layout.EndNotes is not null) pages.Add(new Page("afterword", "afterword.xhtml", "Afterword"));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "mimetype", Encoding.ASCII.GetBytes("application/epub+zip"), CompressionLevel.NoCompression);
            Add(zip, "META-INF/container.xml", Container());
            Add(zip, "OEBPS/content.opf", Package(layout, pages));
            Add(zip, "OEBPS/toc.ncx", Ncx(layout, pages));
            Add(zip, "OEBPS/nav.xhtml", Nav(layout, pages));
            Add(zip, "OEBPS/style.css", new UTF8Encoding(false).GetBytes(Ao3Markup.Style));
            Add(zip, "OEBPS/preface.xhtml", Xhtml(layout, layout.Title, w => Ao3Markup.Preface(w, layout)));
            foreach (var chapter in layout.Chapters)
                Add(zip, $"OEBPS/chapter{chapter.Number}.xhtml", Xhtml(layout, chapter.Heading ?? layout.Title, w => Ao3Markup.Chapters(w, [chapter])));
            if (layout.EndNotes is not null)
                Add(zip, "OEBPS/afterword.xhtml", Xhtml(layout, "Afterword", w => Ao3Markup.Afterword(w, layout)));
        }
        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] content, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static byte[] Write(Action<XmlWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, Ao3Markup.Settings))
        {
            w.WriteStartDocument();
            body(w);
            w.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static byte[] Container() => Write(w =>
    {
        const string ns = "urn:oasis:names:tc:opendocument:xmlns:container";
        w.WriteStartElement("container", ns);
        w.WriteAttributeString("version", "1.0");
        w.WriteStartElement("rootfiles", ns);
        w.WriteStartElement("rootfile", ns);
        w.WriteAttributeString("full-path", "OEBPS/content.opf");
        w.WriteAttributeString("media-type", "application/oebps-package+xml");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static byte[] Package(ExportLayout layout, List<Page> pages) => Write(w =>
    {
        w.WriteStartElement("package", OpfNs);
        w.WriteAttributeString("version", "3.0");
        w.WriteAttributeString("unique-identifier", "uid");
        w.WriteAttributeString("prefix", FicshelfMetadata.OpfPrefix);
        w.WriteAttributeString("xml", "lang", null, layout.LanguageTag);

        w.WriteStartElement("metadata", OpfNs);
        w.WriteAttributeString("xmlns", "dc", null, DcNs);
        Dc(w, "identifier", layout.Identifier, id: "uid");
        Dc(w, "title", layout.Title);
        foreach (var author in layout.Authors) Dc(w, "creator", author);
        Dc(w, "language", layout.LanguageTag);
        foreach (var subject in layout.Subjects) Dc(w, "subject", subject);
        if (layout.Summary is not null) Dc(w, "description", layout.Summary);
        if (layout.Work.Published is { } published) Dc(w, "date", published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        // The series (EPUB 3's collection and Calibre's calibre:series) and the platform's story id, as Calibre reads them.
        CalibreMetadata.Write(w, layout.Work, OpfNs, DcNs);
        Meta(w, FicshelfMetadata.OpfProperty, FicshelfMetadata.Of(layout).ToJson());
        w.WriteStartElement("meta", OpfNs);
        w.WriteAttributeString("property", "dcterms:modified");
        w.WriteString(layout.Modified.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("manifest", OpfNs);
        Item(w, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
        Item(w, "ncx", "toc.ncx", "application/x-dtbncx+xml");
        Item(w, "css", "style.css", "text/css");
        foreach (var page in pages) Item(w, page.Id, page.Href, "application/xhtml+xml");
        w.WriteEndElement();

        w.WriteStartElement("spine", OpfNs);
        w.WriteAttributeString("toc", "ncx");
        foreach (var page in pages)
        {
            w.WriteStartElement("itemref", OpfNs);
            w.WriteAttributeString("idref", page.Id);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static void Dc(XmlWriter w, string name, string value, string? id = null)
    {
        w.WriteStartElement("dc", name, DcNs);
        if (id is not null) w.WriteAttributeString("id", id);
        w.WriteString(value);
        w.WriteEndElement();
    }

    private static void Meta(XmlWriter w, string property, string value, string? id = null, string? refines = null)
    {
        w.WriteStartElement("meta", OpfNs);
        if (id is not null) w.WriteAttributeString("id", id);
        if (refines is not null) w.WriteAttributeString("refines", refines);
        w.WriteAttributeString("property", property);
        w.WriteString(value);
        w.WriteEndElement();
    }

    private static void Item(XmlWriter w, string id, string href, string mediaType, string? properties = null)
    {
        w.WriteStartElement("item", OpfNs);
        w.WriteAttributeString("id", id);
        w.WriteAttributeString("href", href);
        w.WriteAttributeString("media-type", mediaType);
        if (properties is not null) w.WriteAttributeString("properties", properties);
        w.WriteEndElement();
    }

    private static byte[] Ncx(ExportLayout layout, List<Page> pages) => Write(w =>
    {
        w.WriteStartElement("ncx", NcxNs);
        w.WriteAttributeString("version", "2005-1");
        w.WriteAttributeString("xml", "lang", null, layout.LanguageTag);
        w.WriteStartElement("head", NcxNs);
        foreach (var (name, content) in new[] { ("dtb:uid", layout.Identifier), ("dtb:depth", "1"), ("dtb:totalPageCount", "0"), ("dtb:maxPageNumber", "0") })
        {
            w.WriteStartElement("meta", NcxNs);
            w.WriteAttributeString("name", name);
            w.WriteAttributeString("content", content);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteStartElement("docTitle", NcxNs);
        w.WriteElementString("text", NcxNs, layout.Title);
        w.WriteEndElement();
        w.WriteStartElement("navMap", NcxNs);
        for (var i = 0; i < pages.Count; i++)
        {
            w.WriteStartElement("navPoint", NcxNs);
            w.WriteAttributeString("id", "nav-" + pages[i].Id);
            w.WriteAttributeString("playOrder", (i + 1).ToString(CultureInfo.InvariantCulture));
            w.WriteStartElement("navLabel", NcxNs);
            w.WriteElementString("text", NcxNs, pages[i].Label);
            w.WriteEndElement();
            w.WriteStartElement("content", NcxNs);
            w.WriteAttributeString("src", pages[i].Href);
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static byte[] Nav(ExportLayout layout, List<Page> pages) => Write(w =>
    {
        Ao3Markup.StartDocument(w, layout.Title, layout.LanguageTag, epub: true, stylesheetHref: "style.css");
        Ao3Markup.Start(w, "nav", id: "toc");
        w.WriteAttributeString("epub", "type", Ao3Markup.Ops, "toc");
        Ao3Markup.Element(w, "h1", "Contents");
        Ao3Markup.Start(w, "ol");
        foreach (var page in pages)
        {
            Ao3Markup.Start(w, "li");
            Ao3Markup.Start(w, "a");
            w.WriteAttributeString("href", page.Href);
            w.WriteString(page.Label);
            w.WriteFullEndElement();
            w.WriteFullEndElement();
        }
        w.WriteFullEndElement();
        w.WriteFullEndElement();
        Ao3Markup.EndDocument(w);
    });

    private static byte[] Xhtml(ExportLayout layout, string title, Action<XmlWriter> body) => Write(w =>
    {
        Ao3Markup.StartDocument(w, title, layout.LanguageTag, epub: true, stylesheetHref: "style.css");
        body(w);
        Ao3Markup.EndDocument(w);
    });
}
