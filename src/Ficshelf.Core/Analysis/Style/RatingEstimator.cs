using System.Text.RegularExpressions;
using Ficshelf.Core.Analysis.Text;

namespace Ficshelf.Core.Analysis.Style;

/// <summary>A rating estimate; <see cref="Warnings"/> are only possible warnings, each with the sentences behind it in <see cref="WarningEvidence"/>.</summary>
public sealed record RatingReading(string Rating, IReadOnlyList<string> Warnings, string Evidence)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>> WarningEvidence { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>
/// An estimate of AO3's rating and archive warnings from lexicons, per 1000 words: an author's own rating always
/// outranks it, and it errs low (General) when the text gives little to go on.
/// </summary>
internal static partial class RatingEstimator
{
    public const string General = "General Audiences", Teen = "Teen And Up Audiences", Mature = "Mature", Explicit = "Explicit";
    public const string GraphicViolence = "Graphic Depictions Of Violence", CharacterDeath = "Major Character Death", NonCon = "Rape/Non-Con";

    private static readonly string[] MildWords = [ "damn", "hell", "crap", "bloody", "ass", "bastard", "bitch", "pissed" ];
    private static readonly string[] StrongWords = [ "fuck", "fucking", "fucked", "shit", "shitty", "cunt", "motherfucker" ];
    private static readonly string[] ViolenceWords = [ "blood", "bleeding", "bled", "bloody", "stab", "stabbed", "shot", "gun", "kill", "killed", "killing", "corpse", "torture", "tortured", "bruise", "bruised", "wound", "wounded", "knife", "punched", "broken", "scream", "screamed" ];
    private static readonly string[] GoreWords = [ "gore", "entrails", "severed", "mutilated", "dismembered", "gutted", "brains", "decapitated", "flayed" ];
    private static readonly string[] SensualWords = [ "kiss", "kissed", "kissing", "lips", "moaned", "moan", "naked", "undressed", "thighs", "bed" ];
    private static readonly string[] SexualWords = [ "cock", "clit", "orgasm", "thrust", "thrusting", "nipples", "erection", "cum", "pussy", "aroused" ];

    [GeneratedRegex(@"\b(?:died|was dead|is dead|funeral|grave|killed (?:him|her)|lifeless body|his death|her death)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Death();

    [GeneratedRegex(@"\b(?:raped|rape|without (?:her|his|their|my|your) consent|didn't consent|did not consent|forced (?:himself|herself) on)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NonConsent();

    /// <summary>Words that may start a death or non-consent phrase: the phrase patterns run only where one occurs.</summary>
    private static readonly string[] PhraseTriggers = ["died", "dead", "funeral", "grave", "killed", "lifeless", "death", "raped", "rape", "consent", "forced"];

    [Flags]
    private enum Kind { None = 0, Mild = 1, Strong = 2, Violence = 4, Gore = 8, Sensual = 16, Sexual = 32, Trigger = 64 }

    /// <summary>Every lexicon in one table, so each word is looked up once.</summary>
    private static readonly Lexicon<Kind> Kinds = BuildKinds();

    private static Lexicon<Kind> BuildKinds()
    {
        var kinds = new Dictionary<string, Kind>(StringComparer.OrdinalIgnoreCase);
        void Add(IEnumerable<string> words, Kind kind)
        {
            foreach (var w in words) kinds[w] = kinds.GetValueOrDefault(w) | kind;
        }
        Add(MildWords, Kind.Mild);
        Add(StrongWords, Kind.Strong);
        Add(ViolenceWords, Kind.Violence);
        Add(GoreWords, Kind.Gore);
        Add(SensualWords, Kind.Sensual);
        Add(SexualWords, Kind.Sexual);
        Add(PhraseTriggers, Kind.Trigger);
        return new Lexicon<Kind>(kinds);
    }

    public static RatingReading Estimate(IReadOnlyList<string> paragraphs) => Estimate(WordTokens.Of(paragraphs));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static RatingReading Estimate(WordTokens tokens)
    {
        int words = 0, mild = 0, strong = 0, violence = 0, gore = 0, sensual = 0, sexual = 0, death = 0, noncon = 0;
        List<string> deathQuotes = [], nonconQuotes = [], goreQuotes = [];
        var kinds = tokens.Map(Kinds);
        for (var p = 0; p < tokens.Paragraphs.Count; p++)
        {
            var paragraph = tokens.Paragraphs[p];
            // A line of tags ("Angst with a Happy Ending, Major Character Death") is the author's metadata, not the story.
            if (LooksLikeTagLine(paragraph)) continue;
            var triggered = false;
            foreach (var word in tokens.In(p))
            {
                words++;
                var kind = kinds[word.Type];
                if (kind == Kind.None) continue;
                triggered |= (kind & Kind.Trigger) != 0;
                if ((kind & Kind.Strong) != 0) strong++;
                else if ((kind & Kind.Mild) != 0) mild++;
                if ((kind & Kind.Gore) != 0)
                {
                    gore++;
                    if (goreQuotes.Count < 2) goreQuotes.Add(Quote(paragraph, paragraph.Substring(word.Start, word.Length)));
                }
                else if ((kind & Kind.Violence) != 0) violence++;
                if ((kind & Kind.Sexual) != 0) sexual++;
                else if ((kind & Kind.Sensual) != 0) sensual++;
            }
            if (triggered)
            {
                foreach (Match m in Death().Matches(paragraph))
                {
                    death++;
                    if (deathQuotes.Count < 2) deathQuotes.Add(Quote(paragraph, m.Value));
                }
                foreach (Match m in NonConsent().Matches(paragraph))
                {
                    noncon++;
                    if (nonconQuotes.Count < 2) nonconQuotes.Add(Quote(paragraph, m.Value));
                }
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
        var warningEvidence = new Dictionary<string, IReadOnlyList<string>>();
        if (warnings.Contains(GraphicViolence)) warningEvidence[GraphicViolence] = goreQuotes.Count > 0 ? goreQuotes : [$"violence {(violence + gore) * k:0.#} words per 1000"];
        if (warnings.Contains(CharacterDeath)) warningEvidence[CharacterDeath] = deathQuotes;
        if (warnings.Contains(NonCon)) warningEvidence[NonCon] = nonconQuotes;
        return new RatingReading(rating, warnings, evidence) { WarningEvidence = warningEvidence };
    }

    /// <summary>A short paragraph of comma-separated capitalised phrases and no sentence end: a tag line, not prose.</summary>
    private static bool LooksLikeTagLine(string paragraph)
    {
        if (paragraph.Length > 400 || paragraph.Contains(". ", StringComparison.Ordinal)) return false;
        if (paragraph.StartsWith("Tags:", StringComparison.OrdinalIgnoreCase) || paragraph.StartsWith("Additional Tags", StringComparison.OrdinalIgnoreCase) ||
            paragraph.StartsWith("Warnings:", StringComparison.OrdinalIgnoreCase) || paragraph.StartsWith("Archive Warning", StringComparison.OrdinalIgnoreCase))
            return true;
        var parts = paragraph.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && parts.All(p => p.Length > 0 && char.IsUpper(p[0]) && p.Length < 60);
    }

    /// <summary>The sentence of a paragraph around a cue, for evidence.</summary>
    private static string Quote(string paragraph, string cue)
    {
        var at = paragraph.IndexOf(cue, StringComparison.OrdinalIgnoreCase);
        if (at < 0) at = 0;
        var start = paragraph.LastIndexOfAny(['.', '!', '?'], Math.Max(0, at - 1)) + 1;
        var end = paragraph.IndexOfAny(['.', '!', '?'], at);
        var sentence = paragraph[start..(end < 0 ? paragraph.Length : end + 1)].Trim();
        return sentence.Length <= 200 ? sentence : sentence[..197] + "…";
    }
}
