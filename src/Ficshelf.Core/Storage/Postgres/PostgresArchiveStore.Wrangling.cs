using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Storage.Postgres;

// Work deletion, bulk reading for the search index, and tag wrangling.
public sealed partial class PostgresArchiveStore
{
    public string ChangeStamp() => Read(c => Convert.ToString(Scalar(c,
        """
        SELECT (SELECT count(*) || '/' || coalesce(max(id), 0) || '/' || coalesce(max(updated_at), '') FROM works)
            || '|' || (SELECT count(*) || '/' || coalesce(sum(canonical::int), 0) || '/' || coalesce(sum(coalesce(synonym_of, 0)), 0) FROM tags)
            || '/' || (SELECT count(*) || '/' || coalesce(sum(child_id * 31 + parent_id), 0) FROM tag_parents)
        """), System.Globalization.CultureInfo.InvariantCulture) ?? "");

    public bool DeleteWork(long id) => Write(tx => Execute(tx, "DELETE FROM works WHERE id = @id", ("id", id)) > 0);

    public IEnumerable<Work> StreamWorks(long afterId = 0)
    {
        const int batch = 500;
        while (true)
        {
            var after = afterId;
            var works = Read(c =>
            {
                var rows = Query(c, "SELECT * FROM works WHERE id > @after ORDER BY id LIMIT @n", ReadWork, ("after", after), ("n", (long)batch));
                if (rows.Count == 0) return rows;
                var first = rows[0].Id;
                var last = rows[^1].Id;
                var chapters = Query(c,
                    $"SELECT work_id, {ChapterColumns} FROM chapters WHERE work_id BETWEEN @a AND @b ORDER BY work_id, position",
                    r => (WorkId: r.GetInt64(0), Chapter: ReadChapter(r, 1)), ("a", first), ("b", last)).ToLookup(x => x.WorkId, x => x.Chapter);
                var tags = Query(c,
                    """
                    SELECT wt.work_id, t.category, t.name, wt.origin, wt.confidence, wt.evidence FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
                    WHERE wt.work_id BETWEEN @a AND @b ORDER BY wt.work_id, wt.origin, wt.position
                    """,
                    r => (WorkId: r.GetInt64(0), Tag: ReadWorkTag(r, 1)), ("a", first), ("b", last)).ToLookup(x => x.WorkId, x => x.Tag);
                return rows.Select(w => w with { Chapters = chapters[w.Id].ToList(), Tags = tags[w.Id].ToList() }).ToList();
            });
            if (works.Count == 0) yield break;
            foreach (var work in works) yield return work;
            afterId = works[^1].Id;
        }
    }

    public IReadOnlyList<TagInfo> ListTags(TagCategory? category = null, string? nameContains = null, int limit = int.MaxValue) =>
        ListTags(category, nameContains, limit, withCounts: true);

    private IReadOnlyList<TagInfo> ListTags(TagCategory? category, string? nameContains, int limit, bool withCounts) => Read(c =>
    {
        var parents = Query(c,
            "SELECT p.child_id, t.category, t.name FROM tag_parents p JOIN tags t ON t.id = p.parent_id",
            r => (Child: r.GetInt64(0), Parent: new Tag(ParseCategory(r.GetString(1)), r.GetString(2)))).ToLookup(x => x.Child, x => x.Parent);
        return (IReadOnlyList<TagInfo>)Query(c,
            $"""
            SELECT t.id, t.category, t.name, t.canonical, s.category, s.name,
                   {(withCounts ? $"(SELECT count(DISTINCT wt.work_id) FROM work_tags wt WHERE wt.tag_id = t.id AND {NotRejected})" : "0")} AS works
            FROM tags t LEFT JOIN tags s ON s.id = t.synonym_of
            WHERE (@category::text IS NULL OR t.category = @category::text)
              AND (@fragment::text IS NULL OR strpos(lower(t.name), lower(@fragment::text)) > 0)
            ORDER BY works DESC, t.category, lower(t.name), t.name
            LIMIT @limit::bigint
            """,
            r => new TagInfo(new Tag(ParseCategory(r.GetString(1)), r.GetString(2)), r.GetBoolean(3),
                r.IsDBNull(4) ? null : new Tag(ParseCategory(r.GetString(4)), r.GetString(5)),
                parents[r.GetInt64(0)].ToList(), checked((int)r.GetInt64(6))),
            ("category", category?.Slug()), ("fragment", string.IsNullOrWhiteSpace(nameContains) ? null : nameContains.Trim()),
            ("limit", limit == int.MaxValue ? null : (long)limit));
    });

    /// <summary>The graph needs no counts, and counting every tag's works scans all of work_tags (1.2 s at 50,000
    /// works): searches reload the graph after wrangling and the tag pages read it on every view.</summary>
    public TagGraph LoadTagGraph() => new(ListTags(null, null, int.MaxValue, withCounts: false));

    public void SetCanonical(Tag tag, bool canonical) => Wrangle(tx =>
    {
        var id = EnsureTag(tx, tag);
        if (canonical) Execute(tx, "UPDATE tags SET canonical = true, synonym_of = NULL WHERE id = @id", ("id", id));
        else Execute(tx, "UPDATE tags SET canonical = false WHERE id = @id", ("id", id));
    });

    public void MakeSynonym(Tag synonym, Tag canonical) => Wrangle(tx => Synonym(tx, synonym, canonical));

    private static void Synonym(Tx tx, Tag synonym, Tag canonical)
    {
        if (synonym.Category != canonical.Category)
            throw new ArchiveException($"a synonym stays in its category: {synonym} and {canonical} differ");
        var target = EnsureTag(tx, canonical);
        // A synonym of a synonym points at the real canonical tag.
        target = Convert.ToInt64(Scalar(tx, "SELECT coalesce(synonym_of, id) FROM tags WHERE id = @id", ("id", target)));
        var source = EnsureTag(tx, synonym);
        if (source == target) throw new ArchiveException($"{synonym} cannot be a synonym of itself");
        Execute(tx, "UPDATE tags SET canonical = true, synonym_of = NULL WHERE id = @id", ("id", target));
        Execute(tx, "UPDATE tags SET canonical = false, synonym_of = @target WHERE id = @id OR synonym_of = @id", ("id", source), ("target", target));
        // Subtags and parents of the former canonical now belong to the canonical tag.
        Execute(tx, "INSERT INTO tag_parents (child_id, parent_id) SELECT child_id, @target FROM tag_parents WHERE parent_id = @id AND child_id <> @target ON CONFLICT DO NOTHING", ("id", source), ("target", target));
        Execute(tx, "INSERT INTO tag_parents (child_id, parent_id) SELECT @target, parent_id FROM tag_parents WHERE child_id = @id AND parent_id <> @target ON CONFLICT DO NOTHING", ("id", source), ("target", target));
        Execute(tx, "DELETE FROM tag_parents WHERE child_id = @id OR parent_id = @id", ("id", source));
    }

    public IReadOnlyList<long> MergeTag(Tag from, Tag into) => Wrangle(tx =>
    {
        Synonym(tx, from, into);
        var source = EnsureTag(tx, from);
        var works = Query(tx, "SELECT DISTINCT work_id FROM work_tags WHERE tag_id = @id ORDER BY work_id", r => r.GetInt64(0), ("id", source));
        var target = Convert.ToInt64(Scalar(tx, "SELECT synonym_of FROM tags WHERE id = @id", ("id", source)));
        Execute(tx,
            """
            INSERT INTO work_tags (work_id, tag_id, origin, confidence, evidence, position)
            SELECT work_id, @target, origin, confidence, evidence, position FROM work_tags WHERE tag_id = @source
            ON CONFLICT DO NOTHING
            """, ("source", source), ("target", target));
        Execute(tx, "DELETE FROM work_tags WHERE tag_id = @source", ("source", source));
        TouchWorks(tx, works);
        return (IReadOnlyList<long>)works;
    });

    public IReadOnlyList<long> RenameTag(Tag tag, string newName) => Wrangle(tx =>
    {
        var name = newName.Trim();
        if (name.Length == 0) throw new ArchiveException("a tag needs a name");
        var id = FindTagId(tx, tag) ?? throw new ArchiveException($"no tag {tag}");
        var other = QueryFirst(tx, "SELECT id FROM tags WHERE category = @category AND lower(name) = lower(@name) AND id <> @id",
            r => (long?)r.GetInt64(0), ("category", tag.Category.Slug()), ("name", name), ("id", id));
        if (other is not null) throw new ArchiveException($"{tag.Category.Slug()}:{name} already exists; merge the tags instead");
        Execute(tx, "UPDATE tags SET name = @name WHERE id = @id", ("name", name), ("id", id));
        var works = Query(tx, "SELECT DISTINCT work_id FROM work_tags WHERE tag_id = @id ORDER BY work_id", r => r.GetInt64(0), ("id", id));
        TouchWorks(tx, works);
        return (IReadOnlyList<long>)works;
    });

    // The works' tags changed: their update time says so (other processes' search indexes notice).
    private static void TouchWorks(Tx tx, IReadOnlyList<long> works)
    {
        if (works.Count == 0) return;
        Execute(tx, "UPDATE works SET updated_at = @at WHERE id = ANY(@ids)", ("at", Timestamp(DateTimeOffset.UtcNow)), ("ids", works.ToArray()));
    }

    public void AddParent(Tag child, Tag parent) => Wrangle(tx =>
    {
        var childId = EnsureTag(tx, child);
        var parentId = EnsureTag(tx, parent);
        if (childId == parentId) throw new ArchiveException($"{child} cannot be its own parent");
        // Refuse a loop: the parent must not already sit below the child.
        var loop = Convert.ToInt64(Scalar(tx,
            """
            WITH RECURSIVE below(id) AS (SELECT @child::bigint UNION SELECT p.child_id FROM tag_parents p JOIN below b ON p.parent_id = b.id)
            SELECT count(*) FROM below WHERE id = @parent
            """, ("child", childId), ("parent", parentId)));
        if (loop > 0) throw new ArchiveException($"{parent} is already below {child}; a tag cannot be its own ancestor");
        Execute(tx, "INSERT INTO tag_parents (child_id, parent_id) VALUES (@child, @parent) ON CONFLICT DO NOTHING", ("child", childId), ("parent", parentId));
    });

    public void RemoveParent(Tag child, Tag parent) => Wrangle(tx =>
    {
        var childId = FindTagId(tx, child);
        var parentId = FindTagId(tx, parent);
        if (childId is null || parentId is null) return;
        Execute(tx, "DELETE FROM tag_parents WHERE child_id = @child AND parent_id = @parent", ("child", childId), ("parent", parentId));
    });

    private void Wrangle(Action<Tx> change) => Write(tx =>
    {
        change(tx);
        return true;
    });

    private T Wrangle<T>(Func<Tx, T> change) => Write(change);

    private static long? FindTagId(Tx tx, Tag tag, bool trim = true) =>
        QueryFirst(tx, "SELECT id FROM tags WHERE category = @category AND lower(name) = lower(@name)", r => (long?)r.GetInt64(0),
            ("category", tag.Category.Slug()), ("name", trim ? tag.Name.Trim() : tag.Name));

    /// <summary>
    /// The tag's id, creating the tag when the archive does not know it (names match case-insensitively). Wrangling
    /// trims the names a user typed; imports store names as the importer gave them (as the SQLite store does).
    /// </summary>
    private static long EnsureTag(Tx tx, Tag tag, bool trim = true)
    {
        if (FindTagId(tx, tag, trim) is { } id) return id;
        // ON CONFLICT waits for a concurrent creator; its row is then visible to the next statement (READ COMMITTED).
        return QueryFirst(tx, "INSERT INTO tags (category, name) VALUES (@category, @name) ON CONFLICT DO NOTHING RETURNING id",
                   r => (long?)r.GetInt64(0), ("category", tag.Category.Slug()), ("name", trim ? tag.Name.Trim() : tag.Name))
               ?? FindTagId(tx, tag, trim)
               ?? throw new RetryWrite();
    }
}
