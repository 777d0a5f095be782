using System.Globalization;
using System.Text;
using Ficshelf.Core.Domain;

namespace Ficshelf.Core.Search;

/// <summary>
/// The query string the CLI and the web's search box speak, turned into a <see cref="SearchQuery"/> and back:
/// <c>'red room' +character:"Bucky Barnes" -freeform:"Major Character Death" words:1000-5000 complete:yes sort:words</c>.
/// Fields: <c>+cat:name</c> / <c>cat:name</c> include, <c>-cat:name</c> exclude (cat = fandom, rating, warning, category,
/// relationship, character, freeform, genre); <c>platform:</c>, <c>lang:</c>, <c>words:</c> (<c>1000-5000</c>, <c>&gt;1000</c>,
/// <c>&lt;5000</c>), <c>complete:yes|no</c>, <c>after:</c>/<c>before:</c> dates, <c>sort:relevance|words|date|title</c>,
/// <c>order:asc|desc</c>, <c>page:</c>, <c>per:</c>, <c>author:"Name"</c>. Everything else is full text: words, "phrases" (or 'phrases'), prefix*.
/// </summary>
public static class SearchQueryParser
{
    /// <summary>The whole query or a <see cref="FormatException"/> naming its first bad part (the CLI and the API refuse such a query).</summary>
    public static SearchQuery Parse(string? text)
    {
        var (query, problems) = ParseLeniently(text);
        if (problems.Count > 0) throw new FormatException(problems[0].Message);
        return query;
    }

    /// <summary>
    /// The query with every bad part left out, and what was wrong with each (in query order): a reader's search
    /// still runs on the rest and the page can point at what was dropped.
    /// </summary>
    public static (SearchQuery Query, IReadOnlyList<QueryProblem> Problems) ParseLeniently(string? text)
    {
        var problems = new List<QueryProblem>();
        var query = new SearchQuery();
        var include = new List<Tag>();
        var exclude = new List<Tag>();
        var platforms = new List<Platform>();
        var excludePlatforms = new List<Platform>();
        var languages = new List<string>();
        var words = new List<string>();
        var authors = new List<string>();
        foreach (var token in Tokens(text ?? ""))
        {
            try
            {
                query = Apply(token);
            }
            catch (FormatException e)
            {
                problems.Add(new QueryProblem(token.Raw, token.Start, e.Message));
            }
        }
        return (query with
        {
            Text = words.Count == 0 ? null : string.Join(' ', words),
            Include = include,
            Exclude = exclude,
            Authors = authors,
            Platforms = platforms,
            ExcludePlatforms = excludePlatforms,
            Languages = languages,
        }, problems);

        // One part of the query applied to the query so far; a bad part throws and changes nothing.
        SearchQuery Apply(Token token)
        {
            if (token.Quoted || token.Field is null)
            {
                words.Add(token.Quoted ? Quote(token.Value) : token.Value);
                return query;
            }
            var field = token.Field.ToLowerInvariant();
            var value = token.Value;
            if (TagNames.TryParseCategory(field, out var category))
            {
                if (value.Length == 0) throw new FormatException($"'{token.Raw}' needs a tag name after the colon");
                (token.Sign == '-' ? exclude : include).Add(new Tag(category, value));
                return query;
            }
            switch (field)
            {
                case "author" or "by":
                    if (value.Length == 0) throw new FormatException($"'{token.Raw}' needs an author's name after the colon");
                    if (token.Sign == '-') throw new FormatException($"'{token.Raw}': leaving out an author is not supported (author:NAME finds an author's works)");
                    authors.Add(value);
                    break;
                case "platform":
                    if (!PlatformNames.TryParse(value, out var platform))
                        throw new FormatException($"unknown platform '{value}' (one of {string.Join(", ", PlatformNames.AllSlugs)})");
                    (token.Sign == '-' ? excludePlatforms : platforms).Add(platform);
                    break;
                case "lang" or "language":
                    languages.Add(value.ToLowerInvariant());
                    break;
                case "words":
                    (var min, var max) = ParseRange(value, token.Raw);
                    query = query with { MinWords = min, MaxWords = max };
                    break;
                case "complete":
                    query = query with { Complete = ParseBool(value, token.Raw) };
                    break;
                case "after":
                    query = query with { ImportedAfter = ParseDate(value, token.Raw) };
                    break;
                case "before":
                    query = query with { ImportedBefore = ParseDate(value, token.Raw) };
                    break;
                case "sort":
                    query = ParseSort(query, value, token.Raw);
                    break;
                case "order":
                    query = query with { Descending = value.ToLowerInvariant() switch { "asc" or "ascending" => false, "desc" or "descending" => true, _ => throw new FormatException($"'{token.Raw}': order is asc or desc") } };
                    break;
                case "page":
                    query = query with { Page = Math.Max(1, ParseInt(value, token.Raw)) };
                    break;
                case "per" or "pagesize":
                    query = query with { PageSize = Math.Clamp(ParseInt(value, token.Raw), 1, 1000) };
                    break;
                default:
                    // "word:thing" that is no field of ours stays text.
                    words.Add(token.Raw);
                    break;
            }
            return query;
        }
    }

    /// <summary>The query string that parses back to <paramref name="query"/> (paging left out unless set).</summary>
    public static string Format(SearchQuery query)
    {
        var parts = new List<string>();
        if (query.HasText) parts.Add(query.Text!.Trim());
        parts.AddRange(query.Include.Select(t => $"+{t.Category.Slug()}:{Value(t.Name)}"));
        parts.AddRange(query.Exclude.Select(t => $"-{t.Category.Slug()}:{Value(t.Name)}"));
        parts.AddRange(query.Authors.Select(a => $"author:{Value(a)}"));
        parts.AddRange(query.Platforms.Select(p => $"platform:{p.Slug()}"));
        parts.AddRange(query.ExcludePlatforms.Select(p => $"-platform:{p.Slug()}"));
        parts.AddRange(query.Languages.Select(l => $"lang:{l}"));
        if (query.MinWords is not null || query.MaxWords is not null) parts.Add($"words:{query.MinWords}-{query.MaxWords}");
        if (query.Complete is { } complete) parts.Add(complete ? "complete:yes" : "complete:no");
        if (query.ImportedAfter is { } after) parts.Add($"after:{after.UtcDateTime:yyyy-MM-dd}");
        if (query.ImportedBefore is { } before) parts.Add($"before:{before.UtcDateTime:yyyy-MM-dd}");
        if (query.Sort != SearchSort.Relevance) parts.Add("sort:" + query.Sort switch { SearchSort.WordCount => "words", SearchSort.DateImported => "date", _ => "title" });
        if (query.Descending is { } descending) parts.Add(descending ? "order:desc" : "order:asc");
        if (query.Page != 1) parts.Add($"page:{query.Page}");
        if (query.PageSize != 20) parts.Add($"per:{query.PageSize}");
        return string.Join(' ', parts);
    }

    private static string Value(string name) => name.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') || name.Length == 0 ? Quote(name) : name;

    private static string Quote(string text) => "\"" + text.Replace("\"", "") + "\"";

    private readonly record struct Token(char? Sign, string? Field, string Value, bool Quoted, string Raw, int Start);

    private static IEnumerable<Token> Tokens(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) yield break;
            var start = i;
            if (IsQuote(text[i]))
            {
                var (value, next) = ReadQuoted(text, i);
                i = next;
                yield return new Token(null, null, value, true, text[start..i], start);
                continue;
            }
            char? sign = text[i] is '+' or '-' ? text[i] : null;
            var bodyStart = sign is null ? i : i + 1;
            // A field is letters then a colon.
            var j = bodyStart;
            while (j < text.Length && (char.IsLetter(text[j]) || text[j] == '_')) j++;
            if (j > bodyStart && j < text.Length && text[j] == ':')
            {
                var field = text[bodyStart..j];
                j++;
                string value;
                if (j < text.Length && IsQuote(text[j])) (value, j) = ReadQuoted(text, j);
                else
                {
                    var valueStart = j;
                    while (j < text.Length && !char.IsWhiteSpace(text[j])) j++;
                    value = text[valueStart..j];
                }
                i = j;
                yield return new Token(sign, field, value.Trim(), false, text[start..i], start);
                continue;
            }
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            yield return new Token(null, null, text[start..i], false, text[start..i], start);
        }
    }

    private static bool IsQuote(char c) => c is '"' or '\'' or '“' or '”';

    private static (string Value, int Next) ReadQuoted(string text, int at)
    {
        var open = text[at];
        var close = open == '“' ? '”' : open;
        var end = text.IndexOf(close, at + 1);
        if (open == '\'' && end < 0) end = -1;
        if (end < 0) return (text[(at + 1)..], text.Length); // an unclosed quote runs to the end
        return (text[(at + 1)..end], end + 1);
    }

    private static (int? Min, int? Max) ParseRange(string value, string raw)
    {
        var v = value.Replace(",", "").Replace("_", "");
        if (v.StartsWith(">=", StringComparison.Ordinal)) return (ParseInt(v[2..], raw), null);
        if (v.StartsWith('>')) return (ParseInt(v[1..], raw) + 1, null);
        if (v.StartsWith("<=", StringComparison.Ordinal)) return (null, ParseInt(v[2..], raw));
        if (v.StartsWith('<')) return (null, ParseInt(v[1..], raw) - 1);
        var dash = v.IndexOf('-');
        if (dash < 0) { var exact = ParseInt(v, raw); return (exact, exact); }
        var min = dash == 0 ? (int?)null : ParseInt(v[..dash], raw);
        var max = dash == v.Length - 1 ? (int?)null : ParseInt(v[(dash + 1)..], raw);
        return (min, max);
    }

    private static int ParseInt(string value, string raw)
    {
        var v = value.Trim().ToLowerInvariant();
        var multiplier = 1;
        if (v.EndsWith('k')) { multiplier = 1000; v = v[..^1]; }
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0)
            throw new FormatException($"'{raw}': '{value}' is not a number");
        return (int)Math.Min(int.MaxValue, Math.Round(number * multiplier));
    }

    private static bool ParseBool(string value, string raw) => value.ToLowerInvariant() switch
    {
        "yes" or "y" or "true" or "1" or "complete" => true,
        "no" or "n" or "false" or "0" or "wip" or "incomplete" => false,
        _ => throw new FormatException($"'{raw}': complete is yes or no"),
    };

    private static DateTimeOffset ParseDate(string value, string raw) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw new FormatException($"'{raw}': '{value}' is not a date (use 2026-01-31)");

    private static SearchQuery ParseSort(SearchQuery query, string value, string raw)
    {
        var v = value.ToLowerInvariant();
        bool? descending = null;
        if (v.EndsWith("-asc", StringComparison.Ordinal) || v.EndsWith("-desc", StringComparison.Ordinal))
        {
            descending = v.EndsWith("-desc", StringComparison.Ordinal);
            v = v[..v.LastIndexOf('-')];
        }
        var sort = v switch
        {
            "relevance" or "score" or "best" => SearchSort.Relevance,
            "words" or "wordcount" or "length" => SearchSort.WordCount,
            "date" or "imported" or "new" or "newest" or "recent" => SearchSort.DateImported,
            "title" or "alpha" => SearchSort.Title,
            _ => throw new FormatException($"'{raw}': sort by relevance, words, date or title"),
        };
        return query with { Sort = sort, Descending = descending ?? query.Descending };
    }
}

/// <summary>A part of a query that was left out: the text as written, where it starts, and why.</summary>
public sealed record QueryProblem(string Part, int Start, string Message);
