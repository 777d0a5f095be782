namespace Ficshelf.Core.Storage;

/// <summary>A reader's bookmark on a work, with their own note.</summary>
public sealed record Bookmark(long WorkId, string? Note, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Where a reader is in a work (the last chapter they opened) and whether they marked it read.</summary>
public sealed record ReadingProgress(long WorkId, int Chapter, bool Read, DateTimeOffset UpdatedAt);

/// <summary>A work a reader marked to read later (AO3's "Mark for Later").</summary>
public sealed record MarkedForLater(long WorkId, DateTimeOffset MarkedAt);

/// <summary>An account on a shared server. The password is only ever kept as a hash.</summary>
public sealed record UserAccount(long Id, string Name, string PasswordHash, bool IsAdmin, DateTimeOffset CreatedAt);

/// <summary>
/// What readers keep beside the archive: bookmarks, reading progress, read marks and (on a shared server) accounts.
/// One of the archive's roles (<see cref="IArchiveStore"/>); every provider keeps it.
/// </summary>
public interface IReaderStore
{
    /// <summary>The user id of the single local reader when accounts are off.</summary>
    const long LocalUser = 0;

    Bookmark? GetBookmark(long userId, long workId);

    /// <summary>Newest first.</summary>
    IReadOnlyList<Bookmark> ListBookmarks(long userId, int limit = 1000, int offset = 0);

    /// <summary>Adds a bookmark or replaces its note.</summary>
    void SetBookmark(long userId, long workId, string? note);

    bool RemoveBookmark(long userId, long workId);

    ReadingProgress? GetProgress(long userId, long workId);

    /// <summary>Most recently read first.</summary>
    IReadOnlyList<ReadingProgress> ListProgress(long userId, int limit = 1000);

    /// <summary>Records the chapter a reader opened (keeps the read mark).</summary>
    void SetProgress(long userId, long workId, int chapter);

    /// <summary>Marks a work read or unread (keeps the chapter).</summary>
    void SetRead(long userId, long workId, bool read);

    UserAccount? FindUser(string name);

    UserAccount? GetUser(long id);

    /// <summary>Creates an account; throws <see cref="ArchiveException"/> when the name is taken.</summary>
    UserAccount CreateUser(string name, string passwordHash, bool isAdmin);

    int CountUsers();

    // The same, without holding a thread while the database answers (the web server).

    Task<Bookmark?> GetBookmarkAsync(long userId, long workId, CancellationToken cancel = default);

    /// <summary>A reader's bookmark and progress on each of several works (a list page), in two queries.</summary>
    Task<IReadOnlyDictionary<long, (Bookmark? Bookmark, ReadingProgress? Progress)>> GetReaderStateAsync(long userId, IReadOnlyCollection<long> workIds,
        CancellationToken cancel = default);

    Task<IReadOnlyList<Bookmark>> ListBookmarksAsync(long userId, int limit = 1000, int offset = 0, CancellationToken cancel = default);

    Task SetBookmarkAsync(long userId, long workId, string? note, CancellationToken cancel = default);

    Task<bool> RemoveBookmarkAsync(long userId, long workId, CancellationToken cancel = default);

    Task<ReadingProgress?> GetProgressAsync(long userId, long workId, CancellationToken cancel = default);

    Task<IReadOnlyList<ReadingProgress>> ListProgressAsync(long userId, int limit = 1000, CancellationToken cancel = default);

    /// <summary>One page of the history, most recently read first (the list is paged in the database).</summary>
    Task<IReadOnlyList<ReadingProgress>> ListProgressAsync(long userId, int limit, int offset, CancellationToken cancel = default);

    Task<int> CountProgressAsync(long userId, CancellationToken cancel = default);

    Task<int> CountBookmarksAsync(long userId, CancellationToken cancel = default);

    /// <summary>Marks a work for later, or takes the mark off; marking again keeps the first mark's time.</summary>
    Task SetMarkedForLaterAsync(long userId, long workId, bool marked, CancellationToken cancel = default);

    Task<bool> IsMarkedForLaterAsync(long userId, long workId, CancellationToken cancel = default);

    /// <summary>Newest mark first, one page.</summary>
    Task<IReadOnlyList<MarkedForLater>> ListMarkedForLaterAsync(long userId, int limit, int offset, CancellationToken cancel = default);

    Task<int> CountMarkedForLaterAsync(long userId, CancellationToken cancel = default);

    Task SetProgressAsync(long userId, long workId, int chapter, CancellationToken cancel = default);

    Task SetReadAsync(long userId, long workId, bool read, CancellationToken cancel = default);

    Task<UserAccount?> FindUserAsync(string name, CancellationToken cancel = default);

    Task<UserAccount?> GetUserAsync(long id, CancellationToken cancel = default);

    Task<UserAccount> CreateUserAsync(string name, string passwordHash, bool isAdmin, CancellationToken cancel = default);

    Task<int> CountUsersAsync(CancellationToken cancel = default);
}
