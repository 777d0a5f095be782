using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Storage;

// Reader state (schema step 4). Plain SQL with ON CONFLICT upserts so other providers can port it as is.
public sealed partial class SqliteArchiveStore : IReaderStore
{
    public Bookmark? GetBookmark(long userId, long workId) =>
        QueryFirst(null, "SELECT work_id, note, created_at, updated_at FROM bookmarks WHERE user_id = $user AND work_id = $work",
            ReadBookmark, ("$user", userId), ("$work", workId));

    public IReadOnlyList<Bookmark> ListBookmarks(long userId, int limit = 1000, int offset = 0) =>
        Query(null, "SELECT work_id, note, created_at, updated_at FROM bookmarks WHERE user_id = $user ORDER BY updated_at DESC, work_id DESC LIMIT $limit OFFSET $offset",
            ReadBookmark, ("$user", userId), ("$limit", limit), ("$offset", offset));

    public void SetBookmark(long userId, long workId, string? note)
    {
        var now = Timestamp(DateTimeOffset.UtcNow);
        Execute(null,
            """
            INSERT INTO bookmarks (user_id, work_id, note, created_at, updated_at) VALUES ($user, $work, $note, $now, $now)
            ON CONFLICT (user_id, work_id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at
            """,
            ("$user", userId), ("$work", workId), ("$note", string.IsNullOrWhiteSpace(note) ? null : note.Trim()), ("$now", now));
    }

    public bool RemoveBookmark(long userId, long workId) =>
        Execute(null, "DELETE FROM bookmarks WHERE user_id = $user AND work_id = $work", ("$user", userId), ("$work", workId)) > 0;

    public ReadingProgress? GetProgress(long userId, long workId) =>
        QueryFirst(null, "SELECT work_id, chapter, is_read, updated_at FROM reading_progress WHERE user_id = $user AND work_id = $work",
            ReadProgress, ("$user", userId), ("$work", workId));

    public IReadOnlyList<ReadingProgress> ListProgress(long userId, int limit = 1000) =>
        Query(null, "SELECT work_id, chapter, is_read, updated_at FROM reading_progress WHERE user_id = $user ORDER BY updated_at DESC, work_id DESC LIMIT $limit",
            ReadProgress, ("$user", userId), ("$limit", limit));

    public void SetProgress(long userId, long workId, int chapter) =>
        Execute(null,
            """
            INSERT INTO reading_progress (user_id, work_id, chapter, is_read, updated_at) VALUES ($user, $work, $chapter, 0, $now)
            ON CONFLICT (user_id, work_id) DO UPDATE SET chapter = excluded.chapter, updated_at = excluded.updated_at
            """,
            ("$user", userId), ("$work", workId), ("$chapter", Math.Max(1, chapter)), ("$now", Timestamp(DateTimeOffset.UtcNow)));

    public void SetRead(long userId, long workId, bool read) =>
        Execute(null,
            """
            INSERT INTO reading_progress (user_id, work_id, chapter, is_read, updated_at) VALUES ($user, $work, 1, $read, $now)
            ON CONFLICT (user_id, work_id) DO UPDATE SET is_read = excluded.is_read, updated_at = excluded.updated_at
            """,
            ("$user", userId), ("$work", workId), ("$read", read ? 1 : 0), ("$now", Timestamp(DateTimeOffset.UtcNow)));

    public UserAccount? FindUser(string name) =>
        QueryFirst(null, "SELECT id, name, password_hash, is_admin, created_at FROM users WHERE name_key = $key", ReadUser, ("$key", UserKey(name)));

    public UserAccount? GetUser(long id) =>
        QueryFirst(null, "SELECT id, name, password_hash, is_admin, created_at FROM users WHERE id = $id", ReadUser, ("$id", id));

    public UserAccount CreateUser(string name, string passwordHash, bool isAdmin)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0) throw new ArchiveException("an account needs a name");
        var now = DateTimeOffset.UtcNow;
        try
        {
            var id = Convert.ToInt64(Scalar(null,
                """
                INSERT INTO users (name, name_key, password_hash, is_admin, created_at) VALUES ($name, $key, $hash, $admin, $now)
                RETURNING id
                """,
                ("$name", trimmed), ("$key", UserKey(trimmed)), ("$hash", passwordHash), ("$admin", isAdmin ? 1 : 0), ("$now", Timestamp(now))));
            return new UserAccount(id, trimmed, passwordHash, isAdmin, now);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // constraint: the name key is unique
        {
            throw new ArchiveException($"the name {trimmed} is taken", e);
        }
    }

    public int CountUsers() => Convert.ToInt32(Scalar(null, "SELECT count(*) FROM users"));

    private static string UserKey(string name) => name.Trim().ToLowerInvariant();

    private static Bookmark ReadBookmark(SqliteDataReader r) =>
        new(r.GetInt64(0), NullableString(r, 1), ParseTimestamp(r.GetString(2)), ParseTimestamp(r.GetString(3)));

    private static ReadingProgress ReadProgress(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2) != 0, ParseTimestamp(r.GetString(3)));

    private static UserAccount ReadUser(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3) != 0, ParseTimestamp(r.GetString(4)));
}
