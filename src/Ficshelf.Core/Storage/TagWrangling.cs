using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Storage;

/// <summary>
/// Tag wrangling as the web page, the JSON API and the CLI all do it: the change to the archive, then one notice to
/// whoever keeps a search index (<paramref name="tagsChanged"/> gets the retagged works, empty when only the wrangling
/// graph changed). Each front end phrases the outcome its own way.
/// </summary>
public sealed class TagWrangling(ITagStore store, Action<IReadOnlyList<long>>? tagsChanged = null)
{
    public void MakeSynonym(Tag synonym, Tag canonical) => Changed(() => store.MakeSynonym(synonym, canonical));

    /// <returns>The works retagged.</returns>
    public IReadOnlyList<long> Merge(Tag from, Tag into) => Changed(() => store.MergeTag(from, into));

    /// <returns>The works carrying the tag.</returns>
    public IReadOnlyList<long> Rename(Tag tag, string newName) => Changed(() => store.RenameTag(tag, newName));

    public void AddParent(Tag child, Tag parent) => Changed(() => store.AddParent(child, parent));

    public void RemoveParent(Tag child, Tag parent) => Changed(() => store.RemoveParent(child, parent));

    public void SetCanonical(Tag tag, bool canonical) => Changed(() => store.SetCanonical(tag, canonical));

    private void Changed(Action change) => Changed(() =>
    {
        change();
        return (IReadOnlyList<long>)[];
    });

    private IReadOnlyList<long> Changed(Func<IReadOnlyList<long>> change)
    {
        var works = change();
        tagsChanged?.Invoke(works);
        return works;
    }
}
