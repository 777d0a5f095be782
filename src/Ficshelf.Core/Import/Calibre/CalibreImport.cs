using System.Globalization;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Documents;

namespace Ficshelf.Core.Import.Calibre;

/// <summary>
/// Imports a Calibre library book by book through the normal import path (parse, analyse, store): the book's EPUB (else
/// an HTML or text format) is the copy, and the library's metadata fills what the file lacks — title, authors, series and
/// index, comments, language, tags, identifiers (url, ao3, ffnet … → the platform and its story id) and FanFicFare's
/// custom columns (category/fandom, characters, ships, rating, warnings, genre, freeform tags, status).
/// </summary>
public static class CalibreImport
{
    /// <summary>The formats read, best first: the ones the importers understand.</summary>
    private static readonly string[] Formats = ["EPUB", "HTML", "HTM", "XHTML", "TXT", "TXTZ"];

    public static IReadOnlyList<FileImportResult> Import(FileImporter importer, string libraryFolder, ImportOptions? options = null, int workers = 1) =>
        importer.ImportMany(Inputs(libraryFolder, options ?? new ImportOptions()), workers);

    /// <summary>Each book of the library as an input of a bulk import (<see cref="FileImporter.ImportMany"/>), in the library's order.</summary>
    public static IEnumerable<ImportInput> Inputs(string libraryFolder, ImportOptions options)
    {
        foreach (var book in CalibreLibrary.Read(libraryFolder))
        {
            var label = $"{libraryFolder.TrimEnd('/', '\\')}#{book.Id.ToString(CultureInfo.InvariantCulture)} {book.Title}";
            yield return new ImportInput(label, importer => [Prepare(importer, book, label, options)]);
        }
    }

    private static PreparedFile Prepare(FileImporter importer, CalibreBook book, string label, ImportOptions options)
    {
        var file = Formats.Select(f => book.Files.FirstOrDefault(b => b.Format == f)).OfType<CalibreFile>().FirstOrDefault(f => File.Exists(f.Path));
        if (file is null)
        {
            var formats = book.Files.Count == 0 ? "none" : string.Join(", ", book.Files.Select(f => f.Format));
            return PreparedFile.Failure(label, $"no EPUB, HTML or text file in the library for this book (formats: {formats})");
        }
        try
        {
            var info = new FileInfo(file.Path);
            if (info.Length > options.MaxFileBytes)
                return PreparedFile.Failure(label, $"file is too large ({StoryParser.Megabytes(info.Length)}; the limit is {StoryParser.Megabytes(options.MaxFileBytes)})");
            return importer.Prepare(label, Path.GetFileName(file.Path), File.ReadAllBytes(file.Path), options, parsed => parsed with { Work = Fill(parsed.Work, book) });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PreparedFile.Failure(label, $"cannot read {file.Path}: {e.Message}");
        }
    }

    /// <summary>The work with the library's metadata where the file said nothing; what the file says wins.</summary>
    public static Work Fill(Work work, CalibreBook book)
    {
        var filled = work;
        if (string.IsNullOrWhiteSpace(filled.Title) && !string.IsNullOrWhiteSpace(book.Title)) filled = filled with { Title = book.Title };
        var authors = book.Authors.Where(a => !string.Equals(a, "Unknown", StringComparison.OrdinalIgnoreCase)).ToList();
        if (filled.Authors.Count == 0 && authors.Count > 0) filled = filled with { Authors = authors };
        if (string.IsNullOrWhiteSpace(filled.SeriesOrBook) && book.Series is { } series)
        {
            filled = filled with { SeriesOrBook = series };
            if (filled.SeriesPart is null && book.SeriesIndex is { } index && index >= 1 && index == Math.Floor(index))
                filled = filled with { SeriesPart = (int)index };
        }
        if (string.IsNullOrWhiteSpace(filled.Summary) && book.Comments is { } comments && EpubReaders.SummaryText(comments) is { } summary)
            filled = filled with { Summary = summary };
        if (filled.Language is null && book.Languages.Select(LanguageNames.Code).FirstOrDefault(c => c is not null) is { } language)
            filled = filled with { Language = language };
        if (filled.PlatformWorkId is null && PlatformId(book.Identifiers) is { } platformId
            && (filled.Platform == Platform.Generic || filled.Platform == platformId.Platform))
            filled = filled with { Platform = platformId.Platform, PlatformWorkId = platformId.Id };

        var tags = new DeclaredTags();
        foreach (var tag in filled.Tags.Where(t => t.Origin == TagOrigin.Declared)) tags.Add(tag.Category, tag.Name);
        bool? complete = null;
        foreach (var column in book.CustomColumns)
        {
            if (IsColumn(column, "status"))
            {
                var status = column.Values[0].Trim();
                if (status.StartsWith("Complete", StringComparison.OrdinalIgnoreCase)) complete = true;
                else if (status.Contains("Progress", StringComparison.OrdinalIgnoreCase) || status.StartsWith("Abandon", StringComparison.OrdinalIgnoreCase)) complete = false;
                continue;
            }
            if (CategoryOf(column) is not { } category) continue;
            foreach (var value in column.Values.SelectMany(v => column.Datatype == "comments" ? v.Split(',') : [v]))
                if (!tags.ContainsName(value.Trim())) tags.Add(category, value);
        }
        // Calibre's own tags (FanFicFare puts genres and freeform tags there) are freeform unless the file already names them.
        foreach (var tag in book.Tags)
            if (!tags.ContainsName(tag.Trim())) tags.Add(TagCategory.Freeform, tag);
        var declared = tags.ToList();
        filled = filled with { Tags = [.. declared, .. filled.Tags.Where(t => t.Origin != TagOrigin.Declared)] };
        if (filled.Complete is null && complete is not null) filled = filled with { Complete = complete };
        return filled;
    }

    /// <summary>FanFicFare's usual custom columns, by label or name (users name them; these are the names its docs suggest).</summary>
    private static TagCategory? CategoryOf(CalibreColumnValue column)
    {
        if (column.Datatype is not ("text" or "comments" or "enumeration")) return null;
        foreach (var key in new[] { Key(column.Label), Key(column.Name) })
        {
            switch (key)
            {
                case "fandom" or "fandoms" or "category" or "categories": return TagCategory.Fandom;
                case "characters" or "character": return TagCategory.Character;
                case "ships" or "ship" or "relationships" or "relationship" or "pairings" or "pairing": return TagCategory.Relationship;
                case "rating": return TagCategory.Rating;
                case "warnings" or "warning" or "archivewarnings": return TagCategory.Warning;
                case "genre" or "genres": return TagCategory.Genre;
                case "ao3categories": return TagCategory.Category;
                case "freeform" or "freeformtags" or "additionaltags" or "extratags": return TagCategory.Freeform;
            }
        }
        return null;
    }

    private static bool IsColumn(CalibreColumnValue column, string key) => Key(column.Label) == key || Key(column.Name) == key;

    private static string Key(string name) => new([.. name.Where(char.IsLetter).Select(char.ToLowerInvariant)]);

    /// <summary>The platform and story id from Calibre identifiers: a story URL (FanFicFare's url:), or ao3:/ffnet:/wattpad: ids.</summary>
    private static (Platform Platform, string Id)? PlatformId(IReadOnlyDictionary<string, string> identifiers)
    {
        if (identifiers.TryGetValue("url", out var url))
        {
            var platform = EpubReaders.PlatformOfUrl(url);
            if (platform != Platform.Generic && EpubReaders.WorkIdOfUrl(platform, url) is { } id) return (platform, id);
        }
        foreach (var (type, platform) in new[] { ("ao3", Platform.Ao3), ("ffnet", Platform.FanFictionNet), ("fanfiction", Platform.FanFictionNet), ("wattpad", Platform.Wattpad), ("inkitt", Platform.Inkitt) })
            if (identifiers.TryGetValue(type, out var value) && value.Trim().All(char.IsAsciiDigit) && value.Trim().Length > 0) return (platform, value.Trim());
        return null;
    }
}
