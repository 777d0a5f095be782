using Ficshelf.Core.Search;
using Ficshelf.Core.Storage.Postgres;
using Microsoft.AspNetCore.DataProtection;

namespace Ficshelf.Web.Nodes;

/// <summary>
/// Background work that one node at a time should do (housekeeping on a timer, the first sign-in key): claimed with a
/// PostgreSQL session advisory lock, so a second node finds it taken and skips it, and a node that dies mid-job
/// releases it with its connection.
/// </summary>
public sealed partial class NodeJobs(PostgresNodeTables tables, ILogger<NodeJobs> log)
{
    /// <summary>Runs <paramref name="job"/> if no other node (or other caller here) is running the job named <paramref name="name"/>; false when it was taken.</summary>
    public async Task<bool> RunClaimedAsync(string name, Func<CancellationToken, Task> job, CancellationToken cancel)
    {
        await using var claim = await tables.TryClaimAsync(name, cancel);
        if (claim is null) return false;
        await job(cancel);
        return true;
    }

    /// <summary>Makes the key ring's first key (if there is none) while holding a lock, so nodes starting together agree on it.</summary>
    public void MakeFirstKey(IDataProtectionProvider protection)
    {
        try
        {
            using var connection = tables.DataSource.OpenConnection();
            using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(hashtext('ficshelf-job:first-key'))", connection)) take.ExecuteNonQuery();
            try
            {
                protection.CreateProtector("Ficshelf.Nodes.FirstKey").Protect([1]);
            }
            finally
            {
                using var release = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('ficshelf-job:first-key'))", connection);
                release.ExecuteNonQuery();
            }
        }
        catch (Npgsql.NpgsqlException e)
        {
            // The database is away at start: the key ring is read (and made) on first use instead.
            LogFirstKeyFailed(log, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not prepare the sign-in keys at start: {Reason}")]
    private static partial void LogFirstKeyFailed(ILogger logger, string reason);
}

/// <summary>
/// Keeps this node's search index current with the archive: woken by the database's change notices (another node's
/// upload, deletion or wrangling, a CLI import), with a look at the change stamp every <see cref="FicshelfWebOptions.ChangePoll"/>
/// as the fallback. A look costs one small query; a change re-reads only the works whose version moved.
/// </summary>
public sealed partial class ChangeWatcher(PostgresNodeTables tables, SearchService search, FicshelfWebOptions options, ILogger<ChangeWatcher> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => tables.ListenAsync(CatchUpAsync, options.ChangePoll, stoppingToken), stoppingToken);

    private Task CatchUpAsync()
    {
        try
        {
            // Not before the first build has started (the server starts it once it listens).
            if (search.Status.Ready) search.RefreshIfArchiveChanged();
        }
        catch (Exception e) when (e is Core.Storage.ArchiveException or InvalidOperationException)
        {
            LogCatchUpFailed(log, e.Message); // tried again at the next notice or look; /healthz says "behind" meanwhile
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "search index catch-up failed: {Reason}")]
    private static partial void LogCatchUpFailed(ILogger logger, string reason);
}

/// <summary>Once a minute, one node forgets rate-limit windows that ended over an hour ago.</summary>
public sealed class Housekeeping(NodeJobs jobs, PostgresNodeTables tables) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await jobs.RunClaimedAsync("housekeeping", async cancel =>
                        await tables.ForgetRateWindowsAsync(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds(), cancel), stoppingToken);
                }
                catch (Npgsql.NpgsqlException)
                {
                    // The database is away: next minute.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
