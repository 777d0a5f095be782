using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// An AO3 work or chapter page saved from the browser, read by otwarchive's page templates: the work meta block
/// (<c>dl.work.meta</c>: tags by category, language, series, stats — works/_meta), the work preface inside
/// <c>#workskin</c> (<c>div.preface</c>: <c>h2.title</c>, <c>h3.byline</c>, summary and notes modules —
/// works/_work_header), <c>#chapters</c> (one <c>div.chapter#chapter-N</c> per chapter with its own preface,
/// <c>div.userstuff</c> text and end notes — chapters/_chapter; a one-chapter work has the text straight in
/// <c>#chapters</c>), and the afterword's <c>#work_endnotes</c>. Everything else (site header, navigation, share and
/// download menus, kudos, comments, footer, skins) is the page's chrome and is never read.
/// Older eras of the markup (<c>blockquote.summary</c> with its own heading, <c>dt</c> classes without "tags")
/// read the same way.
/// </summary>
internal static partial class Ao3WorkPageReader
{
    [GeneratedRegex(@"^chapter-(?<n>\d+)$")]
    private static partial Regex ChapterId();

    /// <summary>A page otwarchive rendered (AO3 or another archive running its code), whatever it shows.</summary>
    public static bool IsOtwArchivePage(IDocument document)
    {
        if (document.QuerySelector("meta[name='author'][content*='Organization for Transformative Works']") is not null) return true;
        if (document.QuerySelector("#outer #header, #outer #main") is not null &&
            document.QuerySelector("link[href*='/stylesheets/skins/'], #footer a[href*='otwarchive'], #header a[href*='archiveofourown']") is not null) return true;
        // otwarchive's page titles end with the archive's name: "Title - Chapter 1 - author - Fandom [Archive of Our Own]",
        // "Works in X | Archive of Our Own".
        var title = (document.Title ?? "").Trim();
        return (title.EndsWith("[Archive of Our Own]", StringComparison.OrdinalIgnoreCase) || title.EndsWith("| Archive of Our Own", StringComparison.OrdinalIgnoreCase)) &&
               document.QuerySelector("#main") is not null;
    }

    /// <summary>A saved work or chapter page: the work's meta block or its skin wrapper with the chapters in it.</summary>
    public static bool IsWorkPage(IDocument document)
    {
        if (document.QuerySelector("#workskin") is { } skin && skin.QuerySelector("#chapters") is not null) return true;
        if (MetaList(document) is null) return false;
        return document.QuerySelector("#chapters") is not null;
    }

    /// <summary>The work's meta block (dl.work.meta; older pages: dl.meta with tag classes on its dts).</summary>
    private static IElement? MetaList(IDocument document) =>
        document.QuerySelector("dl.work.meta") ??
        document.QuerySelectorAll("dl.meta").FirstOrDefault(dl => dl.Children.Any(c => c.LocalName == "dt" && Ao3Meta.TryCategory(c, out _)));

    public static Work Read(IDocument document)
    {
        var meta = Ao3Meta.ReadBlock(MetaList(document), Ao3Meta.ByClassOrLabel,
            stats => stats.QuerySelector("dd.chapters") is { } count ? HtmlText.Line(count) : null);

        var skin = document.QuerySelector("#workskin") ?? document.QuerySelector("#main") ?? document.Body!;
        var preface = skin.QuerySelectorAll(".preface").FirstOrDefault(p => !p.ClassList.Contains("chapter") && !p.ClassList.Contains("afterword") && p.Closest("#chapters") is null);
        var titleElement = preface?.QuerySelector(".title") ?? preface?.QuerySelector("h2");
        var title = titleElement is null ? TitleFromPageTitle(document) : HtmlText.Line(titleElement);
        var authors = Ao3Meta.AuthorsOf(preface?.QuerySelector(".byline"));
        var summary = preface?.QuerySelector(".summary") is { } summaryModule ? ModuleText(summaryModule) : null;
        var notes = preface?.QuerySelectorAll(".notes").FirstOrDefault(n => !n.ClassList.Contains("end")) is { } notesModule ? ModuleText(notesModule) : null;
        var endNotes = (skin.QuerySelector("#work_endnotes") ?? skin.QuerySelector(".afterword .end.notes, .afterword .endnotes")) is { } endModule ? ModuleText(endModule) : null;

        var chaptersBlock = skin.QuerySelector("#chapters") ?? document.QuerySelector("#chapters");
        var chapters = ReadChapters(chaptersBlock);
        if (chapters.All(c => c.Paragraphs.Count == 0))
            throw new ImportException("the AO3 page has no chapter text (#chapters is empty): save the work page once it has loaded");

        return meta.Onto(new Work
        {
            Title = string.IsNullOrEmpty(title) ? null : title,
            Authors = authors,
            PlatformWorkId = WorkId(document, chaptersBlock),
            Summary = summary,
            NotesBefore = notes,
            NotesAfter = endNotes,
            Chapters = chapters,
        });
    }

    /// <summary>
    /// The chapters on the page: a <c>div.chapter#chapter-N</c> each (the entire work, or the one chapter a chapter
    /// page shows, numbered by its position), or — a work of one chapter — the text straight in #chapters.
    /// </summary>
    private static List<Chapter> ReadChapters(IElement? chaptersBlock)
    {
        var chapters = new List<Chapter>();
        if (chaptersBlock is null) return chapters;
        var chapterDivs = chaptersBlock.QuerySelectorAll("div.chapter").Where(d => ChapterId().IsMatch(d.Id ?? "")).ToList();
        if (chapterDivs.Count == 0)
        {
            var bodies = chaptersBlock.Children.Where(c => c.ClassList.Contains("userstuff")).ToList();
            chapters.Add((bodies.Count > 0 ? HtmlText.Formatted(bodies) : HtmlText.Formatted(chaptersBlock)).Into(new Chapter { Number = 1 }));
            return chapters;
        }

        foreach (var div in chapterDivs)
        {
            var heading = div.QuerySelector(".title") ?? div.QuerySelector("h3, h2");
            var title = heading is null ? null : HtmlText.Line(heading);
            // The id is the chapter's position in the work ("chapter-3" on the page of chapter 3).
            var number = int.Parse(ChapterId().Match(div.Id!).Groups["n"].Value, CultureInfo.InvariantCulture);

            var modules = div.QuerySelectorAll(".preface .summary, .preface .notes, .summary.module, .notes.module").Distinct().ToList();
            var summary = modules.FirstOrDefault(m => m.ClassList.Contains("summary")) is { } s ? ModuleText(s) : null;
            var notes = modules.FirstOrDefault(m => m.ClassList.Contains("notes") && !m.ClassList.Contains("end")) is { } n ? ModuleText(n) : null;
            var endNotes = modules.FirstOrDefault(m => m.ClassList.Contains("notes") && m.ClassList.Contains("end")) is { } e ? ModuleText(e) : null;
            // The chapter text: the userstuff block outside the chapter's preface and notes (not one nested in another).
            var bodies = div.QuerySelectorAll(".userstuff")
                .Where(u => u.LocalName != "blockquote" && u.Closest(".preface, .notes, .summary") is null)
                .Where(u => u.ParentElement?.Closest(".userstuff") is not { } outer || !div.Contains(outer))
                .ToList();
            chapters.Add(HtmlText.Formatted(bodies).Into(new Chapter
            {
                Number = number,
                Title = string.IsNullOrEmpty(title) ? null : title,
                Summary = summary,
                NotesBefore = notes,
                NotesAfter = endNotes,
            }));
        }
        return chapters;
    }

    /// <summary>
    /// A summary or notes module's text: its user-written blockquote(s). Older pages put the heading inside the
    /// blockquote (<c>blockquote.summary &gt; h3</c>); headings, "See the end of the work for notes" jumps and the
    /// site-written associations list are not the author's words.
    /// </summary>
    private static string? ModuleText(IElement module)
    {
        var quotes = module.QuerySelectorAll("blockquote").Where(q => q.ParentElement?.Closest("blockquote") is null).ToList();
        if (module.LocalName != "blockquote" && quotes.Count > 0)
        {
            var parts = quotes.Select(q => HtmlText.Block(q)).Where(t => t is not null).ToList();
            return parts.Count == 0 ? null : string.Join("\n\n", parts);
        }
        var copy = (IElement)module.Clone(deep: true);
        foreach (var chrome in copy.QuerySelectorAll("h3, h4, .heading, .jump, .endnotes-link, .endnote-link, ul.associations").ToList()) chrome.Remove();
        return HtmlText.Block(copy);
    }

    /// <summary>
    /// The work's id, from the page's own links to the work: the share, download, bookmarks and comment links, the
    /// entire-work and chapter links, the kudos form — never links inside the author's text (they may name other works).
    /// </summary>
    private static string? WorkId(IDocument document, IElement? chaptersBlock)
    {
        string[] selectors =
        [
            "link[rel='canonical']", "meta[property='og:url']", "li.share a", "li.download a", "dd.bookmarks a",
            "li.chapter.entire a", "#chapters .chapter .title a", "form#new_kudo", "input[name='kudo[commentable_id]']",
            ".work.navigation a", "#feedback a", "form[action*='/works/']",
        ];
        foreach (var selector in selectors)
        {
            foreach (var element in document.QuerySelectorAll(selector))
            {
                if (element.LocalName == "input")
                {
                    if (element.GetAttribute("value") is { } value && value.All(char.IsAsciiDigit) && value.Length > 0 &&
                        element.Closest("form")?.QuerySelector("input[name='kudo[commentable_type]']")?.GetAttribute("value") is null or "Work")
                        return value;
                    continue;
                }
                var url = element.GetAttribute("href") ?? element.GetAttribute("content") ?? element.GetAttribute("action");
                if (Ao3Meta.WorkIdOf(url) is { } id) return id;
            }
        }
        // Any link to a work outside the author's text and the series/related-work lists, the one named most.
        var counts = document.QuerySelectorAll("a[href], form[action]")
            .Where(e => e.Closest(".userstuff, blockquote, #series, .series, .children, .associations") is null && e != chaptersBlock)
            .Select(e => Ao3Meta.WorkIdOf(e.GetAttribute("href") ?? e.GetAttribute("action")))
            .Where(id => id is not null)
            .GroupBy(id => id!)
            .OrderByDescending(g => g.Count())
            .FirstOrDefault();
        return counts?.Key;
    }

    /// <summary>The page title otwarchive writes: "Title - Chapter 1 - author - Fandom [Archive of Our Own]".</summary>
    private static string? TitleFromPageTitle(IDocument document)
    {
        var text = document.Title;
        if (string.IsNullOrWhiteSpace(text)) return null;
        var first = text.Split(" - ", 2)[0].Trim();
        return first.Length == 0 || first.Contains("Archive of Our Own", StringComparison.OrdinalIgnoreCase) ? null : first;
    }

    /// <summary>
    /// Why a page otwarchive rendered (or a list of works from any archive) holds no work, in words that say what to
    /// save instead; null when the page is not one of those (it may be a story saved from elsewhere).
    /// </summary>
    public static string? NoWorkReason(IDocument document)
    {
        var main = document.QuerySelector("#main") ?? document.Body;
        if (main is null) return null;
        var mainClasses = main.ClassList.ToArray();
        var headings = main.QuerySelectorAll("h2, h3").Select(HtmlText.Line).ToList();
        var mainText = HtmlText.Line(main);
        bool Heading(string text) => headings.Any(h => h.Contains(text, StringComparison.OrdinalIgnoreCase));

        // works/_adult: "Adult Content Warning", a caution and "Yes, Continue" (?view_adult=true).
        if (Heading("Adult Content Warning") || main.QuerySelector("a[href*='view_adult=true']") is not null && main.QuerySelector("p.caution") is not null)
            return "this is AO3's adult-content warning page, not the work: open the work, choose \"Proceed\" (\"Yes, Continue\"), and save the page after that";

        var signIn = main.QuerySelector("#signin, #loginform, form#new_user, form.new_user_session, form[action*='/users/login']");
        if (signIn is not null || mainClasses.Contains("sessions-new"))
        {
            return mainText.Contains("registered users", StringComparison.OrdinalIgnoreCase)
                ? "this is AO3's sign-in page: the work is restricted to registered users. Sign in and save the work page"
                : "this is AO3's sign-in page, not a work: sign in and save the work page";
        }

        if (mainClasses.Any(c => c.StartsWith("error", StringComparison.OrdinalIgnoreCase)) || headings.Any(h => Regex.IsMatch(h, @"^Error\s*\d{3}\b|^Page Not Found|^Sorry", RegexOptions.IgnoreCase)))
        {
            var heading = headings.FirstOrDefault(h => h.Length > 0) ?? "an error";
            return $"this is an AO3 error page (\"{heading}\"), not a work: open the work again and save its page once it shows the story";
        }

        if (main.QuerySelector("ol.chapter.index, ol.index.chapter") is not null || mainClasses.Contains("works-navigate"))
            return "this is a work's chapter index, not the work: open \"Entire Work\" (or a chapter) and save that page";

        if (mainClasses.Contains("series-show"))
            return "this is a series page, which lists works but holds none: open each work and save its page (or download it)";

        var blurbs = main.QuerySelectorAll("li.blurb, div.z-list").Length;
        if (blurbs > 0 || main.QuerySelector("ol.work.index, ol.bookmark.index, ol.series.index") is not null)
        {
            return blurbs <= 1
                ? "this is a list of works (a search, tag, bookmark or user page), not a work: open the work and save its page"
                : $"this is a list of {blurbs} works (a search, tag, bookmark or user page), not a work: open each work and save its page";
        }

        if (IsOtwArchivePage(document) && document.QuerySelector("#chapters, #workskin") is null)
        {
            // A work in a challenge not yet revealed, or hidden: the page says so in a notice instead of the work.
            if (main.QuerySelector("p.notice, div.notice, .flash.notice") is { } notice && HtmlText.Line(notice) is { Length: > 0 } said)
            {
                return said.Contains("revealed", StringComparison.OrdinalIgnoreCase)
                    ? "this AO3 page shows no work: the work is in a challenge and not revealed yet; save its page once it is revealed"
                    : $"this AO3 page shows no work (\"{(said.Length > 120 ? said[..120] + "…" : said)}\"): save the work's own page once it shows the story";
            }
            var heading = headings.FirstOrDefault(h => h.Length > 0);
            return heading is null
                ? "this AO3 page holds no work: save the work's own page (or download the work)"
                : $"this AO3 page (\"{heading}\") holds no work: save the work's own page (or download the work)";
        }
        return null;
    }
}
