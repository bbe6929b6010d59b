using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Webhooks;

/// <summary>
/// Deliveries are rows in the database, with their retry schedule: an API that stops while a receiver is failing
/// picks them up again when it starts, with the same ids, and nothing is lost.
/// </summary>
public sealed class WebhookRestartTests : IDisposable
{
    private readonly TemporaryDataFolder _data = new("recoveryplatform-webhooks");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    /// <summary>The API on this test's data folder: each instance is a fresh host over the same database.</summary>
    private sealed class RestartableApi : ApiFactory
    {
        public RestartableApi(string dataDirectory)
        {
            Settings["RecoveryPlatform:DataDirectory"] = dataDirectory;

            // The receiver fails for a while here: the subscription must not be disabled meanwhile.
            Settings["RecoveryPlatform:Webhooks:DisableAfterConsecutiveFailures"] = "1000";
        }
    }

    [Fact]
    public async Task Deliveries_pending_when_the_api_stops_are_sent_after_it_starts_again_with_the_same_ids()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => Task.FromResult(503);

        var first = new RestartableApi(_data.Path);
        var slug = await first.CreateOrganisationAsync();
        using (var admin = first.WithKey(await first.CreateKeyAsync(slug, "org-admin")))
        {
            (await admin.PostAsync("/api/v1/webhooks", HttpAssertions.Json(new { url = receiver.Url, events = new[] { "meeting.created" } }), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var group = await first.CreateGroupAsync(slug, "Restart Group");
        for (var i = 0; i < 3; i++)
        {
            await first.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, $"Restart Meeting {i}"));
        }

        await ChangeLogInspection.EventuallyAsync(() => Task.FromResult(receiver.Received.Select(r => r.Id).Distinct().Count() == 3), "each meeting has been tried once");
        var triedBeforeTheStop = receiver.Received.Select(r => r.Id).ToHashSet();
        await first.DisposeAsync();

        receiver.Answer = _ => Task.FromResult(204);
        await using var second = new RestartableApi(_data.Path);
        using (second.PlatformAdmin())
        {
            // Creating a client starts the host; its dispatcher finds the pending rows.
        }

        await ChangeLogInspection.EventuallyAsync(() => Task.FromResult(receiver.Accepted.Count == 3), "every pending delivery is sent after the restart", TimeSpan.FromSeconds(30));
        receiver.Accepted.Select(r => r.Id).ToHashSet().SetEquals(triedBeforeTheStop).ShouldBeTrue("the same deliveries, with the same ids, none lost and none added");
        receiver.Accepted.Select(r => r.Id).Distinct().Count().ShouldBe(3, "each accepted once");
    }
}
