using Microsoft.Playwright;

namespace Ficshelf.Web.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright: headless, no sandbox (CI runs as root in a container), no browser download.
/// The tests fail, never skip, when Chromium is missing: `.ci/run` installs it with apt.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DefaultChromium = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDir { get; } = Path.Combine(TestPaths.RepoRoot, "tests", "Ficshelf.Web.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("FICSHELF_CHROMIUM") ?? DefaultChromium;
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium is not at {chromium}: install it (apt-get install chromium) or set FICSHELF_CHROMIUM");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task<IPage> NewPage(WebServer server)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000); // generous: CI shares two cores between test assemblies
        return await context.NewPageAsync();
    }

    public static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// Waits until the page has drawn two frames. Chromium drops keyboard input that reaches a freshly navigated page
    /// before its first paint; on a busy machine the load event can come well before that paint, and a key pressed
    /// right after it went nowhere (the arrow-key test timed out in CI waiting for a navigation that never started).
    /// </summary>
    public static Task Painted(IPage page) =>
        page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))");

    /// <summary>
    /// Presses <paramref name="key"/> on the page's body until the page goes to <paramref name="url"/>. Waiting for the
    /// paint was not always enough under CI's load: a key that reached a fresh page before its handlers still went
    /// nowhere (twice in CI). Pressing again is safe where the target page has no further page in that direction; a
    /// handler that never navigates still fails after the last try.
    /// </summary>
    public static async Task PressUntilAt(IPage page, string key, string url, int tries = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            await Painted(page);
            await page.Locator("body").PressAsync(key);
            try
            {
                await page.WaitForURLAsync(url, new PageWaitForURLOptions { Timeout = attempt < tries ? 10_000 : 30_000 });
                return;
            }
            catch (TimeoutException) when (attempt < tries)
            {
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
    }
}
