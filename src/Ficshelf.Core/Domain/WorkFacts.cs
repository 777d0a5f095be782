using System.Globalization;

namespace Ficshelf.Core.Domain;

/// <summary>
/// How a work's series place, chapter count and status read to a person, written once for every front end (the
/// CLI's show, the web work page): AO3's "Part 2 of …" and "Chapters: 3/14", and what a partial copy holds.
/// </summary>
public static class WorkFacts
{
    /// <summary>"Part 2 of sweet talks", or the series alone when the place is not known; null outside a series.</summary>
    public static string? Series(Work work) => work.SeriesOrBook is not { Length: > 0 } series ? null
        : work.SeriesPart is { } part ? $"Part {part.ToString(CultureInfo.InvariantCulture)} of {series}" : series;

    /// <summary>
    /// True when the story has more chapters than this copy holds (a saved chapter page, a cut download). AO3's "3/4"
    /// counts the chapters the author plans: a work in progress holding all its posted chapters is not partial, so an
    /// AO3 copy is partial only when the work is complete or the chapters it holds do not run 1, 2, 3….
    /// </summary>
    public static bool IsPartialCopy(Work work)
    {
        if (work.ChaptersTotal is not { } total || work.Chapters.Count >= total) return false;
        if (work.Platform != Platform.Ao3 || work.Complete == true) return true;
        return work.Chapters.Select((c, i) => c.Number != i + 1).Any(gap => gap);
    }

    /// <summary>AO3's count: chapters held / the story's total ("3/14"), "?" for an open total, and which chapters a partial copy holds.</summary>
    public static string Chapters(Work work)
    {
        var held = work.Chapters.Count;
        var total = work.ChaptersTotal?.ToString(CultureInfo.InvariantCulture) ?? work.Complete switch
        {
            true => held.ToString(CultureInfo.InvariantCulture),
            false => "?",
            null => null,
        };
        var count = total is null ? held.ToString(CultureInfo.InvariantCulture) : $"{held.ToString(CultureInfo.InvariantCulture)}/{total}";
        if (!IsPartialCopy(work)) return count;
        var numbers = work.Chapters.Select(c => c.Number).Order().ToList();
        var contiguous = numbers.Count > 0 && numbers[^1] - numbers[0] == numbers.Count - 1;
        var which = numbers.Count == 1 ? $"chapter {numbers[0].ToString(CultureInfo.InvariantCulture)}"
            : contiguous ? $"chapters {numbers[0].ToString(CultureInfo.InvariantCulture)}–{numbers[^1].ToString(CultureInfo.InvariantCulture)}"
            : "chapters " + string.Join(", ", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        return $"{count} (this copy holds {which})";
    }

    /// <summary>"complete", "in progress", "not stated"; a partial copy and a truncated copy say so.</summary>
    public static string Status(Work work)
    {
        var status = work.Complete switch { true => "complete", false => "in progress", null => "not stated" };
        if (IsPartialCopy(work))
            status = $"partial copy: {work.Chapters.Count.ToString(CultureInfo.InvariantCulture)} of {work.ChaptersTotal!.Value.ToString(CultureInfo.InvariantCulture)} chapters" +
                     (work.Complete == true ? "" : "; the story is not marked complete here");
        return work.Truncated ? status + "; this copy is truncated" : status;
    }

    /// <summary>"Published 2019-02-15, updated 2019-12-28", or the half that is known; null when neither is.</summary>
    public static string? Dates(Work work)
    {
        var parts = new List<string>();
        if (work.Published is { } published) parts.Add("published " + published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (work.Updated is { } updated && updated != work.Published) parts.Add("updated " + updated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return parts.Count == 0 ? null : char.ToUpperInvariant(parts[0][0]) + string.Join(", ", parts)[1..];
    }
}
