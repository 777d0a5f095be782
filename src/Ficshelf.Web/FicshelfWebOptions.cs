namespace Ficshelf.Web;

/// <summary>How `ficshelf serve` runs the web reader.</summary>
public sealed record FicshelfWebOptions
{
    /// <summary>The archive file (SQLite).</summary>
    public required string ArchivePath { get; init; }

    /// <summary>Where to listen; loopback only by default so a local reader's archive is not on the network.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Accounts for a shared server: admins wrangle, import and delete; readers read and bookmark.
    /// Off: the one local user is the admin and nobody signs in.</summary>
    public bool Accounts { get; init; }

    /// <summary>The largest upload request (all files together); above it the upload is refused with a clear error.</summary>
    public long MaxUploadBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest single story file (the importer's own limit).</summary>
    public long MaxFileBytes { get; init; } = Core.Import.ImportOptions.DefaultMaxFileBytes;

    /// <summary>Extra canon knowledge folders for the analysis that runs on upload.</summary>
    public IReadOnlyList<string> CanonDirs { get; init; } = [];

    public static string Megabytes(long bytes) => Core.Import.StoryParser.Megabytes(bytes);
}
