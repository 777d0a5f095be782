using System.Text;
using Ficshelf.Bench.Corpus;
using Ficshelf.Core.Export;

namespace Ficshelf.Bench.Import;

/// <summary>A folder of story files written from the synthetic corpus, and how much story text they hold.</summary>
public sealed record SyntheticLibrary(string Folder, IReadOnlyList<string> Files, long StoryTextBytes, long FileBytes)
{
    /// <summary>The formats the library's files take in turn: EPUB, HTML, then plain text.</summary>
    private static readonly ExportFormat[] Formats = [ExportFormat.Epub, ExportFormat.Html, ExportFormat.Txt];

    /// <summary>
    /// Works 1..<see cref="SyntheticCorpus.Works"/> as files a reader would have saved, EPUB, HTML and text in turn, named
    /// by number so a folder import reads them in corpus order. Written on every core (writing is not what is measured).
    /// </summary>
    public static SyntheticLibrary Write(SyntheticCorpus corpus, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new string[corpus.Works];
        var text = new long[corpus.Works];
        var sizes = new long[corpus.Works];
        Parallel.For(0, corpus.Works, i =>
        {
            var work = SyntheticArchive.ToWork(corpus, i + 1);
            var format = Formats[i % Formats.Length];
            var bytes = Exporter.Export(work, format);
            files[i] = Path.Combine(folder, $"work-{i + 1:D6}{format.Extension()}");
            File.WriteAllBytes(files[i], bytes);
            text[i] = work.BodyParagraphs.Sum(p => (long)Encoding.UTF8.GetByteCount(p));
            sizes[i] = bytes.LongLength;
        });
        return new SyntheticLibrary(folder, files, text.Sum(), sizes.Sum());
    }
}
