using Ficshelf.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Ficshelf.Web.Services;

/// <summary>
/// Who may do what, declared once and put on pages and endpoints: <see cref="Reader"/> keeps bookmarks and progress
/// (any signed-in account), <see cref="Admin"/> imports, deletes, retags and wrangles. With accounts off the one
/// local user may do everything.
/// </summary>
public static class Policies
{
    public const string Reader = "reader";
    public const string Admin = "admin";

    public static IServiceCollection AddFicshelfAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, AccountRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResults>();
        return services.AddAuthorizationBuilder()
            .AddPolicy(Reader, policy => policy.AddRequirements(new AccountRequirement(admin: false)))
            .AddPolicy(Admin, policy => policy.AddRequirements(new AccountRequirement(admin: true)))
            .Services;
    }
}

/// <summary>A signed-in account (an admin one when <see cref="Admin"/>), or no accounts at all.</summary>
public sealed class AccountRequirement(bool admin) : IAuthorizationRequirement
{
    public bool Admin { get; } = admin;
}

public sealed class AccountRequirementHandler(FicshelfWebOptions options) : AuthorizationHandler<AccountRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccountRequirement requirement)
    {
        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        if (!options.Accounts || signedIn && (!requirement.Admin || user.IsInRole(ReaderContext.AdminRole)))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>An API caller who is signed in but not allowed gets the reason as JSON, like every other API error; pages
/// (and a caller not signed in) get the usual sign-in or access-denied answer.</summary>
public sealed class ApiAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new ErrorResponse("only an admin may do this"));
            return;
        }
        await standard.HandleAsync(next, context, policy, authorizeResult);
    }
}
