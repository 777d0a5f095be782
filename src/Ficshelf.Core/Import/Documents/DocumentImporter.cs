using System.IO.Compression;
using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Documents;

/// <summary>
/// What a structured file (EPUB or HTML) gave: a work read from its structure, or — for HTML no reader knows —
/// its text, for the plain-text importers.
/// </summary>
internal sealed record DocumentReading(Work? Work, string? Text, string Encoding);

/// <summary>
/// The document half of import: sniffs the bytes (zip magic and the EPUB "mimetype" entry; HTML markup at the start)
/// and reads structured formats by their structure. Plain text is left to the text importers (returns null).
/// </summary>
internal static partial class DocumentImporter
{
    [GeneratedRegex(@"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p)\b", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlStart();

    /// <summary>A zip file starts with a local file header (or, empty, with the end-of-directory record).</summary>
    public static bool IsZip(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6));

    /// <summary>True for a zip that is an EPUB (the archive expander leaves those whole).</summary>
    public static bool IsEpub(byte[] bytes)
    {
        if (!IsZip(bytes)) return false;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return EpubPackage.IsEpub(zip);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            return false;
        }
    }

    public static bool LooksLikeHtml(string text) => HtmlStart().IsMatch(text.Length > 4096 ? text[..4096] : text);

    /// <summary>
    /// The work or text in a structured file, or null when the bytes are plain text. The file's name is read too: some
    /// tools write the story's id only there (WattpadDownloader saves "title-slug_STORYID.epub").
    /// </summary>
    public static DocumentReading? Read(byte[] bytes, ImportOptions options, string? fileName = null)
    {
        if (IsZip(bytes)) return new DocumentReading(ReadEpub(bytes, options, fileName), null, "utf-8");
        var decoded = TextDecoder.Decode(bytes);
        if (!LooksLikeHtml(decoded.Text)) return null;
        var document = HtmlText.Parse(decoded.Text);
        // Ficshelf's own export first: its marked metadata says what the AO3-shaped page cannot (origins, platform, ids).
        if (FicshelfExportReader.ReadHtml(document) is { } own) return new DocumentReading(own, null, decoded.EncodingName);
        Work? work = null;
        if (Ao3WorkPageReader.IsWorkPage(document)) work = Ao3WorkPageReader.Read(document);
        else if (Ao3DownloadReader.Recognises(document)) work = Ao3DownloadReader.Read(document);
        else if (FanFictionNetPageReader.Recognises(document)) work = FanFictionNetPageReader.Read(document);
        else if (WattpadPageReader.Recognises(document)) work = WattpadPageReader.Read(document);
        if (work is not null) return new DocumentReading(work, null, decoded.EncodingName);

        // A page that holds no work (AO3's adult-content or sign-in page, an error, a chapter index, a list of works):
        // refused with what to save instead, rather than read as a story.
        if (Ao3WorkPageReader.NoWorkReason(document) is { } reason) throw new ImportException(reason);

        // Any other page: its text, paragraph by paragraph, goes to the text importers (a copied story saved as HTML).
        var paragraphs = HtmlText.Paragraphs(document.Body);
        if (paragraphs.Count == 0) throw new ImportException("the HTML page has no text");
        return new DocumentReading(null, string.Join("\n\n", paragraphs), decoded.EncodingName);
    }

    private static Work ReadEpub(byte[] bytes, ImportOptions options, string? fileName)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (!EpubPackage.IsEpub(zip))
                throw new ImportException("the file is a zip archive, not an EPUB: import it as an archive (a folder or the CLI import)");
            var package = EpubPackage.Read(zip, options.MaxFileBytes * 4);
            return FicshelfExportReader.ReadEpub(package) ?? EpubReaders.Read(package, fileName);
        }
        catch (InvalidDataException e)
        {
            throw new ImportException($"the file is a damaged zip/EPUB ({e.Message})");
        }
        catch (IOException e)
        {
            throw new ImportException($"the file is a damaged zip/EPUB ({e.Message})");
        }
        catch (NotSupportedException e)
        {
            // Encrypted entries or compression methods .NET does not read.
            throw new ImportException($"the EPUB uses a zip feature Ficshelf cannot read ({e.Message})");
        }
    }
}
