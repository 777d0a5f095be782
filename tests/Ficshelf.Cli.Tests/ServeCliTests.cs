using System.Net;
using System.Net.Sockets;

namespace Ficshelf.Cli.Tests;

/// <summary>`ficshelf serve` refuses what it cannot serve with a one-line error (the server itself is tested in Ficshelf.Web.Tests).</summary>
public sealed class ServeCliTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void A_port_in_use_is_an_error_that_names_the_address()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var (exit, output, _) = cli.Run("serve", "--urls", url);
        Assert.Equal(2, exit);
        Assert.Contains($"cannot listen on {url}", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void A_folder_given_as_the_archive_is_an_error()
    {
        Directory.CreateDirectory(cli.ArchivePath);
        var (exit, output, _) = cli.Run("serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, exit);
        Assert.Contains("is a directory", output);
    }

    [Fact]
    public void Serve_is_listed_with_its_options()
    {
        var (_, output, _) = cli.Run("serve", "--help");
        Assert.Contains("--urls", output);
        Assert.Contains("--accounts", output);
        Assert.Contains("127.0.0.1:5080", output);
        Assert.Contains("--node-name", output);
        Assert.Contains("--read-replica", output);
        Assert.Contains("--replica-max-lag", output);
    }

    [Fact]
    public void A_read_replica_needs_a_PostgreSQL_archive_and_a_PostgreSQL_replica()
    {
        var (exit, output, _) = cli.Run("serve", "--urls", "http://127.0.0.1:0", "--read-replica", "postgres://ficshelf@127.0.0.1:1/fanfic");
        Assert.Equal(2, exit);
        Assert.Contains("--read-replica needs a PostgreSQL archive", output);
        Assert.DoesNotContain("   at ", output);
    }
}
