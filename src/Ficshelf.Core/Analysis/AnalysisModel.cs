using Ficshelf.Core.Analysis.Style;

namespace Ficshelf.Core.Analysis;

/// <summary>
/// A character found in a work: how often, where first (a character offset in the body text, -1 when only the
/// metadata names them), whether they carry the story, and the names used.
/// </summary>
public sealed record CharacterReading(
    string Name,
    string? Fandom,
    int Mentions,
    int FirstMention,
    bool Main,
    IReadOnlyList<string> NamesUsed);

/// <summary>A relationship in AO3 form ("A/B" romantic, "A &amp; B" platonic) with how sure Ficshelf is and why.</summary>
public sealed record RelationshipReading(
    string Name,
    string A,
    string B,
    bool Romantic,
    double Confidence,
    IReadOnlyList<string> Evidence);

public sealed record WorkAnalysis(
    IReadOnlyList<string> Fandoms,
    IReadOnlyList<CharacterReading> Characters,
    IReadOnlyList<RelationshipReading> Relationships,
    NarrativeReading Narrative,
    RatingReading Rating,
    IReadOnlyList<GenreScore> Genres,
    bool? Complete,
    string? Language);
