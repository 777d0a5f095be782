using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Ficshelf.Web.Pages;

/// <summary>
/// The page and page size a list was asked for, read from the query string itself: <c>page</c> is a reserved route
/// value in Razor Pages (it holds the page's own path), so model binding never sees <c>?page=2</c>.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 20;

    /// <summary>The page sizes a reader may choose (others are clamped to the nearest allowed range).</summary>
    public static readonly int[] PageSizes = [20, 50, 100];

    public static int Page(HttpRequest request) =>
        int.TryParse(request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1 ? page : 1;

    public static int PageSize(HttpRequest request, int fallback = DefaultPageSize) =>
        int.TryParse(request.Query["per"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1 ? Math.Min(size, PageSizes[^1]) : fallback;

    /// <summary>The current address with <c>page</c> (and <c>per</c>, when given) replaced, every other value kept.</summary>
    public static string Url(HttpRequest request, int page, int? pageSize = null)
    {
        var kept = request.Query
            .Where(kv => kv.Key != "page" && (pageSize is null || kv.Key != "per"))
            .SelectMany(kv => kv.Value.Select(v => KeyValuePair.Create(kv.Key, v)))
            .ToList();
        if (pageSize is { } size) kept.Add(KeyValuePair.Create("per", (string?)size.ToString(CultureInfo.InvariantCulture)));
        if (page > 1) kept.Add(KeyValuePair.Create("page", (string?)page.ToString(CultureInfo.InvariantCulture)));
        return request.Path + QueryString.Create(kept).ToUriComponent();
    }

    public static Pager For(HttpRequest request, int total, string? label = null, int defaultPageSize = DefaultPageSize)
    {
        var size = PageSize(request, defaultPageSize);
        return new Pager(Page(request), size, total, p => Url(request, p), s => Url(request, 1, s), label ?? "Pages");
    }

    /// <summary>One page of an in-memory list (the store has no offset for some lists).</summary>
    public static IEnumerable<T> Slice<T>(IEnumerable<T> items, int page, int pageSize) => items.Skip((page - 1) * pageSize).Take(pageSize);
}

/// <summary>What the shared pager shows: numbered pages with gaps, first/last, previous/next, the page size, "Showing 21–40 of 4,033".</summary>
public sealed record Pager(int Page, int PageSize, int Total, Func<int, string> Url, Func<int, string> SizeUrl, string Label)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public int First => Total == 0 ? 0 : (Page - 1) * PageSize + 1;
    public int Last => Math.Min(Total, Page * PageSize);
    public bool PastTheEnd => Total > 0 && Page > Pages;

    /// <summary>The page numbers to show: the first two, two either side of the current page, the last two; null marks a gap.</summary>
    public IReadOnlyList<int?> Numbers()
    {
        var shown = new SortedSet<int> { 1, 2, Pages - 1, Pages };
        for (var p = Page - 2; p <= Page + 2; p++) shown.Add(p);
        var numbers = new List<int?>();
        var previous = 0;
        foreach (var p in shown.Where(p => p >= 1 && p <= Pages))
        {
            if (p > previous + 1) numbers.Add(null);
            numbers.Add(p);
            previous = p;
        }
        return numbers;
    }
}
