namespace Ficshelf.Core.Domain;

/// <summary>
/// A tag as the wranglers left it: canonical or not, the canonical tag it is a synonym of, its parents
/// (metatags in its own category, or a fandom for a character or relationship), and how many works carry it.
/// A tag that nobody wrangled is neither canonical nor a synonym: it stays as the author wrote it.
/// </summary>
public sealed record TagInfo(Tag Tag, bool Canonical, Tag? SynonymOf, IReadOnlyList<Tag> Parents, int Works = 0);

/// <summary>
/// The wrangling graph, read once and shared by searches: synonym → canonical, canonical → synonyms,
/// parent → children. A search for a tag finds works carrying the tag, its canonical, any synonym of it,
/// and every subtag (same category, transitively) with their synonyms: "Marvel" finds "Marvel Cinematic Universe".
/// </summary>
public sealed class TagGraph
{
    private readonly Dictionary<Tag, TagInfo> infos = new(TagComparer.Instance);
    private readonly Dictionary<Tag, List<Tag>> synonyms = new(TagComparer.Instance);
    private readonly Dictionary<Tag, List<Tag>> children = new(TagComparer.Instance);

    public static TagGraph Empty { get; } = new([]);

    public TagGraph(IEnumerable<TagInfo> tags)
    {
        foreach (var info in tags) infos[info.Tag] = info;
        foreach (var info in infos.Values)
        {
            if (info.SynonymOf is { } canonical && !TagComparer.Instance.Equals(canonical, info.Tag))
                Add(synonyms, Canonical(canonical), info.Tag);
            foreach (var parent in info.Parents) Add(children, Canonical(parent), info.Tag);
        }
    }

    public IEnumerable<TagInfo> Tags => infos.Values;

    public TagInfo? Find(Tag tag) => infos.GetValueOrDefault(tag);

    /// <summary>The canonical tag a tag stands for (itself when it is canonical or unwrangled).</summary>
    public Tag Canonical(Tag tag)
    {
        // Follow synonym links; a cycle (never made by the wrangling API, but data can be edited) stops the walk.
        var current = tag;
        for (var hops = 0; hops < 16 && infos.TryGetValue(current, out var info) && info.SynonymOf is { } next; hops++)
        {
            if (TagComparer.Instance.Equals(next, current)) break;
            current = next;
        }
        return infos.TryGetValue(current, out var found) ? found.Tag : current;
    }

    public IReadOnlyList<Tag> SynonymsOf(Tag tag) => synonyms.GetValueOrDefault(Canonical(tag)) ?? [];

    public IReadOnlyList<Tag> ParentsOf(Tag tag) => Find(Canonical(tag))?.Parents ?? [];

    public IReadOnlyList<Tag> ChildrenOf(Tag tag) => children.GetValueOrDefault(Canonical(tag)) ?? [];

    /// <summary>Every tag a search for <paramref name="tag"/> matches: canonical, synonyms, and same-category subtags with theirs.</summary>
    public IReadOnlySet<Tag> Expand(Tag tag)
    {
        var result = new HashSet<Tag>(TagComparer.Instance) { tag };
        var visited = new HashSet<Tag>(TagComparer.Instance);
        var queue = new Queue<Tag>();
        queue.Enqueue(Canonical(tag));
        while (queue.TryDequeue(out var current))
        {
            if (!visited.Add(current)) continue; // a parent cycle must not loop
            result.Add(current);
            foreach (var synonym in SynonymsOf(current)) result.Add(synonym);
            foreach (var child in ChildrenOf(current))
                if (child.Category == tag.Category) queue.Enqueue(Canonical(child));
        }
        return result;
    }

    private static void Add(Dictionary<Tag, List<Tag>> map, Tag key, Tag value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (!list.Contains(value, TagComparer.Instance)) list.Add(value);
    }
}
