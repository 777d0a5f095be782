using System.Text.Json;

namespace Ficshelf.Core.Storage;

/// <summary>
/// Where the archive lives when the user names none: $FICSHELF_ARCHIVE, else the "archive" of the config file
/// (<c>$XDG_CONFIG_HOME/ficshelf/config.json</c>, by default <c>~/.config/ficshelf/config.json</c>), else the user's
/// data folder. Any of them may be a file path or a PostgreSQL location (see <see cref="ArchiveStores"/>).
/// </summary>
public static class ArchiveLocation
{
    public const string EnvironmentVariable = "FICSHELF_ARCHIVE";

    public static string Default
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
            if (FromConfigFile() is { } configured) return configured;
            var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(data)) data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(data, "ficshelf", "archive.db");
        }
    }

    public static string ConfigFile
    {
        get
        {
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrWhiteSpace(config)) config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(config, "ficshelf", "config.json");
        }
    }

    /// <summary>The config file's "archive", or null when there is no file or it names none. A broken file is an error, not ignored.</summary>
    public static string? FromConfigFile() => FromConfigFile(ConfigFile);

    public static string? FromConfigFile(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("archive", out var archive)
                   && archive.ValueKind == JsonValueKind.String
                   && !string.IsNullOrWhiteSpace(archive.GetString())
                ? archive.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ArchiveException($"cannot read the config file {path}: {e.Message}", e);
        }
    }
}
