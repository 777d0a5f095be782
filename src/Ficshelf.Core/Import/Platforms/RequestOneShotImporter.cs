using System.Text.RegularExpressions;
using Ficshelf.Core.Domain;
using Ficshelf.Core.Import.Text;

namespace Ficshelf.Core.Import.Platforms;

/// <summary>
/// Tumblr/Quotev request fills: a title line ("Bucky x Natasha: Red Room"), header lines ("prompt:", "Request:",
/// "Pairing:", "Warnings:", "Word count:", "A/N:"), the story, closing notes and taglists.
/// </summary>
internal sealed partial class RequestOneShotImporter : IPlatformImporter
{
    private enum Field { Prompt, Relationship, Character, Warning, Rating, Fandom, Freeform, Summary, Note, Title, Ignored }

    [GeneratedRegex(@"^[\W_]{0,3}(?<label>prompt|prompts|request|requested(?:\s+by\s+[^:]{1,40})?|pairings?|ship|characters?|warnings?|tw|cw|trigger warnings?|content warnings?|rating|rated|fandom|tags|summary|title|word\s*count|words|wc|a/n|a\.n\.|author['’]?s?\s*notes?|authors?\s*notes?|note)(?:\s*#?\d{1,2})?\s*[:\-–—]\s*(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^(?:permanent\s+)?tag\s*list\s*:|^masterlist\b|^\W{0,3}requests?\s+(?:are|is)\s+(?:open|closed)|^(?:reblogs?|likes?|feedback|comments?)\b.{0,40}\b(?:appreciated|welcome)|^\W{0,3}my masterlist", RegexOptions.IgnoreCase)]
    private static partial Regex TrailerLine();

    [GeneratedRegex(@"\b\w[\w.'’ -]{0,40}\s+[x×]\s+\w|\((?:[^()]*\s[x×]\s[^()]*)\)|\bx\s+(?:reader|you)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PairingTitle();

    public Platform Platform => Platform.RequestOneShot;

    /// <summary>Tumblr's ask box as copied: "anonymous asked:" or "NAME asked:", the question after it or on the same line.</summary>
    /// <remarks>Tumblr blog names are lowercase letters, digits and hyphens; a story's "Harry asked:" is not an ask.</remarks>
    [GeneratedRegex(@"^(?<asker>[Aa]nonymous|[Aa]non|[a-z0-9][a-z0-9\-]{0,31})\s+asked\s*:\s*(?<question>.*)$")]
    private static partial Regex AskHeader();

    /// <summary>"Requested by NAME!" / "Request from NAME:" opening a paragraph: the request, whatever follows the name.</summary>
    [GeneratedRegex(@"^[\W_]{0,3}(?:requested|request(?:ed)?\s+(?:by|from))\s+@?\S{1,40}?\s*[!.:\-–—]", RegexOptions.IgnoreCase)]
    private static partial Regex RequestedBy();

    /// <summary>A Tumblr post copied with its blog's name and follow button above it.</summary>
    [GeneratedRegex(@"^[a-z0-9][a-z0-9\-]{2,31}$")]
    private static partial Regex BlogName();

    private static readonly string[] PostButtons = ["Follow", "Reblog", "Like", "Share", "Reply", "Reblogs", "Likes", "Comments", "Tags", "Notes"];

    /// <summary>The post's foot: "Source: blog", "Posted 3 days ago", the buttons.</summary>
    [GeneratedRegex(@"^(?:Source|Via)\s*:\s*\S{1,60}$|^(?:Posted|Reblogged)\b.{0,60}$", RegexOptions.IgnoreCase)]
    private static partial Regex PostFoot();

    private static bool IsBlogHeader(List<string> head) =>
        head.Count >= 2 && BlogName().IsMatch(head[0]) && head[1].Equals("Follow", StringComparison.OrdinalIgnoreCase);

    public double Detect(StoryText text)
    {
        var head = text.Head(12).ToList();
        if (IsBlogHeader(head)) return 0.85;
        // The ask opens the post: only the first lines (after a navigation bar) count.
        if (head.Where(l => !SiteChrome.IsNavigationBar(l)).Take(2).Any(l => l.Length <= 2000 && l.Contains("asked", StringComparison.Ordinal) && AskHeader().IsMatch(l))) return 0.9;
        if (QuotevLayout.Detect(text)) return 0.9;
        var score = 0.0;
        foreach (var line in head)
        {
            var match = HeaderLine().Match(line);
            if (!match.Success) continue;
            var field = FieldOf(match.Groups["label"].Value);
            if (field == Field.Prompt) score = Math.Max(score, 0.85);
            else if (field is Field.Relationship or Field.Warning) score = Math.Max(score, 0.6);
            else if (field == Field.Note && head.Count > 0 && head[0].Length <= 150 && PairingTitle().IsMatch(head[0])) score = Math.Max(score, 0.7);
        }
        if (head.Count > 0 && head[0].Length <= 120 && PairingTitle().IsMatch(head[0])) score = Math.Max(score, 0.5);
        return score;
    }

    private static Field FieldOf(string label)
    {
        var key = label.ToLowerInvariant();
        if (key.StartsWith("requested", StringComparison.Ordinal)) return Field.Prompt;
        return key switch
        {
            "prompt" or "prompts" or "request" => Field.Prompt,
            "pairing" or "pairings" or "ship" => Field.Relationship,
            "character" or "characters" => Field.Character,
            "warning" or "warnings" or "tw" or "cw" or "trigger warning" or "trigger warnings" or "content warning" or "content warnings" => Field.Warning,
            "rating" or "rated" => Field.Rating,
            "fandom" => Field.Fandom,
            "tags" => Field.Freeform,
            "summary" => Field.Summary,
            "title" => Field.Title,
            "word count" or "wordcount" or "words" or "wc" => Field.Ignored,
            _ => Field.Note,
        };
    }

    public Work Parse(StoryText text)
    {
        var lines = text.Lines.ToList();
        var chrome = new List<string>();
        var tags = new DeclaredTags();
        string? title = null;
        // Parts gathered in lists and joined once: a header of thousands of labels must not copy a growing string each time.
        var prompts = new List<string>();
        var summaries = new List<string>();
        var noteParts = new List<string>();

        string? book = null;
        var authors = new List<string>();
        var i = LineLists.NextNonBlank(lines, 0);
        // The blog's name and follow button, then its navigation bar ("masterlist | rules | ask box").
        if (i >= 0 && BlogName().IsMatch(lines[i]) && LineLists.NextNonBlank(lines, i + 1) is var follow and >= 0 && lines[follow].Equals("Follow", StringComparison.OrdinalIgnoreCase))
        {
            chrome.Add(lines[i]);
            chrome.Add(lines[follow]);
            i = LineLists.NextNonBlank(lines, follow + 1);
        }
        while (i >= 0 && SiteChrome.IsNavigationBar(lines[i]))
        {
            chrome.Add(lines[i]);
            i = LineLists.NextNonBlank(lines, i + 1);
        }
        if (QuotevLayout.Read(lines, chrome) is { } quotev)
        {
            (title, book, i) = (quotev.Title, quotev.Book, quotev.BodyStart);
            authors.AddRange(quotev.Authors);
            i = LineLists.NextNonBlank(lines, i);
            if (i >= 0 && RequestedBy().IsMatch(lines[i]))
            {
                // "Requested by NAME! the request..." names the asker and the prompt in one paragraph.
                var end = i;
                while (end < lines.Count && lines[end].Length > 0) end++;
                prompts.Add(string.Join(' ', lines.Skip(i).Take(end - i)));
                i = end;
            }
        }
        else if (i >= 0 && AskHeader().Match(lines[i]) is { Success: true } ask && lines[i].Length <= 2000)
        {
            // An answered ask: the question is the prompt; the answer holds the author's reply, a title and the story.
            chrome.Add(lines[i][..ask.Groups["question"].Index].Trim());
            var question = new List<string>();
            if (ask.Groups["question"].Length > 0) question.Add(ask.Groups["question"].Value.Trim());
            var j = question.Count > 0 ? i + 1 : LineLists.NextNonBlank(lines, i + 1);
            for (; j >= 0 && j < lines.Count && lines[j].Length > 0; j++) question.Add(lines[j]);
            if (question.Count > 0) prompts.Add(string.Join(' ', question));
            i = j < 0 ? lines.Count : j;
            (title, i) = AnswerTitle(lines, i, noteParts);
        }
        else if (i >= 0 && !HeaderLine().IsMatch(lines[i]) && lines[i].Length <= 150 && !TextPatterns.IsChapterHeading(lines[i]))
        {
            title = lines[i];
            i++;
        }

        // Header lines until the first line that is not a label: the story starts there.
        while ((i = LineLists.NextNonBlank(lines, Math.Max(i, 0))) >= 0)
        {
            var line = lines[i];
            if (TrailerLine().IsMatch(line))
            {
                chrome.Add(line);
                i++;
                continue;
            }
            var match = HeaderLine().Match(line);
            if (!match.Success) break;
            var label = match.Groups["label"].Value;
            var field = FieldOf(label);
            chrome.Add(label.ToLowerInvariant() is var l && l.StartsWith("requested", StringComparison.Ordinal) ? label + ":" : line[..(match.Groups["value"].Index)].Trim());
            // The value runs on over the lines of the same block; a label alone takes the next block.
            var valueLines = new List<string>();
            if (match.Groups["value"].Length > 0) valueLines.Add(match.Groups["value"].Value.Trim());
            var j = i + 1;
            if (valueLines.Count == 0)
            {
                j = LineLists.NextNonBlank(lines, j);
                if (j < 0) j = lines.Count;
            }
            for (; j < lines.Count && lines[j].Length > 0 && !HeaderLine().IsMatch(lines[j]); j++) valueLines.Add(lines[j]);
            i = j;
            var value = string.Join(field == Field.Note ? "\n" : " ", valueLines);
            switch (field)
            {
                case Field.Prompt: if (value.Length > 0) prompts.Add(value); break;
                case Field.Summary: if (value.Length > 0) summaries.Add(value); break;
                case Field.Note: if (value.Length > 0) noteParts.Add(value); break;
                case Field.Title: title = value; break;
                case Field.Relationship: AddSplit(tags, TagCategory.Relationship, value); break;
                case Field.Character: AddSplit(tags, TagCategory.Character, value); break;
                case Field.Warning: AddSplit(tags, TagCategory.Warning, value); break;
                case Field.Rating: tags.Add(TagCategory.Rating, value); break;
                case Field.Fandom: AddSplit(tags, TagCategory.Fandom, value); break;
                case Field.Freeform: AddSplit(tags, TagCategory.Freeform, value); break;
                case Field.Ignored: chrome.Add(value); break;
            }
        }
        if (i < 0) i = lines.Count;
        string? prompt = prompts.Count == 0 ? null : string.Join("\n\n", prompts);
        string? summary = summaries.Count == 0 ? null : string.Join("\n\n", summaries);
        string? notes = noteParts.Count == 0 ? null : string.Join("\n\n", noteParts);

        var bodyLines = lines.Skip(i).ToList();
        QuotevLayout.StripFooter(bodyLines, chrome);
        // Hashtags, taglists, note counts and navigation close the post; they are not the story.
        SiteChrome.StripTrailingPostChrome(bodyLines, chrome, l => l.EqualsAny(PostButtons) || PostFoot().IsMatch(l) || TrailerLine().IsMatch(l) && !SiteChrome.IsSignOff(l));

        var work = BodyBuilder.Build(bodyLines).ToWork(Platform, chrome);
        return work with
        {
            Title = title,
            SeriesOrBook = book,
            Authors = authors,
            Prompt = prompt,
            Summary = summary,
            NotesBefore = BodyBuilder.Join(notes, work.NotesBefore),
            Tags = tags.ToList(),
            // A one-shot is finished by nature, unless the copy breaks off or promises more.
            Complete = work.Complete ?? (work.Truncated ? null : true),
        };
    }

    /// <summary>
    /// After an ask, the answer may open with a reply to the asker ("of course!! thank you for requesting") before the
    /// post's title: a short line that names a pairing or that header labels follow. The reply becomes a note.
    /// Without such a line within the first few paragraphs there is no title.
    /// </summary>
    private static (string? Title, int Next) AnswerTitle(List<string> lines, int from, List<string> notes)
    {
        var blocks = new List<(int Start, int End)>();
        var j = LineLists.NextNonBlank(lines, from);
        while (j >= 0 && blocks.Count < 3)
        {
            var end = j;
            while (end < lines.Count && lines[end].Length > 0) end++;
            blocks.Add((j, end));
            if (end >= lines.Count) break;
            j = LineLists.NextNonBlank(lines, end);
        }
        for (var b = 0; b < blocks.Count; b++)
        {
            var (start, end) = blocks[b];
            var line = lines[start];
            if (HeaderLine().IsMatch(line)) return (null, from);
            var next = LineLists.NextNonBlank(lines, end);
            var labelsFollow = next >= 0 && HeaderLine().IsMatch(lines[next]);
            var isTitle = end - start == 1 && line.Length <= 120 && !line.EndsWith('.') && !SiteChrome.StartsDialogue(line) &&
                          (PairingTitle().IsMatch(line) || labelsFollow);
            if (!isTitle) continue;
            foreach (var (s, e) in blocks.Take(b)) notes.Add(string.Join('\n', lines.Skip(s).Take(e - s)));
            return (line, start + 1);
        }
        return (null, from);
    }

    private static void AddSplit(DeclaredTags tags, TagCategory category, string value)
    {
        foreach (var part in value.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            tags.Add(category, part.TrimEnd('.'));
    }
}
