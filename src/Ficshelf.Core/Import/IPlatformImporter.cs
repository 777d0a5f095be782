using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import;

/// <summary>Reads one platform's plain-text copies: recognises its chrome and splits out metadata, notes, chapters and tags.</summary>
public interface IPlatformImporter
{
    Platform Platform { get; }

    /// <summary>How strongly the text looks like a copy from this platform, from 0 (no sign) to 1 (certain).</summary>
    double Detect(StoryText text);

    /// <summary>The work in the copy. Throws <see cref="ImportException"/> when no story text is left.</summary>
    Work Parse(StoryText text);
}
