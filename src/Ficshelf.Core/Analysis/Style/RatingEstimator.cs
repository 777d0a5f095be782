using System.Text.RegularExpressions;

namespace Ficshelf.Core.Analysis.Style;

public sealed record RatingReading(string Rating, IReadOnlyList<string> Warnings, string Evidence);

/// <summary>
/// An estimate of AO3's rating and archive warnings from lexicons, per 1000 words: an author's own rating always
/// outranks it, and it errs low (General) when the text gives little to go on.
/// </summary>
public static partial class RatingEstimator
{
    public const string General = "General Audiences", Teen = "Teen And Up Audiences", Mature = "Mature", Explicit = "Explicit";
    public const string GraphicViolence = "Graphic Depictions Of Violence", CharacterDeath = "Major Character Death", NonCon = "Rape/Non-Con";

    private static readonly HashSet<string> MildProfanity = new(StringComparer.OrdinalIgnoreCase) { "damn", "hell", "crap", "bloody", "ass", "bastard", "bitch", "pissed" };
    private static readonly HashSet<string> StrongProfanity = new(StringComparer.OrdinalIgnoreCase) { "fuck", "fucking", "fucked", "shit", "shitty", "cunt", "motherfucker" };
    private static readonly HashSet<string> Violence = new(StringComparer.OrdinalIgnoreCase)
    { "blood", "bleeding", "bled", "bloody", "stab", "stabbed", "shot", "gun", "kill", "killed", "killing", "corpse", "torture", "tortured", "bruise", "bruised", "wound", "wounded", "knife", "punched", "broken", "scream", "screamed" };
    private static readonly HashSet<string> Gore = new(StringComparer.OrdinalIgnoreCase) { "gore", "entrails", "severed", "mutilated", "dismembered", "gutted", "brains", "decapitated", "flayed" };
    private static readonly HashSet<string> Sensual = new(StringComparer.OrdinalIgnoreCase) { "kiss", "kissed", "kissing", "lips", "moaned", "moan", "naked", "undressed", "thighs", "bed" };
    private static readonly HashSet<string> Sexual = new(StringComparer.OrdinalIgnoreCase) { "cock", "clit", "orgasm", "thrust", "thrusting", "nipples", "erection", "cum", "pussy", "aroused" };

    [GeneratedRegex(@"\b(?:died|was dead|is dead|funeral|last breath|grave|passed away|killed (?:him|her)|lifeless body|his death|her death)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Death();

    [GeneratedRegex(@"\b(?:raped|rape|without (?:her|his|their|my|your) consent|didn't consent|did not consent|forced (?:himself|herself) on)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NonConsent();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    public static RatingReading Estimate(IReadOnlyList<string> paragraphs)
    {
        int words = 0, mild = 0, strong = 0, violence = 0, gore = 0, sensual = 0, sexual = 0, death = 0, noncon = 0;
        foreach (var paragraph in paragraphs)
        {
            death += Death().Matches(paragraph).Count;
            noncon += NonConsent().Matches(paragraph).Count;
            foreach (Match m in Word().Matches(paragraph))
            {
                words++;
                var w = m.Value;
                if (StrongProfanity.Contains(w)) strong++;
                else if (MildProfanity.Contains(w)) mild++;
                if (Gore.Contains(w)) gore++;
                else if (Violence.Contains(w)) violence++;
                if (Sexual.Contains(w)) sexual++;
                else if (Sensual.Contains(w)) sensual++;
            }
        }
        var k = words == 0 ? 0 : 1000.0 / words;
        // Thresholds per 1000 words: a single swear or kiss makes a story Teen; repeated explicit vocabulary makes it Explicit.
        var rating = sexual * k >= 3 && sexual >= 4 ? Explicit
            : sexual >= 1 || gore >= 2 || violence * k >= 20 || strong * k >= 4 ? Mature
            : strong > 0 || mild * k >= 1 || violence * k >= 3 || sensual >= 2 || death > 0 ? Teen
            : General;
        var warnings = new List<string>();
        if (gore >= 2 || violence * k >= 25) warnings.Add(GraphicViolence);
        if (death >= 2) warnings.Add(CharacterDeath);
        if (noncon >= 1) warnings.Add(NonCon);
        if (warnings.Contains(NonCon) && rating is General or Teen) rating = Mature;
        var evidence = $"per 1000 words: profanity {(mild + strong) * k:0.#}, violence {(violence + gore) * k:0.#}, sexual {(sensual + sexual) * k:0.#}; death cues {death}";
        return new RatingReading(rating, warnings, evidence);
    }
}
