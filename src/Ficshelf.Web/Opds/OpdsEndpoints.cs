using System.Collections.Concurrent;
using System.Globalization;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Api;
using Ficshelf.Web.Readers;
using Ficshelf.Web.Services;

namespace Ficshelf.Web.Opds;

/// <summary>
/// The OPDS 1.2 catalog for e-reader apps (KOReader, Moon+ Reader, Thorium, Apple Books via apps): /opds. Navigation by
/// fandom, relationship, character and series, recently added, in progress and bookmarks; search through an OpenSearch
/// description with the site's query syntax; EPUB, HTML and text downloads; generated title cards; next/previous paging.
/// Anyone the site lets read may browse; the reader's own feeds (progress, bookmarks) ask for HTTP Basic sign-in.
/// </summary>
public static class OpdsEndpoints
{
    public const int PageSize = 25;
    private static readonly TagCategory[] BrowseCategories = [TagCategory.Fandom, TagCategory.Relationship, TagCategory.Character];

    public static void MapOpds(this IEndpointRouteBuilder app)
    {
        var opds = app.MapGroup("/opds").WithTags("OPDS").ExcludeFromDescription();
        opds.MapGet("", Root);
        opds.MapGet("/search.xml", (HttpContext context) => Xml(OpdsFeedWriter.OpenSearchDescription(
            $"{Base(context)}/opds/search?q={{searchTerms}}&page={{startPage?}}"), OpdsFeedWriter.OpenSearchType));
        opds.MapGet("/search", Search);
        opds.MapGet("/recent", (HttpContext context, int? page) => Acquisition(context, "recent", "Recently added",
            new SearchQuery { Sort = SearchSort.DateImported }, page, "/opds/recent?"));
        opds.MapGet("/tags/{category}", Tags);
        opds.MapGet("/series", Series);
        opds.MapGet("/series/works", SeriesWorks);
        opds.MapGet("/progress", Progress);
        opds.MapGet("/bookmarks", Bookmarks);
        opds.MapGet("/works/{id:long}/cover.svg", IResult (HttpContext context, long id) =>
        {
            if (Guard(context) is { } refused) return refused;
            var store = context.RequestServices.GetRequiredService<IArchiveStore>();
            return store.GetBlurbs([id]) is [var work] ? TypedResults.Bytes(TitleCard.Svg(work), "image/svg+xml") : TypedResults.NotFound();
        });
        opds.MapGet("/works/{id:long}/download/{format}", (HttpContext context, long id, string format) =>
            Guard(context) is { } refused ? Task.FromResult(refused) : ReaderDownloads.Download(context, id, format));
    }

    private static IResult Root(HttpContext context)
    {
        if (Guard(context) is { } refused) return refused;
        var root = Base(context);
        List<OpdsNavigationEntry> entries =
        [
            Nav(root, "recent", "Recently added", "The newest works first.", "/opds/recent", OpdsFeedWriter.AcquisitionType, "http://opds-spec.org/sort/new"),
            .. BrowseCategories.Select(c => Nav(root, $"tags:{c.Slug()}", $"By {c.Slug()}", $"Works by {c.Slug()}, the most used first.", $"/opds/tags/{c.Slug()}", OpdsFeedWriter.NavigationType)),
            Nav(root, "series", "By series", "Works that belong to a series or book, in order.", "/opds/series", OpdsFeedWriter.NavigationType),
            Nav(root, "progress", "In progress", "Works you have started and not finished.", "/opds/progress", OpdsFeedWriter.AcquisitionType),
            Nav(root, "bookmarks", "Bookmarks", "Works you bookmarked.", "/opds/bookmarks", OpdsFeedWriter.AcquisitionType),
        ];
        return Feed(new OpdsFeed("urn:ficshelf:opds", "Ficshelf", Now(context), [.. SelfAndStart(root, "/opds", OpdsFeedWriter.NavigationType)]) { Navigation = entries });
    }

    private static async Task<IResult> Search(HttpContext context, string? q, int? page)
    {
        if (Guard(context) is { } refused) return refused;
        SearchQuery query;
        try { query = SearchQueryParser.Parse(q); }
        catch (FormatException e) { return TypedResults.BadRequest(new ErrorResponse(e.Message)); }
        return await Acquisition(context, "search:" + q, string.IsNullOrWhiteSpace(q) ? "All works" : $"Search: {q}", query, page,
            $"/opds/search?q={Uri.EscapeDataString(q ?? "")}&");
    }

    private static async Task<IResult> Tags(HttpContext context, string category, int? page)
    {
        if (Guard(context) is { } refused) return refused;
        if (!TagNames.TryParseCategory(category, out var tagCategory) || !BrowseCategories.Contains(tagCategory))
            return TypedResults.NotFound(new ErrorResponse($"no catalog by {category}: fandom, relationship or character"));
        var search = context.RequestServices.GetRequiredService<SearchService>();
        await search.RefreshIfArchiveChangedAsync(TimeSpan.FromSeconds(1), cancel: context.RequestAborted);
        var facets = search.Search(new SearchQuery { PageSize = 1, FacetsPerCategory = 100_000 }).Facets;
        var tags = facets.TryGetValue(tagCategory, out var list) ? list : [];
        var root = Base(context);
        var (first, pageNumber) = Window(page, tags.Count);
        var entries = tags.Skip(first).Take(PageSize).Select(f =>
        {
            var q = $"+{tagCategory.Slug()}:\"{f.Tag.Name}\"";
            return new OpdsNavigationEntry($"urn:ficshelf:tag:{tagCategory.Slug()}:{Uri.EscapeDataString(f.Tag.Name)}", f.Tag.Name,
                f.Works == 1 ? "1 work" : $"{f.Works.ToString(CultureInfo.InvariantCulture)} works",
                new OpdsLink("subsection", $"{root}/opds/search?q={Uri.EscapeDataString(q)}", OpdsFeedWriter.AcquisitionType), f.Works);
        }).ToList();
        var path = $"/opds/tags/{tagCategory.Slug()}?";
        return Feed(new OpdsFeed($"urn:ficshelf:opds:tags:{tagCategory.Slug()}", $"By {tagCategory.Slug()}", Now(context),
            [.. SelfAndStart(root, PageHref(path, pageNumber), OpdsFeedWriter.NavigationType), .. Paging(root, path, pageNumber, tags.Count, OpdsFeedWriter.NavigationType)])
        { Navigation = entries, TotalResults = tags.Count, ItemsPerPage = PageSize, StartIndex = first + 1 });
    }

    private static IResult Series(HttpContext context, int? page)
    {
        if (Guard(context) is { } refused) return refused;
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        var series = SeriesIndex.Of(store).OrderBy(s => s.Key, StringComparer.OrdinalIgnoreCase).ToList();
        var root = Base(context);
        var (first, pageNumber) = Window(page, series.Count);
        var entries = series.Skip(first).Take(PageSize).Select(s => new OpdsNavigationEntry(
            $"urn:ficshelf:series:{Uri.EscapeDataString(s.Key)}", s.Key, s.Value.Count == 1 ? "1 work" : $"{s.Value.Count.ToString(CultureInfo.InvariantCulture)} works",
            new OpdsLink("subsection", $"{root}/opds/series/works?name={Uri.EscapeDataString(s.Key)}", OpdsFeedWriter.AcquisitionType), s.Value.Count)).ToList();
        return Feed(new OpdsFeed("urn:ficshelf:opds:series", "By series", Now(context),
            [.. SelfAndStart(root, PageHref("/opds/series?", pageNumber), OpdsFeedWriter.NavigationType), .. Paging(root, "/opds/series?", pageNumber, series.Count, OpdsFeedWriter.NavigationType)])
        { Navigation = entries, TotalResults = series.Count, ItemsPerPage = PageSize, StartIndex = first + 1 });
    }

    private static IResult SeriesWorks(HttpContext context, string? name, int? page)
    {
        if (Guard(context) is { } refused) return refused;
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        if (name is null || !SeriesIndex.Of(store).TryGetValue(name, out var members))
            return TypedResults.NotFound(new ErrorResponse($"no series named {name}"));
        return WorkList(context, $"series:{name}", name, members.Select(m => (m.WorkId, (string?)null)).ToList(), page,
            $"/opds/series/works?name={Uri.EscapeDataString(name)}&");
    }

    private static IResult Progress(HttpContext context, int? page)
    {
        var reader = DeviceSignIn.FromBasic(context);
        if (!reader.CanKeepState) return DeviceSignIn.Challenge(context, "Sign in to see the works you are reading.");
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        var reading = store.ListProgress(reader.UserId).Where(p => !p.Read)
            .Select(p => (p.WorkId, (string?)$"At chapter {p.Chapter.ToString(CultureInfo.InvariantCulture)}")).ToList();
        return WorkList(context, "progress", "In progress", reading, page, "/opds/progress?");
    }

    private static IResult Bookmarks(HttpContext context, int? page)
    {
        var reader = DeviceSignIn.FromBasic(context);
        if (!reader.CanKeepState) return DeviceSignIn.Challenge(context, "Sign in to see your bookmarks.");
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        var marks = store.ListBookmarks(reader.UserId).Select(b => (b.WorkId, string.IsNullOrWhiteSpace(b.Note) ? null : b.Note)).ToList();
        return WorkList(context, "bookmarks", "Bookmarks", marks, page, "/opds/bookmarks?");
    }

    /// <summary>An acquisition feed of a search (one page of it).</summary>
    private static async Task<IResult> Acquisition(HttpContext context, string key, string title, SearchQuery query, int? page, string path)
    {
        if (Guard(context) is { } refused) return refused;
        var search = context.RequestServices.GetRequiredService<SearchService>();
        await search.RefreshIfArchiveChangedAsync(TimeSpan.FromSeconds(1), cancel: context.RequestAborted);
        var pageNumber = Math.Max(1, page ?? 1);
        var result = search.Search(query with { Page = pageNumber, PageSize = PageSize, FacetsPerCategory = 0 });
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        var root = Base(context);
        var blurbs = store.GetBlurbs([.. result.Hits.Select(h => h.WorkId)]);
        return Feed(new OpdsFeed($"urn:ficshelf:opds:{Uri.EscapeDataString(key)}", title, Now(context),
            [.. SelfAndStart(root, PageHref(path, pageNumber), OpdsFeedWriter.AcquisitionType), .. Paging(root, path, pageNumber, result.Total, OpdsFeedWriter.AcquisitionType)])
        {
            Works = [.. blurbs.Select(b => WorkEntry(root, b, SeriesIndex.Find(store, b.Id)))],
            TotalResults = result.Total, ItemsPerPage = PageSize, StartIndex = (pageNumber - 1) * PageSize + 1,
        });
    }

    /// <summary>An acquisition feed of works in a given order (a series, the reader's progress or bookmarks), paged.</summary>
    private static IResult WorkList(HttpContext context, string key, string title, List<(long WorkId, string? Note)> works, int? page, string path)
    {
        var store = context.RequestServices.GetRequiredService<IArchiveStore>();
        var root = Base(context);
        var (first, pageNumber) = Window(page, works.Count);
        var slice = works.Skip(first).Take(PageSize).ToList();
        var notes = slice.ToDictionary(w => w.WorkId, w => w.Note);
        var blurbs = store.GetBlurbs([.. slice.Select(w => w.WorkId)]);
        return Feed(new OpdsFeed($"urn:ficshelf:opds:{Uri.EscapeDataString(key)}", title, Now(context),
            [.. SelfAndStart(root, PageHref(path, pageNumber), OpdsFeedWriter.AcquisitionType), .. Paging(root, path, pageNumber, works.Count, OpdsFeedWriter.AcquisitionType)])
        {
            Works = [.. blurbs.Select(b => WorkEntry(root, b, SeriesIndex.Find(store, b.Id), notes.GetValueOrDefault(b.Id)))],
            TotalResults = works.Count, ItemsPerPage = PageSize, StartIndex = first + 1,
        });
    }

    private static OpdsWorkEntry WorkEntry(string root, WorkBlurb work, SeriesMember? series, string? note = null)
    {
        var id = work.Id.ToString(CultureInfo.InvariantCulture);
        List<OpdsLink> links =
        [
            .. ReaderDownloads.Offered.Select(f => new OpdsLink("http://opds-spec.org/acquisition", $"{root}/opds/works/{id}/download/{f.Slug}", f.ContentType, f.Title)),
            new("http://opds-spec.org/image", $"{root}/opds/works/{id}/cover.svg", "image/svg+xml"),
            new("http://opds-spec.org/image/thumbnail", $"{root}/opds/works/{id}/cover.svg", "image/svg+xml"),
            new("alternate", $"{root}/works/{id}", "text/html", "Read on the web"),
        ];
        return new OpdsWorkEntry(work, series?.Series, series?.Part, links, note);
    }

    private static OpdsNavigationEntry Nav(string root, string key, string title, string content, string path, string type, string rel = "subsection") =>
        new($"urn:ficshelf:opds:{key}", title, content, new OpdsLink(rel, root + path, type));

    private static IEnumerable<OpdsLink> SelfAndStart(string root, string selfPath, string type) =>
    [
        new("self", root + selfPath, type),
        new("start", root + "/opds", OpdsFeedWriter.NavigationType, "Ficshelf"),
        new("search", root + "/opds/search.xml", OpdsFeedWriter.OpenSearchType, "Search Ficshelf"),
    ];

    private static IEnumerable<OpdsLink> Paging(string root, string path, int page, int total, string type)
    {
        var last = Math.Max(1, (total + PageSize - 1) / PageSize);
        if (last == 1) yield break;
        yield return new OpdsLink("first", root + PageHref(path, 1), type);
        if (page > 1) yield return new OpdsLink("previous", root + PageHref(path, page - 1), type);
        if (page < last) yield return new OpdsLink("next", root + PageHref(path, page + 1), type);
        yield return new OpdsLink("last", root + PageHref(path, last), type);
    }

    private static string PageHref(string path, int page) => page == 1 ? path.TrimEnd('?', '&') : $"{path}page={page.ToString(CultureInfo.InvariantCulture)}";

    private static (int First, int Page) Window(int? page, int total)
    {
        var pageNumber = Math.Max(1, page ?? 1);
        return ((pageNumber - 1) * PageSize, pageNumber);
    }

    /// <summary>Wrong credentials are refused (so the app asks again); none at all read as a visitor, as the web site allows.</summary>
    private static IResult? Guard(HttpContext context) =>
        DeviceSignIn.FromBasic(context).Outcome == DeviceSignInOutcome.Refused ? DeviceSignIn.Challenge(context, "That name and password do not match an account.") : null;

    private static Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult Feed(OpdsFeed feed) => Xml(OpdsFeedWriter.Write(feed),
        feed.Works.Count > 0 || feed.Navigation.Count == 0 ? OpdsFeedWriter.AcquisitionType + ";charset=utf-8" : OpdsFeedWriter.NavigationType + ";charset=utf-8");

    private static Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult Xml(byte[] bytes, string type) => TypedResults.Bytes(bytes, type);

    internal static string Base(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";

    // The feed's own time: the newest work's import would need a query per feed; the request time is what Calibre-Web and Kavita send.
    private static DateTimeOffset Now(HttpContext context) => DateTimeOffset.UtcNow;
}

public sealed record SeriesMember(long WorkId, string Series, int? Part);

/// <summary>The archive's series (Work.SeriesOrBook) with their works in order, read once per archive change.</summary>
internal static class SeriesIndex
{
    private static readonly ConcurrentDictionary<string, (string Stamp, Dictionary<string, List<SeriesMember>> Series, Dictionary<long, SeriesMember> ByWork)> Cache = new(StringComparer.Ordinal);

    public static Dictionary<string, List<SeriesMember>> Of(IArchiveStore store) => Load(store).Series;

    public static SeriesMember? Find(IArchiveStore store, long workId) => Load(store).ByWork.GetValueOrDefault(workId);

    private static (string Stamp, Dictionary<string, List<SeriesMember>> Series, Dictionary<long, SeriesMember> ByWork) Load(IArchiveStore store)
    {
        var stamp = store.ChangeStamp();
        if (Cache.TryGetValue(store.Location, out var cached) && string.Equals(cached.Stamp, stamp, StringComparison.Ordinal)) return cached;
        var members = store.StreamWorks()
            .Where(w => !string.IsNullOrWhiteSpace(w.SeriesOrBook))
            .Select(w => new SeriesMember(w.Id, w.SeriesOrBook!.Trim(), w.SeriesPart)).ToList();
        var series = members.GroupBy(m => m.Series, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Part ?? int.MaxValue).ThenBy(m => m.WorkId).ToList(), StringComparer.OrdinalIgnoreCase);
        var loaded = (stamp, series, members.ToDictionary(m => m.WorkId));
        Cache[store.Location] = loaded;
        return loaded;
    }
}
