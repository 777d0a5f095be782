using Npgsql;

namespace Ficshelf.Core.Storage.Postgres;

// Reader state (schema step 4): the same upserts as SqliteArchiveStore.Reading.cs.
public sealed partial class PostgresArchiveStore : IReaderStore
{
    public Bookmark? GetBookmark(long userId, long workId) => Read(c =>
        QueryFirst(c, "SELECT work_id, note, created_at, updated_at FROM bookmarks WHERE user_id = @user AND work_id = @work",
            ReadBookmark, ("user", userId), ("work", workId)));

    public IReadOnlyList<Bookmark> ListBookmarks(long userId, int limit = 1000, int offset = 0) => Read(c =>
        Query(c, "SELECT work_id, note, created_at, updated_at FROM bookmarks WHERE user_id = @user ORDER BY updated_at DESC, work_id DESC LIMIT @limit OFFSET @offset",
            ReadBookmark, ("user", userId), ("limit", (long)limit), ("offset", (long)offset)));

    public void SetBookmark(long userId, long workId, string? note) => Write(tx => Execute(tx,
        """
        INSERT INTO bookmarks (user_id, work_id, note, created_at, updated_at) VALUES (@user, @work, @note, @now, @now)
        ON CONFLICT (user_id, work_id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at
        """,
        ("user", userId), ("work", workId), ("note", string.IsNullOrWhiteSpace(note) ? null : note.Trim()), ("now", Timestamp(DateTimeOffset.UtcNow))));

    public bool RemoveBookmark(long userId, long workId) =>
        Write(tx => Execute(tx, "DELETE FROM bookmarks WHERE user_id = @user AND work_id = @work", ("user", userId), ("work", workId)) > 0);

    public ReadingProgress? GetProgress(long userId, long workId) => Read(c =>
        QueryFirst(c, "SELECT work_id, chapter, is_read, updated_at FROM reading_progress WHERE user_id = @user AND work_id = @work",
            ReadProgress, ("user", userId), ("work", workId)));

    public IReadOnlyList<ReadingProgress> ListProgress(long userId, int limit = 1000) => Read(c =>
        Query(c, "SELECT work_id, chapter, is_read, updated_at FROM reading_progress WHERE user_id = @user ORDER BY updated_at DESC, work_id DESC LIMIT @limit",
            ReadProgress, ("user", userId), ("limit", (long)limit)));

    public void SetProgress(long userId, long workId, int chapter) => Write(tx => Execute(tx,
        """
        INSERT INTO reading_progress (user_id, work_id, chapter, is_read, updated_at) VALUES (@user, @work, @chapter, false, @now)
        ON CONFLICT (user_id, work_id) DO UPDATE SET chapter = excluded.chapter, updated_at = excluded.updated_at
        """,
        ("user", userId), ("work", workId), ("chapter", (long)Math.Max(1, chapter)), ("now", Timestamp(DateTimeOffset.UtcNow))));

    public void SetRead(long userId, long workId, bool read) => Write(tx => Execute(tx,
        """
        INSERT INTO reading_progress (user_id, work_id, chapter, is_read, updated_at) VALUES (@user, @work, 1, @read, @now)
        ON CONFLICT (user_id, work_id) DO UPDATE SET is_read = excluded.is_read, updated_at = excluded.updated_at
        """,
        ("user", userId), ("work", workId), ("read", read), ("now", Timestamp(DateTimeOffset.UtcNow))));

    public UserAccount? FindUser(string name) => Read(c =>
        QueryFirst(c, "SELECT id, name, password_hash, is_admin, created_at FROM users WHERE name_key = @key", ReadUser, ("key", UserKey(name))));

    public UserAccount? GetUser(long id) => Read(c =>
        QueryFirst(c, "SELECT id, name, password_hash, is_admin, created_at FROM users WHERE id = @id", ReadUser, ("id", id)));

    public UserAccount CreateUser(string name, string passwordHash, bool isAdmin)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0) throw new ArchiveException("an account needs a name");
        var now = DateTimeOffset.UtcNow;
        // ON CONFLICT rather than a retry: a taken name is the answer, not a race to run again.
        var id = Write(tx => QueryFirst(tx,
            """
            INSERT INTO users (name, name_key, password_hash, is_admin, created_at) VALUES (@name, @key, @hash, @admin, @now)
            ON CONFLICT (name_key) DO NOTHING
            RETURNING id
            """, r => (long?)r.GetInt64(0),
            ("name", trimmed), ("key", UserKey(trimmed)), ("hash", passwordHash), ("admin", isAdmin), ("now", Timestamp(now))));
        return id is { } created
            ? new UserAccount(created, trimmed, passwordHash, isAdmin, now)
            : throw new ArchiveException($"the name {trimmed} is taken");
    }

    public int CountUsers() => Read(c => Convert.ToInt32(Scalar(c, "SELECT count(*) FROM users")));

    private static string UserKey(string name) => name.Trim().ToLowerInvariant();

    private static Bookmark ReadBookmark(NpgsqlDataReader r) =>
        new(r.GetInt64(0), NullableString(r, 1), ParseTimestamp(r.GetString(2)), ParseTimestamp(r.GetString(3)));

    private static ReadingProgress ReadProgress(NpgsqlDataReader r) =>
        new(r.GetInt64(0), checked((int)r.GetInt64(1)), r.GetBoolean(2), ParseTimestamp(r.GetString(3)));

    private static UserAccount ReadUser(NpgsqlDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), ParseTimestamp(r.GetString(4)));
}
