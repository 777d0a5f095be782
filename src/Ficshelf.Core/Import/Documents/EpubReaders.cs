using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Platforms;

namespace Ficshelf.Core.Import.Documents;

/// <summary>Chooses how to read an EPUB: AO3's download, a FanFicFare book, or any other EPUB (one chapter per spine document).</summary>
public static partial class EpubReaders
{
    public static Work Read(EpubPackage package)
    {
        if (IsFanFicFare(package)) return FanFicFare(package);
        if (Ao3EpubReader.TryRead(package) is { } ao3) return ao3;
        return Generic(package);
    }

    /// <summary>All spine documents' bodies in one document, in reading order (AO3's markup may be split over files).</summary>
    public static IDocument Combine(IEnumerable<string> documents)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body>");
        foreach (var text in documents) html.Append(HtmlText.Parse(text).Body?.InnerHtml);
        return HtmlText.Parse(html.Append("</body></html>").ToString());
    }

    /// <summary>The platform a story URL belongs to (FanFicFare records where it downloaded the story from).</summary>
    public static Platform PlatformOfUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return Platform.Generic;
        var host = uri.Host.ToLowerInvariant();
        bool Is(string domain) => host == domain || host.EndsWith("." + domain, StringComparison.Ordinal);
        if (Is("archiveofourown.org") || Is("ao3.org")) return Platform.Ao3;
        if (Is("fanfiction.net")) return Platform.FanFictionNet;
        if (Is("wattpad.com")) return Platform.Wattpad;
        if (Is("inkitt.com")) return Platform.Inkitt;
        return Platform.Generic;
    }

    private static bool IsFanFicFare(EpubPackage package) =>
        package.Dublin("contributor").Any(c => c.Contains("FanFicFare", StringComparison.OrdinalIgnoreCase)) ||
        package.Spine.Any(s => s.Path.EndsWith("title_page.xhtml", StringComparison.OrdinalIgnoreCase)) &&
        package.Spine.Any(s => FanFicFareChapterFile().IsMatch(s.Path));

    [GeneratedRegex(@"(?:^|/)file\d{4}\.xhtml$", RegexOptions.IgnoreCase)]
    private static partial Regex FanFicFareChapterFile();

    [GeneratedRegex(@"^(?<done>\d+)\s*/\s*(?<total>\d+|\?)$")]
    private static partial Regex ChapterFraction();

    /// <summary>
    /// A FanFicFare EPUB: the title page lists "&lt;b&gt;Label:&lt;/b&gt; value&lt;br /&gt;" entries (Category = fandom,
    /// Genre, Characters, Relationships, Freeform Tags, Status…), the OPF has dc:source (the story's URL), dc:creator and
    /// dc:description; chapters are file0001.xhtml… each opening with its title heading.
    /// </summary>
    private static Work FanFicFare(EpubPackage package)
    {
        var entries = new Dictionary<string, (string Text, List<string> Links)>(StringComparer.OrdinalIgnoreCase);
        string? titlePageUrl = null;
        if (package.Spine.FirstOrDefault(s => s.Path.EndsWith("title_page.xhtml", StringComparison.OrdinalIgnoreCase)) is { Html: { } titlePage })
        {
            var document = HtmlText.Parse(titlePage);
            titlePageUrl = document.QuerySelector("h1 a, h2 a, h3 a")?.GetAttribute("href");
            foreach (var label in document.QuerySelectorAll("b"))
            {
                var name = HtmlText.Line(label);
                if (!name.EndsWith(':')) continue;
                var value = new StringBuilder();
                var links = new List<string>();
                for (var node = label.NextSibling; node is not null && node is not IElement { LocalName: "br" or "b" }; node = node.NextSibling)
                {
                    value.Append(node.TextContent);
                    if (node is IElement element)
                        links.AddRange((element.LocalName == "a" ? [element] : element.QuerySelectorAll("a").ToList()).Select(HtmlText.Line));
                }
                entries[name.TrimEnd(':').Trim()] = (HtmlText.Collapse(value.ToString()), links);
            }
        }
        string? Entry(string name) => entries.TryGetValue(name, out var e) && e.Text.Length > 0 ? e.Text : null;

        var source = package.First("source") ?? Entry("Story URL") ?? titlePageUrl;
        var platform = PlatformOfUrl(source);
        var tags = new DeclaredTags();
        foreach (var (label, category) in EntryCategories)
        {
            if (Entry(label) is not { } value) continue;
            // FanFicFare joins every list with ", " whatever the site used ("Romance/Drama" becomes "Romance, Drama").
            tags.AddList(category, value);
        }

        bool? complete = Entry("Status") switch
        {
            { } s when s.StartsWith("Complete", StringComparison.OrdinalIgnoreCase) => true,
            { } s when s.Contains("Progress", StringComparison.OrdinalIgnoreCase) => false,
            _ => null,
        };
        if (complete is null && Entry("Chapters") is { } fraction && ChapterFraction().Match(fraction) is { Success: true } m)
            complete = m.Groups["total"].Value != "?" && m.Groups["done"].Value == m.Groups["total"].Value;

        var chapters = new List<Chapter>();
        foreach (var (_, html) in package.Spine.Where(s => FanFicFareChapterFile().IsMatch(s.Path)))
            chapters.Add(ChapterOf(HtmlText.Parse(html).Body, chapters.Count + 1));
        if (chapters.All(c => c.Paragraphs.Count == 0)) throw new ImportException("the FanFicFare EPUB has no chapter text");

        var authors = package.Dublin("creator").ToList();
        if (authors.Count == 0 && Entry("Author") is { } author) authors.Add(author);
        var summary = package.First("description") is { } description ? SummaryText(description) : Entry("Summary");
        var language = package.First("language") is { } code && code.Length is 2 or 5 ? code[..2].ToLowerInvariant()
            : Entry("Language") is { } languageName ? Ao3TextImporter.LanguageCode(languageName) : null;
        return new Work
        {
            Platform = platform,
            Title = package.First("title"),
            Authors = authors,
            SeriesOrBook = Entry("Series") is { } series ? Regex.Replace(series, @"\s*\[\d+\]$", "") : null,
            Summary = summary,
            Chapters = chapters,
            Tags = tags.ToList(),
            Language = language,
            Complete = complete,
            Chrome = entries.Keys.Select(k => k + ":").ToList(),
        };
    }

    private static readonly (string Label, TagCategory Category)[] EntryCategories =
    [
        ("Category", TagCategory.Fandom), ("Fandoms", TagCategory.Fandom), ("Rating", TagCategory.Rating),
        ("Warnings", TagCategory.Warning), ("AO3 Categories", TagCategory.Category), ("Genre", TagCategory.Genre),
        ("Characters", TagCategory.Character), ("Relationships", TagCategory.Relationship), ("Pairings", TagCategory.Relationship),
        ("Freeform Tags", TagCategory.Freeform), ("Additional Tags", TagCategory.Freeform),
    ];

    /// <summary>dc:description may hold escaped HTML (FanFicFare keeps the site's summary markup).</summary>
    private static string? SummaryText(string description)
    {
        var text = description.Contains('<') ? string.Join("\n\n", HtmlText.Paragraphs(HtmlText.Parse(description).Body)) : description.Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>A chapter document: its first heading is the title, the rest is text.</summary>
    private static Chapter ChapterOf(IElement? body, int number)
    {
        var heading = body?.QuerySelector(".fff_chapter_title") ?? body?.QuerySelector("h1, h2, h3");
        var title = heading is null ? null : HtmlText.Line(heading);
        heading?.Remove();
        return new Chapter { Number = number, Title = string.IsNullOrEmpty(title) ? null : title, Paragraphs = HtmlText.Paragraphs(body) };
    }

    /// <summary>Any other EPUB: OPF title and creators, one chapter per spine document with text (navigation skipped).</summary>
    private static Work Generic(EpubPackage package)
    {
        var chapters = new List<Chapter>();
        foreach (var (path, html) in package.Spine)
        {
            var name = Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
            if (name is "nav" or "toc" or "cover" or "titlepage" or "title_page") continue;
            var chapter = ChapterOf(HtmlText.Parse(html).Body, chapters.Count + 1);
            if (chapter.Paragraphs.Count > 0) chapters.Add(chapter);
        }
        if (chapters.Count == 0) throw new ImportException("the EPUB has no story text");
        var language = package.First("language") is { Length: >= 2 } code ? code[..2].ToLowerInvariant() : null;
        return new Work
        {
            Platform = PlatformOfUrl(package.First("source")),
            Title = package.First("title"),
            Authors = package.Dublin("creator").ToList(),
            Summary = package.First("description") is { } d ? SummaryText(d) : null,
            Chapters = chapters,
            Language = language,
        };
    }
}
