using Npgsql;

namespace Ficshelf.Core.Storage.Postgres;

// Connections, transactions with retries, and small query helpers.
public sealed partial class PostgresArchiveStore
{
    /// <summary>A connection and, for writes, its open transaction.</summary>
    private readonly record struct Tx(NpgsqlConnection Connection, NpgsqlTransaction? Transaction);

    /// <summary>Thrown inside a write to start it over (a race another writer won).</summary>
    private sealed class RetryWrite : Exception;

    private T Read<T>(Func<Tx, T> read)
    {
        try
        {
            using var connection = dataSource.OpenConnection();
            return read(new Tx(connection, null));
        }
        catch (NpgsqlException e)
        {
            throw new ArchiveException($"the PostgreSQL archive {Location} failed: {Reason(e)}", e);
        }
    }

    /// <summary>Runs one write transaction, starting it over when it loses a race to another writer.</summary>
    private T Write<T>(Func<Tx, T> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = dataSource.OpenConnection();
                using var transaction = connection.BeginTransaction();
                var result = write(new Tx(connection, transaction));
                transaction.Commit();
                return result;
            }
            catch (Exception e) when (attempt < MaxAttempts && IsRace(e))
            {
                Thread.Sleep(Random.Shared.Next(5, 20) * attempt);
            }
            catch (Exception e) when (IsRace(e))
            {
                throw new ArchiveException($"the PostgreSQL archive {Location} stayed too busy: a write lost {MaxAttempts} races to other writers", e);
            }
            catch (NpgsqlException e)
            {
                throw new ArchiveException($"the PostgreSQL archive {Location} failed: {Reason(e)}", e);
            }
        }
    }

    private static bool IsRace(Exception e) => e is RetryWrite || e is PostgresException
    {
        SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation,
    };

    private static NpgsqlCommand Command(Tx tx, string sql, (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, tx.Connection, tx.Transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static int Execute(Tx tx, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(Tx tx, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        return command.ExecuteScalar();
    }

    private static List<T> Query<T>(Tx tx, string sql, Func<NpgsqlDataReader, T> read, params (string, object?)[] parameters)
    {
        using var command = Command(tx, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    private static T? QueryFirst<T>(Tx tx, string sql, Func<NpgsqlDataReader, T> read, params (string, object?)[] parameters)
    {
        var rows = Query(tx, sql, read, parameters);
        return rows.Count > 0 ? rows[0] : default;
    }
}
