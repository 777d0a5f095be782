using System.Text;

namespace Ficshelf.Core.Import.Text;

internal sealed record DecodedText(string Text, string EncodingName);

/// <summary>Turns a file's bytes into text, naming the encoding it found; refuses binary files.</summary>
internal static class TextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new ImportException("the file is empty");

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return new(DecodeStrictUtf8(bytes[3..]), "utf-8 (with BOM)");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
            return new(new UTF32Encoding(false, false).GetString(bytes[4..]), "utf-32le");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return new(Encoding.Unicode.GetString(bytes[2..]), "utf-16le");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return new(Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be");

        if (LooksLikeUtf16WithoutBom(bytes, out var bigEndian))
        {
            var encoding = bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode;
            return new(encoding.GetString(bytes), bigEndian ? "utf-16be" : "utf-16le");
        }

        RejectBinary(bytes);

        try
        {
            return new(StrictUtf8.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: text saved by Windows tools is almost always cp1252, which decodes any byte.
            return new(Encoding.GetEncoding(1252).GetString(bytes), "windows-1252");
        }
    }

    private static string DecodeStrictUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ImportException("the file starts with a UTF-8 byte-order mark but is not valid UTF-8");
        }
    }

    private static bool LooksLikeUtf16WithoutBom(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        bigEndian = false;
        var sample = bytes[..Math.Min(bytes.Length, 4096)];
        if (sample.Length < 8 || sample.Length % 2 != 0) return false;
        int zeroEven = 0, zeroOdd = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] != 0) continue;
            if (i % 2 == 0) zeroEven++; else zeroOdd++;
        }
        var half = sample.Length / 2;
        // ASCII-range text in UTF-16 has a zero in (nearly) every other byte and none in the rest.
        if (zeroOdd > half * 0.7 && zeroEven == 0) return true;
        if (zeroEven > half * 0.7 && zeroOdd == 0) { bigEndian = true; return true; }
        return false;
    }

    private static void RejectBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        var nul = sample.IndexOf((byte)0);
        if (nul >= 0) throw new ImportException($"binary file, not text (a NUL byte at offset {nul})");
        var control = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D)) control++;
        }
        if (control > sample.Length / 20) throw new ImportException($"binary file, not text ({control} control bytes in the first {sample.Length})");
    }
}
