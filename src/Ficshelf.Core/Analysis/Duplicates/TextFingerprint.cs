using System.Buffers.Binary;

namespace Ficshelf.Core.Analysis.Duplicates;

/// <summary>What the archive keeps of a work's text to find its near-duplicates: the MinHash signature and the shingle count.</summary>
public sealed record TextFingerprint(int ShingleCount, uint[] Signature)
{
    /// <summary>
    /// How many leading shingles make the opening signature (about the first 500 words). A truncated copy or one with
    /// fewer chapters shares the whole opening with the longer copy, however little of the whole it holds.
    /// </summary>
    public const int OpeningShingles = 500;

    private const int HeaderBytes = 1 + sizeof(int);

    public static (TextFingerprint Fingerprint, IReadOnlyList<LshKey> Keys) Of(ShingledText text)
    {
        var signature = MinHash.Signature(text.InOrder);
        var opening = text.Count <= OpeningShingles ? signature : MinHash.Signature(text.InOrder, OpeningShingles);
        var keys = new List<LshKey>(2 * MinHash.Bands);
        var whole = MinHash.BandBuckets(signature);
        var start = MinHash.BandBuckets(opening);
        for (var band = 0; band < MinHash.Bands; band++) keys.Add(new LshKey(band, whole[band]));
        for (var band = 0; band < MinHash.Bands; band++) keys.Add(new LshKey(MinHash.Bands + band, start[band]));
        return (new TextFingerprint(text.Count, signature), keys);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderBytes + Signature.Length * sizeof(uint)];
        bytes[0] = MinHash.FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), ShingleCount);
        for (var i = 0; i < Signature.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HeaderBytes + i * sizeof(uint)), Signature[i]);
        return bytes;
    }

    /// <summary>The stored fingerprint, or null when it was written with other hash constants (it is then recomputed).</summary>
    public static TextFingerprint? FromBytes(byte[] bytes)
    {
        if (bytes.Length != HeaderBytes + MinHash.HashCount * sizeof(uint) || bytes[0] != MinHash.FormatVersion) return null;
        var signature = new uint[MinHash.HashCount];
        for (var i = 0; i < signature.Length; i++)
            signature[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(HeaderBytes + i * sizeof(uint)));
        return new TextFingerprint(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(1)), signature);
    }
}

/// <summary>
/// One LSH bucket of a work. Bands 0–31 hash the whole text's signature, bands 32–63 the opening's; two works that
/// share any (band, bucket) are candidates for a near-duplicate check.
/// </summary>
public readonly record struct LshKey(int Band, long Bucket);
