namespace Ficshelf.Core.Export;

/// <summary>The file formats a work can be exported to.</summary>
public enum ExportFormat
{
    Epub,
    Html,
    Txt,
}

public static class ExportFormats
{
    public static string Extension(this ExportFormat format) => format switch
    {
        ExportFormat.Epub => ".epub",
        ExportFormat.Html => ".html",
        _ => ".txt",
    };

    public static bool TryParse(string? text, out ExportFormat format)
    {
        switch ((text ?? "").Trim().TrimStart('.').ToLowerInvariant())
        {
            case "epub": format = ExportFormat.Epub; return true;
            case "html" or "htm": format = ExportFormat.Html; return true;
            case "txt" or "text": format = ExportFormat.Txt; return true;
            default: format = ExportFormat.Txt; return false;
        }
    }
}
