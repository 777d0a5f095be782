using System.CommandLine;
using System.Globalization;
using Ficshelf.Core.Analysis.Duplicates;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

/// <summary>Finds works that are the same story (imported before near-duplicates joined on import) and merges them on request.</summary>
public static class DedupeCommand
{
    public static Command Create(CliContext context)
    {
        var merge = new Option<bool>("--merge") { Description = "Merge each pair: the newer work's copies and tags move to the older work, which shows the more complete text" };
        var command = new Command("dedupe", "List works that are the same story copied from different platforms (near-duplicates), and merge them with --merge") { merge };
        command.SetAction(parse => context.Guard(() =>
        {
            using var store = context.OpenArchive(parse);
            var fingerprinted = store.BackfillFingerprints();
            if (fingerprinted > 0) context.Console.MarkupLine($"[grey]fingerprinted {fingerprinted} works[/]");
            var pairs = store.FindNearDuplicates();
            if (pairs.Count == 0)
            {
                context.Console.MarkupLine($"no near-duplicates among {store.CountWorks()} works");
                return 0;
            }

            var doMerge = parse.GetValue(merge);
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Work", "Same story as", "Similarity", doMerge ? "Result" : "Titles");
            // A work merged away earlier in the run lives on in the work it joined.
            var mergedInto = new Dictionary<long, long>();
            long Resolve(long id)
            {
                while (mergedInto.TryGetValue(id, out var into)) id = into;
                return id;
            }
            var merged = 0;
            foreach (var pair in pairs)
            {
                var older = store.GetWork(pair.OlderId);
                var newer = store.GetWork(pair.NewerId);
                var titles = $"{older?.DisplayTitle} / {newer?.DisplayTitle}";
                if (!doMerge)
                {
                    table.AddRow($"#{pair.NewerId}", $"#{pair.OlderId}", Describe(pair.Score), Markup.Escape(titles));
                    continue;
                }
                var keep = Resolve(pair.OlderId);
                var gone = Resolve(pair.NewerId);
                if (keep == gone) continue;
                if (gone < keep) (keep, gone) = (gone, keep);
                if (store.MergeWorks(keep, gone, pair.Score))
                {
                    mergedInto[gone] = keep;
                    merged++;
                    table.AddRow($"#{gone}", $"#{keep}", Describe(pair.Score), $"merged into #{keep}");
                }
            }
            context.Console.Write(table);
            context.Console.MarkupLine(doMerge
                ? $"{merged} works merged; the archive holds {store.CountWorks()} works"
                : $"{pairs.Count} pairs of near-duplicates; run [bold]ficshelf dedupe --merge[/] to merge them");
            return 0;
        }));
        return command;
    }

    /// <summary>"97% similar", or for a copy with less of the story than the other, how much of it the other holds.</summary>
    public static string Describe(SimilarityScore score) =>
        score.IsContainment
            ? string.Create(CultureInfo.InvariantCulture, $"{score.Containment:0%} similar, one copy is shorter")
            : string.Create(CultureInfo.InvariantCulture, $"{score.Jaccard:0%} similar");
}
