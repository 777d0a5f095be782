namespace Ficshelf.Core.Analysis.Duplicates;

/// <summary>How alike two texts are, from the sizes of their shingle sets and how many shingles they share.</summary>
/// <param name="Shared">Shingles in both (an estimate when computed from fingerprints).</param>
/// <param name="Shorter">The shingle count of the shorter text.</param>
/// <param name="Longer">The shingle count of the longer text.</param>
public sealed record SimilarityScore(double Shared, int Shorter, int Longer)
{
    /// <summary>Shared shingles over all shingles of either.</summary>
    public double Jaccard => Shorter == 0 ? 0 : Shared / (Shorter + Longer - Shared);

    /// <summary>Shared shingles over the shorter text's: how much of it the longer one holds.</summary>
    public double Containment => Shorter == 0 ? 0 : Math.Min(1, Shared / Shorter);

    public double LengthRatio => Longer == 0 ? 0 : (double)Shorter / Longer;

    /// <summary>
    /// The same story: nearly the same text, or (<see cref="IsContainment"/>) the shorter copy is mostly in the longer one,
    /// which adds more story.
    /// </summary>
    public bool IsSameStory => Jaccard >= NearDuplicates.JaccardThreshold || IsContainment;

    /// <summary>
    /// Alike because one copy has more of the story (a truncated copy, fewer chapters), not because they are nearly
    /// equal: the longer copy holds most of the shorter, is at most twice as long, and what only the longer copy has
    /// is more than twice what only the shorter has — so two equally long texts with a tenth of each changed are not it.
    /// </summary>
    public bool IsContainment =>
        Jaccard < NearDuplicates.JaccardThreshold &&
        Containment >= NearDuplicates.ContainmentThreshold &&
        LengthRatio >= NearDuplicates.MinLengthRatio &&
        Longer - Shared > NearDuplicates.MinExtraFactor * (Shorter - Shared);

    /// <summary>The number a user sees: the Jaccard similarity, or for a shorter copy how much of it the longer one holds.</summary>
    public double Similarity => IsContainment ? Containment : Jaccard;

    public override string ToString() =>
        $"Jaccard {Jaccard:0.000}, containment {Containment:0.000}, length ratio {LengthRatio:0.000} ({Shared:0} shared of {Shorter} and {Longer})";
}

/// <summary>A near-duplicate found for a copy: the work it belongs to and how alike the texts are.</summary>
public sealed record NearDuplicateMatch(long WorkId, SimilarityScore Score)
{
    public double Similarity => Score.Similarity;
}

/// <summary>
/// When two copies are the same story. Copies of one story from different platforms differ in chrome remnants,
/// author's notes, typo fixes, quote styles and scene breaks; those change a few percent of the 5-word shingles, so
/// a Jaccard similarity of at least 0.9 is the same story.
/// A copy with fewer chapters, or cut off, is the same story when at least 90% of its shingles are in the longer
/// copy, it is at least half the longer copy's length, and the difference is more story rather than edits: what only
/// the longer copy has is more than twice what only the shorter has. Without that last condition two equally long
/// texts with a tenth of their shingles changed (Jaccard 0.82) would pass as "contained", looser than the rule for
/// whole copies. The length floor keeps a one-shot from joining an anthology or a long work that quotes it whole.
/// </summary>
internal static class NearDuplicates
{
    public const double JaccardThreshold = 0.9;
    public const double ContainmentThreshold = 0.9;

    /// <summary>For a containment match, how many times more shingles of its own the longer copy must have than the shorter.</summary>
    public const double MinExtraFactor = 2;
    public const double MinLengthRatio = 0.5;

    /// <summary>How far below a threshold a MinHash estimate may fall and still be checked exactly (over 5 standard errors at 128 hashes).</summary>
    public const double EstimateSlack = 0.15;

    /// <summary>The score estimated from two fingerprints, without the texts.</summary>
    public static SimilarityScore Estimate(TextFingerprint a, TextFingerprint b)
    {
        var jaccard = MinHash.EstimateJaccard(a.Signature, b.Signature);
        // |A ∩ B| = J (|A| + |B|) / (1 + J)
        var shared = jaccard * (a.ShingleCount + b.ShingleCount) / (1 + jaccard);
        return Score(shared, a.ShingleCount, b.ShingleCount);
    }

    /// <summary>Whether an estimate is close enough to the thresholds to be worth an exact comparison.</summary>
    public static bool WorthChecking(SimilarityScore estimate) =>
        estimate.Jaccard >= JaccardThreshold - EstimateSlack ||
        estimate.Containment >= ContainmentThreshold - EstimateSlack && estimate.LengthRatio >= MinLengthRatio - 0.05;

    /// <summary>The exact score over two shingle sets.</summary>
    public static SimilarityScore Compare(IReadOnlySet<ulong> a, IReadOnlySet<ulong> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = 0;
        foreach (var shingle in small)
            if (large.Contains(shingle)) shared++;
        return Score(shared, a.Count, b.Count);
    }

    public static SimilarityScore Compare(ShingledText a, ShingledText b) => Compare(a.Set, b.Set);

    private static SimilarityScore Score(double shared, int countA, int countB) =>
        new(shared, Math.Min(countA, countB), Math.Max(countA, countB));
}
