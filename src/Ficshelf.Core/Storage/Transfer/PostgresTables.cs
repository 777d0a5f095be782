using System.Globalization;
using Ficshelf.Core.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Ficshelf.Core.Storage.Transfer;

/// <summary>Row-level access to a PostgreSQL archive: reads in a REPEATABLE READ snapshot, loads with binary COPY.</summary>
internal sealed class PostgresTables : ArchiveTables
{
    private readonly NpgsqlConnection connection;
    private NpgsqlTransaction? transaction;

    public PostgresTables(string location)
    {
        Location = PostgresLocation.Redact(location);
        var builder = PostgresLocation.Parse(location);
        builder.Pooling = false;
        builder.CommandTimeout = 0; // a copy of a large archive takes as long as it takes
        connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        Tables = ReadShapes();
    }

    public override string Location { get; }

    public override IReadOnlyList<TableShape> Tables { get; }

    private List<TableShape> ReadShapes()
    {
        var names = Query(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.oid
            """, r => r.GetString(0)).Where(n => !PostgresSchemaMigrations.BookkeepingTables.Contains(n)).ToList();
        var tables = new List<TableShape>();
        foreach (var name in names)
        {
            // Generated columns (a search vector, say) are derived, never copied.
            var columns = Query(
                """
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = @table AND is_generated = 'NEVER'
                ORDER BY ordinal_position
                """, r => new ColumnShape(r.GetString(0), KindOf(r.GetString(1)), r.GetString(1)), ("table", name));
            var key = Query(
                """
                SELECT a.attname FROM pg_index i
                JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = to_regclass(quote_ident(@table)) AND i.indisprimary ORDER BY k.n
                """, r => r.GetString(0), ("table", name));
            tables.Add(new TableShape(name, columns, key));
        }
        return tables;
    }

    private static ColumnKind KindOf(string type) => type switch
    {
        "bigint" or "integer" or "smallint" or "boolean" => ColumnKind.Integer,
        "double precision" or "real" or "numeric" => ColumnKind.Real,
        "bytea" => ColumnKind.Bytes,
        _ => ColumnKind.Text,
    };

    private static string Quote(string name) => PostgresArchiveStore.QuoteIdentifier(name);

    public override void BeginSnapshot()
    {
        transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        Execute("SET TRANSACTION READ ONLY");
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
        var sql = $"SELECT {string.Join(", ", columns.Select(Quote))} FROM {Quote(table.Name)}"
                  + (table.Key.Count > 0 ? $" ORDER BY {string.Join(", ", table.Key.Select(Quote))}" : "");
        using var command = new NpgsqlCommand(sql, connection, transaction);
        using var reader = command.ExecuteReader(System.Data.CommandBehavior.SequentialAccess);
        while (reader.Read())
        {
            var row = new object?[shapes.Count];
            for (var i = 0; i < shapes.Count; i++) row[i] = Normalize(reader.GetValue(i), shapes[i].Kind, table.Name, shapes[i].Name);
            yield return row;
        }
    }

    public override long Count(TableShape table)
    {
        using var command = new NpgsqlCommand($"SELECT count(*) FROM {Quote(table.Name)}", connection, transaction);
        return System.Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public override void BeginLoad(bool replace)
    {
        transaction = connection.BeginTransaction();
        Execute("SET CONSTRAINTS ALL DEFERRED");
        if (replace && Tables.Count > 0)
            Execute($"TRUNCATE {string.Join(", ", Tables.Select(t => Quote(t.Name)))} RESTART IDENTITY CASCADE");
    }

    public override void WriteRows(TableShape table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var shapes = columns.Select(c => table.Column(c) ?? throw new ArchiveException($"{Location}: no column {table.Name}.{c}")).ToList();
        var types = shapes.Select(c => DbType(table, c)).ToArray();
        using var importer = connection.BeginBinaryImport(
            $"COPY {Quote(table.Name)} ({string.Join(", ", columns.Select(Quote))}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            importer.StartRow();
            for (var i = 0; i < types.Length; i++)
            {
                var value = row[i];
                if (value is null) importer.WriteNull();
                else importer.Write(ToNative(value, types[i]), types[i]);
            }
        }
        importer.Complete();
    }

    private static NpgsqlDbType DbType(TableShape table, ColumnShape column) => column.NativeType switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "smallint" => NpgsqlDbType.Smallint,
        "boolean" => NpgsqlDbType.Boolean,
        "double precision" => NpgsqlDbType.Double,
        "real" => NpgsqlDbType.Real,
        "bytea" => NpgsqlDbType.Bytea,
        "text" or "character varying" => NpgsqlDbType.Text,
        "jsonb" => NpgsqlDbType.Jsonb,
        _ => throw new ArchiveException($"cannot copy {table.Name}.{column.Name}: PostgreSQL type {column.NativeType} is not one Ficshelf copies"),
    };

    private static object ToNative(object value, NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Boolean => (long)value != 0,
        NpgsqlDbType.Integer => checked((int)(long)value),
        NpgsqlDbType.Smallint => checked((short)(long)value),
        NpgsqlDbType.Real => (float)(double)value,
        _ => value,
    };

    public override void CommitLoad()
    {
        // Identity columns continue after the highest copied id.
        var identities = Query(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """, r => (Table: r.GetString(0), Column: r.GetString(1)));
        foreach (var (table, column) in identities.Where(i => Table(i.Table) is not null))
            Execute($"SELECT setval(pg_get_serial_sequence('{Quote(table).Replace("'", "''")}', '{column.Replace("'", "''")}'), coalesce((SELECT max({Quote(column)}) FROM {Quote(table)}), 0) + 1, false)");
        try
        {
            Execute("SET CONSTRAINTS ALL IMMEDIATE");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new ArchiveException($"{Location}: the copy has rows pointing at rows that are not there ({e.MessageText}); nothing was written", e);
        }
        transaction!.Commit();
        transaction.Dispose();
        transaction = null;
    }

    private void Execute(string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    public override void Dispose()
    {
        transaction?.Dispose();
        connection.Dispose();
    }
}
