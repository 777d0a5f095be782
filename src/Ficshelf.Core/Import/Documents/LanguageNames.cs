using System.Globalization;
using System.Text.RegularExpressions;
using Ficshelf.Core.Import.Platforms;

namespace Ficshelf.Core.Import.Documents;

/// <summary>A language as a file writes it ("en", "en-GB", "English", "Español") → its ISO 639-1 code, or null.</summary>
internal static partial class LanguageNames
{
    [GeneratedRegex(@"^(?<code>[a-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*$", RegexOptions.IgnoreCase)]
    private static partial Regex LanguageTag();

    public static string? Code(string? language)
    {
        var value = language?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        if (LanguageTag().Match(value) is { Success: true } tag && (tag.Groups["code"].Length == 2 || !IsName(value)))
            return ToTwoLetters(tag.Groups["code"].Value.ToLowerInvariant());
        // The site's own names first (AO3 writes languages in their own script), then every culture .NET knows.
        if (Ao3TextImporter.LanguageCode(value) is { Length: 2 } known) return known;
        var culture = CultureInfo.GetCultures(CultureTypes.NeutralCultures).FirstOrDefault(c =>
            c.TwoLetterISOLanguageName.Length == 2 &&
            (string.Equals(c.EnglishName, value, StringComparison.OrdinalIgnoreCase) || string.Equals(c.NativeName, value, StringComparison.OrdinalIgnoreCase)));
        return culture?.TwoLetterISOLanguageName;
    }

    /// <summary>Three letters can be a code ("eng") or a short name; a name is one a culture carries.</summary>
    private static bool IsName(string value) =>
        CultureInfo.GetCultures(CultureTypes.NeutralCultures).Any(c => string.Equals(c.EnglishName, value, StringComparison.OrdinalIgnoreCase));

    private static string? ToTwoLetters(string code)
    {
        if (code.Length == 2) return code;
        var culture = CultureInfo.GetCultures(CultureTypes.NeutralCultures).FirstOrDefault(c => string.Equals(c.ThreeLetterISOLanguageName, code, StringComparison.OrdinalIgnoreCase));
        return culture is { TwoLetterISOLanguageName.Length: 2 } ? culture.TwoLetterISOLanguageName : null;
    }
}
