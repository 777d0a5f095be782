using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Import.Calibre;

/// <summary>One format file of a Calibre book (the <c>data</c> table: BOOK_FOLDER/NAME.format).</summary>
public sealed record CalibreFile(string Format, string Path);

/// <summary>A book as a Calibre library records it: its metadata.db rows and its folder's files.</summary>
public sealed record CalibreBook(
    int Id,
    string Title,
    IReadOnlyList<string> Authors,
    string? Series,
    double? SeriesIndex,
    IReadOnlyList<string> Tags,
    string? Comments,
    IReadOnlyDictionary<string, string> Identifiers,
    IReadOnlyList<string> Languages,
    IReadOnlyList<CalibreFile> Files,
    IReadOnlyList<CalibreColumnValue> CustomColumns,
    string Folder);

/// <summary>A custom column's value(s) for a book: FanFicFare's columns (status, category, characters, ships …) are these.</summary>
public sealed record CalibreColumnValue(string Label, string Name, string Datatype, IReadOnlyList<string> Values);

/// <summary>
/// Reads a Calibre library (the folder holding metadata.db) without changing it: the database is copied to a temporary
/// file and the copy opened read-only, so neither Calibre's journal nor its triggers ever run on the library.
/// </summary>
internal static class CalibreLibrary
{
    public static IReadOnlyList<CalibreBook> Read(string libraryFolder)
    {
        var database = Path.Combine(libraryFolder, "metadata.db");
        if (!File.Exists(database))
            throw new ImportException($"{libraryFolder} is not a Calibre library: it has no metadata.db");
        var copy = Path.Combine(Path.GetTempPath(), $"ficshelf-calibre-{Guid.NewGuid():N}.db");
        File.Copy(database, copy);
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            return ReadBooks(connection, Path.GetFullPath(libraryFolder));
        }
        catch (SqliteException e)
        {
            throw new ImportException($"{database} cannot be read as a Calibre library: {e.Message}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(copy);
        }
    }

    private static List<CalibreBook> ReadBooks(SqliteConnection connection, string library)
    {
        var authors = Grouped(connection, "SELECT l.book, a.name FROM books_authors_link l JOIN authors a ON a.id = l.author ORDER BY l.id");
        var tags = Grouped(connection, "SELECT l.book, t.name FROM books_tags_link l JOIN tags t ON t.id = l.tag ORDER BY l.id");
        var series = Grouped(connection, "SELECT l.book, s.name FROM books_series_link l JOIN series s ON s.id = l.series");
        var comments = Grouped(connection, "SELECT book, text FROM comments");
        var languages = Grouped(connection, "SELECT l.book, g.lang_code FROM books_languages_link l JOIN languages g ON g.id = l.lang_code ORDER BY l.item_order");
        var identifiers = new Dictionary<int, Dictionary<string, string>>();
        foreach (var (book, type, value) in Rows3(connection, "SELECT book, type, val FROM identifiers"))
        {
            if (!identifiers.TryGetValue(book, out var ids)) identifiers[book] = ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            ids[type] = value;
        }
        var files = new Dictionary<int, List<(string Format, string Name)>>();
        foreach (var (book, format, name) in Rows3(connection, "SELECT book, format, name FROM data"))
        {
            if (!files.TryGetValue(book, out var list)) files[book] = list = [];
            list.Add((format, name));
        }
        var custom = CustomColumns(connection);

        var books = new List<CalibreBook>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, title, path, series_index FROM books ORDER BY id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt32(0);
            var folder = Path.Combine(library, reader.GetString(2).Replace('/', Path.DirectorySeparatorChar));
            var bookFiles = files.GetValueOrDefault(id, []).Select(f => new CalibreFile(f.Format.ToUpperInvariant(),
                Path.Combine(folder, f.Name + "." + f.Format.ToLowerInvariant()))).ToList();
            var seriesName = series.GetValueOrDefault(id)?.FirstOrDefault();
            books.Add(new CalibreBook(
                id,
                reader.GetString(1),
                authors.GetValueOrDefault(id, []),
                seriesName,
                seriesName is null || reader.IsDBNull(3) ? null : reader.GetDouble(3),
                tags.GetValueOrDefault(id, []),
                comments.GetValueOrDefault(id)?.FirstOrDefault(),
                identifiers.GetValueOrDefault(id) ?? new Dictionary<string, string>(),
                languages.GetValueOrDefault(id, []),
                bookFiles,
                [.. custom.Select(c => c.ValuesFor(id)).OfType<CalibreColumnValue>()],
                folder));
        }
        return books;
    }

    private sealed record CustomColumn(string Label, string Name, string Datatype, Dictionary<int, List<string>> Values)
    {
        public CalibreColumnValue? ValuesFor(int book) =>
            Values.TryGetValue(book, out var values) && values.Count > 0 ? new CalibreColumnValue(Label, Name, Datatype, values) : null;
    }

    /// <summary>Calibre keeps each custom column in custom_column_N: normalized ones (text, series, enumeration) through
    /// books_custom_column_N_link, the others (comments, bool, int, float, datetime) with a book column.</summary>
    private static List<CustomColumn> CustomColumns(SqliteConnection connection)
    {
        var columns = new List<(int Id, string Label, string Name, string Datatype, bool Normalized)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, label, name, datatype, normalized FROM custom_columns WHERE mark_for_delete = 0";
            using var reader = command.ExecuteReader();
            while (reader.Read()) columns.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4)));
        }
        var result = new List<CustomColumn>();
        foreach (var (id, label, name, datatype, normalized) in columns)
        {
            var table = $"custom_column_{id.ToString(CultureInfo.InvariantCulture)}";
            var sql = normalized
                ? $"SELECT l.book, v.value FROM books_{table}_link l JOIN {table} v ON v.id = l.value ORDER BY l.id"
                : $"SELECT book, value FROM {table}";
            result.Add(new CustomColumn(label, name, datatype, Grouped(connection, sql)));
        }
        return result;
    }

    private static Dictionary<int, List<string>> Grouped(SqliteConnection connection, string sql)
    {
        var grouped = new Dictionary<int, List<string>>();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.IsDBNull(1)) continue;
            var book = reader.GetInt32(0);
            if (!grouped.TryGetValue(book, out var list)) grouped[book] = list = [];
            list.Add(Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture) ?? "");
        }
        return grouped;
    }

    private static IEnumerable<(int, string, string)> Rows3(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return (reader.GetInt32(0), reader.GetString(1), reader.GetString(2));
    }
}
