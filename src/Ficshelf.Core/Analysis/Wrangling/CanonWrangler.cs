using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Storage;

namespace Ficshelf.Core.Analysis.Wrangling;

/// <summary>One wrangling step the canon knowledge justifies.</summary>
public sealed record WranglingStep(string Kind, Tag Tag, Tag Target)
{
    public override string ToString() => Kind == "canonical" ? $"canonical: {Tag}" : $"{Kind}: {Tag} → {Target}";
}

/// <summary>
/// Does the wrangling the canon knowledge already knows, as AO3's volunteers would: a fandom, character or
/// relationship tag written another way ("Natasha R.", "Nat", "MCU", "Bucky x Natasha"), or a platform's rating
/// ("K+", "T", "16+"; see <see cref="Ratings"/>), becomes a synonym of its canonical tag; canonical fandoms get their parent fandoms (metatags), characters their fandom. Tags a user
/// already wrangled are left as they are.
/// </summary>
public sealed class CanonWrangler(WorkAnalyzer analyzer)
{
    private readonly CanonKnowledgeBase knowledge = analyzer.Knowledge;
    private readonly RelationshipInferrer relationships = new(analyzer.Knowledge, analyzer.Matcher);

    /// <summary>What the canon says about the archive's tags, without changing anything.</summary>
    public IReadOnlyList<WranglingStep> Plan(IReadOnlyList<TagInfo> tags)
    {
        var steps = new List<WranglingStep>();
        var parentFandoms = knowledge.Fandoms.SelectMany(f => f.Parents).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var info in tags)
        {
            if (info.SynonymOf is not null) continue; // a wrangler's word stands
            var tag = info.Tag;
            switch (tag.Category)
            {
                case TagCategory.Fandom:
                    if (parentFandoms.Contains(tag.Name)) break; // "Marvel" is a metatag, not another name for one fandom
                    if (knowledge.FindFandom(tag.Name) is { } fandom)
                    {
                        var canonical = new Tag(TagCategory.Fandom, fandom.Name);
                        AddCanonical(steps, tag, canonical);
                        foreach (var parent in fandom.Parents)
                        {
                            var parentTag = new Tag(TagCategory.Fandom, parent);
                            steps.Add(new WranglingStep("parent", canonical, parentTag));
                            steps.Add(new WranglingStep("canonical", parentTag, parentTag));
                        }
                    }
                    break;
                case TagCategory.Character:
                    if (relationships.Resolve(tag.Name, new HashSet<CanonFandom>()) is { Character: { } character })
                    {
                        var canonical = new Tag(TagCategory.Character, character.Name);
                        AddCanonical(steps, tag, canonical);
                        steps.Add(new WranglingStep("parent", canonical, new Tag(TagCategory.Fandom, character.Fandom.Name)));
                    }
                    break;
                case TagCategory.Relationship:
                    if (relationships.CanonicalRelationship(tag.Name) is { } name) AddCanonical(steps, tag, new Tag(TagCategory.Relationship, name));
                    break;
                case TagCategory.Rating:
                    // FanFiction.Net's "K+", Wattpad's "Mature", Inkitt's "16+" are AO3's ratings by other names.
                    if (Ratings.ToAo3(tag.Name) is { } rating) AddCanonical(steps, tag, new Tag(TagCategory.Rating, rating));
                    break;
            }
        }
        // Leave out what is already so: applying the plan twice changes nothing the second time.
        var known = new Dictionary<Tag, TagInfo>(TagComparer.Instance);
        foreach (var info in tags) known[info.Tag] = info;
        bool Done(WranglingStep step) => known.TryGetValue(step.Tag, out var info) && step.Kind switch
        {
            "parent" => info.Parents.Contains(step.Target, TagComparer.Instance),
            "canonical" => info.Canonical,
            _ => info.SynonymOf is { } s && Same(s, step.Target),
        };
        return steps.Where(s => !Done(s)).DistinctBy(s => (s.Kind, s.Tag.ToString().ToUpperInvariant(), s.Target.ToString().ToUpperInvariant())).ToList();
    }

    private static void AddCanonical(List<WranglingStep> steps, Tag tag, Tag canonical) =>
        steps.Add(Same(tag, canonical) ? new WranglingStep("canonical", tag, tag) : new WranglingStep("synonym", tag, canonical));

    /// <summary>
    /// Held while planning when the analyzer is shared with importers on other threads (the web server's uploads); the
    /// archive's writes run outside it.
    /// </summary>
    public Lock? AnalysisLock { get; init; }

    /// <summary>
    /// Applies the plan to the archive (or, with <paramref name="only"/>, to those tags: the ones an upload just
    /// brought, so one more story does not re-read every tag of a large archive); returns what it did.
    /// </summary>
    public IReadOnlyList<WranglingStep> Apply(ITagStore store, IReadOnlyCollection<Tag>? only = null) =>
        ApplyAsync(store, only).GetAwaiter().GetResult();

    /// <inheritdoc cref="Apply"/>
    public async Task<IReadOnlyList<WranglingStep>> ApplyAsync(ITagStore store, IReadOnlyCollection<Tag>? only = null, CancellationToken cancel = default)
    {
        // The graph, not ListTags: the plan needs no work counts, and counting them scans every work's tags; for an
        // upload's tags only their own entries.
        IReadOnlyList<TagInfo> tags;
        if (only is not null)
        {
            var wanted = new HashSet<Tag>(only, TagComparer.Instance);
            tags = [.. (await store.LoadTagInfosAsync(only, cancel)).Where(t => wanted.Contains(t.Tag))];
        }
        else tags = [.. (await store.LoadTagGraphAsync(cancel)).Tags];
        IReadOnlyList<WranglingStep> steps;
        if (AnalysisLock is { } gate)
            lock (gate) steps = Plan(tags);
        else steps = Plan(tags);
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case "synonym": await store.MakeSynonymAsync(step.Tag, step.Target, cancel); break;
                case "canonical": await store.SetCanonicalAsync(step.Tag, true, cancel); break;
                default: await store.AddParentAsync(step.Tag, step.Target, cancel); break;
            }
        }
        return steps;
    }

    private static bool Same(Tag a, Tag b) => TagComparer.Instance.Equals(a, b);
}
