using Ficshelf.Core.Analysis.Canon;
using Ficshelf.Core.Analysis.Style;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Analysis;

/// <summary>Reads a work as a careful tag wrangler would and says what it found, with evidence; <see cref="ToTags"/> turns that into inferred tags.</summary>
public sealed class WorkAnalyzer
{
    private readonly CharacterDetector characters;
    private readonly RelationshipInferrer relationships;

    public WorkAnalyzer(CanonKnowledgeBase knowledge)
    {
        Knowledge = knowledge;
        Matcher = new AliasMatcher(knowledge);
        characters = new CharacterDetector(knowledge, Matcher);
        relationships = new RelationshipInferrer(knowledge, Matcher);
    }

    public CanonKnowledgeBase Knowledge { get; }
    public AliasMatcher Matcher { get; }

    public WorkAnalysis Analyze(Work work)
    {
        var text = new CharacterDetector.WorkText(work);
        // The words of the body, split once for every pass that counts them.
        var words = Text.WordTokens.Of(text.Paragraphs);
        var narrative = NarrativeAnalyzer.Analyze(words);
        var detection = characters.Detect(text);
        // "I": the first-person narrator carries the story, however rarely their name is said.
        var narrator = NarratorFinder.Find(text, detection, narrative, Matcher);
        // "You are John Watson": the second person is told to a character of the story, not to the reader.
        if (NarratorFinder.FindAddressee(text, detection, narrative, Matcher) is { } addressee)
        {
            narrator = addressee;
            narrative = narrative with { ReaderInsert = false, Evidence = narrative.Evidence + "; " + addressee.Evidence };
        }
        var page = RelationshipInferrer.ReadPage(text, detection, narrative.ReaderInsert, narrator?.Character.Name, narrative.Pov == PointOfView.Second);
        var found = Summarise(text, detection, page, narrative.ReaderInsert || DeclaresReader(work), FewerWordsThan(work, ShortStoryWords));
        if (narrator is not null)
        {
            var pronoun = narrative.Pov == PointOfView.Second ? "you" : "I";
            var index = found.FindIndex(c => c.Name == narrator.Character.Name);
            var reading = index >= 0
                ? found[index] with { Main = true, NamesUsed = found[index].NamesUsed.Append(pronoun).ToArray() }
                : new CharacterReading(narrator.Character.Name, narrator.Character.Fandom.Name, 0, -1, true, [pronoun]);
            if (index >= 0) found.RemoveAt(index);
            found.Insert(0, reading);
        }
        var rels = relationships.Infer(work, text, detection, found, narrative.ReaderInsert, narrator?.Character.Name, page);
        // A character named only through a relationship tag still counts as in the work.
        foreach (var rel in rels)
        {
            foreach (var name in new[] { rel.A, rel.B }.Where(n => found.All(c => c.Name != n)))
                found.Add(new CharacterReading(name, Knowledge.FindCharacter(name)?.Fandom.Name, 0, -1, true, []));
        }
        var unknownFandoms = characters.DeclaredFandoms(text).Unknown;
        var rating = RatingEstimator.Estimate(words);
        return new WorkAnalysis(
            detection.Fandoms.Select(f => f.Name).ToArray(),
            found,
            rels,
            narrative,
            rating,
            GenreClassifier.Classify(words),
            work.Complete,
            work.Language)
        {
            UnknownFandoms = unknownFandoms,
            SuggestedWarnings = rating.Warnings.Select(w => new SuggestedWarning(w, rating.WarningEvidence.GetValueOrDefault(w) ?? [])).ToArray(),
        };
    }

    private static bool DeclaresReader(Work work) =>
        work.Tags.Any(t => t.Category is TagCategory.Relationship or TagCategory.Character &&
                           System.Text.RegularExpressions.Regex.IsMatch(t.Name, @"\b(?:Reader|Y/N)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase));

    /// <summary>Below this many words every character who acts in the narration carries the story.</summary>
    private const int ShortStoryWords = 800;

    /// <summary>Whether the work has fewer than <paramref name="limit"/> words (<see cref="Work.WordCount"/>), counting only as far as the limit.</summary>
    private static bool FewerWordsThan(Work work, int limit)
    {
        var words = 0;
        foreach (var chapter in work.Chapters)
        {
            foreach (var paragraph in chapter.Paragraphs)
            {
                words += WordCounter.Count(paragraph);
                if (words >= limit) return false;
            }
        }
        return true;
    }

    private static List<CharacterReading> Summarise(CharacterDetector.WorkText text, CharacterDetector.Detection detection, PageReader.Reading page, bool readerInsert, bool shortStory)
    {
        var mentions = detection.Mentions;
        var total = Math.Max(1, mentions.Count);
        var referenceSum = 0;
        foreach (var references in page.References.Values) referenceSum += references;
        var allReferences = Math.Max(1, referenceSum);
        // One pass over the mentions, grouped by character in the order each is first named (a work names few
        // characters many times).
        var indexOf = new Dictionary<CanonCharacter, int>();
        var groups = new List<MentionGroup>();
        foreach (var m in mentions)
        {
            if (!indexOf.TryGetValue(m.Character, out var index))
            {
                indexOf.Add(m.Character, index = groups.Count);
                groups.Add(new MentionGroup(m.Character, m.Offset, Contains(detection.Declared, m.Character)));
            }
            var group = groups[index];
            group.Count++;
            if (m.Offset < group.FirstOffset) group.FirstOffset = m.Offset;
            if (!group.Names.Contains(m.Name)) group.Names.Add(m.Name);
            // On stage: named in the narration, not only talked about in dialogue (a declared character needs no check).
            if (!group.Declared && !group.OnStage && !text.IsInDialogue(m.Offset)) group.OnStage = true;
        }
        // Main: on stage and named often for the story's length; pronoun-heavy stories name their leads rarely, so
        // short ones need a single mention.
        bool IsMain(MentionGroup g)
        {
            if (g.Declared) return true;
            var n = g.Count;
            // Referred to often, by name or as "he"/"she": a lead whose name the story rarely says.
            var references = page.References.GetValueOrDefault(g.Character.Name);
            return g.OnStage && (n >= 3 && n * 20 >= total || n >= 2 && n * 100 >= total * 15 || shortStory) ||
                   references >= 6 && references * 100 >= allReferences * 12;
        }
        var list = new List<CharacterReading>(groups.Count + detection.Declared.Count + 1);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in groups)
        {
            list.Add(new CharacterReading(g.Character.Name, g.Character.Fandom.Name, g.Count, g.FirstOffset, IsMain(g), g.Names.ToArray()));
            listed.Add(g.Character.Name);
        }
        foreach (var declared in detection.Declared)
            if (listed.Add(declared.Name))
                list.Add(new CharacterReading(declared.Name, declared.Fandom.Name, 0, -1, true, []));
        if (readerInsert) list.Add(new CharacterReading(CharacterDetector.ReaderName, null, 0, 0, true, ["you"]));
        SortMainThenMostMentioned(list);
        return list;
    }

    private static bool Contains(IReadOnlyList<CanonCharacter> characters, CanonCharacter character)
    {
        foreach (var c in characters)
            if (c == character) return true;
        return false;
    }

    /// <summary>The main characters first, then by mentions, most first; ties keep their order (a stable insertion sort: a work lists few characters).</summary>
    private static void SortMainThenMostMentioned(List<CharacterReading> list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            var item = list[i];
            var j = i - 1;
            while (j >= 0 && ComesBefore(item, list[j]))
            {
                list[j + 1] = list[j];
                j--;
            }
            list[j + 1] = item;
        }
        static bool ComesBefore(CharacterReading a, CharacterReading b) => a.Main != b.Main ? a.Main : a.Mentions > b.Mentions;
    }

    /// <summary>One character's mentions, gathered in one pass.</summary>
    private sealed class MentionGroup(CanonCharacter character, int firstOffset, bool declared)
    {
        public CanonCharacter Character { get; } = character;
        public bool Declared { get; } = declared;
        public int Count { get; set; }
        public int FirstOffset { get; set; } = firstOffset;
        public bool OnStage { get; set; }
        public List<string> Names { get; } = new(2);
    }

    /// <summary>
    /// The inferred tags for a work: <see cref="ToTags"/> of its analysis, except that AO3's category (F/F, F/M, M/M,
    /// Gen…) is only derived when the author gave none — the author's word on it stands alone.
    /// </summary>
    public IReadOnlyList<WorkTag> InferTags(Work work)
    {
        var tags = ToTags(Analyze(work));
        var declared = work.Tags.Where(t => t.Origin is TagOrigin.Declared or TagOrigin.User && t.Confidence != 0).ToList();
        var authorGaveCategory = declared.Any(t => t.Category == TagCategory.Category);
        // One rating per work: the author's (FanFiction.Net's K+, Wattpad's Mature… wrangled onto AO3's) stands alone.
        var authorGaveRating = declared.Any(t => t.Category == TagCategory.Rating);
        var canonicalDeclared = declared.Select(t => (t.Category, Key: CanonicalKey(t.Tag))).ToHashSet();
        return tags.Where(t => !(authorGaveCategory && t.Category == TagCategory.Category) && !(authorGaveRating && t.Category == TagCategory.Rating))
            .Where(t => !canonicalDeclared.Contains((t.Category, CanonicalKey(t.Tag))))
            .ToList();
    }

    /// <summary>
    /// A tag's identity for "already declared": its canonical name when the canon data knows it ("Ginny W." and
    /// "Ginny Weasley" are one), else its letters and digits in lower case ("Reader Insert" is "Reader-Insert").
    /// </summary>
    private string CanonicalKey(Tag tag)
    {
        // Every work asks again for the same popular names, and resolving one scans the whole canon: remembered, shared
        // by the threads of a bulk import (a bounded cache; the knowledge base does not change under an analyzer).
        if (tag.Category is not (TagCategory.Fandom or TagCategory.Character or TagCategory.Relationship)) return KeyOf(tag);
        if (canonicalKeys.TryGetValue((tag.Category, tag.Name), out var key)) return key;
        key = KeyOf(tag);
        if (canonicalKeys.Count < MaxCachedKeys) canonicalKeys.TryAdd((tag.Category, tag.Name), key);
        return key;
    }

    private const int MaxCachedKeys = 100_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(TagCategory, string), string> canonicalKeys = new();

    private string KeyOf(Tag tag)
    {
        var canonical = tag.Category switch
        {
            TagCategory.Fandom => Knowledge.FindFandom(tag.Name)?.Name,
            TagCategory.Character => relationships.Resolve(tag.Name, new HashSet<CanonFandom>())?.Name,
            TagCategory.Relationship => relationships.CanonicalRelationship(tag.Name),
            _ => null,
        } ?? tag.Name;
        return new string(canonical.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
    }

    /// <summary>The analysis as inferred tags in AO3's categories, each with a confidence and the evidence for it.</summary>
    public IReadOnlyList<WorkTag> ToTags(WorkAnalysis analysis)
    {
        var tags = new List<WorkTag>();
        void Add(TagCategory category, string name, double confidence, string evidence) =>
            tags.Add(new WorkTag(new Tag(category, name), TagOrigin.Inferred, Math.Round(confidence, 2), evidence));

        foreach (var fandom in analysis.Fandoms) Add(TagCategory.Fandom, fandom, 0.9, "names and cues of the fandom in the text");
        foreach (var c in analysis.Characters)
        {
            var names = c.NamesUsed.Count > 0 ? $" as {string.Join(", ", c.NamesUsed.Take(6))}" : "";
            Add(TagCategory.Character, c.Name, c.Main ? 0.9 : 0.6, $"{(c.Main ? "main" : "mentioned")}; {c.Mentions} mentions{names}{(c.FirstMention >= 0 ? $"; first at character {c.FirstMention}" : "")}");
        }
        foreach (var r in analysis.Relationships) Add(TagCategory.Relationship, r.Name, r.Confidence, string.Join("; ", r.Evidence));
        Add(TagCategory.Rating, analysis.Rating.Rating, 0.6, analysis.Rating.Evidence);
        // No Archive Warning is ever inferred: see WorkAnalysis.SuggestedWarnings.
        foreach (var genre in analysis.Genres) Add(TagCategory.Genre, genre.Genre, Math.Min(0.9, genre.Score / 10), $"score {genre.Score:0.#}");
        foreach (var category in CategoryDeriver.Derive(analysis, name => Knowledge.FindCharacter(name)?.Gender)) Add(TagCategory.Category, category, 0.7, "from the relationships");
        if (analysis.Narrative.ReaderInsert) Add(TagCategory.Freeform, "Reader-Insert", 0.9, analysis.Narrative.Evidence);
        Add(TagCategory.Freeform, analysis.Narrative.Pov switch
        {
            PointOfView.First => "First Person",
            PointOfView.Second => "Second Person",
            _ => "Third Person",
        }, 0.7, analysis.Narrative.Evidence);
        if (analysis.Narrative.Tense == Tense.Present) Add(TagCategory.Freeform, "Present Tense", 0.6, analysis.Narrative.Evidence);
        return tags.DistinctBy(t => (t.Category, t.Name.ToLowerInvariant())).ToArray();
    }
}
