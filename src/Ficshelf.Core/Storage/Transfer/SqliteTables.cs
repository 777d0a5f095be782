using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Storage.Transfer;

/// <summary>Row-level access to an SQLite archive, on a connection of its own (a running server's is not disturbed).</summary>
internal sealed class SqliteTables : ArchiveTables
{
    private readonly SqliteConnection connection;
    private SqliteTransaction? transaction;

    public SqliteTables(string path)
    {
        Location = path;
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
        connection.Open();
        Execute("PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;");
        Tables = ReadShapes();
    }

    public override string Location { get; }

    public override IReadOnlyList<TableShape> Tables { get; }

    private List<TableShape> ReadShapes()
    {
        // Ordinary tables only: virtual tables (full-text search) and their shadow tables are rebuilt from the content.
        var names = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText =
                """
                SELECT m.name FROM sqlite_master m JOIN pragma_table_list l ON l.name = m.name AND l.schema = 'main'
                WHERE m.type = 'table' AND l.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
                ORDER BY m.rowid
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read()) names.Add(reader.GetString(0));
        }
        var tables = new List<TableShape>();
        foreach (var name in names)
        {
            var columns = new List<(ColumnShape Column, int Pk)>();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, type, pk FROM pragma_table_info($table) ORDER BY cid";
            command.Parameters.AddWithValue("$table", name);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                columns.Add((new ColumnShape(reader.GetString(0), KindOf(reader.GetString(1)), reader.GetString(1)), reader.GetInt32(2)));
            tables.Add(new TableShape(name, columns.Select(c => c.Column).ToList(),
                columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Column.Name).ToList()));
        }
        return tables;
    }

    /// <summary>SQLite's type affinity rules.</summary>
    private static ColumnKind KindOf(string declared)
    {
        var type = declared.ToUpperInvariant();
        if (type.Contains("INT")) return ColumnKind.Integer;
        if (type.Contains("CHAR") || type.Contains("CLOB") || type.Contains("TEXT")) return ColumnKind.Text;
        if (type.Contains("BLOB") || type.Length == 0) return ColumnKind.Bytes;
        return ColumnKind.Real;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    public override void BeginSnapshot()
    {
        // A deferred transaction's first read pins a WAL snapshot until it ends.
        transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master";
        command.ExecuteScalar();
    }

    public override void EndSnapshot()
    {
        transaction?.Rollback();
        transaction?.Dispose();
        transaction = null;
    }

    public override IEnumerable<object?[]> ReadRows(TableShape table, IReadOnlyList<string> columns)
    {
        var shapes = columns.Select(c => table.Column(c) ?? throw new ArchiveException($"{Location}: no column {table.Name}.{c}")).ToList();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(Quote))} FROM {Quote(table.Name)}"
                              + (table.Key.Count > 0 ? $" ORDER BY {string.Join(", ", table.Key.Select(Quote))}" : "");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[shapes.Count];
            for (var i = 0; i < shapes.Count; i++) row[i] = Normalize(reader.GetValue(i), shapes[i].Kind, table.Name, shapes[i].Name);
            yield return row;
        }
    }

    public override long Count(TableShape table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT count(*) FROM {Quote(table.Name)}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public override void BeginLoad(bool replace)
    {
        transaction = connection.BeginTransaction(deferred: false);
        Execute("PRAGMA defer_foreign_keys = ON;");
        if (replace)
            foreach (var table in Tables.Reverse()) Execute($"DELETE FROM {Quote(table.Name)}");
    }

    public override void WriteRows(TableShape table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {Quote(table.Name)} ({string.Join(", ", columns.Select(Quote))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = row[i] ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
    }

    public override void CommitLoad()
    {
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT count(*) FROM pragma_foreign_key_check";
            var broken = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (broken > 0) throw new ArchiveException($"{Location}: the copy has {broken} rows pointing at rows that are not there; nothing was written");
        }
        transaction!.Commit();
        transaction.Dispose();
        transaction = null;
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public override void Dispose()
    {
        transaction?.Dispose();
        connection.Dispose();
    }
}
