using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Export;
using Ficshelf.Core.Storage;

namespace Ficshelf.Cli.Tests;

/// <summary>
/// Calibre in and out, checked with Calibre itself: a library made by calibredb (with FanFicFare-style custom columns and
/// identifiers) is imported by `ficshelf import --calibre` without a byte of it changing, and ebook-meta reads the series,
/// tags, description and identifiers of the EPUBs Ficshelf exports.
/// </summary>
public sealed class CalibreCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    /// <summary>Calibre keeps its settings under HOME; the tests give it a throwaway folder and no display.</summary>
    private Dictionary<string, string> CalibreEnvironment => new()
    {
        ["CALIBRE_CONFIG_DIRECTORY"] = Path.Combine(cli.Dir, "calibre-config"),
        ["QT_QPA_PLATFORM"] = "offscreen",
    };

    private async Task<string> Calibre(string program, params string[] arguments)
    {
        var tool = ExternalTools.Require(program, "Debian package calibre");
        var run = await ExternalTools.RunAsync(tool, arguments, cli.Dir, CalibreEnvironment);
        Assert.True(run.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {run}");
        return run.Stdout;
    }

    private static Work InventedWork(string title, string? series, int? part, string? platformId) => new()
    {
        Platform = platformId is null ? Platform.Generic : Platform.Ao3,
        PlatformWorkId = platformId,
        Title = title,
        Authors = ["lantern_keeper"],
        SeriesOrBook = series,
        SeriesPart = part,
        Summary = "The harbour bell rings twice for every boat still out.",
        Language = "en",
        Complete = true,
        Tags = [new WorkTag(new Tag(TagCategory.Fandom, "Harbour Lights (Original Work)"), TagOrigin.Declared),
                new WorkTag(new Tag(TagCategory.Freeform, "Lighthouses"), TagOrigin.Declared)],
        Chapters = [new Chapter { Number = 1, Paragraphs = [$"{title}: the keeper counted the boats and mended the nets before the fog came in.", "The bell rang twice."] }],
    };

    private static Dictionary<string, string> Fields(string ebookMetaOutput) =>
        ebookMetaOutput.Split('\n').Where(l => l.Contains(" : ", StringComparison.Ordinal))
            .Select(l => l.Split(" : ", 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);

    [SkippableFact]
    public async Task Calibre_reads_the_series_tags_description_and_identifiers_of_exported_EPUBs()
    {
        var path = Path.Combine(cli.Dir, "lantern.epub");
        File.WriteAllBytes(path, EpubExporter.Export(InventedWork("The Second Lantern", "Lantern Row Tales", 2, "4242")));
        var meta = Fields(await Calibre("ebook-meta", path));
        Assert.Equal("The Second Lantern", meta["Title"]);
        Assert.Equal("lantern_keeper", meta["Author(s)"]);
        Assert.Equal("Lantern Row Tales #2", meta["Series"]);
        Assert.Equal(["Harbour Lights (Original Work)", "Lighthouses"], meta["Tags"].Split(", ").Order(StringComparer.Ordinal));
        Assert.Equal("The harbour bell rings twice for every boat still out.", meta["Comments"]);
        Assert.Equal(["ao3:4242", "url:https://archiveofourown.org/works/4242"], meta["Identifiers"].Split(", ").Order(StringComparer.Ordinal));
    }

    /// <summary>A plain EPUB with a title and text only: everything else must come from the library.</summary>
    private string BareEpub(string name, string title, string text)
    {
        var path = Path.Combine(cli.Dir, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string entry, string content, CompressionLevel level = CompressionLevel.Optimal)
        {
            using var writer = new StreamWriter(zip.CreateEntry(entry, level).Open(), new UTF8Encoding(false));
            writer.Write(content);
        }
        Add("mimetype", "application/epub+zip", CompressionLevel.NoCompression);
        Add("META-INF/container.xml", """<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>""");
        Add("content.opf", $"""<?xml version="1.0"?><package version="2.0" unique-identifier="id" xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">bare-{name}</dc:identifier><dc:title>{title}</dc:title></metadata><manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>""");
        Add("c1.xhtml", $"""<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title></head><body><p>{text}</p><p>The tide went out and came back, as it always did, and nobody on the pier said a word about it.</p></body></html>""");
        return path;
    }

    private static Dictionary<string, string> HashFiles(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);

    [SkippableFact]
    public async Task Import_calibre_reads_a_library_made_by_calibredb_without_changing_it()
    {
        var library = Path.Combine(cli.Dir, "Calibre Library");
        Directory.CreateDirectory(library);
        // Book 1: Ficshelf's own export (its metadata in the file). Book 2: a bare EPUB whose metadata lives only in the library.
        var exported = Path.Combine(cli.Dir, "first-lantern.epub");
        File.WriteAllBytes(exported, EpubExporter.Export(InventedWork("The First Lantern", "Lantern Row Tales", 1, null)));
        var bare = BareEpub("ferry.epub", "The Night Ferry", "The night ferry left at nine with three passengers and a crate of oranges.");
        await Calibre("calibredb", "add", "--library-path", library, exported);
        await Calibre("calibredb", "add", "--library-path", library, bare);
        var list = await Calibre("calibredb", "list", "--library-path", library, "--fields", "title", "--for-machine");
        var ferryId = System.Text.Json.JsonDocument.Parse(list).RootElement.EnumerateArray()
            .First(b => b.GetProperty("title").GetString() == "The Night Ferry").GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // FanFicFare's custom columns, as its calibre plugin suggests them.
        await Calibre("calibredb", "add_custom_column", "--library-path", library, "status", "Status", "text");
        await Calibre("calibredb", "add_custom_column", "--library-path", library, "category", "Category", "text", "--is-multiple");
        await Calibre("calibredb", "add_custom_column", "--library-path", library, "characters", "Characters", "text", "--is-multiple");
        await Calibre("calibredb", "add_custom_column", "--library-path", library, "ships", "Relationships", "text", "--is-multiple");
        await Calibre("calibredb", "set_custom", "--library-path", library, "status", ferryId, "In-Progress");
        await Calibre("calibredb", "set_custom", "--library-path", library, "category", ferryId, "Harbour Lights (Original Work)");
        await Calibre("calibredb", "set_custom", "--library-path", library, "characters", ferryId, "Tobias Fenn,Mara Quill");
        await Calibre("calibredb", "set_custom", "--library-path", library, "ships", ferryId, "Tobias Fenn/Mara Quill");
        await Calibre("calibredb", "set_metadata", "--library-path", library, ferryId,
            "--field", "authors:ferry_writer", "--field", "series:Night Crossings", "--field", "series_index:3",
            "--field", "tags:Slow Burn,Fog", "--field", "comments:<p>Three passengers.</p><p>One crate of oranges.</p>",
            "--field", "identifiers:url:https://archiveofourown.org/works/777001", "--field", "languages:eng");

        var before = HashFiles(library);
        var (exit, output, _) = cli.Run("import", "--calibre", library);
        Assert.True(exit == 0, output);
        Assert.Contains("2 added", output);
        Assert.Equal(before, HashFiles(library));

        using var store = SqliteArchiveStore.Open(cli.ArchivePath);
        var works = store.ListWorks().Select(w => store.GetWork(w.Id)!).ToList();
        var first = works.Single(w => w.Title == "The First Lantern");
        Assert.Equal("Lantern Row Tales", first.SeriesOrBook);
        Assert.Contains(first.Tags, t => t.Category == TagCategory.Fandom && t.Name == "Harbour Lights (Original Work)");

        var ferry = works.Single(w => w.Title == "The Night Ferry");
        Assert.Equal(["ferry_writer"], ferry.Authors);
        Assert.Equal("Night Crossings", ferry.SeriesOrBook);
        Assert.Equal("Three passengers.\n\nOne crate of oranges.", ferry.Summary);
        Assert.Equal("en", ferry.Language);
        Assert.Equal(Platform.Ao3, ferry.Platform);
        Assert.False(ferry.Complete);
        var declared = ferry.Tags.Where(t => t.Origin == TagOrigin.Declared).Select(t => $"{t.Category}:{t.Name}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Character:Mara Quill", "Character:Tobias Fenn", "Fandom:Harbour Lights (Original Work)", "Freeform:Fog", "Freeform:Slow Burn", "Relationship:Tobias Fenn/Mara Quill"], declared);

        // Importing the library again adds nothing.
        Assert.Contains("2 already imported", cli.Run("import", "--calibre", library).Output);
    }

    [Fact]
    public void Import_calibre_names_a_folder_that_is_not_a_library()
    {
        var (exit, output, _) = cli.Run("import", "--calibre", cli.Dir);
        Assert.Equal(2, exit);
        Assert.Contains("is not a Calibre library: it has no metadata.db", output);
    }
}
