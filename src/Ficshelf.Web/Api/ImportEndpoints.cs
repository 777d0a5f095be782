using Ficshelf.Core.Storage;
using Ficshelf.Web.Services;
using static Ficshelf.Web.Api.ApiEndpoints;

namespace Ficshelf.Web.Api;

/// <summary>/api/import: story files as multipart/form-data (admin).</summary>
public static class ImportEndpoints
{
    public static void MapImport(this RouteGroupBuilder api)
    {
        api.MapPost("/import", async Task<IResult> (HttpRequest request, IArchiveStore store, UploadService uploads, CancellationToken cancel) =>
        {
            if (!request.HasFormContentType) return BadRequest("send the files as multipart/form-data");
            var form = await request.ReadFormAsync(cancel);
            if (form.Files.Count == 0) return BadRequest("no files in the upload");
            return TypedResults.Ok(await uploads.ImportAsync(store, form.Files, cancel));
        }).RequireAuthorization(Policies.Admin)
          .WithName("Import").WithSummary("Imports story files (multipart/form-data, any field name): one result per file, a failure with its reason.")
          .Accepts<IFormFileCollection>("multipart/form-data").Produces<IReadOnlyList<UploadResult>>().DisableAntiforgery();
    }
}
