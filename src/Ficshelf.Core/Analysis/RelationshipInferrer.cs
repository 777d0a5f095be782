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
public sealed partial class RelationshipInferrer(CanonKnowledgeBase knowledge, AliasMatcher matcher)
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
    });

    private static readonly Lexicon<double> PlatonicCues = new(new Dictionary<string, double>
    {
        ["friend"] = 2, ["friends"] = 2, ["friendship"] = 3, ["buddy"] = 2, ["pal"] = 1.5, ["brother"] = 2, ["sister"] = 2,
        ["siblings"] = 2, ["sibling"] = 2, ["teammate"] = 2, ["teammates"] = 2, ["partner"] = 1, ["partners"] = 1, ["mentor"] = 2,
        ["family"] = 1, ["comrade"] = 2, ["trust"] = 0.5, ["company"] = 0.5, ["bestie"] = 3, ["platonic"] = 3, ["sparring"] = 1,
    });

    /// <summary>A paragraph of a reader-insert that speaks to the reader: the reader is on stage there.</summary>
    [GeneratedRegex(@"\b(?:you|your|Y/N|y/n)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AddressesReader();

    [GeneratedRegex(@"(?<a>[A-Z][\w.'’\- ]{1,40}?)\s*(?:\s[xX×]\s|×)\s*(?<b>[A-Z(][\w.'’/()\- ]{1,40}?)\s*(?=$|[:\-–—,|(\[]|\s[-–—]\s)")]
    private static partial Regex XPairing();


    public IReadOnlyList<RelationshipReading> Infer(
        Work work,
        CharacterDetector.WorkText text,
        CharacterDetector.Detection detection,
        IReadOnlyList<CharacterReading> characters,
        bool readerInsert)
    {
        var found = new Dictionary<(string, string), RelationshipReading>();
        var fandoms = detection.Fandoms.ToHashSet();

        void Add(Person a, Person b, bool? romantic, double confidence, string evidence)
        {
            if (a.Name == b.Name) return;
            var (first, second) = Order(a, b);
            var kind = romantic ?? RomanticByCues(text, first, second, detection);
            var key = (first.Name, second.Name);
            var name = RelationshipName(first, second, kind);
            if (found.TryGetValue(key, out var existing))
            {
                if (existing.Confidence >= confidence) { found[key] = existing with { Evidence = existing.Evidence.Append(evidence).Distinct().ToArray() }; return; }
                evidence = string.Join("; ", existing.Evidence.Prepend(evidence));
            }
            found[key] = new RelationshipReading(name, first.Name, second.Name, kind, confidence, [evidence]);
        }

        // 1. Declared relationship tags.
        foreach (var tag in work.Tags.Where(t => t.Origin == TagOrigin.Declared && t.Category == TagCategory.Relationship))
        {
            if (SplitPairing(tag.Name) is not var (left, right, romantic)) continue;
            if (Resolve(left, fandoms) is { } a && Resolve(right, fandoms) is { } b)
                Add(a, b, romantic, 0.95, $"declared tag \"{tag.Name}\"");
        }

        // 2. "A x B" in the title or the prompt.
        foreach (var line in new[] { work.Title, work.Prompt, work.Summary }.Where(l => l is not null))
        {
            foreach (Match m in XPairing().Matches(line!))
            {
                if (Resolve(m.Groups["a"].Value, fandoms) is { } a && Resolve(m.Groups["b"].Value, fandoms) is { } b)
                    Add(a, b, null, 0.85, $"pairing \"{m.Value.Trim()}\" in \"{line}\"");
            }
        }

        // 3. Ship names.
        foreach (var match in detection.ShipNames)
        {
            foreach (var ship in match.Targets.Where(t => t.Kind == AliasKind.ShipName).Select(t => t.Ship!).Distinct())
                Add(new Person(ship.A.Name, ship.A), new Person(ship.B.Name, ship.B), ship.Romantic, 0.9, $"ship name \"{match.Alias}\"");
        }

        // 4. What the text shows: main characters in the same scenes, with the cues of the paragraphs they share.
        var people = characters.Where(c => c.Main).Select(c => c.Name == CharacterDetector.ReaderName ? Person.Reader : new Person(c.Name, knowledge.FindCharacter(c.Name))).ToList();
        var presence = Presence(text, detection, people, readerInsert);
        var active = ActivePeople(text, detection, people, readerInsert);
        var pairs = new List<(Person A, Person B, int Shared, double Romantic, double Platonic)>();
        for (var i = 0; i < people.Count; i++)
        {
            for (var j = i + 1; j < people.Count; j++)
            {
                var shared = SharedParagraphs(presence, people[i], people[j]);
                if (shared.Count == 0) continue;
                var onStageTogether = active.Count(set => set.Contains(people[i].Name) && set.Contains(people[j].Name));
                // With two leads the whole story is about the pair; with more, each paragraph speaks of those on stage.
                var (rom, plat) = people.Count == 2
                    ? CueScores(text, Enumerable.Range(0, text.Paragraphs.Count), widen: false)
                    : PairCueScores(text, active, people[i], people[j]);
                pairs.Add((people[i], people[j], Math.Max(shared.Count, onStageTogether), rom, plat));
            }
        }
        // Romance is read between each character and their strongest romantic partner only: a love story's cues
        // also fall on paragraphs where a third character is present.
        bool Unpaired(Person a, Person b) => !found.Keys.Any(k => k.Item1 == a.Name || k.Item2 == a.Name || k.Item1 == b.Name || k.Item2 == b.Name);
        CanonShip? CanonPairing(Person a, Person b, bool romantic) => a.Character?.Fandom.Ships.FirstOrDefault(s =>
            (s.A == a.Character && s.B == b.Character || s.A == b.Character && s.B == a.Character) && s.Romantic == romantic);
        Person? BestPartner(Person p) => pairs.Where(x => x.A == p || x.B == p).Where(x => x.Romantic > 0)
            .OrderByDescending(x => x.Romantic).Select(x => x.A == p ? x.B : x.A).FirstOrDefault();
        // A friendship needs more words of friendship the longer the story: one "friend" in a novel is not a bond.
        var platonicThreshold = 2 + Math.Max(0, text.Body.Length - 6000) / 9000.0;
        foreach (var (a, b, shared, rom, plat) in pairs.OrderByDescending(p => p.Shared))
        {
            var readsRomantic = rom >= 3 && rom > plat * 1.5;
            bool? romantic = null;
            var why = "";
            if (people.Count == 2)
            {
                // Two leads who share scenes are the story's relationship; the cues only decide which kind.
                romantic = rom >= 3 && rom > plat;
                why = "the story's two leads";
            }
            else if (readsRomantic && BestPartner(a) == b && BestPartner(b) == a)
            {
                romantic = true;
            }
            else if (plat >= platonicThreshold && shared >= 2 && plat >= rom)
            {
                romantic = false;
            }
            else if (people.Count == 3 && Unpaired(a, b) && CanonPairing(a, b, rom > plat) is { } ship)
            {
                // In a small cast, a pairing the canon knows (a friendship, a ship) that shares a scene is the story's,
                // unless one of the two is already paired.
                romantic = ship.Romantic;
                why = "a known canon pairing";
            }
            if (romantic is null) continue;
            var confidence = Math.Min(0.8, 0.25 + shared * 0.04 + Math.Max(rom, plat) * 0.02);
            var quote = SupportingSentence(text, active, a, b, romantic.Value, anywhere: people.Count == 2);
            Add(a, b, romantic.Value, confidence, $"together in {shared} scenes; romantic cues {rom:0.#}, platonic cues {plat:0.#}{(why.Length > 0 ? "; " + why : "")}" +
                (quote is null ? "" : $"; «{quote}»"));
        }

        return found.Values.OrderByDescending(r => r.Confidence).ToList();
    }

    private bool RomanticByCues(CharacterDetector.WorkText text, Person a, Person b, CharacterDetector.Detection detection)
    {
        var presence = Presence(text, detection, [a, b], a.IsReader || b.IsReader);
        var shared = SharedParagraphs(presence, a, b);
        var (rom, plat) = CueScores(text, shared.Count > 0 ? shared : Enumerable.Range(0, text.Paragraphs.Count).ToList());
        // A pairing written "A x B" is a ship unless the text reads as friendship.
        return !(plat > rom);
    }

    private static Dictionary<string, HashSet<int>> Presence(CharacterDetector.WorkText text, CharacterDetector.Detection detection, IReadOnlyList<Person> people, bool readerInsert)
    {
        var presence = people.ToDictionary(p => p.Name, _ => new HashSet<int>());
        foreach (var mention in detection.Mentions)
        {
            if (presence.TryGetValue(mention.Character.Name, out var set)) set.Add(text.ParagraphAt(mention.Offset));
        }
        if (readerInsert && presence.TryGetValue(CharacterDetector.ReaderName, out var reader))
        {
            for (var i = 0; i < text.Paragraphs.Count; i++)
            {
                if (AddressesReader().IsMatch(text.Paragraphs[i])) reader.Add(i);
            }
        }
        return presence;
    }

    /// <summary>
    /// Cues a pair earns: each paragraph's cues go to the people active in it — named there outside dialogue, or,
    /// when it names nobody, still the people of the paragraph before (the "she" and "him" of the next lines) —
    /// shared among the pairs of them.
    /// </summary>
    private static (double Romantic, double Platonic) PairCueScores(CharacterDetector.WorkText text, IReadOnlyList<HashSet<string>> active, Person a, Person b)
    {
        double rom = 0, plat = 0;
        for (var p = 0; p < active.Count; p++)
        {
            if (!active[p].Contains(a.Name) || !active[p].Contains(b.Name)) continue;
            var pairsHere = active[p].Count * (active[p].Count - 1) / 2.0;
            var (r, l) = CueScores(text, [p], widen: false);
            rom += r / pairsHere;
            plat += l / pairsHere;
        }
        return (rom, plat);
    }

    /// <summary>Who is on stage in each paragraph (see <see cref="PairCueScores"/>).</summary>
    private static List<HashSet<string>> ActivePeople(CharacterDetector.WorkText text, CharacterDetector.Detection detection, IReadOnlyList<Person> people, bool readerInsert)
    {
        var names = people.Select(p => p.Name).ToHashSet();
        var named = Enumerable.Range(0, text.Paragraphs.Count).Select(_ => new HashSet<string>()).ToList();
                foreach (var mention in detection.Mentions)
        {
            if (!names.Contains(mention.Character.Name)) continue;
            if (text.IsInDialogue(mention.Offset)) continue;
            named[text.ParagraphAt(mention.Offset)].Add(mention.Character.Name);
        }
        var active = new List<HashSet<string>>();
        HashSet<string> last = [];
        for (var p = 0; p < named.Count; p++)
        {
            var now = named[p].Count > 0 ? named[p] : new HashSet<string>(last);
            if (readerInsert && names.Contains(CharacterDetector.ReaderName) && AddressesReader().IsMatch(text.Paragraphs[p]))
                now.Add(CharacterDetector.ReaderName);
            active.Add(now);
            if (named[p].Count > 0) last = named[p];
        }
        return active;
    }

    /// <summary>Paragraphs where both appear within one paragraph of each other: a scene they share.</summary>
    private static List<int> SharedParagraphs(Dictionary<string, HashSet<int>> presence, Person a, Person b)
    {
        if (!presence.TryGetValue(a.Name, out var pa) || !presence.TryGetValue(b.Name, out var pb)) return [];
        return pa.Where(p => pb.Contains(p) || pb.Contains(p - 1) || pb.Contains(p + 1)).Order().ToList();
    }

    private static (double Romantic, double Platonic) CueScores(CharacterDetector.WorkText text, IEnumerable<int> paragraphs, bool widen = true)
    {
        double rom = 0, plat = 0;
        var seen = new HashSet<int>();
        foreach (var p in widen ? paragraphs.SelectMany(p => new[] { p - 1, p, p + 1 }) : paragraphs)
        {
            if (p < 0 || p >= text.Paragraphs.Count || !seen.Add(p)) continue;
            var (r, l) = ParagraphCues(text)[p];
            rom += r;
            plat += l;
        }
        return (rom, plat);
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

    [GeneratedRegex(@"[^.!?…]+[.!?…]+[""”’']?|[^.!?…]+$")]
    private static partial Regex Sentence();

    /// <summary>The sentence that best shows the pair's bond: the one with the most cues of its kind where both are on stage (anywhere, in a story of two leads).</summary>
    private static string? SupportingSentence(CharacterDetector.WorkText text, IReadOnlyList<HashSet<string>> active, Person a, Person b, bool romantic, bool anywhere)
    {
        string? best = null;
        var bestScore = 0.0;
        for (var p = 0; p < active.Count; p++)
        {
            if (!anywhere && (!active[p].Contains(a.Name) || !active[p].Contains(b.Name))) continue;
            foreach (Match sentence in Sentence().Matches(text.Paragraphs[p]))
            {
                var score = 0.0;
                foreach (var word in Words.In(sentence.Value))
                    score += romantic ? RomanticCues.GetValueOrDefault(word.Text) : PlatonicCues.GetValueOrDefault(word.Text);
                if (score <= bestScore) continue;
                bestScore = score;
                best = sentence.Value.Trim();
            }
        }
        return best is null ? null : best.Length <= 200 ? best : best[..197] + "…";
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
    private string RelationshipName(Person a, Person b, bool romantic)
    {
        var ship = a.Character?.Fandom.Ships.FirstOrDefault(s => s.Romantic == romantic && (s.A == a.Character && s.B == b.Character || s.A == b.Character && s.B == a.Character));
        if (ship is not null) return ship.Name;
        var withReader = a.IsReader || b.IsReader;
        string Display(Person p) => p.IsReader ? p.Name : withReader ? p.Character!.Name : p.Character!.ShortName;
        return Display(a) + (romantic ? "/" : " & ") + Display(b);
    }
}
