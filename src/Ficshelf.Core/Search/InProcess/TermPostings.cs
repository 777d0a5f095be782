using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;

namespace Ficshelf.Core.Search.InProcess;

/// <summary>
/// A term's postings in blocks, much as Lucene's codec keeps them: every 128 documents become one block of
/// bit-packed document deltas and frequencies (header: the block's byte length, summed delta and summed frequency,
/// which let a cursor skip the block unread), each a patched chunk where a few outliers do not widen the rest; the documents after the last full block stay
/// variable-byte pairs until 128 have gathered. Positions (per document: the first from 0, then deltas) are a
/// second stream cut into patched chunks of 128 bit-packed values, with a variable-byte tail the same way. A document's
/// positions are found from the running sum of frequencies, so no per-document offset is stored. Once the index is
/// prepared for reading (<see cref="Trim"/>) both tails become one short patched chunk each where that is smaller —
/// most of the vocabulary is rare words that never fill a block — and go back to variable bytes if more documents come.
/// Full blocks and chunks go into <see cref="PagedBytes"/> (never copied as they grow); each tail is a small buffer of
/// its own, the only part rewritten while documents are added. Saved, the blocks and then the tail are one stream.
/// </summary>
internal sealed class TermPostings
{
    public const int BlockSize = 128;

    private PagedBytes docBlocks;
    private VarIntBuffer docTail;
    private PagedBytes positionChunks;
    private VarIntBuffer positionTail;
    public int DocumentCount;
    private long positionCount;
    private int lastDoc = -1;
    public int PendingSlot = -1;
    private bool tailPacked;

    // Trimmed since the last document came (whether or not packing the tail paid): the next preparation skips it.
    private bool trimmed;

    // Where a block or chunk is packed before it is appended in one piece; one per thread (engines may build at once).
    [ThreadStatic] private static PackScratch? scratch;

    private sealed class PackScratch
    {
        public VarIntBuffer Head;
        public VarIntBuffer Body;
    }

    private static PackScratch Scratch()
    {
        var s = scratch ??= new PackScratch();
        s.Head.Length = 0;
        s.Body.Length = 0;
        return s;
    }

    private int DocumentTail => DocumentCount % BlockSize;

    private int PositionTail => (int)(positionCount % BlockSize);

    public void Flush(int doc, List<int> at)
    {
        trimmed = false;
        if (tailPacked) UnpackTail();
        var previous = 0;
        foreach (var p in at)
        {
            positionTail.Write((uint)(p - previous));
            previous = p;
            if (++positionCount % BlockSize == 0) PackPositions();
        }

        // As Lucene's tail does: the low bit says "once", so a word seen once in a work costs no frequency byte.
        var delta = (uint)(doc - lastDoc);
        if (at.Count == 1) docTail.Write(delta << 1 | 1);
        else
        {
            docTail.Write(delta << 1);
            docTail.Write((uint)at.Count);
        }
        lastDoc = doc;
        DocumentCount++;
        if (DocumentCount % BlockSize == 0) PackDocuments();
    }

    /// <summary>Turns the tail's 128 variable-byte (delta, frequency) pairs into one block: byte length, sums, two patched chunks.</summary>
    private void PackDocuments()
    {
        Span<uint> deltas = stackalloc uint[BlockSize];
        Span<uint> frequencies = stackalloc uint[BlockSize];
        var offset = 0;
        uint deltaSum = 0;
        long frequencySum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            ReadTailPair(docTail.Bytes, ref offset, out deltas[i], out var frequency);
            frequencies[i] = frequency - 1;
            deltaSum += deltas[i];
            frequencySum += frequency;
        }
        var s = Scratch();
        BitPack.PackPatched(ref s.Body, deltas);
        BitPack.PackPatched(ref s.Body, frequencies);
        s.Head.Write((uint)s.Body.Length);
        s.Head.Write(deltaSum);
        s.Head.Write((uint)frequencySum);
        var block = docBlocks.Append(s.Head.Length + s.Body.Length);
        s.Head.Bytes.AsSpan(0, s.Head.Length).CopyTo(block);
        s.Body.Bytes.AsSpan(0, s.Body.Length).CopyTo(block[s.Head.Length..]);
        docTail.Length = 0;
    }

    private static void ReadTailPair(byte[] bytes, ref int offset, out uint delta, out uint frequency)
    {
        var code = VarIntBuffer.Read(bytes, ref offset);
        delta = code >> 1;
        frequency = (code & 1) != 0 ? 1 : VarIntBuffer.Read(bytes, ref offset);
    }

    /// <summary>Turns the tail's 128 variable-byte positions into one patched chunk.</summary>
    private void PackPositions()
    {
        Span<uint> values = stackalloc uint[BlockSize];
        var offset = 0;
        for (var i = 0; i < BlockSize; i++) values[i] = VarIntBuffer.Read(positionTail.Bytes, ref offset);
        var s = Scratch();
        BitPack.PackPatched(ref s.Body, values);
        s.Body.Bytes.AsSpan(0, s.Body.Length).CopyTo(positionChunks.Append(s.Body.Length));
        positionTail.Length = 0;
    }

    public void Trim()
    {
        if (trimmed) return;
        PackTail();
        docBlocks.Trim();
        positionChunks.Trim();
        docTail.Trim();
        positionTail.Trim();
        trimmed = true;
    }

    /// <summary>The variable-byte tails as patched chunks of fewer than 128 values, when that takes fewer bytes.</summary>
    private void PackTail()
    {
        if (tailPacked || (DocumentTail == 0 && PositionTail == 0)) return;
        Span<uint> deltas = stackalloc uint[BlockSize];
        Span<uint> frequencies = stackalloc uint[BlockSize];
        Span<uint> values = stackalloc uint[BlockSize];
        var offset = 0;
        for (var i = 0; i < DocumentTail; i++)
        {
            ReadTailPair(docTail.Bytes, ref offset, out deltas[i], out var frequency);
            frequencies[i] = frequency - 1;
        }
        offset = 0;
        for (var i = 0; i < PositionTail; i++) values[i] = VarIntBuffer.Read(positionTail.Bytes, ref offset);
        var packedDocs = new VarIntBuffer();
        if (DocumentTail > 0)
        {
            BitPack.PackPatched(ref packedDocs, deltas[..DocumentTail]);
            BitPack.PackPatched(ref packedDocs, frequencies[..DocumentTail]);
        }
        var packedPositions = new VarIntBuffer();
        if (PositionTail > 0) BitPack.PackPatched(ref packedPositions, values[..PositionTail]);
        if (packedDocs.Length + packedPositions.Length >= docTail.Length + positionTail.Length) return;
        docTail = packedDocs;
        positionTail = packedPositions;
        tailPacked = true;
    }

    /// <summary>The packed tails back to variable bytes, so more documents can be added after them.</summary>
    private void UnpackTail()
    {
        Span<uint> deltas = stackalloc uint[BlockSize];
        Span<uint> frequencies = stackalloc uint[BlockSize];
        Span<uint> values = stackalloc uint[BlockSize];
        var bytes = docTail.Bytes ?? [];
        var chunk = new PatchedChunk();
        if (DocumentTail > 0)
        {
            chunk.Enter(bytes, 0, DocumentTail);
            for (var i = 0; i < DocumentTail; i++) deltas[i] = chunk.Next(bytes);
            chunk.Enter(bytes, chunk.End, DocumentTail);
            for (var i = 0; i < DocumentTail; i++) frequencies[i] = chunk.Next(bytes) + 1;
        }
        var positionBytes = positionTail.Bytes ?? [];
        if (PositionTail > 0)
        {
            chunk.Enter(positionBytes, 0, PositionTail);
            for (var i = 0; i < PositionTail; i++) values[i] = chunk.Next(positionBytes);
        }
        docTail = new VarIntBuffer();
        for (var i = 0; i < DocumentTail; i++)
        {
            if (frequencies[i] == 1) docTail.Write(deltas[i] << 1 | 1);
            else
            {
                docTail.Write(deltas[i] << 1);
                docTail.Write(frequencies[i]);
            }
        }
        positionTail = new VarIntBuffer();
        for (var i = 0; i < PositionTail; i++) positionTail.Write(values[i]);
        tailPacked = false;
    }

    public long SizeBytes => DocumentBytes + PositionBytes;

    public long DocumentBytes => docBlocks.AllocatedBytes + (docTail.Bytes?.Length ?? 0);

    public long PositionBytes => positionChunks.AllocatedBytes + (positionTail.Bytes?.Length ?? 0);

    /// <summary>Each stream as one run of bytes, the blocks and then the tail (the saved format does not know about pages).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(DocumentCount);
        writer.Write7BitEncodedInt64(positionCount);
        writer.Write7BitEncodedInt(lastDoc + 1);
        writer.Write7BitEncodedInt(docBlocks.Length);
        writer.Write7BitEncodedInt(positionChunks.Length);
        writer.Write(tailPacked);
        writer.Write7BitEncodedInt(docBlocks.Length + docTail.Length);
        docBlocks.WriteTo(writer);
        writer.Write(docTail.Bytes ?? [], 0, docTail.Length);
        writer.Write7BitEncodedInt(positionChunks.Length + positionTail.Length);
        positionChunks.WriteTo(writer);
        writer.Write(positionTail.Bytes ?? [], 0, positionTail.Length);
    }

    public static TermPostings Read(BinaryReader reader)
    {
        var postings = new TermPostings
        {
            DocumentCount = reader.Read7BitEncodedInt(),
            positionCount = reader.Read7BitEncodedInt64(),
            lastDoc = reader.Read7BitEncodedInt() - 1,
        };
        var docTailStart = reader.Read7BitEncodedInt();
        var positionTailStart = reader.Read7BitEncodedInt();
        postings.tailPacked = reader.ReadBoolean();
        var docLength = reader.Read7BitEncodedInt();
        if (docTailStart < 0 || docTailStart > docLength) throw new InvalidDataException("the search index's posting list is damaged");
        postings.docBlocks = PagedBytes.Of(ReadExactly(reader, docTailStart));
        postings.docTail = Tail(ReadExactly(reader, docLength - docTailStart));
        var positionLength = reader.Read7BitEncodedInt();
        if (positionTailStart < 0 || positionTailStart > positionLength) throw new InvalidDataException("the search index's posting list is damaged");
        postings.positionChunks = PagedBytes.Of(ReadExactly(reader, positionTailStart));
        postings.positionTail = Tail(ReadExactly(reader, positionLength - positionTailStart));
        return postings;
    }

    private static byte[] ReadExactly(BinaryReader reader, int count)
    {
        var bytes = reader.ReadBytes(count);
        if (bytes.Length != count) throw new EndOfStreamException("the search index file ends inside a posting list");
        return bytes;
    }

    private static VarIntBuffer Tail(byte[] bytes) => bytes.Length == 0 ? default : new VarIntBuffer { Bytes = bytes, Length = bytes.Length };

    public Cursor Open() => new(this);

    /// <summary>The array length of each page of the two streams (for tests).</summary>
    internal (IReadOnlyList<int> Documents, IReadOnlyList<int> Positions) Pages =>
        ([.. Enumerable.Range(0, docBlocks.PageCount).Select(i => docBlocks.Page(i).Length)],
         [.. Enumerable.Range(0, positionChunks.PageCount).Select(i => positionChunks.Page(i).Length)]);

    /// <summary>One patched chunk of 128 values, read in order (see <see cref="BitPack.PackPatched"/>).</summary>
    internal struct PatchedChunk
    {
        private int bits, packedStart, exceptionsLeft, nextException, exceptionAt;
        public int InChunk;
        public int Count;

        /// <summary>Where the next chunk (or whatever follows) begins.</summary>
        public readonly int End => packedStart + (Count * bits + 7) / 8;

        /// <summary>Starts reading the chunk at <paramref name="offset"/>: 128 values, or fewer for a packed tail.</summary>
        public void Enter(byte[] bytes, int offset, int count = BlockSize)
        {
            Count = count;
            bits = bytes[offset];
            exceptionsLeft = bytes[offset + 1];
            var at = offset + 2;
            var exceptionBytes = exceptionsLeft > 0 ? (int)VarIntBuffer.Read(bytes, ref at) : 0;
            exceptionAt = at;
            packedStart = at + exceptionBytes;
            nextException = exceptionsLeft > 0 ? bytes[exceptionAt++] : BlockSize;
            InChunk = 0;
        }

        public uint Next(byte[] bytes)
        {
            var value = BitPack.Extract(bytes, packedStart, bits, InChunk);
            if (nextException == InChunk)
            {
                var at = exceptionAt;
                value |= VarIntBuffer.Read(bytes, ref at) << bits;
                PassException(bytes);
            }
            InChunk++;
            return value;
        }

        public void Skip(byte[] bytes, int count)
        {
            InChunk += count;
            while (nextException < InChunk) PassException(bytes);
        }

        /// <summary>Steps past the current exception (its high bits), onto the next one.</summary>
        private void PassException(byte[] bytes)
        {
            VarIntBuffer.Read(bytes, ref exceptionAt);
            nextException = --exceptionsLeft > 0 ? bytes[exceptionAt++] : BlockSize;
        }
    }

    /// <summary>
    /// Where a walk through the position stream stands: the full chunks page by page, then the tail (one packed chunk,
    /// or variable-byte values).
    /// </summary>
    internal struct PositionWalk
    {
        public long Index;              // the index of the next value
        private readonly TermPostings postings;
        private readonly int fullChunks;
        private int entered;            // chunks entered so far (the packed tail counts as one)
        private byte[] bytes;           // the current chunk's page, or the tail
        private int offset;             // the next chunk in the page, or the next variable-byte value in the tail
        private int page;
        private PatchedChunk chunk;     // Count 0 when no chunk is being read

        public PositionWalk(TermPostings postings)
        {
            this.postings = postings;
            fullChunks = (int)(postings.positionCount / BlockSize);
            bytes = [];
            page = -1;
            EnterNext();
        }

        /// <summary>The next full chunk (in this page or the next), else the tail.</summary>
        private void EnterNext()
        {
            if (entered < fullChunks)
            {
                if (page < 0 || offset >= postings.positionChunks.PageEnd(page))
                {
                    page++;
                    bytes = postings.positionChunks.Page(page);
                    offset = 0;
                }
                chunk.Enter(bytes, offset);
                offset = chunk.End;
                entered++;
                return;
            }
            bytes = postings.positionTail.Bytes ?? [];
            offset = 0;
            if (entered == fullChunks && postings.tailPacked && postings.PositionTail > 0) chunk.Enter(bytes, 0, postings.PositionTail);
            else chunk = default;
            entered++;
        }

        public void SkipTo(long target)
        {
            while (Index < target)
            {
                if (chunk.InChunk < chunk.Count)
                {
                    var step = (int)Math.Min(target - Index, chunk.Count - chunk.InChunk);
                    chunk.Skip(bytes, step);
                    Index += step;
                    if (chunk.InChunk == chunk.Count) EnterNext();
                }
                else
                {
                    VarIntBuffer.Read(bytes, ref offset);
                    Index++;
                }
            }
        }

        public uint Next()
        {
            uint value;
            if (chunk.InChunk < chunk.Count)
            {
                value = chunk.Next(bytes);
                if (chunk.InChunk == chunk.Count) EnterNext();
            }
            else value = VarIntBuffer.Read(bytes, ref offset);
            Index++;
            return value;
        }
    }

    /// <summary>Walks the postings in document order; positions decoded only when asked for.</summary>
    public struct Cursor
    {
        private readonly TermPostings postings;
        private byte[] bytes;       // the current block's page, or the tail once past the blocks
        private int offset;         // the next block's header in the page, or the next variable-byte pair in the tail
        private int end;            // the end of the current page's blocks, or of the tail
        private int page = -1;
        private int blocksLeft;
        private int inBlock = BlockSize;
        private int blockLength = BlockSize;
        private bool inTail;
        private bool packedTailLeft;
        private PatchedChunk deltas, frequencies;
        private long positionEnd;   // positions of the documents up to and including the current one
        private PositionWalk walk;
        public int Doc = -1;
        public int Frequency;

        public Cursor(TermPostings postings)
        {
            this.postings = postings;
            bytes = [];
            blocksLeft = postings.DocumentCount / BlockSize;
            packedTailLeft = postings.tailPacked && postings.DocumentTail > 0;
            walk = new PositionWalk(postings);
        }

        public bool MoveNext()
        {
            if (inBlock < blockLength)
            {
                Doc += (int)deltas.Next(bytes);
                Frequency = (int)frequencies.Next(bytes) + 1;
                inBlock++;
            }
            else if (blocksLeft > 0)
            {
                OpenBlock();
                return MoveNext();
            }
            else
            {
                if (!inTail)
                {
                    inTail = true;
                    bytes = postings.docTail.Bytes ?? [];
                    offset = 0;
                    end = postings.docTail.Length;
                }
                if (packedTailLeft)
                {
                    // The packed tail: one short block without a header, the whole tail.
                    var count = postings.DocumentTail;
                    deltas.Enter(bytes, 0, count);
                    frequencies.Enter(bytes, deltas.End, count);
                    offset = end;
                    packedTailLeft = false;
                    inBlock = 0;
                    blockLength = count;
                    return MoveNext();
                }
                if (offset >= end) return false;
                ReadTailPair(bytes, ref offset, out var delta, out var frequency);
                Doc += (int)delta;
                Frequency = (int)frequency;
            }
            positionEnd += Frequency;
            return true;
        }

        /// <summary>Makes <c>offset</c> the next block's header, moving to the next page when this one's blocks are done.</summary>
        private void ToNextBlock()
        {
            if (page >= 0 && offset < end) return;
            page++;
            bytes = postings.docBlocks.Page(page);
            end = postings.docBlocks.PageEnd(page);
            offset = 0;
        }

        private void OpenBlock()
        {
            ToNextBlock();
            var at = offset;
            var blockBytes = (int)VarIntBuffer.Read(bytes, ref at);
            VarIntBuffer.Read(bytes, ref at); // the sums, for skipping
            VarIntBuffer.Read(bytes, ref at);
            deltas.Enter(bytes, at);
            frequencies.Enter(bytes, deltas.End);
            offset = at + blockBytes;
            blocksLeft--;
            inBlock = 0;
        }

        /// <summary>Moves to the first document at or after <paramref name="target"/>, skipping whole blocks that end before it.</summary>
        public bool AdvanceTo(int target)
        {
            while (Doc < target)
            {
                if (inBlock == blockLength && blocksLeft > 0)
                {
                    ToNextBlock();
                    var at = offset;
                    var blockBytes = (int)VarIntBuffer.Read(bytes, ref at);
                    var deltaSum = VarIntBuffer.Read(bytes, ref at);
                    var frequencySum = VarIntBuffer.Read(bytes, ref at);
                    if (Doc + (long)deltaSum < target)
                    {
                        // The whole block lies before the target: step over it unread.
                        Doc += (int)deltaSum;
                        positionEnd += frequencySum;
                        Frequency = 0;
                        offset = at + blockBytes;
                        blocksLeft--;
                        continue;
                    }
                }
                if (!MoveNext()) return false;
            }
            return true;
        }

        /// <summary>The current document's positions, read lazily.</summary>
        public PositionReader Positions()
        {
            walk.SkipTo(positionEnd - Frequency);
            return new PositionReader(walk, Frequency);
        }
    }

    /// <summary>One document's positions of one term, decoded one at a time.</summary>
    public struct PositionReader
    {
        private PositionWalk walk;
        private int remaining;
        private int position;
        public int Current = -1;

        internal PositionReader(PositionWalk walk, int count)
        {
            this.walk = walk;
            remaining = count;
        }

        public readonly bool Exhausted => remaining == 0 && Current < 0;

        public bool MoveNext()
        {
            if (remaining == 0) { Current = -1; return false; }
            position += (int)walk.Next();
            remaining--;
            Current = position;
            return true;
        }

        /// <summary>Moves forward to <paramref name="target"/>; true if the term stands there. Targets only grow.</summary>
        public bool AdvanceTo(int target)
        {
            if (Current >= target) return Current == target;
            while (MoveNext())
                if (Current >= target) return Current == target;
            return false;
        }
    }
}

/// <summary>Fixed-width bit packing: 128 values of <c>w</c> bits take exactly 16·w bytes, read back one at a time.</summary>
internal static class BitPack
{
    public static int BitsFor(uint max) => 32 - BitOperations.LeadingZeroCount(max);

    public static void Pack(ref VarIntBuffer buffer, ReadOnlySpan<uint> values, int bits)
    {
        if (bits == 0) return;
        var byteCount = (values.Length * bits + 7) / 8;
        var target = buffer.Append(byteCount);
        target.Clear();
        var bit = 0;
        foreach (var value in values)
        {
            var v = (ulong)value << (bit & 7);
            var at = bit >> 3;
            for (var i = 0; v != 0 && at + i < target.Length; i++, v >>= 8) target[at + i] |= (byte)v;
            bit += bits;
        }
    }

    /// <summary>
    /// Patched frame of reference: the width that makes the chunk smallest when the few values wider than it (a
    /// work's first position of a word, a long gap) are kept apart as exceptions — their index and high bits.
    /// Layout: width, exception count, [exception bytes, (index, high bits)…], packed low bits.
    /// </summary>
    public static void PackPatched(ref VarIntBuffer buffer, ReadOnlySpan<uint> values)
    {
        Span<int> atWidth = stackalloc int[33];
        foreach (var v in values) atWidth[BitsFor(v)]++;
        int bestBits = 32, bestCost = int.MaxValue;
        for (var b = 32; b >= 0; b--)
        {
            // Exceptions cost an index byte and about one byte per 7 high bits.
            var cost = values.Length * b;
            for (var w = b + 1; w <= 32; w++) cost += atWidth[w] * (8 + 8 * ((w - b + 6) / 7));
            if (cost < bestCost) { bestCost = cost; bestBits = b; }
        }
        var exceptions = new VarIntBuffer();
        var count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (BitsFor(values[i]) <= bestBits) continue;
            exceptions.WriteByte((byte)i);
            exceptions.Write(values[i] >> bestBits);
            count++;
        }
        buffer.WriteByte((byte)bestBits);
        buffer.WriteByte((byte)count);
        if (count > 0)
        {
            buffer.Write((uint)exceptions.Length);
            exceptions.Bytes.AsSpan(0, exceptions.Length).CopyTo(buffer.Append(exceptions.Length));
        }
        Span<uint> low = stackalloc uint[values.Length];
        var mask = bestBits == 32 ? uint.MaxValue : (1u << bestBits) - 1;
        for (var i = 0; i < values.Length; i++) low[i] = values[i] & mask;
        Pack(ref buffer, low, bestBits);
    }

    public static uint Extract(byte[] bytes, int start, int bits, int index)
    {
        if (bits == 0) return 0;
        var bit = index * bits;
        var at = start + (bit >> 3);
        ulong word;
        if (at + 8 <= bytes.Length) word = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
        else
        {
            word = 0;
            for (var i = 0; at + i < bytes.Length && i < 8; i++) word |= (ulong)bytes[at + i] << (8 * i);
        }
        return (uint)((word >> (bit & 7)) & ((1UL << bits) - 1));
    }
}
