using System.Globalization;
using Npgsql;

namespace Ficshelf.Bench.Cluster;

/// <summary>
/// One throwaway PostgreSQL server of the cluster on 127.0.0.1: a primary made with initdb (wal_level=replica, a
/// replication user allowed from loopback) or a hot standby made from it with <c>pg_basebackup -R</c>, which writes
/// the standby.signal file and the primary's connection into postgresql.auto.conf. Runs under pg_ctl (as 'postgres'
/// when this process is root, as .ci/start-postgres.sh does).
/// </summary>
public sealed class PostgresServer
{
    public const string User = "ficshelf";
    public const string ReplicationUser = "replicator";
    public const string Database = "ficshelf";

    private readonly string bin;
    private readonly string password;

    private PostgresServer(string bin, string dataDir, int port, string password, bool standby)
    {
        this.bin = bin;
        DataDir = dataDir;
        Port = port;
        this.password = password;
        Standby = standby;
    }

    public string DataDir { get; }
    public int Port { get; }
    public bool Standby { get; }
    public bool Running { get; private set; }

    public string LogFile => Path.Combine(DataDir, "server.log");

    /// <summary>The archive's location on this server (an Npgsql connection string).</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Password = password,
        Database = Database,
    }.ConnectionString;

    /// <summary>initdb, replication settings, start, then the archive's database.</summary>
    public static async Task<PostgresServer> StartPrimaryAsync(string bin, string dataDir, int port, CancellationToken cancel)
    {
        var password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        await ClusterTools.EnsurePostgresUserAsync(cancel);
        var parent = Path.GetDirectoryName(dataDir)!;
        Directory.CreateDirectory(parent);
        await ClusterTools.GiveToPostgresAsync(parent, cancel);
        var passwordFile = Path.Combine(parent, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password + "\n", cancel);
        await ClusterTools.GiveToPostgresAsync(passwordFile, cancel);
        try
        {
            await ClusterTools.RunPostgresCheckedAsync(Path.Combine(bin, "initdb"),
                ["-D", dataDir, "-U", User, "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], cancel: cancel);
        }
        finally
        {
            File.Delete(passwordFile);
        }
        // Streaming replication from loopback for the replication user; fsync off: the data is thrown away afterwards.
        await File.AppendAllTextAsync(Path.Combine(dataDir, "postgresql.conf"), """

            # Ficshelf cluster harness
            wal_level = replica
            max_wal_senders = 8
            wal_keep_size = 256MB
            hot_standby = on
            fsync = off
            full_page_writes = off
            max_connections = 200
            shared_buffers = 64MB

            """, cancel);
        await File.AppendAllTextAsync(Path.Combine(dataDir, "pg_hba.conf"), $"\nhost replication {ReplicationUser} 127.0.0.1/32 scram-sha-256\n", cancel);
        var server = new PostgresServer(bin, dataDir, port, password, standby: false);
        await server.StartAsync(cancel);

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync(cancel);
        foreach (var sql in new[]
                 {
                     $"CREATE ROLE {ReplicationUser} WITH REPLICATION LOGIN PASSWORD '{password}'",
                     $"CREATE DATABASE {Database}",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancel);
        }
        return server;
    }

    /// <summary>A hot standby of <paramref name="primary"/>: pg_basebackup -R (WAL streamed during the copy), then started.</summary>
    public static async Task<PostgresServer> StartReplicaAsync(PostgresServer primary, string dataDir, int port, CancellationToken cancel)
    {
        await ClusterTools.RunPostgresCheckedAsync(Path.Combine(primary.bin, "pg_basebackup"),
            ["-h", "127.0.0.1", "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", ReplicationUser, "-D", dataDir,
             "-R", "-X", "stream", "-c", "fast", "--no-sync"],
            new Dictionary<string, string> { ["PGPASSWORD"] = primary.password }, cancel);
        var replica = new PostgresServer(primary.bin, dataDir, port, primary.password, standby: true);
        await replica.StartAsync(cancel);
        return replica;
    }

    /// <summary>pg_ctl start, waiting until the server accepts connections (a standby: once it is consistent).</summary>
    public async Task StartAsync(CancellationToken cancel)
    {
        // Port and socket folder on the command line: a standby's copied postgresql.conf names the primary's.
        var options = $"-h 127.0.0.1 -p {Port.ToString(CultureInfo.InvariantCulture)} -k {DataDir}";
        await ClusterTools.RunPostgresCheckedAsync(Path.Combine(bin, "pg_ctl"), ["-D", DataDir, "-l", LogFile, "-w", "-t", "120", "-o", options, "start"], cancel: cancel);
        Running = true;
    }

    /// <summary>pg_ctl stop: <c>fast</c> ends the sessions and shuts down cleanly; <c>immediate</c> is a crash.</summary>
    public async Task StopAsync(string mode = "fast", CancellationToken cancel = default)
    {
        if (!Running) return;
        Running = false;
        await ClusterTools.RunPostgresAsync(Path.Combine(bin, "pg_ctl"), ["-D", DataDir, "-m", mode, "-w", "-t", "60", "stop"], cancel: cancel);
    }

    /// <summary>Whether the standby has replayed the primary's WAL up to <paramref name="lsn"/>.</summary>
    public async Task<bool> HasReplayedAsync(string lsn, CancellationToken cancel)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancel);
        await using var command = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= @lsn::pg_lsn", connection);
        command.Parameters.AddWithValue("lsn", lsn);
        return await command.ExecuteScalarAsync(cancel) is true;
    }

    public async Task<string> CurrentLsnAsync(CancellationToken cancel)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancel);
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", connection);
        return (string)(await command.ExecuteScalarAsync(cancel))!;
    }
}
