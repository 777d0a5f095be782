using System.Globalization;

namespace Ficshelf.Core.Storage.Transfer;

/// <summary>How a column's values travel between providers: every value is null, a long, a double, a string or bytes.</summary>
internal enum ColumnKind
{
    Integer,
    Real,
    Text,
    Bytes,
}

/// <param name="NativeType">The provider's own type ("bigint", "boolean", "INTEGER"…), to write values back faithfully.</param>
internal sealed record ColumnShape(string Name, ColumnKind Kind, string NativeType);

internal sealed record TableShape(string Name, IReadOnlyList<ColumnShape> Columns, IReadOnlyList<string> Key)
{
    public ColumnShape? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>
/// Row-level access to an archive's content tables, provider-neutral: what backup, restore and migrate copy and what
/// their verification hashes. Reads happen in one snapshot; a load happens in one transaction with foreign keys
/// checked at commit, so tables and rows may come in any order and a failed copy leaves the target as it was.
/// </summary>
internal abstract class ArchiveTables : IDisposable
{
    public abstract string Location { get; }

    /// <summary>The archive's content tables (not the provider's bookkeeping, not a search index's internals), oldest first.</summary>
    public abstract IReadOnlyList<TableShape> Tables { get; }

    /// <summary>From here on, reads see one consistent state of the archive, whatever other writers do.</summary>
    public abstract void BeginSnapshot();

    public abstract void EndSnapshot();

    /// <summary>The rows of a table, values normalised to long/double/string/byte[]/null in the order of <paramref name="columns"/>.</summary>
    public abstract IEnumerable<object?[]> ReadRows(TableShape table, IReadOnlyList<string> columns);

    public abstract long Count(TableShape table);

    /// <summary>Opens the load transaction; <paramref name="replace"/> empties every content table first.</summary>
    public abstract void BeginLoad(bool replace);

    public abstract void WriteRows(TableShape table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows);

    /// <summary>Checks the foreign keys, moves id counters past the copied ids and commits.</summary>
    public abstract void CommitLoad();

    public abstract void Dispose();

    public TableShape? Table(string name) => Tables.FirstOrDefault(t => t.Name == name);

    public bool IsEmpty() => Tables.All(t => Count(t) == 0);

    /// <summary>Opens an archive's tables, creating the archive and bringing its schema up to date first.</summary>
    public static ArchiveTables Open(string location)
    {
        using (ArchiveStores.Open(location)) { }
        return ArchiveStores.IsPostgres(location)
            ? new PostgresTables(location)
            : new SqliteTables(Path.GetFullPath(location));
    }

    /// <summary>A value read from a provider, in the neutral form for its column kind.</summary>
    protected static object? Normalize(object? value, ColumnKind kind, string table, string column)
    {
        if (value is null or DBNull) return null;
        try
        {
            return kind switch
            {
                ColumnKind.Integer => value switch
                {
                    bool b => b ? 1L : 0L,
                    _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                },
                ColumnKind.Real => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                ColumnKind.Text => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture),
                ColumnKind.Bytes => value as byte[] ?? (value is string s ? System.Text.Encoding.UTF8.GetBytes(s) : throw new InvalidCastException()),
                _ => throw new InvalidCastException(),
            };
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new ArchiveException($"{table}.{column} holds a {value.GetType().Name} where {kind} was expected", e);
        }
    }
}
