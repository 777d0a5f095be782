namespace Ficshelf.Core.Storage;

/// <summary>Where the archive lives when the user names none: $FICSHELF_ARCHIVE, else the user's data folder.</summary>
public static class ArchiveLocation
{
    public const string EnvironmentVariable = "FICSHELF_ARCHIVE";

    public static string Default
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
            var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(data)) data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(data, "ficshelf", "archive.db");
        }
    }
}
