using System.Security.Cryptography;
using System.Text;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;

namespace Ficshelf.Bench.Corpus;

/// <summary>
/// The synthetic corpus as stored works, so the web app, the CLI and the search engines can be tried on an archive
/// of realistic size without anyone's real stories (<c>ficshelf bench corpus</c>).
/// </summary>
public static class SyntheticArchive
{
    /// <summary>Above this many words a work is cut into chapters of about this size, as long fic is.</summary>
    private const int ChapterWords = 2500;

    /// <summary>Work number <paramref name="id"/> of the corpus as an import would give it: chapters, declared tags.</summary>
    public static Work ToWork(SyntheticCorpus corpus, long id)
    {
        var document = corpus.Document(id);
        var paragraphs = document.Body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var chapters = new List<Chapter>();
        var current = new List<string>();
        var words = 0;
        foreach (var paragraph in paragraphs)
        {
            current.Add(paragraph);
            words += WordCounter.Count(paragraph);
            if (words < ChapterWords) continue;
            chapters.Add(new Chapter { Number = chapters.Count + 1, Paragraphs = current });
            (current, words) = ([], 0);
        }
        if (current.Count > 0 || chapters.Count == 0) chapters.Add(new Chapter { Number = chapters.Count + 1, Paragraphs = current });
        if (chapters.Count > 1)
            chapters = chapters.Select(c => c with { Title = $"Chapter {c.Number}" }).ToList();

        return new Work
        {
            Platform = document.Platform,
            Title = document.Title,
            Authors = document.Authors,
            Summary = document.Summary,
            Chapters = chapters,
            Tags = document.Tags.Select(t => new WorkTag(t, TagOrigin.Declared)).ToList(),
            Language = document.Language,
            Complete = document.Complete,
        };
    }

    /// <summary>
    /// Stores works 1..<see cref="SyntheticCorpus.Works"/> (each with a plain-text original) and the corpus's
    /// wrangling: fandom metatags, characters under their fandoms, alias synonyms. Returns how many works were added.
    /// </summary>
    public static int Fill(IArchiveStore store, SyntheticCorpus corpus, Action<int>? progress = null)
    {
        var added = 0;
        for (long id = 1; id <= corpus.Works; id++)
        {
            var work = ToWork(corpus, id);
            var original = Encoding.UTF8.GetBytes(PlainText(work));
            var result = store.Store(new ParsedFile(work, original, $"synthetic-{id:D6}.txt", "utf-8", Convert.ToHexStringLower(SHA256.HashData(original))));
            if (result.Outcome == StoreOutcome.Added) added++;
            if (id % 1000 == 0) progress?.Invoke((int)id);
        }

        var graph = corpus.Tags;
        foreach (var info in graph.Tags.Where(i => i.Canonical)) store.SetCanonical(info.Tag, true);
        foreach (var info in graph.Tags)
        {
            // The canon lists a character's own name among its aliases at times; a tag is never its own synonym.
            if (info.SynonymOf is { } canonical && !TagComparer.Instance.Equals(info.Tag, canonical)) store.MakeSynonym(info.Tag, canonical);
            foreach (var parent in info.Parents) store.AddParent(info.Tag, parent);
        }
        return added;
    }

    /// <summary>The text a reader would have saved: title, author, tags as AO3 labels them, then the chapters.</summary>
    private static string PlainText(Work work)
    {
        var text = new StringBuilder();
        text.AppendLine(work.Title).Append("by ").AppendLine(string.Join(", ", work.Authors)).AppendLine();
        foreach (var group in work.Tags.GroupBy(t => t.Category))
            text.Append(group.Key.Slug()).Append(": ").AppendLine(string.Join(", ", group.Select(t => t.Name)));
        text.AppendLine();
        foreach (var chapter in work.Chapters)
        {
            if (chapter.Title is not null) text.AppendLine(chapter.Title).AppendLine();
            foreach (var paragraph in chapter.Paragraphs) text.AppendLine(paragraph).AppendLine();
        }
        return text.ToString();
    }
}
