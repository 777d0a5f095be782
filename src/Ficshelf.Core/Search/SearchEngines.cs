using Ficshelf.Core.Search.InProcess;
using Ficshelf.Core.Search.Sqlite;

namespace Ficshelf.Core.Search;

/// <summary>The engines by the names the CLI, the benchmark and the tests use.</summary>
public static class SearchEngines
{
    public static IReadOnlyList<string> Names { get; } = ["inverted", "fts5", "brute-force"];

    public static ISearchEngine Create(string name, string? indexPath = null) => name.ToLowerInvariant() switch
    {
        "inverted" or "in-process" => new InvertedIndexEngine(),
        "fts5" or "sqlite" => new Fts5SearchEngine(indexPath),
        "brute-force" or "brute" => new BruteForceSearchEngine(),
        _ => throw new ArgumentException($"unknown search engine '{name}' (one of {string.Join(", ", Names)})"),
    };
}
