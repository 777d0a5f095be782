using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Tests.Support;

namespace Ficshelf.Web.Tests;

/// <summary>
/// The OPDS catalog read the way e-reader apps read it: every feed reachable from /opds is fetched, validated against the
/// OPDS/Atom RELAX NG schema with jing, and parsed by Readium's r2-opds-js (Thorium Reader's parser) run by node.
/// </summary>
public sealed class OpdsTests
{
    private static readonly string Schema = Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Web.Tests", "Opds", "opds-catalog.rnc");
    private const string Password = "lamp-lit-at-dusk";

    private static async Task<(WebServer Server, HttpClient Reader)> SharedServerWithReader()
    {
        var works = InventedWorks.WriteAll(30);
        var server = await WebServer.StartAsync(Directory.GetFiles(works).Order(StringComparer.Ordinal), o => o with { Accounts = true });
        using (var browser = server.Client())
        {
            var registered = await Forms.Post(browser, "/account/register", "/account/register", ("name", "Ada"), ("password", Password), ("confirm", Password));
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        }
        var reader = server.Client();
        reader.DefaultRequestHeaders.Authorization = Basic("Ada", Password);
        return (server, reader);
    }

    private static AuthenticationHeaderValue Basic(string name, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{password}")));

    [SkippableFact]
    public async Task Every_feed_is_valid_OPDS_and_Readium_reads_navigation_works_downloads_and_paging()
    {
        var jing = ExternalTools.Require("jing", "Debian package jing");
        var parserFolder = await OpdsParser.OpdsParserFolder();
        var (server, reader) = await SharedServerWithReader();
        await using var _ = server;
        using var __ = reader;
        var adaId = server.WithStore(s => s.FindUser("ada")!.Id);
        var bookmarked = server.WithStore(s => s.ListWorks().First(w => w.Title == InventedWorks.Title(5)).Id);
        var started = server.WithStore(s => s.ListWorks().First(w => w.Title == InventedWorks.Title(6)).Id);
        server.WithStore(s => { s.SetBookmark(adaId, bookmarked, "read on the train"); s.SetProgress(adaId, started, 1); return 0; });

        // Crawl: every catalog link from the root, through navigation, subsections and paging.
        var feeds = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([server.Url("/opds")]);
        while (queue.Count > 0 && feeds.Count < 200)
        {
            var url = queue.Dequeue();
            if (feeds.ContainsKey(url)) continue;
            var response = await reader.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
            Assert.StartsWith("application/atom+xml;profile=opds-catalog", response.Content.Headers.ContentType!.ToString().Replace(" ", "", StringComparison.Ordinal));
            var xml = await response.Content.ReadAsStringAsync();
            feeds[url] = xml;
            foreach (var link in XDocument.Parse(xml).Descendants(Atom("link")))
                if (((string?)link.Attribute("type") ?? "").StartsWith("application/atom+xml", StringComparison.Ordinal) && (string?)link.Attribute("rel") != "self")
                    queue.Enqueue((string)link.Attribute("href")!);
        }
        Assert.True(feeds.Count >= 12, $"only {feeds.Count} feeds reachable: {string.Join(", ", feeds.Keys)}");

        var dir = TestPaths.NewTempDir();
        var files = feeds.Select((feed, i) => (Url: feed.Key, Path: Path.Combine(dir, $"feed-{i:D3}.xml"))).ToList();
        foreach (var (url, path) in files) await File.WriteAllTextAsync(path, feeds[url]);

        // jing: the Atom/OPDS schema.
        var validation = await ExternalTools.RunAsync(jing, ["-c", Schema, .. files.Select(f => f.Path)]);
        Assert.True(validation.ExitCode == 0, $"jing: {validation}\nfeeds: {string.Join(", ", files.Select(f => $"{Path.GetFileName(f.Path)}={f.Url}"))}");

        // Readium's parser: every feed, converted to OPDS 2.
        var parsed = await ExternalTools.RunAsync("node", [Path.Combine(parserFolder, "parse-opds.js"), .. files.Select(f => f.Path)], parserFolder);
        Assert.True(parsed.ExitCode == 0, $"node: {parsed}");
        var byUrl = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var line in parsed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var result = JsonDocument.Parse(line).RootElement;
            var file = result.GetProperty("file").GetString()!;
            Assert.False(result.TryGetProperty("error", out var error), $"{file}: {error}");
            byUrl[files.First(f => f.Path == file).Url] = result.GetProperty("feed");
        }
        Assert.Equal(files.Count, byUrl.Count);

        var root = byUrl[server.Url("/opds")];
        Assert.Equal(["Recently added", "By fandom", "By relationship", "By character", "By series", "In progress", "Bookmarks"],
            root.GetProperty("navigation").EnumerateArray().Select(n => n.GetProperty("title").GetString()!));
        Assert.Contains(root.GetProperty("links").EnumerateArray(), l => l.GetProperty("rel").GetString() == "search" && l.GetProperty("type").GetString() == "application/opensearchdescription+xml");

        // Paging: 30 works, 25 a page.
        var recent = byUrl[server.Url("/opds/recent")];
        Assert.Equal(30, recent.GetProperty("metadata").GetProperty("numberOfItems").GetInt32());
        Assert.Equal(25, recent.GetProperty("publications").GetArrayLength());
        var next = Href(recent, "next");
        Assert.Equal(server.Url("/opds/recent?page=2"), next);
        var second = byUrl[next];
        Assert.Equal(5, second.GetProperty("publications").GetArrayLength());
        Assert.Equal(server.Url("/opds/recent"), Href(second, "previous"));
        var titles = recent.GetProperty("publications").EnumerateArray().Concat(second.GetProperty("publications").EnumerateArray())
            .Select(p => p.GetProperty("metadata").GetProperty("title").GetString()!).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(InventedWorks.Title).Order(StringComparer.Ordinal), titles.Order(StringComparer.Ordinal));

        // Each work: author, summary as the description, an EPUB acquisition link that downloads a real EPUB, a cover.
        var publication = recent.GetProperty("publications").EnumerateArray().First(p => p.GetProperty("metadata").GetProperty("title").GetString() == InventedWorks.Title(7));
        Assert.Equal("saltmarsh", publication.GetProperty("metadata").GetProperty("author").GetString());
        Assert.StartsWith("A quiet story about the harbour, number 7.", publication.GetProperty("metadata").GetProperty("description").GetString());
        var epubLink = publication.GetProperty("links").EnumerateArray().First(l => l.GetProperty("type").GetString() == "application/epub+zip");
        Assert.Equal("http://opds-spec.org/acquisition", epubLink.GetProperty("rel").GetString());
        var epub = await reader.GetByteArrayAsync(epubLink.GetProperty("href").GetString());
        using (var zip = new ZipArchive(new MemoryStream(epub)))
            Assert.Equal("application/epub+zip", new StreamReader(zip.GetEntry("mimetype")!.Open()).ReadToEnd());
        var cover = publication.GetProperty("images").EnumerateArray().First().GetProperty("href").GetString();
        var svg = XDocument.Parse(await reader.GetStringAsync(cover));
        Assert.Contains(InventedWorks.Title(7).Split(' ')[0], svg.Root!.Value);

        // Navigation by fandom leads to that fandom's works only; the series lists its parts in order.
        var fandoms = byUrl[server.Url("/opds/tags/fandom")].GetProperty("navigation").EnumerateArray().ToList();
        var lantern = fandoms.First(f => f.GetProperty("title").GetString() == "Lantern Row (Original Work)");
        var lanternWorks = byUrl[lantern.GetProperty("href").GetString()!].GetProperty("publications").EnumerateArray()
            .Select(p => p.GetProperty("metadata").GetProperty("title").GetString()!).ToList();
        Assert.Equal(15, lanternWorks.Count);
        Assert.All(lanternWorks, t => Assert.True(int.Parse(t.Split(' ')[^1]) % 2 == 1, t));
        var series = byUrl[server.Url("/opds/series")].GetProperty("navigation").EnumerateArray().Single();
        Assert.Equal("Lantern Row Tales", series.GetProperty("title").GetString());
        Assert.Equal([InventedWorks.Title(1), InventedWorks.Title(2), InventedWorks.Title(3)],
            byUrl[series.GetProperty("href").GetString()!].GetProperty("publications").EnumerateArray().Select(p => p.GetProperty("metadata").GetProperty("title").GetString()!));

        // The reader's own feeds.
        Assert.Equal([InventedWorks.Title(5)], byUrl[server.Url("/opds/bookmarks")].GetProperty("publications").EnumerateArray().Select(p => p.GetProperty("metadata").GetProperty("title").GetString()!));
        Assert.Equal([InventedWorks.Title(6)], byUrl[server.Url("/opds/progress")].GetProperty("publications").EnumerateArray().Select(p => p.GetProperty("metadata").GetProperty("title").GetString()!));
    }

    [SkippableFact]
    public async Task The_OpenSearch_description_takes_the_query_syntax()
    {
        var (server, reader) = await SharedServerWithReader();
        await using var _ = server;
        using var __ = reader;
        var description = XDocument.Parse(await reader.GetStringAsync("/opds/search.xml"));
        XNamespace os = "http://a9.com/-/spec/opensearch/1.1/";
        var url = description.Root!.Elements(os + "Url").Single(u => ((string)u.Attribute("type")!).Contains("kind=acquisition", StringComparison.Ordinal));
        var template = (string)url.Attribute("template")!;
        var query = template.Replace("{searchTerms}", Uri.EscapeDataString("+fandom:\"Harbour Lights (Original Work)\" words:>100"), StringComparison.Ordinal)
            .Replace("&page={startPage?}", "", StringComparison.Ordinal);
        var feed = XDocument.Parse(await reader.GetStringAsync(query));
        Assert.Equal("15", feed.Root!.Element(XName.Get("totalResults", os.NamespaceName))!.Value);
        Assert.All(feed.Root.Elements(Atom("entry")), e => Assert.True(int.Parse(e.Element(Atom("title"))!.Value.Split(' ')[^1]) % 2 == 0));

        var bad = await reader.GetAsync("/opds/search?q=" + Uri.EscapeDataString("platform:myspace"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unknown platform", await bad.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Visitors_browse_and_the_readers_own_feeds_ask_for_Basic_sign_in()
    {
        var (server, reader) = await SharedServerWithReader();
        await using var _ = server;
        using var __ = reader;
        using var visitor = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/opds/recent")).StatusCode);
        var bookmarks = await visitor.GetAsync("/opds/bookmarks");
        Assert.Equal(HttpStatusCode.Unauthorized, bookmarks.StatusCode);
        Assert.Equal("Basic", bookmarks.Headers.WwwAuthenticate.Single().Scheme);

        using var wrong = server.Client();
        wrong.DefaultRequestHeaders.Authorization = Basic("Ada", "lamp-lit-at-dawn");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/opds")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/opds/bookmarks")).StatusCode);
    }

    [SkippableFact]
    public async Task Jing_refuses_a_feed_that_breaks_the_schema()
    {
        var jing = ExternalTools.Require("jing", "Debian package jing");
        var (server, reader) = await SharedServerWithReader();
        await using var _ = server;
        using var __ = reader;
        var feed = XDocument.Parse(await reader.GetStringAsync("/opds/recent"));
        feed.Root!.Elements(Atom("entry")).First().Elements(Atom("link")).Where(l => ((string)l.Attribute("rel")!).Contains("acquisition", StringComparison.Ordinal)).Remove();
        var path = Path.Combine(TestPaths.NewTempDir(), "broken.xml");
        feed.Save(path);
        var validation = await ExternalTools.RunAsync(jing, ["-c", Schema, path]);
        Assert.NotEqual(0, validation.ExitCode);
    }

    private static string Href(JsonElement feed, string rel) =>
        feed.GetProperty("links").EnumerateArray().First(l => l.GetProperty("rel").ValueKind == JsonValueKind.String ? l.GetProperty("rel").GetString() == rel : l.GetProperty("rel").EnumerateArray().Any(r => r.GetString() == rel)).GetProperty("href").GetString()!;

    private static XName Atom(string name) => XName.Get(name, "http://www.w3.org/2005/Atom");
}
