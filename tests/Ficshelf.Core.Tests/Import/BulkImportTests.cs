using System.Globalization;
using System.Text;
using Ficshelf.Bench.Corpus;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Export;
using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;
using Ficshelf.Core.Tests.Duplicates;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Import;

/// <summary>
/// A bulk import on several workers makes the same archive, decision for decision, as one file after another; a bad
/// file among good ones fails alone, named, in its place.
/// </summary>
public sealed class BulkImportTests : IDisposable
{
    private static readonly CanonKnowledgeBase Knowledge = CanonKnowledgeBase.LoadDefault();
    private readonly string dir = TestPaths.NewTempDir();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// Synthetic works as EPUB, HTML and text; between them every kind of decision: the very same file again, a
    /// re-wrapped Wattpad copy of one (a near-duplicate), a copy cut off after two chapters followed later by the whole
    /// work (the more complete copy takes over the text), two copies of one AO3 story id where the second adds a
    /// chapter, the demo corpus, and files that cannot be read.
    /// </summary>
    private List<string> WriteInputs()
    {
        var corpus = new SyntheticCorpus(36, seed: 11, Knowledge);
        var library = Bench.Import.SyntheticLibrary.Write(corpus, Path.Combine(dir, "library"));
        var files = library.Files.ToList();
        string Write(string name, byte[] bytes)
        {
            var path = Path.Combine(dir, "extra", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        var longWork = Enumerable.Range(1, corpus.Works).Select(id => SyntheticArchive.ToWork(corpus, id)).First(w => w.Chapters.Count >= 3);
        var cut = CopyMaker.AsWattpad(longWork.Chapters.Take(2), longWork.Title!, longWork.Authors[0]);
        var nearCopy = SyntheticArchive.ToWork(corpus, 5);
        var paragraphs = nearCopy.BodyParagraphs.ToList();
        var wattpad = CopyMaker.AsWattpad(nearCopy.Chapters, nearCopy.Title!, "someone_else", CopyMaker.FixWordInParagraph(paragraphs, paragraphs.Count / 2, "suddenly"));
        var ao3 = SyntheticArchive.ToWork(corpus, 7) with { Platform = Platform.Ao3, PlatformWorkId = "4242" };
        var ao3Longer = ao3 with { Chapters = [.. ao3.Chapters, new Chapter { Number = ao3.Chapters.Count + 1, Title = "Epilogue", Paragraphs = ["They went home at last.", "The lights stayed on."] }] };

        // The cut copy comes first, the whole work (its library file) later; the rest is spread among the library.
        files.Insert(0, Write("cut-copy.txt", Encoding.UTF8.GetBytes(cut)));
        files.Insert(4, Write("ao3-4242.epub", EpubExporter.Export(ao3)));
        files.Insert(9, Write("empty.txt", Encoding.UTF8.GetBytes("   \n\n  \n")));
        files.Insert(12, Write("same-file-again.epub", File.ReadAllBytes(library.Files[2])));
        files.Insert(15, Write("wattpad-copy.txt", Encoding.UTF8.GetBytes(wattpad)));
        files.Insert(20, Write("not-really.epub", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]));
        files.Insert(25, Write("ao3-4242-with-epilogue.html", HtmlExporter.Export(ao3Longer)));
        files.AddRange(Directory.GetFiles(TestPaths.DemoCorpus, "*.txt").Order(StringComparer.Ordinal));
        return files;
    }

    private (IReadOnlyList<FileImportResult> Results, string Dump) Import(IReadOnlyList<string> files, int workers)
    {
        var path = Path.Combine(dir, $"archive-{workers}.db");
        using var store = SqliteArchiveStore.Open(path);
        var importer = new FileImporter(store, new StoryParser(), new WorkAnalyzer(Knowledge));
        var heard = new List<string>();
        var results = importer.ImportMany(files.Select(f => ImportInput.FromPath(f, new ImportOptions())), workers, (input, own) => heard.Add(input.Name));
        // Every input is heard once, in the inputs' order.
        Assert.Equal(files, heard);
        return (results, Dump(store));
    }

    /// <summary>Everything an import decides, in work order, without the times it happened at.</summary>
    private static string Dump(IArchiveStore store)
    {
        var text = new StringBuilder();
        foreach (var id in store.WorkIds())
        {
            var work = store.GetWork(id)!;
            text.AppendLine(CultureInfo.InvariantCulture, $"work {id} {work.ContentKey} {work.Platform} {work.PlatformWorkId} \"{work.Title}\" by {string.Join(", ", work.Authors)}; {work.WordCount} words; complete {work.Complete}; truncated {work.Truncated}; language {work.Language}; total {work.ChaptersTotal}");
            foreach (var chapter in work.Chapters)
                text.AppendLine(CultureInfo.InvariantCulture, $"  chapter {chapter.Number} \"{chapter.Title}\" {chapter.Paragraphs.Count} paragraphs {WorkIdentity.KeyOf([chapter])}");
            foreach (var tag in work.Tags)
                text.AppendLine(CultureInfo.InvariantCulture, $"  tag {tag.Origin} {tag.Category}:{tag.Name} {tag.Confidence} {tag.Evidence}");
            foreach (var source in work.Sources)
                text.AppendLine(CultureInfo.InvariantCulture, $"  source {source.Platform} {source.FileName} {source.ContentHash} similarity {source.Similarity} id {source.PlatformWorkId}");
        }
        foreach (var pair in store.FindNearDuplicates())
            text.AppendLine(CultureInfo.InvariantCulture, $"near-duplicates {pair.OlderId} {pair.NewerId} {pair.Score.Similarity}");
        return text.ToString();
    }

    private static string Describe(FileImportResult r) =>
        $"{Path.GetFileName(r.Path)}: {r.Outcome} #{r.WorkId} near {r.NearDuplicate?.WorkId} {r.NearDuplicate?.Similarity} {r.Error}";

    [Fact]
    public void One_worker_and_four_make_the_same_archive_with_the_same_decisions()
    {
        var files = WriteInputs();
        var one = Import(files, workers: 1);
        var four = Import(files, workers: 4);

        Assert.Equal(one.Results.Select(Describe), four.Results.Select(Describe));
        Assert.Equal(one.Dump, four.Dump);

        // The set really holds each kind of decision (so the comparison compares them).
        var byName = one.Results.ToDictionary(r => Path.GetFileName(r.Path));
        Assert.Equal(StoreOutcome.Unchanged, byName["same-file-again.epub"].Outcome);
        Assert.NotNull(byName["wattpad-copy.txt"].NearDuplicate);
        Assert.Equal(StoreOutcome.NewSource, byName["wattpad-copy.txt"].Outcome);
        Assert.Equal(StoreOutcome.NewSource, byName["ao3-4242-with-epilogue.html"].Outcome);
        Assert.Equal(byName["ao3-4242.epub"].WorkId, byName["ao3-4242-with-epilogue.html"].WorkId);
        var cut = byName["cut-copy.txt"];
        Assert.Equal(StoreOutcome.Added, cut.Outcome);
        Assert.Contains(one.Results, r => r.WorkId == cut.WorkId && r.Outcome == StoreOutcome.NewSource && r.NearDuplicate is not null);
        Assert.True(one.Results.Count(r => r.Failed) == 2, string.Join("\n", one.Results.Where(r => r.Failed).Select(Describe)));
        Assert.True(one.Results.Count(r => r.Outcome == StoreOutcome.Added) > 40);
        // Inferred tags came with the works, so the workers' analyses are part of what was compared.
        Assert.Contains("tag Inferred", one.Dump);
    }

    [Fact]
    public void A_bad_file_in_the_middle_is_reported_with_its_name_and_reason_and_the_others_are_imported()
    {
        var demo = Directory.GetFiles(TestPaths.DemoCorpus, "*.txt").Order(StringComparer.Ordinal).ToList();
        var bad = Path.Combine(dir, "blank.txt");
        File.WriteAllText(bad, " \n\n \t\n");
        var missing = Path.Combine(dir, "gone.html");
        var files = demo.Take(4).Append(bad).Append(missing).Concat(demo.Skip(4)).ToList();

        using var store = SqliteArchiveStore.Open(Path.Combine(dir, "archive.db"));
        var results = new FileImporter(store, new StoryParser()).ImportMany(files.Select(f => ImportInput.FromPath(f, new ImportOptions())), workers: 3);

        Assert.Equal(files, results.Select(r => r.Path));
        Assert.Equal("the file holds only white space", results[4].Error);
        Assert.Equal("no such file", results[5].Error);
        Assert.All(results.Where(r => r.Path != bad && r.Path != missing), r => Assert.Equal(StoreOutcome.Added, r.Outcome));
        Assert.Equal(demo.Count, store.CountWorks());
    }
}
