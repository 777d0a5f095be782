using System.Diagnostics;
using System.Threading.RateLimiting;
using Ficshelf.Core.Storage.Postgres;

namespace Ficshelf.Web.Nodes;

/// <summary>
/// A fixed-window limit counted in the archive's node_rate_limits table, so every node counts against one budget
/// (a password guesser moving between nodes gains nothing): one atomic upsert per attempt, per key and window.
/// When the database does not answer, the attempt is let through (the sign-in behind it fails anyway).
/// </summary>
public sealed class SharedRateLimiter(PostgresNodeTables tables, string key, int permitLimit, TimeSpan window) : RateLimiter
{
    private long lastUsed = Stopwatch.GetTimestamp();

    /// <summary>A partition per client address of a policy: shared through PostgreSQL when there is one, in memory otherwise.</summary>
    public static RateLimitPartition<string> Partition(HttpContext context, string policy, int permitLimit, TimeSpan window)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var tables = context.RequestServices.GetService<PostgresNodeTables>();
        return tables is null
            ? RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 })
            : RateLimitPartition.Get(client, address => new SharedRateLimiter(tables, $"{policy}:{address}", permitLimit, window));
    }

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // The middleware tries the synchronous way first and, when that fails, the asynchronous one: counting only there
    // keeps a thread from waiting on the database (and counts each attempt once).
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => permitCount == 0 ? Lease.Granted : Lease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0) return Lease.Granted;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var seconds = (long)Math.Max(1, window.TotalSeconds);
        var windowStart = now - now % seconds;
        int hits;
        try
        {
            hits = await tables.HitAsync(key, windowStart, cancellationToken);
        }
        catch (Npgsql.NpgsqlException)
        {
            return Lease.Granted;
        }
        return hits <= permitLimit ? Lease.Granted : new Lease(false, TimeSpan.FromSeconds(windowStart + seconds - now));
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static readonly Lease NotYet = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
