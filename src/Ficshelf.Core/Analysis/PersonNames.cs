using System.Text.RegularExpressions;
using Ficshelf.Core.Analysis.Canon;

namespace Ficshelf.Core.Analysis;

/// <summary>
/// Tells a canon name used for the canon character from the same word used for someone or something else, by the words
/// around it — the way a reader does:
/// <list type="bullet">
/// <item>another person's full name: a canon surname after a different given name ("Aiden Parker" is not Peter Parker), a
/// canon first name before a different surname ("Nick Maguire" is not Nick Fury); and once the text gives a name to such
/// a person, its bare uses are theirs too, unless the canon character is named in a form of their own somewhere;</item>
/// <item>a name that is not a person at all: two capitalised words joined by "&amp;" (a shop, a firm, a magazine: "Barnes
/// &amp; Noble"), a name after "a"/"an" ("a Quill"), inside a web address or a link's text.</item>
/// </list>
/// Such matches are dropped before anything counts them: they establish no character and prove no fandom.
/// </summary>
internal sealed partial class PersonNames
{
    /// <summary>Per character: every word of every name they go by ("James", "Buchanan", "Barnes", "Sergeant"…).</summary>
    private readonly Dictionary<CanonCharacter, HashSet<string>> nameWords = [];

    /// <summary>Per character: the names a stranger can share — the last word of a longer name of theirs ("Parker" of "Peter
    /// Parker") and the first names that name them only in context ("Peter", "Sam"). A name of their own ("Bucky",
    /// "Spider-Man", "Sam Wilson") is not one of these.</summary>
    private readonly Dictionary<CanonCharacter, HashSet<string>> sharable = [];

    /// <summary>Per character: the family name of a character whose given name the data marks as common ("Parker" of Peter
    /// Parker, "Barnes" of James Barnes): an everyday surname that on its own names nobody in particular.</summary>
    private readonly Dictionary<CanonCharacter, string> everydaySurname = [];

    public PersonNames(CanonKnowledgeBase knowledge)
    {
        foreach (var character in knowledge.Characters)
        {
            var full = WordsOf(WithoutNickname(character.ShortName));
            if (full.Count >= 2 && character.ContextualAliases.Contains(full[0]) && character.Aliases.Contains(full[^1]))
                everydaySurname[character] = full[^1];
            var words = new HashSet<string>(StringComparer.Ordinal);
            var shared = new HashSet<string>(character.ContextualAliases, StringComparer.Ordinal);
            foreach (var name in character.Aliases.Concat(character.ContextualAliases).Append(character.ShortName))
            {
                var split = WordsOf(name);
                words.UnionWith(split);
                if (split.Count > 1 && !split[0].Equals("the", StringComparison.OrdinalIgnoreCase)) shared.Add(split[^1]);
            }
            nameWords[character] = words;
            sharable[character] = shared;
        }
    }

    private static string WithoutNickname(string name)
    {
        var start = name.IndexOfAny(['"', '“']);
        var end = start < 0 ? -1 : name.IndexOfAny(['"', '”'], start + 1);
        return end < 0 ? name : name[..start] + name[(end + 1)..];
    }

    private static List<string> WordsOf(string name) =>
        NameWord().Matches(name).Select(m => m.Value).ToList();

    /// <summary>The matches that name people of the canon as far as the words around them tell.</summary>
    public List<AliasMatch> People(string text, List<AliasMatch> matches, IReadOnlyList<(int Start, int Length)>? links = null)
    {
        if (matches.Count == 0) return matches;
        var lowercase = new Lazy<HashSet<string>>(() => LowercaseWords(text));
        var kept = new List<AliasMatch>(matches.Count);
        // Names the text gives to someone else: bare uses of them are that person's too (see below).
        var taken = new HashSet<string>(StringComparer.Ordinal);
        // A work repeats its few names many times: each name's people are looked up once.
        var peopleByAlias = new Dictionary<string, List<CanonCharacter>>(StringComparer.Ordinal);
        List<CanonCharacter> People(AliasMatch m)
        {
            if (!peopleByAlias.TryGetValue(m.Alias, out var list))
                peopleByAlias[m.Alias] = list = m.Targets.Where(t => t.Kind is AliasKind.Strong or AliasKind.Contextual && t.Character is not null).Select(t => t.Character!).Distinct().ToList();
            return list;
        }
        foreach (var m in matches)
        {
            var people = People(m);
            if (people.Count == 0) { kept.Add(m); continue; }
            if (NotAPerson(text, m, links)) continue;
            if (char.IsUpper(m.Alias[0]) && !m.Alias.Contains(' ', StringComparison.Ordinal) && AnotherPersonsName(text, m, people, lowercase))
            {
                taken.Add(m.Alias);
                continue;
            }
            kept.Add(m);
        }
        if (taken.Count == 0) return kept;

        // A character named in a form that only they go by ("Bucky", "Sam Wilson") keeps the bare names; otherwise a
        // "Sam" in a text that also has a "Sam Schill" is Sam Schill.
        var namedOwnWay = new HashSet<CanonCharacter>();
        foreach (var m in kept)
        {
            foreach (var character in People(m))
                if (character.Aliases.Contains(m.Alias) && !taken.Contains(m.Alias) && !(sharable.TryGetValue(character, out var shared) && shared.Contains(m.Alias)))
                    namedOwnWay.Add(character);
        }
        return kept.Where(m => !taken.Contains(m.Alias) || People(m).Any(namedOwnWay.Contains)).ToList();
    }

    /// <summary>
    /// The matches that may count toward inferring a fandom: all but an everyday surname with no other name of its
    /// character anywhere ("Parker" with no "Peter", "Spider-Man" or "Peter Parker"). Once the fandom is known from
    /// other names such a surname still names the character ("Hopper" in a Stranger Things story).
    /// </summary>
    public (List<AliasMatch> Body, List<AliasMatch> Metadata) FandomEvidence(List<AliasMatch> body, List<AliasMatch> metadata)
    {
        bool IsSurname(AliasMatch m, CanonCharacter c) => everydaySurname.TryGetValue(c, out var surname) && surname == m.Alias;
        static IEnumerable<CanonCharacter> People(AliasMatch m) =>
            m.Targets.Where(t => t.Kind is AliasKind.Strong or AliasKind.Contextual && t.Character is not null).Select(t => t.Character!);
        if (!body.Concat(metadata).Any(m => People(m).Any(c => IsSurname(m, c)))) return (body, metadata);
        HashSet<CanonCharacter>? otherwiseNamed = null;
        bool Lone(AliasMatch m)
        {
            if (!People(m).Any() || !People(m).All(c => IsSurname(m, c))) return false;
            otherwiseNamed ??= body.Concat(metadata).SelectMany(n => People(n).Where(c => !IsSurname(n, c))).ToHashSet();
            return !People(m).Any(otherwiseNamed.Contains);
        }
        return (body.Where(m => !Lone(m)).ToList(), metadata.Where(m => !Lone(m)).ToList());
    }

    /// <summary>"Barnes &amp; Noble", "a Quill", "books.example.com/Parker", a link's text: a name, but nobody's.</summary>
    private static bool NotAPerson(string text, AliasMatch m, IReadOnlyList<(int Start, int Length)>? links)
    {
        if (links is not null && links.Any(l => m.Start >= l.Start && m.Start < l.Start + l.Length)) return true;
        if (InWebAddress(text, m.Start, m.Start + m.Length)) return true;
        if (!char.IsUpper(m.Alias[0])) return false;
        // "a Quill", "an Avenger": a capitalised word after an indefinite article is a thing or a kind, not the character.
        var before = PreviousWord(text, m.Start);
        if (before is { } b && text.AsSpan(b.Start, b.Length) is "a" or "an") return true;
        if (m.Alias.Contains(' ', StringComparison.Ordinal)) return false;
        // "Barnes & Noble", "Quill & Quire": two lone capitalised words joined by an ampersand name a firm.
        return JoinedByAmpersand(text, m.Start, m.Start + m.Length);
    }

    private static bool InWebAddress(string text, int start, int end)
    {
        var from = start;
        while (from > 0 && !char.IsWhiteSpace(text[from - 1])) from--;
        var to = end;
        while (to < text.Length && !char.IsWhiteSpace(text[to])) to++;
        var token = text.AsSpan(from, to - from);
        return token.Contains("://", StringComparison.Ordinal) || token.Contains("www.", StringComparison.OrdinalIgnoreCase) ||
               token.IndexOf('@') is var at && at >= 0 && at < start - from;
    }

    private static bool JoinedByAmpersand(string text, int start, int end)
    {
        // Word & Name
        var i = start - 1;
        while (i >= 0 && text[i] == ' ') i--;
        if (i >= 0 && text[i] == '&' && PreviousWord(text, i) is { } left && IsLoneCapitalised(text, left.Start, left.Length)) return true;
        // Name & Word
        i = end;
        while (i < text.Length && text[i] == ' ') i++;
        if (i < text.Length && text[i] == '&' && NextWord(text, i + 1) is { } right && IsLoneCapitalised(text, right.Start, right.Length)) return true;
        return false;
    }

    /// <summary>A capitalised word with no other capitalised word beside it ("Noble" in "Barnes &amp; Noble", not "Rogers" in "Steve Rogers").</summary>
    private static bool IsLoneCapitalised(string text, int start, int length)
    {
        if (!char.IsUpper(text[start])) return false;
        var prev = PreviousWord(text, start);
        var next = NextWord(text, start + length);
        return !(prev is { } p && Adjacent(text, p.Start + p.Length, start) && char.IsUpper(text[p.Start])) &&
               !(next is { } n && Adjacent(text, start + length, n.Start) && char.IsUpper(text[n.Start]));
    }

    /// <summary>
    /// Whether the capitalised words right beside a name make it someone else's full name: a word that is no name of the
    /// character, not a title ("Agent", "Aunt"), not a word that starts the sentence ("Then Parker said", "Bring Sasuke") and not a
    /// word of a title-cased heading ("The Night Parker Came Home", whose words the text also uses in lower case).
    /// </summary>
    private bool AnotherPersonsName(string text, AliasMatch m, List<CanonCharacter> people, Lazy<HashSet<string>> lowercase)
    {
        var run = new List<(int Start, int Length)>();
        var cursor = m.Start;
        while (PreviousWord(text, cursor) is { } w && Adjacent(text, w.Start + w.Length, cursor) && IsCapitalisedWord(text, w))
        {
            run.Insert(0, w);
            cursor = w.Start;
        }
        var before = run.Count;
        cursor = m.Start + m.Length;
        while (NextWord(text, cursor) is { } w && Adjacent(text, cursor, w.Start) && IsCapitalisedWord(text, w))
        {
            run.Add(w);
            cursor = w.Start + w.Length;
        }
        if (run.Count == 0) return false;
        var foreign = false;
        var others = 0;
        for (var i = 0; i < run.Count; i++)
        {
            var word = text.Substring(run[i].Start, run[i].Length);
            if (people.Any(c => nameWords.TryGetValue(c, out var own) && own.Contains(word))) return false; // "Hermione Jean Granger": the character's own full name
            if (Titles.Contains(word) || CommonWords.Contains(word) || word.Length < 2 || !word.Skip(1).Any(char.IsLower)) continue;
            // Given name and family name: a longer run ("Harold Turpin Potter", a heading) is not read.
            if (++others > 1) return false;
            // A capitalised word that starts the sentence may be any word ("Bring Sasuke."): only a name in mid-sentence tells.
            if (i == 0 && i < before && !CharacterDetector.IsMidSentence(text, run[i].Start)) continue;
            // "Voldemort Waited two years", "The Night Parker Came Home": a word the text also uses in lower case is a word.
            if (UsedAsWord(word.ToLowerInvariant(), lowercase.Value)) continue;
            // "Voldemort Waited two years": a past tense after the name, capitalised as in a heading, is no surname.
            if (i >= before && word.Length >= 6 && word.EndsWith("ed", StringComparison.Ordinal) && !word.EndsWith("eed", StringComparison.Ordinal)) continue;
            foreign = true;
        }
        return foreign;
    }

    /// <summary>Whether the text uses the word, or another form of it ("waited" beside "wait"), in lower case.</summary>
    private static bool UsedAsWord(string word, HashSet<string> lowercase)
    {
        if (lowercase.Contains(word)) return true;
        foreach (var ending in (ReadOnlySpan<string>)["ed", "d", "s", "es", "ing", "ly"])
            if (word.Length - ending.Length >= 3 && word.EndsWith(ending, StringComparison.Ordinal) && lowercase.Contains(word[..^ending.Length])) return true;
        return false;
    }

    private static bool IsCapitalisedWord(string text, (int Start, int Length) w) => char.IsUpper(text[w.Start]);

    /// <summary>Two words with only spaces between them (no punctuation, no line break).</summary>
    private static bool Adjacent(string text, int end, int start)
    {
        if (start <= end) return false;
        for (var i = end; i < start; i++)
            if (text[i] is not (' ' or '\u00A0')) return false;
        return start - end <= 2;
    }

    private static (int Start, int Length)? PreviousWord(string text, int position)
    {
        var end = position;
        while (end > 0 && !IsWordChar(text[end - 1]))
        {
            if (position - end > 3) return null;
            end--;
        }
        if (end == 0) return null;
        var start = end;
        while (start > 0 && IsWordChar(text[start - 1])) start--;
        return (start, end - start);
    }

    private static (int Start, int Length)? NextWord(string text, int position)
    {
        var start = position;
        while (start < text.Length && !IsWordChar(text[start]))
        {
            if (start - position > 3) return null;
            start++;
        }
        if (start >= text.Length) return null;
        var end = start;
        while (end < text.Length && IsWordChar(text[end])) end++;
        return (start, end - start);
    }

    private static bool IsWordChar(char c) => char.IsLetter(c) || c is '-' or '\'' or '’';

    private static HashSet<string> LowercaseWords(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match w in LowercaseWord().Matches(text)) words.Add(w.Value);
        return words;
    }

    [GeneratedRegex(@"[\p{L}][\p{L}\-'’.]*")]
    private static partial Regex NameWord();

    [GeneratedRegex(@"\b\p{Ll}[\p{Ll}'’]*\b")]
    private static partial Regex LowercaseWord();

    /// <summary>Words a name can follow without becoming part of it.</summary>
    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal)
    {
        "Mr", "Mrs", "Ms", "Mx", "Miss", "Mister", "Madam", "Madame", "Dr", "Doctor", "Doc", "Professor", "Prof", "Sir", "Dame", "Lady", "Lord",
        "Master", "Mistress", "Captain", "Cap", "Agent", "Sergeant", "Sgt", "Director", "Detective", "Inspector", "Officer", "Chief", "General",
        "Colonel", "Major", "Lieutenant", "Commander", "Admiral", "Private", "Corporal", "Commander", "Special", "Senator", "President", "Judge",
        "Coach", "Nurse", "King", "Queen", "Prince", "Princess", "Duke", "Duchess", "Emperor", "Empress", "Saint", "St", "Father", "Mother",
        "Brother", "Sister", "Aunt", "Auntie", "Uncle", "Cousin", "Grandma", "Grandpa", "Granny", "Nana", "Papa", "Mama", "Mom", "Mum", "Dad",
        "Baby", "Little", "Young", "Old", "Big", "Dear", "Poor", "Sweet", "Ser", "Don", "Señor", "Señora", "Herr", "Frau", "Monsieur",
    };

    /// <summary>Words that start sentences and headings far more often than they are anyone's name.</summary>
    private static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal)
    {
        "I", "The", "A", "An", "And", "But", "Or", "Nor", "So", "Yet", "Then", "When", "While", "If", "As", "At", "In", "On", "Of", "To", "For",
        "From", "With", "By", "After", "Before", "Because", "Since", "Until", "Now", "Yes", "No", "Not", "Oh", "Ah", "Well", "Still", "Even",
        "Just", "Only", "Maybe", "Perhaps", "This", "That", "These", "Those", "There", "Here", "What", "Who", "Whom", "Why", "How", "Where",
        "Which", "Did", "Does", "Do", "Is", "Was", "Are", "Were", "Has", "Had", "Have", "Will", "Would", "Can", "Could", "Should", "Shall",
        "Might", "Must", "Let", "Tell", "Ask", "Thank", "Thanks", "Sorry", "Please", "Hey", "Hi", "Hello", "Every", "Each", "All", "Both",
        "Some", "Any", "Our", "Your", "His", "Her", "Their", "My", "Its", "We", "You", "He", "She", "They", "It", "Once", "Later", "Never",
        "Always", "Also", "Too", "Again", "Like", "Without", "Behind", "Inside", "Outside", "Beside", "Against", "Through", "Across", "Okay",
        "OK", "God", "Christ", "Chapter", "Part", "Book", "Volume", "Prologue", "Epilogue", "Author", "Note", "Notes", "By", "Sincerely",
        "Love", "Yours", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
        "June", "July", "August", "September", "October", "November", "December", "Christmas", "English",
    };
}
