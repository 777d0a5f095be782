using System.Buffers.Binary;
using System.IO.Hashing;

namespace Ficshelf.Core.Analysis.Duplicates;

/// <summary>
/// MinHash signatures over shingle hashes and their LSH band buckets. Each of the <see cref="HashCount"/> hash
/// functions is a multiply-add-shift of the 64-bit shingle hash with fixed odd multipliers; the fraction of
/// positions where two signatures agree estimates the Jaccard similarity of the two shingle sets.
/// The constants are part of the archive format: stored signatures are only comparable with the same ones
/// (<see cref="FormatVersion"/> changes if they ever do).
/// </summary>
public static class MinHash
{
    public const byte FormatVersion = 1;
    public const int HashCount = 128;
    public const int Bands = 32;
    public const int RowsPerBand = HashCount / Bands;

    private static readonly ulong[] Multipliers = new ulong[HashCount];
    private static readonly ulong[] Addends = new ulong[HashCount];

    static MinHash()
    {
        var state = 0x5F1C_5E1F_D0B1_E5EDUL;
        for (var i = 0; i < HashCount; i++)
        {
            Multipliers[i] = SplitMix64(ref state) | 1;
            Addends[i] = SplitMix64(ref state);
        }
    }

    public static uint[] Signature(IReadOnlyList<ulong> shingles) => Signature(shingles, shingles.Count);

    /// <summary>The signature of the first <paramref name="count"/> shingles.</summary>
    public static uint[] Signature(IReadOnlyList<ulong> shingles, int count)
    {
        var mins = new uint[HashCount];
        Array.Fill(mins, uint.MaxValue);
        var multipliers = Multipliers.AsSpan();
        var addends = Addends.AsSpan(0, multipliers.Length);
        var span = mins.AsSpan(0, multipliers.Length);
        for (var s = 0; s < count; s++)
        {
            var x = shingles[s];
            for (var i = 0; i < multipliers.Length; i++)
            {
                var h = (uint)((multipliers[i] * x + addends[i]) >> 32);
                if (h < span[i]) span[i] = h;
            }
        }
        return mins;
    }

    /// <summary>The share of hash functions on which the two signatures agree: an estimate of the Jaccard similarity.</summary>
    public static double EstimateJaccard(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("signatures of different lengths");
        var equal = 0;
        for (var i = 0; i < a.Length; i++)
            if (a[i] == b[i]) equal++;
        return (double)equal / a.Length;
    }

    /// <summary>
    /// One bucket per band of <see cref="RowsPerBand"/> signature values. Two sets with Jaccard similarity s share at
    /// least one bucket with probability 1 − (1 − s⁴)³²: 0.9998 at s = 0.7, 0.87 at s = 0.5, 0.03 at s = 0.2.
    /// </summary>
    public static long[] BandBuckets(ReadOnlySpan<uint> signature)
    {
        var buckets = new long[Bands];
        Span<byte> bytes = stackalloc byte[RowsPerBand * sizeof(uint)];
        for (var band = 0; band < Bands; band++)
        {
            for (var row = 0; row < RowsPerBand; row++)
                BinaryPrimitives.WriteUInt32LittleEndian(bytes[(row * sizeof(uint))..], signature[band * RowsPerBand + row]);
            buckets[band] = unchecked((long)XxHash3.HashToUInt64(bytes, band));
        }
        return buckets;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
