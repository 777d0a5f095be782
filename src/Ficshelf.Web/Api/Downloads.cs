using System.IO.Compression;
using System.Net;
using System.Text;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;

namespace Ficshelf.Web.Api;

/// <summary>The EPUB, HTML and TXT buttons on a work: /works/{id}/download/{format}.</summary>
public static class Downloads
{
    public static void MapDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/works/{id:long}/download/{format}", IResult (IArchiveStore store, long id, string format) =>
        {
            if (store.GetWork(id) is not { } work) return TypedResults.NotFound(new ErrorResponse($"no work {id}"));
            var name = FileName(work);
            return format.ToLowerInvariant() switch
            {
                "epub" => TypedResults.File(MinimalExport.Epub(work), "application/epub+zip", name + ".epub"),
                "html" => TypedResults.File(Encoding.UTF8.GetBytes(MinimalExport.Html(work)), "text/html; charset=utf-8", name + ".html"),
                "txt" => TypedResults.File(Encoding.UTF8.GetBytes(MinimalExport.Text(work)), "text/plain; charset=utf-8", name + ".txt"),
                _ => TypedResults.NotFound(new ErrorResponse($"no download format {format}: epub, html or txt")),
            };
        }).WithTags("Ficshelf").WithName("Download").WithSummary("A work as EPUB, HTML or plain text.");

        // The imported file exactly as it was: always an attachment of plain bytes, never rendered by the browser.
        app.MapGet("/works/{id:long}/sources/{sourceId:long}", IResult (IArchiveStore store, long id, long sourceId) =>
        {
            if (store.GetWork(id)?.Sources.FirstOrDefault(s => s.Id == sourceId) is not { } source || store.GetOriginal(sourceId) is not { } bytes)
                return TypedResults.NotFound(new ErrorResponse($"work {id} has no imported file {sourceId}"));
            return TypedResults.File(bytes, "application/octet-stream", Path.GetFileName(source.FileName));
        }).WithTags("Ficshelf").WithName("Original").WithSummary("An imported file of a work, byte for byte.");
    }

    /// <summary>A file name from the title: letters, digits and dashes only.</summary>
    public static string FileName(Work work)
    {
        var builder = new StringBuilder();
        foreach (var c in work.DisplayTitle)
        {
            if (char.IsLetterOrDigit(c)) builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        var name = builder.ToString().Trim('-');
        return name.Length == 0 ? $"work-{work.Id}" : name.Length > 80 ? name[..80].TrimEnd('-') : name;
    }
}

/// <summary>
/// A first version of the exports, written from stored paragraphs (every string escaped), until the full exporters land.
/// </summary>
public static class MinimalExport
{
    public static string Text(Work work)
    {
        var text = new StringBuilder();
        text.AppendLine(work.DisplayTitle);
        if (work.Authors.Count > 0) text.AppendLine("by " + string.Join(", ", work.Authors));
        text.AppendLine();
        foreach (var category in Pages.Present.CategoryOrder)
        {
            var tags = Pages.Present.TagsIn(work, category).Select(t => t.Name).ToList();
            if (tags.Count > 0) text.AppendLine($"{Pages.Present.Heading(category)}: {string.Join(", ", tags)}");
        }
        if (work.Summary is { } summary) text.AppendLine().AppendLine("Summary:").AppendLine(summary);
        if (work.NotesBefore is { } notes) text.AppendLine().AppendLine("Notes:").AppendLine(notes);
        for (var i = 0; i < work.Chapters.Count; i++)
        {
            var chapter = work.Chapters[i];
            text.AppendLine();
            if (work.Chapters.Count > 1 || chapter.Title is not null) text.AppendLine(chapter.Title ?? $"Chapter {i + 1}").AppendLine();
            foreach (var paragraph in chapter.Paragraphs) text.AppendLine(paragraph).AppendLine();
        }
        if (work.NotesAfter is { } end) text.AppendLine("End notes:").AppendLine(end);
        return text.ToString();
    }

    public static string Html(Work work) =>
        $"""
        <!DOCTYPE html>
        <html lang="{E(work.Language ?? "en")}"><head><meta charset="utf-8"><title>{E(work.DisplayTitle)}</title></head>
        <body>
        <h1>{E(work.DisplayTitle)}</h1>
        {(work.Authors.Count > 0 ? $"<p class=\"byline\">by {E(string.Join(", ", work.Authors))}</p>" : "")}
        {Body(work)}
        </body></html>
        """;

    public static byte[] Epub(Work work)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // The mimetype entry comes first and uncompressed, as EPUB readers expect.
            Add(zip, "mimetype", "application/epub+zip", CompressionLevel.NoCompression);
            Add(zip, "META-INF/container.xml",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
                </container>
                """);
            var id = "urn:ficshelf:" + work.ContentKey;
            var chapters = work.Chapters.Select((c, i) => (File: $"chapter-{i + 1}.xhtml", Title: c.Title ?? (work.Chapters.Count > 1 ? $"Chapter {i + 1}" : work.DisplayTitle), Chapter: c)).ToList();
            Add(zip, "OEBPS/content.opf",
                $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id">
                  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                    <dc:identifier id="book-id">{E(id)}</dc:identifier>
                    <dc:title>{E(work.DisplayTitle)}</dc:title>
                    {string.Concat(work.Authors.Select(a => $"<dc:creator>{E(a)}</dc:creator>"))}
                    <dc:language>{E(work.Language ?? "en")}</dc:language>
                    {(work.Summary is { } s ? $"<dc:description>{E(s)}</dc:description>" : "")}
                    {string.Concat(work.EffectiveTags.Select(t => t.Name).Distinct().Select(t => $"<dc:subject>{E(t)}</dc:subject>"))}
                    <meta property="dcterms:modified">{(work.AddedAt ?? DateTimeOffset.UnixEpoch).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}</meta>
                  </metadata>
                  <manifest>
                    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
                    <item id="title" href="title.xhtml" media-type="application/xhtml+xml"/>
                    {string.Concat(chapters.Select((c, i) => $"<item id=\"c{i + 1}\" href=\"{c.File}\" media-type=\"application/xhtml+xml\"/>"))}
                  </manifest>
                  <spine>
                    <itemref idref="title"/>
                    {string.Concat(chapters.Select((_, i) => $"<itemref idref=\"c{i + 1}\"/>"))}
                  </spine>
                </package>
                """);
            Add(zip, "OEBPS/nav.xhtml", Xhtml("Contents",
                $"<nav epub:type=\"toc\" id=\"toc\"><h1>Contents</h1><ol>{string.Concat(chapters.Select(c => $"<li><a href=\"{c.File}\">{E(c.Title)}</a></li>"))}</ol></nav>"));
            Add(zip, "OEBPS/title.xhtml", Xhtml(work.DisplayTitle,
                $"<h1>{E(work.DisplayTitle)}</h1>{(work.Authors.Count > 0 ? $"<p>by {E(string.Join(", ", work.Authors))}</p>" : "")}" +
                Paragraphs(work.Summary) + Paragraphs(work.NotesBefore)));
            foreach (var (file, title, chapter) in chapters)
                Add(zip, "OEBPS/" + file, Xhtml(title, $"<h2>{E(title)}</h2>" + string.Concat(chapter.Paragraphs.Select(Paragraph))));
        }
        return buffer.ToArray();
    }

    private static string Body(Work work)
    {
        var html = new StringBuilder();
        if (work.Summary is { } summary) html.Append("<h2>Summary</h2>").Append(Paragraphs(summary));
        for (var i = 0; i < work.Chapters.Count; i++)
        {
            var chapter = work.Chapters[i];
            if (work.Chapters.Count > 1 || chapter.Title is not null) html.Append($"<h2>{E(chapter.Title ?? $"Chapter {i + 1}")}</h2>");
            foreach (var paragraph in chapter.Paragraphs) html.Append(Paragraph(paragraph));
        }
        return html.ToString();
    }

    private static string Xhtml(string title, string body) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>{E(title)}</title></head><body>{body}</body></html>
        """;

    private static string Paragraph(string paragraph) => "<p>" + string.Join("<br/>", paragraph.Split('\n').Select(E)) + "</p>";

    private static string Paragraphs(string? text) => string.IsNullOrWhiteSpace(text) ? "" :
        string.Concat(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Paragraph));

    /// <summary>Escapes for HTML and XML alike.</summary>
    private static string E(string text) => WebUtility.HtmlEncode(text).Replace("&#39;", "&#x27;");

    private static void Add(ZipArchive zip, string path, string content, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = zip.CreateEntry(path, level);
        using var stream = entry.Open();
        var bytes = new UTF8Encoding(false).GetBytes(content);
        stream.Write(bytes);
    }
}
