using System.Text.Json;
using Ficshelf.Core.Domain;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Storage;

// Work deletion, bulk reading for the search index, and tag wrangling.
public sealed partial class SqliteArchiveStore : IStorageSelfCheck
{
    public IEnumerable<string> StorageProblems()
    {
        var problems = new List<string>();
        var integrity = Query(null, "PRAGMA integrity_check", r => r.GetString(0));
        if (!(integrity.Count == 1 && integrity[0] == "ok")) problems.AddRange(integrity.Select(line => "SQLite integrity: " + line));
        problems.AddRange(Query(null, "PRAGMA foreign_key_check", r => $"SQLite foreign key: a row of {r.GetString(0)} points at a missing {r.GetString(2)}"));
        var version = Convert.ToInt32(Scalar(null, "PRAGMA user_version"));
        if (version != SchemaMigrations.CurrentVersion) problems.Add($"schema version {version}, expected {SchemaMigrations.CurrentVersion}");
        problems.AddRange(Query(null, "SELECT w.id FROM works w WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.work_id = w.id)", r => $"work {r.GetInt64(0)}: no source file"));
        problems.AddRange(Query(null,
            "SELECT w.id, w.word_count, coalesce(sum(c.word_count), 0) FROM works w LEFT JOIN chapters c ON c.work_id = w.id GROUP BY w.id HAVING w.word_count <> coalesce(sum(c.word_count), 0) OR w.chapter_count <> count(c.position)",
            r => $"work {r.GetInt64(0)}: counts say {r.GetInt64(1):N0} words, the chapters hold {r.GetInt64(2):N0}"));
        return problems;
    }

    public bool DeleteWork(long id)
    {
        using var transaction = connection.BeginTransaction();
        var deleted = Execute(transaction, "DELETE FROM works WHERE id = $id", ("$id", id)) > 0;
        transaction.Commit();
        return deleted;
    }

    public string ChangeStamp() => Convert.ToString(Scalar(null,
        """
        SELECT (SELECT count(*) || '/' || coalesce(max(id), 0) || '/' || coalesce(max(updated_at), '') FROM works)
            || '|' || (SELECT count(*) || '/' || coalesce(sum(canonical), 0) || '/' || coalesce(sum(coalesce(synonym_of, 0)), 0) FROM tags)
            || '/' || (SELECT count(*) || '/' || coalesce(sum(child_id * 31 + parent_id), 0) FROM tag_parents)
        """), System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public IEnumerable<Work> StreamWorks(long afterId = 0)
    {
        const int batch = 500;
        while (true)
        {
            var works = Query(null, "SELECT * FROM works WHERE id > $after ORDER BY id LIMIT $n", ReadWork, ("$after", afterId), ("$n", batch));
            if (works.Count == 0) yield break;
            var first = works[0].Id;
            var last = works[^1].Id;
            var chapters = Query(null,
                $"SELECT work_id, {ChapterColumns} FROM chapters WHERE work_id BETWEEN $a AND $b ORDER BY work_id, position",
                r => (WorkId: r.GetInt64(0), Chapter: ReadChapter(r, 1)), ("$a", first), ("$b", last)).ToLookup(x => x.WorkId, x => x.Chapter);
            var tags = Query(null,
                """
                SELECT wt.work_id, t.category, t.name, wt.origin, wt.confidence, wt.evidence FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
                WHERE wt.work_id BETWEEN $a AND $b ORDER BY wt.work_id, wt.origin, wt.position
                """,
                r => (WorkId: r.GetInt64(0), Tag: ReadWorkTag(r, 1)),
                ("$a", first), ("$b", last)).ToLookup(x => x.WorkId, x => x.Tag);
            foreach (var work in works)
                yield return work with { Chapters = chapters[work.Id].ToList(), Tags = tags[work.Id].ToList() };
            afterId = last;
        }
    }

    public IReadOnlyList<TagInfo> ListTags(TagCategory? category = null, string? nameContains = null, int limit = int.MaxValue) =>
        ListTags(category, nameContains, limit, withCounts: true);

    private IReadOnlyList<TagInfo> ListTags(TagCategory? category, string? nameContains, int limit, bool withCounts)
    {
        var parents = Query(null,
            "SELECT p.child_id, t.category, t.name FROM tag_parents p JOIN tags t ON t.id = p.parent_id",
            r => (Child: r.GetInt64(0), Parent: new Tag(ParseCategory(r.GetString(1)), r.GetString(2)))).ToLookup(x => x.Child, x => x.Parent);
        return Query(null,
            $"""
            SELECT t.id, t.category, t.name, t.canonical, s.category, s.name,
                   {(withCounts ? $"(SELECT count(DISTINCT wt.work_id) FROM work_tags wt WHERE wt.tag_id = t.id AND {NotRejected})" : "0")} AS works
            FROM tags t LEFT JOIN tags s ON s.id = t.synonym_of
            WHERE ($category IS NULL OR t.category = $category) AND ($fragment IS NULL OR t.name LIKE '%' || $fragment || '%')
            ORDER BY works DESC, t.category, t.name
            LIMIT $limit
            """,
            r => new TagInfo(new Tag(ParseCategory(r.GetString(1)), r.GetString(2)), r.GetBoolean(3),
                r.IsDBNull(4) ? null : new Tag(ParseCategory(r.GetString(4)), r.GetString(5)),
                parents[r.GetInt64(0)].ToList(), r.GetInt32(6)),
            ("$category", category?.Slug()), ("$fragment", string.IsNullOrWhiteSpace(nameContains) ? null : nameContains.Trim()),
            ("$limit", limit == int.MaxValue ? -1 : limit));
    }

    /// <summary>The graph needs no counts, and counting every tag's works scans all of work_tags (1.2 s at 50,000
    /// works): searches reload the graph after wrangling and the tag pages read it on every view.</summary>
    public TagGraph LoadTagGraph() => new(ListTags(null, null, int.MaxValue, withCounts: false));

    public void SetCanonical(Tag tag, bool canonical) => Wrangle(transaction =>
    {
        var id = EnsureTag(transaction, tag);
        if (canonical) Execute(transaction, "UPDATE tags SET canonical = 1, synonym_of = NULL WHERE id = $id", ("$id", id));
        else Execute(transaction, "UPDATE tags SET canonical = 0 WHERE id = $id", ("$id", id));
    });

    public void MakeSynonym(Tag synonym, Tag canonical) => Wrangle(transaction => Synonym(transaction, synonym, canonical));

    private void Synonym(SqliteTransaction transaction, Tag synonym, Tag canonical)
    {
        if (synonym.Category != canonical.Category)
            throw new ArchiveException($"a synonym stays in its category: {synonym} and {canonical} differ");
        var target = EnsureTag(transaction, canonical);
        // A synonym of a synonym points at the real canonical tag.
        target = Convert.ToInt64(Scalar(transaction, "SELECT coalesce(synonym_of, id) FROM tags WHERE id = $id", ("$id", target)));
        var source = EnsureTag(transaction, synonym);
        if (source == target) throw new ArchiveException($"{synonym} cannot be a synonym of itself");
        Execute(transaction, "UPDATE tags SET canonical = 1, synonym_of = NULL WHERE id = $id", ("$id", target));
        Execute(transaction, "UPDATE tags SET canonical = 0, synonym_of = $target WHERE id = $id OR synonym_of = $id", ("$id", source), ("$target", target));
        // Subtags and parents of the former canonical now belong to the canonical tag.
        Execute(transaction, "INSERT OR IGNORE INTO tag_parents (child_id, parent_id) SELECT child_id, $target FROM tag_parents WHERE parent_id = $id AND child_id <> $target", ("$id", source), ("$target", target));
        Execute(transaction, "INSERT OR IGNORE INTO tag_parents (child_id, parent_id) SELECT $target, parent_id FROM tag_parents WHERE child_id = $id AND parent_id <> $target", ("$id", source), ("$target", target));
        Execute(transaction, "DELETE FROM tag_parents WHERE child_id = $id OR parent_id = $id", ("$id", source));
    }

    public IReadOnlyList<long> MergeTag(Tag from, Tag into) => Wrangle(transaction =>
    {
        Synonym(transaction, from, into);
        var source = EnsureTag(transaction, from);
        var works = Query(transaction, "SELECT DISTINCT work_id FROM work_tags WHERE tag_id = $id", r => r.GetInt64(0), ("$id", source));
        var target = Convert.ToInt64(Scalar(transaction, "SELECT synonym_of FROM tags WHERE id = $id", ("$id", source)));
        Execute(transaction,
            """
            INSERT OR IGNORE INTO work_tags (work_id, tag_id, origin, confidence, evidence, position)
            SELECT work_id, $target, origin, confidence, evidence, position FROM work_tags WHERE tag_id = $source
            """, ("$source", source), ("$target", target));
        Execute(transaction, "DELETE FROM work_tags WHERE tag_id = $source", ("$source", source));
        TouchWorks(transaction, works);
        return works;
    });

    public IReadOnlyList<long> RenameTag(Tag tag, string newName) => Wrangle(transaction =>
    {
        var name = newName.Trim();
        if (name.Length == 0) throw new ArchiveException("a tag needs a name");
        var id = FindTagId(transaction, tag) ?? throw new ArchiveException($"no tag {tag}");
        var other = QueryFirst(transaction, "SELECT id FROM tags WHERE category = $category AND name = $name AND id <> $id",
            r => (long?)r.GetInt64(0), ("$category", tag.Category.Slug()), ("$name", name), ("$id", id));
        if (other is not null) throw new ArchiveException($"{tag.Category.Slug()}:{name} already exists; merge the tags instead");
        Execute(transaction, "UPDATE tags SET name = $name WHERE id = $id", ("$name", name), ("$id", id));
        var works = Query(transaction, "SELECT DISTINCT work_id FROM work_tags WHERE tag_id = $id", r => r.GetInt64(0), ("$id", id));
        TouchWorks(transaction, works);
        return works;
    });

    public void AddParent(Tag child, Tag parent) => Wrangle(transaction =>
    {
        var childId = EnsureTag(transaction, child);
        var parentId = EnsureTag(transaction, parent);
        if (childId == parentId) throw new ArchiveException($"{child} cannot be its own parent");
        // Refuse a loop: the parent must not already sit below the child.
        var loop = Convert.ToInt64(Scalar(transaction,
            """
            WITH RECURSIVE below(id) AS (SELECT $child UNION SELECT p.child_id FROM tag_parents p JOIN below b ON p.parent_id = b.id)
            SELECT count(*) FROM below WHERE id = $parent
            """, ("$child", childId), ("$parent", parentId)));
        if (loop > 0) throw new ArchiveException($"{parent} is already below {child}; a tag cannot be its own ancestor");
        Execute(transaction, "INSERT OR IGNORE INTO tag_parents (child_id, parent_id) VALUES ($child, $parent)", ("$child", childId), ("$parent", parentId));
    });

    public void RemoveParent(Tag child, Tag parent) => Wrangle(transaction =>
    {
        var childId = FindTagId(transaction, child);
        var parentId = FindTagId(transaction, parent);
        if (childId is null || parentId is null) return;
        Execute(transaction, "DELETE FROM tag_parents WHERE child_id = $child AND parent_id = $parent", ("$child", childId), ("$parent", parentId));
    });

    private void Wrangle(Action<SqliteTransaction> change) => Wrangle(transaction =>
    {
        change(transaction);
        return 0;
    });

    private T Wrangle<T>(Func<SqliteTransaction, T> change)
    {
        using var transaction = connection.BeginTransaction();
        var result = change(transaction);
        transaction.Commit();
        return result;
    }

    // The works' tags changed: their update time says so (other processes' search indexes notice).
    private void TouchWorks(SqliteTransaction transaction, IReadOnlyList<long> works)
    {
        var at = Timestamp(DateTimeOffset.UtcNow);
        foreach (var id in works) Execute(transaction, "UPDATE works SET updated_at = $at WHERE id = $id", ("$at", at), ("$id", id));
    }

    private long? FindTagId(SqliteTransaction transaction, Tag tag) =>
        QueryFirst(transaction, "SELECT id FROM tags WHERE category = $category AND name = $name", r => (long?)r.GetInt64(0),
            ("$category", tag.Category.Slug()), ("$name", tag.Name.Trim()));

    private long EnsureTag(SqliteTransaction transaction, Tag tag) => Convert.ToInt64(Scalar(transaction,
        """
        INSERT INTO tags (category, name) VALUES ($category, $name) ON CONFLICT (category, name) DO NOTHING;
        SELECT id FROM tags WHERE category = $category AND name = $name;
        """,
        ("$category", tag.Category.Slug()), ("$name", tag.Name.Trim())));

    private static TagCategory ParseCategory(string slug) => Enum.Parse<TagCategory>(slug, true);
}
