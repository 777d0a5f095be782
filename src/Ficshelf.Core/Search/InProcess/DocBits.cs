using System.Numerics;

namespace Ficshelf.Core.Search.InProcess;

/// <summary>A fixed-size set of document numbers as a bitmap: filters and tag sets combine with a few thousand word operations.</summary>
internal sealed class DocBits
{
    private readonly ulong[] words;

    public DocBits(int capacity) => words = new ulong[(capacity + 63) >> 6];

    private DocBits(ulong[] words) => this.words = words;

    public int Capacity => words.Length << 6;

    public DocBits Clone() => new((ulong[])words.Clone());

    public void Set(int doc) => words[doc >> 6] |= 1UL << doc;

    public void Clear(int doc) => words[doc >> 6] &= ~(1UL << doc);

    public bool Get(int doc) => (uint)(doc >> 6) < (uint)words.Length && (words[doc >> 6] & (1UL << doc)) != 0;

    public void SetAll(int count)
    {
        Array.Clear(words);
        for (var i = 0; i < count >> 6; i++) words[i] = ulong.MaxValue;
        if ((count & 63) != 0) words[count >> 6] = (1UL << (count & 63)) - 1;
    }

    public void And(DocBits other)
    {
        var n = Math.Min(words.Length, other.words.Length);
        for (var i = 0; i < n; i++) words[i] &= other.words[i];
        if (other.words.Length < words.Length) Array.Clear(words, n, words.Length - n);
    }

    public void AndNot(DocBits other)
    {
        var n = Math.Min(words.Length, other.words.Length);
        for (var i = 0; i < n; i++) words[i] &= ~other.words[i];
    }

    public void Or(DocBits other)
    {
        var n = Math.Min(words.Length, other.words.Length);
        for (var i = 0; i < n; i++) words[i] |= other.words[i];
    }

    public int Count()
    {
        var count = 0;
        foreach (var w in words) count += BitOperations.PopCount(w);
        return count;
    }

    /// <summary>How many documents both sets hold, without building the intersection.</summary>
    public int CountAnd(DocBits other)
    {
        var n = Math.Min(words.Length, other.words.Length);
        var count = 0;
        for (var i = 0; i < n; i++) count += BitOperations.PopCount(words[i] & other.words[i]);
        return count;
    }

    public bool IsEmpty()
    {
        foreach (var w in words) if (w != 0) return false;
        return true;
    }

    /// <summary>The first set document at or after <paramref name="from"/>, or -1.</summary>
    public int NextSetBit(int from)
    {
        if (from < 0) from = 0;
        var i = from >> 6;
        if (i >= words.Length) return -1;
        var w = words[i] & (ulong.MaxValue << from); // a shift counts modulo 64: the bits from `from` on in its word
        while (w == 0)
        {
            if (++i == words.Length) return -1;
            w = words[i];
        }
        return (i << 6) + BitOperations.TrailingZeroCount(w);
    }

    /// <summary>The set documents in increasing order.</summary>
    public IEnumerable<int> Documents()
    {
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            while (w != 0)
            {
                yield return (i << 6) + BitOperations.TrailingZeroCount(w);
                w &= w - 1;
            }
        }
    }

    /// <summary>Calls <paramref name="action"/> for each set document, in order, without an enumerator.</summary>
    public void ForEach(Action<int> action)
    {
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            while (w != 0)
            {
                action((i << 6) + BitOperations.TrailingZeroCount(w));
                w &= w - 1;
            }
        }
    }

    public long SizeBytes => words.Length * 8L;
}

/// <summary>A growable byte buffer written with variable-length integers: posting lists take a byte or two per entry.</summary>
internal struct VarIntBuffer
{
    public byte[] Bytes;
    public int Length;

    public void Write(uint value)
    {
        EnsureRoom(5);
        while (value >= 0x80)
        {
            Bytes[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        Bytes[Length++] = (byte)value;
    }

    public void WriteByte(byte value) => Append(1)[0] = value;

    /// <summary>Grows the buffer by <paramref name="count"/> bytes and returns them to fill.</summary>
    public Span<byte> Append(int count)
    {
        EnsureRoom(count);
        var span = Bytes.AsSpan(Length, count);
        Length += count;
        return span;
    }

    private void EnsureRoom(int count)
    {
        if (Bytes is null) Bytes = new byte[Math.Max(8, count)];
        if (Length + count > Bytes.Length)
        {
            // Small lists double; big ones (the common words' postings) grow by a quarter, so the slack a
            // 100,000-work index carries while it is built stays small.
            var grown = Bytes.Length < 1 << 16 ? Bytes.Length * 2 : Bytes.Length + (Bytes.Length >> 2);
            Array.Resize(ref Bytes, Math.Max(grown, Length + count));
        }
    }

    public void Trim()
    {
        if (Bytes is not null && Bytes.Length != Length) Array.Resize(ref Bytes, Length);
    }

    public static uint Read(byte[] bytes, ref int offset)
    {
        uint value = 0;
        var shift = 0;
        while (true)
        {
            var b = bytes[offset++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }
}
