using System.Text.RegularExpressions;
using Ficshelf.Core.Analysis.Text;

namespace Ficshelf.Core.Analysis.Style;

public enum PointOfView { First, Second, Third }

public enum Tense { Past, Present }

public sealed record NarrativeReading(PointOfView Pov, Tense Tense, bool ReaderInsert, string Evidence);

/// <summary>
/// Point of view, tense and reader-insert from the narration: pronouns are counted outside dialogue only, so a
/// third-person story full of quoted "you" stays third person; Y/N-style placeholders mark a reader-insert outright.
/// </summary>
internal static partial class NarrativeAnalyzer
{
    private static readonly string[] First = ["i", "me", "my", "mine", "myself", "we", "us", "our", "ours"];
    private static readonly string[] Second = ["you", "your", "yours", "yourself", "you're", "you’re", "you'd", "you’d", "you'll", "you’ll", "you've", "you’ve"];
    private static readonly string[] Third = ["he", "she", "him", "her", "his", "hers", "himself", "herself"];

    // Verbs that narration uses constantly, in both tenses, to tell past from present.
    private static readonly string[] PresentVerbs = ["is", "are", "says", "looks", "walks", "turns", "feels", "smiles", "takes", "sees", "knows", "thinks", "has", "does", "goes", "comes", "asks", "nods", "sighs", "laughs", "stands", "sits"];
    private static readonly string[] PastVerbs = ["was", "were", "said", "looked", "walked", "turned", "felt", "smiled", "took", "saw", "knew", "thought", "had", "did", "went", "came", "asked", "nodded", "sighed", "laughed", "stood", "sat"];

    // Present tense after I/you/we/they has no -s ("you feel", "I stand"): those forms count only right after such a subject.
    private static readonly string[] BareSubjects = ["i", "you", "we", "they"];
    private static readonly string[] BarePresentVerbs = ["am", "say", "look", "walk", "turn", "feel", "smile", "take", "see", "know", "think", "have", "do", "go", "come", "ask", "nod", "sigh", "laugh", "stand", "sit", "wake", "hear", "want", "need", "tell", "let", "watch", "try", "hold", "lean", "find", "reach", "pull", "shake", "grab", "pour", "open", "step", "roll", "bite", "keep", "get", "count", "can’t", "can't", "don’t", "don't"];

    [Flags]
    private enum Kind { None = 0, First = 1, Second = 2, Third = 4, Present = 8, Past = 16, BareSubject = 32, BarePresent = 64 }

    /// <summary>Every word list in one table, so each word is looked up once.</summary>
    private static readonly Lexicon<Kind> Kinds = BuildKinds();

    private static Lexicon<Kind> BuildKinds()
    {
        var kinds = new Dictionary<string, Kind>(StringComparer.OrdinalIgnoreCase);
        foreach (var (words, kind) in new[] { (First, Kind.First), (Second, Kind.Second), (Third, Kind.Third), (PresentVerbs, Kind.Present), (PastVerbs, Kind.Past), (BareSubjects, Kind.BareSubject), (BarePresentVerbs, Kind.BarePresent) })
        {
            foreach (var w in words) kinds[w] = kinds.GetValueOrDefault(w) | kind;
        }
        return new Lexicon<Kind>(kinds);
    }

    [GeneratedRegex(@"[\(\[]?\b(?:y/n|y/l/n|l/n|e/c|h/c|h/l|f/n|n/n)\b[\)\]]?", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();

    public static NarrativeReading Analyze(IReadOnlyList<string> paragraphs) => Analyze(WordTokens.Of(paragraphs));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static NarrativeReading Analyze(WordTokens tokens)
    {
        int first = 0, second = 0, third = 0, present = 0, past = 0, placeholders = 0, words = 0;
        var kinds = tokens.Map(Kinds);
        for (var p = 0; p < tokens.Paragraphs.Count; p++)
        {
            var paragraph = tokens.Paragraphs[p];
            if (paragraph.Contains('/')) placeholders += Placeholder().Count(paragraph);
            var afterSubject = false;
            foreach (var word in tokens.In(p))
            {
                if (word.InDialogue)
                {
                    afterSubject = false;
                    continue;
                }
                words++;
                var kind = kinds[word.Type];
                if (afterSubject && (kind & Kind.BarePresent) != 0) present++;
                afterSubject = (kind & Kind.BareSubject) != 0;
                if ((kind & Kind.First) != 0) first++;
                else if ((kind & Kind.Second) != 0) second++;
                else if ((kind & Kind.Third) != 0) third++;
                if ((kind & Kind.Present) != 0) present++;
                else if ((kind & Kind.Past) != 0) past++;
            }
        }
        var per1000 = words == 0 ? 0 : 1000.0 / words;
        var secondRate = second * per1000;
        var secondPerson = secondRate >= 20 && second >= third * 0.5 && second >= first;
        var readerInsert = placeholders > 0 || secondPerson;
        // A first-person narrator talks about "him" and "her" a lot (the one they watch); "I" at half the rate of
        // he/she in the narration is already a first-person voice. A Y/N story that says "you" steadily is second person.
        var pov = secondPerson || placeholders > 0 && (second >= third * 0.5 || secondRate >= 15) ? PointOfView.Second
            : first * per1000 >= 20 && first >= third * 0.5 ? PointOfView.First
            : PointOfView.Third;
        var tense = present > past * 1.3 && present >= 5 ? Tense.Present : Tense.Past;
        var evidence = $"narration per 1000 words: I/we {first * per1000:0}, you {secondRate:0}, he/she {third * per1000:0}; Y/N placeholders {placeholders}; present/past verbs {present}/{past}";
        return new NarrativeReading(pov, tense, readerInsert, evidence);
    }
}
