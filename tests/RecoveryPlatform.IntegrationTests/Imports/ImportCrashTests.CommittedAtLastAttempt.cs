using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Imports;

/// <summary>A bug the crash tests found (issue 16): a committed job counted as failed at its last attempt.</summary>
public sealed partial class ImportCrashTests
{
    /// <summary>
    /// A job whose changes committed is succeeded whatever its attempts: <c>ImportRunner</c> once gave a job up at
    /// <c>Imports:MaxAttempts</c> before it looked at <c>AppliedAt</c>, so a committed job taken up once too often was
    /// recorded as failed, "nothing of it was written", with every meeting of it in the directory. Shown here with
    /// MaxAttempts 1 on the restarted instance; with the default of 3 it takes three kills before the last one.
    /// </summary>
    [Fact]
    public async Task A_committed_import_is_ended_as_succeeded_even_at_its_last_attempt()
    {
        var feed = SyntheticFeed.Create(MeetingsInCommittedFeed);
        var (slug, location) = await KillOnceCommittedAsync("crash-at-last-attempt", feed);

        var restarted = await StartAsync(("Imports__PollEvery", "00:00:00.250"), ("Imports__MaxAttempts", "1"));
        await EndedInTheDatabaseAsync(location, TimeSpan.FromMinutes(2));
        using var client = restarted.Client();
        var ended = await JobAsync(client, location);
        (await TotalAsync(client, $"/api/v1/meetings?organisation={slug}")).ShouldBe(feed.Meetings, "its changes committed before the kill");
        ended.Str("status").ShouldBe("succeeded", $"every meeting of it is there; the job says: {ended["failure"]}");
        Count(ended, "create").ShouldBe(feed.Meetings);
    }
}
