using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Messaging;

/// <summary>
/// Real API processes sharing one SQLite file, as instances behind a load balancer share a database:
/// each outbox item is dispatched once between them, a graceful stop hands dispatching over, a
/// kill -9 between commit and dispatch loses nothing, and each instance sees the others' changes.
/// </summary>
public sealed partial class MultiInstanceTests : IAsyncDisposable
{
    private static readonly string[] Modules = ["organisations", "venues", "groups", "meetings"];

    private readonly TemporaryDataFolder _data = new("recoveryplatform-instances");
    private readonly List<ApiProcess> _processes = [];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _data.Dispose();
    }

    private async Task<ApiProcess> StartAsync(params (string Name, string Value)[] overrides)
    {
        var settings = ApiProcess.Settings(_data.Path);
        foreach (var (name, value) in overrides)
        {
            settings[name] = value;
        }

        var process = await ApiProcess.StartAsync(settings);
        _processes.Add(process);
        return process;
    }

    private async Task<List<(long Sequence, string EventType, Guid EventId, bool Dispatched)>> OutboxAsync(string module)
    {
        await using var connection = new SqliteConnection($"Data Source={_data.DatabaseFile};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Sequence, EventType, EventId, DispatchedAt IS NOT NULL FROM {module}_OutboxMessages ORDER BY Sequence";
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var rows = new List<(long, string, Guid, bool)>();
        while (await reader.ReadAsync(Cancellation))
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetGuid(2), reader.GetBoolean(3)));
        }

        return rows;
    }

    private async Task<bool> AllDispatchedAsync()
    {
        foreach (var module in Modules)
        {
            if ((await OutboxAsync(module)).Any(row => !row.Dispatched))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every "Dispatched" line any of the processes logged, as (module, sequence).</summary>
    private List<(string Module, long Sequence)> DispatchLines() =>
        _processes.SelectMany(p => p.Output)
            .Select(line => Dispatched().Match(line))
            .Where(match => match.Success)
            .Select(match => (match.Groups["module"].Value, long.Parse(match.Groups["sequence"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    private static async Task<string> CreateAsync(HttpClient client, string url, object body) =>
        (await (await client.PostAsync(url, HttpAssertions.Json(body), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created)).Str("id");

    private static async Task PatchAsync(HttpClient client, string url, object patch)
    {
        var etag = await client.ETagOfAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = HttpAssertions.Json(JsonSerializer.Serialize(patch, JsonSerializerOptions.Web), "application/merge-patch+json") };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        (await client.SendAsync(request, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_instances_on_one_database_dispatch_each_outbox_item_exactly_once_between_them()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        using var a = first.Client();
        using var b = second.Client();
        await CreateAsync(a, "/api/v1/organisations", new { slug = "two-instances", name = "Two Instances", kind = "fellowship" });

        // Writes through both instances at once, so that both see pending items: groups with a meeting each,
        // closed and reopened twice (events the Meetings module handles, so they are dispatched).
        async Task<List<string>> WriteAsync(HttpClient client, int from)
        {
            var created = new List<string>();
            for (var i = from; i < from + 6; i++)
            {
                var group = await CreateAsync(client, "/api/v1/groups", new { organisation = "two-instances", name = $"Group {i}" });
                await CreateAsync(client, "/api/v1/meetings", MeetingArrangement.MeetingBody(group, name: $"Meeting {i}"));
                created.Add(group);
            }

            for (var round = 0; round < 2; round++)
            {
                foreach (var group in created)
                {
                    await PatchAsync(client, $"/api/v1/groups/{group}", new { status = "closed" });
                    await PatchAsync(client, $"/api/v1/groups/{group}", new { status = "active" });
                }
            }

            return created;
        }

        var groups = (await Task.WhenAll(WriteAsync(a, 0), WriteAsync(b, 6))).SelectMany(g => g).ToList();

        // Whoever dispatches now stops gracefully; the other carries on, and more writes arrive meanwhile.
        var dispatcher = first.Output.Any(line => line.Contains("now dispatches the groups outbox", StringComparison.Ordinal)) ? first : second;
        var remaining = dispatcher == first ? b : a;
        await dispatcher.StopAsync();
        foreach (var group in groups)
        {
            await PatchAsync(remaining, $"/api/v1/groups/{group}", new { status = "closed" });
        }

        await ChangeLogInspection.EventuallyAsync(AllDispatchedAsync, "every outbox item is dispatched", TimeSpan.FromSeconds(30));
        var handled = (await OutboxAsync("groups")).Count(row => row.EventType is "GroupClosedIntegrationEvent" or "GroupReopenedIntegrationEvent");
        handled.ShouldBe((12 * 4) + 12);

        var lines = DispatchLines();
        lines.GroupBy(line => line).Where(g => g.Count() > 1).Select(g => $"{g.Key.Module} #{g.Key.Sequence} ×{g.Count()}").ShouldBeEmpty("dispatched more than once");
        lines.Count.ShouldBe(handled, "each event a module handles is dispatched, and logged, once; the others need no dispatch");
        foreach (var instance in new[] { first, second })
        {
            instance.Output.ShouldContain(line => Dispatched().IsMatch(line), "both instances dispatched: one before its stop, the other after");
        }

        // Each closure and reopening marked its group's one meeting, once.
        (await OutboxAsync("meetings")).Count(row => row.EventType == "MeetingChanged").ShouldBe(12 + handled);
    }

    /// <summary>Issue 14's bound: a change made through one instance is served by every other within two seconds.</summary>
    private static readonly TimeSpan ConvergenceBound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Every_kind_of_change_through_one_instance_is_served_by_the_other_within_two_seconds()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        using var a = first.Client();
        using var b = second.Client();
        await CreateAsync(a, "/api/v1/organisations", new { slug = "converging", name = "Converging", kind = "fellowship" });
        var group = await CreateAsync(a, "/api/v1/groups", new { organisation = "converging", name = "Converging Group" });
        var key = await (await a.PostAsync("/api/v1/organisations/converging/api-keys", HttpAssertions.Json(new { name = "Reader", role = "reader" }), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        using var reader = second.Client(key.Str("key"));

        Task Within(Func<Task<bool>> served, string what) => ChangeLogInspection.EventuallyAsync(served, $"{what} (through the other instance, within {ConvergenceBound.TotalSeconds} s)", ConvergenceBound);
        async Task<string?> NameThroughB(string id)
        {
            using var response = await b.GetAsync($"/api/v1/meetings/{id}", Cancellation);
            return response.StatusCode == HttpStatusCode.OK ? (await response.ShouldBeJsonAsync()).Str("name") : null;
        }

        var meeting = await CreateAsync(a, "/api/v1/meetings", MeetingArrangement.MeetingBody(group, name: "Created"));
        await Within(async () => (await SearchNamesAsync(b)).SequenceEqual(["Created"]) && await NameThroughB(meeting) == "Created", "a new meeting is found and read");

        await PatchAsync(a, $"/api/v1/meetings/{meeting}", new { name = "Renamed" });
        await Within(async () => (await SearchNamesAsync(b)).SequenceEqual(["Renamed"]) && await NameThroughB(meeting) == "Renamed", "a rename is found and read");

        await PatchAsync(a, $"/api/v1/groups/{group}", new { status = "closed" });
        await Within(async () => (await SearchNamesAsync(b)).Count == 0, "a closed group's meeting leaves search");
        await PatchAsync(a, $"/api/v1/groups/{group}", new { status = "active" });
        await Within(async () => (await SearchNamesAsync(b)).SequenceEqual(["Renamed"]), "a reopened group's meeting comes back");

        var etag = await a.ETagOfAsync($"/api/v1/meetings/{meeting}");
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/meetings/{meeting}"))
        {
            delete.Headers.TryAddWithoutValidation("If-Match", etag);
            (await a.SendAsync(delete, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        await Within(async () => (await SearchNamesAsync(b)).Count == 0 && await NameThroughB(meeting) is null, "a deleted meeting is gone");

        (await reader.GetAsync("/api/v1/organisations/converging", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await a.DeleteAsync($"/api/v1/organisations/converging/api-keys/{key.Str("id")}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await Within(async () => (await reader.GetAsync("/api/v1/organisations/converging", Cancellation)).StatusCode == HttpStatusCode.Unauthorized, "a revoked key is refused");
    }

    [Fact]
    public async Task Two_instances_give_the_same_change_feed_with_the_same_cursors_and_a_restart_keeps_them()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        using var a = first.Client();
        using var b = second.Client();
        await CreateAsync(a, "/api/v1/organisations", new { slug = "same-cursors", name = "Same Cursors", kind = "fellowship" });
        var group = await CreateAsync(b, "/api/v1/groups", new { organisation = "same-cursors", name = "Cursor Group" });
        var venue = await CreateAsync(a, "/api/v1/venues", new { organisation = "same-cursors", name = "Cursor Hall", town = "Leeds", postcode = "LS6 3HE", latitude = 53.8196, longitude = -1.5773 });
        await CreateAsync(b, "/api/v1/meetings", MeetingArrangement.MeetingBody(group, name: "Cursor Meeting", venueId: venue));
        await PatchAsync(a, $"/api/v1/groups/{group}", new { name = "Cursor Group, renamed" });
        await PatchAsync(b, $"/api/v1/venues/{venue}", new { name = "Cursor Hall, renamed" });

        var (throughA, endA) = await Changes.ChangeFeedClient.DrainAsync(a, null, limit: 2);
        var (throughB, endB) = await Changes.ChangeFeedClient.DrainAsync(b, null, limit: 3);
        throughA.Count.ShouldBe(6);
        throughB.ShouldBe(throughA, "the same entries, cursors and times through either instance");
        endB.ShouldBe(endA);

        // A cursor one instance gave is read by the other, and by an instance started after a restart.
        var (restThroughB, _) = await Changes.ChangeFeedClient.DrainAsync(b, throughA[2].Cursor);
        restThroughB.ShouldBe(throughA.Skip(3).ToList());
        await first.StopAsync();
        await second.StopAsync();
        var third = await StartAsync();
        using var c = third.Client();
        (await Changes.ChangeFeedClient.DrainAsync(c, null, limit: 4)).Items.ShouldBe(throughA);
        (await Changes.ChangeFeedClient.DrainAsync(c, throughA[2].Cursor)).Items.ShouldBe(throughA.Skip(3).ToList());
    }

    private static async Task<List<string>> SearchNamesAsync(HttpClient client)
    {
        var page = await (await client.GetAsync("/api/v1/meetings?organisation=converging", Cancellation)).ShouldBeJsonAsync();
        return page["items"]!.AsArray().Select(i => i.Str("name")).ToList();
    }

    [Fact]
    public async Task A_kill_between_commit_and_dispatch_loses_nothing_and_delivers_once()
    {
        // An instance that commits but never dispatches stands for one killed in between.
        var committing = await StartAsync(("Outbox__DispatchEnabled", "false"));
        using (var client = committing.Client())
        {
            await CreateAsync(client, "/api/v1/organisations", new { slug = "killed", name = "Killed", kind = "fellowship" });
            var group = await CreateAsync(client, "/api/v1/groups", new { organisation = "killed", name = "Closing Group" });
            var meeting = await CreateAsync(client, "/api/v1/meetings", MeetingArrangement.MeetingBody(group, name: "Of a closing group"));
            await PatchAsync(client, $"/api/v1/groups/{group}", new { status = "closed" });
            (await OutboxAsync("groups")).Last().ShouldBe((await OutboxAsync("groups")).Single(r => r.EventType == "GroupClosedIntegrationEvent"));
            (await OutboxAsync("groups")).Single(r => r.EventType == "GroupClosedIntegrationEvent").Dispatched.ShouldBeFalse();
            await committing.KillAsync();

            var restarted = await StartAsync();
            using var after = restarted.Client();
            await ChangeLogInspection.EventuallyAsync(AllDispatchedAsync, "the closure committed before the kill is dispatched after the restart", TimeSpan.FromSeconds(30));
            var closed = await (await after.GetAsync($"/api/v1/meetings/{meeting}", Cancellation)).ShouldBeJsonAsync();
            closed["groupClosed"]!.GetValue<bool>().ShouldBeTrue();
        }

        var closure = (await OutboxAsync("groups")).Single(r => r.EventType == "GroupClosedIntegrationEvent");
        DeliveriesOf(closure.EventId).ShouldBe(["FollowGroupClosure"]);

        // Killed again and restarted: nothing is delivered twice.
        await _processes[^1].KillAsync();
        var third = await StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
        third.Output.ShouldContain(line => line.Contains("now dispatches the groups outbox", StringComparison.Ordinal));
        DeliveriesOf(closure.EventId).ShouldBe(["FollowGroupClosure"]);
    }

    private List<string> DeliveriesOf(Guid eventId) =>
        _processes.SelectMany(p => p.Output)
            .Select(line => Delivered().Match(line))
            .Where(match => match.Success && Guid.Parse(match.Groups["event"].Value) == eventId)
            .Select(match => match.Groups["handler"].Value)
            .ToList();

    [GeneratedRegex(@"Dispatched \w+ [0-9a-f-]{36} \(#(?<sequence>\d+) of the (?<module>\w+) outbox\)")]
    private static partial Regex Dispatched();

    [GeneratedRegex(@"Delivered \w+ (?<event>[0-9a-f-]{36}) to (?<handler>\w+)")]
    private static partial Regex Delivered();
}
