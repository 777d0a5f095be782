namespace Ficshelf.Web;

/// <summary>How `ficshelf serve` runs the web reader.</summary>
public sealed record FicshelfWebOptions
{
    /// <summary>The archive: an SQLite file or a PostgreSQL location.</summary>
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

    /// <summary>This server's name among several on one PostgreSQL archive (in /healthz and the X-Ficshelf-Node header); default: host and process id.</summary>
    public string? NodeName { get; init; }

    /// <summary>A PostgreSQL hot standby of the archive for reads that may be slightly stale (pages, API GETs); writes go to the primary.</summary>
    public string? ReadReplica { get; init; }

    /// <summary>How far behind the read replica may be before reads go to the primary instead.</summary>
    public TimeSpan ReplicaMaxLag { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>On PostgreSQL, how often the search index checks the archive's change stamp when no change notice woke it.</summary>
    public TimeSpan ChangePoll { get; init; } = TimeSpan.FromSeconds(1);

    public static string Megabytes(long bytes) => Core.Import.StoryParser.Megabytes(bytes);
}
