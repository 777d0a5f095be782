using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Platforms;

/// <summary>
/// Copies of a FanFiction.Net story page: title, "By: author", summary, the profile line
/// ("Rated: Fiction T - English - Romance/Drama - [Harry P., Ginny W.] - Chapters: 2 - Words: 1,234 - ... - Status: Complete - id: 1"),
/// "Disclaimer:", chapter headings and the page's navigation.
/// </summary>
internal sealed partial class FanFictionNetTextImporter : IPlatformImporter
{
    private static readonly string[] PageChrome =
    [
        "+Follow/Fav", "Follow/Fav", "Follow", "Fav", "Review", "Reviews", "< Prev", "Next >", "Prev", "Next", "Story Text",
        "Guest", "Post Review", "Close", "Author", "Story", "Report Abuse", "Share", "Beta", "Type", "Writer", "Reader",
        "Text Size", "Review this Chapter", "Return to Top", "Just In", "Community", "Forums", "Login", "Sign Up",
        "Story Text Options", "Favorite", "Alert", "Favorite Story", "Favorite Author", "Story Alert", "Author Alert",
    ];

    /// <summary>"< Prev", "Next >", "< Prev Next >": the chapter buttons, alone or side by side.</summary>
    [GeneratedRegex(@"^(?:<\s*Prev(?:ious)?|«\s*Prev(?:ious)?)(?:\s+(?:Next\s*>|Next\s*»))?$|^Next\s*[>»]$", RegexOptions.IgnoreCase)]
    private static partial Regex ChapterButtons();

    /// <summary>An entry of the chapter selector as copied: "1. The Wrong Fork".</summary>
    [GeneratedRegex(@"^\d{1,3}\.\s+\S.{0,120}$")]
    private static partial Regex SelectorEntry();

    /// <summary>The page footer's link row and copyright: "Help · Guidelines · Privacy · Terms of Service", "© 1999-2023 FanFiction".</summary>
    [GeneratedRegex(@"^(?:Help|Guidelines|Privacy|Terms)\b.*·|FanFiction\s*\|\s*unleash your imagination", RegexOptions.IgnoreCase)]
    private static partial Regex FooterLinks();

    private static bool IsPageChrome(string line) =>
        line.EqualsAny(PageChrome) || ChapterButtons().IsMatch(line) || FooterLinks().IsMatch(line) ||
        SiteChrome.IsCopyright(line) && line.Contains("FanFiction", StringComparison.OrdinalIgnoreCase);

    private static readonly string[] FfnGenres =
    [
        "Adventure", "Angst", "Crime", "Drama", "Family", "Fantasy", "Friendship", "General", "Horror", "Humor", "Hurt/Comfort",
        "Mystery", "Parody", "Poetry", "Romance", "Sci-Fi", "Spiritual", "Supernatural", "Suspense", "Tragedy", "Western",
    ];

    [GeneratedRegex(@"^Rated:\s*(?:Fiction\s+)?(?<rating>K\+|K|T|MA|M)(?=\s|$)(?<rest>.*)$", RegexOptions.IgnoreCase)]
    internal static partial Regex ProfileLine();

    [GeneratedRegex(@"^(?<key>[A-Za-z]+)\s*:\s*(?<value>.+)$")]
    private static partial Regex Field();

    [GeneratedRegex(@"^(?:By|by|Author)\s*:?\s+(?<author>\S.{0,60})$")]
    private static partial Regex ByLine();

    [GeneratedRegex(@"^[\W_]{0,3}disclaimer\b", RegexOptions.IgnoreCase)]
    private static partial Regex Disclaimer();

    [GeneratedRegex(@"^(?:[^»>]{1,40}\s*[»>]\s*)+(?<fandom>[^»>]{1,80})$")]
    private static partial Regex Breadcrumb();

    public Platform Platform => Platform.FanFictionNet;

    public double Detect(StoryText text)
    {
        var head = text.Head(40).ToList();
        if (head.Any(l => ProfileLine().IsMatch(l) && l.Contains(" - "))) return 0.95;
        var score = head.Count(l => HeaderLabel().IsMatch(l)) >= 3 && head.Any(l => ProfileLine().IsMatch(l) || l.StartsWith("Genre", StringComparison.OrdinalIgnoreCase)) ? 0.8 : 0.0;
        if (text.Lines.Take(60).Any(l => Disclaimer().IsMatch(l))) score = 0.4;
        if (head.Take(4).Any(l => l.StartsWith("By:", StringComparison.Ordinal))) score += 0.2;
        if (head.Any(l => l.EqualsAny(["+Follow/Fav", "Follow/Fav"]))) score += 0.3;
        return score;
    }

    public Work Parse(StoryText text)
    {
        var lines = text.Lines.ToList();
        var chrome = new List<string>();
        var tags = new DeclaredTags();
        string? language = null;
        bool? complete = null;

        var profile = lines.FindIndex(0, Math.Min(lines.Count, 80), l => ProfileLine().IsMatch(l));
        string? title = null, summary = null;
        var authors = new List<string>();
        var bodyStart = 0;
        if (ReadLabelledHeader(lines, tags, chrome) is { } labelled)
        {
            // A text download ("Title: …", "Author: …", "Rated: T", "Genre: …", "Summary: …"), not a page copy.
            (title, summary, bodyStart) = (labelled.Title, labelled.Summary, labelled.End);
            authors.AddRange(labelled.Authors);
            language = labelled.Language;
            complete = labelled.Complete;
        }
        else if (profile >= 0)
        {
            (language, complete) = ReadProfile(lines[profile], tags);
            chrome.Add(lines[profile]);
            var header = lines.Take(profile).Where(l => l.Length > 0).ToList();
            // The page's breadcrumb ("TV Shows » Sherlock") sits above the title: chrome. Its fandom is the site's
            // category name, not a declared tag (analysis infers the canonical fandom from the story).
            if (header.Count > 1 && Breadcrumb().IsMatch(header[0]))
            {
                chrome.Add(header[0]);
                header.RemoveAt(0);
            }
            foreach (var line in header.Where(IsPageChrome)) chrome.Add(line);
            header.RemoveAll(IsPageChrome);
            var by = header.FindIndex(l => ByLine().IsMatch(l));
            if (by >= 0) authors.Add(ByLine().Match(header[by]).Groups["author"].Value.Trim());
            var titleIndex = by > 0 ? by - 1 : 0;
            // Above the title: the site's bar and the fandom's breadcrumb.
            chrome.AddRange(header.Take(titleIndex));
            // The Follow/Fav button's text runs into the title in some copies: "Follow/Fav The Long Way Round".
            if (titleIndex < header.Count && FollowFavPrefix().Match(header[titleIndex]) is { Success: true } glued)
            {
                chrome.Add(glued.Value.Trim());
                header[titleIndex] = header[titleIndex][glued.Length..].Trim();
            }
            if (header.Count > 0 && (by != 0 || header.Count > 1))
            {
                title = by == 0 ? null : header[titleIndex];
                summary = string.Join(' ', header.Skip(Math.Max(by, titleIndex) + 1));
                if (summary.Length == 0) summary = null;
            }
            bodyStart = profile + 1;
        }
        else if (LineLists.NextNonBlank(lines, 0) is var first and >= 0 && lines[first].Length <= 100 && !TextPatterns.EndsSentence(lines[first]) && !Disclaimer().IsMatch(lines[first]))
        {
            title = lines[first];
            bodyStart = first + 1;
            if (LineLists.NextNonBlank(lines, bodyStart) is var second and >= 0 && ByLine().Match(lines[second]) is { Success: true } by)
            {
                authors.Add(by.Groups["author"].Value.Trim());
                bodyStart = second + 1;
            }
        }

        var body = StripDisclaimersAndChrome(lines.Skip(bodyStart), chrome);
        StripChapterSelector(body, chrome);
        var work = BodyBuilder.Build(body).ToWork(Platform, chrome);
        var total = profile >= 0 ? ChaptersOf(lines[profile]) : null;
        // A copy holding fewer chapters than the story has is partial, whatever the story's status.
        var held = work.Chapters.Count;
        var highest = work.Chapters.Select(c => ChapterNumber(c.Title)).Max();
        if (total is > 1 && (held < total || highest is { } h && h < total)) complete = false;
        return work with
        {
            Title = title is { Length: > SiteChrome.MaxTitleLength } ? null : title,
            Authors = authors,
            Summary = summary,
            Tags = tags.ToList(),
            Language = language,
            Complete = complete ?? work.Complete,
            ChaptersTotal = total ?? work.ChaptersTotal,
            PlatformWorkId = StoryId(lines, profile) ?? work.PlatformWorkId,
        };
    }

    /// <summary>A line that is the story's address ("https://www.fanfiction.net/s/ID/1/…", "Story URL: …"), a "Story ID:"
    /// line, or the profile line's closing "id: ID" — not a link inside an author's note, which may name another story.</summary>
    [GeneratedRegex(@"^(?:(?:Story\s+)?(?:URL|Link|Source)\s*:\s*)?(?:https?://)?(?:www\.|m\.)?fanfiction\.net/s/(?<id>\d+)\S*$|(?:^|\s-\s)id:\s*(?<id>\d+)\s*$|^Story ID:\s*(?<id>\d+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex StoryIdPattern();

    /// <summary>The story id a copy shows: its address on a line of its own near the top or the end, or the profile line's "id: ID".</summary>
    private static string? StoryId(List<string> lines, int profile)
    {
        var candidates = profile >= 0 ? [lines[profile], .. lines.Take(60), .. lines.TakeLast(20)] : lines.Take(60).Concat(lines.TakeLast(20));
        return candidates.Select(l => StoryIdPattern().Match(l)).FirstOrDefault(m => m.Success)?.Groups["id"].Value;
    }

    [GeneratedRegex(@"^\W{0,3}(?:\+\s*)?Follow/Fav\s+", RegexOptions.IgnoreCase)]
    private static partial Regex FollowFavPrefix();

    [GeneratedRegex(@"(?:^|\s-\s)Chapters:\s*(?<n>\d{1,5})(?=\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ChaptersField();

    [GeneratedRegex(@"^\W{0,3}(?:chapter|ch\.?)\s*(?<n>\d{1,4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedHeading();

    /// <summary>"Chapters: 3" of the profile line; a story without the field has one chapter.</summary>
    private static int? ChaptersOf(string profile) =>
        ChaptersField().Match(profile) is { Success: true } m ? int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;

    private static int? ChapterNumber(string? title) =>
        title is not null && NumberedHeading().Match(title) is { Success: true } m ? int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The chapter selector copies as its options, "1. Title" one per line, above and below the chapter: a run of two
    /// or more entries numbered 1, 2, 3… beside the chapter buttons or at the top of the text is navigation.
    /// </summary>
    private static void StripChapterSelector(List<string> lines, List<string> chrome)
    {
        var firstText = lines.FindIndex(l => l.Length > 0);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!SelectorEntry().IsMatch(lines[i]) || !lines[i].StartsWith("1.", StringComparison.Ordinal)) continue;
            var end = i;
            var expected = 1;
            while (end < lines.Count && SelectorEntry().IsMatch(lines[end]) && lines[end].StartsWith(expected.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".", StringComparison.Ordinal))
            {
                end++;
                expected++;
            }
            if (end - i < 2) continue;
            var beside = i == firstText || NearButtons(lines, i - 1, -1) || NearButtons(lines, end, 1);
            if (!beside) continue;
            for (var k = i; k < end; k++)
            {
                chrome.Add(lines[k]);
                lines[k] = "";
            }
            i = end;
        }
    }

    private static bool NearButtons(List<string> lines, int from, int step)
    {
        for (int k = from, seen = 0; k >= 0 && k < lines.Count && seen < 2; k += step)
        {
            if (lines[k].Length == 0) continue;
            seen++;
            if (ChapterButtons().IsMatch(lines[k]) || lines[k].EqualsAny(PageChrome)) return true;
        }
        return false;
    }

    [GeneratedRegex(@"^(?<label>Title|Author|Authors|By|Summary|Genres?|Rating|Rated|Characters?|Pairings?|Words|Chapters|Status|Published|Updated|Language|Fandoms?|Category|Story ID|Source|URL)\s*:\s*(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderLabel();

    private sealed record LabelledHeader(string? Title, IReadOnlyList<string> Authors, string? Summary, string? Language, bool? Complete, int End);

    /// <summary>Three or more "Label: value" lines at the top: read them all, and the story starts after the last.</summary>
    private static LabelledHeader? ReadLabelledHeader(List<string> lines, DeclaredTags tags, List<string> chrome)
    {
        var labelled = new List<int>();
        for (var i = 0; i < Math.Min(lines.Count, 40); i++)
        {
            if (lines[i].Length == 0) continue;
            if (HeaderLabel().IsMatch(lines[i])) labelled.Add(i);
            else if (labelled.Count > 0 && i - labelled[^1] > 2) break;
        }
        if (labelled.Count < 3 || labelled[0] > 3) return null;
        string? title = null, summary = null, language = null;
        bool? complete = null;
        var authors = new List<string>();
        foreach (var i in labelled)
        {
            var m = HeaderLabel().Match(lines[i]);
            var label = m.Groups["label"].Value.ToLowerInvariant();
            var value = m.Groups["value"].Value.Trim();
            chrome.Add(lines[i]);
            switch (label)
            {
                case "title": title = value; break;
                case "author" or "authors" or "by": authors.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)); break;
                case "summary": summary = value.Length > 0 ? value : null; break;
                case "rating" or "rated":
                    if (ProfileLine().IsMatch(lines[i])) (language, complete) = ReadProfile(lines[i], tags);
                    else tags.Add(TagCategory.Rating, value.Replace("Fiction", "").Trim());
                    break;
                case "genre" or "genres": foreach (var g in SplitGenres(value)) tags.Add(TagCategory.Genre, g); break;
                case "character" or "characters" or "pairing" or "pairings": ReadCharacters(value, tags); break;
                case "fandom" or "fandoms": tags.AddList(TagCategory.Fandom, value); break;
                case "language": language = LanguageCode(value) ?? language; break;
                case "status": complete = value.StartsWith("Complete", StringComparison.OrdinalIgnoreCase) ? true : value.Contains("Progress", StringComparison.OrdinalIgnoreCase) ? false : complete; break;
            }
        }
        return new LabelledHeader(title, authors, summary, language, complete, labelled[^1] + 1);
    }

    /// <summary>"Disclaimer: I don't own ..." paragraphs and navigation lines are page furniture wherever they appear.</summary>
    internal static List<string> StripDisclaimersAndChrome(IEnumerable<string> lines, List<string> chrome)
    {
        var result = new List<string>();
        var inDisclaimer = false;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                inDisclaimer = false;
                result.Add(line);
            }
            else if (inDisclaimer || Disclaimer().IsMatch(line))
            {
                inDisclaimer = true;
                chrome.Add(line);
            }
            else if (IsPageChrome(line))
            {
                chrome.Add(line);
            }
            else
            {
                result.Add(line);
            }
        }
        return result;
    }

    /// <summary>The grey profile line of a story page ("Rated: Fiction T - English - Romance - … - Status: Complete"): tags, language, status.</summary>
    internal static (string? Language, bool? Complete) ReadProfile(string line, DeclaredTags tags)
    {
        var match = ProfileLine().Match(line);
        tags.Add(TagCategory.Rating, match.Groups["rating"].Value.ToUpperInvariant());
        string? language = null;
        bool? complete = null;
        var position = 0;
        foreach (var part in match.Groups["rest"].Value.Split(" - ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            position++;
            var field = Field().Match(part);
            if (field.Success)
            {
                if (field.Groups["key"].Value.Equals("Status", StringComparison.OrdinalIgnoreCase))
                    complete = field.Groups["value"].Value.Trim().Equals("Complete", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            if (position == 1 && language is null && LanguageCode(part) is { } code)
            {
                language = code;
                continue;
            }
            if (IsGenreList(part))
            {
                foreach (var genre in SplitGenres(part)) tags.Add(TagCategory.Genre, genre);
                continue;
            }
            ReadCharacters(part, tags);
        }
        return (language, complete);
    }

    private static bool IsGenreList(string part) => SplitGenres(part).All(g => FfnGenres.Contains(g, StringComparer.OrdinalIgnoreCase)) && part.Length > 0;

    /// <summary>Genres are joined with "/", and "Hurt/Comfort" is one genre.</summary>
    private static List<string> SplitGenres(string part)
    {
        var genres = new List<string>();
        var pieces = part.Split('/', StringSplitOptions.TrimEntries);
        for (var i = 0; i < pieces.Length; i++)
        {
            if (pieces[i].Equals("Hurt", StringComparison.OrdinalIgnoreCase) && i + 1 < pieces.Length && pieces[i + 1].Equals("Comfort", StringComparison.OrdinalIgnoreCase))
            {
                genres.Add("Hurt/Comfort");
                i++;
            }
            else genres.Add(pieces[i]);
        }
        return genres;
    }

    /// <summary>"[Harry P., Ginny W.] Luna L., OC": bracketed names are a pairing, every name is a character.</summary>
    private static void ReadCharacters(string part, DeclaredTags tags)
    {
        foreach (Match pairing in Regex.Matches(part, @"\[(?<names>[^\]]+)\]"))
        {
            var names = pairing.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length >= 2) tags.Add(TagCategory.Relationship, string.Join('/', names));
        }
        foreach (var name in part.Replace("[", ",").Replace("]", ",").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            tags.Add(TagCategory.Character, name);
    }

    private static string? LanguageCode(string name) => name.ToLowerInvariant() switch
    {
        "english" => "en", "spanish" => "es", "french" => "fr", "german" => "de", "italian" => "it", "portuguese" => "pt",
        "russian" => "ru", "polish" => "pl", "dutch" => "nl", "indonesian" => "id", "chinese" => "zh", "japanese" => "ja",
        "swedish" => "sv", "finnish" => "fi", "norwegian" => "no", "danish" => "da", "czech" => "cs", "hungarian" => "hu",
        "turkish" => "tr", "vietnamese" => "vi", "filipino" => "tl", "hebrew" => "he", "arabic" => "ar", "greek" => "el",
        "korean" => "ko", "romanian" => "ro", "catalan" => "ca", "croatian" => "hr", "serbian" => "sr", "ukrainian" => "uk",
        _ => null,
    };
}
