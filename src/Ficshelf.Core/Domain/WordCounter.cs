namespace Ficshelf.Core.Domain;

/// <summary>Counts words as readers do: white-space separated tokens that hold a letter or a digit (so "—" and "***" are not words).</summary>
public static class WordCounter
{
    public static int Count(IEnumerable<string> paragraphs) => paragraphs.Sum(Count);

    public static int Count(string text)
    {
        var count = 0;
        var inToken = false;
        var tokenHasWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (inToken && tokenHasWord) count++;
                inToken = false;
                tokenHasWord = false;
            }
            else
            {
                inToken = true;
                tokenHasWord |= char.IsLetterOrDigit(c);
            }
        }
        if (inToken && tokenHasWord) count++;
        return count;
    }
}
