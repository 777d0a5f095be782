using Ficshelf.Core.Search.InProcess;

namespace Ficshelf.Core.Tests.Search;

public class DocBitsTests
{
    [Fact]
    public void NextSetBit_finds_each_set_document_from_any_start_and_minus_one_past_the_last()
    {
        var random = new Random(3);
        var bits = new DocBits(1000);
        var set = new SortedSet<int>();
        for (var i = 0; i < 60; i++) set.Add(random.Next(1000));
        set.Add(63);
        set.Add(64);
        set.Add(999);
        foreach (var d in set) bits.Set(d);
        for (var from = -1; from <= 1100; from++)
        {
            var expected = set.FirstOrDefault(d => d >= from, -1);
            Assert.Equal(expected, bits.NextSetBit(from));
        }
    }
}
