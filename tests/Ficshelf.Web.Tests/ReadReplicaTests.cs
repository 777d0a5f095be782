using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ficshelf.Core.Storage.Postgres;
using Ficshelf.Web.Nodes;
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

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
