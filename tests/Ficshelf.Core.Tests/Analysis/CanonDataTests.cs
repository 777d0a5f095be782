using System.Text.Json;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Analysis;

/// <summary>The bundled canon files are data a user will copy and extend: each must load and hang together.</summary>
public sealed class CanonDataTests
{
    private static readonly string CanonDir = Path.Combine(TestPaths.RepoRoot, "data", "canon");

    private static readonly string[] TieKinds = ["sibling", "parent", "family", "mentor", "teammate", "friend", "rival"];

    /// <summary>A few hundred of the commonest English words (tests/…/Analysis/CommonEnglishWords.txt): capitalised at
    /// the start of a sentence any of them looks like a name, so none may name a character on its own.</summary>
    private static readonly HashSet<string> CommonWords = File.ReadLines(Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Core.Tests", "Analysis", "CommonEnglishWords.txt"))
        .Where(l => !l.StartsWith('#'))
        .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(CanonDir, "*.json").Order().Select(f => new object[] { Path.GetFileName(f) });

    private static CanonFile Read(string name) => JsonSerializer.Deserialize<CanonFile>(File.ReadAllText(Path.Combine(CanonDir, name)))!;

    private static IEnumerable<CanonFile> AllFiles() => Files().Select(f => Read((string)f[0]));

    private static string ShortName(string name) => name.Contains(" (") ? name[..name.IndexOf(" (", StringComparison.Ordinal)] : name;

    /// <summary>Every name a character goes by in the file: aliases, contextual aliases and the name without AO3's disambiguator.</summary>
    private static IEnumerable<string> NamesOf(CanonCharacterEntry c) => c.Aliases.Concat(c.ContextualAliases).Append(ShortName(c.Name)).Distinct(StringComparer.Ordinal);

    /// <summary>The names that identify the character on their own (the loader adds the short name unless the file lists it as contextual).</summary>
    private static IEnumerable<string> StrongNamesOf(CanonCharacterEntry c) =>
        c.ContextualAliases.Contains(ShortName(c.Name)) ? c.Aliases : c.Aliases.Append(ShortName(c.Name));

    [Theory]
    [MemberData(nameof(Files))]
    public void A_canon_file_is_consistent(string name)
    {
        var file = Read(name);
        Assert.False(string.IsNullOrWhiteSpace(file.Fandom));
        Assert.NotEmpty(file.Characters);
        Assert.False(string.IsNullOrWhiteSpace(file.Source), $"{name}: no source statement");
        var names = file.Characters.Select(c => c.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (var character in file.Characters)
        {
            Assert.True(character.Gender is "female" or "male" or "nonbinary" or "unknown", $"{character.Name}: gender {character.Gender}");
            Assert.Empty(character.Aliases.Intersect(character.ContextualAliases));
            Assert.All(character.Aliases.Concat(character.ContextualAliases), a => Assert.True(a.Trim().Length >= 2 && a == a.Trim(), $"{character.Name}: alias «{a}»"));
        }
        foreach (var ship in file.Relationships)
        {
            Assert.Equal(2, ship.Characters.Count);
            Assert.All(ship.Characters, c => Assert.Contains(c, names));
            Assert.NotEqual(ship.Characters[0], ship.Characters[1]);
            Assert.True(ship.Type is "romantic" or "platonic", $"{ship.Name}: type {ship.Type}");
            Assert.Contains(ship.Type == "romantic" ? "/" : " & ", ship.Name);
        }
        foreach (var tie in file.Ties)
        {
            Assert.Equal(2, tie.Characters.Count);
            Assert.All(tie.Characters, c => Assert.True(names.Contains(c), $"{name}: tie names «{c}», who is not in the file"));
            Assert.NotEqual(tie.Characters[0], tie.Characters[1]);
            Assert.Contains(tie.Kind, TieKinds);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_name_in_a_fandom_means_one_character_unless_the_file_says_it_is_shared(string name)
    {
        var file = Read(name);
        var shared = file.SharedAliases.ToHashSet(StringComparer.Ordinal);
        var owners = file.Characters.SelectMany(c => NamesOf(c).Select(n => (Name: n, c.Name))).GroupBy(x => x.Name, StringComparer.Ordinal).ToList();
        var ambiguous = owners.Where(g => g.Count() > 1 && !shared.Contains(g.Key)).Select(g => $"«{g.Key}»: {string.Join(", ", g.Select(x => x.Item2))}").ToList();
        Assert.True(ambiguous.Count == 0, $"{name}: names several characters carry but shared_aliases does not list:\n{string.Join("\n", ambiguous)}");
        var stale = shared.Where(s => owners.FirstOrDefault(g => g.Key == s) is not { } g || g.Count() < 2).ToList();
        Assert.True(stale.Count == 0, $"{name}: shared_aliases that fewer than two characters carry: {string.Join(", ", stale)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void No_common_English_word_names_a_character_on_its_own(string name)
    {
        var common = Read(name).Characters.SelectMany(c => StrongNamesOf(c).Where(CommonWords.Contains).Select(a => $"{c.Name}: «{a}»")).ToList();
        Assert.True(common.Count == 0, $"{name}: everyday words as aliases (list them under contextual_aliases):\n{string.Join("\n", common)}");
    }

    [Fact]
    public void A_ship_name_is_neither_an_everyday_word_nor_anyone_s_name()
    {
        var files = AllFiles().ToList();
        var names = files.SelectMany(f => f.Characters.SelectMany(NamesOf)).ToHashSet(StringComparer.Ordinal);
        var bad = files.SelectMany(f => f.Relationships.SelectMany(r => r.ShipNames.Where(s => CommonWords.Contains(s) || names.Contains(s)).Select(s => $"{f.Fandom}: {r.Name}: «{s}»"))).ToList();
        Assert.True(bad.Count == 0, $"ship names that read as a word or a character's name:\n{string.Join("\n", bad)}");
    }

    [Fact]
    public void A_cue_is_neither_an_everyday_word_nor_another_fandom_s_name_or_cue()
    {
        var files = AllFiles().ToList();
        var bad = new List<string>();
        foreach (var file in files)
        {
            var others = files.Where(f => f != file).ToList();
            var otherNames = others.SelectMany(f => f.Characters.SelectMany(NamesOf)).Concat(others.SelectMany(f => f.Cues)).ToHashSet(StringComparer.Ordinal);
            bad.AddRange(file.Cues.Where(c => CommonWords.Contains(c) || otherNames.Contains(c)).Select(c => $"{file.Fandom}: «{c}»"));
        }
        Assert.True(bad.Count == 0, $"cues that point to no fandom in particular:\n{string.Join("\n", bad)}");
    }

    [Fact]
    public void The_stop_list_is_a_real_list_of_common_words()
    {
        Assert.True(CommonWords.Count >= 300, $"{CommonWords.Count} words");
        Assert.Contains("will", CommonWords);
        Assert.Contains("hope", CommonWords);
    }

    [Fact]
    public void Canonical_names_are_unique_across_fandoms_and_a_shared_name_is_disambiguated_as_AO3_does()
    {
        var characters = AllFiles().SelectMany(f => f.Characters.Select(c => (File: f.Fandom, c.Name))).ToList();
        var duplicates = characters.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"canonical names in several places: {string.Join(", ", duplicates)}");
        // "Crowley (Good Omens)" and "Crowley (Supernatural)": when two fandoms have a character of the same name, AO3
        // gives each its fandom in parentheses.
        var bare = characters.GroupBy(c => ShortName(c.Name), StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Select(c => c.File).Distinct().Count() > 1)
            .SelectMany(g => g.Where(c => c.Name == ShortName(c.Name)).Select(c => $"{c.Name} ({c.File})")).ToList();
        Assert.True(bare.Count == 0, $"names another fandom also uses, without a disambiguator: {string.Join(", ", bare)}");
        var fandoms = AllFiles().Select(f => f.Fandom).ToList();
        Assert.Equal(fandoms.Count, fandoms.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void A_fandom_alias_names_one_fandom()
    {
        var claims = AllFiles().SelectMany(f => f.FandomAliases.Append(f.Fandom).Distinct(StringComparer.OrdinalIgnoreCase).Select(a => (Alias: a, f.Fandom)))
            .GroupBy(x => x.Alias, StringComparer.OrdinalIgnoreCase).Where(g => g.Select(x => x.Fandom).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.True(claims.Count == 0, $"fandom aliases claimed by several fandoms: {string.Join(", ", claims)}");
    }

    [Fact]
    public void The_bundled_data_knows_the_largest_fandoms_and_loads()
    {
        var kb = new CanonKnowledgeBase();
        kb.LoadDirectory(CanonDir);
        Assert.True(kb.Fandoms.Count >= 46, $"{kb.Fandoms.Count} fandoms");
        Assert.Equal(Directory.GetFiles(CanonDir, "*.json").Length, kb.LoadedFiles.Count);
        foreach (var tag in new[] { "Dragon Age: Inquisition", "Batman (Comics)", "僕のヒーローアカデミア | Boku no Hero Academia | My Hero Academia", "Good Omens (TV)", "Fire Emblem: Three Houses" })
            Assert.True(kb.MatchFandomTag(tag) is not null, tag);
        Assert.Null(kb.MatchFandomTag("The Magnus Archives (Podcast)"));
        // Every relationship of every file made it in (a ship naming a character the file lacks would be dropped).
        Assert.Equal(AllFiles().Sum(f => f.Relationships.Count), kb.Fandoms.Sum(f => f.Ships.Count));
    }

    [Fact]
    public void The_same_name_in_two_fandoms_stays_two_characters()
    {
        var kb = CanonKnowledgeBase.LoadDefault();
        Assert.Equal("Crowley (Good Omens)", kb.FindCharacter("Crowley", kb.FindFandom("Good Omens (TV)"))!.Name);
        Assert.Equal("Crowley (Supernatural)", kb.FindCharacter("Crowley", kb.FindFandom("Supernatural"))!.Name);
    }

    [Fact]
    public void A_character_tag_is_found_in_the_forms_it_takes_elsewhere()
    {
        var kb = new CanonKnowledgeBase();
        kb.Add(new CanonFile
        {
            Fandom = "Test Show (TV)",
            Characters =
            [
                new() { Name = "Jaskier | Dandelion" },
                new() { Name = "Jim \"Chief\" Hopper", Aliases = ["Hopper"] },
                new() { Name = "Diluc Ragnvindr", Aliases = ["Diluc"] },
            ],
        });
        kb.Add(new CanonFile { Fandom = "Other Game", Characters = [new() { Name = "Sam Vimes", Aliases = ["Sam"] }] });
        Assert.Equal("Jaskier | Dandelion", kb.FindCharacter("Dandelion")?.Name);
        Assert.Equal("Jaskier | Dandelion", kb.FindCharacter("Dandelion | Jaskier")?.Name);
        Assert.Equal("Jim \"Chief\" Hopper", kb.FindCharacter("Jim Hopper")?.Name);
        Assert.Equal("Diluc Ragnvindr", kb.FindCharacter("Diluc (Test Show)")?.Name);
        // A disambiguator that names another fandom, or none the data knows, finds no one.
        Assert.Null(kb.FindCharacter("Diluc (Other Game)"));
        Assert.Null(kb.FindCharacter("Sam (Stardew Valley)"));
    }

    [Fact]
    public void A_fandom_tag_is_found_in_the_forms_it_takes_elsewhere()
    {
        var kb = new CanonKnowledgeBase();
        kb.Add(new CanonFile { Fandom = "呪術廻戦 | Jujutsu Kaisen (Anime)", FandomAliases = ["Jujutsu Kaisen"], Characters = [new() { Name = "Itadori Yuuji" }] });
        Assert.Equal("呪術廻戦 | Jujutsu Kaisen (Anime)", kb.FindFandom("呪術廻戦 | Jujutsu Kaisen (Anime & Manga)")?.Name);
        Assert.Equal("呪術廻戦 | Jujutsu Kaisen (Anime)", kb.FindFandom("Jujutsu Kaisen (Manga)")?.Name);
        Assert.Null(kb.FindFandom("Stardew Valley (Video Game)"));
    }

    [Fact]
    public void A_short_name_the_file_lists_as_contextual_names_no_one_on_its_own()
    {
        var kb = new CanonKnowledgeBase();
        kb.Add(new CanonFile { Fandom = "Test", Characters = [new() { Name = "Angel (Test)", ContextualAliases = ["Angel"] }, new() { Name = "Spike (Test)" }] });
        var angel = kb.FindCharacter("Angel (Test)")!;
        Assert.DoesNotContain("Angel", angel.Aliases);
        Assert.Contains("Angel (Test)", angel.Aliases);
        Assert.Contains("Angel", angel.ContextualAliases);
        Assert.Contains("Spike", kb.FindCharacter("Spike (Test)")!.Aliases);
    }

    [Fact]
    public void Coverage_counts_works_whose_fandom_the_canon_data_knows()
    {
        var kb = new CanonKnowledgeBase();
        kb.LoadDirectory(CanonDir);
        var coverage = CanonCoverage.Measure(
        [
            ["Dragon Age: Inquisition"],
            ["Good Omens (TV)", "The Magnus Archives (Podcast)"],
            ["The Magnus Archives (Podcast)"],
            [],
        ], kb);
        Assert.Equal(4, coverage.Works);
        Assert.Equal(2, coverage.Known);
        Assert.Equal(0.5, coverage.Share);
        Assert.Equal(("The Magnus Archives (Podcast)", 2), coverage.Unknown[0]);
        Assert.Contains((CanonCoverage.NoFandom, 1), coverage.Unknown);
    }

    [Fact]
    public void A_user_file_extends_an_existing_fandom_instead_of_replacing_it()
    {
        var kb = CanonKnowledgeBase.LoadDefault();
        var before = kb.FindFandom("Marvel Cinematic Universe")!.Characters.Count;
        kb.Add(new CanonFile
        {
            Fandom = "Marvel Cinematic Universe",
            Characters = [new() { Name = "Natasha Romanov (Marvel)", Aliases = ["Starling"] }, new() { Name = "Original Agent", Aliases = ["Agent Quill-Feather"], Gender = "female" }],
        });
        var mcu = kb.FindFandom("Marvel Cinematic Universe")!;
        Assert.Equal(before + 1, mcu.Characters.Count);
        Assert.Contains("Starling", kb.FindCharacter("Natasha Romanov (Marvel)")!.Aliases);
        Assert.Contains("Black Widow", kb.FindCharacter("Natasha Romanov (Marvel)")!.Aliases);
    }
}
