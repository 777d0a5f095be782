using System.Text.Encodings.Web;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Html;

namespace Ficshelf.Web.Pages;

/// <summary>A work as a page shows it: the work plus what this reader keeps about it.</summary>
public sealed record WorkView(WorkBlurb Work, Bookmark? Bookmark, ReadingProgress? Progress)
{
    public static async Task<List<WorkView>> LoadAsync(IWorkStore works, IReaderStore readers, ReaderContext reader, IEnumerable<long> ids, CancellationToken cancel)
    {
        var blurbs = await works.GetBlurbsAsync(ids.ToList(), cancel);
        // One read of this reader's bookmarks and progress for the whole list, not two per work.
        var state = reader.IsSignedIn && blurbs.Count > 0
            ? await readers.GetReaderStateAsync(reader.UserId, blurbs.Select(b => b.Id).ToList(), cancel)
            : new Dictionary<long, (Bookmark?, ReadingProgress?)>();
        return blurbs.Select(blurb => state.TryGetValue(blurb.Id, out var mine)
            ? new WorkView(blurb, mine.Bookmark, mine.Progress)
            : new WorkView(blurb, null, null)).ToList();
    }
}

/// <summary>How works and tags look on every page. All text goes through the HTML encoder: nothing imported is ever raw markup.</summary>
public static class Present
{
    /// <summary>AO3's order of the tag block.</summary>
    public static readonly TagCategory[] CategoryOrder =
        [TagCategory.Rating, TagCategory.Warning, TagCategory.Category, TagCategory.Fandom, TagCategory.Relationship, TagCategory.Character, TagCategory.Freeform, TagCategory.Genre];

    public static string Heading(TagCategory category) => category switch
    {
        TagCategory.Rating => "Rating",
        TagCategory.Warning => "Archive Warnings",
        TagCategory.Category => "Categories",
        TagCategory.Fandom => "Fandoms",
        TagCategory.Relationship => "Relationships",
        TagCategory.Character => "Characters",
        TagCategory.Freeform => "Additional Tags",
        TagCategory.Genre => "Genres",
        _ => category.ToString(),
    };

    /// <summary>Slashes stay path separators (the tag route is a catch-all), everything else is escaped.</summary>
    public static string TagUrl(Tag tag) =>
        $"/tags/{tag.Category.Slug()}/{string.Join('/', tag.Name.Split('/').Select(Uri.EscapeDataString))}";

    /// <summary>An author's page; slashes kept as separators like tag names (the route is a catch-all).</summary>
    public static string AuthorUrl(string name) =>
        "/authors/" + string.Join('/', name.Trim().Split('/').Select(Uri.EscapeDataString));

    /// <summary>A series' page (works in reading order); slashes kept as separators (the route is a catch-all).</summary>
    public static string SeriesUrl(string name) =>
        "/series/" + string.Join('/', name.Trim().Split('/').Select(Uri.EscapeDataString));

    public static string TagValue(Tag tag) => $"{tag.Category.Slug()}:{tag.Name}";

    public static Tag? ParseTagValue(string? value)
    {
        var colon = value?.IndexOf(':') ?? -1;
        if (colon <= 0 || !TagNames.TryParseCategory(value![..colon], out var category)) return null;
        var name = value[(colon + 1)..].Trim();
        return name.Length == 0 ? null : new Tag(category, name);
    }

    /// <summary>Declared tags look like AO3's; tags Ficshelf inferred or the user added are marked apart.</summary>
    public static string OriginClass(TagOrigin origin) => origin switch
    {
        TagOrigin.Declared => "tag declared",
        TagOrigin.Inferred => "tag inferred",
        _ => "tag user",
    };

    public static string OriginTitle(WorkTag tag) => tag.Origin switch
    {
        TagOrigin.Declared => "declared by the author",
        TagOrigin.Inferred => $"inferred by Ficshelf{(tag.Confidence is { } c ? $" ({c:P0} sure)" : "")}{(tag.Evidence is { Length: > 0 } e ? $": {e}" : "")}",
        _ => "added by you",
    };

    /// <summary>One entry per tag (a tag both declared and inferred shows once, as declared).</summary>
    public static IEnumerable<WorkTag> TagsIn(Work work, TagCategory category) => OncePerTag(work.TagsIn(category));

    public static IEnumerable<WorkTag> TagsIn(WorkBlurb work, TagCategory category) => OncePerTag(work.TagsIn(category));

    private static IEnumerable<WorkTag> OncePerTag(IEnumerable<WorkTag> tags) =>
        tags.GroupBy(t => t.Tag, TagComparer.Instance).Select(g => g.OrderBy(t => t.Origin).First());

    public sealed record Symbol(string Css, string Text, string Title);

    /// <summary>AO3's four "required tags" squares: rating, warnings, category, complete.</summary>
    public static IReadOnlyList<Symbol> RequiredTags(Work work) => RequiredTags(work.TagsIn, work.Complete);

    public static IReadOnlyList<Symbol> RequiredTags(WorkBlurb work) => RequiredTags(work.TagsIn, work.Complete);

    private static IReadOnlyList<Symbol> RequiredTags(Func<TagCategory, IEnumerable<WorkTag>> tagsIn, bool? complete)
    {
        var rating = tagsIn(TagCategory.Rating).Select(t => t.Name).FirstOrDefault();
        var ratingSymbol = rating switch
        {
            null => new Symbol("rating-notrated", "?", "Not Rated"),
            _ when rating.StartsWith("General", StringComparison.OrdinalIgnoreCase) || rating.StartsWith('K') => new Symbol("rating-general", "G", rating),
            _ when rating.StartsWith("Teen", StringComparison.OrdinalIgnoreCase) || rating == "T" => new Symbol("rating-teen", "T", rating),
            _ when rating.StartsWith("Mature", StringComparison.OrdinalIgnoreCase) || rating == "M" => new Symbol("rating-mature", "M", rating),
            _ when rating.StartsWith("Explicit", StringComparison.OrdinalIgnoreCase) || rating == "MA" => new Symbol("rating-explicit", "E", rating),
            _ => new Symbol("rating-notrated", rating[..1].ToUpperInvariant(), rating),
        };
        var warnings = tagsIn(TagCategory.Warning).Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var warningSymbol = warnings.Count switch
        {
            0 => new Symbol("warning-unknown", "?", "No warnings given"),
            _ when warnings.All(w => w.StartsWith("No Archive Warnings", StringComparison.OrdinalIgnoreCase)) => new Symbol("warning-none", "–", string.Join(", ", warnings)),
            _ when warnings.All(w => w.StartsWith("Creator Chose", StringComparison.OrdinalIgnoreCase)) => new Symbol("warning-choose", "?", string.Join(", ", warnings)),
            _ => new Symbol("warning-yes", "!", string.Join(", ", warnings)),
        };
        var categories = tagsIn(TagCategory.Category).Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var categorySymbol = categories.Count switch
        {
            0 => new Symbol("category-none", "·", "No category"),
            1 => new Symbol("category-" + Slug(categories[0]), Abbreviate(categories[0]), categories[0]),
            _ => new Symbol("category-multi", "∗", string.Join(", ", categories)),
        };
        var completeSymbol = complete switch
        {
            true => new Symbol("complete-yes", "✓", "Complete Work"),
            false => new Symbol("complete-no", "…", "Work in Progress"),
            null => new Symbol("complete-unknown", "?", "Not known whether complete"),
        };
        return [ratingSymbol, warningSymbol, categorySymbol, completeSymbol];
    }

    private static string Abbreviate(string category) => category.Length <= 5 ? category : category[..4];

    private static string Slug(string text) => new(text.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    /// <summary>A stored paragraph: each line encoded, line breaks (verse, lyrics) kept.</summary>
    public static IHtmlContent Lines(string paragraph)
    {
        var content = new HtmlContentBuilder();
        var lines = paragraph.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) content.AppendHtml("<br>");
            content.Append(lines[i]);
        }
        return content;
    }

    /// <summary>
    /// A chapter's text as safe HTML: every piece of text HTML-encoded, and of markup only the allow-list the archive
    /// keeps — p, blockquote, ul/ol with li, em, strong, s, u, sup, sub, code, span.smallcaps, and a (http/https/mailto
    /// targets only, opened without referrer) — with alignment as a class (the page's CSP allows no inline styles).
    /// </summary>
    public static IHtmlContent ChapterText(Chapter chapter)
    {
        var content = new HtmlContentBuilder();
        var styles = BlockRun.StylesOf(chapter.Blocks);
        var spans = InlineFormatting.Normalize(chapter.Spans, chapter.Paragraphs).ToLookup(s => s.Paragraph);
        foreach (var run in BlockRun.Of(chapter.Paragraphs.Count, styles))
        {
            if (run.Container is { } container) content.AppendHtml($"<{container}>");
            for (var p = run.Start; p < run.End; p++)
                Paragraph(content, run.Item, chapter.Paragraphs[p], spans[p], styles.GetValueOrDefault(p));
            if (run.Container is { } closing) content.AppendHtml($"</{closing}>");
        }
        return content;
    }

    private static void Paragraph(HtmlContentBuilder content, string element, string text, IEnumerable<InlineSpan> spans, BlockStyle? style)
    {
        var align = style?.Align switch { TextAlign.Center => " class=\"align-center\"", TextAlign.End => " class=\"align-end\"", _ => "" };
        content.AppendHtml($"<{element}{align}>");
        foreach (var step in InlineFormatting.Runs(text, spans))
        {
            switch (step.Kind)
            {
                case InlineFormatting.RunEventKind.Open:
                    content.AppendHtml(step.Span!.Mark switch
                    {
                        InlineMark.Link => $"<a href=\"{HtmlEncoder.Default.Encode(InlineFormatting.SafeHref(step.Span.Href) ?? "#")}\" rel=\"nofollow noopener noreferrer\">",
                        InlineMark.SmallCaps => "<span class=\"smallcaps\">",
                        var mark => $"<{MarkElement(mark)}>",
                    });
                    break;
                case InlineFormatting.RunEventKind.Close:
                    content.AppendHtml(step.Span!.Mark switch
                    {
                        InlineMark.Link => "</a>",
                        InlineMark.SmallCaps => "</span>",
                        var mark => $"</{MarkElement(mark)}>",
                    });
                    break;
                default:
                    content.AppendHtml(Lines(step.Text!));
                    break;
            }
        }
        content.AppendHtml($"</{element}>");
    }

    private static string MarkElement(InlineMark mark) => mark switch
    {
        InlineMark.Emphasis => "em",
        InlineMark.Strong => "strong",
        InlineMark.Strike => "s",
        InlineMark.Underline => "u",
        InlineMark.Superscript => "sup",
        InlineMark.Subscript => "sub",
        _ => "code",
    };

    /// <summary>A summary or notes block: paragraphs split at blank lines, each encoded.</summary>
    public static IHtmlContent Block(string? text)
    {
        var content = new HtmlContentBuilder();
        if (string.IsNullOrWhiteSpace(text)) return content;
        foreach (var paragraph in text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            content.AppendHtml("<p>");
            content.AppendHtml(Lines(paragraph));
            content.AppendHtml("</p>");
        }
        return content;
    }

    public static string Number(long value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    public static string ChapterLabel(Chapter chapter) => chapter.Title ?? $"Chapter {chapter.Number}";

    public static string Chapters(Work work) => Chapters(work.Chapters.Count, work.Complete);

    public static string Chapters(WorkBlurb work) => Chapters(work.ChapterCount, work.Complete);

    /// <summary>AO3's "3/?" for a work in progress, "3/3" for a finished one.</summary>
    private static string Chapters(int count, bool? complete) => $"{count}/{(complete == true ? count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}";

    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
