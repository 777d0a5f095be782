using Ficshelf.Core.Domain;
using Ficshelf.Core.Search.Text;

namespace Ficshelf.Core.Search;

/// <summary>
/// Reads every document for every query. Too slow for a real archive; it is the plain statement of what a search
/// means, against which the real engines are checked.
/// </summary>
internal sealed class BruteForceSearchEngine : ISearchEngine
{
    private readonly Dictionary<long, (SearchDocument Doc, List<string>[] Fields)> docs = [];

    public string Name => "brute-force";

    public int Count => docs.Count;

    public void Index(IEnumerable<SearchDocument> documents)
    {
        foreach (var doc in documents)
            docs[doc.WorkId] = (doc, SearchFields.Of(doc).Select(SearchTokenizer.Terms).ToArray());
    }

    public void Remove(long workId) => docs.Remove(workId);

    public SearchResult Search(SearchQuery query, TagGraph graph)
    {
        var clauses = TextClause.Parse(query.Text);
        var constraints = SearchSemantics.ExpandTags(query, graph);
        var hits = new List<(SearchDocument Doc, double Score)>();
        foreach (var (doc, fields) in docs.Values)
        {
            if (!SearchSemantics.PassesFields(query, doc) || !SearchSemantics.PassesTags(constraints, doc.Tags)) continue;
            if (clauses.Count > 0 && !clauses.All(c => fields.Any(f => Matches(c, f)))) continue;
            hits.Add((doc, clauses.Sum(c => fields.Sum(f => Occurrences(c, f)))));
        }

        var facets = new Dictionary<Tag, int>(TagComparer.Instance);
        if (query.FacetsPerCategory > 0)
        {
            foreach (var (doc, _) in hits)
                foreach (var canonical in doc.Tags.Select(graph.Canonical).Distinct(TagComparer.Instance))
                    facets[canonical] = facets.GetValueOrDefault(canonical) + 1;
        }

        hits.Sort((a, b) => SearchSemantics.Compare(query, Key(a.Doc, a.Score), Key(b.Doc, b.Score)));
        var (skip, take) = SearchSemantics.Page(query);
        return new SearchResult(hits.Count,
            hits.Skip(skip).Take(take).Select(h => new SearchHit(h.Doc.WorkId, h.Score)).ToList(),
            SearchSemantics.TopFacets(facets, query.FacetsPerCategory));
    }

    private static (double, int, DateTimeOffset, string, long) Key(SearchDocument doc, double score) =>
        (score, doc.Words, doc.ImportedAt, SearchSemantics.TitleKey(doc.Title), doc.WorkId);

    private static bool Matches(TextClause clause, List<string> terms) => Occurrences(clause, terms) > 0;

    private static int Occurrences(TextClause clause, List<string> terms) => clause switch
    {
        TextClause.Term t => terms.Count(x => x == t.Value),
        TextClause.Prefix p => terms.Count(x => x.StartsWith(p.Value, StringComparison.Ordinal)),
        TextClause.Phrase p => Enumerable.Range(0, Math.Max(0, terms.Count - p.Terms.Count + 1))
            .Count(i => p.Terms.Select((t, k) => terms[i + k] == t).All(x => x)),
        _ => 0,
    };

    public void Dispose() { }
}

/// <summary>The text fields a search reads, in order: title, authors, summary, body. A phrase never spans two fields.</summary>
public static class SearchFields
{
    public static string[] Of(SearchDocument doc) => [doc.Title, string.Join(" , ", doc.Authors), doc.Summary ?? "", doc.Body];
}
