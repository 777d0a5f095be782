using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Storage;

/// <summary>
/// What every archive provider promises. Runs once per provider (<see cref="SqliteArchiveStoreTests"/>,
/// <see cref="PostgresArchiveStoreTests"/>); provider-specific checks live in those classes.
/// </summary>
public abstract partial class ArchiveStoreContract(IArchiveProvider provider)
{
    protected IArchiveProvider Provider { get; } = provider;

    protected TestArchive NewArchive() => new(Provider);

    internal const string Story = """
        The Lighthouse Keeper

        Natasha climbed the last of the stairs with the lamp oil in both hands. “Still alive up here?” she called.

        Clint waved from the gallery, wind pulling at his jacket. “Barely. The gulls have opinions.”

        A/N: thanks for reading!
        """;

    /// <summary>A short original story whose text differs by <paramref name="seed"/>.</summary>
    internal static string OtherStory(int seed) => $"""
        Harbour Lights {seed}

        The ferry came in late on the {seed}th night, and the harbour master counted the passengers twice.

        Nobody had told her that number {seed} would be the one who stayed.
        """;

    private static WorkTag Declared(TagCategory category, string name) => new(new Tag(category, name), TagOrigin.Declared);

    [SkippableFact]
    public void A_stored_work_reads_back_with_its_metadata_chapters_tags_and_source()
    {
        using var archive = NewArchive();
        var path = archive.WriteFile("ffn.txt", """
            Quiet Hours
            By: inkwell
            Two agents wait out a storm.
            Rated: Fiction T - English - Friendship/Hurt/Comfort - [Natasha R., Clint B.] - Chapters: 2 - Words: 80 - Status: Complete - id: 42

            Disclaimer: I own nothing.

            Chapter 1: Rain

            The rain came sideways against the safehouse window, and neither of them slept.

            Chapter 2: Morning

            By morning the sky was washed clean and the coffee was terrible.
            """);
        var result = archive.Importer.ImportFile(path);
        Assert.Null(result.Error);
        Assert.Equal(StoreOutcome.Added, result.Outcome);

        var work = archive.Store.GetWork(result.WorkId!.Value)!;
        Assert.Equal("Quiet Hours", work.Title);
        Assert.Equal(["inkwell"], work.Authors);
        Assert.Equal("Two agents wait out a storm.", work.Summary);
        Assert.Equal(Platform.FanFictionNet, work.Platform);
        Assert.Equal("en", work.Language);
        Assert.True(work.Complete);
        Assert.False(work.Truncated);
        Assert.NotNull(work.AddedAt);
        Assert.Equal(["Chapter 1: Rain", "Chapter 2: Morning"], work.Chapters.Select(c => c.Title));
        Assert.Equal(result.Work!.Chapters.SelectMany(c => c.Paragraphs), work.Chapters.SelectMany(c => c.Paragraphs));
        Assert.Equal(result.Work!.ContentKey, work.ContentKey);
        Assert.Equal(result.Work.WordCount, work.WordCount);
        Assert.Equal(result.Work.Tags, work.Tags);
        Assert.Contains(work.Tags, t => t is { Category: TagCategory.Genre, Name: "Hurt/Comfort", Origin: TagOrigin.Declared });
        Assert.Contains(work.Tags, t => t is { Category: TagCategory.Relationship, Name: "Natasha R./Clint B." });
        var source = Assert.Single(work.Sources);
        Assert.Equal("ffn.txt", source.FileName);
        Assert.Equal(new FileInfo(path).Length, source.Size);
        Assert.Equal(File.ReadAllBytes(path), archive.Store.GetOriginal(source.Id));
        Assert.Null(archive.Store.GetWork(result.WorkId.Value + 1000));
        Assert.Null(archive.Store.GetOriginal(source.Id + 1000));
    }

    [SkippableFact]
    public void Blurbs_show_what_the_whole_work_shows_in_the_order_asked()
    {
        using var archive = NewArchive();
        var titled = archive.Importer.ImportFile(archive.WriteFile("ffn.txt", """
            Quiet Hours
            By: inkwell
            Two agents wait out a storm.
            Rated: Fiction T - English - Friendship/Hurt/Comfort - [Natasha R., Clint B.] - Chapters: 2 - Words: 80 - Status: Complete - id: 42

            Chapter 1: Rain

            The rain came sideways against the safehouse window, and neither of them slept.

            Chapter 2: Morning

            By morning the sky was washed clean and the coffee was terrible.
            """)).WorkId!.Value;
        var untitled = archive.Importer.ImportFile(archive.WriteFile("pasted.txt", """
            you didn't mean to fall asleep on the couch, but the movie was long and the blanket was warm, and when you woke up somebody had turned the lights down low.

            "Morning," Steve said from the kitchen doorway, holding out a mug of coffee as if it were an apology.
            """)).WorkId!.Value;
        var rejected = archive.Importer.ImportFile(archive.WriteFile("c.txt", OtherStory(3))).WorkId!.Value;
        var romance = new Tag(TagCategory.Genre, "Romance");
        archive.Store.ReplaceTags(rejected, TagOrigin.Declared, [Declared(TagCategory.Genre, "Romance"), Declared(TagCategory.Fandom, "Original Work")]);
        archive.Store.ReplaceTags(rejected, TagOrigin.User, [new WorkTag(romance, TagOrigin.User, 0, "rejected by the user")]);

        var blurbs = archive.Store.GetBlurbs([rejected, titled + untitled + rejected + 1000, titled, untitled, titled]);

        Assert.Equal([rejected, titled, untitled], blurbs.Select(b => b.Id));
        foreach (var blurb in blurbs)
        {
            var expected = WorkBlurb.From(archive.Store.GetWork(blurb.Id)!);
            Assert.Equal(expected.Title, blurb.Title);
            Assert.Equal(expected.Authors, blurb.Authors);
            Assert.Equal(expected.Tags, blurb.Tags);
            Assert.Equal(expected.EffectiveTags, blurb.EffectiveTags);
            Assert.Equal(expected with { Authors = blurb.Authors, Tags = blurb.Tags }, blurb);
        }
        Assert.Equal("Quiet Hours", blurbs[1].Title);
        Assert.Equal(2, blurbs[1].ChapterCount);
        Assert.True(blurbs[1].WordCount > 20);
        Assert.StartsWith("Untitled (begins “you didn't mean to fall asleep", blurbs[2].Title, StringComparison.OrdinalIgnoreCase); // first words only as a marked hint
        Assert.DoesNotContain(blurbs[0].EffectiveTags, t => t.Tag == romance);
        Assert.Contains(blurbs[0].TagsIn(TagCategory.Fandom), t => t.Name == "Original Work");
        Assert.Empty(archive.Store.GetBlurbs([]));
    }

    [SkippableFact]
    public void Importing_the_same_file_again_adds_nothing()
    {
        using var archive = NewArchive();
        var path = archive.WriteFile("a.txt", Story);
        var first = archive.Importer.ImportFile(path);
        var second = archive.Importer.ImportFile(path);
        Assert.Equal(StoreOutcome.Added, first.Outcome);
        Assert.Equal(StoreOutcome.Unchanged, second.Outcome);
        Assert.Equal(first.WorkId, second.WorkId);
        Assert.Equal(1, archive.Store.CountWorks());
        Assert.Single(archive.Store.GetWork(first.WorkId!.Value)!.Sources);
    }

    [SkippableFact]
    public void The_same_story_in_different_bytes_becomes_a_second_source_of_one_work()
    {
        using var archive = NewArchive();
        var unix = archive.Importer.ImportFile(archive.WriteFile("unix.txt", Story));
        var windows = archive.Importer.ImportFile(archive.WriteFile("windows.txt", Story.Replace("\n", "\r\n\r\n")));
        Assert.Equal(StoreOutcome.NewSource, windows.Outcome);
        Assert.Equal(unix.WorkId, windows.WorkId);
        Assert.Equal(1, archive.Store.CountWorks());
        var work = archive.Store.GetWork(unix.WorkId!.Value)!;
        Assert.Equal(2, work.Sources.Count);
        Assert.Equal(File.ReadAllBytes(Path.Combine(archive.Dir, "windows.txt")), archive.Store.GetOriginal(work.Sources[1].Id));
    }

    [SkippableFact]
    public void Different_stories_are_different_works()
    {
        using var archive = NewArchive();
        var a = archive.Importer.ImportFile(archive.WriteFile("a.txt", Story));
        var b = archive.Importer.ImportFile(archive.WriteFile("b.txt", Story.Replace("gulls", "crows")));
        Assert.NotEqual(a.WorkId, b.WorkId);
        Assert.Equal(2, archive.Store.CountWorks());
        Assert.Equal([a.WorkId!.Value, b.WorkId!.Value], archive.Store.WorkIds());
    }

    [SkippableFact]
    public void Reopening_keeps_the_works_and_their_numbers()
    {
        using var archive = NewArchive();
        var a = archive.Importer.ImportFile(archive.WriteFile("a.txt", Story));
        archive.Reopen();
        Assert.Equal(1, archive.Store.CountWorks());
        Assert.Equal("The Lighthouse Keeper", archive.Store.GetWork(a.WorkId!.Value)!.Title);
        var b = archive.Importer.ImportFile(archive.WriteFile("b.txt", OtherStory(1)));
        Assert.True(b.WorkId > a.WorkId);
    }

    [SkippableFact]
    public void Works_resolve_by_number_and_by_content_key_prefix()
    {
        using var archive = NewArchive();
        var result = archive.Importer.ImportFile(archive.WriteFile("a.txt", Story));
        var key = archive.Store.GetWork(result.WorkId!.Value)!.ContentKey;
        Assert.Equal(result.WorkId, archive.Store.ResolveWorkId(result.WorkId.ToString()!));
        Assert.Equal(result.WorkId, archive.Store.ResolveWorkId("#" + result.WorkId));
        Assert.Equal(result.WorkId, archive.Store.ResolveWorkId(key[..8]));
        Assert.Equal(result.WorkId, archive.Store.ResolveWorkId(key[..8].ToUpperInvariant()));
        Assert.Null(archive.Store.ResolveWorkId("999"));
        Assert.Null(archive.Store.ResolveWorkId("ab"));
    }

    [SkippableFact]
    public void Stats_count_works_words_and_tags()
    {
        using var archive = NewArchive();
        var a = archive.WriteFile("a.txt", Story);
        var b = archive.WriteFile("b.txt", "Pairing: Natasha x Clint\n\nThe end of the world was quieter than anyone expected.\n");
        archive.Importer.ImportFile(a);
        archive.Importer.ImportFile(b);
        var stats = archive.Store.GetStats();
        Assert.Equal(2, stats.Works);
        Assert.Equal(2, stats.Sources);
        Assert.Equal(archive.Store.ListWorks().Sum(w => (long)w.WordCount), stats.Words);
        Assert.Equal(("Natasha x Clint", 1), Assert.Single(stats.TopTags[TagCategory.Relationship]));
        Assert.Equal(new FileInfo(a).Length + new FileInfo(b).Length, stats.OriginalBytes);
        Assert.Equal(2, stats.WorksByPlatform.Values.Sum());
    }

    [SkippableFact]
    public void The_list_pages_through_works_with_their_fandoms_and_relationships()
    {
        using var archive = NewArchive();
        var ids = Enumerable.Range(1, 5).Select(i => archive.Importer.ImportFile(archive.WriteFile($"{i}.txt", OtherStory(i))).WorkId!.Value).ToList();
        archive.Store.ReplaceTags(ids[1], TagOrigin.Declared,
            [Declared(TagCategory.Fandom, "Harbour Towns"), Declared(TagCategory.Relationship, "Ferry/Harbour Master"), Declared(TagCategory.Character, "Ferry")]);
        var page = archive.Store.ListWorks(limit: 2, offset: 1);
        Assert.Equal(ids[1..3], page.Select(w => w.Id));
        Assert.Equal(["Harbour Towns"], page[0].Fandoms);
        Assert.Equal(["Ferry/Harbour Master"], page[0].Relationships);
        Assert.Empty(page[1].Fandoms);
        Assert.Equal("Harbour Lights 2", page[0].Title);
        Assert.Equal(5, archive.Store.ListWorks().Count);
    }

    [SkippableFact]
    public void Replacing_one_origins_tags_leaves_the_others_and_a_user_rejection_hides_a_tag()
    {
        using var archive = NewArchive();
        var id = archive.Importer.ImportFile(archive.WriteFile("a.txt", Story)).WorkId!.Value;
        var romance = new Tag(TagCategory.Genre, "Romance");
        archive.Store.ReplaceTags(id, TagOrigin.Declared, [Declared(TagCategory.Genre, "Romance"), Declared(TagCategory.Character, "Natasha Romanoff")]);
        archive.Store.ReplaceTags(id, TagOrigin.Inferred, [new WorkTag(new Tag(TagCategory.Character, "Clint Barton"), TagOrigin.Inferred, 0.75, "named 3 times")]);
        archive.Store.ReplaceTags(id, TagOrigin.Inferred, [new WorkTag(new Tag(TagCategory.Character, "Clint Barton"), TagOrigin.Inferred, 0.5, "named twice")]);
        var work = archive.Store.GetWork(id)!;
        Assert.Equal(3, work.Tags.Count);
        var clint = Assert.Single(work.Tags, t => t.Origin == TagOrigin.Inferred);
        Assert.Equal(0.5, clint.Confidence);
        Assert.Equal("named twice", clint.Evidence);
        Assert.Equal(1, Assert.Single(archive.Store.ListTags(TagCategory.Genre)).Works);

        archive.Store.ReplaceTags(id, TagOrigin.User, [new WorkTag(romance, TagOrigin.User, 0, "rejected by the user")]);
        work = archive.Store.GetWork(id)!;
        Assert.DoesNotContain(work.EffectiveTags, t => t.Tag == romance);
        Assert.Contains(work.Tags, t => t.Tag == romance && t.Origin == TagOrigin.Declared);
        Assert.Equal(0, Assert.Single(archive.Store.ListTags(TagCategory.Genre)).Works);
        Assert.False(archive.Store.GetStats().TopTags.ContainsKey(TagCategory.Genre));
    }

    [SkippableFact]
    public void Tag_names_are_one_tag_whatever_their_case()
    {
        using var archive = NewArchive();
        var a = archive.Importer.ImportFile(archive.WriteFile("a.txt", OtherStory(1))).WorkId!.Value;
        var b = archive.Importer.ImportFile(archive.WriteFile("b.txt", OtherStory(2))).WorkId!.Value;
        archive.Store.ReplaceTags(a, TagOrigin.Declared, [Declared(TagCategory.Genre, "Hurt/Comfort")]);
        archive.Store.ReplaceTags(b, TagOrigin.Declared, [Declared(TagCategory.Genre, "hurt/comfort"), Declared(TagCategory.Freeform, "Hurt/Comfort")]);
        var genre = Assert.Single(archive.Store.ListTags(TagCategory.Genre));
        Assert.Equal("Hurt/Comfort", genre.Tag.Name); // the first spelling stays
        Assert.Equal(2, genre.Works);
        Assert.Single(archive.Store.ListTags(TagCategory.Freeform));
        Assert.Equal(2, archive.Store.ListTags(nameContains: "COMFORT").Count);
        Assert.Empty(archive.Store.ListTags(nameContains: "angst"));
    }

    [SkippableFact]
    public void The_change_stamp_moves_with_every_change_and_only_then()
    {
        using var archive = NewArchive();
        var empty = archive.Store.ChangeStamp();
        Assert.Equal(empty, archive.Store.ChangeStamp());
        var id = archive.Importer.ImportFile(archive.WriteFile("a.txt", Story)).WorkId!.Value;
        var one = archive.Store.ChangeStamp();
        Assert.NotEqual(empty, one);
        archive.Importer.ImportFile(Path.Combine(archive.Dir, "a.txt")); // already there: nothing changes
        Assert.Equal(one, archive.Store.ChangeStamp());
        using (var other = ArchiveStores.Open(archive.Path)) Assert.Equal(one, other.ChangeStamp()); // another process agrees
        archive.Store.AddParent(new Tag(TagCategory.Fandom, "MCU"), new Tag(TagCategory.Fandom, "Marvel"));
        var wrangled = archive.Store.ChangeStamp();
        Assert.NotEqual(one, wrangled);
        Assert.Equal(one.Split('|')[0], wrangled.Split('|')[0]); // the works part stays: an index of them is still good
        archive.Store.DeleteWork(id);
        Assert.NotEqual(wrangled.Split('|')[0], archive.Store.ChangeStamp().Split('|')[0]);
    }

    [SkippableFact]
    public void The_integrity_check_passes_a_whole_archive_and_names_a_changed_original_and_wrong_counts()
    {
        using var archive = NewArchive();
        var a = archive.Importer.ImportFile(archive.WriteFile("a.txt", Story)).WorkId!.Value;
        var b = archive.Importer.ImportFile(archive.WriteFile("b.txt", OtherStory(3))).WorkId!.Value;
        var whole = ArchiveIntegrity.Check(archive.Store);
        Assert.True(whole.Healthy, string.Join("; ", whole.Problems));
        Assert.Equal((2, 2), (whole.Works, whole.Sources));

        var postgres = ArchiveStores.IsPostgres(archive.Path);
        archive.ExecuteSql($"UPDATE sources SET original = {(postgres ? "'\\x00'::bytea" : "X'00'")} WHERE work_id = {a}");
        archive.ExecuteSql($"UPDATE works SET word_count = word_count + 1 WHERE id = {b}");
        var damaged = ArchiveIntegrity.Check(archive.Store);
        Assert.Contains(damaged.Problems, p => p.Contains($"work {a}") && p.Contains("SHA-256"));
        Assert.Contains(damaged.Problems, p => p.StartsWith($"work {b}: counts say", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Deleting_a_work_takes_its_chapters_sources_and_tags_with_it()
    {
        using var archive = NewArchive();
        var keep = archive.Importer.ImportFile(archive.WriteFile("keep.txt", OtherStory(1))).WorkId!.Value;
        var gone = archive.Importer.ImportFile(archive.WriteFile("gone.txt", Story));
        archive.Importer.ImportFile(archive.WriteFile("gone-crlf.txt", Story.Replace("\n", "\r\n")));
        archive.Store.ReplaceTags(gone.WorkId!.Value, TagOrigin.Declared, [Declared(TagCategory.Fandom, "Lighthouses")]);
        var sources = archive.Store.GetWork(gone.WorkId.Value)!.Sources;
        Assert.Equal(2, sources.Count);

        Assert.True(archive.Store.DeleteWork(gone.WorkId.Value));
        Assert.False(archive.Store.DeleteWork(gone.WorkId.Value));
        Assert.Null(archive.Store.GetWork(gone.WorkId.Value));
        Assert.All(sources, s => Assert.Null(archive.Store.GetOriginal(s.Id)));
        Assert.Equal([keep], archive.Store.WorkIds());
        Assert.Equal(0, Assert.Single(archive.Store.ListTags(TagCategory.Fandom)).Works);
        var stats = archive.Store.GetStats();
        Assert.Equal(1, stats.Sources);

        // The story can come back, as a new work.
        var again = archive.Importer.ImportFile(Path.Combine(archive.Dir, "gone.txt"));
        Assert.Equal(StoreOutcome.Added, again.Outcome);
    }

    [SkippableFact]
    public void Streaming_reads_every_work_with_chapters_and_tags_in_id_order()
    {
        using var archive = NewArchive();
        var ids = Enumerable.Range(1, 7).Select(i => archive.Importer.ImportFile(archive.WriteFile($"{i}.txt", OtherStory(i))).WorkId!.Value).ToList();
        archive.Store.ReplaceTags(ids[3], TagOrigin.Declared, [Declared(TagCategory.Freeform, "Ferries")]);
        var all = archive.Store.StreamWorks().ToList();
        Assert.Equal(ids, all.Select(w => w.Id));
        Assert.All(all, w => Assert.NotEmpty(w.Chapters));
        Assert.Equal(archive.Store.GetWork(ids[3])!.BodyText, all[3].BodyText);
        Assert.Equal("Ferries", Assert.Single(all[3].Tags).Name);
        Assert.Equal(ids[4..], archive.Store.StreamWorks(afterId: ids[3]).Select(w => w.Id));
    }

    [SkippableFact]
    public void Synonyms_point_at_the_canonical_tag_and_every_change_shows_in_the_change_stamp()
    {
        using var archive = NewArchive();
        var store = archive.Store;
        var mcu = new Tag(TagCategory.Fandom, "Marvel Cinematic Universe");
        var marvel = new Tag(TagCategory.Fandom, "Marvel");
        var avengers = new Tag(TagCategory.Fandom, "The Avengers (Marvel Movies)");
        var before = store.ChangeStamp();

        store.MakeSynonym(avengers, mcu);
        Assert.NotEqual(before, store.ChangeStamp());
        store.MakeSynonym(new Tag(TagCategory.Fandom, "MCU"), avengers); // a synonym of a synonym means the canonical
        store.AddParent(mcu, marvel);
        store.SetCanonical(marvel, true);

        var tags = store.ListTags(TagCategory.Fandom).ToDictionary(t => t.Tag.Name);
        Assert.True(tags["Marvel Cinematic Universe"].Canonical);
        Assert.Equal(mcu, tags["The Avengers (Marvel Movies)"].SynonymOf);
        Assert.Equal(mcu, tags["MCU"].SynonymOf);
        Assert.False(tags["MCU"].Canonical);
        Assert.Equal([marvel], tags["Marvel Cinematic Universe"].Parents);
        Assert.True(tags["Marvel"].Canonical);

        var graph = store.LoadTagGraph();
        Assert.Equal(mcu, graph.Canonical(new Tag(TagCategory.Fandom, "MCU")));
        Assert.Throws<ArchiveException>(() => store.MakeSynonym(new Tag(TagCategory.Character, "Tony"), mcu));
        Assert.Throws<ArchiveException>(() => store.MakeSynonym(mcu, mcu));
    }

    [SkippableFact]
    public async Task Some_tags_read_alone_are_what_the_whole_graph_says_of_them()
    {
        using var archive = NewArchive();
        var store = archive.Store;
        var mcu = new Tag(TagCategory.Fandom, "Marvel Cinematic Universe");
        store.MakeSynonym(new Tag(TagCategory.Fandom, "MCU"), mcu);
        store.AddParent(mcu, new Tag(TagCategory.Fandom, "Marvel"));
        store.AddParent(new Tag(TagCategory.Character, "Natasha Romanov"), mcu);
        store.SetCanonical(new Tag(TagCategory.Character, "Clint Barton"), true);
        var graph = store.LoadTagGraph();
        // Asked in another letter case, with a tag the archive does not have, and one twice.
        var asked = new[]
        {
            new Tag(TagCategory.Fandom, "mcu"), mcu, new Tag(TagCategory.Character, "Natasha Romanov"), new Tag(TagCategory.Character, "NATASHA ROMANOV"),
            new Tag(TagCategory.Character, "Nobody Here"),
        };

        var infos = await store.LoadTagInfosAsync(asked);

        var expected = graph.Tags.Where(t => asked.Contains(t.Tag, TagComparer.Instance)).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected.Select(Describe), infos.Select(Describe));
        Assert.Empty(await store.LoadTagInfosAsync([]));
        static string Describe(TagInfo t) => $"{t.Tag} canonical={t.Canonical} synonym of {t.SynonymOf} parents [{string.Join(", ", t.Parents)}]";
    }

    [SkippableFact]
    public void Merging_retags_the_works_and_keeps_the_old_name_as_a_synonym()
    {
        using var archive = NewArchive();
        var a = archive.Importer.ImportFile(archive.WriteFile("a.txt", OtherStory(1))).WorkId!.Value;
        var b = archive.Importer.ImportFile(archive.WriteFile("b.txt", OtherStory(2))).WorkId!.Value;
        archive.Store.ReplaceTags(a, TagOrigin.Declared, [Declared(TagCategory.Freeform, "fluff")]);
        archive.Store.ReplaceTags(b, TagOrigin.Declared, [Declared(TagCategory.Freeform, "Fluff and Angst"), Declared(TagCategory.Freeform, "Fluff")]);
        var stamp = archive.Store.ChangeStamp();
        var retagged = archive.Store.MergeTag(new Tag(TagCategory.Freeform, "Fluff and Angst"), new Tag(TagCategory.Freeform, "FLUFF"));
        Assert.Equal([b], retagged);
        Assert.NotEqual(stamp, archive.Store.ChangeStamp());
        Assert.Equal([a, b], archive.Store.RenameTag(new Tag(TagCategory.Freeform, "FLUFF"), "fluff"));

        var tags = archive.Store.ListTags(TagCategory.Freeform).ToDictionary(t => t.Tag.Name);
        Assert.Equal(2, tags["fluff"].Works);
        Assert.Equal(0, tags["Fluff and Angst"].Works);
        Assert.Equal("fluff", tags["Fluff and Angst"].SynonymOf!.Name);
        Assert.Equal(["fluff"], archive.Store.GetWork(b)!.Tags.Select(t => t.Name));
    }

    [SkippableFact]
    public void Renaming_refuses_a_name_the_category_already_has_in_any_case()
    {
        using var archive = NewArchive();
        var store = archive.Store;
        store.SetCanonical(new Tag(TagCategory.Character, "Natasha Romanov"), true);
        store.SetCanonical(new Tag(TagCategory.Character, "Clint Barton"), true);
        store.RenameTag(new Tag(TagCategory.Character, "natasha romanov"), "Natasha Romanoff");
        Assert.Contains(store.ListTags(TagCategory.Character), t => t.Tag.Name == "Natasha Romanoff" && t.Canonical);
        var error = Assert.Throws<ArchiveException>(() => store.RenameTag(new Tag(TagCategory.Character, "Natasha Romanoff"), "CLINT BARTON"));
        Assert.Contains("already exists", error.Message);
        Assert.Throws<ArchiveException>(() => store.RenameTag(new Tag(TagCategory.Character, "Nobody"), "Somebody"));
    }

    [SkippableFact]
    public void Parents_refuse_a_loop_and_can_be_removed()
    {
        using var archive = NewArchive();
        var store = archive.Store;
        var a = new Tag(TagCategory.Freeform, "Alternate Universe");
        var b = new Tag(TagCategory.Freeform, "Alternate Universe - Coffee Shops & Cafés");
        var c = new Tag(TagCategory.Freeform, "Barista Natasha");
        store.AddParent(b, a);
        store.AddParent(c, b);
        Assert.Throws<ArchiveException>(() => store.AddParent(a, c));
        Assert.Throws<ArchiveException>(() => store.AddParent(a, a));
        store.RemoveParent(c, b);
        Assert.Empty(store.ListTags(TagCategory.Freeform).Single(t => t.Tag == c).Parents);
        store.AddParent(a, c); // no loop any more
        Assert.Equal([c], store.ListTags(TagCategory.Freeform).Single(t => t.Tag == a).Parents);
        store.RemoveParent(new Tag(TagCategory.Freeform, "never seen"), a); // nothing to remove, no error
    }

    [SkippableFact]
    public void Concurrent_importers_of_the_same_files_make_each_work_once()
    {
        using var archive = NewArchive();
        // Four stories, each in two byte-different copies: 4 works, 8 sources, whatever the interleaving.
        var files = Enumerable.Range(1, 4).SelectMany(i => new[]
        {
            archive.WriteFile($"s{i}.txt", OtherStory(i)),
            archive.WriteFile($"s{i}-crlf.txt", OtherStory(i).Replace("\n", "\r\n")),
        }).ToList();
        var results = new System.Collections.Concurrent.ConcurrentBag<FileImportResult>();
        var importers = Enumerable.Range(0, 6).Select(seed => Task.Run(() =>
        {
            using var store = ArchiveStores.Open(archive.Path);
            var importer = new FileImporter(store, new StoryParser());
            foreach (var file in files.OrderBy(f => (f.GetHashCode() ^ seed) * (seed + 1)))
                results.Add(importer.ImportFile(file));
        })).ToArray();
        Task.WaitAll(importers);

        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(4, archive.Store.CountWorks());
        Assert.Equal(8, archive.Store.GetStats().Sources);
        Assert.Equal(4, results.Count(r => r.Outcome == StoreOutcome.Added));
        Assert.Equal(4, results.Count(r => r.Outcome == StoreOutcome.NewSource));
        Assert.All(archive.Store.WorkIds(), id => Assert.Equal(2, archive.Store.GetWork(id)!.Sources.Count));
    }
}
