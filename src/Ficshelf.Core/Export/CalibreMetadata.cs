using System.Globalization;
using System.Xml;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Export;

/// <summary>
/// The OPF metadata Calibre (and the apps that follow it) reads beyond Dublin Core: the series and the work's place in it
/// (EPUB 3 belongs-to-collection with collection-type and group-position, and Calibre's calibre:series /
/// calibre:series_index), and the platform's story id as scheme:value identifiers (url:…, ao3:…, ffnet:…), as
/// FanFicFare's books carry them.
/// </summary>
internal static class CalibreMetadata
{
    public static void Write(XmlWriter w, Work work, string opfNs, string dcNs)
    {
        if (StoryUrl(work) is { } url) Identifier(w, dcNs, "url:" + url);
        if (work.PlatformWorkId is { Length: > 0 } id && Scheme(work.Platform) is { } scheme) Identifier(w, dcNs, $"{scheme}:{id}");
        if (string.IsNullOrWhiteSpace(work.SeriesOrBook)) return;
        var series = work.SeriesOrBook.Trim();
        var index = (work.SeriesPart ?? 1).ToString(CultureInfo.InvariantCulture);
        w.WriteStartElement("meta", opfNs);
        w.WriteAttributeString("property", "belongs-to-collection");
        w.WriteAttributeString("id", "series");
        w.WriteString(series);
        w.WriteEndElement();
        Refine(w, opfNs, "collection-type", "series");
        Refine(w, opfNs, "group-position", index);
        Named(w, opfNs, "calibre:series", series);
        Named(w, opfNs, "calibre:series_index", index);
    }

    /// <summary>Calibre's names for the platforms' ids (FanFicFare's url identifier covers the rest).</summary>
    private static string? Scheme(Platform platform) => platform switch
    {
        Platform.Ao3 => "ao3",
        Platform.FanFictionNet => "ffnet",
        Platform.Wattpad => "wattpad",
        _ => null,
    };

    public static string? StoryUrl(Work work) => work.PlatformWorkId is not { Length: > 0 } id || !id.All(char.IsAsciiDigit) ? null : work.Platform switch
    {
        Platform.Ao3 => $"https://archiveofourown.org/works/{id}",
        Platform.FanFictionNet => $"https://www.fanfiction.net/s/{id}",
        Platform.Wattpad => $"https://www.wattpad.com/story/{id}",
        _ => null,
    };

    private static void Identifier(XmlWriter w, string dcNs, string value)
    {
        w.WriteStartElement("dc", "identifier", dcNs);
        w.WriteString(value);
        w.WriteEndElement();
    }

    private static void Refine(XmlWriter w, string opfNs, string property, string value)
    {
        w.WriteStartElement("meta", opfNs);
        w.WriteAttributeString("refines", "#series");
        w.WriteAttributeString("property", property);
        w.WriteString(value);
        w.WriteEndElement();
    }

    private static void Named(XmlWriter w, string opfNs, string name, string content)
    {
        w.WriteStartElement("meta", opfNs);
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("content", content);
        w.WriteEndElement();
    }
}
