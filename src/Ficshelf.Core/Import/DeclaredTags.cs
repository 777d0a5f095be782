using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Import;

/// <summary>Collects the tags a copy declares, once each (AO3 tags are case-insensitive), in the order given.</summary>
internal sealed class DeclaredTags
{
    private readonly List<WorkTag> tags = [];

    public void Add(TagCategory category, string? value)
    {
        var name = value?.Trim().Trim(',', ';').Trim();
        if (string.IsNullOrEmpty(name)) return;
        if (Contains(category, name)) return;
        tags.Add(new WorkTag(new Tag(category, name), TagOrigin.Declared));
    }

    /// <summary>AO3 never allows a comma inside a tag, so a comma always separates two tags.</summary>
    public void AddList(TagCategory category, string? values)
    {
        foreach (var value in (values ?? "").Split(','))
            Add(category, value);
    }

    public bool Contains(TagCategory category, string name) =>
        tags.Any(t => t.Category == category && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool ContainsName(string name) => tags.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public void Remove(TagCategory category, string name) =>
        tags.RemoveAll(t => t.Category == category && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<string> In(TagCategory category) => tags.Where(t => t.Category == category).Select(t => t.Name);

    public IReadOnlyList<WorkTag> ToList() => tags.ToArray();
}
