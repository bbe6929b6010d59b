using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Imports;

/// <summary>A bug the crash tests found (issue 16): an authenticated read that wrote, and so waited for an import.</summary>
public sealed partial class ImportCrashTests
{
    /// <summary>How long a read may take while another connection holds the write lock: far below SQLite's 30-second busy timeout, which a read that waited for the lock would reach.</summary>
    private static readonly TimeSpan ReadWhileLockedWithin = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Readers are not blocked by an import (docs/imports.md, ADR 0018: it holds SQLite's one write lock; "other writers
    /// wait, readers do not"), and a client polls its import's status while it runs. An anonymous search was indeed not
    /// held up, but a key's first request to an instance recorded the key's last use on its way (<c>ApiKeyUsage</c>, a
    /// write), so that read waited for the import to commit, or failed after SQLite's 30-second busy timeout. The use
    /// is now written in the background.
    /// </summary>
    /// <remarks>
    /// The test holds the write lock itself, as a running import does, rather than racing a real import: on a busy
    /// machine an import can commit before a slow read is answered, and then the test could not tell "waited for the
    /// lock" from "was slow". Here the lock is held until every read has been answered, or has failed.
    /// </remarks>
    [Fact]
    public async Task A_keys_first_request_is_not_held_up_by_an_import_holding_the_write_lock()
    {
        var api = await StartAsync(("Imports__PollEvery", "00:00:00.250"));
        const string slug = "read-during-import";
        using var admin = api.Client();
        await CreateFellowshipAsync(admin, slug);
        var key = (await (await admin.PostAsync($"/api/v1/organisations/{slug}/api-keys", HttpAssertions.Json(new { name = "Importer", role = "org-admin" }), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created)).Str("key");
        var feed = SyntheticFeed.Create(MeetingsInSmallFeed);
        var location = await SubmitAsync(admin, slug, feed.Json);
        (await EndedAsync(admin, location, TimeSpan.FromMinutes(2))).Str("status").ShouldBe("succeeded");

        await using var writer = new SqliteConnection($"Data Source={_data.DatabaseFile};Pooling=false");
        await writer.OpenAsync(Cancellation);
        await using (var holdingTheWriteLock = writer.BeginTransaction(deferred: false))
        {
            using (var anonymous = api.Client(apiKey: null))
            {
                (await AnsweredWhileLockedAsync(anonymous, $"/api/v1/meetings?organisation={slug}")).ShouldBe(HttpStatusCode.OK, "an anonymous search while the write lock is held");
            }

            using var firstUse = api.Client(key);
            (await AnsweredWhileLockedAsync(firstUse, location)).ShouldBe(
                HttpStatusCode.OK,
                "a key's first request (here, polling the import) should be answered while an import holds the write lock; it waits for the lock " +
                "when authentication records the key's last use (ApiKeyUsage.RecordAsync) on the request's way");
            await holdingTheWriteLock.RollbackAsync(Cancellation);
        }

        // The key's use, written in the background, lands once the lock is free.
        using var again = api.Client(key);
        (await JobAsync(again, location)).Str("status").ShouldBe("succeeded");
    }

    /// <summary>The status a GET is answered with within <see cref="ReadWhileLockedWithin"/>, or null if it was not.</summary>
    private static async Task<HttpStatusCode?> AnsweredWhileLockedAsync(HttpClient client, string address)
    {
        using var within = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        within.CancelAfter(ReadWhileLockedWithin);
        var asked = Stopwatch.StartNew();
        try
        {
            var status = (await client.GetAsync(address, within.Token)).StatusCode;
            Report($"GET {address} answered {status} after {asked.Elapsed.TotalSeconds:0.0} s with the write lock held.");
            return status;
        }
        catch (OperationCanceledException) when (!Cancellation.IsCancellationRequested)
        {
            Report($"GET {address} was not answered within {ReadWhileLockedWithin.TotalSeconds:0} s with the write lock held.");
            return null;
        }
    }
}
