using Ficshelf.Core.Analysis.Text;

namespace Ficshelf.Core.Analysis.Style;

public sealed record GenreScore(string Genre, double Score);

/// <summary>Genres from lexicon hits per 1000 words, each genre with its own threshold; at most three, best first.</summary>
internal static class GenreClassifier
{
    private static readonly (string Genre, double Threshold, string[] Words)[] Lexicons =
    [
        ("Romance", 4, ["kiss", "kissed", "kissing", "love", "loved", "lips", "heart", "blush", "blushed", "date", "darling", "embrace", "romance", "desire", "touch", "caressed"]),
        ("Angst", 5, ["tears", "cried", "crying", "grief", "guilt", "pain", "alone", "broken", "sob", "sobbed", "regret", "loss", "empty", "hurt", "lonely", "ache"]),
        ("Fluff", 4, ["smiled", "smile", "laughed", "giggle", "giggled", "cuddle", "cuddled", "warm", "soft", "cozy", "sweet", "grin", "grinned", "happy"]),
        // The hurt half only; the genre also needs the comfort half (ComfortWords) in the same work.
        ("Hurt/Comfort", 5, ["wound", "wounds", "wounded", "injured", "injury", "bleeding", "bled", "hurt", "fever", "bruised", "stitches", "limped", "concussion", "nightmare", "nightmares"]),
        ("Action", 5, ["fight", "fought", "punched", "kicked", "gun", "mission", "sparring", "explosion", "shot", "attack", "weapon", "weapons", "rifle", "combat", "training"]),
        ("Humor", 4, ["laughed", "joke", "joked", "snorted", "teased", "ridiculous", "grinned", "smirked", "laughing", "funny", "sarcastic"]),
        ("Drama", 4, ["argument", "secret", "truth", "betrayal", "confess", "confessed", "lie", "lied", "trust", "past", "conflict", "ledger"]),
    ];

    /// <summary>Someone tending the hurt: Hurt/Comfort needs at least one hurt cue and two of these, else it scores 0.</summary>
    private static readonly string[] ComfortWords = ["bandage", "bandaged", "soothed", "soothing", "comfort", "comforted", "comforting", "held", "hold", "okay", "safe", "gently", "tended", "stitched", "healed", "care"];

    private static readonly int HurtComfort = Array.FindIndex(Lexicons, l => l.Genre == "Hurt/Comfort");
    private static readonly int Comfort = Lexicons.Length; // the extra slot counting ComfortWords

    private static readonly Lexicon<int[]> Index = new(BuildIndex());

    private static Dictionary<string, int[]> BuildIndex()
    {
        var index = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (var g = 0; g <= Lexicons.Length; g++)
        {
            foreach (var word in g == Comfort ? ComfortWords : Lexicons[g].Words)
            {
                if (!index.TryGetValue(word, out var list)) index[word] = list = [];
                list.Add(g);
            }
        }
        return index.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public static IReadOnlyList<GenreScore> Classify(IReadOnlyList<string> paragraphs) => Classify(WordTokens.Of(paragraphs));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<GenreScore> Classify(WordTokens tokens)
    {
        var hits = new int[Lexicons.Length + 1];
        var words = 0;
        var genresOf = tokens.Map(Index);
        for (var p = 0; p < tokens.Paragraphs.Count; p++)
        {
            foreach (var word in tokens.In(p))
            {
                words++;
                if (genresOf[word.Type] is { } genres) foreach (var g in genres) hits[g]++;
            }
        }
        if (words == 0) return [];
        hits[HurtComfort] = hits[HurtComfort] >= 1 && hits[Comfort] >= 2 ? hits[HurtComfort] + hits[Comfort] : 0;
        var scores = Lexicons.Select((l, i) => new GenreScore(l.Genre, Math.Round(hits[i] * 1000.0 / words, 1))).ToList();
        var over = scores.Where((s, i) => s.Score >= Lexicons[i].Threshold).OrderByDescending(s => s.Score).Take(3).ToList();
        if (over.Count == 0 && scores.Max(s => s.Score) > 0) over.Add(scores.MaxBy(s => s.Score)!);
        return over;
    }
}
