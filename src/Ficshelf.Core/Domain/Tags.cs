namespace Ficshelf.Core.Domain;

/// <summary>AO3's tag categories, plus genre (FanFiction.Net, Inkitt and Wattpad print genres).</summary>
public enum TagCategory
{
    Fandom,
    Rating,
    Warning,
    Category,
    Relationship,
    Character,
    Freeform,
    Genre,
}

/// <summary>Who said a tag applies: the author/platform, Ficshelf's analysis, or a user override.</summary>
public enum TagOrigin
{
    Declared,
    Inferred,
    User,
}

public sealed record Tag(TagCategory Category, string Name)
{
    public override string ToString() => $"{Category.Slug()}:{Name}";
}

/// <summary>A tag on one work, with where it came from and, for inferred tags, how sure and why.</summary>
public sealed record WorkTag(Tag Tag, TagOrigin Origin, double? Confidence = null, string? Evidence = null)
{
    public TagCategory Category => Tag.Category;
    public string Name => Tag.Name;
}

public static class TagNames
{
    public static string Slug(this TagCategory category) => category.ToString().ToLowerInvariant();

    public static string Slug(this TagOrigin origin) => origin.ToString().ToLowerInvariant();

    public static bool TryParseCategory(string? text, out TagCategory category)
    {
        var key = (text ?? "").Trim().ToLowerInvariant().TrimEnd(':');
        category = key switch
        {
            "fandom" or "fandoms" => TagCategory.Fandom,
            "rating" or "ratings" or "rated" or "age rating" => TagCategory.Rating,
            "warning" or "warnings" or "archive warning" or "archive warnings" => TagCategory.Warning,
            "category" or "categories" => TagCategory.Category,
            "relationship" or "relationships" or "pairing" or "pairings" or "ship" or "ships" => TagCategory.Relationship,
            "character" or "characters" => TagCategory.Character,
            "freeform" or "freeforms" or "additional tags" or "additional tag" or "tags" => TagCategory.Freeform,
            "genre" or "genres" => TagCategory.Genre,
            _ => (TagCategory)(-1),
        };
        return (int)category >= 0;
    }

    public static bool TryParseOrigin(string? text, out TagOrigin origin) =>
        Enum.TryParse(text, ignoreCase: true, out origin);
}
