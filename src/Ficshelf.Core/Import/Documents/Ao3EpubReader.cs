using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// AO3's EPUB download: the HTML download's markup (see <see cref="Ao3DownloadReader"/>) put through an ebook
/// converter, which renames classes and splits the book into files — at each chapter and inside long chapters —
/// repeating the enclosing <c>#preface</c>/<c>#chapters</c>/<c>#afterword</c> blocks in every file. The files are
/// joined back into one document (a block continued in the next file is one block again) and read like the HTML
/// download; the package's metadata fills what the preface lacks (summary from <c>dc:description</c>, the work's
/// URL from <c>dc:identifier</c>/<c>dc:source</c>).
/// </summary>
internal static class Ao3EpubReader
{
    /// <summary>The AO3 work in the EPUB, or null when the EPUB is not an AO3 download.</summary>
    public static Work? TryRead(EpubPackage package)
    {
        var document = Join(package.Spine.Select(s => s.Html));
        if (!Ao3DownloadReader.Recognises(document)) return null;
        var facts = new Ao3DownloadReader.PackageFacts(
            package.First("title"),
            package.Dublin("creator").ToList(),
            package.First("description"),
            package.First("language"),
            package.Dublin("identifier").Concat(package.Dublin("source")).Concat(package.Dublin("relation")).ToList());
        return Ao3DownloadReader.Read(document, facts);
    }

    /// <summary>
    /// The spine documents' bodies in reading order as one document. Where a file starts with a block that continues
    /// the block the previous file ended with (the same id; or, inside it, a div of the same kind that opens with no
    /// heading), the two are one block again.
    /// </summary>
    public static IDocument Join(IEnumerable<string> documents)
    {
        var joined = HtmlText.Parse("<!DOCTYPE html><html><head></head><body></body></html>");
        foreach (var html in documents)
        {
            var body = HtmlText.Parse(html).Body;
            if (body is null) continue;
            var imported = (IElement)joined.Import(body, deep: true);
            Append(joined.Body!, imported.ChildNodes.ToList(), topLevel: true);
        }
        return joined;
    }

    private static void Append(IElement parent, List<INode> nodes, bool topLevel)
    {
        var first = true;
        foreach (var node in nodes)
        {
            if (first && node is IElement element && LastElement(parent) is { } last && Continues(last, element, topLevel))
            {
                Append(last, element.ChildNodes.ToList(), topLevel: false);
                first = false;
                continue;
            }
            if (node is IElement) first = false;
            parent.AppendChild(node);
        }
    }

    private static IElement? LastElement(IElement parent)
    {
        for (var node = parent.LastChild; node is not null; node = node.PreviousSibling)
        {
            if (node is IElement element) return element;
            if (node is IText text && !string.IsNullOrWhiteSpace(text.Data)) return null;
        }
        return null;
    }

    /// <summary>
    /// A converter repeats the enclosing blocks in each file it splits off: the same id, or (no id) a div of the same
    /// class that opens without a heading — a new chapter's block opens with its heading, a continued text does not.
    /// </summary>
    private static bool Continues(IElement last, IElement next, bool topLevel)
    {
        if (last.LocalName != next.LocalName) return false;
        if (!string.IsNullOrEmpty(next.Id)) return next.Id == last.Id;
        if (topLevel || next.LocalName != "div" || !string.IsNullOrEmpty(last.Id)) return false;
        if (last.GetAttribute("class") != next.GetAttribute("class")) return false;
        return next.QuerySelector("h1, h2, h3") is null && next.ChildNodes.OfType<IText>().All(t => string.IsNullOrWhiteSpace(t.Data));
    }
}
