using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ficshelf.Core.Storage.Postgres;
using Ficshelf.Web.Nodes;
using Ficshelf.Tests.Support;
using Ficshelf.Web.Tests.Support;

namespace Ficshelf.Web.Tests;

/// <summary>Where a read goes when the archive has a read replica: the decision alone, then a node whose replica is down.</summary>
public sealed class ReadReplicaTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private static readonly ulong Write = ReplicaRouting.ParseLsn("16/B374D848")!.Value;

    [Fact]
    public void A_fresh_replica_takes_the_reads_of_a_reader_who_has_not_written()
    {
        Assert.Equal(ReadTarget.Replica, ReplicaRouting.Choose(new ReplicaState(true, Write, TimeSpan.Zero), Bound, requestWrote: false, readerLastWrite: null));
        Assert.Equal(ReadTarget.Replica, ReplicaRouting.Choose(new ReplicaState(true, Write, TimeSpan.FromSeconds(4.9)), Bound, requestWrote: false, readerLastWrite: null));
    }

    [Fact]
    public void A_reader_reads_the_primary_until_the_replica_has_replayed_their_write()
    {
        var behind = new ReplicaState(true, Write - 1, TimeSpan.FromMilliseconds(200));
        Assert.Equal(ReadTarget.Primary, ReplicaRouting.Choose(behind, Bound, requestWrote: false, readerLastWrite: Write));
        var caughtUp = behind with { ReplayedLsn = Write };
        Assert.Equal(ReadTarget.Replica, ReplicaRouting.Choose(caughtUp, Bound, requestWrote: false, readerLastWrite: Write));
        // Another reader, who wrote nothing, reads the replica meanwhile.
        Assert.Equal(ReadTarget.Replica, ReplicaRouting.Choose(behind, Bound, requestWrote: false, readerLastWrite: null));
        // Within the request that wrote, every later read is the primary's.
        Assert.Equal(ReadTarget.Primary, ReplicaRouting.Choose(caughtUp, Bound, requestWrote: true, readerLastWrite: null));
    }

    [Fact]
    public void A_replica_that_is_down_or_lags_past_the_bound_takes_no_reads()
    {
        Assert.Equal(ReadTarget.Primary, ReplicaRouting.Choose(ReplicaState.Unknown, Bound, requestWrote: false, readerLastWrite: null));
        Assert.Equal(ReadTarget.Primary, ReplicaRouting.Choose(new ReplicaState(false, Write, TimeSpan.Zero), Bound, requestWrote: false, readerLastWrite: null));
        Assert.Equal(ReadTarget.Primary, ReplicaRouting.Choose(new ReplicaState(true, Write, TimeSpan.FromSeconds(5.1)), Bound, requestWrote: false, readerLastWrite: null));
    }

    [Theory]
    [InlineData("0/0", 0UL)]
    [InlineData("16/B374D848", 0x16B374D848UL)]
    [InlineData("FFFFFFFF/FFFFFFFF", ulong.MaxValue)]
    public void Log_positions_read_and_write_as_PostgreSQL_shows_them(string text, ulong value)
    {
        Assert.Equal(value, ReplicaRouting.ParseLsn(text));
        Assert.Equal(text, ReplicaRouting.FormatLsn(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("16B374D848")]
    [InlineData("/1")]
    [InlineData("G/1")]
    public void A_cookie_that_is_not_a_log_position_is_no_write(string? text) => Assert.Null(ReplicaRouting.ParseLsn(text));

    [SkippableFact]
    public async Task With_the_replica_down_reads_go_to_the_primary_without_errors_and_a_write_leaves_its_position()
    {
        var location = database.NewLocation();
        // A replica nobody listens on: every read must still be answered, by the primary.
        var replica = new Npgsql.NpgsqlConnectionStringBuilder(PostgresLocation.Parse(location).ConnectionString) { Port = FreePort() }.ConnectionString;
        await using var node = await WebServer.StartOnAsync(location, configure: o => o with { NodeName = "a", ReadReplica = replica });
        using var api = node.ApiClient();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(WebServer.Fixture("harbour-lights-the-ferry.txt"))), "files", "harbour-lights-the-ferry.txt");
        var added = await api.PostAsync("/api/import", form);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var lastWrite = added.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(NodeServices.LastWriteCookie + "=", StringComparison.Ordinal));
        Assert.NotNull(ReplicaRouting.ParseLsn(Uri.UnescapeDataString(lastWrite.Split(';')[0][(NodeServices.LastWriteCookie.Length + 1)..])));
        var workId = (await added.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("workId").GetInt64();

        using var reader = node.Client();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/works/{workId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/works/{workId}")).StatusCode);
        var health = await reader.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.StartsWith("down", health.GetProperty("replica").GetString());
    }

    /// <summary>
    /// On a real hot standby of the test server ($FICSHELF_TEST_POSTGRES_REPLICA: its connection string, e.g. made with
    /// pg_basebackup -R; skipped without it): with replay paused, the writer reads their new work (from the primary) while
    /// another reader, sent to the replica, does not see it yet; once replay resumes, they do.
    /// </summary>
    [SkippableFact]
    public async Task On_a_hot_standby_a_writer_reads_their_write_while_other_readers_read_the_replica()
    {
        var standby = RequireStandby();
        var location = database.NewLocation();
        var replica = OnStandby(location, standby).ConnectionString;
        await using var node = await WebServer.StartOnAsync(location, configure: o => o with { NodeName = "a", ReadReplica = replica, ReplicaMaxLag = TimeSpan.FromMinutes(1) });
        using var writer = node.ApiClient();
        using var other = node.ApiClient();
        await Eventually(async () => (await other.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("replica").GetString() == "ok");

        Standby(standby, "SELECT pg_wal_replay_pause()");
        long workId;
        try
        {
            workId = await UploadFerryAsync(writer);

            Assert.Equal(HttpStatusCode.OK, (await writer.GetAsync($"/api/works/{workId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/works/{workId}")).StatusCode);
        }
        finally
        {
            Standby(standby, "SELECT pg_wal_replay_resume()");
        }
        await Eventually(async () => (await other.GetAsync($"/api/works/{workId}")).StatusCode == HttpStatusCode.OK);
    }

    /// <summary>On a real hot standby (as above): a replica whose replay stopped lags past the bound, and then every read is the primary's.</summary>
    [SkippableFact]
    public async Task A_replica_lagging_past_the_bound_takes_no_reads()
    {
        var standby = RequireStandby();
        var location = database.NewLocation();
        var replica = OnStandby(location, standby).ConnectionString;
        await using var node = await WebServer.StartOnAsync(location, configure: o => o with { NodeName = "a", ReadReplica = replica, ReplicaMaxLag = TimeSpan.FromSeconds(1) });
        using var writer = node.ApiClient();
        using var other = node.ApiClient();
        await Eventually(async () => (await other.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("replica").GetString() == "ok");

        Standby(standby, "SELECT pg_wal_replay_pause()");
        try
        {
            var workId = await UploadFerryAsync(writer);
            await Eventually(async () => (await other.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("replica").GetString()!.StartsWith("lagging", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/works/{workId}")).StatusCode);
            var health = await other.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode); // a lagging replica is no reason to take the node out
        }
        finally
        {
            Standby(standby, "SELECT pg_wal_replay_resume()");
        }
    }

    /// <summary>
    /// On a real hot standby (as above): the standby ends the replica's pooled connections (57P01, as a stopping standby
    /// does) while they sit idle; the next read, taking such a connection, is answered by the primary without an error.
    /// </summary>
    [SkippableFact]
    public async Task A_read_on_a_replica_connection_the_standby_ended_is_answered_by_the_primary()
    {
        var standby = RequireStandby();
        var location = database.NewLocation();
        using (PostgresArchiveStore.Open(location)) { } // the schema, made on the primary, replayed on the standby
        var applicationName = "ficshelf-doomed-" + Guid.NewGuid().ToString("N")[..8];
        var replicaLocation = new Npgsql.NpgsqlConnectionStringBuilder(OnStandby(location, standby).ConnectionString) { ApplicationName = applicationName }.ConnectionString;
        // Looks once now and then not for an hour, so no look in between routes the read away from the replica.
        using var replica = new ReadReplica(location, replicaLocation, TimeSpan.FromMinutes(1), checkEvery: TimeSpan.FromHours(1));
        await Eventually(async () =>
        {
            await replica.CheckAsync(CancellationToken.None);
            return replica.State.Reachable && replica.State.Lag == TimeSpan.Zero;
        });
        var session = new ReadSession(replica, readerLastWrite: null);
        Assert.Equal(ReadTarget.Replica, session.Choose());
        using (var warm = PostgresArchiveStore.Open(location, session))
            Assert.Equal(0, await warm.CountWorksAsync()); // read on the replica; its connection goes back to the pool

        Standby(standby, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{applicationName}'");
        await Eventually(() => Task.FromResult(StandbySessions(standby, applicationName) == 0));

        Assert.Equal(ReadTarget.Replica, session.Choose());
        using var store = PostgresArchiveStore.Open(location, session);
        Assert.Equal(0, await store.CountWorksAsync());
        Assert.False(replica.State.Reachable); // the failed read marked it down: the next reads go to the primary at once
    }

    private static long StandbySessions(string standby, string applicationName)
    {
        using var connection = new Npgsql.NpgsqlConnection(PostgresLocation.Parse(standby).ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @name", connection);
        command.Parameters.AddWithValue("name", applicationName);
        return (long)command.ExecuteScalar()!;
    }

    private static void Standby(string standby, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(PostgresLocation.Parse(standby).ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the replica did not catch up within 30 s");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The hot standby's connection string; skips locally without one, fails in CI, which starts one (.ci/start-replica.sh).</summary>
    private static string RequireStandby()
    {
        var standby = Environment.GetEnvironmentVariable("FICSHELF_TEST_POSTGRES_REPLICA");
        if (!string.IsNullOrWhiteSpace(standby)) return standby;
        if (TestPaths.InCi)
            Assert.Fail("$FICSHELF_TEST_POSTGRES_REPLICA is not set: CI must run the real-replica tests (.ci/run starts one with .ci/start-replica.sh)");
        throw new SkipException("$FICSHELF_TEST_POSTGRES_REPLICA is not set: a hot standby of $FICSHELF_TEST_POSTGRES (.ci/start-replica.sh) runs this test");
    }

    /// <summary>The archive at <paramref name="location"/> as the standby serves it: the same database and schema on the standby's host and port.</summary>
    private static Npgsql.NpgsqlConnectionStringBuilder OnStandby(string location, string standby)
    {
        var standbyServer = PostgresLocation.Parse(standby);
        return new Npgsql.NpgsqlConnectionStringBuilder(PostgresLocation.Parse(location).ConnectionString) { Host = standbyServer.Host, Port = standbyServer.Port };
    }

    /// <summary>Uploads a story through the API as <paramref name="client"/> and returns its work id.</summary>
    private static async Task<long> UploadFerryAsync(HttpClient client)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(WebServer.Fixture("harbour-lights-the-ferry.txt"))), "files", "harbour-lights-the-ferry.txt");
        var added = await client.PostAsync("/api/import", form);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        return (await added.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("workId").GetInt64();
    }
}
