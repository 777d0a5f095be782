using Ficshelf.Core.Search;
using Ficshelf.Core.Storage.Postgres;

namespace Ficshelf.Web.Nodes;

/// <summary>
/// Background work that one node at a time should do (housekeeping on a timer): claimed with a
/// PostgreSQL session advisory lock, so a second node finds it taken and skips it, and a node that dies mid-job
/// releases it with its connection.
/// </summary>
public sealed class NodeJobs(PostgresNodeTables tables)
{
    /// <summary>Runs <paramref name="job"/> if no other node (or other caller here) is running the job named <paramref name="name"/>; false when it was taken.</summary>
    public async Task<bool> RunClaimedAsync(string name, Func<CancellationToken, Task> job, CancellationToken cancel)
    {
        await using var claim = await tables.TryClaimAsync(name, cancel);
        if (claim is null) return false;
        await job(cancel);
        return true;
    }
}

/// <summary>
/// Keeps this node's search index current with the archive: woken by the database's change notices (another node's
/// upload, deletion or wrangling, a CLI import), which compare the archive's change stamp with the index's. Between
/// notices it looks every <see cref="FicshelfWebOptions.ChangePoll"/> at the counter the change triggers raise — one
/// tiny query, where the change stamp counts whole tables (50–70 ms at 100,000 works) — and compares the stamp only
/// when the counter moved, and at least every <see cref="FullLookEvery"/> in case a notice was lost.
/// </summary>
public sealed partial class ChangeWatcher(PostgresNodeTables tables, SearchService search, FicshelfWebOptions options, ILogger<ChangeWatcher> log) : BackgroundService
{
    public static readonly TimeSpan FullLookEvery = TimeSpan.FromSeconds(30);

    private long counterAtLastLook = -1;
    private long lastFullLook;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() => tables.ListenAsync(noticed => CatchUpAsync(noticed, stoppingToken), options.ChangePoll, stoppingToken), stoppingToken);

    private async Task CatchUpAsync(bool noticed, CancellationToken cancel)
    {
        // Not while the first build runs; a notice meanwhile makes the first look after it a full one.
        if (!search.Status.Ready)
        {
            counterAtLastLook = -1;
            return;
        }
        try
        {
            var counter = await tables.ChangeCounterAsync(cancel);
            var due = System.Diagnostics.Stopwatch.GetElapsedTime(lastFullLook) >= FullLookEvery;
            if (!noticed && !due && counter == counterAtLastLook)
            {
                search.StillCurrent(); // nothing was written since the last full look found the index current
                return;
            }
            search.RefreshIfArchiveChanged(waitForOtherCheck: true);
            counterAtLastLook = counter;
            lastFullLook = System.Diagnostics.Stopwatch.GetTimestamp();
        }
        catch (Exception e) when (e is Core.Storage.ArchiveException or InvalidOperationException or Npgsql.NpgsqlException)
        {
            counterAtLastLook = -1;
            LogCatchUpFailed(log, e.Message); // tried again at the next notice or look; /healthz says "behind" meanwhile
        }
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
