namespace Ficshelf.Core.Import;

/// <summary>
/// The one documented failure of an import: the input is not a story Ficshelf can read.
/// The message is a single line that says why, written for the person who gave the file.
/// </summary>
internal sealed class ImportException(string reason) : Exception(reason)
{
    public string Reason => Message;
}
