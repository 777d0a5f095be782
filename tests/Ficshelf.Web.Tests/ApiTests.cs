using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Web.Tests.Support;

namespace Ficshelf.Web.Tests;

public sealed class ApiTests
{
    private static Task<WebServer> HarbourServer(Func<FicshelfWebOptions, FicshelfWebOptions>? configure = null) =>
        WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"), configure);

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<SortedSet<long>> SearchIds(HttpClient client, string query)
    {
        var root = await Json(await client.GetAsync("/api/search?pageSize=200&q=" + Uri.EscapeDataString(query)));
        return new SortedSet<long>(root.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("workId").GetInt64()));
    }

    [Fact]
    public async Task Works_are_listed_read_and_deleted()
    {
        await using var server = await HarbourServer();
        using var api = server.ApiClient();

        var list = await Json(await api.GetAsync("/api/works"));
        Assert.Equal(4, list.GetProperty("total").GetInt32());
        var titles = list.GetProperty("works").EnumerateArray().Select(w => w.GetProperty("title").GetString()).ToList();
        Assert.Contains("The Keeper's Ledger", titles);

        var keeper = server.WithStore(Expect.MultiChapterWork);
        var work = await Json(await api.GetAsync($"/api/works/{keeper.Id}"));
        Assert.Equal(keeper.Chapters.Count, work.GetProperty("chapters").GetArrayLength());
        Assert.Equal(keeper.Chapters[1].Paragraphs[0], work.GetProperty("chapters")[1].GetProperty("paragraphs")[0].GetString());
        Assert.Contains(work.GetProperty("tags").EnumerateArray(), t => t.GetProperty("category").GetString() == "character" && t.GetProperty("name").GetString() == "Tobias Fenn" && t.GetProperty("origin").GetString() == "declared");
        var withoutText = await Json(await api.GetAsync($"/api/works/{keeper.Id}?text=false"));
        Assert.False(withoutText.GetProperty("chapters")[0].TryGetProperty("paragraphs", out _));

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/works/9999")).StatusCode);

        // A change without the API header is refused: a cross-site form could not send it.
        using var plain = server.Client();
        Assert.Equal(HttpStatusCode.BadRequest, (await plain.DeleteAsync($"/api/works/{keeper.Id}")).StatusCode);
        Assert.Equal(4, server.WithStore(s => s.CountWorks()));

        Assert.Contains(keeper.Id, await SearchIds(api, "ledger"));
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/works/{keeper.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/works/{keeper.Id}")).StatusCode);
        Assert.Equal(3, server.WithStore(s => s.CountWorks()));
        Assert.DoesNotContain(keeper.Id, await SearchIds(api, "ledger"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/works/{keeper.Id}")).StatusCode);
    }

    [Fact]
    public async Task Search_takes_the_query_string_and_pages()
    {
        await using var server = await HarbourServer();
        using var api = server.ApiClient();
        var mara = new Tag(TagCategory.Character, "Mara Quill");
        var angst = new Tag(TagCategory.Freeform, "Angst");

        var expected = server.WithStore(s => Expect.Matching(s, [mara], [angst]));
        var withMara = server.WithStore(s => Expect.Matching(s, [mara], []));
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < withMara.Count, "the exclusion must remove something for this test to mean anything");

        Assert.Equal(expected, await SearchIds(api, "+character:\"Mara Quill\" -freeform:Angst"));
        Assert.Equal(withMara, await SearchIds(api, "character:\"Mara Quill\""));

        var all = await Json(await api.GetAsync("/api/search?q=sort:title&pageSize=2&page=2"));
        Assert.Equal(4, all.GetProperty("total").GetInt32());
        Assert.Equal(2, all.GetProperty("page").GetInt32());
        var secondPage = all.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("title").GetString()!).ToList();
        var allTitles = server.WithStore(s => s.StreamWorks().Select(w => w.DisplayTitle).Order(StringComparer.OrdinalIgnoreCase).ToList());
        Assert.Equal(allTitles.Skip(2).Take(2), secondPage);

        // Facets count the whole result, not the page.
        var facets = all.GetProperty("facets").GetProperty("character").EnumerateArray().ToDictionary(f => f.GetProperty("tag").GetProperty("name").GetString()!, f => f.GetProperty("works").GetInt32());
        Assert.Equal(withMara.Count, facets["Mara Quill"]);

        // The same query as an object.
        var posted = await Json(await api.PostAsJsonAsync("/api/search", new
        {
            include = new[] { new { category = "character", name = "Mara Quill" } },
            exclude = new[] { new { category = "freeform", name = "Angst" } },
        }));
        Assert.Equal(expected, new SortedSet<long>(posted.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("workId").GetInt64())));

        var bad = await api.GetAsync("/api/search?q=" + Uri.EscapeDataString("+character:"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("tag name", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Import_reports_each_file_and_the_reason_for_a_failure()
    {
        await using var server = await WebServer.StartAsync();
        using var api = server.ApiClient();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(WebServer.Fixture("harbour-lights-tide-tables.txt"))), "files", "tide-tables.txt" },
            { new ByteArrayContent([]), "files", "empty.txt" },
            { new ByteArrayContent([0x00, 0x01, 0x02, 0xFF, 0x00, 0x89, 0x50, 0x4E, 0x47]), "files", "picture.png" },
        };
        var results = (await Json(await api.PostAsync("/api/import", form))).EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal("added", results[0].GetProperty("outcome").GetString());
        Assert.Equal("Tide Tables", results[0].GetProperty("title").GetString());
        Assert.All(results.Skip(1), r =>
        {
            Assert.Equal("failed", r.GetProperty("outcome").GetString());
            Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("error").GetString()));
        });
        Assert.Contains("empty", results[1].GetProperty("error").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("binary", results[2].GetProperty("error").GetString()!, StringComparison.OrdinalIgnoreCase);

        // The search index follows the import at once.
        Assert.Single(await SearchIds(api, "rowing boat"));

        // The same file again adds nothing.
        using var again = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(WebServer.Fixture("harbour-lights-tide-tables.txt"))), "files", "tide-tables.txt" } };
        Assert.Equal("already imported", (await Json(await api.PostAsync("/api/import", again)))[0].GetProperty("outcome").GetString());
        Assert.Equal(1, server.WithStore(s => s.CountWorks()));
    }

    [Fact]
    public async Task An_uploads_tags_are_wrangled_by_the_canon_before_the_answer()
    {
        await using var server = await WebServer.StartAsync();
        using var api = server.ApiClient();
        // Harbour Lights' tide tables, told again in the Marvel fandom under its short name and a nickname.
        var story = (await File.ReadAllTextAsync(WebServer.Fixture("harbour-lights-tide-tables.txt")))
            .Replace("Harbour Lights (Original Work)", "MCU", StringComparison.Ordinal)
            .Replace("    Mara Quill", "    Natasha R.", StringComparison.Ordinal);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(story)), "files", "marvel-tide-tables.txt" } };
        var result = (await Json(await api.PostAsync("/api/import", form)))[0];
        Assert.Equal("added", result.GetProperty("outcome").GetString());
        var id = result.GetProperty("workId").GetInt64();

        // Read from the upload's own tags, not the whole graph: the synonym, its canonical's parent and the character.
        Assert.Contains(id, await SearchIds(api, "+fandom:\"Marvel Cinematic Universe\""));
        Assert.Contains(id, await SearchIds(api, "+fandom:Marvel"));
        var mcu = await Json(await api.GetAsync("/api/tags/fandom/MCU"));
        Assert.Equal("Marvel Cinematic Universe", mcu.GetProperty("synonymOf").GetProperty("name").GetString());
        var natasha = (await Json(await api.GetAsync("/api/tags/character/" + Uri.EscapeDataString("Natasha R.")))).GetProperty("synonymOf").GetProperty("name").GetString()!;
        Assert.StartsWith("Natasha Romanov", natasha, StringComparison.Ordinal);
        Assert.Contains(id, await SearchIds(api, $"+character:\"{natasha}\""));
    }

    [Fact]
    public async Task The_home_pages_totals_follow_each_upload_new_copy_and_deletion_at_once()
    {
        await using var server = await WebServer.StartAsync();
        using var api = server.ApiClient();
        async Task<string> Totals()
        {
            var html = await (await api.GetAsync("/")).Content.ReadAsStringAsync();
            var match = System.Text.RegularExpressions.Regex.Match(html, @"<strong>([\d,]+)</strong> works · ([\d,]+) words · ([\d,]+) imported files");
            Assert.True(match.Success, html);
            return $"{match.Groups[1].Value} works, {match.Groups[2].Value} words, {match.Groups[3].Value} files";
        }
        async Task<long> Upload(string fixture, Func<string, string>? change = null)
        {
            var text = await File.ReadAllTextAsync(WebServer.Fixture(fixture));
            using var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(change?.Invoke(text) ?? text)), "files", fixture } };
            return (await Json(await api.PostAsync("/api/import", form)))[0].GetProperty("workId").GetInt64();
        }
        var empty = await Totals();
        Assert.Equal(empty, await Totals()); // the same totals, summed once
        var first = await Upload("harbour-lights-tide-tables.txt");
        var one = await Totals();
        Assert.NotEqual(empty, one);
        Assert.StartsWith("1 works", one, StringComparison.Ordinal);
        await Upload("harbour-lights-the-ferry.txt");
        Assert.StartsWith("2 works", await Totals(), StringComparison.Ordinal);
        // Another copy of the first story (one more file, the same work).
        Assert.Equal(first, await Upload("harbour-lights-tide-tables.txt", text => text + "\n\nThanks for reading!\n"));
        Assert.EndsWith("3 files", await Totals(), StringComparison.Ordinal);
        Assert.True((await api.DeleteAsync($"/api/works/{first}")).IsSuccessStatusCode);
        var stats = server.WithStore(s => s.GetStats(topTags: 0));
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{stats.Works:N0} works, {stats.Words:N0} words, {stats.Sources:N0} files"), await Totals());
        Assert.StartsWith("1 works", await Totals(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_above_the_limit_is_refused_with_a_clear_error()
    {
        await using var server = await WebServer.StartAsync(configure: o => o with { MaxUploadBytes = 64 * 1024 });
        var big = new byte[100 * 1024];
        Array.Fill(big, (byte)'a');

        using var api = server.ApiClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(big), "files", "big.txt" } };
        var response = await api.PostAsync("/api/import", form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;
        Assert.Contains("too large", error);
        Assert.Contains("0.1 MB", error); // the limit, in the words a person reads

        using var browser = server.Client();
        var token = await Forms.TokenFrom(browser, "/upload");
        using var page = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(big), "files", "big.txt" } };
        var html = await browser.PostAsync("/upload", page);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, html.StatusCode);
        Assert.Contains("The upload is too large", await html.Content.ReadAsStringAsync());
        Assert.Equal(0, server.WithStore(s => s.CountWorks()));
    }

    [Fact]
    public async Task Wrangling_applies_to_search_and_tag_pages()
    {
        await using var server = await HarbourServer();
        using var api = server.ApiClient();
        var angstWorks = await SearchIds(api, "freeform:Angst");
        Assert.NotEmpty(angstWorks);

        var synonym = await api.PostAsJsonAsync("/api/wrangle/synonym", new
        {
            tag = new { category = "freeform", name = "Angst" },
            canonical = new { category = "freeform", name = "Sad Harbour Stories" },
        });
        await Json(synonym);
        Assert.Equal(angstWorks, await SearchIds(api, "freeform:\"Sad Harbour Stories\""));
        var tag = await Json(await api.GetAsync("/api/tags/freeform/Angst"));
        Assert.Equal("Sad Harbour Stories", tag.GetProperty("synonymOf").GetProperty("name").GetString());

        var lighthouses = await SearchIds(api, "freeform:Lighthouses");
        var rename = await Json(await api.PostAsJsonAsync("/api/wrangle/rename", new { tag = new { category = "freeform", name = "Lighthouses" }, newName = "Lighthouse Keeping" }));
        Assert.Equal(lighthouses, new SortedSet<long>(rename.GetProperty("retaggedWorks").EnumerateArray().Select(e => e.GetInt64())));
        Assert.Equal(lighthouses, await SearchIds(api, "freeform:\"Lighthouse Keeping\""));

        await Json(await api.PostAsJsonAsync("/api/wrangle/parent", new { child = new { category = "character", name = "Mara Quill" }, parent = new { category = "fandom", name = "Harbour Lights (Original Work)" } }));
        var mara = await Json(await api.GetAsync("/api/tags/character/Mara%20Quill"));
        Assert.Equal("Harbour Lights (Original Work)", mara.GetProperty("parents")[0].GetProperty("name").GetString());

        var refused = await api.PostAsJsonAsync("/api/wrangle/synonym", new { tag = new { category = "freeform", name = "Angst" }, canonical = new { category = "character", name = "Mara Quill" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("category", await refused.Content.ReadAsStringAsync());

        // The tag page lists the synonym beside the canonical and the works through it.
        using var browser = server.Client();
        var html = await browser.GetStringAsync("/tags/freeform/Sad%20Harbour%20Stories");
        Assert.Contains("href=\"/tags/freeform/Angst\"", html);
        Assert.Contains($"<span class=\"total\">{angstWorks.Count}</span>", html);
        var tags = await browser.GetStringAsync("/tags?category=freeform&q=ang");
        Assert.Contains($"<td><a href=\"/tags/freeform/Angst\">Angst</a></td>", tags);
        Assert.Contains("synonym of Sad Harbour Stories", tags);
        Assert.DoesNotContain("/tags/character/", tags);
        var relationship = await browser.GetAsync("/tags/relationship/Mara%20Quill/Ines%20Halloran");
        Assert.Equal(HttpStatusCode.OK, relationship.StatusCode);
        Assert.Contains("<span class=\"total\">1</span>", await relationship.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bookmarks_and_progress_are_kept_per_work()
    {
        await using var server = await HarbourServer();
        using var api = server.ApiClient();
        var work = server.WithStore(Expect.MultiChapterWork);

        await Json(await api.PutAsJsonAsync($"/api/works/{work.Id}/bookmark", new { note = "read again in winter" }));
        var bookmarks = await Json(await api.GetAsync("/api/bookmarks"));
        Assert.Equal("read again in winter", bookmarks[0].GetProperty("note").GetString());
        Assert.Equal(work.DisplayTitle, bookmarks[0].GetProperty("title").GetString());

        var progress = await Json(await api.PutAsJsonAsync($"/api/works/{work.Id}/progress", new { chapter = 2 }));
        Assert.Equal(2, progress.GetProperty("chapter").GetInt32());
        Assert.False(progress.GetProperty("read").GetBoolean());
        var read = await Json(await api.PutAsJsonAsync($"/api/works/{work.Id}/progress", new { read = true }));
        Assert.Equal(2, read.GetProperty("chapter").GetInt32());
        Assert.True(read.GetProperty("read").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsJsonAsync($"/api/works/{work.Id}/progress", new { chapter = work.Chapters.Count + 1 })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/works/{work.Id}/bookmark")).StatusCode);
        Assert.Equal(0, (await Json(await api.GetAsync("/api/bookmarks"))).GetArrayLength());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        await using var server = await WebServer.StartAsync();
        using var client = server.Client();
        var document = await Json(await client.GetAsync("/openapi"));
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/works", "/api/works/{id}", "/api/search", "/api/import", "/api/tags", "/api/wrangle/synonym", "/api/bookmarks", "/api/works/{id}/progress" })
            Assert.Contains(path, paths);
    }

    [Fact]
    public async Task Pages_carry_security_headers_and_forms_need_their_antiforgery_token()
    {
        await using var server = await HarbourServer();
        using var client = server.Client();
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var csp = string.Join(";", home.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("http", csp); // no remote resource is allowed anywhere
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", home.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", home.Headers.GetValues("X-Frame-Options").Single());

        var work = server.WithStore(Expect.MultiChapterWork);
        var forged = await client.PostAsync($"/works/{work.Id}/bookmark", new FormUrlEncodedContent([KeyValuePair.Create("note", "forged")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(server.WithStore(s => s.GetBookmark(0, work.Id)));

        var real = await Forms.Post(client, $"/works/{work.Id}", $"/works/{work.Id}/bookmark", ("note", "mine"));
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal("mine", server.WithStore(s => s.GetBookmark(0, work.Id))?.Note);

        // Every form a page renders with method post carries a token.
        foreach (var page in new[] { $"/works/{work.Id}", "/upload", "/wrangle" })
        {
            var html = await client.GetStringAsync(page);
            var forms = Regex.Matches(html, "<form[^>]*method=\"post\"[\\s\\S]*?</form>");
            Assert.NotEmpty(forms);
            Assert.All(forms, f => Assert.Contains("__RequestVerificationToken", f.Value));
        }
    }

    [Fact]
    public async Task Imported_markup_is_shown_as_text_and_never_as_markup()
    {
        await using var server = await WebServer.StartAsync([WebServer.Fixture("hostile-markup.txt")]);
        var id = server.WithStore(s => s.WorkIds().Single());
        using var client = server.Client();
        foreach (var page in new[] { $"/works/{id}", "/", "/search", $"/works/{id}/download/html" })
        {
            var html = await client.GetStringAsync(page);
            Assert.Contains("&lt;script&gt;window.__ficshelfPwned", html);
            // Read as a browser reads it: the one script element is Ficshelf's own (none in a download), no element
            // has an event handler and none is an image. (The hostile text may stand inside an attribute's value, as
            // the download's own metadata holds the title; there it is text, not markup.)
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
            Assert.Equal(page.EndsWith("/html", StringComparison.Ordinal) ? 0 : 1, document.QuerySelectorAll("script").Length);
            Assert.Empty(document.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)).Select(a => a.Name));
            Assert.Empty(document.QuerySelectorAll("img"));
        }

        // The EPUB's pages are escaped the same way.
        using var epub = new System.IO.Compression.ZipArchive(await client.GetStreamAsync($"/works/{id}/download/epub"));
        var pages = epub.Entries.Where(e => e.FullName.EndsWith(".xhtml", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd()).ToList();
        Assert.Contains(pages, p => p.Contains("&lt;script&gt;window.__ficshelfPwned"));
        Assert.All(pages, p => Assert.DoesNotMatch(new Regex("<script|<img|<[a-z][^>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase), p));
    }

    [Fact]
    public async Task Downloads_are_epub_html_and_text()
    {
        await using var server = await HarbourServer();
        var work = server.WithStore(Expect.MultiChapterWork);
        using var client = server.Client();

        var epub = await client.GetAsync($"/works/{work.Id}/download/epub");
        Assert.Equal("application/epub+zip", epub.Content.Headers.ContentType?.MediaType);
        using var zip = new System.IO.Compression.ZipArchive(await epub.Content.ReadAsStreamAsync());
        Assert.Equal("mimetype", zip.Entries[0].FullName);
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith(".opf", StringComparison.Ordinal));

        var text = await client.GetStringAsync($"/works/{work.Id}/download/txt");
        Assert.Contains(work.DisplayTitle, text);
        Assert.Contains(work.Chapters[1].Paragraphs[^1], text);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/works/{work.Id}/download/pdf")).StatusCode);

        // The imported file, byte for byte, as an attachment the browser never renders.
        var source = server.WithStore(s => s.GetWork(work.Id)!.Sources.Single()); // streamed works leave sources out
        var original = await client.GetAsync($"/works/{work.Id}/sources/{source.Id}");
        Assert.Equal("application/octet-stream", original.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", original.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(await File.ReadAllBytesAsync(WebServer.Fixtures("harbour-lights-").Single(f => Path.GetFileName(f) == source.FileName)), await original.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/works/{work.Id}/sources/{source.Id + 100}")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_store()
    {
        await using var server = await HarbourServer();
        using var api = server.ApiClient();
        var ids = server.WithStore(s => s.WorkIds());
        var requests = Enumerable.Range(0, 60).Select(async i =>
        {
            var id = ids[i / 4 % ids.Count];
            var response = (i % 4) switch
            {
                0 => await api.GetAsync($"/works/{id}"),
                1 => await api.GetAsync("/search?q=fog"),
                2 => await api.PutAsJsonAsync($"/api/works/{id}/bookmark", new { note = $"note {i}" }),
                _ => await api.GetAsync($"/api/works/{id}"),
            };
            return (i, response.StatusCode);
        });
        var results = await Task.WhenAll(requests);
        Assert.All(results, r => Assert.True(r.StatusCode == HttpStatusCode.OK, $"request {r.i}: {r.StatusCode}"));
        Assert.Equal(ids.Count, server.WithStore(s => s.ListBookmarks(0).Count));
    }

    [Fact]
    public async Task The_search_page_takes_other_tags_by_name_and_says_when_one_is_unknown()
    {
        await using var server = await HarbourServer();
        using var client = server.Client();
        var expected = server.WithStore(s => Expect.Matching(s, [new Tag(TagCategory.Freeform, "Fluff")], [new Tag(TagCategory.Character, "Tobias Fenn")]));
        Assert.NotEmpty(expected);

        var html = await client.GetStringAsync("/search?inc_other=fluff&exc_other=" + Uri.EscapeDataString("character:Tobias Fenn"));
        var listed = new SortedSet<long>(Regex.Matches(html, "data-work-id=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)));
        Assert.Equal(expected, listed);

        var unknown = await client.GetStringAsync("/search?inc_other=" + Uri.EscapeDataString("No Such Tag Anywhere"));
        Assert.Contains("no tag named &#x27;No Such Tag Anywhere&#x27;", unknown);
    }
}
