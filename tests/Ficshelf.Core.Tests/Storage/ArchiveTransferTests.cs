using System.Security.Cryptography;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;
using Ficshelf.Core.Storage.Transfer;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Storage;

/// <summary>Backup, restore and migrate between SQLite and PostgreSQL, verified by hashes and by reading the works back.</summary>
public sealed class ArchiveTransferTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>
{
    private IArchiveProvider Provider(string name) => name == "postgres" ? postgres : SqliteProvider.Instance;

    /// <summary>The demo corpus plus second copies, every tag origin, wrangling and near-duplicate fingerprints.</summary>
    private static void Fill(TestArchive archive)
    {
        foreach (var file in Directory.GetFiles(TestPaths.DemoCorpus, "*.txt").Order())
            Assert.Null(archive.Importer.ImportFile(file).Error);
        var crlf = archive.WriteFile("crlf-copy.txt", File.ReadAllText(Directory.GetFiles(TestPaths.DemoCorpus, "*.txt").Order().First()).Replace("\n", "\r\n"));
        Assert.Equal(StoreOutcome.NewSource, archive.Importer.ImportFile(crlf).Outcome);
        // Not UTF-8: the original keeps its bytes, the text is decoded.
        var latin = archive.Importer.ImportFile(archive.WriteFile("cp1252.txt", System.Text.Encoding.Latin1.GetBytes("Caf\u00e9 Stories\n\nThe caf\u00e9 opened at six, and the espresso machine sighed like an old dog.\n")));
        Assert.Null(latin.Error);
        var store = archive.Store;
        var ids = store.WorkIds();
        store.ReplaceTags(ids[0], TagOrigin.Inferred, [new WorkTag(new Tag(TagCategory.Character, "Natasha Romanoff"), TagOrigin.Inferred, 0.8125, "named 13 times: Nat, Natasha")]);
        store.ReplaceTags(ids[1], TagOrigin.User, [
            new WorkTag(new Tag(TagCategory.Freeform, "Found Family"), TagOrigin.User, 1, "added by the user"),
            new WorkTag(new Tag(TagCategory.Genre, "Romance"), TagOrigin.User, 0, "rejected by the user")]);
        store.MakeSynonym(new Tag(TagCategory.Fandom, "MCU"), new Tag(TagCategory.Fandom, "Marvel Cinematic Universe"));
        store.AddParent(new Tag(TagCategory.Fandom, "Marvel Cinematic Universe"), new Tag(TagCategory.Fandom, "Marvel"));
        store.SetCanonical(new Tag(TagCategory.Character, "Natasha Romanoff"), true);
        // Reader state: an account, bookmarks with notes, progress and read marks.
        var ada = archive.Reader.CreateUser("Ada", "hash-of-ada", isAdmin: true);
        archive.Reader.SetBookmark(IReaderStore.LocalUser, ids[0], "the lighthouse one");
        archive.Reader.SetBookmark(ada.Id, ids[2], null);
        archive.Reader.SetProgress(ada.Id, ids[1], 3);
        archive.Reader.SetRead(ada.Id, ids[3], true);
        // What a platform says of a work, and a chapter's formatting (schema step 5).
        var chapter = new Chapter
        {
            Number = 2, Title = "Chapter 2", Paragraphs = ["Dear Clint, the gulls have won.", "She folded the letter twice."],
            Spans = [new InlineSpan(0, 0, 10, InlineMark.Emphasis)], Blocks = [new BlockStyle(0, BlockKind.Quote)],
        };
        var bytes = System.Text.Encoding.UTF8.GetBytes("letters.html: " + string.Join("\n", chapter.Paragraphs));
        store.Store(new ParsedFile(new Work
        {
            Platform = Platform.Ao3, PlatformWorkId = "23009290", Title = "Letters", SeriesOrBook = "Harbour Lights", SeriesPart = 2,
            ChaptersTotal = 5, Published = new DateOnly(2021, 3, 9), Updated = new DateOnly(2024, 1, 2), Chapters = [chapter],
        }, bytes, "letters.html", "utf-8", Convert.ToHexStringLower(SHA256.HashData(bytes))));
        // Fingerprints of near-duplicates are written by the store itself (work_fingerprints, work_lsh).
        Assert.True(store.BackfillFingerprints() == 0);
    }

    /// <summary>Both archives hold the same works, with the same numbers, text, tags, sources and original bytes, and the same wrangling.</summary>
    private static void AssertSameArchive(IArchiveStore expected, IArchiveStore actual)
    {
        Assert.Equal(expected.WorkIds(), actual.WorkIds());
        foreach (var id in expected.WorkIds())
        {
            var a = expected.GetWork(id)!;
            var b = actual.GetWork(id)!;
            Assert.Equal(a.ContentKey, b.ContentKey);
            Assert.Equal((a.Title, a.Summary, a.Platform, a.Language, a.Complete, a.Truncated, a.AddedAt), (b.Title, b.Summary, b.Platform, b.Language, b.Complete, b.Truncated, b.AddedAt));
            Assert.Equal(a.Authors, b.Authors);
            Assert.Equal((a.SeriesPart, a.PlatformWorkId, a.ChaptersTotal, a.Published, a.Updated), (b.SeriesPart, b.PlatformWorkId, b.ChaptersTotal, b.Published, b.Updated));
            Assert.Equal(a.Chapters.SelectMany(c => c.Spans), b.Chapters.SelectMany(c => c.Spans));
            Assert.Equal(a.Chapters.SelectMany(c => c.Blocks), b.Chapters.SelectMany(c => c.Blocks));
            Assert.Equal(a.Chapters.Select(c => (c.Number, c.Title, string.Join("\n", c.Paragraphs))), b.Chapters.Select(c => (c.Number, c.Title, string.Join("\n", c.Paragraphs))));
            Assert.Equal(a.Tags, b.Tags);
            Assert.Equal(a.Sources, b.Sources);
            foreach (var source in a.Sources)
                Assert.Equal(source.ContentHash, Convert.ToHexStringLower(SHA256.HashData(actual.GetOriginal(source.Id)!)));
        }
        IReaderStore readerA = expected, readerB = actual;
        Assert.Equal(readerA.CountUsers(), readerB.CountUsers());
        var users = new List<long> { IReaderStore.LocalUser };
        if (readerA.FindUser("Ada") is { } ada)
        {
            Assert.Equal(ada, readerB.FindUser("ada"));
            users.Add(ada.Id);
        }
        foreach (var user in users)
        {
            Assert.Equal(readerA.ListBookmarks(user), readerB.ListBookmarks(user));
            Assert.Equal(readerA.ListProgress(user), readerB.ListProgress(user));
        }
        static string Describe(TagInfo t) => $"{t.Tag}|{t.Canonical}|{t.SynonymOf}|{string.Join(",", t.Parents)}|{t.Works}";
        Assert.Equal(expected.ListTags().Select(Describe).Order(), actual.ListTags().Select(Describe).Order());
    }

    [SkippableFact]
    public void SQLite_to_PostgreSQL_and_back_keeps_every_work_tag_and_original()
    {
        using var original = new TestArchive();
        Fill(original);
        var pg = postgres.NewLocation();
        var back = SqliteProvider.Instance.NewLocation();

        var there = ArchiveCopier.Copy(original.Path, pg, replace: false);
        Assert.True(there.Verified, string.Join("; ", there.Problems));
        Assert.Equal(original.Store.GetStats().Sources, there.OriginalsChecked);
        Assert.Equal(original.Store.CountWorks(), there.Tables.Single(t => t.Table == "work_fingerprints").TargetRows);
        Assert.True(there.Tables.Single(t => t.Table == "work_lsh").TargetRows > 0);
        var returned = ArchiveCopier.Copy(pg, back, replace: false);
        Assert.True(returned.Verified, string.Join("; ", returned.Problems));
        Assert.Equal(there.ContentDigest, returned.ContentDigest);

        // Independently of the copier's own report: read both ends through the stores and compare.
        var final = ArchiveCopier.Compare(original.Path, back);
        Assert.True(final.Verified);
        using (var onPostgres = ArchiveStores.Open(pg)) AssertSameArchive(original.Store, onPostgres);
        using (var returnedStore = ArchiveStores.Open(back)) AssertSameArchive(original.Store, returnedStore);

        // The copy is a working archive: new works get new numbers after the copied ones.
        using var live = ArchiveStores.Open(pg);
        var added = new FileImporter(live, new StoryParser()).ImportFile(original.WriteFile("new.txt", ArchiveStoreContract.OtherStory(99)));
        Assert.Equal(StoreOutcome.Added, added.Outcome);
        Assert.True(added.WorkId > original.Store.WorkIds().Max());
        live.MakeSynonym(new Tag(TagCategory.Fandom, "Marvel Movies"), new Tag(TagCategory.Fandom, "Marvel Cinematic Universe"));
        Assert.True(live.CreateUser("Bea", "hash-of-bea", isAdmin: false).Id > original.Reader.FindUser("Ada")!.Id);
        Assert.Equal(1, there.Tables.Single(t => t.Table == "users").TargetRows);
        Assert.Equal(2, there.Tables.Single(t => t.Table == "bookmarks").TargetRows);
        Assert.Equal(2, there.Tables.Single(t => t.Table == "reading_progress").TargetRows);
    }

    [SkippableTheory]
    [InlineData("sqlite", "postgres")]
    [InlineData("postgres", "postgres")]
    [InlineData("postgres", "sqlite")]
    [InlineData("sqlite", "sqlite")]
    public void Migrate_refuses_an_archive_that_is_not_empty_unless_forced(string from, string to)
    {
        using var source = new TestArchive(Provider(from));
        source.Importer.ImportFile(source.WriteFile("a.txt", ArchiveStoreContract.OtherStory(1)));
        using var target = new TestArchive(Provider(to));
        var only = target.Importer.ImportFile(target.WriteFile("b.txt", ArchiveStoreContract.OtherStory(2))).WorkId!.Value;

        var error = Assert.Throws<ArchiveException>(() => ArchiveCopier.Copy(source.Path, target.Path, replace: false));
        Assert.Contains("--force", error.Message);
        Assert.Equal([only], target.Store.WorkIds());

        var report = ArchiveCopier.Copy(source.Path, target.Path, replace: true);
        Assert.True(report.Verified);
        target.Reopen();
        AssertSameArchive(source.Store, target.Store);
        Assert.Throws<ArchiveException>(() => ArchiveCopier.Copy(source.Path, source.Path, replace: true));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_backup_taken_while_another_connection_imports_is_consistent(string provider)
    {
        using var archive = new TestArchive(Provider(provider));
        Fill(archive);
        var before = archive.Store.CountWorks();
        const int extra = 40;
        var files = Enumerable.Range(1, extra).Select(i => archive.WriteFile($"new/{i}.txt", ArchiveStoreContract.OtherStory(i))).ToList();
        using var started = new ManualResetEventSlim();
        var writer = Task.Run(() =>
        {
            using var store = ArchiveStores.Open(archive.Path);
            var importer = new FileImporter(store, new StoryParser());
            foreach (var file in files)
            {
                Assert.Null(importer.ImportFile(file).Error);
                started.Set();
            }
        });
        started.Wait(TimeSpan.FromSeconds(30));
        var backups = new List<(string Path, TransferReport Report)>();
        for (var i = 0; i < 3; i++)
        {
            var path = Path.Combine(archive.Dir, $"backup-{i}.db");
            backups.Add((path, ArchiveCopier.Backup(archive.Path, path, overwrite: false)));
        }
        writer.Wait();

        foreach (var (path, report) in backups)
        {
            Assert.True(report.Verified, string.Join("; ", report.Problems));
            var works = report.Tables.Single(t => t.Table == "works").TargetRows;
            Assert.InRange(works, before, before + extra);
            // Each backup is a whole archive of its moment: every work has its chapters and sources.
            using var copy = ArchiveStores.Open(path);
            Assert.Equal(works, copy.CountWorks());
            Assert.All(copy.WorkIds(), id => Assert.NotEmpty(copy.GetWork(id)!.Sources));
            Assert.Equal(report.OriginalsChecked, copy.GetStats().Sources);
        }
        var final = Path.Combine(archive.Dir, "final.db");
        ArchiveCopier.Backup(archive.Path, final, overwrite: false);
        using (var copy = ArchiveStores.Open(final)) AssertSameArchive(archive.Store, copy);
        Assert.Equal(before + extra, archive.Store.CountWorks());
        Assert.Throws<ArchiveException>(() => ArchiveCopier.Backup(archive.Path, final, overwrite: false));
    }

    [SkippableTheory]
    [InlineData("sqlite", "postgres")]
    [InlineData("postgres", "sqlite")]
    [InlineData("sqlite", "sqlite")]
    public void A_backup_restores_into_an_empty_archive_and_replaces_a_full_one_only_when_forced(string from, string to)
    {
        using var archive = new TestArchive(Provider(from));
        Fill(archive);
        var backup = Path.Combine(archive.Dir, "shelf-backup.db");
        Assert.True(ArchiveCopier.Backup(archive.Path, backup, overwrite: false).Verified);
        var backupBytes = File.ReadAllBytes(backup);

        using var empty = new TestArchive(Provider(to));
        var restored = ArchiveCopier.Restore(backup, empty.Path, force: false);
        Assert.True(restored.Verified, string.Join("; ", restored.Problems));
        empty.Reopen();
        AssertSameArchive(archive.Store, empty.Store);

        using var full = new TestArchive(Provider(to));
        var stranger = full.Importer.ImportFile(full.WriteFile("x.txt", ArchiveStoreContract.OtherStory(7))).Work!.ContentKey;
        Assert.Contains("--force", Assert.Throws<ArchiveException>(() => ArchiveCopier.Restore(backup, full.Path, force: false)).Message);
        Assert.Equal(1, full.Store.CountWorks());
        Assert.True(ArchiveCopier.Restore(backup, full.Path, force: true).Verified);
        full.Reopen();
        AssertSameArchive(archive.Store, full.Store);
        Assert.DoesNotContain(full.Store.StreamWorks(), w => w.ContentKey == stranger);
        Assert.Equal(backupBytes, File.ReadAllBytes(backup)); // restoring never changes the backup
    }

    [Fact]
    public void Restoring_something_that_is_not_a_backup_is_a_clear_error()
    {
        using var archive = new TestArchive();
        var notes = archive.WriteFile("notes.db", new string('x', 8192));
        Assert.Contains("not a Ficshelf backup", Assert.Throws<ArchiveException>(() => ArchiveCopier.Restore(notes, archive.Path, force: true)).Message);
        Assert.Contains("no backup", Assert.Throws<ArchiveException>(() => ArchiveCopier.Restore(Path.Combine(archive.Dir, "missing.db"), archive.Path, force: true)).Message);
    }

    [Fact]
    public void The_content_digest_changes_when_any_value_changes()
    {
        var a = new ArchiveDigest.TableDigest();
        var b = new ArchiveDigest.TableDigest();
        var c = new ArchiveDigest.TableDigest();
        a.Add([1L, "x", new byte[] { 1, 2 }, null, 0.5]);
        a.Add([2L, "y", new byte[] { 3 }, "n", 1.5]);
        b.Add([2L, "y", new byte[] { 3 }, "n", 1.5]); // another order: same digest
        b.Add([1L, "x", new byte[] { 1, 2 }, null, 0.5]);
        c.Add([1L, "x", new byte[] { 1, 2 }, null, 0.5]);
        c.Add([2L, "y", new byte[] { 4 }, "n", 1.5]);
        Assert.Equal(a.Finish(), b.Finish());
        Assert.NotEqual(a.Finish(), c.Finish());
    }
}
