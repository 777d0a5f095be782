using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Ficshelf.Core.Storage.Postgres;

/// <summary>Where one read goes.</summary>
public enum ReadTarget
{
    Primary,
    Replica,
}

/// <summary>What the process last saw of the replica: reachable or not, how far it has replayed the primary's log, how far behind.</summary>
/// <param name="Reachable">The last look at the replica answered (and it is in recovery, a hot standby).</param>
/// <param name="ReplayedLsn">The primary's write-ahead log position the replica has replayed up to.</param>
/// <param name="Lag">How long ago the primary was at <paramref name="ReplayedLsn"/> (zero when the replica has everything the primary had).</param>
public readonly record struct ReplicaState(bool Reachable, ulong ReplayedLsn, TimeSpan Lag)
{
    public static readonly ReplicaState Unknown = new(false, 0, TimeSpan.MaxValue);
}

/// <summary>
/// The routing decision, on its own so it can be checked without servers: a read goes to the replica only when the
/// replica answers, is at most <c>maxLag</c> behind, the request itself has not written, and the replica has replayed
/// the reader's own last write (its log position, from the reader's cookie). Anything else reads the primary.
/// </summary>
public static class ReplicaRouting
{
    public static ReadTarget Choose(ReplicaState replica, TimeSpan maxLag, bool requestWrote, ulong? readerLastWrite)
    {
        if (requestWrote || !replica.Reachable || replica.Lag > maxLag) return ReadTarget.Primary;
        if (readerLastWrite is { } lsn && replica.ReplayedLsn < lsn) return ReadTarget.Primary;
        return ReadTarget.Replica;
    }

    /// <summary>PostgreSQL's text form of a log position ("16/B374D848") as a number, or null when it is not one.</summary>
    public static ulong? ParseLsn(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !uint.TryParse(text.AsSpan(0, slash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
            || !uint.TryParse(text.AsSpan(slash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
            return null;
        return ((ulong)high << 32) | low;
    }

    public static string FormatLsn(ulong lsn) => string.Create(CultureInfo.InvariantCulture, $"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}");
}

/// <summary>
/// One request's (or one reader's) side of the routing: the log position of the reader's last write as their cookie
/// carries it, whether this request wrote, and where its write ended in the primary's log (for the next cookie).
/// </summary>
/// <param name="primaryOnly">A request that writes (any but GET and HEAD): all its reads go to the primary.</param>
public sealed class ReadSession(ReadReplica replica, ulong? readerLastWrite, bool primaryOnly = false)
{
    public ReadReplica Replica { get; } = replica;

    public ulong? ReaderLastWrite { get; } = readerLastWrite;

    /// <summary>This request wrote: its later reads go to the primary.</summary>
    public bool Wrote => Volatile.Read(ref wrote) != 0;

    /// <summary>The primary's log position after this request's last write (null: none, or not known).</summary>
    public ulong? LastWriteLsn { get; private set; }

    private int wrote = primaryOnly ? 1 : 0;

    public ReadTarget Choose() => ReplicaRouting.Choose(Replica.State, Replica.MaxLag, Wrote, ReaderLastWrite);

    internal void NoteWrite(ulong? lsn)
    {
        Volatile.Write(ref wrote, 1);
        if (lsn is { } at && at > (LastWriteLsn ?? 0)) LastWriteLsn = at;
    }
}

/// <summary>
/// A PostgreSQL hot standby that takes reads which may be slightly stale, watched by one loop per process: every
/// quarter second it asks the primary where its log is and the replica how far it has replayed, and keeps how far
/// behind the replica is in time (the moment the primary was where the replica now is). A replica that does not answer,
/// is not in recovery, or lags past <see cref="MaxLag"/> takes no reads until it is back.
/// </summary>
public sealed class ReadReplica : IDisposable
{
    private readonly NpgsqlDataSource primary;
    private readonly CancellationTokenSource stop = new();
    private readonly Task watching;
    private readonly Queue<(long At, ulong Lsn)> primaryPositions = new();
    private ReplicaState state = ReplicaState.Unknown;
    private readonly Lock stateLock = new();

    public ReadReplica(string primaryLocation, string replicaLocation, TimeSpan maxLag, TimeSpan? checkEvery = null)
    {
        primary = PostgresArchiveStore.DataSourceOf(primaryLocation);
        var builder = PostgresLocation.Parse(replicaLocation);
        if (string.IsNullOrEmpty(builder.Database)) builder.Database = PostgresLocation.Parse(primaryLocation).Database;
        if (string.IsNullOrEmpty(builder.SearchPath)) builder.SearchPath = PostgresLocation.Parse(primaryLocation).SearchPath;
        if (builder.CommandTimeout == 30) builder.CommandTimeout = 300;
        // A replica that is down must not hold a reader for long: connecting gives up after 2 s (then the primary answers).
        if (builder.Timeout == 15) builder.Timeout = 2;
        Location = PostgresLocation.Redact(replicaLocation);
        DataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        MaxLag = maxLag;
        CheckEvery = checkEvery ?? TimeSpan.FromMilliseconds(250);
        watching = Task.Run(() => WatchAsync(stop.Token));
    }

    public string Location { get; }

    public NpgsqlDataSource DataSource { get; }

    public TimeSpan MaxLag { get; }

    public TimeSpan CheckEvery { get; }

    public ReplicaState State
    {
        get { lock (stateLock) return state; }
    }

    /// <summary>A read on the replica failed as if it were gone: no reads go there until the next look finds it back.</summary>
    public void MarkDown()
    {
        lock (stateLock) state = state with { Reachable = false };
    }

    /// <summary>Looks once now (tests; a server's loop looks on its own).</summary>
    public async Task CheckAsync(CancellationToken cancel)
    {
        await checking.WaitAsync(cancel);
        try
        {
            await CheckOnceAsync(cancel);
        }
        finally
        {
            checking.Release();
        }
    }

    private readonly SemaphoreSlim checking = new(1, 1);

    private async Task CheckOnceAsync(CancellationToken cancel)
    {
        ulong primaryLsn;
        try
        {
            await using var connection = await primary.OpenConnectionAsync(cancel);
            await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", connection);
            primaryLsn = ReplicaRouting.ParseLsn((string?)await command.ExecuteScalarAsync(cancel)) ?? 0;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return; // the primary is away: reads cannot be judged; keep the last state (reads go where they went)
        }
        var now = Stopwatch.GetTimestamp();
        primaryPositions.Enqueue((now, primaryLsn));
        ReplicaState seen;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var connection = await DataSource.OpenConnectionAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text", connection);
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            await reader.ReadAsync(timeout.Token);
            var recovering = reader.GetBoolean(0);
            var replayed = reader.IsDBNull(1) ? 0 : ReplicaRouting.ParseLsn(reader.GetString(1)) ?? 0;
            seen = new ReplicaState(recovering, replayed, LagOf(replayed, now));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException && !cancel.IsCancellationRequested)
        {
            seen = ReplicaState.Unknown;
        }
        lock (stateLock) state = seen;
    }

    /// <summary>
    /// How long ago the primary was at <paramref name="replayed"/>: zero when the replica has everything the primary had
    /// at the latest look; otherwise the age of the newest look the replica has caught up with (or of the oldest kept).
    /// </summary>
    private TimeSpan LagOf(ulong replayed, long now)
    {
        // Keep looks for a little longer than the bound: older ones only say "too far behind".
        var keep = MaxLag + TimeSpan.FromSeconds(1);
        while (primaryPositions.Count > 1 && Stopwatch.GetElapsedTime(primaryPositions.Peek().At, now) > keep) primaryPositions.Dequeue();
        long? caughtUpWith = null;
        var oldest = primaryPositions.Peek().At;
        foreach (var (at, lsn) in primaryPositions)
            if (lsn <= replayed) caughtUpWith = at;
        var newest = primaryPositions.Last();
        if (newest.Lsn <= replayed) return TimeSpan.Zero;
        // Behind the latest look: the replica is at most as fresh as the newest look it has passed.
        return Stopwatch.GetElapsedTime(caughtUpWith ?? oldest, now) + (caughtUpWith is null ? CheckEvery : TimeSpan.Zero);
    }

    private async Task WatchAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(cancel);
                await Task.Delay(CheckEvery, cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        try { watching.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        stop.Dispose();
        checking.Dispose();
        DataSource.Dispose();
    }
}
