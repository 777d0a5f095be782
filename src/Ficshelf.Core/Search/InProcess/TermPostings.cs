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
/// </summary>
internal sealed class TermPostings
{
    public const int BlockSize = 128;

    private VarIntBuffer docs;
    private VarIntBuffer positions;
    public int DocumentCount;
    private long positionCount;
    private int lastDoc = -1;
    private int docTailStart;
    private int positionTailStart;
    public int PendingSlot = -1;
    private bool tailPacked;

    // Trimmed since the last document came (whether or not packing the tail paid): the next preparation skips it.
    private bool trimmed;

    private int DocumentTail => DocumentCount % BlockSize;

    private int PositionTail => (int)(positionCount % BlockSize);

    private long PackedPositions => positionCount / BlockSize * BlockSize;

    public void Flush(int doc, List<int> at)
    {
        trimmed = false;
        if (tailPacked) UnpackTail();
        var previous = 0;
        foreach (var p in at)
        {
            positions.Write((uint)(p - previous));
            previous = p;
        }
        var packedBefore = PackedPositions;
        positionCount += at.Count;
        if (PackedPositions != packedBefore) PackPositions((int)(positionCount - packedBefore));

        // As Lucene's tail does: the low bit says "once", so a word seen once in a work costs no frequency byte.
        var delta = (uint)(doc - lastDoc);
        if (at.Count == 1) docs.Write(delta << 1 | 1);
        else
        {
            docs.Write(delta << 1);
            docs.Write((uint)at.Count);
        }
        lastDoc = doc;
        DocumentCount++;
        if (DocumentCount % BlockSize == 0) PackDocuments();
    }

    /// <summary>Turns the last 128 variable-byte (delta, frequency) pairs into one block: byte length, sums, two patched chunks.</summary>
    private void PackDocuments()
    {
        Span<uint> deltas = stackalloc uint[BlockSize];
        Span<uint> frequencies = stackalloc uint[BlockSize];
        var offset = docTailStart;
        uint deltaSum = 0;
        long frequencySum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            ReadTailPair(docs.Bytes, ref offset, out deltas[i], out var frequency);
            frequencies[i] = frequency - 1;
            deltaSum += deltas[i];
            frequencySum += frequency;
        }
        var block = new VarIntBuffer();
        BitPack.PackPatched(ref block, deltas);
        BitPack.PackPatched(ref block, frequencies);
        docs.Length = docTailStart;
        docs.Write((uint)block.Length);
        docs.Write(deltaSum);
        docs.Write((uint)frequencySum);
        block.Bytes.AsSpan(0, block.Length).CopyTo(docs.Append(block.Length));
        docTailStart = docs.Length;
    }

    private static void ReadTailPair(byte[] bytes, ref int offset, out uint delta, out uint frequency)
    {
        var code = VarIntBuffer.Read(bytes, ref offset);
        delta = code >> 1;
        frequency = (code & 1) != 0 ? 1 : VarIntBuffer.Read(bytes, ref offset);
    }

    /// <summary>Packs whole chunks of 128 out of the variable-byte tail of <paramref name="tailCount"/> positions; the rest stays a tail.</summary>
    private void PackPositions(int tailCount)
    {
        var values = ArrayPool<uint>.Shared.Rent(tailCount);
        var offset = positionTailStart;
        for (var i = 0; i < tailCount; i++) values[i] = VarIntBuffer.Read(positions.Bytes, ref offset);
        positions.Length = positionTailStart;
        var at = 0;
        for (; at + BlockSize <= tailCount; at += BlockSize)
        {
            BitPack.PackPatched(ref positions, values.AsSpan(at, BlockSize));
        }
        positionTailStart = positions.Length;
        for (; at < tailCount; at++) positions.Write(values[at]);
        ArrayPool<uint>.Shared.Return(values);
    }

    public void Trim()
    {
        if (trimmed) return;
        PackTail();
        docs.Trim();
        positions.Trim();
        trimmed = true;
    }

    /// <summary>The variable-byte tails as patched chunks of fewer than 128 values, when that takes fewer bytes.</summary>
    private void PackTail()
    {
        if (tailPacked || (DocumentTail == 0 && PositionTail == 0)) return;
        Span<uint> deltas = stackalloc uint[BlockSize];
        Span<uint> frequencies = stackalloc uint[BlockSize];
        Span<uint> values = stackalloc uint[BlockSize];
        var offset = docTailStart;
        for (var i = 0; i < DocumentTail; i++)
        {
            ReadTailPair(docs.Bytes, ref offset, out deltas[i], out var frequency);
            frequencies[i] = frequency - 1;
        }
        offset = positionTailStart;
        for (var i = 0; i < PositionTail; i++) values[i] = VarIntBuffer.Read(positions.Bytes, ref offset);
        var packedDocs = new VarIntBuffer();
        if (DocumentTail > 0)
        {
            BitPack.PackPatched(ref packedDocs, deltas[..DocumentTail]);
            BitPack.PackPatched(ref packedDocs, frequencies[..DocumentTail]);
        }
        var packedPositions = new VarIntBuffer();
        if (PositionTail > 0) BitPack.PackPatched(ref packedPositions, values[..PositionTail]);
        if (packedDocs.Length + packedPositions.Length >= docs.Length - docTailStart + positions.Length - positionTailStart) return;
        docs.Length = docTailStart;
        if (packedDocs.Length > 0) packedDocs.Bytes.AsSpan(0, packedDocs.Length).CopyTo(docs.Append(packedDocs.Length));
        positions.Length = positionTailStart;
        if (packedPositions.Length > 0) packedPositions.Bytes.AsSpan(0, packedPositions.Length).CopyTo(positions.Append(packedPositions.Length));
        tailPacked = true;
    }

    /// <summary>The packed tails back to variable bytes, so more documents can be added after them.</summary>
    private void UnpackTail()
    {
        Span<uint> deltas = stackalloc uint[BlockSize];
        Span<uint> frequencies = stackalloc uint[BlockSize];
        Span<uint> values = stackalloc uint[BlockSize];
        var bytes = docs.Bytes ?? [];
        var chunk = new PatchedChunk();
        if (DocumentTail > 0)
        {
            chunk.Enter(bytes, docTailStart, DocumentTail);
            for (var i = 0; i < DocumentTail; i++) deltas[i] = chunk.Next(bytes);
            chunk.Enter(bytes, chunk.End, DocumentTail);
            for (var i = 0; i < DocumentTail; i++) frequencies[i] = chunk.Next(bytes) + 1;
        }
        var positionBytes = positions.Bytes ?? [];
        if (PositionTail > 0)
        {
            chunk.Enter(positionBytes, positionTailStart, PositionTail);
            for (var i = 0; i < PositionTail; i++) values[i] = chunk.Next(positionBytes);
        }
        docs.Length = docTailStart;
        for (var i = 0; i < DocumentTail; i++)
        {
            if (frequencies[i] == 1) docs.Write(deltas[i] << 1 | 1);
            else
            {
                docs.Write(deltas[i] << 1);
                docs.Write(frequencies[i]);
            }
        }
        positions.Length = positionTailStart;
        for (var i = 0; i < PositionTail; i++) positions.Write(values[i]);
        tailPacked = false;
    }

    public long SizeBytes => DocumentBytes + PositionBytes;

    public long DocumentBytes => docs.Bytes?.Length ?? 0;

    public long PositionBytes => positions.Bytes?.Length ?? 0;

    public void Write(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(DocumentCount);
        writer.Write7BitEncodedInt64(positionCount);
        writer.Write7BitEncodedInt(lastDoc + 1);
        writer.Write7BitEncodedInt(docTailStart);
        writer.Write7BitEncodedInt(positionTailStart);
        writer.Write(tailPacked);
        writer.Write7BitEncodedInt(docs.Length);
        writer.Write(docs.Bytes ?? [], 0, docs.Length);
        writer.Write7BitEncodedInt(positions.Length);
        writer.Write(positions.Bytes ?? [], 0, positions.Length);
    }

    public static TermPostings Read(BinaryReader reader)
    {
        var postings = new TermPostings
        {
            DocumentCount = reader.Read7BitEncodedInt(),
            positionCount = reader.Read7BitEncodedInt64(),
            lastDoc = reader.Read7BitEncodedInt() - 1,
            docTailStart = reader.Read7BitEncodedInt(),
            positionTailStart = reader.Read7BitEncodedInt(),
            tailPacked = reader.ReadBoolean(),
        };
        var docLength = reader.Read7BitEncodedInt();
        postings.docs = new VarIntBuffer { Bytes = reader.ReadBytes(docLength), Length = docLength };
        var positionLength = reader.Read7BitEncodedInt();
        postings.positions = new VarIntBuffer { Bytes = reader.ReadBytes(positionLength), Length = positionLength };
        if (postings.docs.Length != docLength || postings.positions.Length != positionLength)
            throw new EndOfStreamException("the search index file ends inside a posting list");
        return postings;
    }

    public Cursor Open() => new(this);

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

    /// <summary>Where a walk through the position stream stands: the next value's index and where it is read from.</summary>
    internal struct PositionWalk
    {
        public long Index;          // the index of the next value
        private int offset;         // the next variable-byte value, once past the chunks
        private int chunksLeft;
        private readonly int lastChunkSize;
        private PatchedChunk chunk;

        /// <param name="chunks">Patched chunks before the variable-byte values (if any).</param>
        /// <param name="lastChunkSize">The last chunk's count: 128, or fewer for a packed tail.</param>
        public PositionWalk(byte[] bytes, int chunks, int lastChunkSize)
        {
            chunksLeft = chunks;
            this.lastChunkSize = lastChunkSize;
            if (chunks > 0) chunk.Enter(bytes, 0, chunks == 1 ? lastChunkSize : BlockSize);
        }

        private void NextChunk(byte[] bytes)
        {
            offset = chunk.End;
            if (--chunksLeft > 0) chunk.Enter(bytes, offset, chunksLeft == 1 ? lastChunkSize : BlockSize);
        }

        public void SkipTo(byte[] bytes, long target)
        {
            while (Index < target)
            {
                if (chunksLeft > 0)
                {
                    var step = (int)Math.Min(target - Index, chunk.Count - chunk.InChunk);
                    chunk.Skip(bytes, step);
                    Index += step;
                    if (chunk.InChunk == chunk.Count) NextChunk(bytes);
                }
                else
                {
                    VarIntBuffer.Read(bytes, ref offset);
                    Index++;
                }
            }
        }

        public uint Next(byte[] bytes)
        {
            uint value;
            if (chunksLeft > 0)
            {
                value = chunk.Next(bytes);
                if (chunk.InChunk == chunk.Count) NextChunk(bytes);
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
        private readonly byte[] bytes;
        private readonly int end;
        private int offset;         // the next block's header, or the next variable-byte pair once past the blocks
        private int blocksLeft;
        private int inBlock = BlockSize;
        private int blockLength = BlockSize;
        private bool packedTailLeft;
        private PatchedChunk deltas, frequencies;
        private long positionEnd;   // positions of the documents up to and including the current one
        private PositionWalk walk;
        public int Doc = -1;
        public int Frequency;

        public Cursor(TermPostings postings)
        {
            this.postings = postings;
            bytes = postings.docs.Bytes ?? [];
            end = postings.docs.Length;
            blocksLeft = postings.DocumentCount / BlockSize;
            packedTailLeft = postings.tailPacked && postings.DocumentTail > 0;
            var fullChunks = (int)(postings.positionCount / BlockSize);
            walk = postings.tailPacked && postings.PositionTail > 0
                ? new PositionWalk(postings.positions.Bytes ?? [], fullChunks + 1, postings.PositionTail)
                : new PositionWalk(postings.positions.Bytes ?? [], fullChunks, BlockSize);
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
            else if (packedTailLeft)
            {
                // The packed tail: one short block without a header, up to the end of the stream.
                var count = postings.DocumentTail;
                deltas.Enter(bytes, offset, count);
                frequencies.Enter(bytes, deltas.End, count);
                offset = end;
                packedTailLeft = false;
                inBlock = 0;
                blockLength = count;
                return MoveNext();
            }
            else
            {
                if (offset >= end) return false;
                ReadTailPair(bytes, ref offset, out var delta, out var frequency);
                Doc += (int)delta;
                Frequency = (int)frequency;
            }
            positionEnd += Frequency;
            return true;
        }

        private void OpenBlock()
        {
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
            var positionBytes = postings.positions.Bytes ?? [];
            walk.SkipTo(positionBytes, positionEnd - Frequency);
            return new PositionReader(positionBytes, walk, Frequency);
        }
    }

    /// <summary>One document's positions of one term, decoded one at a time.</summary>
    public struct PositionReader
    {
        private readonly byte[] bytes;
        private PositionWalk walk;
        private int remaining;
        private int position;
        public int Current = -1;

        internal PositionReader(byte[] bytes, PositionWalk walk, int count)
        {
            this.bytes = bytes;
            this.walk = walk;
            remaining = count;
        }

        public readonly bool Exhausted => remaining == 0 && Current < 0;

        public bool MoveNext()
        {
            if (remaining == 0) { Current = -1; return false; }
            position += (int)walk.Next(bytes);
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
