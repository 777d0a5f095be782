using System.Runtime.InteropServices;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Search.Text;

namespace Ficshelf.Core.Search.InProcess;

/// <summary>
/// The in-process search engine: an inverted index with variable-byte compressed posting lists (document deltas,
/// term frequencies, positions for phrases) and bitmaps for filters and facets. Documents are numbered in the
/// order they were indexed; a replaced or removed work leaves a dead number until the next rebuild.
/// Reads may run in parallel; writes (Index, Remove) need the caller's exclusive lock (SearchService has one).
/// </summary>
public sealed class InvertedIndexEngine : ISearchEngine, IIndexSize, ISimilarWorks, IPersistentIndex
{
    private const double K1 = 1.2, B = 0.75;

    // Positions of two fields are kept this far apart so a phrase never runs from the title into the summary.
    private const int FieldGap = 100;

    // Per document, by document number.
    private readonly List<long> workIds = [];
    private readonly List<int> words = [];
    private readonly List<sbyte> complete = [];
    private readonly List<byte> platforms = [];
    private readonly List<short> languages = [];
    private readonly List<long> importedTicks = [];
    private readonly List<string> titleKeys = [];
    private readonly List<string[]> authorKeys = [];
    // One string per distinct author, however many works they wrote.
    private readonly Dictionary<string, string> authorPool = new(StringComparer.Ordinal);
    private readonly List<int> lengths = [];
    private readonly List<int[]> docTags = [];
    private readonly List<bool> live = [];
    private readonly Dictionary<long, int> docOfWork = [];
    private long liveLength;

    private readonly List<string> languageNames = [];
    private readonly Dictionary<Tag, int> tagIds = new(TagComparer.Instance);
    private readonly List<TagPostings> tagPostings = [];
    private readonly Dictionary<string, TermPostings> terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TermPostings>.AlternateLookup<ReadOnlySpan<char>> termLookup;

    // Built on demand after changes: the live set, sorted terms for prefixes, title ranks.
    private readonly Lock prepareLock = new();
    private volatile bool prepared;
    private DocBits liveBits = new(0);
    private string[] sortedTerms = [];
    private volatile int[]? titleRank;
    // Terms made since the last preparation, to merge into sortedTerms.
    private readonly List<string> newTerms = [];
    private FacetMapping? facetMap;

    /// <summary>
    /// Indexed tag → its canonical tag's slot, and each slot's indexed tags, for one wrangling graph; the slots by how
    /// many live works carried their tags when the mapping was made (an order for facet counting, not a promise).
    /// </summary>
    private sealed record FacetMapping(TagGraph Graph, int Tags, int[] Canonical, Tag[] CanonicalTags, int[][] Members, int[] ByUse);

    private static readonly int CategoryCount = Enum.GetValues<TagCategory>().Length;

    public InvertedIndexEngine() => termLookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Name => "inverted";

    public int Count => docOfWork.Count;

    // Positions of the document being indexed, one reusable list per distinct term in it.
    private readonly List<List<int>> pendingPool = [];

    public void Index(IEnumerable<SearchDocument> documents)
    {
        var touched = new List<TermPostings>();
        foreach (var doc in documents)
        {
            if (docOfWork.TryGetValue(doc.WorkId, out var old)) Kill(old);
            var number = workIds.Count;
            docOfWork[doc.WorkId] = number;
            workIds.Add(doc.WorkId);
            words.Add(doc.Words);
            complete.Add(doc.Complete switch { true => 1, false => 0, null => -1 });
            platforms.Add((byte)doc.Platform);
            languages.Add(LanguageId(doc.Language));
            importedTicks.Add(doc.ImportedAt.UtcTicks);
            titleKeys.Add(SearchSemantics.TitleKey(doc.Title));
            authorKeys.Add([.. doc.Authors.Select(a => PooledAuthor(SearchSemantics.AuthorKey(a)))]);
            live.Add(true);

            var ids = new List<int>(doc.Tags.Count);
            foreach (var tag in doc.Tags)
            {
                if (!tagIds.TryGetValue(tag, out var id))
                {
                    id = tagPostings.Count;
                    tagIds[tag] = id;
                    tagPostings.Add(new TagPostings(tag));
                }
                if (!ids.Contains(id)) ids.Add(id);
            }
            foreach (var id in ids) tagPostings[id].Add(number);
            docTags.Add(ids.ToArray());

            var position = 0;
            foreach (var field in SearchFields.Of(doc))
            {
                position += SearchTokenizer.Tokenize(field, (term, at) =>
                {
                    if (!termLookup.TryGetValue(term, out var postings))
                    {
                        postings = new TermPostings();
                        termLookup[term] = postings;
                        if (termLookup.TryGetValue(term, out var key, out _)) newTerms.Add(key);
                    }
                    if (postings.PendingSlot < 0)
                    {
                        postings.PendingSlot = touched.Count;
                        touched.Add(postings);
                        if (pendingPool.Count < touched.Count) pendingPool.Add(new List<int>(4));
                    }
                    pendingPool[postings.PendingSlot].Add(at);
                }, position) + FieldGap;
            }
            var length = position - FieldGap * 4;
            lengths.Add(length);
            liveLength += length;
            foreach (var postings in touched)
            {
                var positions = pendingPool[postings.PendingSlot];
                postings.Flush(number, positions);
                positions.Clear();
                postings.PendingSlot = -1;
            }
            touched.Clear();
        }
        prepared = false;
    }

    public void Remove(long workId)
    {
        if (!docOfWork.Remove(workId, out var number)) return;
        Kill(number);
        prepared = false;
    }

    private void Kill(int number)
    {
        if (!live[number]) return;
        live[number] = false;
        liveLength -= lengths[number];
        foreach (var id in docTags[number]) tagPostings[id].Live--;
    }

    private string PooledAuthor(string key)
    {
        if (authorPool.TryGetValue(key, out var pooled)) return pooled;
        authorPool[key] = key;
        return key;
    }

    private short LanguageId(string? language)
    {
        if (string.IsNullOrWhiteSpace(language)) return -1;
        var key = language.Trim().ToLowerInvariant();
        var index = languageNames.IndexOf(key);
        if (index < 0)
        {
            languageNames.Add(key);
            index = languageNames.Count - 1;
        }
        return (short)index;
    }

    private void Prepare()
    {
        if (prepared) return;
        lock (prepareLock)
        {
            if (prepared) return;
            var n = workIds.Count;
            var bits = new DocBits(n);
            for (var i = 0; i < n; i++) if (live[i]) bits.Set(i);
            liveBits = bits;
            // Only the postings that took documents since the last preparation have anything to trim (the rest return
            // at once), and only new terms join the sorted list: an upload costs the next search its own words, not
            // the whole vocabulary's.
            foreach (var postings in terms.Values) postings.Trim();
            foreach (var postings in tagPostings) postings.Prepare(n);
            if (newTerms.Count == 0 && sortedTerms.Length == terms.Count)
            {
                // nothing to add
            }
            else if (newTerms.Count > 0 && sortedTerms.Length + newTerms.Count == terms.Count)
            {
                newTerms.Sort(StringComparer.Ordinal);
                sortedTerms = MergeSorted(sortedTerms, newTerms);
            }
            else
            {
                sortedTerms = [.. terms.Keys];
                Array.Sort(sortedTerms, StringComparer.Ordinal);
            }
            newTerms.Clear();
            titleRank = null; // ranked when a search sorts by title
            facetMap = null;
            prepared = true;
        }
    }

    private static string[] MergeSorted(string[] sorted, List<string> added)
    {
        var merged = new string[sorted.Length + added.Count];
        int a = 0, b = 0, m = 0;
        while (a < sorted.Length && b < added.Count)
            merged[m++] = string.CompareOrdinal(sorted[a], added[b]) <= 0 ? sorted[a++] : added[b++];
        while (a < sorted.Length) merged[m++] = sorted[a++];
        while (b < added.Count) merged[m++] = added[b++];
        return merged;
    }

    /// <summary>Each document's place in title order (ties by work id), ranked on the first title sort after a change.</summary>
    private int[] TitleRank()
    {
        if (titleRank is { } ready) return ready;
        lock (prepareLock)
        {
            if (titleRank is { } done) return done;
            var n = workIds.Count;
            var order = Enumerable.Range(0, n).ToArray();
            Array.Sort(order, (a, b) =>
            {
                var c = string.CompareOrdinal(titleKeys[a], titleKeys[b]);
                return c != 0 ? c : workIds[a].CompareTo(workIds[b]);
            });
            var rank = new int[n];
            for (var i = 0; i < n; i++) rank[order[i]] = i;
            titleRank = rank;
            return rank;
        }
    }

    public SearchResult Search(SearchQuery query, TagGraph graph)
    {
        Prepare();
        var n = workIds.Count;
        var candidates = liveBits.Clone();

        // Tags first: whole-bitmap operations are the cheapest way to shrink the set.
        var constraints = SearchSemantics.ExpandTags(query, graph);
        foreach (var set in constraints.Include)
        {
            var union = new DocBits(n);
            foreach (var tag in set)
                if (tagIds.TryGetValue(tag, out var id)) tagPostings[id].OrInto(union);
            candidates.And(union);
        }
        foreach (var tag in constraints.Exclude)
            if (tagIds.TryGetValue(tag, out var id)) tagPostings[id].AndNotFrom(candidates);

        ApplyFieldFilters(query, candidates);

        var clauses = TextClause.Parse(query.Text);
        double[]? scores = null;
        if (clauses.Count > 0)
        {
            var evaluated = clauses.Select(c => new ClauseDocs(c, this)).OrderBy(c => c.EstimatedDocs).ToList();
            foreach (var clause in evaluated)
            {
                clause.Restrict(candidates);
                if (candidates.IsEmpty()) break;
            }
            if (query.Sort == SearchSort.Relevance && !candidates.IsEmpty())
            {
                // Pooled: a fresh array per query would land on the large-object heap and cost full collections.
                scores = System.Buffers.ArrayPool<double>.Shared.Rent(n);
                Array.Clear(scores, 0, n);
                var liveDocs = Math.Max(1, docOfWork.Count);
                var averageLength = Math.Max(1.0, (double)liveLength / liveDocs);
                foreach (var clause in evaluated) clause.Score(candidates, scores, liveDocs, averageLength, lengths);
            }
            foreach (var clause in evaluated) clause.Release();
        }

        var total = candidates.Count();
        var (skip, take) = SearchSemantics.Page(query);
        var hits = TopDocuments(query, candidates, scores, skip, take)
            .Select(d => new SearchHit(workIds[d], scores?[d] ?? 0)).ToList();
        if (scores is not null) System.Buffers.ArrayPool<double>.Shared.Return(scores);
        var facets = query.FacetsPerCategory > 0 && total > 0 ? Facets(candidates, total, graph, query.FacetsPerCategory) : new Dictionary<TagCategory, IReadOnlyList<FacetCount>>();
        return new SearchResult(total, hits, facets);
    }

    private void ApplyFieldFilters(SearchQuery query, DocBits candidates)
    {
        var platformSet = query.Platforms.Count > 0 ? query.Platforms.Select(p => (byte)p).ToHashSet() : null;
        var excludedPlatforms = query.ExcludePlatforms.Count > 0 ? query.ExcludePlatforms.Select(p => (byte)p).ToHashSet() : null;
        HashSet<short>? languageSet = null;
        if (query.Languages.Count > 0)
            languageSet = query.Languages.Select(l => (short)languageNames.IndexOf(l.Trim().ToLowerInvariant())).Where(i => i >= 0).ToHashSet();
        var min = query.MinWords ?? int.MinValue;
        var max = query.MaxWords ?? int.MaxValue;
        var after = query.ImportedAfter?.UtcTicks ?? long.MinValue;
        var before = query.ImportedBefore?.UtcTicks ?? long.MaxValue;
        var anyFilter = platformSet is not null || excludedPlatforms is not null || languageSet is not null || query.MinWords is not null
            || query.MaxWords is not null || query.Complete is not null || query.ImportedAfter is not null || query.ImportedBefore is not null
            || query.Authors.Count > 0;
        var wantedAuthors = query.Authors.Select(SearchSemantics.AuthorKey).Distinct(StringComparer.Ordinal).ToArray();
        if (!anyFilter) return;
        var wordsSpan = CollectionsMarshal.AsSpan(words);
        foreach (var d in candidates.Documents())
        {
            var keep = wordsSpan[d] >= min && wordsSpan[d] <= max
                && (platformSet is null || platformSet.Contains(platforms[d]))
                && (excludedPlatforms is null || !excludedPlatforms.Contains(platforms[d]))
                && (languageSet is null || languageSet.Contains(languages[d]))
                && (query.Complete is not true || complete[d] == 1)
                && (query.Complete is not false || complete[d] != 1)
                && importedTicks[d] >= after && importedTicks[d] < before
                && (wantedAuthors.Length == 0 || wantedAuthors.All(a => Array.IndexOf(authorKeys[d], a) >= 0));
            if (!keep) candidates.Clear(d);
        }
    }

    /// <summary>The page's documents in sort order: a bounded heap over the matches, never a full sort.</summary>
    private List<int> TopDocuments(SearchQuery query, DocBits candidates, double[]? scores, int skip, int take)
    {
        var wanted = (int)Math.Min(int.MaxValue, (long)skip + take);
        var sort = query.Sort == SearchSort.Relevance && scores is null ? SearchSort.DateImported : query.Sort;
        var descending = query.SortDescending;
        var titleRanks = sort == SearchSort.Title ? TitleRank() : [];
        // Comparison in sort order (negative: a comes first).
        int Compare(int a, int b)
        {
            var c = sort switch
            {
                SearchSort.Relevance => scores![a].CompareTo(scores[b]),
                SearchSort.WordCount => words[a].CompareTo(words[b]),
                SearchSort.DateImported => importedTicks[a].CompareTo(importedTicks[b]),
                _ => titleRanks[a].CompareTo(titleRanks[b]),
            };
            if (c == 0 && sort != SearchSort.Title) c = workIds[a].CompareTo(workIds[b]);
            return descending ? -c : c;
        }
        // Max-heap on "comes last", holding the best `wanted` documents.
        var heap = new PriorityQueue<int, int>(Comparer<int>.Create((a, b) => Compare(b, a)));
        foreach (var d in candidates.Documents())
        {
            if (heap.Count < wanted) heap.Enqueue(d, d);
            else if (wanted > 0 && Compare(d, heap.Peek()) < 0) heap.DequeueEnqueue(d, d);
        }
        var best = new List<int>(heap.Count);
        while (heap.Count > 0) best.Add(heap.Dequeue());
        best.Reverse();
        return best.Skip(skip).ToList();
    }

    private Dictionary<TagCategory, IReadOnlyList<FacetCount>> Facets(DocBits candidates, int total, TagGraph graph, int perCategory)
    {
        var map = FacetMap(graph);
        var counts = new int[map.CanonicalTags.Length];
        if (total * 8L < workIds.Count)
        {
            // A small result: walk its documents' tags.
            var lastDoc = new int[map.CanonicalTags.Length];
            Array.Fill(lastDoc, -1);
            foreach (var d in candidates.Documents())
            {
                foreach (var tag in docTags[d])
                {
                    var canonical = map.Canonical[tag];
                    if (lastDoc[canonical] == d) continue; // two synonyms on one work count once
                    lastDoc[canonical] = d;
                    counts[canonical]++;
                }
            }
        }
        else
        {
            // A large result: intersect each tag's documents with it (bitmap AND + popcount for common tags), the
            // most used tags first. A tag's count is at most the live works carrying it, so a tag on fewer works than
            // its category's k-th best count so far cannot make the top k and is not counted (ties are counted: the
            // name decides between equal counts). Most of a large archive's tags are such a long tail.
            var kthBest = new PriorityQueue<int, int>?[CategoryCount];
            DocBits? union = null;
            foreach (var c in map.ByUse)
            {
                var members = map.Members[c];
                long bound = 0;
                foreach (var id in members) bound += tagPostings[id].Live;
                var best = kthBest[(int)map.CanonicalTags[c].Category] ??= new PriorityQueue<int, int>();
                if (bound == 0 || (best.Count == perCategory && bound < best.Peek())) continue;
                int count;
                if (members.Length == 1) count = tagPostings[members[0]].CountIn(candidates);
                else
                {
                    union ??= new DocBits(workIds.Count);
                    union.SetAll(0);
                    foreach (var id in members) tagPostings[id].OrInto(union);
                    count = union.CountAnd(candidates);
                }
                counts[c] = count;
                if (count == 0) continue;
                if (best.Count < perCategory) best.Enqueue(count, count);
                else if (count > best.Peek()) best.DequeueEnqueue(count, count);
            }
        }
        var byTag = new Dictionary<Tag, int>(TagComparer.Instance);
        for (var c = 0; c < counts.Length; c++) if (counts[c] > 0) byTag[map.CanonicalTags[c]] = counts[c];
        return (Dictionary<TagCategory, IReadOnlyList<FacetCount>>)SearchSemantics.TopFacets(byTag, perCategory);
    }

    private FacetMapping FacetMap(TagGraph graph)
    {
        var current = facetMap;
        if (current is { } m && ReferenceEquals(m.Graph, graph) && m.Tags == tagPostings.Count) return m;
        var canonicalIndex = new Dictionary<Tag, int>(TagComparer.Instance);
        var canonicalTags = new List<Tag>();
        var canonical = new int[tagPostings.Count];
        for (var i = 0; i < tagPostings.Count; i++)
        {
            var tag = graph.Canonical(tagPostings[i].Tag);
            if (!canonicalIndex.TryGetValue(tag, out var index))
            {
                index = canonicalTags.Count;
                canonicalIndex[tag] = index;
                canonicalTags.Add(tag);
            }
            canonical[i] = index;
        }
        var members = new List<int>[canonicalTags.Count];
        for (var i = 0; i < canonical.Length; i++) (members[canonical[i]] ??= []).Add(i);
        var memberArrays = members.Select(l => l.ToArray()).ToArray();
        var use = memberArrays.Select(m => m.Sum(id => (long)tagPostings[id].Live)).ToArray();
        var byUse = Enumerable.Range(0, memberArrays.Length).OrderByDescending(c => use[c]).ToArray();
        var built = new FacetMapping(graph, tagPostings.Count, canonical, canonicalTags.ToArray(), memberArrays, byUse);
        facetMap = built;
        return built;
    }

    /// <summary>
    /// "More like this": the work's most telling words (tf-idf, at most 25) scored BM25-style, plus its tags weighted
    /// by rarity (idf) — each half normalised so neither swamps the other. The work itself is left out.
    /// </summary>
    public IReadOnlyList<SearchHit> MoreLikeThis(SearchDocument like, int count, TagGraph graph)
    {
        Prepare();
        var liveDocs = Math.Max(1, docOfWork.Count);
        var averageLength = Math.Max(1.0, (double)liveLength / liveDocs);
        // Counted by span: a long work's every word is looked up, not copied into a string (short words never count).
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        var counting = frequencies.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var field in SearchFields.Of(like))
            SearchTokenizer.Tokenize(field, (term, position) =>
            {
                if (term.Length > 2) CollectionsMarshal.GetValueRefOrAddDefault(counting, term, out _)++;
            });
        var chosen = frequencies
            .Select(kv => (kv.Key, kv.Value, Postings: terms.GetValueOrDefault(kv.Key)))
            .Where(x => x.Postings is { DocumentCount: var df } && df >= 2 && df <= liveDocs / 2 + 1)
            .Select(x => (Term: x.Key, Idf: Idf(x.Postings!.DocumentCount, liveDocs), Tf: x.Value))
            .OrderByDescending(x => x.Tf * x.Idf).ThenBy(x => x.Term, StringComparer.Ordinal)
            .Take(25).ToList();

        var textScores = new Dictionary<int, double>();
        foreach (var (term, idf, _) in chosen)
        {
            var cursor = terms[term].Open();
            while (cursor.MoveNext())
            {
                if (!liveBits.Get(cursor.Doc)) continue;
                var tf = cursor.Frequency;
                textScores[cursor.Doc] = textScores.GetValueOrDefault(cursor.Doc) + idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[cursor.Doc] / averageLength));
            }
        }

        var tagScores = new Dictionary<int, double>();
        foreach (var tag in like.Tags.Select(graph.Canonical).Distinct(TagComparer.Instance))
        {
            var matching = graph.Expand(tag).Where(tagIds.ContainsKey).Select(t => tagPostings[tagIds[t]]).ToList();
            var docs = new DocBits(workIds.Count);
            foreach (var postings in matching) postings.OrInto(docs);
            docs.And(liveBits);
            var df = docs.Count();
            if (df < 2) continue;
            var weight = Idf(df, liveDocs) * CategoryWeight(tag.Category);
            foreach (var d in docs.Documents()) tagScores[d] = tagScores.GetValueOrDefault(d) + weight;
        }

        var self = docOfWork.TryGetValue(like.WorkId, out var own) ? own : -1;
        var maxText = textScores.Count == 0 ? 1 : textScores.Values.Max();
        var maxTags = tagScores.Count == 0 ? 1 : tagScores.Values.Max();
        // The best `count` by score, then work id: a bounded heap over the candidates instead of sorting them all.
        var best = new PriorityQueue<SearchHit, SearchHit>(Comparer<SearchHit>.Create((a, b) => -CompareSimilar(a, b)));
        void Consider(int d)
        {
            if (workIds[d] == like.WorkId || d == self || count <= 0) return;
            var hit = new SearchHit(workIds[d], textScores.GetValueOrDefault(d) / maxText + tagScores.GetValueOrDefault(d) / maxTags);
            if (best.Count < count) best.Enqueue(hit, hit);
            else if (CompareSimilar(hit, best.Peek()) < 0) best.DequeueEnqueue(hit, hit);
        }
        foreach (var d in textScores.Keys) Consider(d);
        foreach (var d in tagScores.Keys) if (!textScores.ContainsKey(d)) Consider(d);
        var hits = new List<SearchHit>(best.Count);
        while (best.TryDequeue(out var hit, out _)) hits.Add(hit);
        hits.Reverse();
        return hits;
    }

    /// <summary>More like this order: higher score first, then lower work id.</summary>
    private static int CompareSimilar(SearchHit a, SearchHit b)
    {
        var c = b.Score.CompareTo(a.Score);
        return c != 0 ? c : a.WorkId.CompareTo(b.WorkId);
    }

    // A shared fandom or pairing says more about likeness than a shared rating or genre.
    private static double CategoryWeight(TagCategory category) => category switch
    {
        TagCategory.Fandom => 3,
        TagCategory.Relationship => 2,
        TagCategory.Character => 1.5,
        TagCategory.Freeform => 1,
        _ => 0.3,
    };

    private static double Idf(int df, int documents) => Math.Log(1 + (documents - df + 0.5) / (df + 0.5));

    public long SizeBytes => SizeSections.Sum(s => s.Bytes);

    /// <summary>
    /// The in-memory size by part (an estimate: arrays by their length, about 48 bytes for each term's dictionary
    /// entry and object, 24 for each small array), so the biggest part is the one to shrink.
    /// </summary>
    public IReadOnlyList<(string Section, long Bytes)> SizeSections
    {
        get
        {
            Prepare();
            long dictionary = 0, documentPostings = 0, positions = 0;
            foreach (var (term, postings) in terms)
            {
                dictionary += term.Length * 2 + 48;
                documentPostings += postings.DocumentBytes;
                positions += postings.PositionBytes;
            }
            long tagSets = 0;
            foreach (var tag in tagPostings) tagSets += tag.SizeBytes;
            foreach (var tags in docTags) tagSets += tags.Length * 4L + 24;
            var perWork = workIds.Count * (8L + 4 + 1 + 1 + 2 + 8 + 4 + 1 + 32);
            foreach (var key in titleKeys) perWork += key.Length * 2 + 20;
            long authors = 0;
            foreach (var keys in authorKeys) authors += keys.Length * 8L + 24;
            foreach (var key in authorPool.Keys) authors += key.Length * 2 + 20;
            return
            [
                ("term dictionary", dictionary),
                ("document postings (deltas, frequencies)", documentPostings),
                ("positions", positions),
                ("tag sets", tagSets),
                ("per-work fields and title keys", perWork),
                ("authors", authors),
            ];
        }
    }

    public void Dispose() { }

    // 5: packed tails, the term dictionary sorted and front-coded, numbers as variable-length integers (4: authors kept
    // for author:; 3: block-packed postings with patched chunks, TermPostings; 2: authors alone; 1: three variable-byte
    // numbers per document). An older file is rebuilt, never misread.
    private const int FormatVersion = 5;

    /// <summary>Writes the index so a later run can load it instead of rebuilding (dead documents are kept, marked dead).</summary>
    public void Save(Stream stream)
    {
        Prepare();
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write("ficshelf-inverted");
        writer.Write(FormatVersion);
        var n = workIds.Count;
        writer.Write(n);
        for (var d = 0; d < n; d++)
        {
            writer.Write7BitEncodedInt64(workIds[d]); writer.Write7BitEncodedInt(words[d]); writer.Write(complete[d]); writer.Write(platforms[d]);
            writer.Write(languages[d]); writer.Write(importedTicks[d]); writer.Write(titleKeys[d]); writer.Write7BitEncodedInt(lengths[d]); writer.Write(live[d]);
            writer.Write7BitEncodedInt(docTags[d].Length);
            foreach (var t in docTags[d]) writer.Write7BitEncodedInt(t);
            writer.Write7BitEncodedInt(authorKeys[d].Length);
            foreach (var a in authorKeys[d]) writer.Write(a);
        }
        writer.Write(languageNames.Count);
        foreach (var l in languageNames) writer.Write(l);
        writer.Write(tagPostings.Count);
        foreach (var t in tagPostings) t.Write(writer);
        // Sorted, each term as the length it shares with the one before and the rest: neighbours share most letters.
        writer.Write(sortedTerms.Length);
        var previous = "";
        foreach (var term in sortedTerms)
        {
            var shared = Math.Min(255, previous.AsSpan().CommonPrefixLength(term));
            writer.Write((byte)shared);
            writer.Write(term[shared..]);
            terms[term].Write(writer);
            previous = term;
        }
    }

    public void Load(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadString() != "ficshelf-inverted" || reader.ReadInt32() != FormatVersion)
            throw new InvalidDataException("not a Ficshelf search index of this version");
        Clear();
        var n = reader.ReadInt32();
        for (var d = 0; d < n; d++)
        {
            workIds.Add(reader.Read7BitEncodedInt64()); words.Add(reader.Read7BitEncodedInt()); complete.Add(reader.ReadSByte()); platforms.Add(reader.ReadByte());
            languages.Add(reader.ReadInt16()); importedTicks.Add(reader.ReadInt64()); titleKeys.Add(reader.ReadString());
            lengths.Add(reader.Read7BitEncodedInt()); live.Add(reader.ReadBoolean());
            var tags = new int[reader.Read7BitEncodedInt()];
            for (var i = 0; i < tags.Length; i++) tags[i] = reader.Read7BitEncodedInt();
            docTags.Add(tags);
            var authors = new string[reader.Read7BitEncodedInt()];
            for (var i = 0; i < authors.Length; i++) authors[i] = PooledAuthor(reader.ReadString());
            authorKeys.Add(authors);
            if (live[d])
            {
                docOfWork[workIds[d]] = d;
                liveLength += lengths[d];
            }
        }
        var languageCount = reader.ReadInt32();
        for (var i = 0; i < languageCount; i++) languageNames.Add(reader.ReadString());
        var tagCount = reader.ReadInt32();
        for (var i = 0; i < tagCount; i++)
        {
            var postings = TagPostings.Read(reader);
            tagIds[postings.Tag] = i;
            tagPostings.Add(postings);
        }
        var termCount = reader.ReadInt32();
        terms.EnsureCapacity(termCount);
        var previous = "";
        for (var i = 0; i < termCount; i++)
        {
            var shared = reader.ReadByte();
            if (shared > previous.Length) throw new InvalidDataException("the search index's term dictionary is damaged");
            var term = string.Concat(previous.AsSpan(0, shared), reader.ReadString());
            terms[term] = TermPostings.Read(reader);
            previous = term;
        }
        prepared = false;
    }

    private void Clear()
    {
        workIds.Clear(); words.Clear(); complete.Clear(); platforms.Clear(); languages.Clear(); importedTicks.Clear();
        titleKeys.Clear(); authorKeys.Clear(); lengths.Clear(); docTags.Clear(); live.Clear(); docOfWork.Clear(); liveLength = 0;
        languageNames.Clear(); tagIds.Clear(); tagPostings.Clear(); terms.Clear(); authorPool.Clear();
        newTerms.Clear(); sortedTerms = [];
        prepared = false;
    }

    private const int PhraseCountCap = 8;

    /// <summary>The documents of one tag: a sorted list, and for common tags a bitmap too.</summary>
    private sealed class TagPostings(Tag tag)
    {
        public Tag Tag { get; } = tag;
        private int[] docs = new int[4];
        private int count;
        public int Live;
        private DocBits? bits;

        public void Add(int doc)
        {
            if (count == docs.Length) Array.Resize(ref docs, docs.Length * 2);
            docs[count++] = doc;
            Live++;
            bits = null;
        }

        public void Prepare(int documents)
        {
            // The doubling's slack is given back once reads begin; a later Add grows it again.
            if (docs.Length > Math.Max(4, count)) Array.Resize(ref docs, Math.Max(4, count));
            // A bitmap pays for itself once the tag is on more than one document in 64.
            if (bits is null && count > documents / 64 && count > 64)
            {
                var b = new DocBits(documents);
                for (var i = 0; i < count; i++) b.Set(docs[i]);
                bits = b;
            }
        }

        public void OrInto(DocBits target)
        {
            if (bits is not null) { target.Or(bits); return; }
            for (var i = 0; i < count; i++) target.Set(docs[i]);
        }

        public int CountIn(DocBits target)
        {
            if (bits is not null) return bits.CountAnd(target);
            var n = 0;
            for (var i = 0; i < count; i++) if (target.Get(docs[i])) n++;
            return n;
        }

        public void AndNotFrom(DocBits target)
        {
            if (bits is not null) { target.AndNot(bits); return; }
            for (var i = 0; i < count; i++) target.Clear(docs[i]);
        }

        public long SizeBytes => docs.Length * 4L + (bits?.SizeBytes ?? 0) + 48;

        public void Write(BinaryWriter writer)
        {
            writer.Write((int)Tag.Category);
            writer.Write(Tag.Name);
            writer.Write7BitEncodedInt(Live);
            writer.Write7BitEncodedInt(count);
            var previous = 0;
            for (var i = 0; i < count; i++)
            {
                writer.Write7BitEncodedInt(docs[i] - previous); // documents only grow: their gaps are small
                previous = docs[i];
            }
        }

        public static TagPostings Read(BinaryReader reader)
        {
            var postings = new TagPostings(new Tag((TagCategory)reader.ReadInt32(), reader.ReadString()));
            var liveCount = reader.Read7BitEncodedInt();
            var count = reader.Read7BitEncodedInt();
            postings.docs = new int[Math.Max(4, count)];
            var doc = 0;
            for (var i = 0; i < count; i++) postings.docs[i] = doc += reader.Read7BitEncodedInt();
            postings.count = count;
            postings.Live = liveCount;
            return postings;
        }
    }

    /// <summary>
    /// A term's documents that are among the candidates, in order: the posting list read through when the candidates
    /// are many, else a leapfrog — the cursor jumps to the next candidate (skipping whole blocks unread) and the
    /// candidates to the cursor's document — so a rare word or a narrow filter does not decode a common word's list.
    /// </summary>
    private struct CandidateWalk(TermPostings postings, DocBits candidates, int candidateCount)
    {
        private TermPostings.Cursor cursor = postings.Open();
        private readonly bool leap = candidateCount * 4L < postings.DocumentCount;
        private int next;

        public readonly int Doc => cursor.Doc;

        public readonly int Frequency => cursor.Frequency;

        public bool MoveNext()
        {
            if (!leap)
            {
                while (cursor.MoveNext())
                    if (candidates.Get(cursor.Doc)) return true;
                return false;
            }
            while (true)
            {
                next = candidates.NextSetBit(next);
                if (next < 0 || !cursor.AdvanceTo(next)) return false;
                if (cursor.Doc == next)
                {
                    next++;
                    return true;
                }
                next = cursor.Doc;
            }
        }
    }

    /// <summary>One text clause against the index: which documents it matches and how often.</summary>
    private sealed class ClauseDocs
    {
        private readonly TextClause clause;
        private readonly List<TermPostings> postings = [];
        private readonly InvertedIndexEngine engine;
        private int[]? phraseCounts; // per document, pooled; valid where the document matched

        public ClauseDocs(TextClause clause, InvertedIndexEngine engine)
        {
            this.clause = clause;
            this.engine = engine;
            switch (clause)
            {
                case TextClause.Term t:
                    if (engine.terms.TryGetValue(t.Value, out var p)) postings.Add(p);
                    break;
                case TextClause.Prefix pre:
                    var terms = engine.sortedTerms;
                    var start = Array.BinarySearch(terms, pre.Value, StringComparer.Ordinal);
                    if (start < 0) start = ~start;
                    for (var i = start; i < terms.Length && terms[i].StartsWith(pre.Value, StringComparison.Ordinal); i++)
                        postings.Add(engine.terms[terms[i]]);
                    break;
                case TextClause.Phrase phrase:
                    foreach (var term in phrase.Terms)
                    {
                        if (!engine.terms.TryGetValue(term, out var tp)) { postings.Clear(); missing = true; break; }
                        postings.Add(tp);
                    }
                    break;
            }
        }

        private readonly bool missing;

        public long EstimatedDocs => clause is TextClause.Phrase
            ? (missing ? 0 : postings.Min(p => (long)p.DocumentCount))
            : postings.Sum(p => (long)p.DocumentCount);

        public void Restrict(DocBits candidates)
        {
            if (postings.Count == 0) { candidates.And(new DocBits(0)); return; }
            var matched = new DocBits(candidates.Capacity);
            if (clause is TextClause.Phrase phrase)
            {
                phraseCounts = System.Buffers.ArrayPool<int>.Shared.Rent(candidates.Capacity);
                MatchPhrase(candidates, phrase.Terms.Count, matched, phraseCounts);
            }
            else
            {
                var candidateCount = candidates.Count();
                foreach (var p in postings)
                {
                    var walk = new CandidateWalk(p, candidates, candidateCount);
                    while (walk.MoveNext()) matched.Set(walk.Doc);
                }
            }
            candidates.And(matched);
        }

        /// <summary>Documents (among the candidates) where the terms stand in a row, with how many times.</summary>
        private void MatchPhrase(DocBits candidates, int length, DocBits matched, int[] counts)
        {
            var cursors = postings.Select(p => p.Open()).ToArray();
            for (var i = 0; i < cursors.Length; i++) if (!cursors[i].MoveNext()) return;
            var rest = new TermPostings.PositionReader[length];
            while (true)
            {
                // Line all cursors up on the same document (leapfrog: the furthest one sets the target).
                var target = cursors[0].Doc;
                for (var i = 1; i < cursors.Length; i++) target = Math.Max(target, cursors[i].Doc);
                var aligned = true;
                for (var i = 0; i < cursors.Length; i++)
                {
                    if (cursors[i].Doc < target && !cursors[i].AdvanceTo(target)) return;
                    if (cursors[i].Doc != target) aligned = false;
                }
                if (!aligned) continue;
                if (candidates.Get(target))
                {
                    // Positions are decoded lazily and the walk stops at the second occurrence; the document's phrase
                    // frequency is then estimated from how far into the first word's positions that was (BM25
                    // saturates quickly, so the estimate changes little). Common phrases ("of the") would otherwise
                    // decode every position of both words in every document.
                    var found = 0;
                    var scanned = 0;
                    var first = cursors[0].Positions();
                    for (var k = 1; k < length; k++) rest[k] = cursors[k].Positions();
                    while (found < 2 && first.MoveNext())
                    {
                        scanned++;
                        var all = true;
                        for (var k = 1; k < length && all; k++) all = rest[k].AdvanceTo(first.Current + k);
                        if (all) found++;
                        if (rest[length - 1].Exhausted) break;
                    }
                    if (found == 2 && scanned < cursors[0].Frequency)
                        found = Math.Clamp((int)Math.Round((double)found * cursors[0].Frequency / scanned), 2, PhraseCountCap);
                    if (found > 0)
                    {
                        matched.Set(target);
                        counts[target] = found;
                    }
                }
                if (!cursors[0].MoveNext()) return;
            }
        }

        public void Score(DocBits candidates, double[] scores, int liveDocs, double averageLength, List<int> lengths)
        {
            double Weight(int tf, int d) => tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[d] / averageLength));
            if (clause is TextClause.Term && postings.Count == 1)
            {
                var idf = Math.Log(1 + (liveDocs - postings[0].DocumentCount + 0.5) / (postings[0].DocumentCount + 0.5));
                var walk = new CandidateWalk(postings[0], candidates, candidates.Count());
                while (walk.MoveNext()) scores[walk.Doc] += idf * Weight(walk.Frequency, walk.Doc);
                return;
            }
            // Phrases and prefixes: the frequency of the whole clause per document, then one BM25 term for it.
            var frequencies = phraseCounts;
            var rented = false;
            if (frequencies is null)
            {
                frequencies = System.Buffers.ArrayPool<int>.Shared.Rent(candidates.Capacity);
                rented = true;
                candidates.ForEach(d => frequencies[d] = 0);
                var candidateCount = candidates.Count();
                foreach (var p in postings)
                {
                    var walk = new CandidateWalk(p, candidates, candidateCount);
                    while (walk.MoveNext()) frequencies[walk.Doc] += walk.Frequency;
                }
            }
            var df = Math.Max(1, candidates.Count());
            var clauseIdf = Math.Log(1 + (liveDocs - df + 0.5) / (df + 0.5));
            candidates.ForEach(d => scores[d] += clauseIdf * Weight(frequencies[d], d));
            if (rented) System.Buffers.ArrayPool<int>.Shared.Return(frequencies);
        }

        public void Release()
        {
            if (phraseCounts is not null) System.Buffers.ArrayPool<int>.Shared.Return(phraseCounts);
            phraseCounts = null;
        }
    }
}
