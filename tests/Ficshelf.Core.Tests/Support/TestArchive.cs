using Ficshelf.Core.Import;
using Ficshelf.Core.Storage;

namespace Ficshelf.Core.Tests.Support;

/// <summary>A fresh archive in a temporary folder, deleted afterwards.</summary>
public sealed class TestArchive : IDisposable
{
    public TestArchive()
    {
        Dir = TestPaths.NewTempDir();
        Path = System.IO.Path.Combine(Dir, "archive.db");
        Store = SqliteArchiveStore.Open(Path);
        Importer = new FileImporter(Store, new StoryParser());
    }

    public string Dir { get; }
    public string Path { get; }
    public SqliteArchiveStore Store { get; private set; }
    public FileImporter Importer { get; private set; }

    public string WriteFile(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Dir, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string WriteFile(string name, string text) => WriteFile(name, System.Text.Encoding.UTF8.GetBytes(text));

    public void Reopen()
    {
        Store.Dispose();
        Store = SqliteArchiveStore.Open(Path);
        Importer = new FileImporter(Store, new StoryParser());
    }

    public void Dispose()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
