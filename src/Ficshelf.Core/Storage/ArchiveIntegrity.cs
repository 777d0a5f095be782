using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Storage;

public sealed record IntegrityReport(int Works, int Sources, long OriginalBytes, IReadOnlyList<string> Problems)
{
    public bool Healthy => Problems.Count == 0;
}

/// <summary>
/// <c>ficshelf check</c>: is the archive whole? The storage engine's own checks, then every work against its
/// chapters and sources, and every original file against the hash it was stored under — so a bit flipped on disk
/// or a half-written import is found, named and never silently served.
/// </summary>
public static class ArchiveIntegrity
{
    public static IntegrityReport Check(IArchiveStore store, Action<int, int>? progress = null)
    {
        var problems = new List<string>();
        problems.AddRange(store.StorageProblems());

        var ids = store.WorkIds();
        var sources = 0;
        long bytes = 0;
        var seenHashes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            progress?.Invoke(i, ids.Count);
            var work = store.GetWork(ids[i]);
            if (work is null)
            {
                problems.Add($"work {ids[i]}: listed but cannot be read");
                continue;
            }
            var label = $"work {work.Id} ({work.DisplayTitle})";
            if (work.Chapters.Count == 0) problems.Add($"{label}: no chapters");
            if (work.Sources.Count == 0) problems.Add($"{label}: no source file (the original is missing)");
            var numbers = work.Chapters.Select(c => c.Number).ToList();
            if (!numbers.SequenceEqual(Enumerable.Range(numbers.Count == 0 ? 1 : numbers.Min(), numbers.Count)))
                problems.Add($"{label}: chapter numbers not in a row ({string.Join(", ", numbers)})");
            foreach (var source in work.Sources)
            {
                sources++;
                var original = store.GetOriginal(source.Id);
                if (original is null)
                {
                    problems.Add($"{label}: source {source.Id} ({source.FileName}) has no original bytes");
                    continue;
                }
                bytes += original.LongLength;
                if (original.LongLength != source.Size)
                    problems.Add($"{label}: source {source.Id} ({source.FileName}) is {original.LongLength:N0} bytes, recorded as {source.Size:N0}");
                if (WorkIdentity.HashOf(original) != source.ContentHash)
                    problems.Add($"{label}: source {source.Id} ({source.FileName}) does not match its SHA-256 — the stored original changed");
                if (!seenHashes.Add(source.ContentHash))
                    problems.Add($"{label}: source {source.Id} ({source.FileName}) is stored twice");
            }
        }
        progress?.Invoke(ids.Count, ids.Count);
        if (store.CountWorks() != ids.Count) problems.Add($"the works table counts {store.CountWorks()} works but lists {ids.Count}");
        return new IntegrityReport(ids.Count, sources, bytes, problems);
    }
}
