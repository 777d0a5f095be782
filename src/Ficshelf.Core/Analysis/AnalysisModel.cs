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

/// <summary>
/// A warning the text may call for, kept apart from the work's tags: AO3's Archive Warnings are the creator's
/// choice, so Ficshelf only suggests one, with the sentences that made it think so — never stored as a warning.
/// </summary>
public sealed record SuggestedWarning(string Warning, IReadOnlyList<string> Evidence);

public sealed record WorkAnalysis(
    IReadOnlyList<string> Fandoms,
    IReadOnlyList<CharacterReading> Characters,
    IReadOnlyList<RelationshipReading> Relationships,
    NarrativeReading Narrative,
    RatingReading Rating,
    IReadOnlyList<GenreScore> Genres,
    bool? Complete,
    string? Language)
{
    /// <summary>Declared fandoms the canon data does not know: their characters and ships are not guessed.</summary>
    public IReadOnlyList<string> UnknownFandoms { get; init; } = [];

    /// <summary>Possible Archive Warnings with their evidence (see <see cref="SuggestedWarning"/>); never tags.</summary>
    public IReadOnlyList<SuggestedWarning> SuggestedWarnings { get; init; } = [];

    /// <summary>"fandom not in the canon data" when the work's fandom is unknown, so nothing is guessed; else null.</summary>
    public string? FandomNote => Fandoms.Count == 0 && UnknownFandoms.Count > 0
        ? $"fandom not in the canon data: {string.Join(", ", UnknownFandoms)}"
        : Fandoms.Count == 0 ? "fandom not in the canon data" : null;
}
