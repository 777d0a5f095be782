using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static partial class SearchCommand
{
    public static Command Create(CliContext context)
    {
        var terms = new Argument<string[]>("query")
        {
            Description = "Words, \"phrases\", prefix*, +category:name / -category:name (fandom, rating, warning, category, relationship, " +
                          "character, freeform, genre), platform:, lang:, words:1000-5000, complete:yes|no, after:/before: dates, " +
                          "sort:relevance|words|date|title, order:asc|desc, page:, per:",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var engine = new Option<string>("--engine") { Description = "inverted (default, in-process) or fts5 (the SQLite FTS5 baseline)", DefaultValueFactory = _ => "inverted" };
        var facets = new Option<int>("--facets") { Description = "Show the top N tags per category among the results (0: none)", DefaultValueFactory = _ => 5 };
        var like = new Option<string?>("--like") { Description = "Works like this one (ID): shared rare tags and telling words" };
        var command = new Command("search", "Search the archive AO3-style: full text plus include/exclude filters, sorts and facet counts") { terms, engine, facets, like };
        command.SetAction(parse => context.Guard(() =>
        {
            SearchQuery query;
            try
            {
                query = SearchQueryParser.Parse(JoinArguments(parse.GetValue(terms) ?? []));
            }
            catch (FormatException e)
            {
                context.Console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 1;
            }
            query = query with { FacetsPerCategory = Math.Max(0, parse.GetValue(facets)) };
            using var search = context.OpenSearch(parse, parse.GetValue(engine)!);
            using var store = context.OpenArchive(parse);
            if (parse.GetValue(like) is { } likeKey)
            {
                if (context.FindWork(store, likeKey) is not { } likeWork) return 1;
                var similar = search.MoreLikeThis(likeWork.Id, query.PageSize);
                context.Console.MarkupLineInterpolated($"Works like [bold]{likeWork.DisplayTitle}[/]:");
                WriteHits(context, store, similar);
                return 0;
            }
            var result = search.Search(query);
            context.Console.MarkupLineInterpolated($"[bold]{result.Total:N0}[/] work{(result.Total == 1 ? "" : "s")} found ({search.EngineName}): {SearchQueryParser.Format(query)}");
            if (result.Hits.Count > 0) WriteHits(context, store, result.Hits);
            foreach (var (category, counts) in result.Facets.OrderBy(kv => kv.Key))
                context.Console.MarkupLineInterpolated($"[grey]{category.Slug()}:[/] {string.Join(" · ", counts.Select(f => $"{f.Tag.Name} ({f.Works})"))}");
            return 0;
        }));
        return command;
    }

    private static void WriteHits(CliContext context, Core.Storage.IArchiveStore store, IReadOnlyList<SearchHit> hits)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("ID", "Title", "Author", "Fandom", "Words", "Status", "Score");
        var blurbs = store.GetBlurbs(hits.Select(h => h.WorkId).ToList()).ToDictionary(b => b.Id);
        foreach (var hit in hits)
        {
            if (!blurbs.TryGetValue(hit.WorkId, out var work)) continue;
            table.AddRow(work.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(work.Title), Markup.Escape(string.Join(", ", work.Authors)),
                Markup.Escape(string.Join(", ", work.TagsIn(TagCategory.Fandom).Select(t => t.Name).Distinct().Take(2))),
                work.WordCount.ToString("N0", CultureInfo.CurrentCulture), work.Complete switch { true => "complete", false => "in progress", null => "" },
                hit.Score == 0 ? "" : hit.Score.ToString("0.00", CultureInfo.CurrentCulture));
        }
        context.Console.Write(table);
    }

    /// <summary>
    /// Puts back the quotes the shell took away: <c>+character:"Bucky Barnes"</c> arrives as one argument with a space,
    /// <c>'red room'</c> as another; both must stay one value.
    /// </summary>
    public static string JoinArguments(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(argument =>
    {
        if (!argument.Any(char.IsWhiteSpace) || argument.Contains('"')) return argument;
        var field = FieldPrefix().Match(argument);
        return field.Success ? field.Value + "\"" + argument[field.Length..] + "\"" : "\"" + argument + "\"";
    }));

    [GeneratedRegex(@"^[+-]?[A-Za-z_]+:")]
    private static partial Regex FieldPrefix();
}
