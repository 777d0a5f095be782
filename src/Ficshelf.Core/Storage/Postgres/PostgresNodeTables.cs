using Npgsql;

namespace Ficshelf.Core.Storage.Postgres;

/// <summary>
/// What several web servers on one PostgreSQL archive share besides the archive: the sign-in keys (ASP.NET Core Data
/// Protection's key ring), rate-limit counters, a wake-up when works or tags change (NOTIFY from statement triggers,
/// so a CLI import wakes the servers too), and claims on background work (session advisory locks). The tables are the
/// servers' bookkeeping, not the archive's content: made by an idempotent step of their own (not a numbered schema
/// step, which SQLite would have to mirror), never copied by backup or migrate.
/// </summary>
public sealed class PostgresNodeTables
{
    /// <summary>The channel the triggers notify when works or tags change.</summary>
    public const string ChangesChannel = "ficshelf_changes";

    public static readonly IReadOnlySet<string> Tables = new HashSet<string>(StringComparer.Ordinal) { "node_keys", "node_rate_limits" };

    /// <summary>
    /// The servers' own tables and the change triggers: created if missing, under the migration's advisory lock so servers
    /// starting together make them once.
    /// </summary>
    private const string Step =
        """
        SELECT pg_advisory_xact_lock(7412093);
        CREATE TABLE IF NOT EXISTS node_keys (
            name       text PRIMARY KEY,
            xml        text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE IF NOT EXISTS node_rate_limits (
            key          text NOT NULL,
            window_start bigint NOT NULL,
            hits         integer NOT NULL,
            PRIMARY KEY (key, window_start)
        );
        CREATE SEQUENCE IF NOT EXISTS node_change_counter;
        CREATE OR REPLACE FUNCTION ficshelf_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM nextval('node_change_counter');
            PERFORM pg_notify('ficshelf_changes', TG_TABLE_NAME);
            RETURN NULL;
        END $$;
        DROP TRIGGER IF EXISTS works_notify_change ON works;
        CREATE TRIGGER works_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON works
            FOR EACH STATEMENT EXECUTE FUNCTION ficshelf_notify_change();
        DROP TRIGGER IF EXISTS work_tags_notify_change ON work_tags;
        CREATE TRIGGER work_tags_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON work_tags
            FOR EACH STATEMENT EXECUTE FUNCTION ficshelf_notify_change();
        DROP TRIGGER IF EXISTS tags_notify_change ON tags;
        CREATE TRIGGER tags_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tags
            FOR EACH STATEMENT EXECUTE FUNCTION ficshelf_notify_change();
        DROP TRIGGER IF EXISTS tag_parents_notify_change ON tag_parents;
        CREATE TRIGGER tag_parents_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tag_parents
            FOR EACH STATEMENT EXECUTE FUNCTION ficshelf_notify_change();
        """;

    private PostgresNodeTables(NpgsqlDataSource dataSource, string location)
    {
        DataSource = dataSource;
        Location = location;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The archive's location with its password hidden.</summary>
    public string Location { get; }

    /// <summary>The archive's pooled connections (created and migrated if need be), its node tables made.</summary>
    public static PostgresNodeTables Open(string location)
    {
        var dataSource = PostgresArchiveStore.DataSourceOf(location);
        try
        {
            using var connection = dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction();
            using (var command = new NpgsqlCommand(Step, connection, transaction)) command.ExecuteNonQuery();
            transaction.Commit();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new ArchiveException($"cannot prepare the PostgreSQL archive {PostgresLocation.Redact(location)} for several servers: {(e is PostgresException pg ? pg.MessageText : e.Message)}", e);
        }
        return new PostgresNodeTables(dataSource, PostgresLocation.Redact(location));
    }

    // Data Protection keys.

    public IReadOnlyList<string> Keys()
    {
        using var connection = DataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT xml FROM node_keys ORDER BY created_at, name", connection);
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read()) keys.Add(reader.GetString(0));
        return keys;
    }

    public void StoreKey(string name, string xml)
    {
        using var connection = DataSource.OpenConnection();
        using var command = new NpgsqlCommand("INSERT INTO node_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO UPDATE SET xml = excluded.xml", connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("xml", xml);
        command.ExecuteNonQuery();
    }

    // Rate limits: one counter per key and fixed window, counted by every server.

    /// <summary>Counts one hit for <paramref name="key"/> in the window <paramref name="windowStart"/> (seconds) and returns the hits so far, this one included.</summary>
    public async Task<int> HitAsync(string key, long windowStart, CancellationToken cancel)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancel);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO node_rate_limits (key, window_start, hits) VALUES (@key, @window, 1)
            ON CONFLICT (key, window_start) DO UPDATE SET hits = node_rate_limits.hits + 1
            RETURNING hits
            """, connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("window", windowStart);
        return (int)(await command.ExecuteScalarAsync(cancel))!;
    }

    /// <summary>Forgets windows that ended before <paramref name="before"/> (seconds); returns how many.</summary>
    public async Task<int> ForgetRateWindowsAsync(long before, CancellationToken cancel)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancel);
        await using var command = new NpgsqlCommand("DELETE FROM node_rate_limits WHERE window_start < @before", connection);
        command.Parameters.AddWithValue("before", before);
        return await command.ExecuteNonQueryAsync(cancel);
    }

    // Claims on background work.

    /// <summary>
    /// Claims <paramref name="job"/> for this process if no other holds it: a session advisory lock on a connection of its
    /// own, held until the claim is disposed (or the process dies: the server drops the lock with the connection).
    /// Null when another process (or another claim here) holds it.
    /// </summary>
    public async Task<IAsyncDisposable?> TryClaimAsync(string job, CancellationToken cancel)
    {
        var connection = await DataSource.OpenConnectionAsync(cancel);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('ficshelf-job:' || @job))", connection);
            command.Parameters.AddWithValue("job", job);
            if ((bool)(await command.ExecuteScalarAsync(cancel))!) return new Claim(connection, job);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Claim(NpgsqlConnection connection, string job) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('ficshelf-job:' || @job))", connection);
                command.Parameters.AddWithValue("job", job);
                await command.ExecuteScalarAsync();
            }
            catch (NpgsqlException)
            {
                // The connection broke: the server dropped the lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    // Health and change wake-ups.

    /// <summary>Whether the database answers within <paramref name="timeout"/>; the reason when it does not.</summary>
    public async Task<string?> PingAsync(TimeSpan timeout, CancellationToken cancel)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(limit.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(limit.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalSeconds:0.#} s";
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return e is PostgresException pg ? pg.MessageText : e.InnerException?.Message ?? e.Message;
        }
    }

    /// <summary>
    /// A number the change triggers raise (a sequence: no lock, no row for writers to queue on). It moves before the
    /// change commits, so it says "look again", never "nothing new" on its own: the notice at commit covers the gap.
    /// </summary>
    public async Task<long> ChangeCounterAsync(CancellationToken cancel)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancel);
        await using var command = new NpgsqlCommand("SELECT last_value FROM node_change_counter", connection);
        return (long)(await command.ExecuteScalarAsync(cancel))!;
    }

    /// <summary>
    /// Listens for change notices until <paramref name="cancel"/>: <paramref name="changed"/> runs after each notice
    /// (with true) and at least every <paramref name="pollEvery"/> (with false: the fallback when a notice is lost, or the
    /// listening connection is), and with true whenever listening starts again.
    /// </summary>
    public async Task ListenAsync(Func<bool, Task> changed, TimeSpan pollEvery, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                // A connection of its own, outside the pool's turnover: LISTEN belongs to the session.
                connection = await DataSource.OpenConnectionAsync(cancel);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangesChannel}", connection)) await listen.ExecuteNonQueryAsync(cancel);
                await changed(true); // whatever changed while nobody listened
                while (!cancel.IsCancellationRequested)
                {
                    var noticed = await connection.WaitAsync(pollEvery, cancel);
                    await changed(noticed);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or IOException or ArchiveException)
            {
                // The database went away: keep the fallback going (it fails quietly too) until a connection listens again.
                try { await Task.Delay(pollEvery, cancel); } catch (OperationCanceledException) { return; }
                try { await changed(true); } catch (Exception again) when (again is NpgsqlException or TimeoutException or InvalidOperationException or ArchiveException) { }
            }
            finally
            {
                if (connection is not null) await connection.DisposeAsync();
            }
        }
    }
}
