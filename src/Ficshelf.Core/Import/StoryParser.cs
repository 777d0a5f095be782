using Ficshelf.Core.Analysis;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Documents;
using Ficshelf.Core.Import.Platforms;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import;

public sealed record ImportOptions
{
    /// <summary>Skip detection and read the copy as this platform's.</summary>
    public Platform? Platform { get; init; }

    /// <summary>Files larger than this are refused before they are read (the longest fan works are a few MB of text).</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    public const long DefaultMaxFileBytes = 32L * 1024 * 1024;
}

/// <summary>A file read into a work, with the bytes it came from.</summary>
public sealed record ParsedFile(Work Work, byte[] Original, string FileName, string Encoding, string ContentHash)
{
    /// <summary>The store's keys, computed ahead for this <see cref="Work"/> (see <see cref="WithStoreKeys"/>); null: the store computes them.</summary>
    public StoreKeys? Keys { get; init; }

    /// <summary>The keys of the work as it is now, or null when the work changed since they were computed.</summary>
    public StoreKeys? CurrentKeys => Keys is { } keys && ReferenceEquals(keys.Work, Work) ? keys : null;

    /// <summary>The same file with its store keys computed here (a bulk import's worker), not in the storing thread.</summary>
    public ParsedFile WithStoreKeys() => this with { Keys = StoreKeys.Of(Work) };
}

/// <summary>Bytes of a copied story → a work: decode, detect the platform, parse with that platform's importer.</summary>
public sealed class StoryParser(IReadOnlyList<IPlatformImporter> importers)
{
    public StoryParser() : this(DefaultImporters) { }

    public static IReadOnlyList<IPlatformImporter> DefaultImporters { get; } =
    [
        new Ao3TextImporter(),
        new WattpadTextImporter(),
        new InkittTextImporter(),
        new FanFictionNetTextImporter(),
        new RequestOneShotImporter(),
        new GenericTextImporter(),
    ];

    public IReadOnlyList<IPlatformImporter> Importers => importers;

    /// <summary>The importer whose platform the text most looks like; the generic one when none stands out.</summary>
    public IPlatformImporter Detect(StoryText text) =>
        importers.Select(i => (Importer: i, Score: i.Detect(text))).OrderByDescending(x => x.Score).First().Importer;

    public ParsedFile Parse(byte[] bytes, string fileName, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        if (bytes.LongLength > options.MaxFileBytes)
            throw new ImportException($"file is too large ({Megabytes(bytes.LongLength)}; the limit is {Megabytes(options.MaxFileBytes)})");
        // Structured files (EPUB, HTML downloads and saved pages) are read by their structure; other HTML gives its
        // text to the text importers, like any plain copy.
        var document = DocumentImporter.Read(bytes, options, fileName);
        if (document?.Work is { } read)
        {
            if (options.Platform is { } platform) read = read with { Platform = platform };
            return Finish(read, bytes, fileName, document.Encoding);
        }
        var decoded = document?.Text is { } pageText ? new DecodedText(pageText, document.Encoding) : TextDecoder.Decode(bytes);
        // Ficshelf's own text export, recognised by its metadata trailer.
        if (FicshelfExportReader.ReadText(decoded.Text, out var withoutTrailer) is { } own)
            return Finish(options.Platform is { } ownPlatform ? own with { Platform = ownPlatform } : own, bytes, fileName, decoded.EncodingName);
        decoded = decoded with { Text = withoutTrailer };
        var text = StoryText.From(decoded.Text);
        if (text.Lines.All(l => l.Length == 0)) throw new ImportException("the file holds only white space");

        var importer = options.Platform is { } forced ? importers.First(i => i.Platform == forced) : Detect(text);
        return Finish(importer.Parse(text), bytes, fileName, decoded.EncodingName);
    }

    private static ParsedFile Finish(Work work, byte[] bytes, string fileName, string encoding)
    {
        work = KeepNamesShort(work);
        work = work with { Language = work.Language ?? LanguageGuesser.Guess(work.BodyParagraphs) };
        return new ParsedFile(work, bytes, fileName, encoding, WorkIdentity.HashOf(bytes));
    }

    /// <summary>
    /// A title, book or author longer than any real one is text an importer mistook for a name (a file of one huge
    /// line): the title and book move to the start of the story, where nothing is lost; over-long authors are dropped
    /// from the byline (their text stays in the file's original bytes).
    /// </summary>
    private static Work KeepNamesShort(Work work)
    {
        const int limit = Text.SiteChrome.MaxTitleLength * 5;
        var moved = new[] { work.Title, work.SeriesOrBook }.Where(n => n is { Length: > limit }).Select(n => n!).ToList();
        if (moved.Count == 0 && work.Authors.All(a => a.Length <= limit)) return work;
        var chapters = work.Chapters.ToList();
        // Inline marks point at paragraphs by index: only an unmarked chapter takes the text in front.
        if (moved.Count > 0 && chapters.Count > 0 && chapters[0].Spans.Count == 0 && chapters[0].Blocks.Count == 0)
            chapters[0] = chapters[0] with { Paragraphs = [.. moved, .. chapters[0].Paragraphs] };
        return work with
        {
            Title = work.Title is { Length: > limit } ? null : work.Title,
            SeriesOrBook = work.SeriesOrBook is { Length: > limit } ? null : work.SeriesOrBook,
            Authors = work.Authors.Where(a => a.Length <= limit).ToList(),
            Chapters = chapters,
        };
    }

    public static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
