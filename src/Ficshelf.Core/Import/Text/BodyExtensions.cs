using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Import.Text;

public static class BodyExtensions
{
    /// <summary>A work holding the body's chapters, notes and markers; the importer adds its metadata with <c>with</c>.</summary>
    public static Work ToWork(this Body body, Platform platform, IEnumerable<string> chrome)
    {
        if (body.Chapters.Sum(c => c.Paragraphs.Count(p => !TextPatterns.IsSceneBreak(p))) == 0)
            throw new ImportException($"no story text found: the file holds only {platform.DisplayName()} page chrome, notes or metadata");
        return new Work
        {
            Platform = platform,
            Chapters = body.Chapters,
            NotesBefore = body.NotesBefore,
            NotesAfter = body.NotesAfter,
            Complete = body.Complete,
            Truncated = body.Truncated,
            Chrome = chrome.Concat(body.Chrome).Distinct().ToArray(),
        };
    }
}
