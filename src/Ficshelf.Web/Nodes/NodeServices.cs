using System.Xml.Linq;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Core.Storage.Postgres;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;

namespace Ficshelf.Web.Nodes;

/// <summary>
/// Several servers on one PostgreSQL archive: each is a node that shares with the others, through the database, the
/// sign-in keys, the rate-limit counters, the news that works or tags changed, and claims on background work; and
/// each answers /healthz for the load balancer. On an SQLite archive (one server) nothing here changes anything but
/// /healthz: keys stay in the folder beside the archive, limits in memory.
/// </summary>
public static class NodeServices
{
    /// <summary>Holds the reader's last write's position in the primary's log, so their next reads wait for the replica to have it.</summary>
    public const string LastWriteCookie = ".ficshelf.lsn";

    public const string NodeHeader = "X-Ficshelf-Node";

    public static string NodeName(FicshelfWebOptions options) =>
        string.IsNullOrWhiteSpace(options.NodeName) ? $"{Environment.MachineName}:{Environment.ProcessId}" : options.NodeName.Trim();

    public static IServiceCollection AddNodes(this IServiceCollection services, FicshelfWebOptions options)
    {
        var postgres = ArchiveStores.IsPostgres(options.ArchivePath);
        var keys = services.AddDataProtection().SetApplicationName("Ficshelf");
        if (!postgres)
        {
            // Sign-in cookies and antiforgery tokens outlive a restart: the keys are kept beside the archive.
            keys.PersistKeysToFileSystem(new DirectoryInfo(ArchiveStores.CompanionFolder(options.ArchivePath, "ficshelf-web-keys")));
            return services;
        }
        if (options.ReadReplica is not null && !ArchiveStores.IsPostgres(options.ReadReplica))
            throw new ArchiveException($"the read replica must be a PostgreSQL location (postgres://… or Host=…), not {options.ReadReplica}");
        var tables = PostgresNodeTables.Open(options.ArchivePath);
        services.AddSingleton(tables);
        // Every node reads and writes one key ring in the archive: a cookie or form token made by one node opens on all.
        services.Configure<KeyManagementOptions>(management => management.XmlRepository = new PostgresKeyRepository(tables));
        PostgresKeyRepository.EnsureFirstKey(tables);
        services.AddSingleton<NodeJobs>();
        services.AddHostedService<ChangeWatcher>();
        services.AddHostedService<Housekeeping>();
        if (options.ReadReplica is { } replica)
            services.AddSingleton(_ => new ReadReplica(options.ArchivePath, replica, options.ReplicaMaxLag));
        // Behind a load balancer on this machine the client's address is in X-Forwarded-For (sign-in limits are per client).
        services.Configure<ForwardedHeadersOptions>(forwarded => forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return services;
    }

    /// <summary>
    /// The request's store: on PostgreSQL with a read replica, a GET's reads may go to the replica as
    /// <see cref="ReadSession"/> decides; any other request reads the primary but notes where its writes ended.
    /// </summary>
    public static IArchiveStore OpenRequestStore(IServiceProvider services)
    {
        var replica = services.GetService<ReadReplica>();
        var context = services.GetService<IHttpContextAccessor>()?.HttpContext;
        if (replica is null || context is null) return services.GetRequiredService<ArchiveAccess>().Open();
        var options = services.GetRequiredService<FicshelfWebOptions>();
        var session = context.Features.Get<ReadSession>();
        if (session is null)
        {
            var lastWrite = ReplicaRouting.ParseLsn(context.Request.Cookies[LastWriteCookie]);
            var reads = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            session = new ReadSession(replica, lastWrite, primaryOnly: !reads);
            context.Features.Set(session);
            context.Response.OnStarting(() => RememberWrite(context, session, replica));
        }
        return ArchiveStores.Open(options.ArchivePath, session);
    }

    private static Task RememberWrite(HttpContext context, ReadSession session, ReadReplica replica)
    {
        if (session.LastWriteLsn is { } lsn)
            context.Response.Cookies.Append(LastWriteCookie, ReplicaRouting.FormatLsn(lsn), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
                // Past the lag bound the replica has the write or takes no reads: the cookie has nothing left to say.
                MaxAge = replica.MaxLag + TimeSpan.FromSeconds(5),
            });
        return Task.CompletedTask;
    }

    public static void UseNodes(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<FicshelfWebOptions>();
        var postgres = ArchiveStores.IsPostgres(options.ArchivePath);
        if (postgres)
        {
            app.UseForwardedHeaders();
            var name = NodeName(options);
            app.Use((context, next) =>
            {
                context.Response.Headers[NodeHeader] = name;
                return next(context);
            });
            // The replica is watched from the start, so the first reads already know whether it may take them.
            app.Services.GetService<ReadReplica>();
        }
        app.MapMethods("/healthz", [HttpMethods.Get, HttpMethods.Head], Health.AnswerAsync).ExcludeFromDescription();
    }
}

/// <summary>ASP.NET Core Data Protection's key ring in the archive's node_keys table (the documented IXmlRepository extension point).</summary>
public sealed class PostgresKeyRepository(PostgresNodeTables tables) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. tables.Keys().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        tables.StoreKey(string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName, element.ToString(SaveOptions.DisableFormatting));

    /// <summary>
    /// Makes the key ring's first key, if the archive has none, before the server starts, holding an advisory lock:
    /// servers started together on a new archive would otherwise each make one at start and keep only their own in
    /// their cached key ring for a day, so one node's cookies would not open on another.
    /// </summary>
    public static void EnsureFirstKey(PostgresNodeTables tables)
    {
        using var connection = tables.DataSource.OpenConnection();
        using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(hashtext('ficshelf-job:first-key'))", connection)) take.ExecuteNonQuery();
        try
        {
            if (tables.Keys().Count > 0) return;
            // The server's own Data Protection set-up, on the same key table, to make the key as it would.
            var services = new ServiceCollection();
            services.AddDataProtection().SetApplicationName("Ficshelf");
            services.Configure<KeyManagementOptions>(management => management.XmlRepository = new PostgresKeyRepository(tables));
            using var provider = services.BuildServiceProvider();
            var now = DateTimeOffset.UtcNow;
            provider.GetRequiredService<IKeyManager>().CreateNewKey(activationDate: now, expirationDate: now.AddDays(90));
        }
        finally
        {
            using var release = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('ficshelf-job:first-key'))", connection);
            release.ExecuteNonQuery();
        }
    }
}
