namespace Ficshelf.Core.Analysis;

/// <summary>AO3's F/F, F/M, M/M, Gen and Multi, from the romantic relationships and the characters' genders.</summary>
internal static class CategoryDeriver
{
    public static IEnumerable<string> Derive(WorkAnalysis analysis, Func<string, string?> genderOf)
    {
        var romantic = analysis.Relationships.Where(r => r.Romantic).ToList();
        if (romantic.Count == 0) return analysis.Characters.Count > 0 ? ["Gen"] : [];
        var categories = new HashSet<string>();
        foreach (var r in romantic)
        {
            var a = genderOf(r.A);
            var b = genderOf(r.B);
            if (a is null || b is null || a == "unknown" || b == "unknown") continue;
            categories.Add((a, b) switch
            {
                ("female", "female") => "F/F",
                ("male", "male") => "M/M",
                ("female", "male") or ("male", "female") => "F/M",
                _ => "Other",
            });
        }
        if (categories.Count > 1) categories.Add("Multi");
        return categories;
    }
}
