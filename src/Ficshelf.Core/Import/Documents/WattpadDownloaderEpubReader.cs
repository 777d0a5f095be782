using System.Globalization;
using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// A Wattpad story written out by WattpadDownloader (its EPUBGenerator, through Ebook-lib): dc:creator is the
/// username, dc:title/dc:description the story's, dc:language the language's name ("English"), dc:date and
/// dc:modified the story's dates, and &lt;meta name="tags|mature|completed"&gt; Wattpad's own fields. Each part is one
/// spine document "INDEX_PARTID.xhtml" that opens with the part's title in &lt;h1&gt;, then Wattpad's
/// &lt;p data-p-id&gt; paragraphs. The story's id is only in the download's name: "title-slug_STORYID[_images].epub".
/// </summary>
internal static partial class WattpadDownloaderEpubReader
{
    [GeneratedRegex(@"(?:^|/)\d+_(?<part>\d+)(?:\.x?html?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PartFile();

    [GeneratedRegex(@"_(?<id>\d+)(?:_images)?\.epub$", RegexOptions.IgnoreCase)]
    private static partial Regex DownloadName();

    public static bool Recognises(EpubPackage package) =>
        (Meta(package, "completed") is not null && Meta(package, "mature") is not null) ||
        package.Spine.Count(s => PartFile().IsMatch(s.Path)) is > 0 and var parts && parts == package.Spine.Count(s => !IsNavigation(s.Path)) &&
        package.Spine.Any(s => s.Html.Contains("data-p-id", StringComparison.Ordinal));

    public static Work Read(EpubPackage package, string? fileName)
    {
        var chapters = new List<Chapter>();
        foreach (var (path, html) in package.Spine)
        {
            if (IsNavigation(path)) continue;
            var body = HtmlText.Parse(html).Body;
            // Only the part's own heading is its title (WattpadDownloader writes "<h1>{part title}</h1>" first).
            var chapter = EpubReaders.ChapterOf(body, chapters.Count + 1, "h1");
            if (chapter.Paragraphs.Count > 0 || chapter.Title is not null) chapters.Add(chapter);
        }
        if (chapters.All(c => c.Paragraphs.Count == 0)) throw new ImportException("the Wattpad EPUB has no part text");

        var tags = new DeclaredTags();
        tags.AddList(TagCategory.Freeform, Meta(package, "tags"));
        if (Meta(package, "mature") == "1") tags.Add(TagCategory.Rating, "Mature");
        bool? complete = Meta(package, "completed") switch { "1" => true, "0" => false, _ => null };
        return new Work
        {
            Platform = Platform.Wattpad,
            PlatformWorkId = fileName is not null && DownloadName().Match(Path.GetFileName(fileName)) is { Success: true } name ? name.Groups["id"].Value : null,
            Title = package.First("title"),
            Authors = package.Dublin("creator").ToList(),
            Summary = package.First("description") is { } description ? EpubReaders.SummaryText(description) : null,
            Chapters = chapters,
            Published = Date(package.First("date")),
            Updated = Date(package.First("modified")),
            Tags = tags.ToList(),
            Language = LanguageNames.Code(package.First("language")),
            Complete = complete,
        };
    }

    private static bool IsNavigation(string path) =>
        Path.GetFileNameWithoutExtension(path).ToLowerInvariant() is "nav" or "toc" or "cover" or "titlepage" or "title_page";

    /// <summary>&lt;meta name="NAME" content="…"/&gt; in the package metadata (Ebook-lib writes Wattpad's fields there).</summary>
    private static string? Meta(EpubPackage package, string name) =>
        package.Opf.Descendants().FirstOrDefault(e => e.Name.LocalName == "meta" && (string?)e.Attribute("name") == name)?.Attribute("content")?.Value.Trim();

    private static DateOnly? Date(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? DateOnly.FromDateTime(date.UtcDateTime) : null;
}
