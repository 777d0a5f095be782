using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Platforms;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// Chooses how to read an EPUB: a FanFicFare book, a WattpadDownloader book, AO3's download, or any other EPUB (one
/// chapter per spine document).
/// </summary>
public static partial class EpubReaders
{
    public static Work Read(EpubPackage package, string? fileName = null)
    {
        if (FanFicFareEpubReader.Recognises(package)) return FanFicFareEpubReader.Read(package);
        if (WattpadDownloaderEpubReader.Recognises(package)) return WattpadDownloaderEpubReader.Read(package, fileName);
        if (Ao3EpubReader.TryRead(package) is { } ao3) return ao3;
        return Generic(package);
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

    [GeneratedRegex(@"/works/(?<id>\d+)")]
    private static partial Regex Ao3WorkPath();

    [GeneratedRegex(@"/s/(?<id>\d+)")]
    private static partial Regex FanFictionNetStoryPath();

    [GeneratedRegex(@"/story/(?<id>\d+)")]
    private static partial Regex WattpadStoryPath();

    [GeneratedRegex(@"/stories/(?:[^/]+/)?(?<id>\d+)")]
    private static partial Regex InkittStoryPath();

    /// <summary>The platform's own story id in a story URL (AO3 /works/ID, FanFiction.Net /s/ID, Wattpad /story/ID, Inkitt /stories/…/ID).</summary>
    public static string? WorkIdOfUrl(Platform platform, string? url)
    {
        if (url is null || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return null;
        var pattern = platform switch
        {
            Platform.Ao3 => Ao3WorkPath(),
            Platform.FanFictionNet => FanFictionNetStoryPath(),
            Platform.Wattpad => WattpadStoryPath(),
            Platform.Inkitt => InkittStoryPath(),
            _ => null,
        };
        return pattern?.Match(uri.AbsolutePath) is { Success: true } m ? m.Groups["id"].Value : null;
    }

    [GeneratedRegex(@"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\n[ \t\r]*\n")]
    private static partial Regex BlankLine();

    /// <summary>
    /// dc:description: escaped HTML (FanFicFare may keep the site's summary markup) or plain text whose blank lines
    /// are paragraph breaks (a "&lt;" alone, as in "a &lt; b", is text).
    /// </summary>
    internal static string? SummaryText(string description)
    {
        var paragraphs = HtmlTag().IsMatch(description)
            ? HtmlText.Paragraphs(HtmlText.Parse(description).Body)
            : BlankLine().Split(description).Select(HtmlText.Collapse).Where(p => p.Length > 0).ToList();
        return paragraphs.Count == 0 ? null : string.Join("\n\n", paragraphs);
    }

    /// <summary>A chapter document: its first heading is the title, the rest is text.</summary>
    internal static Chapter ChapterOf(IElement? body, int number, string headings = "h1, h2, h3")
    {
        var heading = body?.QuerySelector(".fff_chapter_title") ?? body?.QuerySelector(headings);
        var title = heading is null ? null : HtmlText.Line(heading);
        heading?.Remove();
        return HtmlText.Formatted(body).Into(new Chapter { Number = number, Title = string.IsNullOrEmpty(title) ? null : title });
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
        var source = package.First("source");
        var platform = PlatformOfUrl(source);
        return new Work
        {
            Platform = platform,
            PlatformWorkId = WorkIdOfUrl(platform, source),
            Title = package.First("title"),
            Authors = package.Dublin("creator").ToList(),
            Summary = package.First("description") is { } d ? SummaryText(d) : null,
            Chapters = chapters,
            Language = LanguageNames.Code(package.First("language")),
        };
    }
}
