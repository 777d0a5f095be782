using System.Text;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Export;

/// <summary>Exports works to EPUB, HTML or text files: one work to bytes or a path, or many works into a folder.</summary>
public static class Exporter
{
    public static byte[] Export(Work work, ExportFormat format) => format switch
    {
        ExportFormat.Epub => EpubExporter.Export(work),
        ExportFormat.Html => HtmlExporter.Export(work),
        _ => TextExporter.Export(work),
    };

    /// <summary>
    /// Writes the work to <paramref name="path"/>: a file, or — when the path is an existing folder or ends with a
    /// separator — a file named after the title inside it. Returns the file written.
    /// </summary>
    public static string ExportTo(Work work, ExportFormat format, string path)
    {
        var target = Directory.Exists(path) || path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar)
            ? Path.Combine(path, FileNameFor(work, format))
            : path;
        var folder = Path.GetDirectoryName(Path.GetFullPath(target));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllBytes(target, Export(work, format));
        return target;
    }

    /// <summary>
    /// Every work into <paramref name="folder"/>, one file each, named after its title; works whose titles give the same
    /// name get their archive number (or a counter) added. Returns the files written, in the works' order.
    /// </summary>
    public static IReadOnlyList<string> ExportMany(IEnumerable<Work> works, string folder, ExportFormat format)
    {
        Directory.CreateDirectory(folder);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var written = new List<string>();
        foreach (var work in works)
        {
            var name = FileNameFor(work, format);
            var stem = Path.GetFileNameWithoutExtension(name);
            for (var n = 2; !used.Add(name); n++)
                name = $"{stem} ({(work.Id > 0 && n == 2 ? work.Id : n)}){format.Extension()}";
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, Export(work, format));
            written.Add(path);
        }
        return written;
    }

    /// <summary>"The Long Way Round - alice.epub": title and first author, with characters no file system accepts removed.</summary>
    public static string FileNameFor(Work work, ExportFormat format)
    {
        var title = ExportLayout.Clean(work.Title ?? work.DisplayTitle);
        var author = work.Authors.Count > 0 ? ExportLayout.Clean(work.Authors[0]) : "";
        var stem = Sanitize(author.Length > 0 ? $"{title} - {author}" : title);
        if (stem.Length == 0) stem = work.Id > 0 ? $"work-{work.Id}" : "work-" + work.ContentKey[..8];
        return stem + format.Extension();
    }

    private static readonly char[] Forbidden = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsControl(c) || Forbidden.Contains(c)) builder.Append(c is ':' or '/' or '\\' or '|' ? '-' : ' ');
            else builder.Append(c);
        }
        var name = string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('.', ' ', '-');
        // Keep names short enough for every file system (255 bytes), cutting between whole characters.
        var info = new System.Globalization.StringInfo(name);
        while (Encoding.UTF8.GetByteCount(name) > 150 && info.LengthInTextElements > 1)
        {
            name = info.SubstringByTextElements(0, info.LengthInTextElements - 1);
            info = new System.Globalization.StringInfo(name);
        }
        return name.Trim('.', ' ', '-');
    }
}
