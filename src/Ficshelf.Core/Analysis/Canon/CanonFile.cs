using System.Text.Json.Serialization;

namespace Ficshelf.Core.Analysis.Canon;

/// <summary>One JSON file of canon knowledge (see data/canon/README.md): a fandom, its characters with aliases, its ships.</summary>
public sealed record CanonFile
{
    [JsonPropertyName("fandom")] public string Fandom { get; init; } = "";
    [JsonPropertyName("fandom_aliases")] public List<string> FandomAliases { get; init; } = [];
    [JsonPropertyName("parent_fandoms")] public List<string> ParentFandoms { get; init; } = [];
    [JsonPropertyName("cues")] public List<string> Cues { get; init; } = [];
    [JsonPropertyName("characters")] public List<CanonCharacterEntry> Characters { get; init; } = [];
    [JsonPropertyName("relationships")] public List<CanonRelationshipEntry> Relationships { get; init; } = [];

    /// <summary>Canon ties that are not ships (siblings, parent/child, mentor/ward, teammates, found family): a pair
    /// with such a tie is read as platonic unless the page says otherwise.</summary>
    [JsonPropertyName("ties")] public List<CanonTieEntry> Ties { get; init; } = [];

    /// <summary>Names that several characters of the fandom go by (a family's surname, a shared title), listed under each
    /// of them on purpose: the story's other names decide which one is meant. Any other name belongs to one character.</summary>
    [JsonPropertyName("shared_aliases")] public List<string> SharedAliases { get; init; } = [];

    /// <summary>Where the file's facts come from (the canon works, AO3's canonical tag names).</summary>
    [JsonPropertyName("source")] public string? Source { get; init; }
}

/// <summary>A non-romantic canon tie between two characters (canonical names).</summary>
public sealed record CanonTieEntry
{
    [JsonPropertyName("characters")] public List<string> Characters { get; init; } = [];

    /// <summary>"sibling", "parent" (first character is the parent of the second), "family", "mentor" (first mentors the
    /// second), "teammate", "friend", "rival", or "spouse" (a canon marriage, read as romantic).</summary>
    [JsonPropertyName("kind")] public string Kind { get; init; } = "family";
}

public sealed record CanonCharacterEntry
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("aliases")] public List<string> Aliases { get; init; } = [];
    [JsonPropertyName("contextual_aliases")] public List<string> ContextualAliases { get; init; } = [];
    [JsonPropertyName("gender")] public string? Gender { get; init; }
}

public sealed record CanonRelationshipEntry
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("characters")] public List<string> Characters { get; init; } = [];
    [JsonPropertyName("type")] public string Type { get; init; } = "romantic";
    [JsonPropertyName("ship_names")] public List<string> ShipNames { get; init; } = [];
}
