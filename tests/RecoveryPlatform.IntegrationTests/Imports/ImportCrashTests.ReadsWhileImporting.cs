using System.Diagnostics;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Imports;

/// <summary>A bug the crash tests found (issue 16): an authenticated read that wrote, and so waited for an import.</summary>
public sealed partial class ImportCrashTests
{
    /// <summary>
    /// Readers are not blocked by an import (docs/imports.md, ADR 0018: it holds SQLite's one write lock; "other writers
    /// wait, readers do not"), and a client polls its import's status while it runs. An anonymous search was indeed not
    /// held up, but a key's first request to an instance recorded the key's last use on its way (<c>ApiKeyUsage</c>, a
    /// write), so that read waited for the import to commit, or failed after SQLite's 30-second busy timeout. The use
    /// is now written in the background.
    /// </summary>
    [Fact]
    public async Task A_keys_first_request_is_not_held_up_by_a_running_import()
    {
        // Three times the crash test's feed: this test makes several requests while the import runs, and on a busy
        // machine (the whole suite running beside it) each can take seconds.
        var feed = SyntheticFeed.Create(3 * MeetingsInLargeFeed);
        var api = await StartAsync(("Imports__PollEvery", "00:00:00.250"));
        const string slug = "read-during-import";
        using var admin = api.Client();
        await CreateFellowshipAsync(admin, slug);
        var key = (await (await admin.PostAsync($"/api/v1/organisations/{slug}/api-keys", HttpAssertions.Json(new { name = "Importer", role = "org-admin" }), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created)).Str("key");
        var location = await SubmitAsync(admin, slug, feed.Json);
        await UntilTheImportWritesAsync(admin, location);

        using (var anonymous = api.Client(apiKey: null))
        {
            (await TotalAsync(anonymous, $"/api/v1/meetings?organisation={slug}")).ShouldBe(0, "nothing of the import is visible before it commits");
        }

        (await JobRowAsync(location)).Applied.ShouldBeFalse("an anonymous search is answered while the import runs");

        using var firstUse = api.Client(key);
        var asked = Stopwatch.StartNew();
        HttpStatusCode? status;
        try
        {
            status = (await firstUse.GetAsync(location, Cancellation)).StatusCode;
        }
        catch (TaskCanceledException) when (!Cancellation.IsCancellationRequested)
        {
            status = null;
        }

        var answeredWhileRunning = !(await JobRowAsync(location)).Applied;
        Report($"The key's first request answered {status?.ToString() ?? "nothing"} after {asked.Elapsed.TotalSeconds:0.0} s; the import {(answeredWhileRunning ? "still ran" : "had committed")}.");
        (status, answeredWhileRunning).ShouldBe(
            (HttpStatusCode.OK, true),
            "a key's first request (here, polling the import) should be answered while the import runs; it waited for the import's write lock " +
            "because authentication records the key's last use (ApiKeyUsage.RecordAsync)");
        (await EndedInTheDatabaseAsync(location, TimeSpan.FromMinutes(3))).ShouldBe("Succeeded");
    }

    /// <summary>Waits for the job to run, then for its transaction's pages to reach the write-ahead log; fails if it ends first.</summary>
    private async Task UntilTheImportWritesAsync(HttpClient admin, string location)
    {
        var (logSize, before, running) = await UntilRunningAsync(admin, location);
        while (logSize() - before < ImportPagesInTheLog)
        {
            (await JobRowAsync(location)).Applied.ShouldBeFalse($"the import committed before its writes were seen: grow {nameof(MeetingsInLargeFeed)} ({MeetingsInLargeFeed})");
            running.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(1), "the import should write within a minute");
            await Task.Delay(10, Cancellation);
        }
    }
}
