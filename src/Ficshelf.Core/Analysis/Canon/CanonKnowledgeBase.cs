using System.Text.Json;

namespace Ficshelf.Core.Analysis.Canon;

public sealed class CanonFandom(string name)
{

    public string Name { get; } = name;
    public HashSet<string> Aliases { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<string> Parents { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<string> Cues { get; } = new(StringComparer.Ordinal);
    public List<CanonCharacter> Characters { get; } = [];
    public List<CanonShip> Ships { get; } = [];
    public List<CanonTie> Ties { get; } = [];

    /// <summary>The canon tie between two of the fandom's characters, if any (either order).</summary>
    public CanonTie? TieBetween(CanonCharacter? a, CanonCharacter? b) =>
        a is null || b is null ? null : Ties.FirstOrDefault(t => t.A == a && t.B == b || t.A == b && t.B == a);
}

/// <summary>
/// A canon tie that is not a ship: "sibling", "parent" (A is B's parent), "family", "mentor" (A mentors B),
/// "teammate", "friend", "rival", or "spouse" (a canon marriage: romantic).
/// </summary>
public sealed record CanonTie(CanonCharacter A, CanonCharacter B, string Kind)
{
    /// <summary>Kin and guardians: physical affection between them is not romance.</summary>
    public bool IsFamily => Kind is "sibling" or "parent" or "family" or "mentor";

    public bool IsRomantic => Kind == "spouse";
}

public sealed class CanonCharacter(CanonFandom fandom, string name)
{
    public CanonFandom Fandom { get; } = fandom;
    public string Name { get; } = name;
    public HashSet<string> Aliases { get; } = new(StringComparer.Ordinal);
    public HashSet<string> ContextualAliases { get; } = new(StringComparer.Ordinal);
    public string Gender { get; set; } = "unknown";

    /// <summary>The name without AO3's disambiguator: "Natasha Romanov (Marvel)" → "Natasha Romanov".</summary>
    public string ShortName { get; } = name.Contains(" (", StringComparison.Ordinal) ? name[..name.IndexOf(" (", StringComparison.Ordinal)] : name;

    public override string ToString() => Name;
}

public sealed record CanonShip(string Name, CanonCharacter A, CanonCharacter B, bool Romantic, IReadOnlyList<string> ShipNames);

/// <summary>
/// The canon knowledge Ficshelf reads works with: fandoms, characters with every alias, ships. Loaded from JSON data
/// files (data/canon/*.json beside the program, then the user's own files), never from code. A user file that names
/// an existing fandom adds to it.
/// </summary>
public sealed class CanonKnowledgeBase
{
    private static readonly JsonSerializerOptions ReadOptions = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public const string UserDirectoryVariable = "FICSHELF_CANON";

    private readonly Dictionary<string, CanonFandom> fandoms = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<CanonFandom> Fandoms => fandoms.Values;

    public IEnumerable<CanonCharacter> Characters => fandoms.Values.SelectMany(f => f.Characters);

    public IReadOnlyList<string> LoadedFiles => loadedFiles;
    private readonly List<string> loadedFiles = [];

    /// <summary>The shipped data beside the program.</summary>
    public static string BundledDirectory => Path.Combine(AppContext.BaseDirectory, "data", "canon");

    /// <summary>The user's own canon files: $FICSHELF_CANON, else the "canon" folder in the user's Ficshelf data folder.</summary>
    public static string UserDirectory
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(UserDirectoryVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
            var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return Path.Combine(data, "ficshelf", "canon");
        }
    }

    /// <summary>The bundled data plus the user's files (and any extra folders given).</summary>
    public static CanonKnowledgeBase LoadDefault(params string[] extraDirectories)
    {
        var kb = new CanonKnowledgeBase();
        foreach (var dir in new[] { BundledDirectory, UserDirectory }.Concat(extraDirectories))
            kb.LoadDirectory(dir);
        return kb;
    }

    public void LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal)) LoadFile(file);
    }

    public void LoadFile(string path)
    {
        CanonFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CanonFile>(File.ReadAllText(path), ReadOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"canon file {path}: {e.Message}", e);
        }
        if (file is null || string.IsNullOrWhiteSpace(file.Fandom)) throw new InvalidDataException($"canon file {path}: no \"fandom\" name");
        Add(file);
        loadedFiles.Add(path);
    }

    public void Add(CanonFile file)
    {
        lookup = null;
        if (!fandoms.TryGetValue(file.Fandom, out var fandom))
        {
            fandom = new CanonFandom(file.Fandom);
            fandoms[file.Fandom] = fandom;
        }
        fandom.Aliases.UnionWith(file.FandomAliases);
        fandom.Parents.UnionWith(file.ParentFandoms);
        fandom.Cues.UnionWith(file.Cues.Where(c => c.Length > 0));
        foreach (var entry in file.Characters)
        {
            var character = fandom.Characters.FirstOrDefault(c => c.Name.Equals(entry.Name, StringComparison.OrdinalIgnoreCase));
            if (character is null)
            {
                character = new CanonCharacter(fandom, entry.Name);
                fandom.Characters.Add(character);
                character.Aliases.Add(entry.Name);
                // A short name that is an everyday word ("Angel", "The Master") is listed as contextual by the file:
                // it then names the character only in a story already about them.
                if (!entry.ContextualAliases.Contains(character.ShortName, StringComparer.Ordinal)) character.Aliases.Add(character.ShortName);
            }
            character.Aliases.UnionWith(entry.Aliases.Where(a => a.Length > 1));
            character.ContextualAliases.UnionWith(entry.ContextualAliases.Where(a => a.Length > 1));
            if (entry.Gender is { Length: > 0 } gender) character.Gender = gender;
        }
        foreach (var entry in file.Relationships)
        {
            if (entry.Characters.Count != 2) continue;
            var a = fandom.Characters.FirstOrDefault(c => c.Name == entry.Characters[0]);
            var b = fandom.Characters.FirstOrDefault(c => c.Name == entry.Characters[1]);
            if (a is null || b is null) continue;
            var romantic = !entry.Type.Equals("platonic", StringComparison.OrdinalIgnoreCase);
            var existing = fandom.Ships.FindIndex(s => s.Romantic == romantic && SamePair(s, a, b));
            var names = entry.ShipNames.Where(n => n.Length > 2).ToList();
            if (existing >= 0)
            {
                var old = fandom.Ships[existing];
                fandom.Ships[existing] = old with { ShipNames = old.ShipNames.Union(names).ToArray() };
            }
            else fandom.Ships.Add(new CanonShip(entry.Name, a, b, romantic, names));
        }
        AddTies(fandom, file);
        lookup = null;
    }

    private static void AddTies(CanonFandom fandom, CanonFile file)
    {
        foreach (var entry in file.Ties)
        {
            if (entry.Characters.Count != 2) continue;
            var a = fandom.Characters.FirstOrDefault(c => c.Name == entry.Characters[0]);
            var b = fandom.Characters.FirstOrDefault(c => c.Name == entry.Characters[1]);
            if (a is null || b is null || a == b || fandom.TieBetween(a, b) is not null) continue;
            fandom.Ties.Add(new CanonTie(a, b, entry.Kind.Trim().ToLowerInvariant()));
        }
    }

    private static bool SamePair(CanonShip ship, CanonCharacter a, CanonCharacter b) =>
        ship.A == a && ship.B == b || ship.A == b && ship.B == a;

    /// <summary>
    /// A fandom by name or alias; else by the forms its tag takes elsewhere: a side of AO3's "A | B | C"
    /// ("呪術廻戦 | Jujutsu Kaisen (Anime & Manga)") or the name without its medium ("Jujutsu Kaisen (Anime & Manga)" →
    /// "Jujutsu Kaisen").
    /// </summary>
    public CanonFandom? FindFandom(string nameOrAlias)
    {
        if (FindFandomExactly(nameOrAlias) is { } exact) return exact;
        var open = nameOrAlias.LastIndexOf(" (", StringComparison.Ordinal);
        var bare = open > 0 && nameOrAlias.EndsWith(')') ? nameOrAlias[..open].Trim() : nameOrAlias;
        if (bare != nameOrAlias && FindFandomExactly(bare) is { } withoutMedium) return withoutMedium;
        if (!bare.Contains(" | ", StringComparison.Ordinal)) return null;
        foreach (var part in bare.Split(" | ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (part.Length > 3 && FindFandomExactly(part) is { } found) return found;
        return null;
    }

    private CanonFandom? FindFandomExactly(string nameOrAlias) =>
        fandoms.GetValueOrDefault(nameOrAlias) ?? fandoms.Values.FirstOrDefault(f => f.Aliases.Contains(nameOrAlias));

    /// <summary>
    /// The fandom a work's fandom tag belongs to: by name or alias, else the fandom whose name or a longer alias the tag
    /// contains ("Dragon Age: Inquisition" → Dragon Age, "Batman (Comics)" → DCU). The rule the character detector reads
    /// declared fandoms with.
    /// </summary>
    public CanonFandom? MatchFandomTag(string tag) =>
        FindFandom(tag) ?? fandoms.Values.FirstOrDefault(f =>
            tag.Contains(f.Name, StringComparison.OrdinalIgnoreCase) || f.Aliases.Any(a => a.Length > 3 && tag.Contains(a, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// A character by canonical name, by name without disambiguator, or by an unambiguous alias; else by the forms
    /// the same character's tag takes elsewhere: each side of AO3's "A | B" ("Jaskier | Dandelion", "CT-7567 | Rex"),
    /// the name without a quoted nickname ("Jim \"Chief\" Hopper" → "Jim Hopper"), and the name without a
    /// disambiguator that names the character's fandom ("Diluc (Genshin Impact)" → "Diluc", looked up in Genshin Impact).
    /// </summary>
    public CanonCharacter? FindCharacter(string name, CanonFandom? preferred = null) => FindCharacter(name.Trim(), preferred, depth: 0);

    private CanonCharacter? FindCharacter(string name, CanonFandom? preferred, int depth)
    {
        if (name.Length == 0) return null;
        var index = lookup ??= BuildLookup();
        if (index.Names.TryGetValue(name, out var exact)) return exact.FirstOrDefault(c => c.Fandom == preferred) ?? exact[0];
        if (index.Aliases.TryGetValue(name, out var byAlias))
        {
            if (byAlias.Count == 1) return byAlias[0];
            if (preferred is not null && byAlias.Count(c => c.Fandom == preferred) == 1) return byAlias.First(c => c.Fandom == preferred);
        }
        if (index.NameParts.TryGetValue(name, out var byPart))
        {
            if (byPart.Count == 1) return byPart[0];
            if (preferred is not null && byPart.Count(c => c.Fandom == preferred) == 1) return byPart.First(c => c.Fandom == preferred);
        }
        if (depth > 2) return null;
        if (name.Contains(" | ", StringComparison.Ordinal))
        {
            foreach (var part in name.Split(" | ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (FindCharacter(part, preferred, depth + 1) is { } found) return found;
        }
        var withoutNickname = WithoutQuotedNickname(name);
        if (withoutNickname != name && FindCharacter(withoutNickname, preferred, depth + 1) is { } plain) return plain;
        var open = name.LastIndexOf(" (", StringComparison.Ordinal);
        if (open > 0 && name.EndsWith(')'))
        {
            // The disambiguator must name the fandom: "Sam (Stardew Valley)" is nobody the canon data knows.
            var disambiguator = name[(open + 2)..^1];
            var fandom = MatchDisambiguator(disambiguator);
            if (fandom is not null && FindCharacter(name[..open], fandom, depth + 1) is { } found && found.Fandom == fandom) return found;
        }
        return null;
    }

    private CanonFandom? MatchDisambiguator(string disambiguator) =>
        FindFandom(disambiguator) ?? fandoms.Values.FirstOrDefault(f =>
            f.Name.Contains(disambiguator, StringComparison.OrdinalIgnoreCase) ||
            f.Aliases.Any(a => a.Contains(disambiguator, StringComparison.OrdinalIgnoreCase)) ||
            disambiguator.Length > 3 && f.Aliases.Any(a => a.Length > 3 && disambiguator.Contains(a, StringComparison.OrdinalIgnoreCase)));

    private static string WithoutQuotedNickname(string name)
    {
        var start = name.IndexOfAny(['"', '“']);
        if (start < 0) return name;
        var end = name.IndexOfAny(['"', '”'], start + 1);
        return end < 0 ? name : string.Join(' ', (name[..start] + name[(end + 1)..]).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Character lookups by name, alias and name part; rebuilt after a file is added.</summary>
    private sealed record Lookup(
        Dictionary<string, List<CanonCharacter>> Names,
        Dictionary<string, List<CanonCharacter>> Aliases,
        Dictionary<string, List<CanonCharacter>> NameParts);

    private Lookup? lookup;

    private Lookup BuildLookup()
    {
        var result = new Lookup(new(StringComparer.OrdinalIgnoreCase), new(StringComparer.Ordinal), new(StringComparer.OrdinalIgnoreCase));
        static void Put(Dictionary<string, List<CanonCharacter>> map, string key, CanonCharacter character)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            if (!list.Contains(character)) list.Add(character);
        }
        foreach (var character in Characters)
        {
            Put(result.Names, character.Name, character);
            Put(result.Names, character.ShortName, character);
            foreach (var alias in character.Aliases) Put(result.Aliases, alias, character);
            var parts = character.ShortName.Split(" | ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var part in parts.Length > 1 ? parts : [])
            {
                var bare = part.Contains(" (", StringComparison.Ordinal) ? part[..part.IndexOf(" (", StringComparison.Ordinal)] : part;
                if (!character.ContextualAliases.Contains(bare)) Put(result.NameParts, bare, character);
            }
            var withoutNickname = WithoutQuotedNickname(character.ShortName);
            if (withoutNickname != character.ShortName) Put(result.NameParts, withoutNickname, character);
        }
        return result;
    }
}
