using Ficshelf.Core.Search.InProcess;

namespace Ficshelf.Core.Tests.Search;

/// <summary>The block-packed postings give back exactly what was written: documents, frequencies, positions, across full blocks and the tail.</summary>
public class TermPostingsTests
{
    private static List<(int Doc, List<int> Positions)> RandomPostings(Random random, int documents)
    {
        var postings = new List<(int, List<int>)>();
        var doc = -1;
        for (var i = 0; i < documents; i++)
        {
            // Mostly small gaps and few occurrences, sometimes huge ones, so bit widths vary between blocks.
            doc += random.Next(10) == 0 ? 1 + random.Next(100_000) : 1 + random.Next(5);
            var count = random.Next(20) == 0 ? 1 + random.Next(700) : 1 + random.Next(4);
            var positions = new SortedSet<int>();
            while (positions.Count < count) positions.Add(random.Next(random.Next(4) == 0 ? 1_000_000 : 3000));
            postings.Add((doc, positions.ToList()));
        }
        return postings;
    }

    private static TermPostings Build(List<(int Doc, List<int> Positions)> expected)
    {
        var postings = new TermPostings();
        foreach (var (doc, positions) in expected) postings.Flush(doc, positions);
        return postings;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 127)]
    [InlineData(4, 128)]
    [InlineData(5, 129)]
    [InlineData(6, 1000)]
    [InlineData(9, 60_000)] // both streams span several pages
    public void Cursor_gives_back_every_document_frequency_and_position(int seed, int documents)
    {
        var expected = RandomPostings(new Random(seed), documents);
        foreach (var postings in new[] { Build(expected), Trimmed(Build(expected)), RoundTrip(Build(expected)), TrimmedOnTheWay(expected) })
        {
            Assert.Equal(documents, postings.DocumentCount);
            var cursor = postings.Open();
            var random = new Random(seed);
            foreach (var (doc, positions) in expected)
            {
                Assert.True(cursor.MoveNext());
                Assert.Equal(doc, cursor.Doc);
                Assert.Equal(positions.Count, cursor.Frequency);
                if (random.Next(3) == 0) continue; // positions left unread must not shift the next document's
                var reader = cursor.Positions();
                var read = new List<int>();
                while (reader.MoveNext()) read.Add(reader.Current);
                Assert.Equal(positions, read);
            }
            Assert.False(cursor.MoveNext());
        }
    }

    [Theory]
    [InlineData(7, 1000)]
    [InlineData(8, 300)]
    public void AdvanceTo_skips_blocks_and_keeps_positions_in_step(int seed, int documents)
    {
        var expected = RandomPostings(new Random(seed), documents);
        var postings = seed % 2 == 0 ? Trimmed(Build(expected)) : Build(expected);
        var random = new Random(seed + 1);
        var cursor = postings.Open();
        var index = 0;
        while (true)
        {
            var target = expected[Math.Min(expected.Count - 1, index + random.Next(400))].Doc - random.Next(2);
            var landing = expected.FindIndex(p => p.Doc >= target);
            if (!cursor.AdvanceTo(target)) { Assert.Equal(-1, landing); break; }
            Assert.Equal(expected[landing].Doc, cursor.Doc);
            Assert.Equal(expected[landing].Positions.Count, cursor.Frequency);
            var reader = cursor.Positions();
            var read = new List<int>();
            while (reader.MoveNext()) read.Add(reader.Current);
            Assert.Equal(expected[landing].Positions, read);
            index = landing + 1;
            if (index >= expected.Count) { Assert.False(cursor.MoveNext()); break; }
        }
    }

    [Fact]
    public void A_long_posting_list_grows_in_pages_below_the_large_object_heap()
    {
        var expected = RandomPostings(new Random(12), 60_000);
        var postings = Build(expected);
        var (documentPages, positionPages) = postings.Pages;
        Assert.True(documentPages.Count > 1 && positionPages.Count > 1, $"{documentPages.Count} and {positionPages.Count} pages");
        Assert.All(documentPages.Concat(positionPages), length => Assert.True(length <= PagedBytes.PageSize, $"a page of {length} bytes"));
        Assert.True(PagedBytes.PageSize < 85_000);
    }

    [Fact]
    public void A_rare_terms_tail_takes_fewer_bytes_once_packed()
    {
        // Forty documents far apart, one occurrence each far into the work: variable bytes take two bytes a number.
        var random = new Random(11);
        var expected = Enumerable.Range(0, 40).Select(i => (i * 250 + random.Next(200), new List<int> { 300 + random.Next(3000) })).ToList();
        var postings = Build(expected);
        var before = postings.SizeBytes;
        postings.Trim();
        Assert.True(postings.SizeBytes < before, $"{postings.SizeBytes} bytes packed, {before} before");
    }

    private static TermPostings Trimmed(TermPostings postings)
    {
        postings.Trim();
        return postings;
    }

    /// <summary>Packed (as a search between two batches does) part of the way, then written on: the tail goes back to variable bytes.</summary>
    private static TermPostings TrimmedOnTheWay(List<(int Doc, List<int> Positions)> expected)
    {
        var postings = new TermPostings();
        for (var i = 0; i < expected.Count; i++)
        {
            postings.Flush(expected[i].Doc, expected[i].Positions);
            if (i % 37 == 5) postings.Trim();
        }
        return postings;
    }

    private static TermPostings RoundTrip(TermPostings postings)
    {
        postings.Trim();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) postings.Write(writer);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        return TermPostings.Read(reader);
    }
}
