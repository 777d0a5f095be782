using Ficshelf.Core.Search.Text;

namespace Ficshelf.Core.Search;

/// <summary>
/// What one query may cost, so no request holds a server for seconds: repeated text parts are folded into one
/// (all must match anyway), and what is left is priced — a short prefix expands to many terms, so it costs more —
/// against a fixed budget. Past the budget the query is refused with <see cref="SearchBudgetExceededException"/>.
/// </summary>
internal static class SearchBudget
{
    /// <summary>Enough for any query a person types (dozens of words, a handful of prefixes); far below what stalls an engine.</summary>
    public const int Limit = 64;

    public const int MaxTags = 64;

    /// <summary>A one-letter prefix matches a large share of the vocabulary; a two-letter one a good part of it.</summary>
    public static int Cost(TextClause clause) => clause switch
    {
        TextClause.Prefix { Value.Length: <= 1 } => 16,
        TextClause.Prefix { Value.Length: 2 } => 4,
        TextClause.Prefix => 2,
        TextClause.Phrase phrase => phrase.Terms.Count,
        _ => 1,
    };

    /// <summary>The query with its text folded (each distinct part once), or the exception when it still costs too much.</summary>
    public static SearchQuery Apply(SearchQuery query)
    {
        var clauses = TextClause.Parse(query.Text);
        var distinct = clauses.Distinct(ClauseComparer.Instance).ToList();
        var cost = distinct.Sum(Cost);
        if (cost > Limit)
            throw new SearchBudgetExceededException(
                $"the query is too costly to run: its text parts cost {cost} against a budget of {Limit} (a one-letter prefix such as t* costs 16, a two-letter one 4, a word 1); use fewer or longer prefixes and words");
        var tags = query.Include.Count + query.Exclude.Count + query.Authors.Count;
        if (tags > MaxTags)
            throw new SearchBudgetExceededException($"the query names {tags} tags and authors; at most {MaxTags} can be asked at once");
        return distinct.Count == clauses.Count ? query : query with { Text = string.Join(' ', distinct.Select(Write)) };
    }

    /// <summary>A clause written back so <see cref="TextClause.Parse"/> reads it the same (its terms are already tokenized).</summary>
    private static string Write(TextClause clause) => clause switch
    {
        TextClause.Term t => t.Value,
        TextClause.Prefix p => p.Value + "*",
        TextClause.Phrase p => "\"" + string.Join(' ', p.Terms) + "\"",
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Records compare lists by reference; two phrases are the same when their terms are.</summary>
    private sealed class ClauseComparer : IEqualityComparer<TextClause>
    {
        public static readonly ClauseComparer Instance = new();

        public bool Equals(TextClause? a, TextClause? b) => (a, b) switch
        {
            (TextClause.Phrase x, TextClause.Phrase y) => x.Terms.SequenceEqual(y.Terms, StringComparer.Ordinal),
            _ => EqualityComparer<TextClause>.Default.Equals(a, b),
        };

        public int GetHashCode(TextClause clause) => clause is TextClause.Phrase p
            ? p.Terms.Aggregate(17, (h, t) => h * 31 + StringComparer.Ordinal.GetHashCode(t))
            : clause.GetHashCode();
    }
}

/// <summary>A query refused because it would cost more than <see cref="SearchBudget"/> allows: a bad request, not a failure.</summary>
public sealed class SearchBudgetExceededException(string message) : FormatException(message);
