using System.Text.RegularExpressions;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Analysis;

/// <summary>
/// Finds the fandom and characters of a work through the knowledge base's aliases, resolving names by context:
/// an epithet ("the soldier", "James") or a shared surname ("Carter") counts only for a character the work
/// already names unambiguously, and a name given in the story ("I'll call you Alexi") binds to the character it names.
/// </summary>
internal sealed partial class CharacterDetector(CanonKnowledgeBase knowledge, AliasMatcher matcher)
{
    public const string ReaderName = "Reader";

    private readonly PersonNames personNames = new(knowledge);

    /// <summary>The text of a work the detector reads: the body, and the metadata that names who is in it.</summary>
    public sealed class WorkText
    {
        public WorkText(Work work)
        {
            Paragraphs = work.BodyParagraphs.ToArray();
            var starts = new int[Paragraphs.Count];
            var body = new System.Text.StringBuilder();
            for (var i = 0; i < Paragraphs.Count; i++)
            {
                starts[i] = body.Length;
                body.Append(Paragraphs[i]).Append("\n\n");
            }
            Body = body.ToString();
            ParagraphStarts = starts;
            Links = LinkRanges(work, starts);
            // Freeform tags are left out on purpose: "No beta I die like Loki" does not put Loki in the story.
            var declared = work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category is TagCategory.Character or TagCategory.Relationship).Select(t => t.Name);
            Metadata = string.Join("\n", new[] { work.Title, work.Summary, work.Prompt }.Concat(declared).Where(s => !string.IsNullOrWhiteSpace(s)));
            DeclaredFandoms = work.Tags.Where(t => t.Category == TagCategory.Fandom).Select(t => t.Name).ToArray();
        }

        public IReadOnlyList<string> Paragraphs { get; }
        public string Body { get; }
        public IReadOnlyList<int> ParagraphStarts { get; }
        public string Metadata { get; }
        public IReadOnlyList<string> DeclaredFandoms { get; }

        /// <summary>Where the body's link texts are (a shop, a profile, another book): a name there names nobody in the story.</summary>
        public IReadOnlyList<(int Start, int Length)> Links { get; }

        private static (int, int)[] LinkRanges(Work work, int[] paragraphStarts)
        {
            var links = new List<(int, int)>();
            var first = 0;
            foreach (var chapter in work.Chapters)
            {
                foreach (var span in chapter.Spans)
                    if (span.Mark == InlineMark.Link && first + span.Paragraph < paragraphStarts.Length)
                        links.Add((paragraphStarts[first + span.Paragraph] + span.Start, span.Length));
                first += chapter.Paragraphs.Count;
            }
            return links.ToArray();
        }

        /// <summary>Whether a body offset falls inside quoted dialogue: a name said aloud is talked about, not on stage.</summary>
        public bool IsInDialogue(int offset)
        {
            if (offset < 0) return false;
            var p = ParagraphAt(offset);
            dialogue ??= new (int, int)[Paragraphs.Count][];
            dialogue[p] ??= DialogueRegex().Matches(Paragraphs[p]).Select(m => (m.Index, m.Length)).ToArray();
            var local = offset - ParagraphStarts[p];
            foreach (var (start, length) in dialogue[p])
                if (local >= start && local < start + length) return true;
            return false;
        }

        private (int, int)[][]? dialogue;

        public int ParagraphAt(int offset)
        {
            var index = ((int[])ParagraphStarts).AsSpan().BinarySearch(offset);
            return index >= 0 ? index : ~index - 1;
        }
    }

    /// <summary>A mention of a character at a body offset (or -1 for metadata).</summary>
    public readonly record struct Mention(CanonCharacter Character, int Offset, string Name);

    public sealed record Detection(
        IReadOnlyList<CanonFandom> Fandoms,
        IReadOnlyList<Mention> Mentions,
        IReadOnlyList<CanonCharacter> Declared,
        IReadOnlyList<AliasMatch> ShipNames)
    {
        /// <summary>Contextual names said to someone that no established character explains ("Kid," he said): the narrator's, often.</summary>
        public IReadOnlyList<(AliasMatch Match, CanonCharacter Character)> UnresolvedVocatives { get; init; } = [];
    }

    public Detection Detect(WorkText text)
    {
        // A canon name that the words around it give to someone or something else ("Aiden Parker", "Barnes & Noble")
        // establishes nobody and proves no fandom.
        var bodyMatches = personNames.People(text.Body, matcher.Matches(text.Body), text.Links);
        var metaMatches = personNames.People(text.Metadata, matcher.Matches(text.Metadata));
        // An everyday surname on its own ("Parker", "Barnes") names the character once the fandom is known, but proves none.
        var (bodyEvidence, metaEvidence) = personNames.FandomEvidence(bodyMatches, metaMatches);
        var fandoms = ChooseFandoms(text, bodyEvidence, metaEvidence);
        var chosen = fandoms.ToHashSet();

        // A work uses few distinct names many times: resolve each name's candidates once.
        var strongByAlias = new Dictionary<string, List<CanonCharacter>>(StringComparer.Ordinal);
        var contextualByAlias = new Dictionary<string, List<CanonCharacter>>(StringComparer.Ordinal);
        List<CanonCharacter> Candidates(AliasMatch m, AliasKind kind, Dictionary<string, List<CanonCharacter>> cache)
        {
            if (!cache.TryGetValue(m.Alias, out var list))
            {
                cache[m.Alias] = list = [];
                foreach (var t in m.Targets)
                    if (t.Kind == kind && chosen.Contains(t.Fandom) && !list.Contains(t.Character!)) list.Add(t.Character!);
            }
            return list;
        }
        List<CanonCharacter> StrongCandidates(AliasMatch m) => Candidates(m, AliasKind.Strong, strongByAlias);

        List<CanonCharacter> ContextualCandidates(AliasMatch m) => Candidates(m, AliasKind.Contextual, contextualByAlias);

        // Established: named unambiguously somewhere in the work or its metadata. A family name that names one
        // character on its own but others of the family in context ("Skywalker", "Malfoy") establishes no one.
        var established = new HashSet<CanonCharacter>();
        foreach (var matches in (ReadOnlySpan<List<AliasMatch>>)[bodyMatches, metaMatches])
        {
            foreach (var m in matches)
            {
                var candidates = StrongCandidates(m);
                if (candidates.Count == 1 && ContextualCandidates(m).Count == 0) established.Add(candidates[0]);
            }
        }
        // A name said to someone ("Ash," / "Cap, you copy?") that only one character of the story's fandom goes by
        // establishes them as much as their full name would.
        foreach (var m in bodyMatches)
        {
            if (StrongCandidates(m).Count > 0) continue;
            var contextual = ContextualCandidates(m);
            if (contextual.Count == 1 && m.Alias.Length >= 3 && char.IsUpper(m.Alias[0]) && text.IsInDialogue(m.Start) &&
                IsVocative(text.Body, m.Start, m.Start + m.Length, wholeUtterance: true))
                established.Add(contextual[0]);
        }
        // A first name the story uses as a name — capitalised in the middle of a sentence, twice — that only one
        // character of the story's fandom goes by: "Arthur" in a Merlin story, "Jack" in a Supernatural one.
        Dictionary<CanonCharacter, int>? namedMidSentence = null;
        foreach (var m in bodyMatches)
        {
            if (m.Alias.Length < 3 || !char.IsUpper(m.Alias[0]) || StrongCandidates(m).Count > 0) continue;
            var contextual = ContextualCandidates(m);
            if (contextual.Count != 1 || established.Contains(contextual[0]) || !IsMidSentence(text.Body, m.Start)) continue;
            namedMidSentence ??= [];
            var uses = namedMidSentence[contextual[0]] = namedMidSentence.GetValueOrDefault(contextual[0]) + 1;
            if (uses >= 2) established.Add(contextual[0]);
        }
        var declared = new List<CanonCharacter>();
        foreach (var m in metaMatches)
            if (StrongCandidates(m) is [var first, ..] && !declared.Contains(first)) declared.Add(first);

        var mentions = new List<Mention>(bodyMatches.Count);
        var vocatives = new List<(AliasMatch, CanonCharacter)>();
        foreach (var m in bodyMatches)
        {
            var strong = StrongCandidates(m);
            if (strong.Count == 1)
            {
                // "Skywalker" is Luke unless the story is about Anakin: a family name goes to the one of the family
                // the story names otherwise.
                var who = strong[0];
                var family = ContextualCandidates(m);
                if (family.Count > 0 && !established.Contains(who) && OnlyEstablished(family, established) is { } other) who = other;
                mentions.Add(new Mention(who, m.Start, m.Alias));
                continue;
            }
            var pool = strong.Count > 0 ? strong : ContextualCandidates(m);
            CanonCharacter? only = null;
            var count = 0;
            foreach (var candidate in pool)
            {
                if (!established.Contains(candidate)) continue;
                only = candidate;
                count++;
            }
            if (count == 1)
            {
                mentions.Add(new Mention(only!, m.Start, m.Alias));
                continue;
            }
            // A codename or title said to someone ("Cap, you copy?" over the comms) names the one character of the
            // story's fandom who goes by it, even before the story names them otherwise.
            if (count == 0 && pool.Count == 1 && text.IsInDialogue(m.Start) && IsVocative(text.Body, m.Start, m.Start + m.Length, wholeUtterance: true))
            {
                if (m.Alias.Length >= 3 && char.IsUpper(m.Alias[0])) mentions.Add(new Mention(pool[0], m.Start, m.Alias));
                else vocatives.Add((m, pool[0]));
            }
        }

        mentions.AddRange(BindGivenNames(text, mentions, established));
        mentions.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        var ships = new List<AliasMatch>();
        foreach (var matches in (ReadOnlySpan<List<AliasMatch>>)[bodyMatches, metaMatches])
            foreach (var m in matches)
                if (NamesShipOf(m, chosen)) ships.Add(m);
        return new Detection(fandoms, mentions, declared, ships) { UnresolvedVocatives = vocatives };
    }

    /// <summary>The one candidate already established, or null when none or several are.</summary>
    private static CanonCharacter? OnlyEstablished(List<CanonCharacter> candidates, HashSet<CanonCharacter> established)
    {
        CanonCharacter? only = null;
        foreach (var candidate in candidates)
        {
            if (!established.Contains(candidate)) continue;
            if (only is not null) return null;
            only = candidate;
        }
        return only;
    }

    private static bool NamesShipOf(AliasMatch m, HashSet<CanonFandom> fandoms)
    {
        foreach (var t in m.Targets)
            if (t.Kind == AliasKind.ShipName && fandoms.Contains(t.Fandom)) return true;
        return false;
    }

    /// <summary>Declared fandom tags split into the fandoms the canon data knows and the names it does not.</summary>
    public (List<CanonFandom> Known, List<string> Unknown) DeclaredFandoms(WorkText text)
    {
        var known = new List<CanonFandom>();
        var unknown = new List<string>();
        var parents = ParentFandoms;
        foreach (var name in text.DeclaredFandoms)
        {
            var fandom = FandomNamedBy(name);
            if (fandom is not null) { if (!known.Contains(fandom)) known.Add(fandom); }
            else if (!parents.Contains(name)) unknown.Add(name);
        }
        return (known, unknown);
    }

    /// <summary>
    /// The canon fandom a declared fandom tag names, or null. Remembered per analyzer (bounded): works repeat the same
    /// few fandom tags, and a name the canon data does not know — most of them — costs a scan of every fandom's aliases.
    /// </summary>
    private CanonFandom? FandomNamedBy(string name)
    {
        if (fandomByTag.TryGetValue(name, out var known)) return known;
        var fandom = knowledge.FindFandom(name) ?? knowledge.Fandoms.FirstOrDefault(f =>
            name.Contains(f.Name, StringComparison.OrdinalIgnoreCase) || f.Aliases.Any(a => a.Length > 3 && name.Contains(a, StringComparison.OrdinalIgnoreCase)));
        if (fandomByTag.Count < MaxRememberedFandomTags) fandomByTag.TryAdd(name, fandom);
        return fandom;
    }

    private const int MaxRememberedFandomTags = 100_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CanonFandom?> fandomByTag = new(StringComparer.Ordinal);

    /// <summary>
    /// The work's fandoms. Open world: most works belong to fandoms the canon data does not know, so a fandom is
    /// inferred only from several distinct names of its characters (one "Odin" or "Nat" is a name many stories use),
    /// a full name, or a ship name; and a declared fandom the data does not know lets no other fandom in unless the
    /// evidence is strong (a real crossover names many of its characters many times).
    /// </summary>
    private List<CanonFandom> ChooseFandoms(WorkText text, List<AliasMatch> body, List<AliasMatch> meta)
    {
        var scores = new Dictionary<CanonFandom, double>();
        var (declaredKnown, declaredUnknown) = DeclaredFandoms(text);
        void Score(CanonFandom fandom, double weight) => scores[fandom] = scores.GetValueOrDefault(fandom) + weight;
        foreach (var fandom in declaredKnown) Score(fandom, 50);

        // Per fandom: the distinct characters named unambiguously, how often, whether by a full name, and its cues.
        var characters = new Dictionary<CanonFandom, Dictionary<CanonCharacter, int>>();
        var fullNames = new HashSet<CanonFandom>();
        var shipNamed = new HashSet<CanonFandom>();
        var cues = new Dictionary<CanonFandom, HashSet<string>>();
        // Each distinct name's fandoms are worked out once per analyzer: they depend on the name alone, and works
        // repeat the same few names many times.
        var fandomsByAlias = aliasFandoms;
        var shared = new List<(CanonCharacter Character, AliasFandoms Alias)>();
        foreach (var (matches, weight) in new[] { (body, 1.0), (meta, 3.0) })
        {
            foreach (var m in matches)
            {
                if (!fandomsByAlias.TryGetValue(m.Alias, out var here))
                    fandomsByAlias[m.Alias] = here = AliasFandoms.Of(m);
                foreach (var fandom in here.All) Score(fandom, weight / Math.Max(here.All.Count, here.Sharers.Count));
                foreach (var fandom in here.Cues)
                {
                    if (!cues.TryGetValue(fandom, out var set)) cues[fandom] = set = new HashSet<string>(StringComparer.Ordinal);
                    set.Add(m.Alias);
                }
                foreach (var fandom in here.Ships) shipNamed.Add(fandom);
                // A name several characters share proves none of them.
                if (here.Strong.Count != 1) continue;
                if (here.Sharers.Count > 1) shared.Add((here.Strong[0], here));
                else CountName(here.Strong[0], here.FullName);
            }
        }
        void CountName(CanonCharacter character, bool fullName)
        {
            if (!characters.TryGetValue(character.Fandom, out var counts)) characters[character.Fandom] = counts = [];
            counts[character] = counts.GetValueOrDefault(character) + 1;
            if (fullName) fullNames.Add(character.Fandom);
        }
        // A shared name counts for the fandom it names outright only while the other fandoms that have someone by that
        // name show nothing of their own: "Dean" is Supernatural's unless Harry Potter's other people are there too.
        if (shared.Count > 0)
        {
            var ownEvidence = characters.Keys.Concat(cues.Keys).ToHashSet();
            foreach (var (character, alias) in shared)
                if (alias.Sharers.TrueForAll(f => f == character.Fandom || !ownEvidence.Contains(f))) CountName(character, alias.FullName);
        }
        if (scores.Count == 0) return declaredKnown;

        int? otherNames = null;
        bool Evidenced(CanonFandom f, bool strong)
        {
            if (declaredKnown.Contains(f)) return true;
            var named = characters.GetValueOrDefault(f);
            var distinct = named?.Count ?? 0;
            var mentions = 0;
            if (named is not null)
                foreach (var uses in named.Values) mentions += uses;
            var distinctCues = cues.GetValueOrDefault(f)?.Count ?? 0;
            if (strong) return distinct >= 4 && mentions >= 12 || distinct >= 3 && mentions >= 8 && distinctCues >= 2;
            // One full name said once ("for fans of Harry Potter" in a publisher's blurb) is a reference, not a cast.
            if (distinct >= 3 || fullNames.Contains(f) && (distinct >= 2 || mentions >= 2 || distinctCues >= 1) || shipNamed.Contains(f) || distinct >= 2 && distinctCues >= 1) return true;
            if (distinct == 0) return distinctCues >= 3;
            // One or two first names: theirs only if they are the story's cast — a story of another fandom names
            // its own people (the Aziraphale beside a "Crowley") more than the canon names it happens to share.
            otherNames ??= RecurringUnknownNames(text.Body, body);
            return distinct > otherNames;
        }
        // With a declared fandom (known or not), every other fandom is a crossover and needs strong evidence.
        var declaredAny = declaredKnown.Count > 0 || declaredUnknown.Count > 0;
        var ranked = new List<(CanonFandom Key, double Value, int Order)>(scores.Count);
        foreach (var (fandom, score) in scores)
            if (Evidenced(fandom, declaredAny && !declaredKnown.Contains(fandom))) ranked.Add((fandom, score, ranked.Count));
        if (ranked.Count == 0) return [];
        // Highest score first; equal scores keep the order the fandoms were first scored in.
        ranked.Sort(static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Order.CompareTo(b.Order));
        if (ranked[0].Value < 1) return [];
        // A second fandom beside the story's own is a crossover: a first name or two it shares ("Eleven," she said in
        // a Star Wars story) does not make one.
        bool Crossover(CanonFandom f)
        {
            if (declaredKnown.Contains(f) || shipNamed.Contains(f)) return true;
            var distinct = characters.GetValueOrDefault(f)?.Count ?? 0;
            return distinct >= 3 || distinct >= 2 && fullNames.Contains(f);
        }
        var chosen = new List<CanonFandom>(3) { ranked[0].Key };
        var crossoverScore = Math.Max(2, ranked[0].Value * 0.3);
        for (var i = 1; i < ranked.Count && chosen.Count < 3; i++)
            if (ranked[i].Value >= crossoverScore && Crossover(ranked[i].Key)) chosen.Add(ranked[i].Key);
        return chosen;
    }

    /// <summary>
    /// What one alias says about fandoms, worked out once per analyzer: the fandoms it names outright, the characters
    /// it names on its own, every fandom with someone by that name, the fandoms it is a cue or ship name of, and
    /// whether it is a full name ("Harry Potter", not "the Boy Who Lived").
    /// </summary>
    private sealed record AliasFandoms(List<CanonFandom> All, List<CanonCharacter> Strong, List<CanonFandom> Sharers, List<CanonFandom> Cues, List<CanonFandom> Ships, bool FullName)
    {
        public static AliasFandoms Of(AliasMatch m)
        {
            var all = new List<CanonFandom>();
            var strong = new List<CanonCharacter>();
            var sharers = new List<CanonFandom>();
            var cues = new List<CanonFandom>();
            var ships = new List<CanonFandom>();
            foreach (var t in m.Targets)
            {
                if (t.Kind != AliasKind.Contextual) AddOnce(all, t.Fandom);
                if (t.Kind == AliasKind.Strong) AddOnce(strong, t.Character!);
                // A name another fandom's character also goes by, if only in context ("Nott", Critical Role's
                // Nott the Brave beside Harry Potter's Theodore Nott), is shared: see ChooseFandoms.
                if (t.Kind is AliasKind.Strong or AliasKind.Contextual) AddOnce(sharers, t.Fandom);
                if (t.Kind == AliasKind.Cue) AddOnce(cues, t.Fandom);
                else if (t.Kind == AliasKind.ShipName) AddOnce(ships, t.Fandom);
            }
            foreach (var fandom in all) AddOnce(sharers, fandom);
            var fullName = m.Alias.Contains(' ', StringComparison.Ordinal) && !m.Alias.StartsWith("the ", StringComparison.OrdinalIgnoreCase);
            return new AliasFandoms(all, strong, sharers, cues, ships, fullName);
        }

        private static void AddOnce<T>(List<T> list, T item)
        {
            if (!list.Contains(item)) list.Add(item);
        }
    }

    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "I", "I'm", "I’m", "I'd", "I’d", "I'll", "I’ll", "I've", "I’ve", "Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Madam", "God", "OK", "Okay", "Oh", "Christ",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December", "Christmas", "English", "Mom", "Mum", "Dad", "Chapter", "Y", "N", "TV",
    };

    [GeneratedRegex(@"(?<=(?:[\p{Ll},;:]|[,!?][""”’])\s+|\b(?:and|to|with|at|for|of|from|by|told|asked|said|says|saw|like)\s+)(?<name>\p{Lu}\p{Ll}{2,})\b")]
    private static partial Regex MidSentenceCapitalised();

    /// <summary>
    /// How many different capitalised words in the middle of sentences, used at least twice and never in lower case,
    /// the canon data does not know: the people and places of the story that are not the canon's.
    /// </summary>
    private static int RecurringUnknownNames(string body, List<AliasMatch> known)
    {
        var covered = new HashSet<int>();
        foreach (var m in known) covered.Add(m.Start);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in MidSentenceCapitalised().Matches(body))
        {
            var name = m.Groups["name"];
            if (covered.Contains(name.Index) || NotNames.Contains(name.Value)) continue;
            counts[name.Value] = counts.GetValueOrDefault(name.Value) + 1;
        }
        var recurring = new List<string>();
        foreach (var (name, uses) in counts)
            if (uses >= 2) recurring.Add(name.ToLowerInvariant());
        if (recurring.Count == 0) return 0;
        // Which of them the body also has in lower case between two spaces (" rose "): one pass over the body's
        // space-separated pieces rather than a search of the whole body per name.
        var lowerCase = new HashSet<string>(recurring, StringComparer.Ordinal);
        var lookup = lowerCase.GetAlternateLookup<ReadOnlySpan<char>>();
        var usedInLowerCase = new HashSet<string>(StringComparer.Ordinal);
        var span = body.AsSpan();
        for (var space = span.IndexOf(' '); space >= 0;)
        {
            var rest = span[(space + 1)..];
            var next = rest.IndexOf(' ');
            if (next < 0) break;
            if (next > 0 && lookup.TryGetValue(rest[..next], out var word)) usedInLowerCase.Add(word);
            space += next + 1;
        }
        var names = 0;
        foreach (var lower in recurring)
            if (!usedInLowerCase.Contains(lower)) names++;
        return names;
    }

    /// <summary>Whether a word follows other words of its sentence (so a capital there marks a name, not a sentence start).</summary>
    internal static bool IsMidSentence(string text, int start)
    {
        var before = start - 1;
        while (before >= 0 && text[before] == ' ') before--;
        return before >= 0 && before < start - 1 && (char.IsLetterOrDigit(text[before]) || text[before] is ',' or ';' or ':' or '—' or '–');
    }

    /// <summary>A name said to someone: set off by a comma inside the quotation, or ending it after other words.</summary>
    internal static bool IsVocative(string text, int start, int end, bool wholeUtterance = false)
    {
        var after = end < text.Length ? text[end] : '"';
        var opensQuote = start > 0 && text[start - 1] is '"' or '“';
        var closesQuote = after is '"' or '”' || end + 1 < text.Length && after is ',' or '.' or '!' or '?' && text[end + 1] is '"' or '”';
        // A proper name that is the whole of what is said ("Vader," he said) is talked about; a title ("Kid,") is said to someone.
        if (opensQuote && closesQuote) return wholeUtterance;
        if (after is ',' or '!' or '?' or '"' or '”') return true;
        if (after == '.' && (end + 1 >= text.Length || text[end + 1] is '"' or '”')) return true;
        var before = start - 1;
        while (before >= 0 && text[before] == ' ') before--;
        return before >= 0 && text[before] == ',' && after is '.' or '?' or '!';
    }

    [GeneratedRegex(@"“[^”]*”?|""[^""]*""?")]
    internal static partial Regex DialogueRegex();

    [GeneratedRegex(@"\b(?:[Cc]all|[Nn]ame)\s+(?<who>you|him|her)\s+[""“']?(?<name>[A-Z][a-z]{2,15})\b")]
    private static partial Regex GivenName();

    /// <summary>
    /// "I'll call you Alexi": the new name belongs to a character near the naming who is not the story's focal
    /// character (the one doing the naming, most often), with a matching pronoun.
    /// </summary>
    /// <summary>
    /// Per alias: the fandoms it names outright, the characters it names on its own, and every fandom with someone
    /// by that name (see <see cref="ChooseFandoms"/>). Shared by the threads of a bulk import; bounded by the aliases.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AliasFandoms> aliasFandoms =
        new(StringComparer.Ordinal);

    /// <summary>The names the canon data gives as fandoms' parents ("Marvel"), built once like <see cref="KnownAliases"/>.</summary>
    private HashSet<string> ParentFandoms => parentFandoms ??= knowledge.Fandoms.SelectMany(f => f.Parents).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private volatile HashSet<string>? parentFandoms;

    /// <summary>Every alias of the canon data, built once: the knowledge base does not change under an analyzer, and works share it.</summary>
    private HashSet<string> KnownAliases => knownAliases ??= new HashSet<string>(knowledge.Characters.SelectMany(c => c.Aliases), StringComparer.Ordinal);

    private volatile HashSet<string>? knownAliases;

    /// <summary>The character named most often; on a tie, the one named first.</summary>
    private static CanonCharacter MostMentioned(List<Mention> mentions)
    {
        var counts = new Dictionary<CanonCharacter, int>();
        foreach (var m in mentions) counts[m.Character] = counts.GetValueOrDefault(m.Character) + 1;
        CanonCharacter? most = null;
        var best = 0;
        // A dictionary without removals enumerates in insertion order: the order the characters are first named.
        foreach (var (character, count) in counts)
        {
            if (count <= best) continue;
            most = character;
            best = count;
        }
        return most!;
    }

    private IEnumerable<Mention> BindGivenNames(WorkText text, List<Mention> mentions, HashSet<CanonCharacter> established)
    {
        if (mentions.Count == 0) yield break;
        CanonCharacter? focal = null;
        foreach (Match binding in GivenName().Matches(text.Body))
        {
            focal ??= MostMentioned(mentions);
            var name = binding.Groups["name"].Value;
            if (KnownAliases.Contains(name)) continue;
            var who = binding.Groups["who"].Value;
            var window = mentions.Where(m => m.Offset < binding.Index && m.Offset > binding.Index - 2000 && m.Character != focal && established.Contains(m.Character))
                .Where(m => who == "you" || (who == "him") == (m.Character.Gender == "male"))
                .GroupBy(m => m.Character).OrderByDescending(g => g.Count()).FirstOrDefault();
            if (window is null) continue;
            foreach (Match use in Regex.Matches(text.Body, $@"\b{Regex.Escape(name)}\b"))
                yield return new Mention(window.Key, use.Index, name);
        }
    }
}
