using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Storage.Sql;

/// <summary>
/// The archive's rules written once over ADO.NET: what an import does (same file, same story, platform story id,
/// near-duplicate, more complete copy), wrangling, near-duplicate merging, fingerprints, reading state and the
/// checks. A provider (<see cref="SqliteArchiveStore"/>, <see cref="Postgres.PostgresArchiveStore"/>) gives its
/// connections, its <see cref="SqlDialect"/>, which errors are races worth a retry, and the few statements it runs
/// its own way; the storage contract suite runs on both.
/// </summary>
public abstract partial class SqlArchiveStore : IArchiveStore
{
    private const int MaxAttempts = 8;

    protected SqlArchiveStore(string location, SqlDialect dialect)
    {
        Location = location;
        Dialect = dialect;
    }

    public string Location { get; }

    protected SqlDialect Dialect { get; }

    /// <summary>
    /// A connection, for writes its open transaction, and how to talk to it: <see cref="Sync"/> runs every statement
    /// synchronously (the CLI, the search index), otherwise asynchronously with <see cref="Cancel"/> (the web server).
    /// One implementation serves both: in sync mode every await meets a finished task.
    /// </summary>
    protected readonly record struct Db(DbConnection Connection, DbTransaction? Transaction, bool Sync = true, CancellationToken Cancel = default);

    /// <summary>Thrown inside a write to start it over (a race another writer won).</summary>
    protected sealed class RetryWriteException : Exception;

    /// <summary>An open connection for one read or one write transaction.</summary>
    protected abstract DbConnection Rent();

    /// <summary>The same, opened without blocking a thread where the provider can (a pooled server connection).</summary>
    protected virtual ValueTask<DbConnection> RentAsync(CancellationToken cancel) => ValueTask.FromResult(Rent());

    /// <summary>Gives back what <see cref="Rent"/> gave (a pooled provider closes it; a provider with one connection keeps it).</summary>
    protected abstract void Return(DbConnection connection);

    /// <summary>A write that lost a race to another writer and is worth starting over.</summary>
    protected virtual bool IsRace(Exception e) => e is RetryWriteException;

    /// <summary>The error as the archive's own, or null to let it through as it is.</summary>
    protected abstract ArchiveException? Failure(DbException e);

    /// <summary>The database refused to store a work (a constraint, a value it cannot hold): that file fails, the others go on.</summary>
    protected abstract bool IsRefusal(DbException e);

    protected T Read<T>(Func<Db, T> read) => Finish(ReadAsync(db => Task.FromResult(read(db)), sync: true, default));

    /// <summary>
    /// A connection for one read that may be slightly stale (a provider with a read replica may give the replica's);
    /// the primary's by default.
    /// </summary>
    protected virtual DbConnection RentRead() => Rent();

    /// <summary>The same, opened without blocking a thread where the provider can.</summary>
    protected virtual ValueTask<DbConnection> RentReadAsync(CancellationToken cancel) => RentAsync(cancel);

    /// <summary>A read on <paramref name="connection"/> failed because the replica it came from went away: it is read again from the primary.</summary>
    protected virtual bool ReadAgainOnPrimary(DbConnection connection, Exception e) => false;

    /// <summary>A write transaction on <paramref name="db"/> committed (a provider with a replica notes where the write is in its log).</summary>
    protected virtual Task CommittedAsync(Db db) => Task.CompletedTask;

    protected async Task<T> ReadAsync<T>(Func<Db, Task<T>> read, bool sync, CancellationToken cancel)
    {
        var connection = sync ? RentRead() : await RentReadAsync(cancel);
        try
        {
            return await read(new Db(connection, null, sync, cancel));
        }
        catch (Exception e) when (ReadAgainOnPrimary(connection, e))
        {
            // The replica went away mid-read: the read is answered by the primary below, without an error.
        }
        catch (DbException e) when (Failure(e) is { } failure)
        {
            throw failure;
        }
        finally
        {
            Return(connection);
        }
        var primary = sync ? Rent() : await RentAsync(cancel);
        try
        {
            return await read(new Db(primary, null, sync, cancel));
        }
        catch (DbException e) when (Failure(e) is { } failure)
        {
            throw failure;
        }
        finally
        {
            Return(primary);
        }
    }

    protected T Write<T>(Func<Db, T> write) => Finish(WriteAsync(db => Task.FromResult(write(db)), sync: true, default));

    protected void Write(Action<Db> write) => Write(db =>
    {
        write(db);
        return true;
    });

    /// <summary>
    /// Runs one write transaction, starting it over when it loses a race to another writer — after a short wait that
    /// holds no thread unless the caller is synchronous.
    /// </summary>
    protected async Task<T> WriteAsync<T>(Func<Db, Task<T>> write, bool sync, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = sync ? Rent() : await RentAsync(cancel);
            try
            {
                var transaction = sync ? connection.BeginTransaction() : await connection.BeginTransactionAsync(cancel);
                try
                {
                    var result = await write(new Db(connection, transaction, sync, cancel));
                    if (sync) transaction.Commit();
                    else await transaction.CommitAsync(cancel);
                    await CommittedAsync(new Db(connection, null, sync, cancel));
                    return result;
                }
                finally
                {
                    if (sync) transaction.Dispose();
                    else await transaction.DisposeAsync();
                }
            }
            catch (Exception e) when (attempt < MaxAttempts && IsRace(e))
            {
                var wait = TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt);
                if (sync) Thread.Sleep(wait);
                else await Task.Delay(wait, cancel);
            }
            catch (Exception e) when (IsRace(e))
            {
                throw new ArchiveException($"the archive {Location} stayed too busy: a write lost {MaxAttempts} races to other writers", e);
            }
            catch (DbException e) when (Failure(e) is { } failure)
            {
                throw failure;
            }
            finally
            {
                Return(connection);
            }
        }
    }

    /// <summary>The result of a call made in sync mode, which has finished by the time it returns.</summary>
    protected static T Finish<T>(Task<T> task) => task.GetAwaiter().GetResult();

    protected static void Finish(Task task) => task.GetAwaiter().GetResult();

    public abstract IEnumerable<string> StorageProblems();

    public abstract void Dispose();

    // Statements, with parameters named without a prefix and written @name in the SQL (both providers read that).

    private static DbCommand Command(Db db, string sql, (string Name, object? Value)[] parameters)
    {
        var command = db.Connection.CreateCommand();
        command.Transaction = db.Transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    protected static int Execute(Db db, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(db, sql, parameters);
        return command.ExecuteNonQuery();
    }

    protected static object? Scalar(Db db, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(db, sql, parameters);
        return command.ExecuteScalar();
    }

    protected static List<T> Query<T>(Db db, string sql, Func<DbDataReader, T> read, params (string, object?)[] parameters)
    {
        using var command = Command(db, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    protected static T? QueryFirst<T>(Db db, string sql, Func<DbDataReader, T> read, params (string, object?)[] parameters)
    {
        var rows = Query(db, sql, read, parameters);
        return rows.Count > 0 ? rows[0] : default;
    }

    protected static async Task<int> ExecuteAsync(Db db, string sql, params (string, object?)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        return db.Sync ? command.ExecuteNonQuery() : await command.ExecuteNonQueryAsync(db.Cancel);
    }

    protected static async Task<object?> ScalarAsync(Db db, string sql, params (string, object?)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        return db.Sync ? command.ExecuteScalar() : await command.ExecuteScalarAsync(db.Cancel);
    }

    protected static async Task<List<T>> QueryAsync<T>(Db db, string sql, Func<DbDataReader, T> read, params (string, object?)[] parameters)
    {
        await using var command = Command(db, sql, parameters);
        var reader = db.Sync ? command.ExecuteReader() : await command.ExecuteReaderAsync(db.Cancel);
        try
        {
            var rows = new List<T>();
            while (db.Sync ? reader.Read() : await reader.ReadAsync(db.Cancel)) rows.Add(read(reader));
            return rows;
        }
        finally
        {
            if (db.Sync) reader.Dispose();
            else await reader.DisposeAsync();
        }
    }

    protected static async Task<T?> QueryFirstAsync<T>(Db db, string sql, Func<DbDataReader, T> read, params (string, object?)[] parameters)
    {
        var rows = await QueryAsync(db, sql, read, parameters);
        return rows.Count > 0 ? rows[0] : default;
    }

    // Values: integers are read as 64-bit (SQLite's INTEGER, PostgreSQL's bigint), flags as booleans, times as ISO text.

    protected static int Int(DbDataReader r, int i) => checked((int)r.GetInt64(i));

    protected static int? NullableInt(DbDataReader r, int i) => r.IsDBNull(i) ? null : Int(r, i);

    protected static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    protected static double? NullableDouble(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    protected static bool? NullableBool(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetBoolean(i);

    protected static Platform ParsePlatform(string slug) => PlatformNames.TryParse(slug, out var p) ? p : Platform.Generic;

    protected static TagCategory ParseCategory(string slug) => Enum.Parse<TagCategory>(slug, true);

    protected static string Timestamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    protected static DateTimeOffset ParseTimestamp(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    protected static string Json<T>(T value) => JsonSerializer.Serialize(value);

    protected static string[] JsonStrings(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}
