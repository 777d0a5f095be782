using Ficshelf.Core.Analysis.Duplicates;

namespace Ficshelf.Core.Tests.Duplicates;

public sealed class MinHashTests
{
    /// <summary>Random prose over a small vocabulary (so shingles repeat as in real text), deterministic per seed.</summary>
    private static List<string> RandomWords(Random random, int count)
    {
        string[] vocabulary = ["the", "and", "she", "he", "said", "looked", "door", "light", "night", "hand", "away", "quiet", "never",
            "again", "turned", "smile", "voice", "room", "back", "through", "ship", "rain", "storm", "coffee", "letter", "window"];
        return Enumerable.Range(0, count).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToList();
    }

    /// <summary>A copy of the words with about <paramref name="rate"/> of them replaced, as edits between copies do.</summary>
    private static List<string> Edited(Random random, List<string> words, double rate) =>
        words.Select(w => random.NextDouble() < rate ? "edit" + random.Next(1000) : w).ToList();

    private static ShingledText Shingles(IEnumerable<string> words) => Shingler.Shingle([string.Join(' ', words)]);

    [Fact]
    public void The_estimate_stays_close_to_the_exact_jaccard_over_random_texts_of_every_similarity()
    {
        var random = new Random(20261125);
        var errors = new List<double>();
        foreach (var rate in new[] { 0.0, 0.002, 0.01, 0.03, 0.08, 0.2, 0.5, 1.0 })
        {
            for (var trial = 0; trial < 8; trial++)
            {
                var words = RandomWords(random, random.Next(200, 4000));
                var a = Shingles(words);
                var b = Shingles(Edited(random, words, rate));
                var exact = NearDuplicates.Compare(a, b).Jaccard;
                var estimate = MinHash.EstimateJaccard(MinHash.Signature(a.InOrder), MinHash.Signature(b.InOrder));
                // 128 hashes: the standard error is at most 0.044, so 0.15 is more than three of them.
                Assert.True(Math.Abs(estimate - exact) <= 0.15, $"rate {rate}: exact {exact:0.000}, estimate {estimate:0.000}");
                errors.Add(Math.Abs(estimate - exact));
            }
        }
        Assert.True(errors.Average() < 0.03, $"mean error {errors.Average():0.000}");
    }

    [Fact]
    public void The_estimated_score_matches_the_exact_one_for_a_copy_holding_part_of_a_text()
    {
        var random = new Random(7);
        var words = RandomWords(random, 3000);
        var whole = Shingles(words);
        var firstTwoThirds = Shingles(words.Take(2000));
        var exact = NearDuplicates.Compare(whole, firstTwoThirds);
        var estimate = NearDuplicates.Estimate(TextFingerprint.Of(whole).Fingerprint, TextFingerprint.Of(firstTwoThirds).Fingerprint);
        Assert.True(exact.Containment > 0.99);
        Assert.InRange(estimate.Containment, exact.Containment - 0.15, 1.0);
        Assert.InRange(estimate.LengthRatio, exact.LengthRatio - 0.001, exact.LengthRatio + 0.001);
        Assert.True(NearDuplicates.WorthChecking(estimate));
    }

    [Fact]
    public void LSH_puts_near_duplicates_in_a_shared_bucket_and_unrelated_texts_in_none()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 20; trial++)
        {
            var words = RandomWords(random, 1500);
            var original = TextFingerprint.Of(Shingles(words)).Keys.ToHashSet();
            var copy = TextFingerprint.Of(Shingles(Edited(random, words, 0.005))).Keys;
            Assert.Contains(copy, original.Contains);
            var other = TextFingerprint.Of(Shingles(RandomWords(random, 1500))).Keys;
            Assert.DoesNotContain(other, original.Contains);
        }
    }

    [Fact]
    public void A_truncated_copy_shares_its_opening_buckets_with_the_whole_text()
    {
        var random = new Random(13);
        var words = RandomWords(random, 6000);
        var whole = TextFingerprint.Of(Shingles(words)).Keys;
        var opening = TextFingerprint.Of(Shingles(words.Take(1200))).Keys;
        // A fifth of the text: the whole-text bands rarely meet, the opening bands (32–63) all do.
        Assert.Equal(MinHash.Bands, opening.Where(k => k.Band >= MinHash.Bands).Intersect(whole).Count());
    }

    [Fact]
    public void A_fingerprint_reads_back_from_its_bytes_and_other_formats_are_refused()
    {
        var fingerprint = TextFingerprint.Of(Shingles(RandomWords(new Random(3), 400))).Fingerprint;
        var bytes = fingerprint.ToBytes();
        var read = TextFingerprint.FromBytes(bytes)!;
        Assert.Equal(fingerprint.ShingleCount, read.ShingleCount);
        Assert.Equal(fingerprint.Signature, read.Signature);
        bytes[0] = 99;
        Assert.Null(TextFingerprint.FromBytes(bytes));
        Assert.Null(TextFingerprint.FromBytes([1, 2, 3]));
    }
}
