using Npgsql;

namespace Ficshelf.Tests.Support;

/// <summary>Where a test's fresh archives live: an SQLite file, or a schema of a throwaway PostgreSQL database.</summary>
public interface IArchiveProvider
{
    string Name { get; }

    /// <summary>A location no archive has used yet.</summary>
    string NewLocation();
}

public sealed class SqliteProvider : IArchiveProvider
{
    public static SqliteProvider Instance { get; } = new();

    public string Name => "sqlite";

    public string NewLocation() => Path.Combine(TestPaths.NewTempDir(), "archive.db");
}

/// <summary>
/// A class fixture: one database per test class on the server $FICSHELF_TEST_POSTGRES names (an Npgsql connection
/// string, see .ci/start-postgres.sh), dropped afterwards; every archive gets its own schema in it. Without the
/// variable the tests skip locally and fail in CI (CI=true): the PostgreSQL suite must never be skipped there.
/// </summary>
public sealed class PostgresDatabase : IArchiveProvider, IDisposable
{
    public const string EnvironmentVariable = "FICSHELF_TEST_POSTGRES";

    private readonly string? admin;

    public PostgresDatabase()
    {
        admin = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(admin)) return;
        Database = $"ficshelf_test_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {Database}", connection);
        command.ExecuteNonQuery();
    }

    public string Name => "postgres";

    public string? Database { get; }

    /// <summary>Call first in every test: skips (locally) or fails (CI) when there is no test server.</summary>
    public void Require()
    {
        if (!string.IsNullOrWhiteSpace(admin)) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"${EnvironmentVariable} is not set: CI must run the PostgreSQL storage suite (.ci/run starts a server with .ci/start-postgres.sh)");
        Skip.If(true, $"${EnvironmentVariable} is not set: start a server with `export {EnvironmentVariable}=$(.ci/start-postgres.sh)` to run the PostgreSQL tests");
    }

    public string NewLocation()
    {
        Require();
        return new NpgsqlConnectionStringBuilder(admin) { Database = Database, SearchPath = $"t_{Guid.NewGuid():N}" }.ConnectionString;
    }

    /// <summary>A location in a database of its own (for tests of database creation).</summary>
    public string NewDatabaseLocation(out string database)
    {
        Require();
        database = $"ficshelf_test_{Guid.NewGuid():N}";
        return new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
    }

    public void DropDatabase(string database)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (Database is not null) DropDatabase(Database);
    }
}
