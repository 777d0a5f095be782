namespace Ficshelf.Core.Analysis.Duplicates;

/// <summary>How alike two texts are, measured over their shingle sets.</summary>
/// <param name="Jaccard">Shared shingles over all shingles of either.</param>
/// <param name="Containment">Shared shingles over the shingles of the shorter text: how much of it the longer one holds.</param>
/// <param name="LengthRatio">The shorter text's shingle count over the longer's.</param>
public sealed record SimilarityScore(double Jaccard, double Containment, double LengthRatio)
{
    /// <summary>The same story: nearly the same text, or one copy is most of the other and almost all of it is in the other.</summary>
    public bool IsSameStory =>
        Jaccard >= NearDuplicates.JaccardThreshold ||
        Containment >= NearDuplicates.ContainmentThreshold && LengthRatio >= NearDuplicates.MinLengthRatio;

    /// <summary>True when the texts are alike only because one holds the other (a truncated copy, fewer chapters).</summary>
    public bool IsContainment => Jaccard < NearDuplicates.JaccardThreshold && IsSameStory;

    /// <summary>The number a user sees: the Jaccard similarity, or for a shorter copy how much of it the longer one holds.</summary>
    public double Similarity => IsContainment ? Containment : Jaccard;
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
/// A copy with fewer chapters, or cut off, is the same story when at least 95% of its shingles are in the longer copy
/// and it is at least half the longer copy's length. 95% is the Jaccard rule applied to the part both copies hold
/// (shared / (2·shorter − shared) ≥ 0.9 ⇔ containment ≥ 0.947); a plain 90% would accept two equally long texts that
/// differ in a tenth of their shingles (Jaccard 0.82), looser than the rule for whole copies. The length floor keeps
/// a one-shot from joining an anthology or a long work that quotes it whole.
/// </summary>
public static class NearDuplicates
{
    public const double JaccardThreshold = 0.9;
    public const double ContainmentThreshold = 0.95;
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
        estimate.Containment >= ContainmentThreshold - EstimateSlack && estimate.LengthRatio >= MinLengthRatio;

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

    private static SimilarityScore Score(double shared, int countA, int countB)
    {
        var smaller = Math.Min(countA, countB);
        var larger = Math.Max(countA, countB);
        if (smaller == 0) return new SimilarityScore(0, 0, 0);
        var union = countA + countB - shared;
        return new SimilarityScore(shared / union, Math.Min(1, shared / smaller), (double)smaller / larger);
    }
}
