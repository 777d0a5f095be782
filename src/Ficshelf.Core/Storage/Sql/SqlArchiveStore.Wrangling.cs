using System.Globalization;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Storage.Sql;

// Tag wrangling: canonical tags, synonyms, merges, renames and parents. A tag named here that the archive does not
// know yet is created.
public abstract partial class SqlArchiveStore
{
    public IReadOnlyList<TagInfo> ListTags(TagCategory? category = null, string? nameContains = null, int limit = int.MaxValue) =>
        Finish(ListTags(category, nameContains, limit, withCounts: true, sync: true, default));

    public Task<IReadOnlyList<TagInfo>> ListTagsAsync(TagCategory? category = null, string? nameContains = null, int limit = int.MaxValue, CancellationToken cancel = default) =>
        ListTags(category, nameContains, limit, withCounts: true, sync: false, cancel);

    public async Task<TagPage> ListTagsPageAsync(TagCategory? category, string? nameContains, int limit, int offset, CancellationToken cancel = default)
    {
        var (where, parameters) = TagFilter(category, nameContains);
        var total = await ReadAsync(async db =>
            Convert.ToInt32(await ScalarAsync(db, $"SELECT count(*) FROM tags t WHERE {where}", [.. parameters]), CultureInfo.InvariantCulture), sync: false, cancel);
        var tags = total == 0 || offset >= total ? [] : await ListTags(category, nameContains, limit, withCounts: true, sync: false, cancel, offset);
        return new TagPage(tags, total);
    }

    /// <summary>Works per tag in one pass: each (work, tag) once, left out when the reader rejected that tag on that work (see NotRejected).</summary>
    private const string KeptTagCounts =
        "SELECT tag_id, count(*) AS works FROM (SELECT work_id, tag_id FROM work_tags GROUP BY work_id, tag_id " +
        "HAVING max(CASE WHEN origin = 'user' AND confidence = 0 THEN 1 ELSE 0 END) = 0) kept GROUP BY tag_id";

    /// <summary>The WHERE clause of a tag list: only the filters given, with only their parameters (PostgreSQL cannot type a parameter that is null everywhere).</summary>
    private (string Where, List<(string, object?)> Parameters) TagFilter(TagCategory? category, string? nameContains)
    {
        var fragment = string.IsNullOrWhiteSpace(nameContains) ? null : nameContains.Trim();
        var where = new List<string> { "1 = 1" };
        var parameters = new List<(string, object?)>();
        if (category is not null)
        {
            where.Add("t.category = @category");
            parameters.Add(("category", category.Value.Slug()));
        }
        if (fragment is not null)
        {
            where.Add(Dialect.ContainsIgnoringCase("t.name", "fragment"));
            parameters.Add(("fragment", fragment));
        }
        return (string.Join(" AND ", where), parameters);
    }

    private Task<IReadOnlyList<TagInfo>> ListTags(TagCategory? category, string? nameContains, int limit, bool withCounts, bool sync, CancellationToken cancel, int offset = 0) => ReadAsync(async db =>
    {
        var parents = (await QueryAsync(db,
            "SELECT p.child_id, t.category, t.name FROM tag_parents p JOIN tags t ON t.id = p.parent_id",
            r => (Child: r.GetInt64(0), Parent: new Tag(ParseCategory(r.GetString(1)), r.GetString(2))))).ToLookup(x => x.Child, x => x.Parent);
        var (where, parameters) = TagFilter(category, nameContains);
        // Without a name filter nearly every tag is counted: one pass over work_tags grouped (0.3 s of CPU at 48,000
        // works) beats a count per tag with a rejection check per row (1.4 s); a name filter leaves few tags to count.
        var wholeList = string.IsNullOrWhiteSpace(nameContains);
        parameters.Add(("limit", limit == int.MaxValue ? long.MaxValue : limit));
        parameters.Add(("offset", (long)offset));
        return (IReadOnlyList<TagInfo>)await QueryAsync(db,
            $"""
            SELECT t.id, t.category, t.name, t.canonical, s.category, s.name,
                   {(!withCounts ? "0" : wholeList ? "coalesce(c.works, 0)" : $"(SELECT count(DISTINCT wt.work_id) FROM work_tags wt WHERE wt.tag_id = t.id AND {NotRejected})")} AS works
            FROM tags t LEFT JOIN tags s ON s.id = t.synonym_of
            {(withCounts && wholeList ? $"LEFT JOIN ({KeptTagCounts}) c ON c.tag_id = t.id" : "")}
            WHERE {where}
            ORDER BY works DESC, t.category, lower(t.name), t.name
            LIMIT @limit OFFSET @offset
            """,
            r => new TagInfo(new Tag(ParseCategory(r.GetString(1)), r.GetString(2)), r.GetBoolean(3),
                r.IsDBNull(4) ? null : new Tag(ParseCategory(r.GetString(4)), r.GetString(5)),
                parents[r.GetInt64(0)].ToList(), Int(r, 6)),
            [.. parameters]);
    }, sync, cancel);

    /// <summary>The graph needs no counts, and counting every tag's works scans all of work_tags (1.2 s at 50,000
    /// works): searches reload the graph after wrangling and the tag pages read it on every view.</summary>
    public TagGraph LoadTagGraph() => new(Finish(ListTags(null, null, int.MaxValue, withCounts: false, sync: true, default)));

    public async Task<TagGraph> LoadTagGraphAsync(CancellationToken cancel = default) =>
        new(await ListTags(null, null, int.MaxValue, withCounts: false, sync: false, cancel));

    /// <summary>
    /// The graph's entries for these tags alone (those the archive has), in the graph's order: what wrangling an
    /// upload's tags needs, read by the tags' ids instead of reading every tag of the archive.
    /// </summary>
    public Task<IReadOnlyList<TagInfo>> LoadTagInfosAsync(IReadOnlyCollection<Tag> tags, CancellationToken cancel = default) => ReadAsync(async db =>
    {
        var ids = new HashSet<long>();
        foreach (var tag in tags.Distinct(TagComparer.Instance))
            if (await FindTagId(db, tag, trim: false) is { } id) ids.Add(id);
        if (ids.Count == 0) return (IReadOnlyList<TagInfo>)[];
        var idList = Dialect.IdList(ids);
        var parents = (await QueryAsync(db,
            $"SELECT p.child_id, t.category, t.name FROM tag_parents p JOIN tags t ON t.id = p.parent_id WHERE {Dialect.IdIn("p.child_id", "ids")}",
            r => (Child: r.GetInt64(0), Parent: new Tag(ParseCategory(r.GetString(1)), r.GetString(2))), ("ids", idList))).ToLookup(x => x.Child, x => x.Parent);
        return await QueryAsync(db,
            $"""
            SELECT t.id, t.category, t.name, t.canonical, s.category, s.name
            FROM tags t LEFT JOIN tags s ON s.id = t.synonym_of
            WHERE {Dialect.IdIn("t.id", "ids")}
            ORDER BY t.category, lower(t.name), t.name
            """,
            r => new TagInfo(new Tag(ParseCategory(r.GetString(1)), r.GetString(2)), r.GetBoolean(3),
                r.IsDBNull(4) ? null : new Tag(ParseCategory(r.GetString(4)), r.GetString(5)),
                parents[r.GetInt64(0)].ToList()),
            ("ids", idList));
    }, sync: false, cancel);

    public void SetCanonical(Tag tag, bool canonical) => Finish(SetCanonical(tag, canonical, sync: true, default));

    public Task SetCanonicalAsync(Tag tag, bool canonical, CancellationToken cancel = default) => SetCanonical(tag, canonical, sync: false, cancel);

    private Task<int> SetCanonical(Tag tag, bool canonical, bool sync, CancellationToken cancel) => WriteAsync(async db =>
    {
        var id = await EnsureTag(db, tag);
        return canonical
            ? await ExecuteAsync(db, "UPDATE tags SET canonical = true, synonym_of = NULL WHERE id = @id", ("id", id))
            : await ExecuteAsync(db, "UPDATE tags SET canonical = false WHERE id = @id", ("id", id));
    }, sync, cancel);

    public void MakeSynonym(Tag synonym, Tag canonical) => Finish(MakeSynonym(synonym, canonical, sync: true, default));

    public Task MakeSynonymAsync(Tag synonym, Tag canonical, CancellationToken cancel = default) => MakeSynonym(synonym, canonical, sync: false, cancel);

    private Task<long> MakeSynonym(Tag synonym, Tag canonical, bool sync, CancellationToken cancel) =>
        WriteAsync(db => Synonym(db, synonym, canonical), sync, cancel);

    /// <returns>The canonical tag's id.</returns>
    private async Task<long> Synonym(Db db, Tag synonym, Tag canonical)
    {
        if (synonym.Category != canonical.Category)
            throw new ArchiveException($"a synonym stays in its category: {synonym} and {canonical} differ");
        var target = await EnsureTag(db, canonical);
        // A synonym of a synonym points at the real canonical tag.
        target = Convert.ToInt64(await ScalarAsync(db, "SELECT coalesce(synonym_of, id) FROM tags WHERE id = @id", ("id", target)), CultureInfo.InvariantCulture);
        var source = await EnsureTag(db, synonym);
        if (source == target) throw new ArchiveException($"{synonym} cannot be a synonym of itself");
        await ExecuteAsync(db, "UPDATE tags SET canonical = true, synonym_of = NULL WHERE id = @id", ("id", target));
        await ExecuteAsync(db, "UPDATE tags SET canonical = false, synonym_of = @target WHERE id = @id OR synonym_of = @id", ("id", source), ("target", target));
        // Subtags and parents of the former canonical now belong to the canonical tag.
        await ExecuteAsync(db, "INSERT INTO tag_parents (child_id, parent_id) SELECT child_id, @target FROM tag_parents WHERE parent_id = @id AND child_id <> @target ON CONFLICT DO NOTHING", ("id", source), ("target", target));
        await ExecuteAsync(db, "INSERT INTO tag_parents (child_id, parent_id) SELECT @target, parent_id FROM tag_parents WHERE child_id = @id AND parent_id <> @target ON CONFLICT DO NOTHING", ("id", source), ("target", target));
        await ExecuteAsync(db, "DELETE FROM tag_parents WHERE child_id = @id OR parent_id = @id", ("id", source));
        return target;
    }

    public IReadOnlyList<long> MergeTag(Tag from, Tag into) => Finish(MergeTag(from, into, sync: true, default));

    public Task<IReadOnlyList<long>> MergeTagAsync(Tag from, Tag into, CancellationToken cancel = default) => MergeTag(from, into, sync: false, cancel);

    private Task<IReadOnlyList<long>> MergeTag(Tag from, Tag into, bool sync, CancellationToken cancel) => WriteAsync(async db =>
    {
        var target = await Synonym(db, from, into);
        var source = await EnsureTag(db, from);
        var works = await QueryAsync(db, "SELECT DISTINCT work_id FROM work_tags WHERE tag_id = @id ORDER BY work_id", r => r.GetInt64(0), ("id", source));
        await ExecuteAsync(db,
            """
            INSERT INTO work_tags (work_id, tag_id, origin, confidence, evidence, position)
            SELECT work_id, @target, origin, confidence, evidence, position FROM work_tags WHERE tag_id = @source
            ON CONFLICT DO NOTHING
            """, ("source", source), ("target", target));
        await ExecuteAsync(db, "DELETE FROM work_tags WHERE tag_id = @source", ("source", source));
        await TouchWorks(db, works);
        return (IReadOnlyList<long>)works;
    }, sync, cancel);

    public IReadOnlyList<long> RenameTag(Tag tag, string newName) => Finish(RenameTag(tag, newName, sync: true, default));

    public Task<IReadOnlyList<long>> RenameTagAsync(Tag tag, string newName, CancellationToken cancel = default) => RenameTag(tag, newName, sync: false, cancel);

    private Task<IReadOnlyList<long>> RenameTag(Tag tag, string newName, bool sync, CancellationToken cancel) => WriteAsync(async db =>
    {
        var name = newName.Trim();
        if (name.Length == 0) throw new ArchiveException("a tag needs a name");
        var id = await FindTagId(db, tag) ?? throw new ArchiveException($"no tag {tag}");
        var other = await QueryFirstAsync(db, $"SELECT id FROM tags WHERE category = @category AND {Dialect.SameName("name", "name")} AND id <> @id",
            r => (long?)r.GetInt64(0), ("category", tag.Category.Slug()), ("name", name), ("id", id));
        if (other is not null) throw new ArchiveException($"{tag.Category.Slug()}:{name} already exists; merge the tags instead");
        await ExecuteAsync(db, "UPDATE tags SET name = @name WHERE id = @id", ("name", name), ("id", id));
        var works = await QueryAsync(db, "SELECT DISTINCT work_id FROM work_tags WHERE tag_id = @id ORDER BY work_id", r => r.GetInt64(0), ("id", id));
        await TouchWorks(db, works);
        return (IReadOnlyList<long>)works;
    }, sync, cancel);

    // The works' tags changed: their update time says so (other processes' search indexes notice).
    private async Task TouchWorks(Db db, List<long> works)
    {
        if (works.Count == 0) return;
        await ExecuteAsync(db, $"UPDATE works SET updated_at = @at WHERE {Dialect.IdIn("id", "ids")}", ("at", Timestamp(DateTimeOffset.UtcNow)), ("ids", Dialect.IdList(works)));
    }

    public void AddParent(Tag child, Tag parent) => Finish(AddParent(child, parent, sync: true, default));

    public Task AddParentAsync(Tag child, Tag parent, CancellationToken cancel = default) => AddParent(child, parent, sync: false, cancel);

    private Task<int> AddParent(Tag child, Tag parent, bool sync, CancellationToken cancel) => WriteAsync(async db =>
    {
        var childId = await EnsureTag(db, child);
        var parentId = await EnsureTag(db, parent);
        if (childId == parentId) throw new ArchiveException($"{child} cannot be its own parent");
        // Refuse a loop: the parent must not already sit below the child.
        var loop = Convert.ToInt64(await ScalarAsync(db,
            """
            WITH RECURSIVE below(id) AS (SELECT CAST(@child AS bigint) UNION SELECT p.child_id FROM tag_parents p JOIN below b ON p.parent_id = b.id)
            SELECT count(*) FROM below WHERE id = @parent
            """, ("child", childId), ("parent", parentId)), CultureInfo.InvariantCulture);
        if (loop > 0) throw new ArchiveException($"{parent} is already below {child}; a tag cannot be its own ancestor");
        return await ExecuteAsync(db, "INSERT INTO tag_parents (child_id, parent_id) VALUES (@child, @parent) ON CONFLICT DO NOTHING", ("child", childId), ("parent", parentId));
    }, sync, cancel);

    public void RemoveParent(Tag child, Tag parent) => Finish(RemoveParent(child, parent, sync: true, default));

    public Task RemoveParentAsync(Tag child, Tag parent, CancellationToken cancel = default) => RemoveParent(child, parent, sync: false, cancel);

    private Task<int> RemoveParent(Tag child, Tag parent, bool sync, CancellationToken cancel) => WriteAsync(async db =>
    {
        var childId = await FindTagId(db, child);
        var parentId = await FindTagId(db, parent);
        if (childId is null || parentId is null) return 0;
        return await ExecuteAsync(db, "DELETE FROM tag_parents WHERE child_id = @child AND parent_id = @parent", ("child", childId), ("parent", parentId));
    }, sync, cancel);

    private Task<long?> FindTagId(Db db, Tag tag, bool trim = true) =>
        QueryFirstAsync(db, $"SELECT id FROM tags WHERE category = @category AND {Dialect.SameName("name", "name")}", r => (long?)r.GetInt64(0),
            ("category", tag.Category.Slug()), ("name", trim ? tag.Name.Trim() : tag.Name));

    /// <summary>
    /// The tag's id, creating the tag when the archive does not know it (names match case-insensitively). Wrangling
    /// trims the names a user typed; imports store names as the importer gave them.
    /// </summary>
    private async Task<long> EnsureTag(Db db, Tag tag, bool trim = true)
    {
        if (await FindTagId(db, tag, trim) is { } id) return id;
        // ON CONFLICT waits for a concurrent creator; its row is then visible to the next statement (READ COMMITTED).
        return await QueryFirstAsync(db, "INSERT INTO tags (category, name) VALUES (@category, @name) ON CONFLICT DO NOTHING RETURNING id",
                   r => (long?)r.GetInt64(0), ("category", tag.Category.Slug()), ("name", trim ? tag.Name.Trim() : tag.Name))
               ?? await FindTagId(db, tag, trim)
               ?? throw new RetryWriteException();
    }
}
