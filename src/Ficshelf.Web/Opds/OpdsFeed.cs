using System.Globalization;
using System.Text;
using System.Xml;
using Ficshelf.Core.Domain;

namespace Ficshelf.Web.Opds;

/// <summary>A link of a feed or an entry (Atom's link element).</summary>
public sealed record OpdsLink(string Rel, string Href, string Type, string? Title = null);

/// <summary>An entry that leads to another feed (a fandom, a series, "Recently added").</summary>
public sealed record OpdsNavigationEntry(string Id, string Title, string? Content, OpdsLink Link, int? Count = null);

/// <summary>A work with its downloads.</summary>
public sealed record OpdsWorkEntry(WorkBlurb Work, string? Series, int? SeriesPart, IReadOnlyList<OpdsLink> Links, string? Note = null);

/// <summary>One OPDS 1.2 catalog document: a navigation feed (entries lead to feeds) or an acquisition feed (entries are works).</summary>
public sealed record OpdsFeed(string Id, string Title, DateTimeOffset Updated, IReadOnlyList<OpdsLink> Links)
{
    public IReadOnlyList<OpdsNavigationEntry> Navigation { get; init; } = [];
    public IReadOnlyList<OpdsWorkEntry> Works { get; init; } = [];

    /// <summary>OpenSearch paging of the whole result (null: not a paged result).</summary>
    public int? TotalResults { get; init; }
    public int? ItemsPerPage { get; init; }
    public int? StartIndex { get; init; }
}

/// <summary>Writes <see cref="OpdsFeed"/> as Atom with the OPDS, Dublin Core and OpenSearch vocabularies.</summary>
public static class OpdsFeedWriter
{
    public const string AtomNs = "http://www.w3.org/2005/Atom";
    public const string DcTermsNs = "http://purl.org/dc/terms/";
    public const string OpdsNs = "http://opds-spec.org/2010/catalog";
    public const string OpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";

    public const string NavigationType = "application/atom+xml;profile=opds-catalog;kind=navigation";
    public const string AcquisitionType = "application/atom+xml;profile=opds-catalog;kind=acquisition";
    public const string OpenSearchType = "application/opensearchdescription+xml";
    public const string TagScheme = "https://ficshelf.invalid/tags/";

    private static XmlWriterSettings Settings => new() { Encoding = new UTF8Encoding(false), Indent = true, OmitXmlDeclaration = false };

    public static byte[] Write(OpdsFeed feed)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", AtomNs);
            xml.WriteAttributeString("xmlns", "dc", null, DcTermsNs);
            xml.WriteAttributeString("xmlns", "opds", null, OpdsNs);
            xml.WriteAttributeString("xmlns", "opensearch", null, OpenSearchNs);
            xml.WriteElementString("id", AtomNs, feed.Id);
            xml.WriteElementString("title", AtomNs, feed.Title);
            xml.WriteElementString("updated", AtomNs, Timestamp(feed.Updated));
            xml.WriteStartElement("author", AtomNs);
            xml.WriteElementString("name", AtomNs, "Ficshelf");
            xml.WriteEndElement();
            foreach (var link in feed.Links) WriteLink(xml, link);
            if (feed.TotalResults is { } total)
            {
                xml.WriteElementString("totalResults", OpenSearchNs, total.ToString(CultureInfo.InvariantCulture));
                xml.WriteElementString("itemsPerPage", OpenSearchNs, (feed.ItemsPerPage ?? 0).ToString(CultureInfo.InvariantCulture));
                xml.WriteElementString("startIndex", OpenSearchNs, (feed.StartIndex ?? 1).ToString(CultureInfo.InvariantCulture));
            }
            foreach (var entry in feed.Navigation) WriteNavigation(xml, entry, feed.Updated);
            foreach (var entry in feed.Works) WriteWork(xml, entry, feed.Updated);
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static void WriteNavigation(XmlWriter xml, OpdsNavigationEntry entry, DateTimeOffset updated)
    {
        xml.WriteStartElement("entry", AtomNs);
        xml.WriteElementString("id", AtomNs, entry.Id);
        xml.WriteElementString("title", AtomNs, entry.Title);
        xml.WriteElementString("updated", AtomNs, Timestamp(updated));
        if (entry.Content is not null)
        {
            xml.WriteStartElement("content", AtomNs);
            xml.WriteAttributeString("type", "text");
            xml.WriteString(entry.Content);
            xml.WriteEndElement();
        }
        WriteLink(xml, entry.Link, entry.Count);
        xml.WriteEndElement();
    }

    private static void WriteWork(XmlWriter xml, OpdsWorkEntry entry, DateTimeOffset feedUpdated)
    {
        var work = entry.Work;
        xml.WriteStartElement("entry", AtomNs);
        xml.WriteElementString("id", AtomNs, $"urn:ficshelf:work:{work.Id.ToString(CultureInfo.InvariantCulture)}");
        xml.WriteElementString("title", AtomNs, work.Title);
        foreach (var author in work.Authors.DefaultIfEmpty("Anonymous"))
        {
            xml.WriteStartElement("author", AtomNs);
            xml.WriteElementString("name", AtomNs, author);
            xml.WriteEndElement();
        }
        xml.WriteElementString("updated", AtomNs, Timestamp(work.AddedAt ?? feedUpdated));
        if (work.Language is { Length: > 0 } language) xml.WriteElementString("language", DcTermsNs, language);
        if (work.AddedAt is { } added) xml.WriteElementString("issued", DcTermsNs, added.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (entry.Series is { Length: > 0 } series)
            xml.WriteElementString("isPartOf", DcTermsNs, entry.SeriesPart is { } part ? $"{series} ({part.ToString(CultureInfo.InvariantCulture)})" : series);
        foreach (var tag in work.EffectiveTags)
        {
            xml.WriteStartElement("category", AtomNs);
            xml.WriteAttributeString("scheme", TagScheme + tag.Category.Slug());
            xml.WriteAttributeString("term", tag.Name);
            xml.WriteAttributeString("label", tag.Name);
            xml.WriteEndElement();
        }
        // The summary first, then the numbers: apps show content as the book's description.
        xml.WriteStartElement("content", AtomNs);
        xml.WriteAttributeString("type", "text");
        xml.WriteString(string.IsNullOrWhiteSpace(work.Summary) ? Stats(work, entry.Note) : $"{work.Summary.Trim()}\n\n{Stats(work, entry.Note)}");
        xml.WriteEndElement();
        foreach (var link in entry.Links) WriteLink(xml, link);
        xml.WriteEndElement();
    }

    private static string Stats(WorkBlurb work, string? note)
    {
        var chapters = work.ChapterCount == 1 ? "1 chapter" : $"{work.ChapterCount.ToString(CultureInfo.InvariantCulture)} chapters";
        var status = work.Complete switch { true => "complete", false => "in progress", null => "completion unknown" };
        var stats = $"{work.WordCount.ToString("N0", CultureInfo.InvariantCulture)} words, {chapters}, {status}. {work.Platform.DisplayName()}.";
        return note is null ? stats : $"{note} · {stats}";
    }

    private static void WriteLink(XmlWriter xml, OpdsLink link, int? count = null)
    {
        xml.WriteStartElement("link", AtomNs);
        xml.WriteAttributeString("rel", link.Rel);
        xml.WriteAttributeString("href", link.Href);
        xml.WriteAttributeString("type", link.Type);
        if (link.Title is not null) xml.WriteAttributeString("title", link.Title);
        // OPDS 1.2 facet/count attribute: how many works the linked feed holds.
        if (count is { } n) xml.WriteAttributeString("thr", "count", "http://purl.org/syndication/thread/1.0", n.ToString(CultureInfo.InvariantCulture));
        xml.WriteEndElement();
    }

    /// <summary>The OpenSearch description that tells an app how to search: the search box takes Ficshelf's query syntax.</summary>
    public static byte[] OpenSearchDescription(string searchTemplate)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("OpenSearchDescription", OpenSearchNs);
            xml.WriteElementString("ShortName", OpenSearchNs, "Ficshelf");
            xml.WriteElementString("Description", OpenSearchNs, "Search the works: words, \"phrases\", +fandom:name, -freeform:name, words:1000-5000, complete:yes, sort:words.");
            xml.WriteElementString("InputEncoding", OpenSearchNs, "UTF-8");
            xml.WriteElementString("OutputEncoding", OpenSearchNs, "UTF-8");
            xml.WriteStartElement("Url", OpenSearchNs);
            xml.WriteAttributeString("type", AcquisitionType);
            xml.WriteAttributeString("template", searchTemplate);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static string Timestamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
