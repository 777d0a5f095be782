using System.CommandLine;
using System.Globalization;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Domain;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class AnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string?>("id") { Description = "The work to analyse and explain", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Analyse every work again (after the canon knowledge changed)" };
        var command = new Command("analyze", "Read works for fandom, characters, relationships, point of view, rating and genre; store the results as inferred tags") { id, all };
        command.SetAction(parse => context.Guard(() =>
        {
            using var store = context.OpenArchive(parse);
            var analyzer = new WorkAnalyzer(context.LoadCanon(parse));
            var console = context.Console;
            if (parse.GetValue(all))
            {
                var ids = store.WorkIds();
                void AnalyzeOne(long workId)
                {
                    var work = store.GetWork(workId)!;
                    store.ReplaceTags(workId, TagOrigin.Inferred, analyzer.InferTags(work));
                }
                if (ids.Count >= 20 && console.Profile.Capabilities.Interactive)
                    console.Progress().Start(p =>
                    {
                        var task = p.AddTask($"Analysing {ids.Count} works", maxValue: ids.Count);
                        foreach (var workId in ids) { AnalyzeOne(workId); task.Increment(1); }
                    });
                else
                    foreach (var workId in ids) AnalyzeOne(workId);
                console.MarkupLineInterpolated($"Analysed {ids.Count} works with {analyzer.Knowledge.Characters.Count()} characters of {analyzer.Knowledge.Fandoms.Count} fandoms.");
                return 0;
            }
            if (context.FindWork(store, parse.GetValue(id)) is not { } one) return 1;
            var analysis = analyzer.Analyze(one);
            store.ReplaceTags(one.Id, TagOrigin.Inferred, analyzer.InferTags(one));
            Print(console, one, analysis);
            return 0;
        }));
        return command;
    }

    private static void Print(IAnsiConsole console, Work work, WorkAnalysis analysis)
    {
        console.Write(new Rule($"[bold]#{work.Id} {Markup.Escape(work.DisplayTitle)}[/]").LeftJustified());
        console.MarkupLineInterpolated($"Fandom: {(analysis.FandomNote is { } note ? note : string.Join(", ", analysis.Fandoms))}");
        console.MarkupLineInterpolated($"Point of view: {analysis.Narrative.Pov}, {analysis.Narrative.Tense} tense; reader-insert: {(analysis.Narrative.ReaderInsert ? "yes" : "no")} ({analysis.Narrative.Evidence})");
        console.MarkupLineInterpolated($"Rating estimate: {analysis.Rating.Rating} ({analysis.Rating.Evidence})");
        // Archive Warnings are the creator's choice: a possible one is only suggested, with its evidence, never stored.
        foreach (var suggestion in analysis.SuggestedWarnings)
            console.MarkupLineInterpolated($"Possible warning (not a tag): {suggestion.Warning} — {string.Join(" / ", suggestion.Evidence.Select(e => $"«{e}»"))}");
        console.MarkupLineInterpolated($"Genres: {string.Join(", ", analysis.Genres.Select(g => $"{g.Genre} ({g.Score:0.#})"))}");
        var characters = new Table().Border(TableBorder.Rounded).AddColumns("Character", "Role", "Mentions", "First mention", "Names used");
        var body = work.BodyText;
        foreach (var c in analysis.Characters)
        {
            var first = c.FirstMention < 0 || c.FirstMention >= body.Length ? "(title/tags)" : $"word {WordCounter.Count(body[..c.FirstMention]) + 1}";
            characters.AddRow(Markup.Escape(c.Name), c.Main ? "main" : "mentioned", c.Mentions.ToString(CultureInfo.CurrentCulture), first, Markup.Escape(string.Join(", ", c.NamesUsed.Take(8))));
        }
        console.Write(characters);
        var relationships = new Table().Border(TableBorder.Rounded).AddColumns("Relationship", "Confidence", "Evidence");
        foreach (var r in analysis.Relationships)
            relationships.AddRow(Markup.Escape(r.Name), r.Confidence.ToString("0.00", CultureInfo.CurrentCulture), Markup.Escape(string.Join("; ", r.Evidence)));
        console.Write(relationships);
    }
}
