using System.Text;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Duplicates;

/// <summary>
/// Makes another platform's copy of a story the tests read: the story's text (taken from the parsed original, never
/// written into the repository) re-wrapped in that platform's page chrome, with the small differences real copies have.
/// </summary>
internal static class CopyMaker
{
    public static Work Read(string path) => new StoryParser().Parse(File.ReadAllBytes(path), Path.GetFileName(path)).Work;

    public static string SharedSample(string name) => TestPaths.RequireShared("samples", name);

    public static string Demo(string name) => Path.Combine(TestPaths.DemoCorpus, name);

    /// <summary>
    /// A Wattpad part page: book and part title, author, "Start from the beginning", vote/comment chrome, the text,
    /// and the footer with the book title glued to the slogan.
    /// </summary>
    public static string AsWattpad(IEnumerable<Chapter> chapters, string title, string author, Func<string, string>? edit = null)
    {
        var text = new StringBuilder();
        text.Append($"{title}\n{title}\nby {author}\nReads 1.2K Votes 87 Parts 1\nStart from the beginning\n\n");
        foreach (var chapter in chapters)
        {
            if (chapter.Title is not null) text.Append(chapter.Title).Append("\n\n");
            foreach (var paragraph in chapter.Paragraphs) text.Append(edit is null ? paragraph : edit(paragraph)).Append("\n\n");
        }
        text.Append("Vote\nComment\nShare\n\n");
        text.Append($"{title}Where stories live. Discover now\n\nYou'll also like\nSome Other Book\n");
        return text.ToString();
    }

    /// <summary>Curly quotes and apostrophes as straight ones, as a copy pasted through a plain editor has them.</summary>
    public static string StraightQuotes(string paragraph) =>
        paragraph.Replace('“', '"').Replace('”', '"').Replace('‘', '\'').Replace('’', '\'').Replace("…", "...").Replace("—", "--");

    /// <summary>Replaces one word (a typo fix between platforms) in the paragraph with the given index.</summary>
    public static Func<string, string> FixWordInParagraph(IReadOnlyList<string> paragraphs, int index, string replacement)
    {
        var target = paragraphs[index];
        var words = target.Split(' ');
        var changed = string.Join(' ', words.Select((w, i) => i == words.Length / 2 ? replacement : w));
        return p => p == target ? changed : p;
    }
}
