using System.Collections.Concurrent;
using Ficshelf.Core.Analysis;
using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import;
using Ficshelf.Core.Tests.Import.Documents;
using Ficshelf.Core.Tests.Support;

namespace Ficshelf.Core.Tests.Export;

/// <summary>
/// Every work the identity test exports: the text stories (shared samples, platform fixtures, demo corpus, eval set),
/// the document fixtures (HTML pages, EPUBs), the real files in ../shared/real that import, and generated works — each
/// analysed as the CLI's import does (inferred tags) and given a user override.
/// </summary>
public static class IdentityCorpus
{
    private static readonly Lazy<WorkAnalyzer> Analyzer = new(() => new WorkAnalyzer(CanonKnowledgeBase.LoadDefault()));
    private static readonly ConcurrentDictionary<string, Work> Cache = new();

    public static IEnumerable<string> Names()
    {
        var root = TestPaths.RepoRoot;
        var stories = ExportCorpus.StoryFiles().Concat(Files(Path.Combine(root, "eval", "stories"), "*.txt"));
        foreach (var story in stories) yield return "file:" + Path.GetRelativePath(root, story);
        foreach (var page in Files(DocumentFixtures.Dir, "*.html")) yield return "file:" + Path.GetRelativePath(root, page);
        foreach (var folder in new[] { "ao3-epub", "fff-epub" }) yield return "epub-fixture:" + folder;
        foreach (var real in Files(TestPaths.SharedReal, "*")) yield return "real:" + Path.GetFileName(real);
        foreach (var generated in Generated.Keys) yield return "generated:" + generated;
    }

    private static IEnumerable<string> Files(string dir, string pattern) =>
        Directory.Exists(dir) ? Directory.GetFiles(dir, pattern).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal) : [];

    /// <summary>The work named, analysed and with a user tag and a user rejection; null for a real file that does not import.</summary>
    public static Work? Load(string name) => Cache.TryGetValue(name, out var cached) ? cached : Analysed(name);

    private static Work? Analysed(string name)
    {
        var parsed = Parse(name);
        if (parsed is null) return null;
        var inferred = Analyzer.Value.InferTags(parsed);
        var overrides = new List<WorkTag> { new(new Tag(TagCategory.Freeform, "Reread Every Winter"), TagOrigin.User, 1, "added by hand") };
        if (inferred.Count > 0 && inferred[0] is { } first) overrides.Add(new WorkTag(first.Tag, TagOrigin.User, 0));
        var work = parsed with { Tags = [.. parsed.Tags, .. inferred, .. overrides] };
        Cache[name] = work;
        return work;
    }

    private static Work? Parse(string name)
    {
        var (kind, value) = (name[..name.IndexOf(':')], name[(name.IndexOf(':') + 1)..]);
        var parser = new StoryParser();
        switch (kind)
        {
            case "file":
                var path = Path.Combine(TestPaths.RepoRoot, value);
                return parser.Parse(File.ReadAllBytes(path), Path.GetFileName(path)).Work;
            case "epub-fixture":
                return parser.Parse(DocumentFixtures.Epub(value), value + ".epub").Work;
            case "real":
                try
                {
                    return parser.Parse(File.ReadAllBytes(TestPaths.RequireShared("real", value)), value).Work;
                }
                catch (ImportException)
                {
                    return null; // a page that holds no work (an interstitial, a sign-in page)
                }
            default:
                return Generated[value]();
        }
    }

    public static readonly IReadOnlyDictionary<string, Func<Work>> Generated = new Dictionary<string, Func<Work>>
    {
        ["bare"] = OddWorks.Bare,
        ["unusual"] = OddWorks.Unusual,
        ["long"] = () => OddWorks.Long(chapters: 40, paragraphsPerChapter: 20),
        ["formatted"] = FormattedWorks.EveryMark,
        ["formatted-untitled"] = FormattedWorks.Untitled,
    };
}
