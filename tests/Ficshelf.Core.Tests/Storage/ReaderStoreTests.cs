using Ficshelf.Core.Storage;
using Ficshelf.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Tests.Storage;

/// <summary>Reader state (schema step 4): bookmarks, progress, read marks and accounts, kept per user beside the works.</summary>
public abstract class ReaderStoreContract(IArchiveProvider provider)
{
    private const string Story =
        "The Night Shift\n\nThe lighthouse keeper counted the gulls until the fog came in, then she lit the lamp.\n\n" +
        "Nobody came up the hill that night, and she wrote in the ledger that the gulls had been loud.";

    private static long ImportOne(TestArchive archive, string text = Story) =>
        archive.Importer.ImportFile(archive.WriteFile($"{Guid.NewGuid():N}.txt", text)).WorkId!.Value;

    [SkippableFact]
    public async Task A_list_reads_each_works_bookmark_and_progress_for_one_reader_at_once_and_async_calls_agree()
    {
        using var archive = new TestArchive(provider);
        var first = ImportOne(archive);
        var second = ImportOne(archive, Story.Replace("gulls", "crows", StringComparison.Ordinal) + "\n\nA different ending entirely, with a ferry.");
        IReaderStore state = archive.Reader;
        var other = await state.CreateUserAsync("Cass", "hash-of-cass", isAdmin: false);
        await state.SetBookmarkAsync(IReaderStore.LocalUser, first, "mine");
        await state.SetProgressAsync(IReaderStore.LocalUser, second, 2);
        await state.SetReadAsync(other.Id, first, true);

        var mine = await state.GetReaderStateAsync(IReaderStore.LocalUser, [first, second, 999_999]);
        Assert.Equal("mine", mine[first].Bookmark?.Note);
        Assert.Null(mine[first].Progress);
        Assert.Null(mine[second].Bookmark);
        Assert.Equal(2, mine[second].Progress?.Chapter);
        Assert.Equal((null, null), mine[999_999]);
        var theirs = await state.GetReaderStateAsync(other.Id, [first]);
        Assert.True(theirs[first].Progress?.Read);
        Assert.Null(theirs[first].Bookmark);
        Assert.Empty(await state.GetReaderStateAsync(IReaderStore.LocalUser, []));

        // The async and sync entries are one implementation: they read the same.
        Assert.Equal(state.GetBookmark(IReaderStore.LocalUser, first), await state.GetBookmarkAsync(IReaderStore.LocalUser, first));
        Assert.Equal(state.ListProgress(IReaderStore.LocalUser), await state.ListProgressAsync(IReaderStore.LocalUser));
        Assert.Equal(other, await state.FindUserAsync("cass"));
        Assert.Equal(2, (await archive.Store.GetBlurbsAsync([second, first])).Count);
        Assert.Equal(archive.Store.GetWork(first)!.ContentKey, (await archive.Store.GetWorkAsync(first))!.ContentKey);
    }

    [SkippableFact]
    public void A_bookmark_is_added_once_and_its_note_replaced()
    {
        using var archive = new TestArchive(provider);
        var work = ImportOne(archive);
        IReaderStore state = archive.Reader;
        Assert.Null(state.GetBookmark(IReaderStore.LocalUser, work));

        state.SetBookmark(IReaderStore.LocalUser, work, "  first note ");
        Assert.Equal("first note", state.GetBookmark(IReaderStore.LocalUser, work)!.Note);
        state.SetBookmark(IReaderStore.LocalUser, work, "second note");
        var bookmarks = state.ListBookmarks(IReaderStore.LocalUser);
        Assert.Single(bookmarks);
        Assert.Equal("second note", bookmarks[0].Note);
        Assert.True(bookmarks[0].UpdatedAt >= bookmarks[0].CreatedAt);

        state.SetBookmark(IReaderStore.LocalUser, work, "   ");
        Assert.Null(state.GetBookmark(IReaderStore.LocalUser, work)!.Note);
        Assert.True(state.RemoveBookmark(IReaderStore.LocalUser, work));
        Assert.False(state.RemoveBookmark(IReaderStore.LocalUser, work));
        Assert.Empty(state.ListBookmarks(IReaderStore.LocalUser));
    }

    [SkippableFact]
    public void Progress_and_the_read_mark_are_kept_apart_and_per_user()
    {
        using var archive = new TestArchive(provider);
        var work = ImportOne(archive);
        IReaderStore state = archive.Reader;

        state.SetProgress(1, work, 3);
        state.SetRead(1, work, true);
        var progress = state.GetProgress(1, work)!;
        Assert.Equal(3, progress.Chapter);
        Assert.True(progress.Read);

        state.SetProgress(1, work, 2); // going back a chapter keeps the read mark
        Assert.True(state.GetProgress(1, work)!.Read);
        Assert.Equal(2, state.GetProgress(1, work)!.Chapter);

        state.SetRead(2, work, true); // another reader marking it read starts at chapter 1
        Assert.Equal(1, state.GetProgress(2, work)!.Chapter);
        Assert.Null(state.GetProgress(3, work));
        Assert.Single(state.ListProgress(1));
    }

    [SkippableFact]
    public void Deleting_a_work_takes_its_bookmarks_and_progress_with_it()
    {
        using var archive = new TestArchive(provider);
        var work = ImportOne(archive);
        var other = ImportOne(archive, Story.Replace("gulls", "crows"));
        IReaderStore state = archive.Reader;
        state.SetBookmark(0, work, "gone soon");
        state.SetProgress(0, work, 1);
        state.SetBookmark(0, other, "stays");

        Assert.True(archive.Store.DeleteWork(work));
        Assert.Null(state.GetBookmark(0, work));
        Assert.Null(state.GetProgress(0, work));
        Assert.Equal([other], state.ListBookmarks(0).Select(b => b.WorkId));
    }

    [SkippableFact]
    public async Task Marked_for_later_is_kept_per_reader_listed_newest_first_a_page_at_a_time_and_unmarked()
    {
        using var archive = new TestArchive(provider);
        var works = Enumerable.Range(1, 5).Select(i => ImportOne(archive, Story.Replace("gulls", $"gulls {i}", StringComparison.Ordinal) + $"\n\nEnding number {i}, with a ferry.")).ToList();
        IReaderStore state = archive.Reader;
        Assert.False(await state.IsMarkedForLaterAsync(1, works[0]));
        foreach (var work in works) await state.SetMarkedForLaterAsync(1, work, true);
        await state.SetMarkedForLaterAsync(1, works[0], true); // marking twice keeps one mark
        await state.SetMarkedForLaterAsync(2, works[4], true);

        Assert.True(await state.IsMarkedForLaterAsync(1, works[0]));
        Assert.False(await state.IsMarkedForLaterAsync(2, works[0]));
        Assert.Equal(5, await state.CountMarkedForLaterAsync(1));
        Assert.Equal(1, await state.CountMarkedForLaterAsync(2));
        var all = await state.ListMarkedForLaterAsync(1, 100, 0);
        Assert.Equal(5, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.MarkedAt >= p.Second.MarkedAt), "newest first");
        var pages = (await state.ListMarkedForLaterAsync(1, 2, 0)).Concat(await state.ListMarkedForLaterAsync(1, 2, 2)).Concat(await state.ListMarkedForLaterAsync(1, 2, 4));
        Assert.Equal(all.Select(m => m.WorkId), pages.Select(m => m.WorkId));

        await state.SetMarkedForLaterAsync(1, works[2], false);
        Assert.False(await state.IsMarkedForLaterAsync(1, works[2]));
        Assert.Equal(4, await state.CountMarkedForLaterAsync(1));
        Assert.True(await state.IsMarkedForLaterAsync(2, works[4]));
        // Deleting a work takes its marks with it.
        Assert.True(archive.Store.DeleteWork(works[4]));
        Assert.Equal(0, await state.CountMarkedForLaterAsync(2));
        Assert.DoesNotContain(works[4], (await state.ListMarkedForLaterAsync(1, 100, 0)).Select(m => m.WorkId));
    }

    [SkippableFact]
    public async Task Bookmarks_and_history_are_counted_and_paged_in_the_database()
    {
        using var archive = new TestArchive(provider);
        var works = Enumerable.Range(1, 7).Select(i => ImportOne(archive, Story.Replace("gulls", $"gulls {i}", StringComparison.Ordinal) + $"\n\nEnding number {i}, with a ferry.")).ToList();
        IReaderStore state = archive.Reader;
        foreach (var work in works) await state.SetBookmarkAsync(0, work, null);
        foreach (var work in works.Take(6)) await state.SetProgressAsync(0, work, 1);
        await state.SetProgressAsync(5, works[0], 1);

        Assert.Equal(7, await state.CountBookmarksAsync(0));
        Assert.Equal(6, await state.CountProgressAsync(0));
        Assert.Equal(1, await state.CountProgressAsync(5));
        Assert.Equal(0, await state.CountBookmarksAsync(5));
        var bookmarks = await state.ListBookmarksAsync(0, 100, 0);
        var pagedBookmarks = new List<Bookmark>();
        for (var offset = 0; offset < 7; offset += 3) pagedBookmarks.AddRange(await state.ListBookmarksAsync(0, 3, offset));
        Assert.Equal(bookmarks, pagedBookmarks);
        var history = await state.ListProgressAsync(0, 100);
        var pagedHistory = new List<ReadingProgress>();
        for (var offset = 0; offset < 6; offset += 4) pagedHistory.AddRange(await state.ListProgressAsync(0, 4, offset));
        Assert.Equal(history, pagedHistory);
        Assert.Empty(await state.ListProgressAsync(0, 4, 8));
    }

    [SkippableFact]
    public void Account_names_are_unique_whatever_their_case_and_survive_reopening()
    {
        using var archive = new TestArchive(provider);
        var ada = archive.Reader.CreateUser(" Ada ", "hash-of-ada", isAdmin: true);
        Assert.Equal("Ada", ada.Name);
        var taken = Assert.Throws<ArchiveException>(() => archive.Reader.CreateUser("ADA", "other", isAdmin: false));
        Assert.Contains("taken", taken.Message);
        Assert.Throws<ArchiveException>(() => archive.Reader.CreateUser("  ", "x", isAdmin: false));

        archive.Reopen();
        var found = archive.Reader.FindUser("ada")!;
        Assert.Equal(ada.Id, found.Id);
        Assert.True(found.IsAdmin);
        Assert.Equal("hash-of-ada", archive.Reader.GetUser(ada.Id)!.PasswordHash);
        Assert.Null(archive.Reader.FindUser("bea"));
        Assert.Equal(1, archive.Reader.CountUsers());
    }
}

public sealed class SqliteReaderStoreTests() : ReaderStoreContract(SqliteProvider.Instance)
{
    [Fact]
    public void An_archive_from_before_the_reader_tables_gains_them_and_keeps_its_works()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "older.db");
        var readerStep = Array.FindIndex(SchemaMigrations.Steps, s => s.Contains("CREATE TABLE bookmarks"));
        Assert.True(readerStep > 0);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            for (var step = 0; step < readerStep; step++)
            {
                using var command = connection.CreateCommand();
                command.CommandText = SchemaMigrations.Steps[step] + $";\nPRAGMA user_version = {step + 1};";
                command.ExecuteNonQuery();
            }
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO works (content_key, platform, word_count, chapter_count, created_at, updated_at) VALUES ('k', 'generic', 0, 0, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')";
            insert.ExecuteNonQuery();
        }
        using (var store = SqliteArchiveStore.Open(path))
        {
            Assert.Equal(1, store.CountWorks());
            store.SetBookmark(0, 1, "after the upgrade");
            Assert.Equal("after the upgrade", store.GetBookmark(0, 1)!.Note);
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}

public sealed class PostgresReaderStoreTests(PostgresDatabase database) : ReaderStoreContract(database), IClassFixture<PostgresDatabase>;
