using System.Security.Cryptography;
using System.Text;

namespace Ficshelf.Core.Domain;

public static class WorkIdentity
{
    /// <summary>
    /// SHA-256 of the story text with white space folded, so copies that differ only in line endings,
    /// blank lines or chrome become the same work.
    /// </summary>
    public static string KeyOf(IEnumerable<Chapter> chapters)
    {
        var text = new StringBuilder();
        foreach (var paragraph in chapters.SelectMany(c => c.Paragraphs))
        {
            foreach (var word in paragraph.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                text.Append(word).Append(' ');
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    public static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
