namespace Ficshelf.Core.Storage;

/// <summary>The archive file cannot be used (unreadable, not a Ficshelf archive, from a newer version).</summary>
public sealed class ArchiveException(string message, Exception? inner = null) : Exception(message, inner);
