using System.Text;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;

namespace Ficshelf.Bench.Corpus;

/// <summary>Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s: word and tag popularity in real archives.</summary>
public sealed class ZipfSampler
{
    private readonly double[] cumulative;

    public ZipfSampler(int count, double exponent)
    {
        cumulative = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            sum += 1.0 / Math.Pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (var i = 0; i < count; i++) cumulative[i] /= sum;
    }

    public int Count => cumulative.Length;

    public int Next(Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    /// <summary>The share of draws that land on <paramref name="rank"/>.</summary>
    public double Probability(int rank) => cumulative[rank] - (rank == 0 ? 0 : cumulative[rank - 1]);
}

/// <summary>
/// A deterministic synthetic archive for benchmarks: works over the bundled fandoms (plus minor ones) with
/// Zipf-distributed characters, relationships and freeform tags, AO3-like ratings, warnings and categories,
/// 300–8,000 words of text drawn from a Zipfian vocabulary mixed with the cast's names. Works are generated
/// one at a time (text on demand), so a 100,000-work corpus streams in constant memory.
/// </summary>
public sealed class SyntheticCorpus
{
    private static readonly string[] FunctionWords =
    [
        "the", "and", "to", "of", "a", "he", "she", "was", "in", "her", "his", "it", "that", "you", "i", "had", "with", "for", "on", "at",
        "as", "but", "him", "not", "they", "be", "said", "is", "from", "were", "what", "all", "have", "up", "out", "this", "so", "me", "would",
        "there", "could", "one", "into", "back", "like", "them", "been", "an", "no", "if", "when", "just", "do", "know", "by", "their", "about",
        "over", "we", "my", "then", "did", "eyes", "hand", "time", "down", "more", "now", "way", "even", "only", "something", "looked", "before",
        "still", "away", "head", "through", "again", "face", "never", "room", "thought", "around", "felt", "door", "night", "too", "came", "smile",
        "voice", "make", "where", "going", "how", "little", "want", "got", "right", "think",
    ];

    private static readonly string[] CommonFreeforms =
    [
        "Fluff", "Angst", "Hurt/Comfort", "Romance", "Alternate Universe", "Alternate Universe - Modern Setting", "Humor", "Friendship",
        "Found Family", "Established Relationship", "Slow Burn", "Angst with a Happy Ending", "Smut", "Canon Compliant", "Friends to Lovers",
        "Fix-It", "Drama", "Whump", "Domestic Fluff", "Post-Canon", "Enemies to Lovers", "Pining", "Mutual Pining", "Canon Divergence",
        "Reader-Insert", "Second Person", "Hurt No Comfort", "Mild Language", "Kissing", "Protective", "Tooth-Rotting Fluff", "Christmas",
        "Soulmates", "Dark", "Character Study", "Platonic Relationships", "Coffee Shops", "Fake Dating", "Time Travel", "Grief/Mourning",
    ];

    private static readonly (string Name, double Share)[] Ratings =
    [
        ("General Audiences", 0.33), ("Teen And Up Audiences", 0.32), ("Mature", 0.15), ("Explicit", 0.13), ("Not Rated", 0.07),
    ];

    private static readonly (string Name, double Share)[] Warnings =
    [
        ("No Archive Warnings Apply", 0.55), ("Creator Chose Not To Use Archive Warnings", 0.25), ("Graphic Depictions Of Violence", 0.11),
        ("Major Character Death", 0.06), ("Rape/Non-Con", 0.02), ("Underage Sex", 0.01),
    ];

    private static readonly (Platform Platform, double Share)[] Platforms =
    [
        (Platform.Ao3, 0.6), (Platform.Wattpad, 0.14), (Platform.FanFictionNet, 0.14), (Platform.RequestOneShot, 0.05), (Platform.Inkitt, 0.03), (Platform.Generic, 0.04),
    ];

    private static readonly (string Code, double Share)[] Languages = [("en", 0.91), ("es", 0.03), ("fr", 0.02), ("de", 0.02), ("pt", 0.01), ("ru", 0.01)];

    private readonly int seed;
    private readonly List<FandomCast> fandoms = [];
    private readonly ZipfSampler fandomSampler;
    private readonly string[] vocabulary;
    private readonly ZipfSampler wordSampler;
    private readonly string[] freeforms;
    private readonly ZipfSampler freeformSampler;
    private readonly List<TagInfo> wrangling = [];
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record CastMember(string Tag, string FirstName, string Gender, IReadOnlyList<string> Aliases);

    private sealed record FandomCast(string Name, IReadOnlyList<CastMember> Cast, ZipfSampler CastSampler);

    public SyntheticCorpus(int works, int seed = 42, CanonKnowledgeBase? knowledge = null, int vocabularySize = 50_000)
    {
        Works = works;
        this.seed = seed;
        var random = new Random(seed);
        knowledge ??= CanonKnowledgeBase.LoadDefault();
        foreach (var fandom in knowledge.Fandoms.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var cast = fandom.Characters.Select(c => new CastMember(c.Name, c.ShortName.Split(' ')[0], c.Gender,
                c.Aliases.Where(a => a.Contains(' ')).Order(StringComparer.Ordinal).Take(3).ToList())).ToList();
            // Original characters make the long tail every fandom has.
            for (var i = 1; i <= 20; i++) cast.Add(new CastMember($"Original Character {i} ({fandom.Name})", Name(random, 2), i % 2 == 0 ? "female" : "male", []));
            fandoms.Add(new FandomCast(fandom.Name, cast, new ZipfSampler(cast.Count, 1.1)));
            wrangling.Add(new TagInfo(new Tag(TagCategory.Fandom, fandom.Name), true, null, fandom.Parents.Select(p => new Tag(TagCategory.Fandom, p)).ToList()));
            foreach (var parent in fandom.Parents) wrangling.Add(new TagInfo(new Tag(TagCategory.Fandom, parent), true, null, []));
            foreach (var member in cast)
            {
                wrangling.Add(new TagInfo(new Tag(TagCategory.Character, member.Tag), true, null, [new Tag(TagCategory.Fandom, fandom.Name)]));
                foreach (var alias in member.Aliases)
                    wrangling.Add(new TagInfo(new Tag(TagCategory.Character, alias), false, new Tag(TagCategory.Character, member.Tag), []));
            }
        }
        // Minor fandoms with invented casts: an archive is never only the big six.
        for (var f = 1; f <= 30; f++)
        {
            var name = $"{Name(random, 3)} ({(f % 3 == 0 ? "Video Game" : f % 3 == 1 ? "TV" : "Books")})";
            var cast = Enumerable.Range(0, 25).Select(i => new CastMember($"{Name(random, 2)} {Name(random, 3)}", "", i % 2 == 0 ? "female" : "male", [])).ToList();
            cast = cast.Select(c => c with { FirstName = c.Tag.Split(' ')[0] }).ToList();
            fandoms.Add(new FandomCast(name, cast, new ZipfSampler(cast.Count, 1.1)));
        }
        fandomSampler = new ZipfSampler(fandoms.Count, 1.0);

        var words = new List<string>(FunctionWords);
        var seen = new HashSet<string>(words, StringComparer.Ordinal);
        while (words.Count < vocabularySize)
        {
            var word = Name(random, 2 + random.Next(3)).ToLowerInvariant();
            if (seen.Add(word)) words.Add(word);
        }
        vocabulary = words.ToArray();
        wordSampler = new ZipfSampler(vocabulary.Length, 1.07);

        freeforms = CommonFreeforms.Concat(Enumerable.Range(0, 4000).Select(i => $"{Capitalise(vocabulary[200 + i * 7 % 20000])} {Capitalise(vocabulary[300 + i * 13 % 30000])}"))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        freeformSampler = new ZipfSampler(freeforms.Length, 1.05);
        wrangling.Add(new TagInfo(new Tag(TagCategory.Freeform, "Fluff"), true, null, []));
        wrangling.Add(new TagInfo(new Tag(TagCategory.Freeform, "Tooth-Rotting Fluff"), true, null, [new Tag(TagCategory.Freeform, "Fluff")]));
        wrangling.Add(new TagInfo(new Tag(TagCategory.Freeform, "Domestic Fluff"), true, null, [new Tag(TagCategory.Freeform, "Fluff")]));
        wrangling.Add(new TagInfo(new Tag(TagCategory.Freeform, "Angst"), true, null, []));
        wrangling.Add(new TagInfo(new Tag(TagCategory.Freeform, "Angst with a Happy Ending"), true, null, [new Tag(TagCategory.Freeform, "Angst")]));
    }

    public int Works { get; }

    /// <summary>The vocabulary from the most to the least frequent word.</summary>
    public IReadOnlyList<string> Vocabulary => vocabulary;

    public IReadOnlyList<string> FandomNames => fandoms.Select(f => f.Name).ToList();

    /// <summary>The corpus's wrangling: fandom metatags, characters' fandoms, alias synonyms, freeform metatags.</summary>
    public TagGraph Tags => new(wrangling);

    public IEnumerable<SearchDocument> Documents()
    {
        for (var id = 1; id <= Works; id++) yield return Document(id);
    }

    /// <summary>Work number <paramref name="id"/> (1-based); the same id and seed always give the same work.</summary>
    public SearchDocument Document(long id)
    {
        var random = new Random(unchecked(seed * 1_000_003 + (int)id));
        var fandom = fandoms[fandomSampler.Next(random)];
        var tags = new List<Tag> { new(TagCategory.Fandom, fandom.Name) };
        if (random.NextDouble() < 0.08) tags.Add(new Tag(TagCategory.Fandom, fandoms[fandomSampler.Next(random)].Name)); // crossovers

        var castCount = 1 + (int)Math.Min(7, -Math.Log(1 - random.NextDouble()) * 2);
        var cast = new List<CastMember>();
        for (var i = 0; i < castCount * 3 && cast.Count < castCount; i++)
        {
            var member = fandom.Cast[fandom.CastSampler.Next(random)];
            if (!cast.Contains(member)) cast.Add(member);
        }
        foreach (var member in cast)
        {
            // One tag in ten uses another spelling, as authors do; wrangling makes it a synonym.
            var name = member.Aliases.Count > 0 && random.NextDouble() < 0.1 ? member.Aliases[random.Next(member.Aliases.Count)] : member.Tag;
            tags.Add(new Tag(TagCategory.Character, name));
        }

        var romantic = new List<(CastMember A, CastMember B)>();
        var pairs = cast.Count < 2 ? 0 : random.NextDouble() < 0.75 ? 1 + (random.NextDouble() < 0.25 ? 1 : 0) : 0;
        for (var p = 0; p < pairs; p++)
        {
            var a = cast[Math.Min(cast.Count - 1, p * 2 % cast.Count)];
            var b = cast[Math.Min(cast.Count - 1, (p * 2 + 1) % cast.Count)];
            if (a == b) continue;
            var (first, second) = string.CompareOrdinal(a.Tag, b.Tag) <= 0 ? (a, b) : (b, a);
            var isRomantic = random.NextDouble() < 0.7;
            if (isRomantic) romantic.Add((first, second));
            tags.Add(new Tag(TagCategory.Relationship, first.Tag + (isRomantic ? "/" : " & ") + second.Tag));
        }

        tags.Add(new Tag(TagCategory.Rating, Pick(random, Ratings)));
        tags.Add(new Tag(TagCategory.Warning, Pick(random, Warnings)));
        foreach (var category in Categories(romantic)) tags.Add(new Tag(TagCategory.Category, category));
        var freeformCount = (int)Math.Min(15, 1 + -Math.Log(1 - random.NextDouble()) * 4);
        for (var i = 0; i < freeformCount; i++) tags.Add(new Tag(TagCategory.Freeform, freeforms[freeformSampler.Next(random)]));

        // Word counts: log-normal around 2,000, kept to 300–8,000.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var words = (int)Math.Clamp(Math.Exp(Math.Log(2000) + 0.8 * normal), 300, 8000);
        var body = Body(random, words, cast);
        var title = Capitalise(vocabulary[wordSampler.Next(random) % 5000 + 50]) + " " + Capitalise(vocabulary[200 + random.Next(10_000)]);
        var summary = Sentence(random, cast, 12 + random.Next(20));
        return new SearchDocument(id, title, [Name(random, 2) + random.Next(1000)], summary, body,
            tags.Distinct(TagComparer.Instance).ToList(), Pick(random, Platforms), Pick(random, Languages), words,
            random.NextDouble() < 0.65 ? true : random.NextDouble() < 0.9 ? false : null,
            Start.AddMinutes(id * 5 + random.Next(5)));
    }

    private static List<string> Categories(List<(CastMember A, CastMember B)> romantic)
    {
        if (romantic.Count == 0) return ["Gen"];
        var categories = romantic.Select(r => (r.A.Gender, r.B.Gender) switch
        {
            ("female", "female") => "F/F",
            ("male", "male") => "M/M",
            ("female", "male") or ("male", "female") => "F/M",
            _ => "Other",
        }).Distinct().ToList();
        if (categories.Count > 1) categories.Add("Multi");
        return categories;
    }

    private string Body(Random random, int words, List<CastMember> cast)
    {
        var text = new StringBuilder(words * 7);
        var written = 0;
        while (written < words)
        {
            var sentences = 2 + random.Next(5);
            for (var s = 0; s < sentences && written < words; s++)
            {
                var length = Math.Min(words - written, 6 + random.Next(16));
                AppendSentence(text, random, cast, length);
                written += length;
                text.Append(' ');
            }
            text.Append("\n\n");
        }
        return text.ToString();
    }

    private string Sentence(Random random, List<CastMember> cast, int length)
    {
        var text = new StringBuilder();
        AppendSentence(text, random, cast, length);
        return text.ToString();
    }

    private void AppendSentence(StringBuilder text, Random random, List<CastMember> cast, int length)
    {
        for (var w = 0; w < length; w++)
        {
            // About one word in forty is a name from the cast, as in real fic.
            var word = cast.Count > 0 && random.Next(40) == 0 ? cast[random.Next(cast.Count)].FirstName : vocabulary[wordSampler.Next(random)];
            if (w == 0) text.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            else text.Append(' ').Append(word);
        }
        text.Append('.');
    }

    private static T Pick<T>(Random random, (T Value, double Share)[] shares)
    {
        var roll = random.NextDouble();
        foreach (var (value, share) in shares)
        {
            if (roll < share) return value;
            roll -= share;
        }
        return shares[^1].Value;
    }

    private static readonly string[] Syllables =
        ["ka", "lo", "ren", "mi", "sa", "tor", "vel", "an", "is", "dra", "ne", "ul", "bri", "ost", "fa", "gel", "hu", "jin", "mar", "pe", "qui", "ros", "ti", "wen", "ya", "zor", "el", "cam", "dun", "op"];

    private static string Name(Random random, int syllables)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < syllables; i++) builder.Append(Syllables[random.Next(Syllables.Length)]);
        return Capitalise(builder.ToString());
    }

    private static string Capitalise(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
