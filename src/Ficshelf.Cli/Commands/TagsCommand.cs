using System.CommandLine;
using System.Globalization;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Wrangling;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

/// <summary>Tag wrangling as AO3 does it: canonical tags, synonyms, merges, renames and parent (meta) tags.</summary>
public static class TagsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("tags", "Wrangle tags: list, show, synonym, merge, rename, parent, canonical");
        command.Add(List(context));
        command.Add(Show(context));
        command.Add(Change(context, "synonym", "Make FROM a synonym of CANONICAL: a search for either finds works tagged with any of them",
            ("tag", "The tag that becomes a synonym (category:name)"), ("canonical", "The canonical tag (category:name)"),
            async (wrangling, a, b, _) => { await wrangling.MakeSynonymAsync(a, b!); return []; }));
        command.Add(Change(context, "merge", "Retag every work tagged FROM with INTO; FROM stays as a synonym so later imports follow",
            ("from", "The tag to merge away (category:name)"), ("into", "The tag to keep (category:name)"),
            (wrangling, a, b, _) => wrangling.MergeAsync(a, b!)));
        command.Add(Rename(context));
        command.Add(Parent(context));
        command.Add(Canonical(context));
        command.Add(WrangleFromCanon(context));
        return command;
    }

    public static bool TryParseTag(string text, out Tag tag, out string error)
    {
        tag = new Tag(TagCategory.Freeform, "");
        error = "";
        var colon = text.IndexOf(':');
        if (colon < 1 || colon == text.Length - 1 || !TagNames.TryParseCategory(text[..colon], out var category))
        {
            error = $"\"{text}\": write category:name (categories: {string.Join(", ", Enum.GetValues<TagCategory>().Select(c => c.Slug()))})";
            return false;
        }
        tag = new Tag(category, text[(colon + 1)..].Trim().Trim('"'));
        return true;
    }

    private static Command List(CliContext context)
    {
        var category = new Option<string?>("--category", "-c") { Description = "Only this category" };
        var search = new Option<string?>("--search", "-s") { Description = "Only tags whose name contains this" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "The tags, most used first, with their wrangling status") { category, search, limit };
        command.SetAction(parse => context.Guard(() =>
        {
            TagCategory? only = null;
            if (parse.GetValue(category) is { } c)
            {
                if (!TagNames.TryParseCategory(c, out var parsed)) { context.Console.MarkupLineInterpolated($"[red]error:[/] unknown category {c}"); return 1; }
                only = parsed;
            }
            using var store = context.OpenArchive(parse);
            var tags = store.ListTags(only, parse.GetValue(search), parse.GetValue(limit));
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Category", "Tag", "Works", "Status", "Parents");
            foreach (var t in tags)
                table.AddRow(t.Tag.Category.Slug(), Markup.Escape(t.Tag.Name), t.Works.ToString("N0", CultureInfo.CurrentCulture),
                    Markup.Escape(t.SynonymOf is { } s ? "synonym of " + s.Name : t.Canonical ? "canonical" : "unwrangled"),
                    Markup.Escape(string.Join(", ", t.Parents.Select(p => p.Name))));
            context.Console.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var tagArgument = new Argument<string>("tag") { Description = "category:name" };
        var command = new Command("show", "A tag's canonical, synonyms, parents, subtags and works") { tagArgument };
        command.SetAction(parse => context.Guard(() =>
        {
            if (!TryParseTag(parse.GetValue(tagArgument)!, out var tag, out var error)) { context.Console.MarkupLineInterpolated($"[red]error:[/] {error}"); return 1; }
            using var store = context.OpenArchive(parse);
            var graph = store.LoadTagGraph();
            var info = graph.Find(tag);
            if (info is null) { context.Console.MarkupLineInterpolated($"[red]error:[/] no tag {tag} in the archive"); return 1; }
            var canonical = graph.Canonical(tag);
            context.Console.MarkupLineInterpolated($"[bold]{info.Tag.Name}[/] ({info.Tag.Category.Slug()}) — {(info.SynonymOf is not null ? "synonym of " + canonical.Name : info.Canonical ? "canonical" : "unwrangled")}");
            context.Console.MarkupLineInterpolated($"[grey]synonyms:[/] {string.Join(", ", graph.SynonymsOf(tag).Select(t => t.Name))}");
            context.Console.MarkupLineInterpolated($"[grey]parents:[/] {string.Join(", ", graph.ParentsOf(tag).Select(t => t.ToString()))}");
            context.Console.MarkupLineInterpolated($"[grey]subtags:[/] {string.Join(", ", graph.ChildrenOf(tag).Select(t => t.ToString()))}");
            using var search = context.OpenSearch(parse, "inverted");
            var result = search.Search(new SearchQuery { Include = [tag], PageSize = 20, FacetsPerCategory = 0 });
            context.Console.MarkupLineInterpolated($"[grey]works (with synonyms and subtags):[/] {result.Total}");
            foreach (var work in store.GetBlurbs(result.Hits.Select(h => h.WorkId).ToList()))
                context.Console.MarkupLineInterpolated($"  {work.Id}  {work.Title}");
            return 0;
        }));
        return command;
    }

    private static Command Change(CliContext context, string name, string description, (string Name, string Description) first,
        (string Name, string Description)? second, Func<TagWrangling, Tag, Tag?, ParseResult, Task<IReadOnlyList<long>>> apply, params Option[] options)
    {
        var a = new Argument<string>(first.Name) { Description = first.Description };
        var command = new Command(name, description) { a };
        Argument<string>? b = null;
        if (second is { } s)
        {
            b = new Argument<string>(s.Name) { Description = s.Description };
            command.Add(b);
        }
        foreach (var option in options) command.Add(option);
        command.SetAction(parse => context.Guard(() =>
        {
            if (!TryParseTag(parse.GetValue(a)!, out var tagA, out var error)) { context.Console.MarkupLineInterpolated($"[red]error:[/] {error}"); return 1; }
            Tag? tagB = null;
            if (b is not null)
            {
                if (!TryParseTag(parse.GetValue(b)!, out var parsed, out error)) { context.Console.MarkupLineInterpolated($"[red]error:[/] {error}"); return 1; }
                tagB = parsed;
            }
            using var store = context.OpenArchive(parse);
            // The CLI keeps no search index open: the next search sees the archive changed and catches up.
            var retagged = apply(new TagWrangling(store), tagA, tagB, parse).GetAwaiter().GetResult();
            context.Console.MarkupLineInterpolated($"{name}: done{(retagged.Count > 0 ? $" ({retagged.Count} work{(retagged.Count == 1 ? "" : "s")} retagged)" : "")}.");
            return 0;
        }));
        return command;
    }

    private static Command Rename(CliContext context)
    {
        var tagArgument = new Argument<string>("tag") { Description = "category:name" };
        var newName = new Argument<string>("new-name") { Description = "The new name (same category)" };
        var command = new Command("rename", "Rename a tag everywhere it is used") { tagArgument, newName };
        command.SetAction(parse => context.Guard(() =>
        {
            if (!TryParseTag(parse.GetValue(tagArgument)!, out var tag, out var error)) { context.Console.MarkupLineInterpolated($"[red]error:[/] {error}"); return 1; }
            using var store = context.OpenArchive(parse);
            var works = new TagWrangling(store).RenameAsync(tag, parse.GetValue(newName)!).GetAwaiter().GetResult();
            context.Console.MarkupLineInterpolated($"rename: done ({works.Count} work{(works.Count == 1 ? "" : "s")}).");
            return 0;
        }));
        return command;
    }

    private static Command Parent(CliContext context)
    {
        var remove = new Option<bool>("--remove") { Description = "Remove the link instead of adding it" };
        return Change(context, "parent", "Put CHILD under PARENT: a metatag in the same category (a search on the parent finds the child), or a fandom for a character or relationship",
            ("child", "The subtag (category:name)"), ("parent", "The parent tag (category:name)"),
            async (wrangling, child, parent, parse) =>
            {
                if (parse.GetValue(remove)) await wrangling.RemoveParentAsync(child, parent!);
                else await wrangling.AddParentAsync(child, parent!);
                return [];
            }, remove);
    }

    private static Command WrangleFromCanon(CliContext context)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say what would change" };
        var command = new Command("wrangle", "Wrangle what the canon knowledge knows: other spellings of fandoms, characters and relationships become synonyms of the canonical tag; fandoms get their parent fandoms, characters their fandom") { dryRun };
        command.SetAction(parse => context.Guard(() =>
        {
            using var store = context.OpenArchive(parse);
            var wrangler = new CanonWrangler(new WorkAnalyzer(context.LoadCanon(parse)));
            var steps = parse.GetValue(dryRun) ? wrangler.Plan(store.ListTags()) : wrangler.Apply(store);
            foreach (var step in steps) context.Console.MarkupLineInterpolated($"{step.ToString()}");
            context.Console.MarkupLineInterpolated($"{steps.Count} wrangling step{(steps.Count == 1 ? "" : "s")}{(parse.GetValue(dryRun) ? " (dry run: nothing changed)" : "")}.");
            return 0;
        }));
        return command;
    }

    private static Command Canonical(CliContext context)
    {
        var off = new Option<bool>("--off") { Description = "Make the tag not canonical" };
        return Change(context, "canonical", "Mark a tag canonical (the name wranglers use), or not with --off", ("tag", "category:name"), null,
            async (wrangling, tag, _, parse) => { await wrangling.SetCanonicalAsync(tag, !parse.GetValue(off)); return []; }, off);
    }
}
