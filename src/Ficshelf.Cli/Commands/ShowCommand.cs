using System.CommandLine;
using System.Globalization;
using Ficshelf.Core.Domain;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The work's number, or the start of its content key" };
        var original = new Option<bool>("--original") { Description = "Print the imported file exactly as it was, byte for byte" };
        var source = new Option<int>("--source") { Description = "With --original: which copy, counting from 1 (default: the first)", DefaultValueFactory = _ => 1 };
        var metadataOnly = new Option<bool>("--metadata") { Description = "Show the metadata without the story text" };
        var command = new Command("show", "Show a work: its metadata and text, or its original file") { id, original, source, metadataOnly };
        command.SetAction(parse => context.Guard(() =>
        {
            using var store = context.OpenArchive(parse);
            if (context.FindWork(store, parse.GetValue(id)) is not { } work) return 1;
            if (parse.GetValue(original))
            {
                var index = parse.GetValue(source);
                if (index < 1 || index > work.Sources.Count)
                {
                    context.Console.MarkupLineInterpolated($"[red]error:[/] work {work.Id} has {work.Sources.Count} source(s); there is no source {index}");
                    return 1;
                }
                var bytes = store.GetOriginal(work.Sources[index - 1].Id)!;
                context.RawOutput.Write(bytes);
                context.RawOutput.Flush();
                return 0;
            }
            Print(context.Console, work, parse.GetValue(metadataOnly));
            return 0;
        }));
        return command;
    }

    private static void Print(IAnsiConsole console, Work work, bool metadataOnly)
    {
        console.Write(new Rule($"[bold]#{work.Id} {Markup.Escape(work.DisplayTitle)}[/]").LeftJustified());
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) grid.AddRow($"[grey]{label}[/]", Markup.Escape(value));
        }
        Row("Title", work.Title);
        Row("Authors", string.Join(", ", work.Authors));
        Row("Series/book", work.SeriesOrBook);
        Row("Platform", work.Platform.DisplayName());
        Row("Language", work.Language);
        Row("Words", work.WordCount.ToString("N0", CultureInfo.CurrentCulture));
        Row("Chapters", work.Chapters.Count.ToString(CultureInfo.CurrentCulture));
        Row("Status", (work.Complete switch { true => "complete", false => "in progress", null => "not stated" }) + (work.Truncated ? "; this copy is truncated" : ""));
        foreach (var group in work.EffectiveTags.GroupBy(t => (t.Category, t.Origin)))
            Row($"{group.Key.Category} ({group.Key.Origin.Slug()})", string.Join(", ", group.Select(t => t.Name)));
        Row("Summary", work.Summary);
        Row("Prompt", work.Prompt);
        Row("Notes", work.NotesBefore);
        Row("End notes", work.NotesAfter);
        foreach (var s in work.Sources)
            Row($"Source {s.Id}", $"{s.FileName} ({s.Platform.Slug()}, {s.Encoding}, {s.Size:N0} bytes, imported {s.ImportedAt:yyyy-MM-dd HH:mm}, sha256 {s.ContentHash[..12]}…)" +
                (s.Similarity is { } similarity ? $"; near-duplicate, {similarity:0%} similar to the text shown" : ""));
        console.Write(grid);
        if (metadataOnly) return;

        foreach (var chapter in work.Chapters)
        {
            console.WriteLine();
            if (chapter.Title is not null) console.Write(new Rule(Markup.Escape(chapter.Title)).LeftJustified());
            if (chapter.Summary is not null) console.MarkupLineInterpolated($"[italic]{chapter.Summary}[/]");
            if (chapter.NotesBefore is not null) console.MarkupLineInterpolated($"[grey]Notes: {chapter.NotesBefore}[/]");
            foreach (var paragraph in chapter.Paragraphs)
            {
                console.WriteLine(paragraph);
                console.WriteLine();
            }
            if (chapter.NotesAfter is not null) console.MarkupLineInterpolated($"[grey]Notes: {chapter.NotesAfter}[/]");
        }
    }
}
