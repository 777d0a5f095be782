using System.Text;
using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;

namespace Ficshelf.Core.Tests.Storage;

// Storing many files in one call (a bulk import's writer): the same decisions as one store after another.
public abstract partial class ArchiveStoreContract
{
    [SkippableFact]
    public void Storing_many_files_at_once_decides_each_as_storing_them_one_after_another_would()
    {
        var parser = new StoryParser();
        ParsedFile Parse(string name, string text) => parser.Parse(Encoding.UTF8.GetBytes(text), name);
        // A new work, the same file again, another work, the first story's text in another file (the same work), and
        // a file whose store keys were computed ahead (as a bulk import's workers do).
        var files = new[]
        {
            Parse("a.txt", Story), Parse("a.txt", Story), Parse("b.txt", OtherStory(1)), Parse("a-copy.txt", Story + "\n\n"),
            Parse("c.txt", OtherStory(2)).WithStoreKeys(),
        };

        using var many = NewArchive();
        var attempts = many.Store.StoreMany(files);
        using var one = NewArchive();
        var singly = files.Select(one.Store.Store).ToList();

        Assert.All(attempts, a => Assert.Null(a.Refused));
        Assert.Equal(singly.Select(r => (r.Outcome, r.WorkId)), attempts.Select(a => (a.Result!.Outcome, a.Result.WorkId)));
        Assert.Equal([StoreOutcome.Added, StoreOutcome.Unchanged, StoreOutcome.Added, StoreOutcome.NewSource, StoreOutcome.Added],
            attempts.Select(a => a.Result!.Outcome));
        Assert.Equal(3, many.Store.CountWorks());
        Assert.Equal(one.Store.GetWork(attempts[4].Result!.WorkId)!.ContentKey, many.Store.GetWork(attempts[4].Result!.WorkId)!.ContentKey);
        Assert.Empty(many.Store.StoreMany([]));
    }
}
