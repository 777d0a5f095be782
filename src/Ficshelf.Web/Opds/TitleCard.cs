using System.Globalization;
using System.Text;
using System.Xml;
using Ficshelf.Core.Domain;

namespace Ficshelf.Web.Opds;

/// <summary>A cover for works that have none: the title and authors on a card, drawn as SVG (no image library needed).</summary>
public static class TitleCard
{
    private const string SvgNs = "http://www.w3.org/2000/svg";
    private const int Width = 600, Height = 900, LineChars = 18, MaxLines = 7;

    // A few quiet backgrounds; the work's id picks one so a shelf of cards is not all the same colour.
    private static readonly string[] Backgrounds = ["#3b4a6b", "#6b3b4a", "#3b6b5a", "#5a4a2e", "#4a3b6b", "#2e5a6b"];

    public static byte[] Svg(WorkBlurb work)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartElement("svg", SvgNs);
            xml.WriteAttributeString("width", Width.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("height", Height.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("viewBox", $"0 0 {Width} {Height}");
            xml.WriteStartElement("rect", SvgNs);
            xml.WriteAttributeString("width", "100%");
            xml.WriteAttributeString("height", "100%");
            xml.WriteAttributeString("fill", Backgrounds[(int)(work.Id % Backgrounds.Length)]);
            xml.WriteEndElement();
            var y = 220;
            foreach (var line in Wrap(work.Title, LineChars).Take(MaxLines))
            {
                Text(xml, line, y, 52, "bold");
                y += 66;
            }
            y += 40;
            foreach (var line in Wrap(string.Join(", ", work.Authors.DefaultIfEmpty("Anonymous")), LineChars + 8).Take(3))
            {
                Text(xml, line, y, 34, "normal");
                y += 46;
            }
            if (work.TagsIn(TagCategory.Fandom).FirstOrDefault() is { } fandom)
                Text(xml, Wrap(fandom.Name, LineChars + 14).First(), Height - 90, 26, "normal");
            xml.WriteEndElement();
        }
        return buffer.ToArray();
    }

    private static void Text(XmlWriter xml, string text, int y, int size, string weight)
    {
        xml.WriteStartElement("text", SvgNs);
        xml.WriteAttributeString("x", (Width / 2).ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("y", y.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("text-anchor", "middle");
        xml.WriteAttributeString("font-family", "Georgia, serif");
        xml.WriteAttributeString("font-size", size.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("font-weight", weight);
        xml.WriteAttributeString("fill", "#f4efe6");
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    /// <summary>Greedy word wrap; a word longer than a line is cut.</summary>
    internal static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var piece = word.Length > width ? word[..(width - 1)] + "…" : word;
            if (line.Length > 0 && line.Length + 1 + piece.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(piece);
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
