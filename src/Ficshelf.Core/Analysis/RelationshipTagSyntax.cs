namespace Ficshelf.Core.Analysis;

/// <summary>
/// How AO3 writes a relationship tag — "A/B" romantic, "A &amp; B" platonic, "A/B/C" for more — read for front ends
/// (the relationship map) by the same rule the analyzer reads declared relationships with.
/// </summary>
public static class RelationshipTagSyntax
{
    /// <summary>The members of a relationship tag and whether it is romantic (null: neither separator decides); null when it is not one.</summary>
    public static (IReadOnlyList<string> Members, bool? Romantic)? SplitMembers(string tag) => RelationshipInferrer.SplitMembers(tag);
}
