using Ficshelf.Core.Analysis.Style;

namespace Ficshelf.Core.Analysis.Wrangling;

/// <summary>
/// Every platform's rating on AO3's scale, so a work has one rating and a facet counts it once: FanFiction.Net's
/// K, K+, T, M, MA (fictionratings.com: K and K+ are for all ages and 9+, T 13+, M 16+, MA 18+), Wattpad's
/// Mature, Inkitt's age ratings (13+, 16+, 18+) and the film-style G, PG, PG-13, R, NC-17 many authors write.
/// </summary>
public static class Ratings
{
    public const string NotRated = "Not Rated";

    private static readonly Dictionary<string, string> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["General Audiences"] = RatingEstimator.General, ["General"] = RatingEstimator.General, ["G"] = RatingEstimator.General,
        ["K"] = RatingEstimator.General, ["K+"] = RatingEstimator.General, ["Fiction K"] = RatingEstimator.General, ["Fiction K+"] = RatingEstimator.General,
        ["PG"] = RatingEstimator.General, ["All Ages"] = RatingEstimator.General, ["Everyone"] = RatingEstimator.General, ["4+"] = RatingEstimator.General,
        ["Teen And Up Audiences"] = RatingEstimator.Teen, ["Teen And Up"] = RatingEstimator.Teen, ["Teen"] = RatingEstimator.Teen, ["Teens"] = RatingEstimator.Teen,
        ["T"] = RatingEstimator.Teen, ["Fiction T"] = RatingEstimator.Teen, ["PG-13"] = RatingEstimator.Teen, ["13+"] = RatingEstimator.Teen, ["12+"] = RatingEstimator.Teen,
        ["Mature"] = RatingEstimator.Mature, ["M"] = RatingEstimator.Mature, ["Fiction M"] = RatingEstimator.Mature, ["R"] = RatingEstimator.Mature,
        ["16+"] = RatingEstimator.Mature, ["Mature Content"] = RatingEstimator.Mature,
        ["Explicit"] = RatingEstimator.Explicit, ["E"] = RatingEstimator.Explicit, ["MA"] = RatingEstimator.Explicit, ["Fiction MA"] = RatingEstimator.Explicit,
        ["NC-17"] = RatingEstimator.Explicit, ["18+"] = RatingEstimator.Explicit, ["Adult"] = RatingEstimator.Explicit,
        ["Not Rated"] = NotRated, ["Unrated"] = NotRated,
    };

    /// <summary>AO3's rating for a platform's rating ("K+" → General Audiences), or null when it is not a rating Ficshelf knows.</summary>
    public static string? ToAo3(string rating)
    {
        var trimmed = rating.Trim();
        if (trimmed.StartsWith("Rated:", StringComparison.OrdinalIgnoreCase)) trimmed = trimmed[6..].Trim();
        if (trimmed.StartsWith("Rated ", StringComparison.OrdinalIgnoreCase)) trimmed = trimmed[6..].Trim();
        return Map.GetValueOrDefault(trimmed);
    }
}
