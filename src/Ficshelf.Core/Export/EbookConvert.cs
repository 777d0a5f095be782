using System.Diagnostics;

namespace Ficshelf.Core.Export;

/// <summary>The formats Calibre's <c>ebook-convert</c> makes from the EPUB the exporter writes.</summary>
public enum ConvertedFormat
{
    Azw3,
    Mobi,
    Pdf,
}

/// <summary>
/// Kindle and print formats through Calibre's <c>ebook-convert</c>, when it is installed: the EPUB the exporter writes is
/// converted in a private temporary folder. Ficshelf does not write these formats itself.
/// </summary>
public static class EbookConvert
{
    /// <summary>What to tell a reader when <c>ebook-convert</c> is not on this machine.</summary>
    public const string NotInstalled = "AZW3, MOBI and PDF downloads need Calibre's ebook-convert, which is not installed on this server (install the calibre package). EPUB, HTML and text downloads work without it.";

    public static string Extension(this ConvertedFormat format) => "." + format.ToString().ToLowerInvariant();

    public static string ContentType(this ConvertedFormat format) => format switch
    {
        ConvertedFormat.Azw3 => "application/vnd.amazon.ebook",
        ConvertedFormat.Mobi => "application/x-mobipocket-ebook",
        _ => "application/pdf",
    };

    public static bool TryParse(string? text, out ConvertedFormat format) =>
        Enum.TryParse((text ?? "").Trim().TrimStart('.'), ignoreCase: true, out format) && Enum.IsDefined(format);

    /// <summary>The ebook-convert program (FICSHELF_EBOOK_CONVERT, else on PATH), or null when it is not installed.</summary>
    public static string? FindTool()
    {
        var configured = Environment.GetEnvironmentVariable("FICSHELF_EBOOK_CONVERT");
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? "ebook-convert.exe" : "ebook-convert");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Converts an EPUB; throws <see cref="InvalidOperationException"/> with the tool's own words when it fails.</summary>
    public static async Task<byte[]> ConvertAsync(byte[] epub, ConvertedFormat format, CancellationToken cancel = default)
    {
        var tool = FindTool() ?? throw new InvalidOperationException(NotInstalled);
        var folder = Directory.CreateTempSubdirectory("ficshelf-convert-");
        try
        {
            var input = Path.Combine(folder.FullName, "work.epub");
            var output = Path.Combine(folder.FullName, "work" + format.Extension());
            await File.WriteAllBytesAsync(input, epub, cancel);
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(input);
            start.ArgumentList.Add(output);
            // Calibre writes its configuration under HOME; a throwaway one keeps a server account's home untouched.
            start.Environment["CALIBRE_CONFIG_DIRECTORY"] = Path.Combine(folder.FullName, "calibre-config");
            // Calibre's Qt parts (PDF output) need no display.
            start.Environment["QT_QPA_PLATFORM"] = "offscreen";
            // PDF output renders with Qt WebEngine (Chromium), which refuses to start as root with its sandbox on. The EPUB is
            // Ficshelf's own (no scripts), so a server running as root (a container) turns the sandbox off for it.
            if (Environment.IsPrivilegedProcess) start.Environment["QTWEBENGINE_DISABLE_SANDBOX"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("ebook-convert did not start");
            var stdout = process.StandardOutput.ReadToEndAsync(cancel);
            var stderr = process.StandardError.ReadToEndAsync(cancel);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
            var said = (await stderr).Trim();
            if (process.ExitCode != 0 || !File.Exists(output))
                throw new InvalidOperationException($"ebook-convert could not make {format.ToString().ToUpperInvariant()} (exit {process.ExitCode}): {LastLines(said.Length > 0 ? said : await stdout)}");
            return await File.ReadAllBytesAsync(output, cancel);
        }
        finally
        {
            try { folder.Delete(recursive: true); } catch (IOException) { } // a temp folder; the OS cleans what is left
        }
    }

    private static string LastLines(string text) => string.Join(" ", text.Split('\n').TakeLast(3)).Trim();
}
