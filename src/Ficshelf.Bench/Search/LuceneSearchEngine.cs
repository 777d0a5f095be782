using Ficshelf.Core.Domain;
using Ficshelf.Core.Search;
using Ficshelf.Core.Search.Text;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Ficshelf.Bench.Search;

/// <summary>
/// Lucene.Net 4.8 as a C# developer would use it for Ficshelf's searches: the peer <c>bench search</c> measures the
/// in-process engine against. It answers the same <see cref="SearchQuery"/> with the same meaning (checked by the
/// benchmark, which compares every query's total with the other engines'): the text is cut into terms by Ficshelf's
/// own tokenizer (so both engines see the same words) and indexed per field with positions; tags, platform, language
/// and completeness are keyword fields; words and import time are numeric fields with doc values for sorting; the
/// scores are Lucene's BM25. Facets are counted from the tags' sorted-set doc values of every matching document, each
/// tag folded into its canonical through the wrangling graph at query time — what Lucene's own sorted-set facet
/// counting does, plus the synonym folding that wrangling needs.
/// </summary>
public sealed class LuceneSearchEngine : ISearchEngine, IIndexSize
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private static readonly string[] TextFields = ["title", "authors", "summary", "body"];

    private readonly string folder;
    private readonly LuceneDirectory directory;
    private readonly IndexWriter writer;
    private readonly HashSet<long> ids = [];
    private DirectoryReader? reader;
    private IndexSearcher? searcher;

    /// <param name="folder">Where the index files go (a new folder; deleted on dispose).</param>
    public LuceneSearchEngine(string folder)
    {
        this.folder = folder;
        System.IO.Directory.CreateDirectory(folder);
        directory = FSDirectory.Open(folder);
        // Terms arrive already folded by SearchTokenizer and joined by spaces, so whitespace splitting gives them back.
        var config = new IndexWriterConfig(Version, new WhitespaceAnalyzer(Version))
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 128,
        };
        writer = new IndexWriter(directory, config);
    }

    public string Name => "lucene";

    public int Count => ids.Count;

    public long SizeBytes
    {
        get
        {
            writer.Commit();
            return directory.ListAll().Sum(file => directory.FileLength(file));
        }
    }

    public void Index(IEnumerable<SearchDocument> documents)
    {
        foreach (var doc in documents)
        {
            var lucene = ToLucene(doc);
            if (ids.Add(doc.WorkId)) writer.AddDocument(lucene);
            else writer.UpdateDocument(new Term("key", Key(doc.WorkId)), lucene);
        }
        Reopen();
    }

    public void Remove(long workId)
    {
        if (!ids.Remove(workId)) return;
        writer.DeleteDocuments(new Term("key", Key(workId)));
        Reopen();
    }

    public SearchResult Search(SearchQuery query, TagGraph graph)
    {
        if (searcher is null) return SearchResult.Empty;
        var (skip, take) = SearchSemantics.Page(query);
        var sort = SortOf(query);
        var top = TopFieldCollector.Create(sort, Math.Max(1, skip + take), fillFields: false,
            trackDocScores: query.HasText, trackMaxScore: false, docsScoredInOrder: false);
        var facets = query.FacetsPerCategory > 0 ? new CanonicalTagCounter(graph) : null;
        searcher.Search(QueryOf(query, graph), facets is null ? top : MultiCollector.Wrap(top, facets));
        var page = top.GetTopDocs(skip, take);
        var hits = page.ScoreDocs.Select(hit =>
            new SearchHit(searcher.Doc(hit.Doc).GetField("id").GetInt64Value()!.Value, float.IsNaN(hit.Score) ? 0 : hit.Score)).ToList();
        return new SearchResult(top.TotalHits, hits,
            facets is null ? SearchResult.Empty.Facets : SearchSemantics.TopFacets(facets.Counts, query.FacetsPerCategory));
    }

    public void Dispose()
    {
        reader?.Dispose();
        writer.Dispose();
        directory.Dispose();
        try { System.IO.Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private void Reopen()
    {
        var fresh = reader is null ? DirectoryReader.Open(writer, applyAllDeletes: true) : DirectoryReader.OpenIfChanged(reader, writer, applyAllDeletes: true);
        if (fresh is null) return;
        reader?.Dispose();
        reader = fresh;
        searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
    }

    private static string Key(long workId) => workId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Tags compare by category and name without case, as <see cref="TagComparer"/> does.</summary>
    private static string TagKey(Tag tag) => tag.Category.Slug() + ":" + tag.Name.ToUpperInvariant();

    private static Document ToLucene(SearchDocument doc)
    {
        var fields = SearchFields.Of(doc);
        var lucene = new Document
        {
            new StringField("key", Key(doc.WorkId), Field.Store.NO),
            new StoredField("id", doc.WorkId),
            new NumericDocValuesField("id_sort", doc.WorkId),
            new StringField("platform", doc.Platform.Slug(), Field.Store.NO),
            new StringField("language", doc.Language?.ToLowerInvariant() ?? "", Field.Store.NO),
            new StringField("complete", doc.Complete switch { true => "yes", false => "no", null => "unknown" }, Field.Store.NO),
            new Int32Field("words", doc.Words, Field.Store.NO),
            new NumericDocValuesField("words_sort", doc.Words),
            new Int64Field("at", doc.ImportedAt.UtcTicks, Field.Store.NO),
            new NumericDocValuesField("at_sort", doc.ImportedAt.UtcTicks),
            new SortedDocValuesField("title_sort", new BytesRef(SearchSemantics.TitleKey(doc.Title))),
        };
        for (var i = 0; i < TextFields.Length; i++)
            lucene.Add(new TextField(TextFields[i], string.Join(' ', SearchTokenizer.Terms(fields[i])), Field.Store.NO));
        foreach (var tag in doc.Tags.Distinct(TagComparer.Instance))
        {
            lucene.Add(new StringField("tag", TagKey(tag), Field.Store.NO));
            lucene.Add(new SortedSetDocValuesField("tag_dv", new BytesRef(tag.Category.Slug() + ":" + tag.Name)));
        }
        return lucene;
    }

    private static Query QueryOf(SearchQuery query, TagGraph graph)
    {
        var all = new BooleanQuery();
        var clauses = TextClause.Parse(query.Text);
        foreach (var clause in clauses)
        {
            // A clause matches when any text field has it; a phrase never spans two fields.
            var anyField = new BooleanQuery();
            foreach (var field in TextFields) anyField.Add(ClauseQuery(clause, field), Occur.SHOULD);
            all.Add(anyField, Occur.MUST);
        }
        var constraints = SearchSemantics.ExpandTags(query, graph);
        foreach (var set in constraints.Include)
        {
            var any = new BooleanQuery();
            foreach (var tag in set) any.Add(new TermQuery(new Term("tag", TagKey(tag))), Occur.SHOULD);
            all.Add(any, Occur.MUST);
        }
        foreach (var tag in constraints.Exclude) all.Add(new TermQuery(new Term("tag", TagKey(tag))), Occur.MUST_NOT);
        AddAnyOf(all, "platform", query.Platforms.Select(p => p.Slug()));
        foreach (var platform in query.ExcludePlatforms) all.Add(new TermQuery(new Term("platform", platform.Slug())), Occur.MUST_NOT);
        AddAnyOf(all, "language", query.Languages.Select(l => l.ToLowerInvariant()));
        if (query.MinWords is not null || query.MaxWords is not null)
            all.Add(NumericRangeQuery.NewInt32Range("words", query.MinWords, query.MaxWords, true, true), Occur.MUST);
        if (query.Complete is true) all.Add(new TermQuery(new Term("complete", "yes")), Occur.MUST);
        if (query.Complete is false) all.Add(new TermQuery(new Term("complete", "yes")), Occur.MUST_NOT);
        if (query.ImportedAfter is not null || query.ImportedBefore is not null)
            all.Add(NumericRangeQuery.NewInt64Range("at", query.ImportedAfter?.UtcTicks, query.ImportedBefore?.UtcTicks, true, false), Occur.MUST);
        // Only negative clauses (or none) match nothing in Lucene: start from every document.
        if (all.Clauses.All(c => c.Occur == Occur.MUST_NOT)) all.Add(new MatchAllDocsQuery(), Occur.MUST);
        return clauses.Count > 0 ? all : new ConstantScoreQuery(all);
    }

    private static void AddAnyOf(BooleanQuery all, string field, IEnumerable<string> values)
    {
        var any = new BooleanQuery();
        foreach (var value in values) any.Add(new TermQuery(new Term(field, value)), Occur.SHOULD);
        if (any.Clauses.Count > 0) all.Add(any, Occur.MUST);
    }

    private static Query ClauseQuery(TextClause clause, string field)
    {
        switch (clause)
        {
            case TextClause.Term term:
                return new TermQuery(new Term(field, term.Value));
            case TextClause.Prefix prefix:
                return new PrefixQuery(new Term(field, prefix.Value));
            case TextClause.Phrase phrase:
                var query = new PhraseQuery();
                foreach (var word in phrase.Terms) query.Add(new Term(field, word));
                return query;
            default:
                throw new ArgumentOutOfRangeException(nameof(clause));
        }
    }

    private static Sort SortOf(SearchQuery query)
    {
        var sort = query.Sort == SearchSort.Relevance && !query.HasText ? SearchSort.DateImported : query.Sort;
        var descending = query.SortDescending;
        var key = sort switch
        {
            // Relevance: Lucene's score is descending by nature; reverse it for an ascending request.
            SearchSort.Relevance => new SortField(null, SortFieldType.SCORE, !descending),
            SearchSort.WordCount => new SortField("words_sort", SortFieldType.INT32, descending),
            SearchSort.DateImported => new SortField("at_sort", SortFieldType.INT64, descending),
            _ => new SortField("title_sort", SortFieldType.STRING, descending),
        };
        return new Sort(key, new SortField("id_sort", SortFieldType.INT64, descending));
    }

    /// <summary>
    /// Counts, over every matching document, the canonical tag of each tag it carries (each work once per canonical):
    /// the sorted-set doc values are read per segment and each ordinal's canonical is looked up once per segment.
    /// </summary>
    private sealed class CanonicalTagCounter(TagGraph graph) : ICollector
    {
        private readonly Dictionary<string, Tag?> canonicalOfKey = new(StringComparer.Ordinal);
        private SortedSetDocValues? values;
        private Tag?[] canonicalOfOrd = [];
        private readonly HashSet<Tag> seen = new(TagComparer.Instance);

        public Dictionary<Tag, int> Counts { get; } = new(TagComparer.Instance);

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) { }

        public void SetNextReader(AtomicReaderContext context)
        {
            values = context.AtomicReader.GetSortedSetDocValues("tag_dv");
            canonicalOfOrd = values is null ? [] : new Tag?[values.ValueCount];
        }

        public void Collect(int doc)
        {
            if (values is null) return;
            values.SetDocument(doc);
            seen.Clear();
            for (var ord = values.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = values.NextOrd())
            {
                var canonical = canonicalOfOrd[ord] ??= CanonicalOf(ord);
                if (canonical is not null && seen.Add(canonical)) Counts[canonical] = Counts.GetValueOrDefault(canonical) + 1;
            }
        }

        private Tag? CanonicalOf(long ord)
        {
            var bytes = new BytesRef();
            values!.LookupOrd(ord, bytes);
            var key = bytes.Utf8ToString();
            if (canonicalOfKey.TryGetValue(key, out var known)) return known;
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            Tag? canonical = null;
            if (colon > 0 && TagNames.TryParseCategory(key[..colon], out var category))
            {
                canonical = graph.Canonical(new Tag(category, key[(colon + 1)..]));
            }
            canonicalOfKey[key] = canonical;
            return canonical;
        }
    }
}
