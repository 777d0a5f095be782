using Npgsql;

namespace Ficshelf.Core.Storage.Postgres;

/// <summary>
/// Reads a PostgreSQL archive location: a URL (<c>postgres://user:pass@host:port/db?sslmode=require&amp;search_path=ficshelf</c>,
/// or <c>postgresql://</c>) or an Npgsql connection string (<c>Host=…;Database=…</c>).
/// </summary>
public static class PostgresLocation
{
    public static bool IsPostgres(string location)
    {
        var text = location.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return true;
        // A connection string is key=value pairs, one of them the host; a file path is not.
        var parts = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 && parts.All(part => part.IndexOf('=') > 0) && parts.Any(part =>
        {
            var key = part.Split('=', 2)[0].Trim();
            return key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase);
        });
    }

    public static NpgsqlConnectionStringBuilder Parse(string location)
    {
        var text = location.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            try { return new NpgsqlConnectionStringBuilder(text); }
            catch (ArgumentException e) { throw new ArchiveException($"not a PostgreSQL connection string: {e.Message}", e); }
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new ArchiveException($"not a PostgreSQL URL: {Redact(text)} (expected postgres://user:password@host:port/database)");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0) builder.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]).ToLowerInvariant();
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (key)
            {
                case "sslmode": builder.SslMode = Enum.Parse<SslMode>(value.Replace("-", ""), ignoreCase: true); break;
                case "search_path" or "schema": builder.SearchPath = value; break;
                case "application_name": builder.ApplicationName = value; break;
                case "timeout" or "connect_timeout": builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new ArchiveException($"unknown PostgreSQL URL option '{key}' (known: sslmode, search_path, application_name, connect_timeout)");
            }
        }
        return builder;
    }

    /// <summary>The location with its password hidden, for messages and reports.</summary>
    public static string Redact(string location)
    {
        var text = location.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            var at = text.IndexOf('@');
            var scheme = text.IndexOf("://", StringComparison.Ordinal) + 3;
            if (at > scheme)
            {
                var colon = text.IndexOf(':', scheme);
                if (colon > 0 && colon < at) return text[..(colon + 1)] + "***" + text[at..];
            }
            return text;
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (!string.IsNullOrEmpty(builder.Password)) builder.Password = "***";
            return builder.ToString();
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }
}
