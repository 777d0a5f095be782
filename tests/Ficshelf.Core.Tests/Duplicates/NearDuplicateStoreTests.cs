using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Duplicates;

/// <summary>Near-duplicate joining and merging, on every archive provider (see the subclasses at the end).</summary>
public abstract class NearDuplicateStoreContract(IArchiveProvider provider)
{
    private static string Ao3Sample => CopyMaker.SharedSample("ao3-work-text-reader.txt");

    /// <summary>
    /// The AO3 sample's text as a Wattpad page: straight quotes, a typo fixed, the page chrome, and the author's note
    /// Wattpad copies start with written into the text.
    /// </summary>
    private static string WattpadCopyOfAo3Sample()
    {
        var work = CopyMaker.Read(Ao3Sample);
        var paragraphs = work.BodyParagraphs.ToList();
        var fix = CopyMaker.FixWordInParagraph(paragraphs, paragraphs.Count / 3, "suddenly");
        var chapters = work.Chapters.ToList();
        chapters[0] = chapters[0] with { Paragraphs = ["Hi everyone, this one was posted on AO3 first, enjoy!", .. chapters[0].Paragraphs] };
        return CopyMaker.AsWattpad(chapters, "Better Than Him", "nightowl_writes", p => CopyMaker.StraightQuotes(fix(p)));
    }

    [SkippableFact]
    public void A_sample_rewrapped_as_a_wattpad_copy_becomes_a_second_source_of_the_same_work()
    {
        using var archive = new TestArchive(provider);
        var ao3 = archive.Importer.ImportFile(Ao3Sample);
        var wattpadPath = archive.WriteFile("better-than-him-wattpad.txt", WattpadCopyOfAo3Sample());
        var wattpad = archive.Importer.ImportFile(wattpadPath);

        Assert.Null(wattpad.Error);
        Assert.Equal(Platform.Wattpad, wattpad.Work!.Platform);
        Assert.NotEqual(ao3.Work!.ContentKey, wattpad.Work.ContentKey);
        Assert.Equal(StoreOutcome.NewSource, wattpad.Outcome);
        Assert.Equal(ao3.WorkId, wattpad.WorkId);
        var near = Assert.IsType<NearDuplicateMatch>(wattpad.NearDuplicate);
        Assert.Equal(ao3.WorkId, near.WorkId);
        Assert.InRange(near.Similarity, NearDuplicates.JaccardThreshold, 0.999);
        Assert.False(near.Score.IsContainment);

        Assert.Equal(1, archive.Store.CountWorks());
        var work = archive.Store.GetWork(ao3.WorkId!.Value)!;
        Assert.Equal([Platform.Ao3, Platform.Wattpad], work.Sources.Select(s => s.Platform));
        Assert.Null(work.Sources[0].Similarity);
        Assert.Equal(near.Similarity, work.Sources[1].Similarity);
        // The work shows the first copy's text; every original byte of both copies is kept.
        Assert.Equal(ao3.Work.ContentKey, work.ContentKey);
        Assert.Equal(File.ReadAllBytes(Ao3Sample), archive.Store.GetOriginal(work.Sources[0].Id));
        Assert.Equal(File.ReadAllBytes(wattpadPath), archive.Store.GetOriginal(work.Sources[1].Id));
        // The Wattpad copy's title fills the gap the AO3 work-text copy left.
        if (ao3.Work.Title is null) Assert.Equal("Better Than Him", work.Title);
    }

    [SkippableFact]
    public void Imported_in_the_other_order_the_wattpad_copy_is_the_work_and_the_ao3_copy_adds_its_declared_tags()
    {
        using var archive = new TestArchive(provider);
        var wattpad = archive.Importer.ImportFile(archive.WriteFile("wattpad.txt", WattpadCopyOfAo3Sample()));
        var ao3 = archive.Importer.ImportFile(Ao3Sample);

        Assert.Equal(StoreOutcome.Added, wattpad.Outcome);
        Assert.Equal(StoreOutcome.NewSource, ao3.Outcome);
        Assert.Equal(wattpad.WorkId, ao3.WorkId);
        var work = archive.Store.GetWork(wattpad.WorkId!.Value)!;
        Assert.Equal(Platform.Wattpad, work.Platform);
        var declared = ao3.Work!.Tags.Where(t => t.Origin == TagOrigin.Declared).Select(t => t.Tag).ToList();
        Assert.NotEmpty(declared);
        Assert.All(declared, tag => Assert.Contains(work.Tags, t => t.Tag == tag && t.Origin == TagOrigin.Declared));
    }

    [SkippableFact]
    public void Different_stories_are_never_joined_the_shared_samples_and_the_whole_demo_corpus_stay_separate_works()
    {
        using var archive = new TestArchive(provider);
        var files = Directory.GetFiles(TestPaths.RequireShared("samples"), "*.txt").Concat(Directory.GetFiles(TestPaths.DemoCorpus, "*.txt")).Order().ToList();
        var results = files.Select(f => archive.Importer.ImportFile(f)).ToList();
        Assert.All(results, r => Assert.Equal(StoreOutcome.Added, r.Outcome));
        Assert.Equal(files.Count, archive.Store.CountWorks());
        Assert.Empty(archive.Store.FindNearDuplicates());
    }

    [SkippableFact]
    public void Two_demo_stories_of_the_same_fandom_score_far_below_the_threshold()
    {
        var bayou = Shingler.Shingle(CopyMaker.Read(CopyMaker.Demo("ao3-dataset-bayou-boat.txt")).BodyParagraphs);
        var lantern = Shingler.Shingle(CopyMaker.Read(CopyMaker.Demo("ao3-lantern-festival.txt")).BodyParagraphs);
        var score = NearDuplicates.Compare(bayou, lantern);
        Assert.False(score.IsSameStory);
        Assert.True(score.Jaccard < 0.05, $"Jaccard {score.Jaccard}");
    }

    private static (string Full, Work Work) ThreeChapterStory()
    {
        var path = CopyMaker.Demo("ao3-page-lessons-on-ajan-kloss.txt");
        var work = CopyMaker.Read(path);
        Assert.Equal(3, work.Chapters.Count);
        return (path, work);
    }

    [SkippableFact]
    public void A_copy_with_one_chapter_fewer_joins_the_work_and_a_later_complete_copy_becomes_the_text_shown()
    {
        using var archive = new TestArchive(provider);
        var (full, work) = ThreeChapterStory();
        // The first two chapters, pasted with the AO3 page's "Chapter Text" lines still in them.
        var twoChapters = work.Chapters.Take(2).Select(c => c with { Paragraphs = ["Chapter Text", .. c.Paragraphs] });
        var shorter = archive.Importer.ImportFile(archive.WriteFile("two-parts.txt",
            CopyMaker.AsWattpad(twoChapters, "Lessons on Ajan Kloss", "greenjunglelight", CopyMaker.StraightQuotes)));
        Assert.Equal(StoreOutcome.Added, shorter.Outcome);
        Assert.Equal(2, shorter.Work!.Chapters.Count);

        var complete = archive.Importer.ImportFile(full);
        Assert.Equal(StoreOutcome.NewSource, complete.Outcome);
        Assert.Equal(shorter.WorkId, complete.WorkId);
        var near = complete.NearDuplicate!;
        Assert.True(near.Score.IsContainment, $"Jaccard {near.Score.Jaccard}, containment {near.Score.Containment}");
        Assert.True(near.Score.Containment >= NearDuplicates.ContainmentThreshold);

        // The more complete copy is what the work shows now; the shorter copy records how alike it is.
        var stored = archive.Store.GetWork(shorter.WorkId!.Value)!;
        Assert.Equal(3, stored.Chapters.Count);
        Assert.Equal(work.ContentKey, stored.ContentKey);
        Assert.Equal(near.Similarity, stored.Sources[0].Similarity);
        Assert.Null(stored.Sources[1].Similarity);

        // Its fingerprint moved with the text: a third copy of all three chapters finds the work.
        var third = archive.Importer.ImportFile(archive.WriteFile("all-parts.txt",
            CopyMaker.AsWattpad(work.Chapters, "Lessons on Ajan Kloss", "greenjunglelight", CopyMaker.StraightQuotes)));
        Assert.Equal(shorter.WorkId, third.WorkId);
        Assert.False(third.NearDuplicate!.Score.IsContainment);
    }

    [SkippableFact]
    public void Importers_running_at_once_on_copies_of_one_story_make_one_work()
    {
        using var archive = new TestArchive(provider);
        var (full, work) = ThreeChapterStory();
        // Four copies with different bytes and different text (quotes, a typo fixed), so only near-duplicate matching joins them.
        var paragraphs = work.BodyParagraphs.ToList();
        var files = new List<string> { full };
        for (var i = 0; i < 3; i++)
        {
            var fix = CopyMaker.FixWordInParagraph(paragraphs, 2 + i * 3, "meanwhile");
            files.Add(archive.WriteFile($"copy-{i}.txt", CopyMaker.AsWattpad(work.Chapters, $"Lessons {i}", "greenjunglelight",
                p => i % 2 == 0 ? CopyMaker.StraightQuotes(fix(p)) : fix(p))));
        }
        var results = new System.Collections.Concurrent.ConcurrentBag<Ficshelf.Core.Import.FileImportResult>();
        var importers = Enumerable.Range(0, 4).Select(seed => Task.Run(() =>
        {
            using var store = ArchiveStores.Open(archive.Path);
            var importer = new Ficshelf.Core.Import.FileImporter(store, new Ficshelf.Core.Import.StoryParser());
            foreach (var file in files.Skip(seed).Concat(files.Take(seed))) results.Add(importer.ImportFile(file));
        })).ToArray();
        Task.WaitAll(importers);

        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(1, archive.Store.CountWorks());
        Assert.Equal(files.Count, archive.Store.GetWork(archive.Store.WorkIds()[0])!.Sources.Count);
        Assert.Equal(1, results.Count(r => r.Outcome == StoreOutcome.Added));
    }

    [SkippableFact]
    public void A_copy_holding_less_than_half_of_a_story_stays_a_work_of_its_own()
    {
        using var archive = new TestArchive(provider);
        var (full, work) = ThreeChapterStory();
        archive.Importer.ImportFile(full);
        var firstChapter = work.Chapters[0];
        var fragment = archive.Importer.ImportFile(archive.WriteFile("first-part.txt",
            CopyMaker.AsWattpad([firstChapter], "Lessons on Ajan Kloss", "greenjunglelight")));
        var score = NearDuplicates.Compare(Shingler.Shingle(firstChapter.Paragraphs), Shingler.Shingle(work.BodyParagraphs));
        Assert.True(score.LengthRatio < NearDuplicates.MinLengthRatio, $"the first chapter is {score.LengthRatio:0%} of the story");
        Assert.True(score.Containment >= NearDuplicates.ContainmentThreshold);
        Assert.Equal(StoreOutcome.Added, fragment.Outcome);
        Assert.Equal(2, archive.Store.CountWorks());
    }

    [SkippableFact]
    public void Dedupe_finds_and_merges_copies_stored_as_two_works_keeping_every_original_and_all_tags()
    {
        using var archive = new TestArchive(provider);
        var ao3 = archive.Importer.ImportFile(Ao3Sample);
        // As an archive from before near-duplicates: the first work has no fingerprint when the second copy arrives.
        ForgetFingerprints(archive);
        var wattpadPath = archive.WriteFile("wattpad.txt", WattpadCopyOfAo3Sample());
        var wattpad = archive.Importer.ImportFile(wattpadPath);
        Assert.Equal(StoreOutcome.Added, wattpad.Outcome);
        archive.Store.ReplaceTags(wattpad.WorkId!.Value, TagOrigin.User, [new WorkTag(new Tag(TagCategory.Freeform, "Read Later"), TagOrigin.User)]);

        var pair = Assert.Single(archive.Store.FindNearDuplicates());
        Assert.Equal((ao3.WorkId, wattpad.WorkId), (pair.OlderId, pair.NewerId));
        Assert.True(pair.Score.IsSameStory);
        Assert.True(archive.Store.MergeWorks(pair.OlderId, pair.NewerId, pair.Score));

        Assert.Equal(1, archive.Store.CountWorks());
        Assert.Null(archive.Store.GetWork(pair.NewerId));
        var work = archive.Store.GetWork(pair.OlderId)!;
        Assert.Equal(ao3.Work!.ContentKey, work.ContentKey);
        Assert.Equal(2, work.Sources.Count);
        Assert.Equal(File.ReadAllBytes(Ao3Sample), archive.Store.GetOriginal(work.Sources[0].Id));
        Assert.Equal(File.ReadAllBytes(wattpadPath), archive.Store.GetOriginal(work.Sources[1].Id));
        Assert.Equal(pair.Score.Similarity, work.Sources[1].Similarity);
        Assert.Contains(work.Tags, t => t is { Name: "Read Later", Origin: TagOrigin.User });
        Assert.Empty(archive.Store.FindNearDuplicates());
    }

    [SkippableFact]
    public void Merging_a_newer_more_complete_copy_gives_the_older_work_its_text()
    {
        using var archive = new TestArchive(provider);
        var (full, work) = ThreeChapterStory();
        var shorter = archive.Importer.ImportFile(archive.WriteFile("two-parts.txt",
            CopyMaker.AsWattpad(work.Chapters.Take(2), "Lessons on Ajan Kloss", "greenjunglelight")));
        ForgetFingerprints(archive);
        var complete = archive.Importer.ImportFile(full);
        Assert.Equal(StoreOutcome.Added, complete.Outcome);

        var pair = Assert.Single(archive.Store.FindNearDuplicates());
        Assert.True(pair.Score.IsContainment, pair.Score.ToString());
        Assert.True(archive.Store.MergeWorks(pair.OlderId, pair.NewerId, pair.Score));

        var merged = archive.Store.GetWork(shorter.WorkId!.Value)!;
        Assert.Equal(3, merged.Chapters.Count);
        Assert.Equal(work.ContentKey, merged.ContentKey);
        Assert.Equal(work.WordCount, merged.WordCount);
        Assert.Equal(["two-parts.txt", "ao3-page-lessons-on-ajan-kloss.txt"], merged.Sources.Select(s => s.FileName));
        Assert.Equal(pair.Score.Similarity, merged.Sources[0].Similarity);
        Assert.Null(merged.Sources[1].Similarity);
        Assert.Contains(merged.Tags, t => t is { Category: TagCategory.Fandom, Origin: TagOrigin.Declared });
        // The work answers to its new text: importing the complete copy's text again adds nothing new.
        var again = archive.Importer.ImportFile(archive.WriteFile("again.txt", File.ReadAllText(full).Replace("\n", "\r\n")));
        Assert.Equal((StoreOutcome.NewSource, merged.Id), (again.Outcome!.Value, again.WorkId!.Value));
        Assert.Null(again.NearDuplicate);
    }

    private static void ForgetFingerprints(TestArchive archive) => archive.ExecuteSql("DELETE FROM work_lsh; DELETE FROM work_fingerprints;");

    [SkippableFact]
    public void An_archive_without_fingerprints_gets_them_before_the_next_import_so_copies_still_join()
    {
        using var archive = new TestArchive(provider);
        var ao3 = archive.Importer.ImportFile(Ao3Sample);
        ForgetFingerprints(archive);
        archive.Reopen();
        var wattpad = archive.Importer.ImportFile(archive.WriteFile("wattpad.txt", WattpadCopyOfAo3Sample()));
        Assert.Equal(StoreOutcome.NewSource, wattpad.Outcome);
        Assert.Equal(ao3.WorkId, wattpad.WorkId);
    }
}

public sealed class SqliteNearDuplicateStoreTests() : NearDuplicateStoreContract(SqliteProvider.Instance);

public sealed class PostgresNearDuplicateStoreTests(PostgresDatabase database) : NearDuplicateStoreContract(database), IClassFixture<PostgresDatabase>;
