using System.Data.Common;
using System.Globalization;

namespace Ficshelf.Core.Storage.Sql;

// Reader state (schema step 4): bookmarks, progress, read marks and accounts, as ON CONFLICT upserts. Each call has a
// synchronous and an asynchronous entry over one implementation (see Db.Sync).
public abstract partial class SqlArchiveStore
{
    public Bookmark? GetBookmark(long userId, long workId) => Finish(GetBookmark(userId, workId, true, default));

    public Task<Bookmark?> GetBookmarkAsync(long userId, long workId, CancellationToken cancel = default) => GetBookmark(userId, workId, false, cancel);

    private Task<Bookmark?> GetBookmark(long userId, long workId, bool sync, CancellationToken cancel) => ReadAsync(db =>
        QueryFirstAsync(db, "SELECT work_id, note, created_at, updated_at FROM bookmarks WHERE user_id = @user AND work_id = @work",
            ReadBookmark, ("user", userId), ("work", workId)), sync, cancel);

    public async Task<IReadOnlyDictionary<long, (Bookmark? Bookmark, ReadingProgress? Progress)>> GetReaderStateAsync(long userId, IReadOnlyCollection<long> workIds,
        CancellationToken cancel = default)
    {
        if (workIds.Count == 0) return new Dictionary<long, (Bookmark?, ReadingProgress?)>();
        return await ReadAsync(async db =>
        {
            var ids = Dialect.IdList(workIds.Distinct());
            var bookmarks = (await QueryAsync(db,
                $"SELECT work_id, note, created_at, updated_at FROM bookmarks WHERE user_id = @user AND {Dialect.IdIn("work_id", "ids")}",
                ReadBookmark, ("user", userId), ("ids", ids))).ToDictionary(b => b.WorkId);
            var progress = (await QueryAsync(db,
                $"SELECT work_id, chapter, is_read, updated_at FROM reading_progress WHERE user_id = @user AND {Dialect.IdIn("work_id", "ids")}",
                ReadProgress, ("user", userId), ("ids", ids))).ToDictionary(p => p.WorkId);
            return (IReadOnlyDictionary<long, (Bookmark?, ReadingProgress?)>)workIds.Distinct().ToDictionary(id => id,
                id => (bookmarks.GetValueOrDefault(id), progress.GetValueOrDefault(id)));
        }, sync: false, cancel);
    }

    public IReadOnlyList<Bookmark> ListBookmarks(long userId, int limit = 1000, int offset = 0) => Finish(ListBookmarks(userId, limit, offset, true, default));

    public Task<IReadOnlyList<Bookmark>> ListBookmarksAsync(long userId, int limit = 1000, int offset = 0, CancellationToken cancel = default) =>
        ListBookmarks(userId, limit, offset, false, cancel);

    private Task<IReadOnlyList<Bookmark>> ListBookmarks(long userId, int limit, int offset, bool sync, CancellationToken cancel) => ReadAsync(async db =>
        (IReadOnlyList<Bookmark>)await QueryAsync(db,
            "SELECT work_id, note, created_at, updated_at FROM bookmarks WHERE user_id = @user ORDER BY updated_at DESC, work_id DESC LIMIT @limit OFFSET @offset",
            ReadBookmark, ("user", userId), ("limit", (long)limit), ("offset", (long)offset)), sync, cancel);

    public void SetBookmark(long userId, long workId, string? note) => Finish(SetBookmark(userId, workId, note, true, default));

    public Task SetBookmarkAsync(long userId, long workId, string? note, CancellationToken cancel = default) => SetBookmark(userId, workId, note, false, cancel);

    private Task<int> SetBookmark(long userId, long workId, string? note, bool sync, CancellationToken cancel) => WriteAsync(db => ExecuteAsync(db,
        """
        INSERT INTO bookmarks (user_id, work_id, note, created_at, updated_at) VALUES (@user, @work, @note, @now, @now)
        ON CONFLICT (user_id, work_id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at
        """,
        ("user", userId), ("work", workId), ("note", string.IsNullOrWhiteSpace(note) ? null : note.Trim()), ("now", Timestamp(DateTimeOffset.UtcNow))), sync, cancel);

    public bool RemoveBookmark(long userId, long workId) => Finish(RemoveBookmark(userId, workId, true, default));

    public Task<bool> RemoveBookmarkAsync(long userId, long workId, CancellationToken cancel = default) => RemoveBookmark(userId, workId, false, cancel);

    private Task<bool> RemoveBookmark(long userId, long workId, bool sync, CancellationToken cancel) => WriteAsync(async db =>
        await ExecuteAsync(db, "DELETE FROM bookmarks WHERE user_id = @user AND work_id = @work", ("user", userId), ("work", workId)) > 0, sync, cancel);

    public ReadingProgress? GetProgress(long userId, long workId) => Finish(GetProgress(userId, workId, true, default));

    public Task<ReadingProgress?> GetProgressAsync(long userId, long workId, CancellationToken cancel = default) => GetProgress(userId, workId, false, cancel);

    private Task<ReadingProgress?> GetProgress(long userId, long workId, bool sync, CancellationToken cancel) => ReadAsync(db =>
        QueryFirstAsync(db, "SELECT work_id, chapter, is_read, updated_at FROM reading_progress WHERE user_id = @user AND work_id = @work",
            ReadProgress, ("user", userId), ("work", workId)), sync, cancel);

    public IReadOnlyList<ReadingProgress> ListProgress(long userId, int limit = 1000) => Finish(ListProgress(userId, limit, true, default));

    public Task<IReadOnlyList<ReadingProgress>> ListProgressAsync(long userId, int limit = 1000, CancellationToken cancel = default) =>
        ListProgress(userId, limit, false, cancel);

    private Task<IReadOnlyList<ReadingProgress>> ListProgress(long userId, int limit, bool sync, CancellationToken cancel) => ReadAsync(async db =>
        (IReadOnlyList<ReadingProgress>)await QueryAsync(db,
            "SELECT work_id, chapter, is_read, updated_at FROM reading_progress WHERE user_id = @user ORDER BY updated_at DESC, work_id DESC LIMIT @limit",
            ReadProgress, ("user", userId), ("limit", (long)limit)), sync, cancel);

    public Task<IReadOnlyList<ReadingProgress>> ListProgressAsync(long userId, int limit, int offset, CancellationToken cancel = default) => ReadAsync(async db =>
        (IReadOnlyList<ReadingProgress>)await QueryAsync(db,
            "SELECT work_id, chapter, is_read, updated_at FROM reading_progress WHERE user_id = @user ORDER BY updated_at DESC, work_id DESC LIMIT @limit OFFSET @offset",
            ReadProgress, ("user", userId), ("limit", (long)limit), ("offset", (long)offset)), sync: false, cancel);

    public Task<int> CountProgressAsync(long userId, CancellationToken cancel = default) => CountFor("reading_progress", userId, cancel);

    public Task<int> CountBookmarksAsync(long userId, CancellationToken cancel = default) => CountFor("bookmarks", userId, cancel);

    public Task<int> CountMarkedForLaterAsync(long userId, CancellationToken cancel = default) => CountFor("marked_for_later", userId, cancel);

    /// <summary>How many rows one reader has in a reader-state table (its primary key starts with user_id).</summary>
    private Task<int> CountFor(string table, long userId, CancellationToken cancel) => ReadAsync(async db =>
        Convert.ToInt32(await ScalarAsync(db, $"SELECT count(*) FROM {table} WHERE user_id = @user", ("user", userId)), CultureInfo.InvariantCulture), sync: false, cancel);

    public Task SetMarkedForLaterAsync(long userId, long workId, bool marked, CancellationToken cancel = default) => WriteAsync(db => marked
        ? ExecuteAsync(db,
            "INSERT INTO marked_for_later (user_id, work_id, marked_at) VALUES (@user, @work, @now) ON CONFLICT (user_id, work_id) DO NOTHING",
            ("user", userId), ("work", workId), ("now", Timestamp(DateTimeOffset.UtcNow)))
        : ExecuteAsync(db, "DELETE FROM marked_for_later WHERE user_id = @user AND work_id = @work", ("user", userId), ("work", workId)), sync: false, cancel);

    public Task<bool> IsMarkedForLaterAsync(long userId, long workId, CancellationToken cancel = default) => ReadAsync(async db =>
        await ScalarAsync(db, "SELECT 1 FROM marked_for_later WHERE user_id = @user AND work_id = @work", ("user", userId), ("work", workId)) is not null and not DBNull,
        sync: false, cancel);

    public Task<IReadOnlyList<MarkedForLater>> ListMarkedForLaterAsync(long userId, int limit, int offset, CancellationToken cancel = default) => ReadAsync(async db =>
        (IReadOnlyList<MarkedForLater>)await QueryAsync(db,
            "SELECT work_id, marked_at FROM marked_for_later WHERE user_id = @user ORDER BY marked_at DESC, work_id DESC LIMIT @limit OFFSET @offset",
            r => new MarkedForLater(r.GetInt64(0), ParseTimestamp(r.GetString(1))), ("user", userId), ("limit", (long)limit), ("offset", (long)offset)), sync: false, cancel);

    public void SetProgress(long userId, long workId, int chapter) => Finish(SetProgress(userId, workId, chapter, true, default));

    public Task SetProgressAsync(long userId, long workId, int chapter, CancellationToken cancel = default) => SetProgress(userId, workId, chapter, false, cancel);

    private Task<int> SetProgress(long userId, long workId, int chapter, bool sync, CancellationToken cancel) => WriteAsync(db => ExecuteAsync(db,
        """
        INSERT INTO reading_progress (user_id, work_id, chapter, is_read, updated_at) VALUES (@user, @work, @chapter, false, @now)
        ON CONFLICT (user_id, work_id) DO UPDATE SET chapter = excluded.chapter, updated_at = excluded.updated_at
        """,
        ("user", userId), ("work", workId), ("chapter", (long)Math.Max(1, chapter)), ("now", Timestamp(DateTimeOffset.UtcNow))), sync, cancel);

    public void SetRead(long userId, long workId, bool read) => Finish(SetRead(userId, workId, read, true, default));

    public Task SetReadAsync(long userId, long workId, bool read, CancellationToken cancel = default) => SetRead(userId, workId, read, false, cancel);

    private Task<int> SetRead(long userId, long workId, bool read, bool sync, CancellationToken cancel) => WriteAsync(db => ExecuteAsync(db,
        """
        INSERT INTO reading_progress (user_id, work_id, chapter, is_read, updated_at) VALUES (@user, @work, 1, @read, @now)
        ON CONFLICT (user_id, work_id) DO UPDATE SET is_read = excluded.is_read, updated_at = excluded.updated_at
        """,
        ("user", userId), ("work", workId), ("read", read), ("now", Timestamp(DateTimeOffset.UtcNow))), sync, cancel);

    public UserAccount? FindUser(string name) => Finish(FindUser(name, true, default));

    public Task<UserAccount?> FindUserAsync(string name, CancellationToken cancel = default) => FindUser(name, false, cancel);

    private Task<UserAccount?> FindUser(string name, bool sync, CancellationToken cancel) => ReadAsync(db =>
        QueryFirstAsync(db, "SELECT id, name, password_hash, is_admin, created_at FROM users WHERE name_key = @key", ReadUser, ("key", UserKey(name))), sync, cancel);

    public UserAccount? GetUser(long id) => Finish(GetUser(id, true, default));

    public Task<UserAccount?> GetUserAsync(long id, CancellationToken cancel = default) => GetUser(id, false, cancel);

    private Task<UserAccount?> GetUser(long id, bool sync, CancellationToken cancel) => ReadAsync(db =>
        QueryFirstAsync(db, "SELECT id, name, password_hash, is_admin, created_at FROM users WHERE id = @id", ReadUser, ("id", id)), sync, cancel);

    public UserAccount CreateUser(string name, string passwordHash, bool isAdmin) => Finish(CreateUser(name, passwordHash, isAdmin, true, default));

    public Task<UserAccount> CreateUserAsync(string name, string passwordHash, bool isAdmin, CancellationToken cancel = default) =>
        CreateUser(name, passwordHash, isAdmin, false, cancel);

    private async Task<UserAccount> CreateUser(string name, string passwordHash, bool isAdmin, bool sync, CancellationToken cancel)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0) throw new ArchiveException("an account needs a name");
        var now = DateTimeOffset.UtcNow;
        // ON CONFLICT rather than a retry: a taken name is the answer, not a race to run again.
        var id = await WriteAsync(db => QueryFirstAsync(db,
            """
            INSERT INTO users (name, name_key, password_hash, is_admin, created_at) VALUES (@name, @key, @hash, @admin, @now)
            ON CONFLICT (name_key) DO NOTHING
            RETURNING id
            """, r => (long?)r.GetInt64(0),
            ("name", trimmed), ("key", UserKey(trimmed)), ("hash", passwordHash), ("admin", isAdmin), ("now", Timestamp(now))), sync, cancel);
        return id is { } created
            ? new UserAccount(created, trimmed, passwordHash, isAdmin, now)
            : throw new ArchiveException($"the name {trimmed} is taken");
    }

    public int CountUsers() => Finish(CountUsers(true, default));

    public Task<int> CountUsersAsync(CancellationToken cancel = default) => CountUsers(false, cancel);

    private Task<int> CountUsers(bool sync, CancellationToken cancel) =>
        ReadAsync(async db => Convert.ToInt32(await ScalarAsync(db, "SELECT count(*) FROM users"), CultureInfo.InvariantCulture), sync, cancel);

    private static string UserKey(string name) => name.Trim().ToLowerInvariant();

    private static Bookmark ReadBookmark(DbDataReader r) =>
        new(r.GetInt64(0), NullableString(r, 1), ParseTimestamp(r.GetString(2)), ParseTimestamp(r.GetString(3)));

    private static ReadingProgress ReadProgress(DbDataReader r) =>
        new(r.GetInt64(0), Int(r, 1), r.GetBoolean(2), ParseTimestamp(r.GetString(3)));

    private static UserAccount ReadUser(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), ParseTimestamp(r.GetString(4)));
}
