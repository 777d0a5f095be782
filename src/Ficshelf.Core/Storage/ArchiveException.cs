namespace Ficshelf.Core.Storage;

/// <summary>The archive file cannot be used (unreadable, not a Ficshelf archive, from a newer version).</summary>
public class ArchiveException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The database refused to store one work (a constraint, a value it cannot hold): that import fails, others go on.</summary>
public sealed class StoreRefusedException(string message, Exception inner) : ArchiveException(message, inner);
