using System.Text.RegularExpressions;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Analysis.Text;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Analysis;

/// <summary>
/// Relationships of a work: declared ones (tags "A/B", "A &amp; B", "A x B"), pairings in the title or prompt,
/// ship names ("Romanogers"), and pairs the text itself shows — characters in the same scenes, with romantic or
/// platonic cues deciding "A/B" or "A &amp; B".
/// </summary>
internal sealed partial class RelationshipInferrer(CanonKnowledgeBase knowledge, AliasMatcher matcher)
{
    /// <summary>A participant: a canon character, or the reader of a reader-insert.</summary>
    public sealed record Person(string Name, CanonCharacter? Character)
    {
        public bool IsReader => Character is null;
        public static readonly Person Reader = new(CharacterDetector.ReaderName, null);
    }

    // Cue weights: a kiss says more than a heart (hearts also pound in fights).
    private static readonly Lexicon<double> RomanticCues = new(new Dictionary<string, double>
    {
        ["kiss"] = 3, ["kissed"] = 3, ["kisses"] = 3, ["kissing"] = 3, ["lips"] = 1, ["love"] = 1.5, ["loved"] = 1.5, ["lover"] = 3,
        ["lovers"] = 3, ["boyfriend"] = 3, ["girlfriend"] = 3, ["husband"] = 3, ["wife"] = 3, ["married"] = 2, ["wedding"] = 2,
        ["darling"] = 2, ["sweetheart"] = 2, ["blush"] = 1.5, ["blushed"] = 1.5, ["blushing"] = 1.5, ["flirt"] = 2, ["flirted"] = 2,
        ["flirting"] = 2, ["cuddle"] = 1.5, ["cuddled"] = 1.5, ["date"] = 1, ["romance"] = 2, ["romantic"] = 2, ["heart"] = 0.5,
        ["embrace"] = 1, ["caressed"] = 1.5, ["desire"] = 1.5, ["babe"] = 2, ["beloved"] = 3, ["dance"] = 0.5, ["proposal"] = 2,
        ["fingertips"] = 1, ["crush"] = 2, ["fiancé"] = 3, ["fiance"] = 3, ["fiancée"] = 3, ["honey"] = 1, ["snuggled"] = 1.5,
        ["yearning"] = 1.5, ["longing"] = 1, ["boyfriends"] = 3, ["girlfriends"] = 3, ["spouse"] = 2, ["anniversary"] = 1.5, ["sexy"] = 1.5,
    });

    private static readonly Lexicon<double> PlatonicCues = new(new Dictionary<string, double>
    {
        ["friend"] = 2, ["friends"] = 2, ["friendship"] = 3, ["buddy"] = 2, ["pal"] = 1.5, ["brother"] = 2, ["sister"] = 2,
        ["siblings"] = 2, ["sibling"] = 2, ["teammate"] = 2, ["teammates"] = 2, ["partner"] = 1, ["partners"] = 1, ["mentor"] = 2,
        ["family"] = 1, ["comrade"] = 2, ["trust"] = 0.5, ["company"] = 0.5, ["bestie"] = 3, ["platonic"] = 3, ["sparring"] = 1,
        // Kinship and guardianship words: a "kid", a "dad", a "Padawan" is family, whatever hugs and kisses come with it.
        ["kid"] = 1.5, ["kiddo"] = 2, ["dad"] = 2, ["father"] = 1.5, ["mother"] = 1.5, ["mom"] = 2, ["mum"] = 2, ["son"] = 2, ["daughter"] = 2,
        ["uncle"] = 2, ["aunt"] = 2, ["cousin"] = 2, ["nephew"] = 2, ["niece"] = 2, ["brothers"] = 2, ["sisters"] = 2, ["sis"] = 2, ["bro"] = 2,
        ["padawan"] = 2, ["apprentice"] = 1.5, ["godfather"] = 2, ["student"] = 1, ["squad"] = 1, ["ally"] = 1,
        ["allies"] = 1, ["rival"] = 1.5, ["rivals"] = 1.5, ["enemy"] = 1, ["enemies"] = 1, ["deal"] = 0.5, ["owe"] = 0.5, ["favour"] = 0.5, ["favor"] = 0.5,
    });

    /// <summary>Where an evidence comes from, strongest first: the author's tags, then the author's notes and prompt, then the page, then a title.</summary>
    private enum Source { Title = 1, Page = 2, Note = 3, ShipName = 4, Declared = 5 }

    private sealed record Candidate(Person[] Members, bool Romantic, double Confidence, Source Source, List<string> Evidence)
    {
        public string Key => string.Join("|", Members.Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// One decision from all the evidence: declared tags, then pairings in the author's notes, prompt or summary, then
    /// what the page shows (who shares the scenes, with the romantic and platonic cues between them, weighed with the
    /// canon's ties and ships), then a pairing in the title — which the page overrides when the pair never shares a
    /// scene and the story pairs one of them with someone else. Each piece keeps its weight and quoted sentence.
    /// </summary>
    public IReadOnlyList<RelationshipReading> Infer(
        Work work,
        CharacterDetector.WorkText text,
        CharacterDetector.Detection detection,
        IReadOnlyList<CharacterReading> characters,
        bool readerInsert,
        string? narrator = null,
        PageReader.Reading? page = null)
    {
        var fandoms = detection.Fandoms.ToHashSet();
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);

        void Add(Person[] members, bool? romantic, double confidence, Source source, string evidence)
        {
            members = members.DistinctBy(m => m.Name).ToArray();
            if (members.Length < 2) return;
            var kind = romantic ?? (members.Length > 2 || RomanticByCues(text, members[0], members[1], detection));
            var candidate = new Candidate(members, kind, confidence, source, [evidence]);
            if (candidates.TryGetValue(candidate.Key, out var existing))
            {
                if (existing.Source > source || existing.Source == source && existing.Confidence >= confidence)
                {
                    existing.Evidence.Add(evidence);
                    // Two readings that agree (the page and the title, the note and the page) are surer than either alone.
                    if (existing.Romantic == kind && confidence > existing.Confidence) candidates[candidate.Key] = existing with { Confidence = confidence };
                    return;
                }
                candidate.Evidence.AddRange(existing.Evidence);
            }
            candidates[candidate.Key] = candidate;
        }

        // 1. Declared relationship tags (AO3's "A/B", "A & B", poly "A/B/C").
        foreach (var tag in work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category == TagCategory.Relationship))
        {
            if (SplitMembers(tag.Name) is not var (names, romantic)) continue;
            var members = names.Select(n => Resolve(n, fandoms)).ToList();
            // FanFiction.Net's [A, B] says who is paired, not how: a "Family" story's twins are not a romance.
            if (work.Platform == Platform.FanFictionNet && members.Count == 2) romantic = null;
            if (members.All(x => x is not null)) Add(members!.ToArray<Person>(), romantic, 0.95, Source.Declared, $"declared tag \"{tag.Name}\"");
        }

        // 2. Pairings the author wrote in the notes, prompt or summary, and ship names in the metadata or text.
        foreach (var (line, where) in NoteLines(work, text))
        {
            foreach (var (members, romantic, written) in Pairings(line, fandoms))
                Add(members, romantic, 0.85, Source.Note, $"pairing \"{written}\" in the {where}: \"{Clip(line)}\"");
        }
        foreach (var match in detection.ShipNames)
        {
            foreach (var ship in match.Targets.Where(t => t.Kind == AliasKind.ShipName).Select(t => t.Ship!).Distinct())
                Add([new Person(ship.A.Name, ship.A), new Person(ship.B.Name, ship.B)], ship.Romantic, 0.9, Source.ShipName, $"ship name \"{match.Alias}\"");
        }

        // 3. What the page shows.
        var people = characters.Where(c => c.Main).Select(c => c.Name == CharacterDetector.ReaderName ? Person.Reader : new Person(c.Name, knowledge.FindCharacter(c.Name))).ToList();
        if (narrator is not null && people.All(p => p.Name != narrator) && knowledge.FindCharacter(narrator) is { } narratorCharacter)
            people.Add(new Person(narratorCharacter.Name, narratorCharacter));
        page ??= ReadPage(text, detection, readerInsert, narrator);
        var authorsRomances = candidates.Values.Where(c => c.Romantic && c.Source > Source.Page).SelectMany(c => c.Members).Select(m => m.Name).ToHashSet();
        var authorsPeople = candidates.Values.Where(c => c.Source > Source.Page).SelectMany(c => c.Members).Select(m => m.Name).ToHashSet();
        foreach (var decision in PageDecisions(text, page, people, authorsPeople))
        {
            // The author paired this person already: another romance on the page must be plain, not one stray kiss.
            if (decision.Romantic && decision.Members.Any(m => authorsRomances.Contains(m.Name)) && !decision.Members.All(m => authorsRomances.Contains(m.Name)) && decision.Confidence < 0.75)
                continue;
            // Below this the page's readings were wrong more often than right on the dev split: not worth a tag.
            if (decision.Confidence < MinimumPageConfidence) continue;
            Add(decision.Members, decision.Romantic, decision.Guess ? GuessConfidence(decision.Confidence) : decision.Confidence, Source.Page, decision.Evidence);
        }

        // 4. "A x B" in the title: the weakest word, and the page overrides a title pair that never shares a scene
        //    when the story pairs one of them with someone else.
        if (work.Title is { } title)
        {
            foreach (var (members, romantic, written) in Pairings(title, fandoms))
            {
                var together = members.Length == 2 ? page.Pair(members[0].Name, members[1].Name)?.Together ?? 0 : 1;
                bool PairedElsewhere(Source atLeast) => candidates.Values.Any(c => c.Source >= atLeast && c.Romantic &&
                    c.Members.Any(m => members.Any(x => x.Name == m.Name)) && !members.All(x => c.Members.Any(m => m.Name == x.Name)));
                // The author's note outranks the title; the page does when the title's pair never shares a scene.
                if (PairedElsewhere(Source.Note) || together == 0 && PairedElsewhere(Source.Page)) continue;
                Add(members, romantic, together > 0 ? 0.85 : 0.7, Source.Title, $"pairing \"{written}\" in the title \"{Clip(title)}\"");
            }
        }

        return candidates.Values
            .Select(c =>
            {
                var ordered = Order(c.Members);
                return new RelationshipReading(RelationshipName(ordered, c.Romantic), ordered[0].Name, ordered[1].Name, c.Romantic, c.Confidence, c.Evidence.Distinct().ToArray());
            })
            .OrderByDescending(r => r.Confidence).ToList();
    }

    private const double MinimumPageConfidence = 0.58;

    /// <summary>
    /// The confidence a guess from the page is reported with (a friendship or tie read from shared scenes, canon ties
    /// and a few cue words; a romance without a kiss's worth of cues). Such guesses scored under 0.7 were right on the
    /// stories the rules were tuned on but less than half the time on unseen ones: they are reported between 0.4 and
    /// 0.55, still read, so a reader can tell a guess from a reading. Stronger ones keep their score.
    /// </summary>
    private static double GuessConfidence(double score) =>
        score >= 0.7 ? score : 0.4 + (Math.Max(score, MinimumPageConfidence) - MinimumPageConfidence) / (0.7 - MinimumPageConfidence) * 0.15;

    /// <summary>Who is who on the page (see <see cref="PageReader"/>), with this inferrer's cue words.</summary>
    /// <param name="addressed">The narrator is "you" (a second-person story told to a character), not "I".</param>
    public static PageReader.Reading ReadPage(CharacterDetector.WorkText text, CharacterDetector.Detection detection, bool readerInsert, string? narrator, bool addressed = false)
    {
        var participants = detection.Mentions.Select(mn => mn.Character).Distinct()
            .Select(c => new PageReader.Participant(c.Name, c.Gender)).ToList();
        if (readerInsert) participants.Add(new PageReader.Participant(CharacterDetector.ReaderName, "unknown"));
        var you = readerInsert ? CharacterDetector.ReaderName : addressed ? narrator : null;
        return PageReader.Read(text, detection.Mentions, participants, addressed ? null : narrator, you, RomanticCues, PlatonicCues);
    }

    private static string Clip(string line) => line.Length <= 120 ? line.Trim() : line[..117].Trim() + "…";

    /// <summary>The author's own words about the work: prompt, summary, notes, and "Pairing:" / "A/N" lines at the start of the text.</summary>
    private static IEnumerable<(string Line, string Where)> NoteLines(Work work, CharacterDetector.WorkText text)
    {
        if (work.Prompt is { Length: > 0 } prompt) yield return (prompt, "prompt");
        if (work.Summary is { Length: > 0 } summary) yield return (summary, "summary");
        if (work.NotesBefore is { Length: > 0 } notes) yield return (notes, "author's note");
        foreach (var paragraph in text.Paragraphs.Take(4).Concat(text.Paragraphs.Skip(Math.Max(4, text.Paragraphs.Count - 2))))
        {
            if (NoteLine().IsMatch(paragraph)) yield return (paragraph, "author's note");
        }
    }

    [GeneratedRegex(@"^\s*(?:\*\*)?(?:pairings?|ships?|relationships?|a/n|author'?s note|note|prompt|request)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NoteLine();

    /// <summary>The words that join names in a pairing, strongest first.</summary>
    [GeneratedRegex(@"\s*/\s*|\s+[xX×]\s+|×|\s+&\s+|\s+\+\s+|\s+and\s+")]
    private static partial Regex Joiner();

    /// <summary>The punctuation that sets a pairing off from the words around it: "A x Reader ~ Title", "Pairing: A/B", "(A & B)".</summary>
    [GeneratedRegex(@"\s*(?:[~:|;,()\[\]{}]|\s[-–—]\s|[.!?](?:\s|$))\s*")]
    private static partial Regex Around();

    /// <summary>Every pairing written in a line: each stretch between separators whose parts, joined by x, ×, /, &amp;, + or "and", are all characters (or the reader).</summary>
    private List<(Person[] Members, bool? Romantic, string Written)> Pairings(string line, IReadOnlySet<CanonFandom> fandoms)
    {
        var found = new List<(Person[], bool?, string)>();
        if (line.Length > 2000) line = line[..2000];
        foreach (var segment in Around().Split(line.Replace("Y/N", "Reader", StringComparison.OrdinalIgnoreCase)))
        {
            var trimmed = segment.Trim();
            if (trimmed.Length < 3 || trimmed.Length > 120) continue;
            var joins = Joiner().Matches(trimmed);
            if (joins.Count == 0 || joins.Count > 3) continue;
            var parts = Joiner().Split(trimmed).Select(x => x.Trim()).ToList();
            var members = parts.Any(x => x.Length == 0 || x.Length > 40) ? [] : parts.Select(x => Resolve(x, fandoms)).ToList();
            if (members.Count == 0 || members.Any(x => x is null))
            {
                // In running prose ("it turned into a steve x reader fic"): the nearest words on each side of one joiner.
                var join = joins.FirstOrDefault(j => j.Value.Trim() is "x" or "X" or "×");
                if (join is null) continue;
                var left = trimmed[..join.Index].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var right = trimmed[(join.Index + join.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var a = Enumerable.Range(1, Math.Min(2, left.Length)).Select(n => ResolveWords(string.Join(' ', left[^n..]), fandoms)).FirstOrDefault(x => x is not null);
                var b = Enumerable.Range(1, Math.Min(2, right.Length)).Select(n => ResolveWords(string.Join(' ', right[..n]), fandoms)).FirstOrDefault(x => x is not null);
                if (a is null || b is null) continue;
                members = [a, b];
                trimmed = $"{a.Name} x {b.Name}";
            }
            if (members.All(x => x!.IsReader)) continue;
            var joiners = joins.Select(j => j.Value.Trim()).ToList();
            bool? romantic = joiners.All(j => j == "&") ? false : joiners.Any(j => j == "/") ? true : null;
            found.Add((members.Select(x => x!).ToArray(), romantic, trimmed));
        }
        return found;
    }

    /// <summary>A name as prose writes it, lower case included ("steve", "reader").</summary>
    private Person? ResolveWords(string words, IReadOnlySet<CanonFandom> fandoms)
    {
        var cleaned = words.Trim('"', '“', '”', '\'', '*', '(', ')');
        if (cleaned.Length < 2) return null;
        return Resolve(cleaned, fandoms) ?? Resolve(string.Join(' ', cleaned.Split(' ').Select(w => w.Length > 0 ? char.ToUpperInvariant(w[0]) + w[1..] : w)), fandoms);
    }

    /// <param name="Guess">Read from co-presence, canon ties or a stray cue word rather than romance the page spells out between the two.</param>
    private sealed record PageDecision(Person[] Members, bool Romantic, double Confidence, string Evidence, bool Guess = false);

    /// <summary>
    /// The relationships the page shows between the story's main people. Cues are weighed with the canon: kin and
    /// mentors (a kiss on a sister's head) count romance at a quarter and friendship higher; a canon marriage or ship
    /// counts a little towards romance once the page shows some. Romance is read between mutual best partners; the
    /// story's two leads, and canon ties that share scenes, are at least "A &amp; B".
    /// </summary>
    private static IEnumerable<PageDecision> PageDecisions(CharacterDetector.WorkText text, PageReader.Reading page, List<Person> people, HashSet<string> authorsPeople)
    {
        var byName = people.ToDictionary(p => p.Name);
        var pairs = new List<(Person A, Person B, double Rom, double Plat, int Together, CanonTie? Tie, PageReader.PairEvidence Evidence)>();
        for (var i = 0; i < people.Count; i++)
        for (var j = i + 1; j < people.Count; j++)
        {
            var (pa, pb) = (people[i], people[j]);
            var evidence = page.Pair(pa.Name, pb.Name) ?? new PageReader.PairEvidence();
            var tie = pa.Character?.Fandom.TieBetween(pa.Character, pb.Character);
            // Only a pair the canon knows may be read without a shared scene (a small cast's friendship, pass 2 below).
            if (evidence.Together == 0 && !(people.Count <= 3 && CanonPlatonicPair(pa, pb))) continue;
            var ship = pa.Character?.Fandom.Ships.Any(s => s.Romantic && (s.A == pa.Character && s.B == pb.Character || s.A == pb.Character && s.B == pa.Character)) == true;
            double rom = evidence.Romantic, plat = evidence.Platonic;
            if (tie is { IsFamily: true }) { rom *= 0.25; plat += 2; }
            else if (tie is { IsRomantic: true }) rom += 1.5;
            else if (tie is not null) plat += 1;
            if (ship && rom > 0 && tie is not { IsFamily: true }) rom += 1;
            pairs.Add((pa, pb, rom, plat, evidence.Together, tie, evidence));
        }
        if (pairs.Count == 0) yield break;

        // The story's two leads: the two people referred to most (names and pronouns), clearly ahead of the third.
        var ranked = people.Select(p => (p.Name, Count: page.References.GetValueOrDefault(p.Name))).OrderByDescending(x => x.Count).ToList();
        var leads = ranked.Count == 2 || ranked.Count > 2 && ranked[1].Count >= 1.5 * ranked[2].Count
            ? ranked.Take(2).Select(x => x.Name).ToHashSet() : [];
        // Failing two such leads, one main character (named at least twice as often as anyone else) and the people who
        // share most of their scenes: each of those is a lead beside the main character. Someone named once or twice is
        // a passer-by, however many of the main character's paragraphs they stand in.
        var main = leads.Count == 0 && ranked.Count > 2 && ranked[0].Count >= 2 * ranked[1].Count ? ranked[0].Name : null;
        var withMain = pairs.Where(x => x.A.Name == main || x.B.Name == main).ToList();
        var mostWithMain = withMain.Count > 0 ? withMain.Max(x => x.Together) : 0;
        var companions = withMain.Where(x => x.Together >= Math.Max(3, mostWithMain * 0.6))
            .Select(x => x.A.Name == main ? x.B.Name : x.A.Name)
            .Where(name => page.References.GetValueOrDefault(name) >= 3).ToHashSet();
        Person? BestPartner(Person p) => pairs.Where(x => (x.A == p || x.B == p) && x.Rom > 0)
            .OrderByDescending(x => x.Rom).Select(x => x.A == p ? x.B : x.A).FirstOrDefault();
        // A friendship needs more words of friendship the longer the story: one "friend" in a novel is not a bond.
        var platonicThreshold = 2 + Math.Max(0, text.Body.Length - 6000) / 9000.0;
        var minimumTogether = text.Paragraphs.Count <= 12 ? 1 : 2;
        var paired = new HashSet<string>();
        bool Unpaired(Person p) => !paired.Contains(p.Name);
        // Neither paired on the page yet nor in a relationship the author declared or wrote in a note.
        bool Unclaimed(Person p) => Unpaired(p) && !authorsPeople.Contains(p.Name);
        bool CanonPlatonic(Person a, Person b) => CanonPlatonicPair(a, b);
        var decided = new HashSet<(string, string)>();
        var romanticallyPaired = new HashSet<string>();
        // A poly triad as AO3 writes it ("A/B/C"): three people each of whom the page pairs romantically with both others.
        // A love triangle is not a triad: the two rivals' own romance must be as plain as the others'.
        var strongest = pairs.Count > 0 ? pairs.Max(x => x.Rom) : 0;
        var romance = pairs.Where(x => x.Rom >= Math.Max(3, strongest * 0.5) && x.Rom >= x.Plat * 1.5 && x.Together >= 3).ToList();
        foreach (var ab in romance)
        {
            foreach (var c in people.Where(c => c != ab.A && c != ab.B))
            {
                var ac = romance.FirstOrDefault(x => x.A == ab.A && x.B == c || x.A == c && x.B == ab.A);
                var bc = romance.FirstOrDefault(x => x.A == ab.B && x.B == c || x.A == c && x.B == ab.B);
                if (ac.A is null || bc.A is null || romanticallyPaired.Contains(c.Name)) continue;
                foreach (var x in new[] { ab, ac, bc }) decided.Add((x.A.Name, x.B.Name));
                foreach (var name in new[] { ab.A.Name, ab.B.Name, c.Name }) { romanticallyPaired.Add(name); paired.Add(name); }
                var quote = ab.Evidence.RomanticSentence ?? ac.Evidence.RomanticSentence;
                yield return new PageDecision([ab.A, ab.B, c], true, Math.Min(0.8, 0.55 + Math.Min(ab.Rom + ac.Rom + bc.Rom, 20) * 0.0125),
                    $"a triad: romantic cues {ab.Rom:0.#}, {ac.Rom:0.#}, {bc.Rom:0.#} between each two of them" + (quote is null ? "" : $"; «{Clip(quote)}»"));
            }
        }
        var mostReferred = ranked.Count > 0 ? ranked[0].Count : 0;
        // A story of a few paragraphs names its people a couple of times at most.
        bool OnStage(Person p) => page.References.GetValueOrDefault(p.Name) >= Math.Max(text.Paragraphs.Count <= 12 ? 2 : 3, mostReferred * 0.15);
        // Passes, strongest reading first: romance between mutual best partners; friendship or kinship the page
        // spells out; a canon friendship or tie in a small cast; the story's two leads, if still unpaired.
        // A trio: two people who are each the friend (or kin) of the same third and share many scenes are friends too.
        // A small cast is the people on stage: someone named once in passing (the guard who shouts) does not make a trio a crowd.
        var smallCast = people.Count <= 3 || people.Count(OnStage) <= 3;
        var friendsOf = new Dictionary<string, HashSet<string>>();
        bool ShareAFriend(Person a, Person b) => friendsOf.TryGetValue(a.Name, out var fa) && friendsOf.TryGetValue(b.Name, out var fb) && fa.Overlaps(fb);
        for (var pass = 0; pass < 5; pass++)
        {
            foreach (var (a, b, rom, plat, together, tie, evidence) in pairs.OrderByDescending(x => x.Together))
            {
                if (decided.Contains((a.Name, b.Name))) continue;
                // A lead named once in passing ("the oldest friend he had who was not Rhodey") is not on stage with the other.
                var isLeads = leads.Count == 2 && leads.Contains(a.Name) && leads.Contains(b.Name) && OnStage(a) && OnStage(b)
                    || a.Name == main && companions.Contains(b.Name) || b.Name == main && companions.Contains(a.Name);
                // Someone only talked about ("their father had been Darth Vader") is not in a relationship on the page.
                var onStage = OnStage(a) && OnStage(b);
                var why = new List<string>();
                bool? romantic = pass switch
                {
                    0 when rom >= 2.5 && rom >= plat * 1.5 && (people.Count == 2 || BestPartner(a) == b && BestPartner(b) == a) => true,
                    1 when onStage && rom < 2.5 && together >= 3 && (tie is { IsRomantic: false } && evidence.Platonic >= Math.Max(1, platonicThreshold / 2) || evidence.Platonic >= platonicThreshold) => false,
                    // The canon's pair needs the page too: more than one passing paragraph together, unless neither has
                    // a relationship yet (a mentor named once beside the story's couple is no tie read).
                    2 when smallCast && (CanonPlatonic(a, b) || tie is { IsFamily: true }) && (people.Count <= 3 ? together >= 2 && onStage || isLeads || Unclaimed(a) && Unclaimed(b) : together >= 3 && onStage)
                        && !romanticallyPaired.Contains(a.Name) && !romanticallyPaired.Contains(b.Name) => false,
                    // The two leads are at least friends unless one of them is paired already; a friendship elsewhere
                    // (Ash and Pikachu) does not stop two leads who share many scenes (Ash and Misty) from being one too.
                    3 when isLeads && together >= minimumTogether && (Unpaired(a) && Unpaired(b) || together >= 6)
                        && !romanticallyPaired.Contains(a.Name) && !romanticallyPaired.Contains(b.Name) => false,
                    4 when onStage && rom < 1 && together >= 3 && ShareAFriend(a, b) && !romanticallyPaired.Contains(a.Name) && !romanticallyPaired.Contains(b.Name) => false,
                    _ => null,
                };
                if (romantic is null) continue;
                if (!romantic.Value)
                {
                    foreach (var (x, y) in new[] { (a, b), (b, a) })
                    {
                        if (!friendsOf.TryGetValue(x.Name, out var set)) friendsOf[x.Name] = set = [];
                        set.Add(y.Name);
                    }
                }
                if (pass == 4) why.Add("the third side of a trio");
                decided.Add((a.Name, b.Name));
                if (romantic.Value) { romanticallyPaired.Add(a.Name); romanticallyPaired.Add(b.Name); }
                paired.Add(a.Name);
                paired.Add(b.Name);
                if (pass == 2) why.Add("a known canon pairing in a small cast");
                if (isLeads) why.Add(main is null ? "the story's two leads" : "the story's lead and a constant companion");
                if (tie is not null) why.Add($"canon tie: {tie.Kind}");
                var strength = romantic.Value ? rom : Math.Max(plat, 1);
                var confidence = Math.Min(romantic.Value ? 0.85 : 0.8, 0.45 + Math.Min(together, 10) * 0.02 + Math.Min(strength, 10) * 0.025 + (tie is not null ? 0.05 : 0) + (isLeads ? 0.05 : 0));
                // The canon's own pairing in a small cast is right more often than its few cues say.
                if (pass == 2) confidence = Math.Max(confidence, 0.6);
                var quote = romantic.Value ? evidence.RomanticSentence : evidence.PlatonicSentence ?? evidence.RomanticSentence;
                yield return new PageDecision([a, b], romantic.Value, confidence,
                    $"together in {together} paragraphs; romantic cues {rom:0.#}, platonic cues {plat:0.#}{(why.Count > 0 ? "; " + string.Join("; ", why) : "")}" +
                    (quote is null ? "" : $"; «{Clip(quote)}»"), Guess: !(romantic.Value && evidence.RomanticBest >= 3));
            }
        }
    }

    private static bool CanonPlatonicPair(Person a, Person b) =>
        a.Character?.Fandom.Ships.Any(s => !s.Romantic && (s.A == a.Character && s.B == b.Character || s.A == b.Character && s.B == a.Character)) == true;

    private static bool RomanticByCues(CharacterDetector.WorkText text, Person a, Person b, CharacterDetector.Detection detection)
    {
        double rom = 0, plat = 0;
        foreach (var (r, l) in ParagraphCues(text))
        {
            rom += r;
            plat += l;
        }
        // A pairing written "A x B" is a ship unless the text reads as friendship, or the canon says kin.
        if (a.Character is not null && a.Character.Fandom.TieBetween(a.Character, b.Character) is { IsFamily: true }) return rom > plat * 3 && rom >= 6;
        return !(plat > rom);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CharacterDetector.WorkText, (double, double)[]> CueCache = [];

    /// <summary>Each paragraph's romantic and platonic cue weights, counted once per work.</summary>
    private static (double Romantic, double Platonic)[] ParagraphCues(CharacterDetector.WorkText text) =>
        CueCache.GetValue(text, t => t.Paragraphs.Select(paragraph =>
        {
            double rom = 0, plat = 0;
            foreach (var word in Words.In(paragraph))
            {
                rom += RomanticCues.GetValueOrDefault(word.Text);
                plat += PlatonicCues.GetValueOrDefault(word.Text);
            }
            return (rom, plat);
        }).ToArray());

    /// <summary>An AO3 relationship tag's members and kind: "A/B/C" romantic, "A &amp; B" platonic, "A x B" unspecified (null).</summary>
    public static (IReadOnlyList<string> Members, bool? Romantic)? SplitMembers(string tag)
    {
        if (tag.Contains(" & ", StringComparison.Ordinal)) return (tag.Split(" & ", StringSplitOptions.TrimEntries), false);
        var x = Regex.Split(tag, @"\s[xX×]\s|×");
        if (x.Length > 1) return (x.Select(p => p.Trim()).ToArray(), null);
        var protectedTag = tag.Replace("Y/N", "Y\u2044N", StringComparison.OrdinalIgnoreCase);
        var slash = protectedTag.Split('/', StringSplitOptions.TrimEntries);
        if (slash.Length > 1) return (slash.Select(p => p.Replace('\u2044', '/')).ToArray(), true);
        return null;
    }

    /// <summary>"A/B" romantic, "A &amp; B" platonic, "A x B" unspecified (null).</summary>
    public static (string Left, string Right, bool? Romantic)? SplitPairing(string tag)
    {
        var amp = tag.IndexOf(" & ", StringComparison.Ordinal);
        if (amp > 0) return (tag[..amp], tag[(amp + 3)..], false);
        var x = Regex.Match(tag, @"\s[xX×]\s|×");
        if (x.Success) return (tag[..x.Index], tag[(x.Index + x.Length)..], null);
        // The slash that separates names, not one inside a name: AO3 tags rarely hold more than one.
        var slash = tag.IndexOf('/');
        if (slash > 0 && !tag.StartsWith("Y/N", StringComparison.OrdinalIgnoreCase)) return (tag[..slash], tag[(slash + 1)..], true);
        return null;
    }

    /// <summary>A name as a tag or title writes it: canonical, an alias, "Reader", or FanFiction.Net's "Natasha R.".</summary>
    public Person? Resolve(string raw, IReadOnlySet<CanonFandom> fandoms)
    {
        var name = raw.Trim().Trim('(', ')', '[', ']', '.', ',', ' ');
        if (Regex.IsMatch(name, @"^(?:reader|you|y/n|\(y/n\)|reader-insert|female reader|male reader|fem!reader|gn!reader|[a-z]+!reader)$", RegexOptions.IgnoreCase))
            return Person.Reader;
        var preferred = fandoms.FirstOrDefault();
        if (knowledge.FindCharacter(name, preferred) is { } direct) return new Person(direct.Name, direct);
        var withoutDisambiguator = Regex.Replace(name, @"\s*\([^)]*\)$", "");
        if (knowledge.FindCharacter(withoutDisambiguator, preferred) is { } plain) return new Person(plain.Name, plain);

        var strong = matcher.Matches(name)
            .SelectMany(m => m.Targets.Where(t => t.Kind == AliasKind.Strong && (fandoms.Count == 0 || fandoms.Contains(t.Fandom))).Select(t => t.Character!))
            .Distinct().ToList();
        if (strong.Count == 1) return new Person(strong[0].Name, strong[0]);

        var initial = Regex.Match(name, @"^(?<first>\p{L}[\p{L}'’-]+)\s+(?<initial>\p{Lu})\.?$");
        if (initial.Success)
        {
            var candidates = knowledge.Characters.Where(c => (fandoms.Count == 0 || fandoms.Contains(c.Fandom)) &&
                c.ShortName.StartsWith(initial.Groups["first"].Value + " ", StringComparison.OrdinalIgnoreCase) &&
                c.ShortName.Split(' ')[^1].StartsWith(initial.Groups["initial"].Value, StringComparison.Ordinal)).ToList();
            if (candidates.Count == 1) return new Person(candidates[0].Name, candidates[0]);
        }
        return null;
    }

    /// <summary>Members in AO3's order: canon characters by surname, the reader last.</summary>
    private static Person[] Order(Person[] members) =>
        members.OrderBy(m => m.IsReader ? 1 : 0).ThenBy(m => m.IsReader ? "" : SortKey(m), StringComparer.OrdinalIgnoreCase).ToArray();

    private static string RelationshipName(Person[] members, bool romantic)
    {
        if (members.Length == 2) return RelationshipName(members[0], members[1], romantic);
        var withReader = members.Any(m => m.IsReader);
        return string.Join(romantic ? "/" : " & ", members.Select(p => p.IsReader ? p.Name : withReader ? p.Character!.Name : p.Character!.ShortName));
    }

    private static (Person, Person) Order(Person a, Person b)
    {
        if (a.IsReader) return (b, a);
        if (b.IsReader) return (a, b);
        return string.Compare(SortKey(a), SortKey(b), StringComparison.OrdinalIgnoreCase) <= 0 ? (a, b) : (b, a);
    }

    private static string SortKey(Person p) => p.Character!.ShortName.Split(' ')[^1] + " " + p.Character.ShortName;

    /// <summary>
    /// The canonical form of a relationship tag as an author wrote it ("Bucky x Natasha", "Natasha R./Steve R."), or
    /// null when a side is not a known character or the tag does not say romantic or platonic.
    /// </summary>
    public string? CanonicalRelationship(string tag)
    {
        if (SplitPairing(tag) is not { } pair) return null;
        var romantic = pair.Romantic ?? true; // "A x B" is how readers write a romantic pairing
        var fandoms = new HashSet<CanonFandom>();
        if (Resolve(pair.Left, fandoms) is not { } a || Resolve(pair.Right, fandoms) is not { } b || a == b) return null;
        if (a.Character is null && b.Character is null) return null;
        var (first, second) = Order(a, b);
        return RelationshipName(first, second, romantic);
    }

    /// <summary>AO3's form: the canon ship's name when the knowledge base has it, else the two names joined.</summary>
    private static string RelationshipName(Person a, Person b, bool romantic)
    {
        var ship = a.Character?.Fandom.Ships.FirstOrDefault(s => s.Romantic == romantic && (s.A == a.Character && s.B == b.Character || s.A == b.Character && s.B == a.Character));
        if (ship is not null) return ship.Name;
        var withReader = a.IsReader || b.IsReader;
        string Display(Person p) => p.IsReader ? p.Name : withReader ? p.Character!.Name : p.Character!.ShortName;
        return Display(a) + (romantic ? "/" : " & ") + Display(b);
    }
}
