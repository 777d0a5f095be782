namespace Ficshelf.Core.Analysis;

/// <summary>Guesses a text's language from its most common function words; good enough to tell English from Spanish or Russian.</summary>
internal static class LanguageGuesser
{
    private static readonly (string Code, HashSet<string> Words)[] Profiles =
    [
        ("en", ["the", "and", "to", "of", "a", "was", "her", "his", "you", "she", "he", "that", "it", "in", "with"]),
        ("es", ["el", "la", "de", "que", "y", "en", "los", "las", "se", "por", "con", "una", "su", "para", "pero"]),
        ("fr", ["le", "la", "les", "de", "et", "est", "une", "que", "pas", "il", "elle", "dans", "qui", "sur", "vous"]),
        ("de", ["der", "die", "und", "das", "ist", "nicht", "sie", "ich", "er", "es", "mit", "den", "ein", "zu", "auf"]),
        ("it", ["il", "di", "che", "non", "la", "e", "un", "per", "una", "con", "sono", "lo", "gli", "mi", "ma"]),
        ("pt", ["o", "a", "de", "que", "e", "do", "da", "não", "um", "uma", "com", "para", "os", "ela", "ele"]),
        ("nl", ["de", "het", "een", "en", "van", "ik", "niet", "dat", "is", "je", "zijn", "op", "met", "hij", "ze"]),
        ("id", ["yang", "dan", "di", "itu", "dengan", "tidak", "aku", "ini", "dia", "ke", "kamu", "untuk", "ada", "saya", "akan"]),
        ("ru", ["и", "в", "не", "на", "что", "я", "он", "она", "с", "как", "это", "его", "но", "к", "её"]),
        ("pl", ["i", "w", "nie", "się", "na", "że", "to", "z", "jest", "do", "jak", "ale", "co", "jej", "go"]),
    ];

    public static string? Guess(IEnumerable<string> paragraphs)
    {
        var counts = new int[Profiles.Length];
        var seen = 0;
        foreach (var paragraph in paragraphs)
        {
            foreach (var raw in paragraph.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                var word = raw.Trim('"', '“', '”', '‘', '’', '\'', ',', '.', '!', '?', ';', ':', '(', ')', '—', '…', '*', '_').ToLowerInvariant();
                if (word.Length == 0) continue;
                for (var i = 0; i < Profiles.Length; i++)
                {
                    if (Profiles[i].Words.Contains(word)) counts[i]++;
                }
                if (++seen >= 5000) break;
            }
            if (seen >= 5000) break;
        }
        var best = Array.IndexOf(counts, counts.Max());
        return counts[best] >= 3 && counts[best] * 20 >= seen ? Profiles[best].Code : null;
    }
}
