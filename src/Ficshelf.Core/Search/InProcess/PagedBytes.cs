namespace Ficshelf.Core.Search.InProcess;

/// <summary>
/// A byte stream of whole units (a posting block, a chunk of positions) kept in pages that are never copied once
/// full. A small stream is one array that doubles, as a list would; from <see cref="PageSize"/> on it is a list of
/// such pages, each below the large-object heap's threshold, so a large index grows without leaving copies of its
/// posting lists behind for a full collection to find. A unit never straddles two pages (a page may end with a few
/// unused bytes), so a reader moves to the next page only between units.
/// </summary>
internal struct PagedBytes
{
    /// <summary>64 KB: below the 85,000 bytes from which .NET puts arrays on the large-object heap.</summary>
    public const int PageSize = 1 << 16;

    private byte[][]? pages;
    private int[]? ends;        // the bytes used in each page
    private int count;

    /// <summary>The bytes written (not counting the pages' unused ends).</summary>
    public int Length { get; private set; }

    public readonly int PageCount => count;

    public readonly byte[] Page(int index) => pages![index];

    public readonly int PageEnd(int index) => ends![index];

    /// <summary>The bytes held, unused ends included.</summary>
    public readonly long AllocatedBytes
    {
        get
        {
            if (pages is null) return 0;
            long bytes = (pages.Length + ends!.Length) * 8L + 48;
            for (var i = 0; i < count; i++) bytes += pages[i].Length;
            return bytes;
        }
    }

    /// <summary>Room for one unit of <paramref name="size"/> bytes, all in one page, to fill.</summary>
    public Span<byte> Append(int size)
    {
        if (count > 0)
        {
            var last = count - 1;
            var end = ends![last];
            if (end + size > pages![last].Length && pages[last].Length < PageSize && end + size <= PageSize)
                Array.Resize(ref pages[last], Math.Min(PageSize, Math.Max(pages[last].Length * 2, end + size)));
            if (end + size <= pages[last].Length)
            {
                ends[last] = end + size;
                Length += size;
                return pages[last].AsSpan(end, size);
            }
        }
        // A first page starts small (most streams stay small); a stream that filled a page goes on in whole pages.
        AddPage(new byte[Math.Max(size, count == 0 ? 256 : PageSize)], size);
        Length += size;
        return pages![count - 1].AsSpan(0, size);
    }

    private void AddPage(byte[] page, int used)
    {
        pages ??= new byte[2][];
        ends ??= new int[2];
        if (count == pages.Length)
        {
            Array.Resize(ref pages, count * 2);
            Array.Resize(ref ends, count * 2);
        }
        pages[count] = page;
        ends[count] = used;
        count++;
    }

    /// <summary>A stream read back from a file: one page holding all of it (allocated once, never grown in place).</summary>
    public static PagedBytes Of(byte[] bytes)
    {
        var paged = new PagedBytes();
        if (bytes.Length > 0)
        {
            paged.AddPage(bytes, bytes.Length);
            paged.Length = bytes.Length;
        }
        return paged;
    }

    /// <summary>Gives back the last page's unused end and the page list's slack (once the index is read from).</summary>
    public void Trim()
    {
        if (count == 0) return;
        var last = count - 1;
        if (ends![last] < pages![last].Length) Array.Resize(ref pages[last], ends[last]);
        if (pages.Length > count)
        {
            Array.Resize(ref pages, count);
            Array.Resize(ref ends, count);
        }
    }

    public readonly void WriteTo(BinaryWriter writer)
    {
        for (var i = 0; i < count; i++) writer.Write(pages![i], 0, ends![i]);
    }
}
