using System.Security.Cryptography;
using System.Text;
using Ficshelf.Core.Storage.Postgres;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Storage.Transfer;

/// <summary>One table of a copy: rows and content digest on each side.</summary>
public sealed record TableReport(string Table, long SourceRows, long TargetRows, string SourceDigest, string TargetDigest)
{
    public bool Matches => SourceRows == TargetRows && SourceDigest == TargetDigest;
}

/// <summary>
/// What a backup, restore or migrate did and how it was checked: per table, the rows and a content digest on both
/// sides (SHA-256 over every row's values, independent of row order and provider), and every original file's bytes
/// against the SHA-256 recorded when it was imported.
/// </summary>
public sealed record TransferReport(
    string Source,
    string Target,
    IReadOnlyList<TableReport> Tables,
    long OriginalsChecked,
    IReadOnlyList<string> Problems)
{
    public bool Verified => Problems.Count == 0 && Tables.All(t => t.Matches);

    /// <summary>One digest for the whole archive content (the tables' digests, by table name).</summary>
    public string ContentDigest => ArchiveDigest.Combine(Tables.Select(t => (t.Table, t.TargetDigest)));
}

/// <summary>Copies an archive's content between locations and providers, verified by hashes. See README "Backup, restore, migrate".</summary>
public static class ArchiveCopier
{
    /// <summary>
    /// Copies every content table of <paramref name="sourceLocation"/> (read in one snapshot, so a running server may
    /// keep writing) into <paramref name="targetLocation"/> (created when missing) in one transaction, keeping ids.
    /// Refuses a target that holds anything unless <paramref name="replace"/>, which empties it first.
    /// </summary>
    public static TransferReport Copy(string sourceLocation, string targetLocation, bool replace)
    {
        if (SameLocation(sourceLocation, targetLocation))
            throw new ArchiveException("the source and the target are the same archive");
        using var source = ArchiveTables.Open(sourceLocation);
        using var target = ArchiveTables.Open(targetLocation);
        var plan = Plan(source, target);
        if (!replace && !target.IsEmpty())
            throw new ArchiveException($"{target.Location} already holds an archive; use --force to replace its content");

        var digests = new Dictionary<string, (long Rows, string Digest)>();
        source.BeginSnapshot();
        try
        {
            target.BeginLoad(replace);
            foreach (var (table, columns) in plan)
            {
                var digest = new ArchiveDigest.TableDigest();
                target.WriteRows(target.Table(table.Name)!, columns, source.ReadRows(table, columns).Select(row =>
                {
                    digest.Add(row);
                    return row;
                }));
                digests[table.Name] = (digest.Rows, digest.Finish());
            }
            target.CommitLoad();
        }
        finally
        {
            source.EndSnapshot();
        }
        return Verify(source.Location, target, plan, digests, []);
    }

    /// <summary>
    /// A consistent copy of the archive at <paramref name="backupPath"/>, always an SQLite archive file (open it with
    /// --archive, restore it anywhere). An SQLite archive is copied page by page with SQLite's online backup; a
    /// PostgreSQL archive is exported table by table from one snapshot.
    /// </summary>
    public static TransferReport Backup(string location, string backupPath, bool overwrite)
    {
        var full = Path.GetFullPath(backupPath);
        if (Directory.Exists(full)) throw new ArchiveException($"{full} is a directory; give the backup's file name");
        if (File.Exists(full))
        {
            if (!overwrite) throw new ArchiveException($"{full} already exists; use --force to overwrite it");
            DeleteDatabaseFile(full);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (ArchiveStores.IsPostgres(location)) return Copy(location, full, replace: false);
        if (SameLocation(location, full)) throw new ArchiveException("the backup cannot be the archive itself");

        using (ArchiveStores.Open(location)) { } // a missing or unreadable archive fails here with the usual message
        using (var live = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(location), Pooling = false }.ToString()))
        using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString()))
        {
            live.Open();
            copy.Open();
            live.BackupDatabase(copy);
            using var command = copy.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = DELETE"; // one self-contained file, no -wal beside it
            command.ExecuteNonQuery();
        }
        // The live archive may have moved on since: the backup is checked on its own (integrity, originals, digest).
        using var backup = ArchiveTables.Open(full);
        var problems = IntegrityProblems(full);
        var plan = backup.Tables.Select(t => (t, (IReadOnlyList<string>)t.Columns.Select(c => c.Name).ToList())).ToList();
        var digests = new Dictionary<string, (long Rows, string Digest)>();
        foreach (var (table, columns) in plan)
        {
            var digest = new ArchiveDigest.TableDigest();
            foreach (var row in backup.ReadRows(table, columns)) digest.Add(row);
            digests[table.Name] = (digest.Rows, digest.Finish());
        }
        return Verify(ArchiveStores.Describe(location), backup, plan, digests, problems);
    }

    /// <summary>Replaces the archive at <paramref name="location"/> with a backup's content; refuses a non-empty archive unless <paramref name="force"/>.</summary>
    public static TransferReport Restore(string backupPath, string location, bool force)
    {
        var full = Path.GetFullPath(backupPath);
        if (!File.Exists(full)) throw new ArchiveException($"no backup at {full}");
        // Work on a copy: opening brings an old backup's schema up to date, and the backup itself stays untouched.
        var scratch = Path.Combine(Path.GetTempPath(), $"ficshelf-restore-{Guid.NewGuid():N}.db");
        try
        {
            File.Copy(full, scratch);
            foreach (var suffix in new[] { "-wal", "-shm" })
                if (File.Exists(full + suffix)) File.Copy(full + suffix, scratch + suffix);
            var problems = IntegrityProblems(scratch);
            if (problems.Count > 0) throw new ArchiveException($"{full} is damaged: {string.Join("; ", problems)}");
            var report = Copy(scratch, location, replace: force);
            return report with { Source = full };
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            DeleteDatabaseFile(scratch);
        }
    }

    /// <summary>Reads both archives now and compares them table by table (what migrate and restore promise).</summary>
    public static TransferReport Compare(string sourceLocation, string targetLocation)
    {
        using var source = ArchiveTables.Open(sourceLocation);
        using var target = ArchiveTables.Open(targetLocation);
        var plan = Plan(source, target);
        var digests = new Dictionary<string, (long Rows, string Digest)>();
        source.BeginSnapshot();
        try
        {
            foreach (var (table, columns) in plan)
            {
                var digest = new ArchiveDigest.TableDigest();
                foreach (var row in source.ReadRows(table, columns)) digest.Add(row);
                digests[table.Name] = (digest.Rows, digest.Finish());
            }
        }
        finally
        {
            source.EndSnapshot();
        }
        return Verify(source.Location, target, plan, digests, []);
    }

    /// <summary>Which tables and columns go across: every source table and column must have a place in the target.</summary>
    private static List<(TableShape Table, IReadOnlyList<string> Columns)> Plan(ArchiveTables source, ArchiveTables target)
    {
        var plan = new List<(TableShape, IReadOnlyList<string>)>();
        foreach (var table in source.Tables)
        {
            var twin = target.Table(table.Name)
                       ?? throw new ArchiveException($"{target.Location} has no table {table.Name}: the providers' schemas differ (update Ficshelf)");
            var missing = table.Columns.Where(c => twin.Column(c.Name) is null).Select(c => c.Name).ToList();
            if (missing.Count > 0)
                throw new ArchiveException($"{target.Location} has no column {string.Join(", ", missing.Select(m => $"{table.Name}.{m}"))}: the providers' schemas differ");
            plan.Add((table, table.Columns.Select(c => c.Name).ToList()));
        }
        return plan;
    }

    private static TransferReport Verify(string sourceName, ArchiveTables target, List<(TableShape Table, IReadOnlyList<string> Columns)> plan,
        Dictionary<string, (long Rows, string Digest)> sourceDigests, List<string> problems)
    {
        var tables = new List<TableReport>();
        var originals = 0L;
        target.BeginSnapshot();
        try
        {
            foreach (var (table, columns) in plan)
            {
                var shape = target.Table(table.Name)!;
                var digest = new ArchiveDigest.TableDigest();
                var hashAt = Index(columns, "content_hash");
                var originalAt = Index(columns, "original");
                foreach (var row in target.ReadRows(shape, columns))
                {
                    digest.Add(row);
                    if (table.Name != "sources" || hashAt < 0 || originalAt < 0) continue;
                    originals++;
                    var actual = Convert.ToHexStringLower(SHA256.HashData((byte[])row[originalAt]!));
                    if (actual != (string?)row[hashAt])
                        problems.Add($"the original of source {row[Index(columns, "id")]} does not match its SHA-256 ({row[hashAt]})");
                }
                var (rows, expected) = sourceDigests[table.Name];
                tables.Add(new TableReport(table.Name, rows, digest.Rows, expected, digest.Finish()));
            }
        }
        finally
        {
            target.EndSnapshot();
        }
        foreach (var table in tables.Where(t => !t.Matches))
            problems.Add($"{table.Table}: {table.SourceRows} rows in the source, {table.TargetRows} in the target{(table.SourceRows == table.TargetRows ? ", contents differ" : "")}");
        return new TransferReport(sourceName, target.Location, tables, originals, problems);
    }

    private static int Index(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++) if (columns[i] == name) return i;
        return -1;
    }

    private static List<string> IntegrityProblems(string sqlitePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            using var reader = command.ExecuteReader();
            var problems = new List<string>();
            while (reader.Read()) if (reader.GetString(0) != "ok") problems.Add(reader.GetString(0));
            return problems;
        }
        catch (SqliteException e)
        {
            return [$"not a Ficshelf backup ({e.Message})"];
        }
    }

    private static bool SameLocation(string a, string b)
    {
        if (ArchiveStores.IsPostgres(a) != ArchiveStores.IsPostgres(b)) return false;
        if (!ArchiveStores.IsPostgres(a)) return Path.GetFullPath(a) == Path.GetFullPath(b);
        // One server, one database, one schema: the same archive however the location is written.
        static string Identity(string location)
        {
            var builder = PostgresLocation.Parse(location);
            var schema = (builder.SearchPath ?? "public").Split(',')[0].Trim().Trim('"');
            return $"{builder.Host?.ToLowerInvariant()}:{builder.Port}/{builder.Database}/{(schema is "" or "$user" ? "public" : schema)}";
        }
        return Identity(a) == Identity(b);
    }

    private static void DeleteDatabaseFile(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
    }
}

/// <summary>A provider-neutral digest of table content: each row's values hashed, the row hashes sorted, then hashed together.</summary>
internal static class ArchiveDigest
{
    public sealed class TableDigest
    {
        private readonly List<byte[]> rows = [];

        public long Rows => rows.Count;

        public void Add(object?[] row)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> number = stackalloc byte[8];
            foreach (var value in row)
            {
                switch (value)
                {
                    case null:
                        hash.AppendData("N"u8);
                        break;
                    case long l:
                        hash.AppendData("I"u8);
                        BitConverter.TryWriteBytes(number, l);
                        hash.AppendData(number);
                        break;
                    case double d:
                        hash.AppendData("R"u8);
                        BitConverter.TryWriteBytes(number, d);
                        hash.AppendData(number);
                        break;
                    case string s:
                        AppendWithLength(hash, "T"u8, Encoding.UTF8.GetBytes(s));
                        break;
                    case byte[] b:
                        AppendWithLength(hash, "B"u8, b);
                        break;
                    default:
                        throw new ArgumentException($"not a neutral value: {value.GetType().Name}");
                }
            }
            rows.Add(hash.GetHashAndReset());
        }

        private static void AppendWithLength(IncrementalHash hash, ReadOnlySpan<byte> tag, byte[] bytes)
        {
            Span<byte> length = stackalloc byte[8];
            hash.AppendData(tag);
            BitConverter.TryWriteBytes(length, (long)bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        public string Finish()
        {
            rows.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var row in rows) hash.AppendData(row);
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    public static string Combine(IEnumerable<(string Table, string Digest)> tables)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (table, digest) in tables.OrderBy(t => t.Table, StringComparer.Ordinal))
            hash.AppendData(Encoding.UTF8.GetBytes($"{table}:{digest}\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
