using System.Text.RegularExpressions;

namespace Ficshelf.Core.Import.Text;

/// <summary>
/// Line shapes that every site's page puts around a story when it is copied as text: social counts, hashtag and
/// taglist lines, navigation bars, copyright footers, and the author's sign-off after the story.
/// </summary>
internal static partial class SiteChrome
{
    /// <summary>The longest a title, book or author name may be: a longer line is story text (or junk), never a name.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>A line of hashtags ("#bucky x reader #marvel #my writing"): Tumblr/Wattpad tags, not story text.</summary>
    public static bool IsHashtagLine(string line)
    {
        if (line.Length < 2 || line[0] != '#' || line.Length > 2000) return false;
        // Every word run starts at a '#': "#one #two words #three" is a tag list; "#1 fan" alone is not prose either.
        var tags = HashtagSplit().Split(line.Trim()).Where(t => t.Length > 0).ToArray();
        return tags.Length >= 1 && tags.All(t => t.StartsWith('#') && t.Length > 1) && !tags[0].All(c => c == '#' || char.IsDigit(c));
    }

    [GeneratedRegex(@"\s+(?=#)")]
    private static partial Regex HashtagSplit();

    /// <summary>The tags of a hashtag line, without their '#'.</summary>
    public static IEnumerable<string> Hashtags(string line) =>
        HashtagSplit().Split(line.Trim()).Select(t => t.TrimStart('#').Trim()).Where(t => t.Length > 0);

    [GeneratedRegex(@"^(?:permanent\s+|perma\s*)?(?:tags?|tag\s*list|taglist|tagging|tagged)\s*[:\-–—]?\s*(?:@\S+[\s,]*)+$|^(?:permanent\s+)?tag\s*list\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex TaglistLine();

    /// <summary>"tags: @a @b", "taglist: @x": the users the post was sent to.</summary>
    public static bool IsTaglist(string line) => line.Length <= 2000 && TaglistLine().IsMatch(line);

    [GeneratedRegex(@"^[\d.,]+\s*[KkMm]?\s+notes?$", RegexOptions.IgnoreCase)]
    private static partial Regex NotesCount();

    /// <summary>Tumblr's "38 notes" under a post.</summary>
    public static bool IsNotesCount(string line) => line.Length <= 20 && NotesCount().IsMatch(line);

    private static readonly string[] NavigationWords =
    [
        "home", "masterlist", "master list", "masterpost", "rules", "request rules", "ask", "ask box", "askbox", "ask me", "requests",
        "request", "navigation", "nav", "archive", "about", "about me", "commissions", "ko-fi", "kofi", "taglist", "my masterlist",
        "library", "faq", "submit", "inbox", "blog", "main", "series", "prompt list", "prompts", "next", "previous", "prev",
        "next part", "previous part", "part one", "part two", "all parts", "writing", "my writing", "fics", "series masterlist",
    ];

    [GeneratedRegex(@"\s*(?:\||·|•|/|♡|✧|⋆|\u2022|~|\u2014|\u2013)\s*")]
    private static partial Regex NavSeparator();

    /// <summary>"masterlist | rules | ask box", "← previous part | next part →": a blog's navigation bar.</summary>
    public static bool IsNavigationBar(string line)
    {
        if (line.Length > 120) return false;
        var parts = NavSeparator().Split(line.Trim('←', '→', '«', '»', '<', '>', ' ')).Select(p => p.Trim('←', '→', '«', '»', '<', '>', ' ', '.', '!', ':').ToLowerInvariant()).Where(p => p.Length > 0).ToArray();
        if (parts.Length == 0) return false;
        var known = parts.Count(p => p.EqualsAny(NavigationWords));
        return parts.Length >= 2 ? known >= Math.Max(2, parts.Length - 1) : known == 1 && (line.StartsWith("my ", StringComparison.OrdinalIgnoreCase) || line.Contains("masterlist", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"^(?:©|\(c\)|copyright)\s*(?:\d{4}\s*(?:[-–]\s*\d{4})?)?\s*\S.{0,80}$", RegexOptions.IgnoreCase)]
    private static partial Regex CopyrightLine();

    /// <summary>"© 2023 Inkitt GmbH", "© 1999-2023 FanFiction.net": a site's copyright footer.</summary>
    public static bool IsCopyright(string line) => line.Length <= 100 && CopyrightLine().IsMatch(line);

    [GeneratedRegex(
        @"\b(?:thanks?|thank\s+(?:you|u))\s+(?:so\s+much\s+)?(?:for|4)\s+(?:reading|the\s+request|requesting|sending)|" +
        @"\bhope\s+(?:you|u|y'?all|it)\s+(?:all\s+)?(?:liked|like|enjoyed|enjoy|was)\b|" +
        @"\brequests?\s+(?:are|is)\s+(?:open|closed)|\b(?:inbox|ask\s*box|asks?)\s+(?:is|are)\s+(?:always\s+)?(?:open|closed)|" +
        @"\b(?:likes?|reblogs?|comments?|feedback|kudos|votes?)\b.{0,40}\b(?:appreciated|welcome|mean\s+(?:the\s+world|a\s+lot)|make\s+my)|" +
        @"\b(?:don'?t\s+forget\s+to|please)\s+(?:vote|comment|reblog|leave\s+kudos)|\blet\s+me\s+know\s+what\s+(?:you|u)\s+think|" +
        @"\bmy\s+masterlist\b|\bsend\s+(?:me\s+)?(?:more\s+)?(?:requests|asks|prompts)",
        RegexOptions.IgnoreCase)]
    private static partial Regex SignOffCue();

    /// <summary>
    /// The author speaking to readers after the story ("hope you liked it!! requests are open"): a short paragraph, not
    /// dialogue, with a sign-off cue.
    /// </summary>
    public static bool IsSignOff(string paragraph) =>
        paragraph.Length <= 400 && !StartsDialogue(paragraph) && SignOffCue().IsMatch(paragraph);

    public static bool StartsDialogue(string paragraph) => paragraph.Length > 0 && paragraph[0] is '"' or '“' or '‘' or '\'' or '«' or '„';

    /// <summary>
    /// Trailing lines that close a post rather than tell the story (hashtags, taglists, note counts, navigation,
    /// copyright) are moved to <paramref name="chrome"/>; a blank line stands where each was.
    /// </summary>
    public static void StripTrailingPostChrome(List<string> lines, List<string> chrome, Func<string, bool>? alsoChrome = null)
    {
        for (var k = lines.Count - 1; k >= 0; k--)
        {
            var line = lines[k];
            if (line.Length == 0) continue;
            if (IsHashtagLine(line) || IsTaglist(line) || IsNotesCount(line) || IsNavigationBar(line) || IsCopyright(line) || alsoChrome?.Invoke(line) == true)
            {
                chrome.Add(line);
                lines[k] = "";
                continue;
            }
            break;
        }
    }
}
