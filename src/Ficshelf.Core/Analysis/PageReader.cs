using Ficshelf.Core.Analysis.Text;

namespace Ficshelf.Core.Analysis;

/// <summary>
/// Who is who on the page, sentence by sentence: names (outside dialogue, or said to someone — a vocative),
/// he/she/him/her resolved to the most recent person of that gender (an object pronoun to someone other than the
/// sentence's subject), I/me/my to the first-person narrator once known, you/your to the reader of a reader-insert.
/// What it gives: who is present in each paragraph, how often each person is referred to, and each pair's
/// romantic and platonic cue weight — a cue goes to the two people nearest it in its sentence ("Finn kissed him").
/// </summary>
internal sealed class PageReader
{
    public sealed record Participant(string Name, string Gender);

    public sealed class PairEvidence
    {
        public double Romantic { get; set; }
        public double Platonic { get; set; }
        public int Together { get; set; }
        public string? RomanticSentence { get; set; }
        public double RomanticBest { get; set; }
        public string? PlatonicSentence { get; set; }
        public double PlatonicBest { get; set; }
    }

    public sealed record Reading(
        IReadOnlyList<HashSet<string>> Present,
        IReadOnlyDictionary<string, int> References,
        IReadOnlyDictionary<(string, string), PairEvidence> Pairs)
    {
        public PairEvidence? Pair(string a, string b) =>
            Pairs.GetValueOrDefault(string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a));
    }

    private enum Pronoun { None, HeSubject, HeObject, HePossessive, SheSubject, SheObject, First, Second }

    private static readonly Lexicon<Pronoun> Pronouns = new(new Dictionary<string, Pronoun>
    {
        ["he"] = Pronoun.HeSubject, ["him"] = Pronoun.HeObject, ["his"] = Pronoun.HePossessive, ["himself"] = Pronoun.HeSubject,
        ["she"] = Pronoun.SheSubject, ["her"] = Pronoun.SheObject, ["hers"] = Pronoun.SheObject, ["herself"] = Pronoun.SheSubject,
        ["i"] = Pronoun.First, ["me"] = Pronoun.First, ["my"] = Pronoun.First, ["myself"] = Pronoun.First, ["mine"] = Pronoun.First,
        ["you"] = Pronoun.Second, ["your"] = Pronoun.Second, ["yours"] = Pronoun.Second, ["yourself"] = Pronoun.Second,
    });

    /// <summary>What one word is to the reading — a romantic or platonic cue, a pronoun — found with one lookup.</summary>
    private readonly record struct TokenInfo(bool IsRomantic, double Romantic, bool IsPlatonic, double Platonic, Pronoun Pronoun);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Lexicon<double>, System.Runtime.CompilerServices.ConditionalWeakTable<Lexicon<double>, Lexicon<TokenInfo>>> Merged = [];

    /// <summary>The cue lexicons and the pronouns as one lexicon (built once per pair of cue lexicons): one lookup per word.</summary>
    private static Lexicon<TokenInfo> Tokens(Lexicon<double> romanticCues, Lexicon<double> platonicCues) =>
        Merged.GetOrCreateValue(romanticCues).GetValue(platonicCues, _ =>
        {
            var merged = new Dictionary<string, TokenInfo>(StringComparer.OrdinalIgnoreCase);
            foreach (var (word, weight) in romanticCues.Entries) merged[word] = merged.GetValueOrDefault(word) with { IsRomantic = true, Romantic = weight };
            foreach (var (word, weight) in platonicCues.Entries) merged[word] = merged.GetValueOrDefault(word) with { IsPlatonic = true, Platonic = weight };
            foreach (var (word, pronoun) in Pronouns.Entries) merged[word] = merged.GetValueOrDefault(word) with { Pronoun = pronoun };
            return new Lexicon<TokenInfo>(merged);
        });

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Abbreviations =
        new HashSet<string>(StringComparer.Ordinal) { "Mr", "Mrs", "Ms", "Dr", "St", "Sgt", "Lt", "Capt", "Prof" }.GetAlternateLookup<ReadOnlySpan<char>>();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Reading Read(
        CharacterDetector.WorkText text,
        IReadOnlyList<CharacterDetector.Mention> mentions,
        IReadOnlyCollection<Participant> people,
        string? narrator,
        string? reader,
        Lexicon<double> romanticCues,
        Lexicon<double> platonicCues)
    {
        var tokens = Tokens(romanticCues, platonicCues);
        var gender = people.ToDictionary(p => p.Name, p => p.Gender);
        var present = new List<HashSet<string>>(text.Paragraphs.Count);
        var references = new Dictionary<string, int>();
        var pairs = new Dictionary<(string, string), PairEvidence>();
        var recency = new List<string>();
        var subjects = new List<string>();
        var m = 0;
        HashSet<string> last = [];

        PairEvidence PairOf(string a, string b) =>
            pairs.TryGetValue(string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a), out var e) ? e
                : pairs[string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a)] = new PairEvidence();

        void Touch(string name)
        {
            recency.Remove(name);
            recency.Insert(0, name);
        }

        string? Resolve(string wanted, bool objectForm, string? subject)
        {
            // "He" is most often the last sentence subject of that gender; "him" someone else than this sentence's subject.
            if (!objectForm)
            {
                foreach (var name in subjects)
                {
                    if (gender.GetValueOrDefault(name) == wanted) return name;
                }
            }
            string? first = null;
            foreach (var name in recency)
            {
                if (gender.GetValueOrDefault(name) != wanted) continue;
                if (first is null)
                {
                    first = name;
                    if (!objectForm || name != subject) return name;
                    continue;
                }
                return name; // an object pronoun means someone other than the subject
            }
            return first;
        }

        for (var p = 0; p < text.Paragraphs.Count; p++)
        {
            var paragraph = text.Paragraphs[p];
            var start = text.ParagraphStarts[p];
            var here = new HashSet<string>();
            if (paragraph == "* * *")
            {
                recency.Clear();
                subjects.Clear();
            }
            while (m < mentions.Count && mentions[m].Offset < start) m++;
            var sentence = new List<(int Word, string Person)>();
            var cues = new List<(int Word, double Weight, bool Romantic, bool SomeoneElse)>();
            // Where the last "a"/"an"/"some"/"another" was, and whether a copula came just before it ("was a friend").
            var indefiniteAt = -10;
            var indefiniteIsPredicate = false;
            var previousIsCopula = false;
            var sentenceStart = 0;
            var word = 0;
            string? subject = null;
            string? subjectInNarration = null;
            var inDialogue = false;
            var i = 0;

            void EndSentence(int end)
            {
                if (cues.Count > 0) Credit(paragraph[sentenceStart..Math.Min(end, paragraph.Length)].Trim());
                // The sentence's subject stays the likeliest "he" or "she" of the next one (centering), not its last object.
                if (subjectInNarration is { } topic)
                {
                    Touch(topic);
                    subjects.Remove(topic);
                    subjects.Insert(0, topic);
                }
                subjectInNarration = null;
                sentence.Clear();
                cues.Clear();
                subject = null;
                sentenceStart = end;
            }

            void Credit(string quote)
            {
                var distinct = sentence.Select(s => s.Person).Distinct().ToList();
                foreach (var (at, weight, romantic, someoneElse) in cues)
                {
                    (string A, string B)? pair = null;
                    // "A small cousin" in a sentence that names one person is a third, unnamed person: the word says
                    // nothing about that person and whoever else was last in view.
                    if (someoneElse && distinct.Count < 2) continue;
                    if (distinct.Count >= 2)
                    {
                        // The one who acts just before the cue and the one it falls on just after ("Finn kissed him");
                        // failing that, the two nearest it.
                        var after = sentence.FirstOrDefault(s => s.Word > at && s.Word - at <= 6).Person;
                        var before = sentence.LastOrDefault(s => s.Word <= at && s.Person != after).Person;
                        var anchor = before ?? after ?? sentence.MinBy(s => Math.Abs(s.Word - at)).Person;
                        var other = before is not null && after is not null ? after
                            : sentence.Where(s => s.Person != anchor).MinBy(s => Math.Abs(s.Word - at)).Person;
                        pair = (anchor, other);
                    }
                    else if (distinct.Count == 0)
                    {
                        // A line of dialogue that names nobody ("You were my friend"): said between the two people in view.
                        var inView = recency.Where(r => here.Contains(r) || last.Contains(r)).Take(2).ToList();
                        if (inView.Count == 2) pair = (inView[0], inView[1]);
                    }
                    else if (distinct.Count == 1)
                    {
                        // "She kissed him back" with one of them unnamed: the other is the last other person in view.
                        var other = recency.FirstOrDefault(r => r != distinct[0] && (here.Contains(r) || last.Contains(r)));
                        if (other is not null) pair = (distinct[0], other);
                    }
                    if (pair is not { } found || found.A == found.B) continue;
                    var evidence = PairOf(found.A, found.B);
                    if (romantic)
                    {
                        evidence.Romantic += weight;
                        if (weight > evidence.RomanticBest) (evidence.RomanticBest, evidence.RomanticSentence) = (weight, quote);
                    }
                    else
                    {
                        evidence.Platonic += weight;
                        if (weight > evidence.PlatonicBest) (evidence.PlatonicBest, evidence.PlatonicSentence) = (weight, quote);
                    }
                }
            }

            void Refer(string person, bool updateRecency)
            {
                sentence.Add((word, person));
                here.Add(person);
                references[person] = references.GetValueOrDefault(person) + 1;
                subject ??= person;
                if (updateRecency)
                {
                    subjectInNarration ??= person;
                    Touch(person);
                }
                // The one spoken to ("Yeah, Deku," I say): when "I" is the narrator the other side of the conversation
                // is them, so the next "he says" is likelier them than the last subject of the narration. (In the third
                // person the one spoken to is, if anything, not the next "he": "Barton, what were your orders?" he asked.)
                else if (narrator is not null)
                {
                    Touch(person);
                    subjects.Remove(person);
                    subjects.Insert(0, person);
                }
            }

            // The offset of the next mention, kept beside m so most characters cost one comparison.
            var nextMention = m < mentions.Count ? mentions[m].Offset : int.MaxValue;
            while (i < paragraph.Length)
            {
                var c = paragraph[i];
                if (nextMention <= start + i)
                {
                    while (m < mentions.Count && mentions[m].Offset < start + i) m++; // one the scan stepped over
                    nextMention = m < mentions.Count ? mentions[m].Offset : int.MaxValue;
                }
                if (nextMention == start + i)
                {
                    var mention = mentions[m++];
                    nextMention = m < mentions.Count ? mentions[m].Offset : int.MaxValue;
                    var end = i + mention.Name.Length;
                    if (!inDialogue) Refer(mention.Character.Name, true);
                    else if (CharacterDetector.IsVocative(paragraph, i, end, wholeUtterance: true)) Refer(mention.Character.Name, false);
                    word++;
                    i = end;
                    continue;
                }
                if (c is '"' ) { inDialogue = !inDialogue; i++; continue; }
                if (c is '“') { inDialogue = true; i++; continue; }
                if (c is '”') { inDialogue = false; i++; continue; }
                if (c is '.' or '!' or '?' or '…')
                {
                    var j = i;
                    while (j < paragraph.Length && paragraph[j] is '.' or '!' or '?' or '…' or '"' or '”' or '’' or '\'') j++;
                    var prevWordStart = i;
                    while (prevWordStart > 0 && char.IsLetter(paragraph[prevWordStart - 1])) prevWordStart--;
                    var abbreviation = c == '.' && Abbreviations.Contains(paragraph.AsSpan(prevWordStart, i - prevWordStart));
                    // Close a quotation the sentence ends in, then the sentence itself.
                    for (var q = i; q < j; q++) if (paragraph[q] is '"' or '”') inDialogue = paragraph[q] == '"' ? !inDialogue : false;
                    if (!abbreviation && (j >= paragraph.Length || char.IsWhiteSpace(paragraph[j]))) EndSentence(j);
                    i = j;
                    continue;
                }
                if (!char.IsLetter(c)) { i++; continue; }
                var w = i;
                while (i < paragraph.Length && (char.IsLetter(paragraph[i]) || (paragraph[i] is '\'' or '’' or '-' && i + 1 < paragraph.Length && char.IsLetter(paragraph[i + 1]) && i > w))) i++;
                var token = paragraph.AsSpan(w, i - w);
                if (IsIndefinite(token))
                {
                    indefiniteAt = word;
                    indefiniteIsPredicate = previousIsCopula;
                }
                previousIsCopula = IsCopula(token);
                if (!tokens.TryGet(token, out var info)) { word++; continue; }
                // A kinship or friendship noun after "a"/"an" (up to one word between, "a small cousin") and no name
                // since, unless it is said of someone ("he was a brother to me").
                var someoneElse = word - indefiniteAt is > 0 and <= 2 && !indefiniteIsPredicate && (sentence.Count == 0 || sentence[^1].Word < indefiniteAt);
                if (info.IsRomantic) cues.Add((word, info.Romantic, true, false));
                else if (info.IsPlatonic) cues.Add((word, info.Platonic, false, someoneElse));
                var pronoun = info.Pronoun;
                if (!inDialogue && pronoun != Pronoun.None)
                {
                    string? who = pronoun switch
                    {
                        Pronoun.HeSubject => Resolve("male", false, subject),
                        Pronoun.HeObject => Resolve("male", true, subject),
                        // "He turned his head": a possessive is the subject's own when the subject can be "he".
                        Pronoun.HePossessive => subject is not null && gender.GetValueOrDefault(subject) == "male" ? subject : Resolve("male", true, subject),
                        Pronoun.SheSubject => Resolve("female", false, subject),
                        Pronoun.SheObject => Resolve("female", true, subject),
                        Pronoun.First => narrator,
                        Pronoun.Second => reader,
                        _ => null,
                    };
                    // "I" is also the capital of a sentence-initial word; the lexicon only holds pronouns, so this is one.
                    if (who is not null) Refer(who, true);
                }
                word++;
            }
            EndSentence(paragraph.Length);
            // A line of dialogue that names nobody is spoken among the people of the lines before it.
            var now = here.Count > 0 ? here : new HashSet<string>(last);
            present.Add(now);
            // Together: both in this paragraph or one of them in the line before (the back and forth of a conversation).
            var window = p > 0 && paragraph != "* * *" ? new HashSet<string>(now.Concat(present[p - 1])) : now;
            foreach (var a in now)
            {
                foreach (var b in window)
                {
                    if (a != b && (!now.Contains(b) || string.CompareOrdinal(a, b) < 0)) PairOf(a, b).Together++;
                }
            }
            if (here.Count > 0) last = here;
        }
        return new Reading(present, references, pairs);
    }

    private static bool IsIndefinite(ReadOnlySpan<char> token) =>
        token.Equals("a", StringComparison.OrdinalIgnoreCase) || token.Equals("an", StringComparison.OrdinalIgnoreCase) ||
        token.Equals("some", StringComparison.OrdinalIgnoreCase) || token.Equals("another", StringComparison.OrdinalIgnoreCase);

    private static bool IsCopula(ReadOnlySpan<char> token) =>
        token.Length <= 6 && (token.Equals("was", StringComparison.OrdinalIgnoreCase) || token.Equals("is", StringComparison.OrdinalIgnoreCase) ||
        token.Equals("were", StringComparison.OrdinalIgnoreCase) || token.Equals("be", StringComparison.OrdinalIgnoreCase) ||
        token.Equals("been", StringComparison.OrdinalIgnoreCase) || token.Equals("became", StringComparison.OrdinalIgnoreCase) ||
        token.Equals("like", StringComparison.OrdinalIgnoreCase) || token.Equals("as", StringComparison.OrdinalIgnoreCase) ||
        token.Equals("such", StringComparison.OrdinalIgnoreCase));
}
