using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Platforms;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// What AO3's work pages and its downloads share: the meta list (<c>dt</c> label / <c>dd</c> value, tags as links),
/// "Part N of Series", the stats line ("Published: … Updated: … Chapters: 3/?"), and work links ("/works/123").
/// Both otwarchive's page templates (works/_work_header, works/_meta) and its download templates
/// (downloads/_download_preface) write these; the labels are AO3's own English text, which converters keep.
/// </summary>
internal static partial class Ao3Meta
{
    [GeneratedRegex(@"Chapters:\s*(?<done>\d[\d,.]*)\s*/\s*(?<total>\d[\d,.]*|\?)", RegexOptions.IgnoreCase)]
    private static partial Regex ChapterCount();

    [GeneratedRegex(@"^\s*(?<done>\d[\d,.]*)\s*/\s*(?<total>\d[\d,.]*|\?)\s*$")]
    private static partial Regex BareChapterCount();

    [GeneratedRegex(@"(?<label>Published|Updated|Completed):\s*(?<date>\d{4}-\d{1,2}-\d{1,2})", RegexOptions.IgnoreCase)]
    private static partial Regex DatedStat();

    [GeneratedRegex(@"Part\s+(?<part>\d+)\s+of\s+(?:the\s+)?(?<series>.+?)(?:\s+series)?\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex SeriesPosition();

    // An AO3 work URL, absolute or site-relative ("/works/123", "…archiveofourown.org/works/123/chapters/456").
    [GeneratedRegex(@"(?:^|archiveofourown\.(?:org|com|net|gay)|ao3\.org|^https?://[^/]+)/(?:collections/[^/]+/)?works/(?<id>\d+)(?:$|[/?#.])", RegexOptions.IgnoreCase)]
    private static partial Regex WorkUrl();

    [GeneratedRegex(@"(?:^|/)downloads/(?:[^/]+/){0,2}(?<id>\d+)/", RegexOptions.IgnoreCase)]
    private static partial Regex DownloadUrl();

    /// <summary>The work id in an AO3 URL ("/works/123", "/works/123/chapters/9", "/downloads/123/Title.epub"), or null.</summary>
    public static string? WorkIdOf(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        if (WorkUrl().Match(url) is { Success: true } work) return work.Groups["id"].Value;
        return DownloadUrl().Match(url) is { Success: true } download ? download.Groups["id"].Value : null;
    }

    /// <summary>The dt/dd pairs of a definition list, its own (not those of a nested list like the stats).</summary>
    public static IEnumerable<(IElement Label, IElement Value)> Pairs(IElement list)
    {
        foreach (var dt in list.Children.Where(c => c.LocalName == "dt"))
        {
            var dd = dt.NextElementSibling;
            while (dd is not null && dd.LocalName != "dd" && dd.LocalName != "dt") dd = dd.NextElementSibling;
            if (dd is { LocalName: "dd" }) yield return (dt, dd);
        }
    }

    /// <summary>What a meta block declares: tags by category, language, the first series with its part, the stats; its labels are chrome.</summary>
    public sealed record Block(DeclaredTags Tags, string? Language, string? Series, int? SeriesPart, Stats Stats, List<string> Chrome)
    {
        /// <summary>The work the rest of the layout read, with what the block declares (its language before the work's own guess).</summary>
        public Work Onto(Work work) => work with
        {
            Platform = Platform.Ao3,
            SeriesOrBook = Series,
            SeriesPart = Series is null ? null : SeriesPart,
            ChaptersTotal = Stats.ChaptersTotal,
            Published = Stats.Published,
            Updated = Stats.Updated,
            Complete = Stats.Complete,
            Tags = Tags.ToList(),
            Language = Language ?? work.Language,
            Chrome = Chrome,
        };
    }

    /// <summary>Whether the entry labelled <paramref name="label"/> is the <paramref name="field"/> ("language", "series", "stats").</summary>
    public delegate bool NamesField(IElement dt, string label, string field);

    /// <summary>By AO3's label text alone: a download, whose classes ebook converters rename.</summary>
    public static bool ByLabel(IElement dt, string label, string field) => label.Equals(field, StringComparison.OrdinalIgnoreCase);

    /// <summary>By the class otwarchive gives the dt (works/_meta), or by the label text (older eras without classes): a work page.</summary>
    public static bool ByClassOrLabel(IElement dt, string label, string field) => dt.ClassList.Contains(field) || ByLabel(dt, label, field);

    /// <summary>
    /// Reads a meta block — the work page's <c>dl.work.meta</c> or a download's tag list, both dt label / dd value
    /// pairs — by how its layout <paramref name="names"/> the entries; each label and the stats line are chrome.
    /// <paramref name="chaptersValue"/> finds the stats' own chapter count where the layout marks it.
    /// </summary>
    public static Block ReadBlock(IElement? list, NamesField names, Func<IElement, string?>? chaptersValue = null)
    {
        var chrome = new List<string>();
        var tags = new DeclaredTags();
        string? language = null, series = null;
        int? seriesPart = null;
        var stats = new Stats(null, null, null, null, null);
        if (list is null) return new Block(tags, language, series, seriesPart, stats, chrome);
        foreach (var (dt, dd) in Pairs(list))
        {
            var label = LabelOf(dt);
            chrome.Add(label + ":");
            if (TryCategory(dt, out var category)) AddTags(tags, category, dd);
            else if (names(dt, label, "language")) language = LanguageOf(dd);
            else if (names(dt, label, "series"))
            {
                if (series is null) (series, seriesPart) = SeriesOf(dd);
            }
            else if (names(dt, label, "stats"))
            {
                var line = HtmlText.Line(dd);
                chrome.Add(line);
                stats = ReadStats(line, chaptersValue?.Invoke(dd));
            }
        }
        return new Block(tags, language, series, seriesPart, stats, chrome);
    }

    /// <summary>The label without its colon ("Archive Warnings").</summary>
    public static string LabelOf(IElement dt) => HtmlText.Line(dt).Trim().TrimEnd(':').Trim();

    /// <summary>A tag category from the label text, or from the class otwarchive gives the dt ("freeform tags").</summary>
    public static bool TryCategory(IElement dt, out TagCategory category)
    {
        if (Domain.TagNames.TryParseCategory(LabelOf(dt), out category)) return true;
        foreach (var token in dt.ClassList)
            if (token != "tags" && Domain.TagNames.TryParseCategory(token, out category)) return true;
        return false;
    }

    /// <summary>
    /// The tags of one meta value: each tag is a link to /tags/…; without tag links (a hand-made copy) the commas
    /// separate tags. A link that is not a tag ("Show warnings" on a page that hides them) is not one.
    /// </summary>
    public static void AddTags(DeclaredTags tags, TagCategory category, IElement dd)
    {
        var links = dd.QuerySelectorAll("a").ToList();
        var tagLinks = links.Where(a => a.ClassList.Contains("tag") || (a.GetAttribute("href") ?? "").Contains("/tags/", StringComparison.OrdinalIgnoreCase)).ToList();
        if (tagLinks.Count == 0 && links.Count > 0)
        {
            // Only a toggle ("Show warnings", "Show additional tags"): this copy hides the tags.
            if (links.All(a => HtmlText.Line(a).StartsWith("Show ", StringComparison.OrdinalIgnoreCase))) return;
            tagLinks = links;
        }
        if (tagLinks.Count > 0)
        {
            foreach (var link in tagLinks) tags.Add(category, HtmlText.Line(link));
            return;
        }
        tags.AddList(category, HtmlText.Line(dd));
    }

    /// <summary>ISO 639-1 code of the language value: its <c>lang</c> attribute when the page gives one, else the name.</summary>
    public static string? LanguageOf(IElement dd)
    {
        if (dd.GetAttribute("lang") is { Length: >= 2 } lang && char.IsLetter(lang[0]) && char.IsLetter(lang[1]) && (lang.Length == 2 || lang[2] == '-'))
            return lang[..2].ToLowerInvariant();
        var name = HtmlText.Line(dd);
        return name.Length == 0 ? null : Ao3TextImporter.LanguageCode(name);
    }

    /// <summary>
    /// The first series a work is in and its part: the position ("Part 3 of &lt;a&gt;Name&lt;/a&gt;") with the
    /// series link's text as the name; the previous/next-work links beside it are chrome.
    /// </summary>
    public static (string? Name, int? Part) SeriesOf(IElement dd)
    {
        var scope = dd.QuerySelector(".position") ?? dd;
        var seriesLink = scope.QuerySelectorAll("a").FirstOrDefault(a => (a.GetAttribute("href") ?? "").Contains("/series/", StringComparison.OrdinalIgnoreCase));
        var text = HtmlText.Line(scope);
        var match = SeriesPosition().Match(text);
        int? part = match.Success && int.TryParse(match.Groups["part"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
        string? name = seriesLink is not null ? HtmlText.Line(seriesLink) : null;
        if (string.IsNullOrEmpty(name) && match.Success)
        {
            // Several series: "Part 2 of A, Part 1 of B" — the first one.
            name = match.Groups["series"].Value.Split(", Part ", StringSplitOptions.None)[0].Trim();
        }
        return (string.IsNullOrEmpty(name) ? null : name, part);
    }

    /// <summary>What the stats say: dates, the chapter count ("3/4" → 4; "3/?" → null) and completeness.</summary>
    public sealed record Stats(DateOnly? Published, DateOnly? Updated, int? ChaptersPosted, int? ChaptersTotal, bool? Complete);

    public static Stats ReadStats(string text, string? chaptersValue = null)
    {
        DateOnly? published = null, updated = null;
        foreach (Match m in DatedStat().Matches(text))
        {
            if (!DateOnly.TryParseExact(m.Groups["date"].Value, "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) continue;
            if (m.Groups["label"].Value.Equals("Published", StringComparison.OrdinalIgnoreCase)) published ??= date;
            else updated ??= date;
        }
        var count = chaptersValue is not null && BareChapterCount().Match(chaptersValue) is { Success: true } bare ? bare : ChapterCount().Match(text);
        int? posted = null, total = null;
        bool? complete = null;
        if (count.Success)
        {
            posted = Number(count.Groups["done"].Value);
            total = count.Groups["total"].Value == "?" ? null : Number(count.Groups["total"].Value);
            complete = total is not null && posted == total;
        }
        return new Stats(published, updated, posted, total, complete);
    }

    private static int? Number(string digits) =>
        int.TryParse(digits.Replace(",", "").Replace(".", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Authors from a byline: each pseud is a link (rel=author, or to /users/…); "Anonymous" and other plain bylines are text.</summary>
    public static List<string> AuthorsOf(IElement? byline)
    {
        if (byline is null) return [];
        var links = byline.QuerySelectorAll("a[rel~='author']").ToList();
        if (links.Count == 0)
            links = byline.QuerySelectorAll("a").Where(a => (a.GetAttribute("href") ?? "").Contains("/users/", StringComparison.OrdinalIgnoreCase)).ToList();
        var names = links.Select(HtmlText.Line).Where(t => t.Length > 0).ToList();
        if (names.Count == 0)
        {
            var plain = Regex.Replace(HtmlText.Line(byline), @"^(?:by|Chapter by)\s+", "", RegexOptions.IgnoreCase).Trim();
            names.AddRange(plain.Split([",", " and "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Short labels before note blocks ("Summary", "Chapter End Notes:", "Notes:") in one form.</summary>
    public static string NormalLabel(string text) => HtmlText.Collapse(text).TrimEnd(':').Trim().ToLowerInvariant();
}
