using System.Xml;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Export;

/// <summary>One HTML file shaped like AO3's HTML download: preface, chapters, afterword; inline style, no scripts; Ficshelf's
/// own metadata in a <c>meta name="ficshelf:work"</c> element of the head.</summary>
internal static class HtmlExporter
{
    public static byte[] Export(Work work)
    {
        var layout = ExportLayout.Of(work);
        using var buffer = new MemoryStream();
        var settings = Ao3Markup.Settings;
        settings.OmitXmlDeclaration = true; // an HTML file, not XML: the doctype comes first
        using (var w = XmlWriter.Create(buffer, settings))
        {
            var title = layout.Authors.Count > 0 ? $"{layout.Title} - {string.Join(", ", layout.Authors)}" : layout.Title;
            Ao3Markup.StartDocument(w, title, layout.LanguageTag, epub: false, stylesheetHref: null, FicshelfMetadata.Of(layout).ToJson());
            Ao3Markup.Preface(w, layout);
            Ao3Markup.Chapters(w, layout.Chapters);
            if (layout.EndNotes is not null) Ao3Markup.Afterword(w, layout);
            Ao3Markup.EndDocument(w);
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
