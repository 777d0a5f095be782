namespace Ficshelf.Core.Storage.Sql;

/// <summary>
/// Where the SQL of the archive's providers differs; everything else is written once in <see cref="SqlArchiveStore"/>
/// in the SQL both understand (parameters as <c>@name</c>, <c>true</c>/<c>false</c>, <c>ON CONFLICT</c>,
/// <c>RETURNING</c>, <c>CAST</c>).
/// </summary>
public abstract class SqlDialect
{
    /// <summary>SQL for "<paramref name="column"/> is one of the ids in parameter <paramref name="parameter"/>".</summary>
    public abstract string IdIn(string column, string parameter);

    /// <summary>The value of an id list parameter used with <see cref="IdIn"/>.</summary>
    public abstract object IdList(IEnumerable<long> ids);

    /// <summary>SQL for "the tag name column <paramref name="column"/> is the name in <paramref name="parameter"/>, whatever its case",
    /// the way the tags' unique index compares names.</summary>
    public abstract string SameName(string column, string parameter);

    /// <summary>SQL for "<paramref name="text"/> contains <paramref name="fragment"/>, whatever its case".</summary>
    public abstract string ContainsIgnoringCase(string text, string fragment);

    /// <summary>Appended to a SELECT that reads rows the transaction is about to change ("" where a write locks the whole file).</summary>
    public abstract string ForUpdate { get; }
}
