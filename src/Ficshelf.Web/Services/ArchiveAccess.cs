using Ficshelf.Core.Storage;

namespace Ficshelf.Web.Services;

/// <summary>
/// Opens the archive. SqliteArchiveStore holds one connection and is not thread-safe, so every request gets its own
/// store (a scoped service made by this factory) and nothing shares one across requests.
/// </summary>
public sealed class ArchiveAccess(Func<IArchiveStore> open)
{
    public IArchiveStore Open() => open();
}
