using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Storage;

/// <summary>
/// Tag wrangling as the web page, the JSON API and the CLI all do it: the change to the archive, then one notice to
/// whoever keeps a search index (<paramref name="tagsChanged"/> gets the retagged works, empty when only the wrangling
/// graph changed). Each front end phrases the outcome its own way. Asynchronous end to end: the web server awaits it,
/// the CLI waits for it.
/// </summary>
public sealed class TagWrangling(ITagStore store, Func<IReadOnlyList<long>, CancellationToken, Task>? tagsChanged = null)
{
    public Task MakeSynonymAsync(Tag synonym, Tag canonical, CancellationToken cancel = default) =>
        Changed(async () => { await store.MakeSynonymAsync(synonym, canonical, cancel); return []; }, cancel);

    /// <returns>The works retagged.</returns>
    public Task<IReadOnlyList<long>> MergeAsync(Tag from, Tag into, CancellationToken cancel = default) =>
        Changed(() => store.MergeTagAsync(from, into, cancel), cancel);

    /// <returns>The works carrying the tag.</returns>
    public Task<IReadOnlyList<long>> RenameAsync(Tag tag, string newName, CancellationToken cancel = default) =>
        Changed(() => store.RenameTagAsync(tag, newName, cancel), cancel);

    public Task AddParentAsync(Tag child, Tag parent, CancellationToken cancel = default) =>
        Changed(async () => { await store.AddParentAsync(child, parent, cancel); return []; }, cancel);

    public Task RemoveParentAsync(Tag child, Tag parent, CancellationToken cancel = default) =>
        Changed(async () => { await store.RemoveParentAsync(child, parent, cancel); return []; }, cancel);

    public Task SetCanonicalAsync(Tag tag, bool canonical, CancellationToken cancel = default) =>
        Changed(async () => { await store.SetCanonicalAsync(tag, canonical, cancel); return []; }, cancel);

    private async Task<IReadOnlyList<long>> Changed(Func<Task<IReadOnlyList<long>>> change, CancellationToken cancel)
    {
        var works = await change();
        if (tagsChanged is not null) await tagsChanged(works, cancel);
        return works;
    }
}
