using System.Net;
using System.Text;
using Ficshelf.Web.Tests.Support;

namespace Ficshelf.Web.Tests;

/// <summary>AZW3, MOBI and PDF downloads made by Calibre's ebook-convert from the exported EPUB, read back by ebook-meta.</summary>
public sealed class ConvertTests
{
    private static readonly Dictionary<string, string> CalibreEnvironment = new()
    {
        ["CALIBRE_CONFIG_DIRECTORY"] = Path.Combine(Path.GetTempPath(), "ficshelf-tests-calibre-config"),
        ["QT_QPA_PLATFORM"] = "offscreen",
    };

    [SkippableFact]
    public async Task Kindle_and_PDF_downloads_are_converted_from_the_EPUB()
    {
        ExternalTools.Require("ebook-convert", "Debian package calibre");
        var ebookMeta = ExternalTools.Require("ebook-meta", "Debian package calibre");
        await using var server = await WebServer.StartAsync(WebServer.Fixtures("harbour-lights-the-keeper"));
        var work = server.WithStore(Expect.MultiChapterWork);
        using var client = server.Client();
        var page = await client.GetStringAsync($"/works/{work.Id}");
        var dir = TestPaths.NewTempDir();
        foreach (var (format, magicAt, magic) in new[] { ("azw3", 60, "BOOKMOBI"), ("mobi", 60, "BOOKMOBI"), ("pdf", 0, "%PDF") })
        {
            Assert.Contains($"/works/{work.Id}/convert/{format}", page);
            var response = await client.GetAsync($"/works/{work.Id}/convert/{format}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{format}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(magic, Encoding.ASCII.GetString(bytes, magicAt, magic.Length));
            Assert.EndsWith("." + format, response.Content.Headers.ContentDisposition!.FileNameStar);
            var path = Path.Combine(dir, "work." + format);
            await File.WriteAllBytesAsync(path, bytes);
            var meta = await ExternalTools.RunAsync(ebookMeta, [path], dir, CalibreEnvironment);
            Assert.True(meta.ExitCode == 0, meta.ToString());
            Assert.Contains(work.DisplayTitle, meta.Stdout);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/works/{work.Id}/convert/docx")).StatusCode);
    }

    [Fact]
    public async Task Without_ebook_convert_the_download_says_so_plainly()
    {
        var before = Environment.GetEnvironmentVariable("FICSHELF_EBOOK_CONVERT");
        Environment.SetEnvironmentVariable("FICSHELF_EBOOK_CONVERT", "/nonexistent/ebook-convert");
        try
        {
            await using var server = await WebServer.StartAsync(WebServer.Fixtures("harbour-lights-the-keeper"));
            var work = server.WithStore(Expect.MultiChapterWork);
            using var client = server.Client();
            var response = await client.GetAsync($"/works/{work.Id}/convert/azw3");
            Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
            Assert.Contains("need Calibre's ebook-convert, which is not installed", await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain("/convert/azw3", await client.GetStringAsync($"/works/{work.Id}"));
        }
        finally { Environment.SetEnvironmentVariable("FICSHELF_EBOOK_CONVERT", before); }
    }
}
