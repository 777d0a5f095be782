using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Core.Storage.Postgres;

namespace Ficshelf.Web.Nodes;

/// <summary>
/// GET /healthz, for a load balancer polling every second: 200 when the database answers and the search index holds
/// the archive as its change stamps show; 503 with the reason otherwise. No sign-in, no rate limit, no page rendering:
/// one ping of the database and the index's own bookkeeping.
/// </summary>
public static class Health
{
    /// <summary>The index counts as caught up while it was last found current at most this long ago (it looks every second).</summary>
    public static readonly TimeSpan CaughtUpWithin = TimeSpan.FromSeconds(5);

    /// <summary>How long the database has to answer the ping.</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(1);

    public sealed record Report(string Status, string Node, string Database, string Index, string Replica, double? SinceCaughtUpSeconds);

    public static async Task AnswerAsync(HttpContext context)
    {
        var report = await CheckAsync(context.RequestServices, context.RequestAborted);
        context.Response.StatusCode = report.Status == "ok" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.CacheControl = "no-store";
        // The answer is the JSON (or, for HEAD, the status alone): never the error page.
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await context.Response.WriteAsJsonAsync(report, context.RequestAborted);
    }

    public static async Task<Report> CheckAsync(IServiceProvider services, CancellationToken cancel)
    {
        var options = services.GetRequiredService<FicshelfWebOptions>();
        var search = services.GetRequiredService<SearchService>();
        var tables = services.GetService<PostgresNodeTables>();
        string? databaseProblem;
        if (tables is not null) databaseProblem = await tables.PingAsync(PingTimeout, cancel);
        else databaseProblem = File.Exists(options.ArchivePath) ? null : "the archive file is missing";

        string? indexProblem = null;
        if (databaseProblem is null)
        {
            try
            {
                // Cheap: looks at the change stamp at most once a second (a node on PostgreSQL also looks on its own).
                search.RefreshIfArchiveChanged(TimeSpan.FromSeconds(1));
            }
            catch (Exception e) when (e is ArchiveException or InvalidOperationException or TimeoutException)
            {
                indexProblem = $"cannot catch up: {e.Message}";
                if (tables is null) databaseProblem = e.Message;
            }
        }
        var status = search.Status;
        var since = search.SinceCaughtUp;
        indexProblem ??= !status.Ready ? $"building {status.Percent}%"
            : since is null || since > CaughtUpWithin ? $"behind: last caught up {(since is { } s ? $"{s.TotalSeconds:0.0} s ago" : "never")}"
            : null;

        var replica = services.GetService<ReadReplica>() is { } r
            ? r.State switch
            {
                { Reachable: false } => "down (reads go to the primary)",
                var state when state.Lag > r.MaxLag => $"lagging {state.Lag.TotalSeconds:0.0} s (reads go to the primary)",
                _ => "ok",
            }
            : "none";
        // A node shutting down says so at once, so the balancer stops sending it requests while it finishes the ones it has.
        if (services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested) indexProblem = "stopping";
        var ok = databaseProblem is null && indexProblem is null;
        return new Report(ok ? "ok" : "unavailable", NodeServices.NodeName(options),
            databaseProblem is null ? "ok" : $"unreachable: {databaseProblem}",
            indexProblem ?? "caught-up", replica, since is { } caughtUp ? Math.Round(caughtUp.TotalSeconds, 3) : null);
    }
}
