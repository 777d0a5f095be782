namespace Ficshelf.Core.Storage;

/// <summary>A reader's bookmark on a work, with their own note.</summary>
public sealed record Bookmark(long WorkId, string? Note, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Where a reader is in a work (the last chapter they opened) and whether they marked it read.</summary>
public sealed record ReadingProgress(long WorkId, int Chapter, bool Read, DateTimeOffset UpdatedAt);

/// <summary>An account on a shared server. The password is only ever kept as a hash.</summary>
public sealed record UserAccount(long Id, string Name, string PasswordHash, bool IsAdmin, DateTimeOffset CreatedAt);

/// <summary>
/// What readers keep beside the archive: bookmarks, reading progress, read marks and (on a shared server) accounts.
/// A separate interface from <see cref="IArchiveStore"/> so a provider can add it on its own; SQLite implements both.
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
}
