using Ficshelf.Core.Analysis.Duplicates;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Import;

/// <summary>
/// What the archive computes from a work's text to decide its import — the content key, the chapters' word counts, the shingles and the
/// near-duplicate fingerprint — worked out ahead of time by a bulk import's worker, so the one thread that stores
/// only decides and writes. Valid for the very <see cref="Work"/> it was computed from.
/// </summary>
public sealed class StoreKeys
{
    private StoreKeys(Work work)
    {
        Work = work;
        ContentKey = work.ContentKey;
        ChapterWords = work.Chapters.Select(c => c.WordCount).ToArray();
        Shingles = Shingler.Shingle(work.BodyParagraphs);
        (Fingerprint, LshKeys) = TextFingerprint.Of(Shingles);
    }

    /// <summary>The work the keys were computed from: a store uses them only for this instance.</summary>
    public Work Work { get; }

    public string ContentKey { get; }

    /// <summary>Each chapter's word count, in order.</summary>
    public IReadOnlyList<int> ChapterWords { get; }

    public ShingledText Shingles { get; }

    public TextFingerprint Fingerprint { get; }

    public IReadOnlyList<LshKey> LshKeys { get; }

    public static StoreKeys Of(Work work) => new(work);
}
