using System.CommandLine;
using System.Globalization;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class StatsCommand
{
    public static Command Create(CliContext context)
    {
        var top = new Option<int>("--top") { Description = "How many of the most used tags to show per category", DefaultValueFactory = _ => 5 };
        var command = new Command("stats", "Archive statistics: works, words, platforms, most used tags") { top };
        command.SetAction(parse => context.Guard(() =>
        {
            using var store = context.OpenArchive(parse);
            var stats = store.GetStats(parse.GetValue(top));
            var console = context.Console;
            console.MarkupLineInterpolated($"[bold]{stats.Works:N0}[/] works from {stats.Sources:N0} imported files, {stats.Words:N0} words, {stats.OriginalBytes / 1024.0:N1} KB of originals");
            console.MarkupLineInterpolated($"Archive: {store.Location}");
            var knowledge = context.LoadCanon(parse);
            var coverage = CanonCoverage.Measure(FandomsPerWork(store), knowledge);
            console.MarkupLineInterpolated($"Canon coverage: {coverage.Known:N0} of {coverage.Works:N0} works ({coverage.Share:P1}) have a fandom the canon data knows ({knowledge.Fandoms.Count} fandoms)");
            if (stats.WorksByPlatform.Count > 0)
            {
                var platforms = new Table().Border(TableBorder.Rounded).AddColumns("Platform", "Works");
                foreach (var (platform, count) in stats.WorksByPlatform) platforms.AddRow(platform.DisplayName(), count.ToString("N0", CultureInfo.CurrentCulture));
                console.Write(platforms);
            }
            if (coverage.Unknown.Count > 0 && parse.GetValue(top) > 0)
            {
                var unknown = new Table().Border(TableBorder.Rounded).AddColumns("Fandoms not in the canon data", "Works");
                foreach (var (name, works) in coverage.Unknown.Take(parse.GetValue(top))) unknown.AddRow(Markup.Escape(name), works.ToString("N0", CultureInfo.CurrentCulture));
                console.Write(unknown);
            }
            foreach (var (category, tags) in stats.TopTags)
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumns($"Top {category.Slug()} tags", "Works");
                foreach (var (name, works) in tags) table.AddRow(Markup.Escape(name), works.ToString("N0", CultureInfo.CurrentCulture));
                console.Write(table);
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Each work's fandom tags (declared or inferred, rejected ones left out), read in batches.</summary>
    private static IEnumerable<IReadOnlyCollection<string>> FandomsPerWork(IArchiveStore store)
    {
        foreach (var batch in store.WorkIds().Chunk(500))
        {
            foreach (var blurb in store.GetBlurbs(batch))
                yield return blurb.EffectiveTags.Where(t => t.Tag.Category == TagCategory.Fandom).Select(t => t.Tag.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }
    }
}
