namespace Ficshelf.Core.Domain;

/// <summary>Tags are the same tag whatever the letter case ("Fluff" = "fluff"), as the archive's tag table has it.</summary>
public sealed class TagComparer : IEqualityComparer<Tag>
{
    public static TagComparer Instance { get; } = new();

    public bool Equals(Tag? x, Tag? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Category == y.Category && string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase));

    public int GetHashCode(Tag tag) => HashCode.Combine(tag.Category, StringComparer.OrdinalIgnoreCase.GetHashCode(tag.Name));
}
