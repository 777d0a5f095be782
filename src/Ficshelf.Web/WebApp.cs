using System.Text.Json;
using System.Text.Json.Serialization;
using Ficshelf.Core.Search;
using Ficshelf.Core.Storage;
using Ficshelf.Web.Api;
using Ficshelf.Web.Assets;
using Ficshelf.Web.Pages;
using Ficshelf.Web.Readers;
using Ficshelf.Web.Nodes;
using Ficshelf.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using System.Threading.RateLimiting;

namespace Ficshelf.Web;

/// <summary>Builds the web reader: Razor Pages for people, a JSON API under /api for programs, both over Ficshelf.Core.</summary>
public static class WebApp
{
    /// <summary>A header that a cross-site form cannot send: every API call that changes something must carry it.</summary>
    public const string ApiHeader = "X-Ficshelf-Api";

    public const string SignInPolicy = "sign-in";

    public static WebApplication Create(FicshelfWebOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The Razor Pages live in this assembly, whichever program hosts it.
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.ConfigureServer(options);
        builder.Services
            .AddArchive(options)
            .AddSignIn()
            .AddPagesAndApi();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UsePipeline();
        return app;
    }

    /// <summary>Addresses, the request size the upload limit allows, quiet logs.</summary>
    private static void ConfigureServer(this WebApplicationBuilder builder, FicshelfWebOptions options)
    {
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = Middleware.LongAddresses.RequestLineLimit;
            // A little room above the upload limit for the multipart framing; the middleware below gives the clear error.
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes + 1024 * 1024;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Keys sit beside the archive, as protected as the archive itself; the warning that they are not encrypted says nothing new.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxUploadBytes);
    }

    /// <summary>The archive, its roles for each request, the search index, uploads and wrangling.</summary>
    private static IServiceCollection AddArchive(this IServiceCollection services, FicshelfWebOptions options)
    {
        services.AddSingleton(options);
        // Sign-in keys beside an SQLite archive, in a PostgreSQL one (shared by its nodes); see Nodes/NodeServices.
        services.AddNodes(options);
        services.AddSingleton(new ArchiveAccess(() => ArchiveStores.OpenPooled(options.ArchivePath)));
        services.AddScoped(Nodes.NodeServices.OpenRequestStore);
        // The archive's roles, each the request's one store: a page or endpoint asks for the part it uses.
        services.AddScoped<IWorkStore>(sp => sp.GetRequiredService<IArchiveStore>());
        services.AddScoped<ITagStore>(sp => sp.GetRequiredService<IArchiveStore>());
        services.AddScoped<IReaderStore>(sp => sp.GetRequiredService<IArchiveStore>());
        services.AddScoped<IDuplicateStore>(sp => sp.GetRequiredService<IArchiveStore>());
        services.AddScoped<IMaintenanceStore>(sp => sp.GetRequiredService<IArchiveStore>());
        // One search service for the process (thread-safe); its index is kept beside the archive as the CLI keeps it.
        // Built in the background from the start: pages answer at once, from the works indexed so far ("indexing, N%").
        services.AddSingleton(sp => new SearchService(sp.GetRequiredService<ArchiveAccess>().Open, indexPath: ArchiveStores.SearchIndexPath(options.ArchivePath), buildInBackground: true));
        // One wrangling path for the page and the API: the change, then one notice to the search index.
        services.AddScoped(sp => new TagWrangling(sp.GetRequiredService<ITagStore>(), (works, cancel) => sp.GetRequiredService<SearchService>().TagsChangedAsync(works, cancel)));
        services.AddSingleton<UploadService>();
        services.AddSingleton<ArchiveStatsCache>();
        services.AddReaders(options);
        return services;
    }

    /// <summary>Accounts: the sign-in cookie, who may do what (<see cref="Policies"/>), and a brake on password guessing.</summary>
    private static IServiceCollection AddSignIn(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<string>, PasswordHasher<string>>();
        services.AddHttpContextAccessor();
        services.AddScoped<ReaderContext>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = ".ficshelf.auth";
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.HttpOnly = true;
            cookie.LoginPath = "/account/login";
            cookie.AccessDeniedPath = "/error/403";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(30);
            cookie.Events.OnValidatePrincipal = ValidateAccount;
            cookie.Events.OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden);
        });
        services.AddFicshelfAuthorization();
        // Password guessing: a few sign-in or sign-up attempts a minute per client address.
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? Nodes.SharedRateLimiter.Partition(context, SignInPolicy, permitLimit: 10, TimeSpan.FromMinutes(1))
                : RateLimitPartition.GetNoLimiter("reading the form"));
        });
        return services;
    }

    /// <summary>Razor Pages (with their policies), antiforgery, the API's JSON and its OpenAPI description.</summary>
    private static IServiceCollection AddPagesAndApi(this IServiceCollection services)
    {
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizePage("/Upload", Policies.Admin);
            pages.Conventions.AuthorizePage("/Wrangle", Policies.Admin);
            pages.Conventions.AuthorizePage("/Bookmarks", Policies.Reader);
            pages.Conventions.AuthorizePage("/History", Policies.Reader);
            pages.Conventions.AuthorizePage("/Readers/ReadingElsewhere", Policies.Reader);
            pages.Conventions.AuthorizePage("/MarkedForLater", Policies.Reader);
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = ".ficshelf.af";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        // Every /api error as application/problem+json (RFC 9457), whatever raised it.
        Middleware.ApiProblems.AddApiProblems(services);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Ficshelf API";
            document.Info.Description = $"The archive's works, search, import, tags and wrangling, bookmarks and reading progress. Calls that change something need the header {ApiHeader}: 1.";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Errors, security headers and the upload limit first, then sign-in and policies, then pages, API and downloads.</summary>
    private static void UsePipeline(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<SearchService>().StartBuilding());
        app.Lifetime.ApplicationStopped.Register(() => ArchiveStores.ClosePooled(app.Services.GetRequiredService<FicshelfWebOptions>().ArchivePath));
        app.UseNodes(); // /healthz, and on PostgreSQL the node's header and forwarded client addresses
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error", "?status={0}");
        Middleware.ApiProblems.UseApiProblems(app);
        Middleware.LongAddresses.UseLongAddressPage(app);
        app.Use(SecurityHeaders);
        app.Use(UploadLimit);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapAssets();
        app.MapRazorPages();
        app.MapWorkActions();
        app.MapFicshelfApi();
        app.MapDownloads();
        app.MapReaders();
        app.MapOpenApi("/openapi");
        app.MapApiReference();
    }

    /// <summary>A sign-in cookie stands only while its account does, and with the account's current role.</summary>
    private static async Task ValidateAccount(CookieValidatePrincipalContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<FicshelfWebOptions>();
        var id = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var store = context.HttpContext.RequestServices.GetRequiredService<IReaderStore>();
        var account = options.Accounts && long.TryParse(id, out var userId) ? await store.GetUserAsync(userId, context.HttpContext.RequestAborted) : null;
        var admin = context.Principal?.IsInRole(ReaderContext.AdminRole) == true;
        if (account is null || account.IsAdmin != admin)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api")) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    // No remote resources, no inline script or style, no framing: imported text can never pull anything in.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next(context);
    }

    /// <summary>Refuses an upload above the limit before reading it, with a message a person (or a program) can act on.</summary>
    private static async Task UploadLimit(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<FicshelfWebOptions>();
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.ContentLength is { } length && length > options.MaxUploadBytes)
        {
            var message = $"The upload is too large: {FicshelfWebOptions.Megabytes(length)} sent, the limit is {FicshelfWebOptions.Megabytes(options.MaxUploadBytes)} per upload. Send fewer or smaller files at a time.";
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            // The body is not read here; Kestrel drains it (up to its own limit) so the browser gets this answer, not a reset.
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await context.Response.WriteAsJsonAsync(new { error = message });
            }
            else
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Upload too large · Ficshelf</title><link rel=\"stylesheet\" href=\"/assets/site.css\"></head>" +
                    $"<body><main class=\"page\"><h1>Upload too large</h1><p class=\"error\" id=\"upload-error\">{System.Net.WebUtility.HtmlEncode(message)}</p><p><a href=\"/upload\">Back to upload</a></p></main></body></html>");
            }
            return;
        }
        await next(context);
    }
}
