using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// An EPUB written by FanFicFare (writer_epub.py). The package names FanFicFare as contributor and keeps the story's
/// URL in dc:source, the summary in dc:description, dates in dc:date (opf:event publication/modification) and the
/// uid "fanficfare-uid:SITE-uAUTHOR-sSTORY". The title page (title_page.xhtml, from its TITLE_ENTRY template) lists
/// "&lt;b&gt;Label:&lt;/b&gt; value&lt;br /&gt;" entries by their default labels — Series ("Name [part]"), Category
/// (the fandoms), Genre, Characters, Relationships, Status, Published, Updated, Rating, Warnings, Chapters, Words,
/// Summary; AO3 stories add Fandoms, Freeform Tags, AO3 Categories. Chapters are file0001.xhtml… each opening with its
/// <c>h3.fff_chapter_title</c>.
/// </summary>
internal static partial class FanFicFareEpubReader
{
    private static readonly XNamespace Opf = "http://www.idpf.org/2007/opf";

    [GeneratedRegex(@"(?:^|/)file\d{4}\.xhtml$", RegexOptions.IgnoreCase)]
    private static partial Regex ChapterFile();

    [GeneratedRegex(@"^(?<done>\d+)\s*/\s*(?<total>\d+|\?)$")]
    private static partial Regex ChapterFraction();

    [GeneratedRegex(@"^(?<name>.*?)\s*\[(?<part>\d+)\]$")]
    private static partial Regex SeriesWithPart();

    [GeneratedRegex(@"^fanficfare-uid:(?<site>.+)-u(?<author>[^-]*)-s(?<story>[^-]+)$")]
    private static partial Regex Uid();

    private static readonly (string Label, TagCategory Category)[] EntryCategories =
    [
        ("Category", TagCategory.Fandom), ("Fandoms", TagCategory.Fandom), ("Rating", TagCategory.Rating),
        ("Warnings", TagCategory.Warning), ("Archive Warning", TagCategory.Warning), ("Archive Warnings", TagCategory.Warning),
        ("AO3 Categories", TagCategory.Category), ("Genre", TagCategory.Genre),
        ("Characters", TagCategory.Character), ("Relationships", TagCategory.Relationship), ("Pairings", TagCategory.Relationship),
        ("Freeform Tags", TagCategory.Freeform), ("Additional Tags", TagCategory.Freeform),
    ];

    private static readonly HashSet<string> Ao3Categories = new(StringComparer.OrdinalIgnoreCase) { "F/F", "F/M", "Gen", "M/M", "Multi", "Other" };

    public static bool Recognises(EpubPackage package) =>
        package.Dublin("contributor").Any(c => c.Contains("FanFicFare", StringComparison.OrdinalIgnoreCase)) ||
        package.Dublin("identifier").Any(i => i.StartsWith("fanficfare-uid:", StringComparison.Ordinal)) ||
        package.Spine.Any(s => s.Path.EndsWith("title_page.xhtml", StringComparison.OrdinalIgnoreCase)) &&
        package.Spine.Any(s => ChapterFile().IsMatch(s.Path));

    /// <summary>One title-page entry: its text on one line, and the element holding it for values with paragraphs.</summary>
    private sealed record Entry(string Text, IElement Holder);

    public static Work Read(EpubPackage package)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        string? titlePageUrl = null;
        if (package.Spine.FirstOrDefault(s => s.Path.EndsWith("title_page.xhtml", StringComparison.OrdinalIgnoreCase)) is { Html: { } titlePage })
        {
            var document = HtmlText.Parse(titlePage);
            titlePageUrl = document.QuerySelector("h1 a, h2 a, h3 a")?.GetAttribute("href");
            foreach (var label in document.QuerySelectorAll("b"))
            {
                var name = HtmlText.Line(label);
                if (!name.EndsWith(':')) continue;
                // The value runs from the label to the next <br> or label (the table template, titlepage_use_table: the
                // next cell); gathered in a holder so a summary keeps its paragraphs.
                var holder = document.CreateElement("div");
                for (var node = label.NextSibling; node is not null && node is not IElement { LocalName: "br" or "b" }; node = node.NextSibling)
                    holder.AppendChild(node.Clone(deep: true));
                if (HtmlText.Line(holder).Length == 0 && label.ParentElement is { LocalName: "td", NextElementSibling: { LocalName: "td" } cell })
                    foreach (var node in cell.ChildNodes) holder.AppendChild(node.Clone(deep: true));
                entries[name.TrimEnd(':').Trim()] = new Entry(HtmlText.Line(holder), holder);
            }
        }
        string? Value(string name) => entries.TryGetValue(name, out var e) && e.Text.Length > 0 ? e.Text : null;

        var source = package.First("source") ?? UrlIdentifier(package) ?? Value("Story URL") ?? titlePageUrl;
        var platform = EpubReaders.PlatformOfUrl(source);
        var storyId = EpubReaders.WorkIdOfUrl(platform, source) ?? UidStory(package, platform, source);

        var tags = new DeclaredTags();
        foreach (var (label, category) in EntryCategories)
        {
            if (Value(label) is not { } value) continue;
            // FanFicFare joins every list with ", " whatever the site used ("Romance/Drama" becomes "Romance, Drama").
            tags.AddList(category, value);
        }
        // For AO3 FanFicFare folds the freeform tags and AO3 categories into "Genre" (include_in_genre): AO3 has no
        // genres, so each goes back to its own category.
        if (platform == Platform.Ao3)
            foreach (var genre in tags.In(TagCategory.Genre).ToList())
            {
                tags.Remove(TagCategory.Genre, genre);
                if (tags.Contains(TagCategory.Freeform, genre) || tags.Contains(TagCategory.Category, genre)) continue;
                tags.Add(Ao3Categories.Contains(genre) ? TagCategory.Category : TagCategory.Freeform, genre);
            }

        var chapters = new List<Chapter>();
        foreach (var (_, html) in package.Spine.Where(s => ChapterFile().IsMatch(s.Path)))
            chapters.Add(EpubReaders.ChapterOf(HtmlText.Parse(html).Body, chapters.Count + 1));
        if (chapters.All(c => c.Paragraphs.Count == 0)) throw new ImportException("the FanFicFare EPUB has no chapter text");

        // "Chapters: 9" (the story's count as downloaded) or, from AO3, "Chapters/Total Chapters: 3/?" and
        // "Total Chapters: ?" (the story's own total, "?" while the author has not set one).
        int? chaptersTotal = null;
        var chaptersEntry = Value("Chapters/Total Chapters") ?? Value("Chapters");
        if (chaptersEntry is not null && ChapterFraction().Match(chaptersEntry) is { Success: true } fraction)
            chaptersTotal = int.TryParse(fraction.Groups["total"].Value, out var total) ? total : null;
        else if (chaptersEntry is not null && int.TryParse(chaptersEntry.Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            chaptersTotal = count;
        if (entries.ContainsKey("Total Chapters"))
            chaptersTotal = int.TryParse(Value("Total Chapters"), NumberStyles.None, CultureInfo.InvariantCulture, out var stated) ? stated : null;

        var status = Value("Status") ?? package.Dublin("subject").FirstOrDefault(s => s is "Completed" or "In-Progress");
        bool? complete = status switch
        {
            { } s when s.StartsWith("Complete", StringComparison.OrdinalIgnoreCase) => true,
            { } s when s.Contains("Progress", StringComparison.OrdinalIgnoreCase) || s.Contains("Ongoing", StringComparison.OrdinalIgnoreCase) => false,
            _ => null,
        };
        if (complete is null && chaptersEntry is not null && ChapterFraction().Match(chaptersEntry) is { Success: true } m)
            complete = m.Groups["total"].Value != "?" && m.Groups["done"].Value == m.Groups["total"].Value;
        // AO3's plain "Chapters: N" counts the chapters posted, not the work's total ("N/?" on the site) unless complete.
        if (platform == Platform.Ao3 && chaptersEntry is not null && !chaptersEntry.Contains('/') && !entries.ContainsKey("Total Chapters") && complete is not true)
            chaptersTotal = null;
        // A download of some of the story's chapters is partial, whatever the story's status.
        if (chaptersTotal is { } storyLength && chapters.Count < storyLength) complete = false;

        string? seriesName = null;
        int? seriesPart = null;
        if (Value("Series") is { } series)
        {
            var withPart = SeriesWithPart().Match(series);
            seriesName = withPart.Success ? withPart.Groups["name"].Value : series;
            seriesPart = withPart.Success && int.TryParse(withPart.Groups["part"].Value, out var part) ? part : null;
        }

        var authors = package.Dublin("creator").ToList();
        if (authors.Count == 0 && Value("Author") is { } author) authors.Add(author);
        var summary = package.First("description") is { } description ? EpubReaders.SummaryText(description)
            : entries.TryGetValue("Summary", out var summaryEntry) ? HtmlText.Block(summaryEntry.Holder) : null;
        var language = LanguageNames.Code(package.First("language")) ?? LanguageNames.Code(Value("Language"));
        return new Work
        {
            Platform = platform,
            PlatformWorkId = storyId,
            Title = package.First("title"),
            Authors = authors,
            SeriesOrBook = string.IsNullOrEmpty(seriesName) ? null : seriesName,
            SeriesPart = seriesPart,
            Summary = summary,
            Chapters = chapters,
            ChaptersTotal = chaptersTotal,
            Published = Date(Value("Published")) ?? EventDate(package, "publication"),
            Updated = Date(Value("Updated")) ?? EventDate(package, "modification"),
            Tags = tags.ToList(),
            Language = language,
            Complete = complete,
            Chrome = entries.Keys.Select(k => k + ":").ToList(),
        };
    }

    /// <summary>
    /// The story id in FanFicFare's uid when the URL does not show it; a site Ficshelf does not know keeps its host
    /// beside the id ("test1.com:2") so that two sites' story 2 are not taken for one work.
    /// </summary>
    private static string? UidStory(EpubPackage package, Platform platform, string? source)
    {
        var uid = package.Dublin("identifier").Select(i => Uid().Match(i)).FirstOrDefault(m => m.Success);
        if (uid is null) return null;
        var story = uid.Groups["story"].Value;
        if (platform != Platform.Generic) return story;
        var host = Uri.TryCreate(source?.Trim(), UriKind.Absolute, out var url) ? url.Host : uid.Groups["site"].Value;
        return $"{host.ToLowerInvariant()}:{story}";
    }

    /// <summary>&lt;dc:identifier opf:scheme="URL"&gt;: the story's URL, also written by older FanFicFare versions.</summary>
    private static string? UrlIdentifier(EpubPackage package) =>
        package.Opf.Descendants().FirstOrDefault(e => e.Name.LocalName == "identifier" &&
            string.Equals((string?)e.Attribute(Opf + "scheme") ?? (string?)e.Attribute("scheme"), "URL", StringComparison.OrdinalIgnoreCase))?.Value.Trim();

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd", "MMMM d, yyyy", "MMM d, yyyy", "d MMM yyyy", "M/d/yyyy"];

    private static DateOnly? Date(string? text) =>
        text is not null && DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? DateOnly.FromDateTime(date) : null;

    /// <summary>dc:date opf:event="publication" / "modification" (FanFicFare writes the story's dates there).</summary>
    private static DateOnly? EventDate(EpubPackage package, string kind)
    {
        var date = package.Opf.Descendants().FirstOrDefault(e => e.Name.LocalName == "date" &&
            string.Equals((string?)e.Attribute(Opf + "event") ?? (string?)e.Attribute("event"), kind, StringComparison.OrdinalIgnoreCase));
        var text = date?.Value.Trim();
        return text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }
}
