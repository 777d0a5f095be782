using Ficshelf.Web.Tests.Support;

namespace Ficshelf.Web.Tests;

/// <summary>AO3's work page: the actions bar on top, the story right after its preface, delete behind a confirmation.</summary>
public sealed class WorkPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_actions_come_first_then_the_preface_then_the_story()
    {
        await using var server = await WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"));
        var work = server.WithStore(Expect.MultiChapterWork);
        var page = await browser.NewPage(server);
        await page.GotoAsync($"/works/{work.Id}");

        // Document order: actions bar, metadata, story text; nothing of the reader's tools between metadata and story.
        var order = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('#work-actions, dl.work.meta, #workskin, #chapter-1')].map(e => e.id || e.className)");
        Assert.Equal(["work-actions", "work meta group", "workskin", "chapter-1"], order);
        foreach (var action in new[] { "#entire-work", "#chapter-index", "#bookmark-toggle", "#mark-read", "#download-toggle", "#reading-settings-toggle" })
            Assert.Equal(1, await page.Locator($"#work-actions {action}").CountAsync());
        Assert.False(await page.Locator("#delete-work").IsVisibleAsync(), "delete is tucked away");
        await BrowserFixture.Screenshot(page, "work-actions");

        // A chapter past the end (or before the start) is not a page.
        Assert.Equal(404, (await page.GotoAsync($"/works/{work.Id}?chapter={work.Chapters.Count + 1}"))!.Status);
        Assert.Equal(404, (await page.GotoAsync($"/works/{work.Id}?chapter=0"))!.Status);
    }

    [Fact]
    public async Task Only_a_work_read_into_is_offered_to_continue_and_delete_needs_its_confirmation()
    {
        await using var server = await WebServer.StartAsync(WebServer.Fixtures("harbour-lights-"));
        var work = server.WithStore(Expect.MultiChapterWork);
        var page = await browser.NewPage(server);

        // Merely opened: in the history, not "in progress".
        await page.GotoAsync($"/works/{work.Id}");
        await page.GotoAsync("/");
        Assert.Equal(0, await page.Locator(".continue").CountAsync());
        await page.GotoAsync("/history");
        Assert.Equal(1, await page.Locator($"#history #work-{work.Id}").CountAsync());
        // Read into (chapter 2): now it is.
        await page.GotoAsync($"/works/{work.Id}?chapter=2");
        await page.GotoAsync("/");
        Assert.Contains("Continue: chapter 2", await page.Locator(".continue").TextContentAsync());

        // Delete: the button is behind "More…" and the box must be ticked.
        await page.GotoAsync($"/works/{work.Id}");
        await page.ClickAsync("#more-actions");
        await page.ClickAsync("#delete-work");
        Assert.EndsWith($"/works/{work.Id}", page.Url);
        Assert.NotNull(server.WithStore(s => s.GetWork(work.Id)));
        await page.CheckAsync("#delete-confirm");
        await page.ClickAsync("#delete-work");
        await page.WaitForURLAsync($"**/search?deleted={work.Id}");
        Assert.Contains("was deleted", await page.Locator("#notice").TextContentAsync());
        Assert.Null(server.WithStore(s => s.GetWork(work.Id)));
    }
}
