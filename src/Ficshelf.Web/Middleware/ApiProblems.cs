using System.Text.Json;
using Ficshelf.Core.Search;
using Microsoft.AspNetCore.Mvc;

namespace Ficshelf.Web.Middleware;

/// <summary>
/// Every error under /api is RFC 9457 <c>application/problem+json</c>, whatever produced it: a handler's own
/// <c>{"error": "..."}</c>, a route that did not match (<c>/api/works/abc</c>), sign-in and permission refusals,
/// or an exception (a query past the search budget is the client's 400, anything else a 500 that names no internals).
/// The handler's message stays in <c>detail</c> and, for older clients, in <c>error</c>.
/// </summary>
public static partial class ApiProblems
{
    public static IServiceCollection AddApiProblems(this IServiceCollection services) => services.AddProblemDetails();

    /// <summary>Register after the exception handler and status-code pages, so /api answers never reach the HTML error page.</summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        int status;
        string? detail = null;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
            if (status < 400 || IsProblem(context.Response.ContentType))
            {
                context.Response.Body = original;
                buffer.Position = 0;
                await buffer.CopyToAsync(original, context.RequestAborted);
                return;
            }
            detail = ErrorMessage(buffer);
        }
        catch (SearchBudgetExceededException e)
        {
            status = StatusCodes.Status400BadRequest;
            detail = e.Message;
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            LogFailure(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ficshelf.Web.Api"), e, context.Request.Path);
            status = StatusCodes.Status500InternalServerError;
            detail = "The server could not finish this request. The archive is unchanged.";
        }
        finally
        {
            context.Response.Body = original;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Detail = detail ?? DefaultDetail(status), Instance = context.Request.Path };
        if (detail is not null) problem.Extensions["error"] = detail;
        // Written whatever the Accept header says: a program reading /api wants the problem, not an HTML page.
        await Results.Problem(problem).ExecuteAsync(context);
    });

    private static bool IsProblem(string? contentType) => contentType?.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The message of a handler's <c>{"error": "..."}</c> body, if that is what it wrote.</summary>
    private static string? ErrorMessage(MemoryStream body)
    {
        if (body.Length == 0) return null;
        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string DefaultDetail(int status) => status switch
    {
        400 => "The request could not be used.",
        401 => "Sign in first: this call needs an account.",
        403 => "Your account may not do that: only an admin imports, deletes and wrangles.",
        404 => "There is no such resource in this archive (check the address and the id).",
        405 => "This address does not take that method.",
        413 => "The upload is larger than this server accepts.",
        414 => "The address is too long.",
        429 => "Too many requests from here: wait a minute and try again.",
        _ => "The request failed.",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "API request {Path} failed")]
    private static partial void LogFailure(ILogger logger, Exception error, PathString path);
}
