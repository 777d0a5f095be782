using System.Globalization;
using System.Text;

namespace Ficshelf.Web.Tests.Support;

/// <summary>Invented AO3-style text copies (written for the tests), each story's text its own so none is a near-duplicate.</summary>
public static class InventedWorks
{
    private static readonly string[] Words =
    [
        "lantern", "harbour", "salt", "rope", "gull", "tide", "keeper", "ledger", "kettle", "mast", "pier", "fog", "bell",
        "anchor", "net", "oar", "cliff", "shingle", "lamp", "storm", "ferry", "chart", "compass", "sail", "wharf", "crab",
        "driftwood", "beacon", "cottage", "window", "letter", "ink", "candle", "stair", "cellar", "barrel", "cider", "bread",
        "morning", "evening", "quiet", "laughed", "waited", "counted", "mended", "whistled", "remembered", "forgot", "carried",
    ];

    /// <summary>Writes <paramref name="count"/> works into a new folder; works 1–3 are parts 1–3 of the series "Lantern Row Tales".</summary>
    public static string WriteAll(int count)
    {
        var dir = TestPaths.NewTempDir();
        for (var i = 1; i <= count; i++)
            File.WriteAllText(Path.Combine(dir, $"invented-{i:D2}.txt"), Ao3Text(i, i <= 3 ? ("Lantern Row Tales", i) : null));
        return dir;
    }

    public static string Title(int n) => $"Lantern Story Number {n.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>An invented AO3 text copy; with <paramref name="chapters"/> above 1, "Chapter N: …" / "Chapter Text" chapters.</summary>
    public static string Ao3Text(int n, (string Name, int Part)? series, int chapters = 1)
    {
        var random = new Random(n * 7919);
        var text = new StringBuilder();
        text.Append("Rating:\n    General Audiences\nArchive Warning:\n    No Archive Warnings Apply\nCategory:\n    Gen\n");
        text.Append(CultureInfo.InvariantCulture, $"Fandom:\n    {(n % 2 == 0 ? "Harbour Lights (Original Work)" : "Lantern Row (Original Work)")}\n");
        text.Append("Characters:\n    Tobias Fenn\nLanguage:\n    English\n");
        if (series is { } s) text.Append(CultureInfo.InvariantCulture, $"Series:\n    Part {s.Part} of {s.Name}\n");
        text.Append(CultureInfo.InvariantCulture, $"Stats:\n    Published: 2025-06-01 Words: 300 Chapters: {chapters}/{chapters}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{Title(n)}\nsaltmarsh\nSummary:\n\n    A quiet story about the harbour, number {n}.\n\nWork Text:\n\n");
        for (var p = 0; p < 5 * chapters; p++)
        {
            if (chapters > 1 && p % 5 == 0) text.Append(CultureInfo.InvariantCulture, $"Chapter {p / 5 + 1}: {Words[random.Next(Words.Length)]}\nChapter Text\n\n");
            var sentence = string.Join(' ', Enumerable.Range(0, 60).Select(_ => Words[random.Next(Words.Length)]));
            text.Append(char.ToUpperInvariant(sentence[0])).Append(sentence.AsSpan(1)).Append(".\n\n");
        }
        return text.ToString();
    }
}
