namespace Ficshelf.Core.Domain;

/// <summary>Where a copy of a story came from.</summary>
public enum Platform
{
    Generic,
    Ao3,
    Wattpad,
    Inkitt,
    RequestOneShot,
    FanFictionNet,
}

public static class PlatformNames
{
    private static readonly (Platform Platform, string Slug, string Display)[] Names =
    [
        (Platform.Generic, "generic", "Plain text"),
        (Platform.Ao3, "ao3", "Archive of Our Own"),
        (Platform.Wattpad, "wattpad", "Wattpad"),
        (Platform.Inkitt, "inkitt", "Inkitt"),
        (Platform.RequestOneShot, "request-oneshot", "Request one-shot (Tumblr/Quotev)"),
        (Platform.FanFictionNet, "ffn", "FanFiction.Net"),
    ];

    /// <summary>The short name used in files, the CLI and the expected-readings JSON ("ao3", "request-oneshot").</summary>
    public static string Slug(this Platform platform) => Names.First(n => n.Platform == platform).Slug;

    public static string DisplayName(this Platform platform) => Names.First(n => n.Platform == platform).Display;

    public static IEnumerable<string> AllSlugs => Names.Select(n => n.Slug);

    public static bool TryParse(string? text, out Platform platform)
    {
        var key = (text ?? "").Trim().ToLowerInvariant();
        key = key switch
        {
            "fanfiction.net" or "fanfiction" or "fanfictionnet" => "ffn",
            "tumblr" or "quotev" or "oneshot" or "request" => "request-oneshot",
            "archiveofourown" or "archive-of-our-own" => "ao3",
            "text" or "plain" => "generic",
            _ => key,
        };
        foreach (var n in Names)
        {
            if (n.Slug == key)
            {
                platform = n.Platform;
                return true;
            }
        }
        platform = Platform.Generic;
        return false;
    }
}
