using System.CommandLine;
using Ficshelf.Core.Domain;
using Spectre.Console;

namespace Ficshelf.Cli.Commands;

public static class TagCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The work" };
        var changes = new Argument<string[]>("changes")
        {
            Description = "+category:name adds a tag, -category:name rejects one (declared or inferred), =category:name forgets your earlier word on it",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("tag", "Override a work's tags: your word outranks the author's and Ficshelf's, and survives `analyze`") { id, changes };
        command.SetAction(parse => context.Guard(() =>
        {
            using var store = context.OpenArchive(parse);
            if (context.FindWork(store, parse.GetValue(id)) is not { } work) return 1;
            var workId = work.Id;
            var user = work.Tags.Where(t => t.Origin == TagOrigin.User).ToList();
            foreach (var change in parse.GetValue(changes)!)
            {
                var colon = change.IndexOf(':');
                if (change.Length < 3 || change[0] is not ('+' or '-' or '=') || colon < 2 || !TagNames.TryParseCategory(change[1..colon], out var category) || colon == change.Length - 1)
                {
                    context.Console.MarkupLineInterpolated($"[red]error:[/] \"{change}\": write +category:name, -category:name or =category:name (categories: {string.Join(", ", Enum.GetValues<TagCategory>().Select(c => c.Slug()))})");
                    return 1;
                }
                var tag = new Tag(category, change[(colon + 1)..].Trim());
                user.RemoveAll(t => t.Tag.Category == tag.Category && string.Equals(t.Name, tag.Name, StringComparison.OrdinalIgnoreCase));
                if (change[0] == '+') user.Add(new WorkTag(tag, TagOrigin.User, 1, "added by the user"));
                if (change[0] == '-') user.Add(new WorkTag(tag, TagOrigin.User, 0, "rejected by the user"));
            }
            store.ReplaceTags(workId, TagOrigin.User, user);
            var updated = store.GetWork(workId)!;
            foreach (var group in updated.EffectiveTags.GroupBy(t => t.Category))
                context.Console.MarkupLineInterpolated($"[grey]{group.Key.Slug()}:[/] {string.Join(", ", group.Select(t => t.Origin == TagOrigin.User ? t.Name + " (yours)" : t.Name).Distinct())}");
            return 0;
        }));
        return command;
    }
}
