using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.IntegrationTests.Changes;

/// <summary>
/// The change feed through HTTP, as a syncing app reads it: every kind of record and action, paging with
/// after, polling from an empty page, bad cursors and limits, and what the public does not see. The class's
/// tests share one database, so each reads only from the end of the feed as it found it, or looks only at its own records.
/// </summary>
public abstract class ChangeFeedTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private async Task<string> OrganisationIdAsync(string slug)
    {
        using var admin = Api.PlatformAdmin();
        return (await (await admin.GetAsync($"/api/v1/organisations/{slug}", Cancellation)).ShouldBeJsonAsync()).Str("id");
    }

    private async Task DeleteAsync(string url)
    {
        using var admin = Api.PlatformAdmin();
        using var request = new HttpRequestMessage(HttpMethod.Delete, url);
        request.Headers.IfMatch.ParseAdd(await admin.ETagOfAsync(url));
        (await admin.SendAsync(request, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private async Task<string> FormatIdAsync(string slug, string code)
    {
        using var client = Api.Anonymous();
        var formats = JsonNode.Parse(await client.GetStringAsync($"/api/v1/organisations/{slug}/formats", Cancellation))!.AsArray();
        return formats.Single(f => f.Str("code") == code).Str("id");
    }

    private async Task ReplaceFormatAsync(string slug, string code, string label)
    {
        using var admin = Api.PlatformAdmin();
        var body = new { code, labels = new Dictionary<string, string> { ["en"] = label }, attributes = Array.Empty<string>() };
        await (await admin.PutAsync($"/api/v1/organisations/{slug}/formats/{code}", HttpAssertions.Json(body), Cancellation)).ShouldBeJsonAsync();
    }

    [Fact]
    public async Task Every_kind_of_record_appears_with_its_action_after_each_write()
    {
        using var client = Api.Anonymous();
        var start = await ChangeFeedClient.EndAsync(client);

        var slug = await Api.CreateOrganisationAsync();
        var organisation = await OrganisationIdAsync(slug);
        var venue = await Api.CreateVenueAsync(slug);
        var group = await Api.CreateGroupAsync(slug);
        await Api.CreateFormatAsync(slug, "FEED", "Feed");
        var format = await FormatIdAsync(slug, "FEED");
        var meeting = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, venueId: venue));
        await Api.PatchAsAdminAsync($"/api/v1/organisations/{slug}", new { description = "Now described" });
        await Api.PatchAsAdminAsync($"/api/v1/venues/{venue}", new { name = "Renamed Hall" });
        await Api.PatchAsAdminAsync($"/api/v1/groups/{group}", new { name = "Renamed Group" });
        await ReplaceFormatAsync(slug, "FEED", "Feed, renamed");
        await Api.PatchAsAdminAsync($"{MeetingArrangement.Meetings}/{meeting}", new { name = "Renamed Meeting" });
        await DeleteAsync($"{MeetingArrangement.Meetings}/{meeting}");
        await DeleteAsync($"/api/v1/venues/{venue}");
        await DeleteAsync($"/api/v1/groups/{group}");

        var (items, _) = await ChangeFeedClient.DrainAsync(client, start);

        var ours = items.Where(i => i.Organisation == slug).ToList();
        ours.Select(i => i.What).ShouldBe(
        [
            ("organisation", organisation, "created"),
            ("venue", venue, "created"),
            ("group", group, "created"),
            ("format", format, "created"),
            ("meeting", meeting, "created"),
            ("organisation", organisation, "updated"),
            ("venue", venue, "updated"),
            ("group", group, "updated"),
            ("format", format, "updated"),
            ("meeting", meeting, "updated"),
            ("meeting", meeting, "deleted"),
            ("venue", venue, "deleted"),
            ("group", group, "deleted"),
        ]);
        ours.Select(i => i.Cursor).Distinct().Count().ShouldBe(ours.Count);
        ours.Select(i => i.OccurredAt).ShouldBeInOrder(SortDirection.Ascending);
        ours.ShouldAllBe(i => i.OccurredAt.Offset == TimeSpan.Zero && i.OccurredAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task The_answer_names_only_ids_and_what_happened_and_the_document_says_how_to_continue()
    {
        using var client = Api.Anonymous();
        var start = await ChangeFeedClient.EndAsync(client);
        var slug = await Api.CreateOrganisationAsync();

        var response = await client.GetAsync($"{ChangeFeedClient.Changes}?after={start}", Cancellation);

        var page = await response.ShouldBeJsonAsync();
        response.Headers.ETag.ShouldNotBeNull();
        response.Headers.CacheControl!.Public.ShouldBeTrue();
        page.Select(p => p.Key).ShouldBe(["items", "next", "hasMore"]);
        var item = page["items"]!.AsArray().Single()!.AsObject();
        item.Select(p => p.Key).ShouldBe(["cursor", "entity", "id", "organisation", "organisationId", "action", "occurredAt"]);
        item.Str("organisation").ShouldBe(slug);
        item.Str("organisationId").ShouldBe(await OrganisationIdAsync(slug));
        page.Str("next").ShouldBe(item.Str("cursor"));

        using var again = new HttpRequestMessage(HttpMethod.Get, $"{ChangeFeedClient.Changes}?after={start}");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        (await client.SendAsync(again, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Paging_with_after_returns_each_change_exactly_once_in_order_whatever_the_page_size()
    {
        using var client = Api.Anonymous();
        var start = await ChangeFeedClient.EndAsync(client);
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug);
        for (var i = 0; i < 3; i++)
        {
            await Api.CreateVenueAsync(slug, $"Hall {i}");
            await Api.PatchAsAdminAsync($"/api/v1/groups/{group}", new { name = $"Group {i}" });
            await Api.CreateFormatAsync(slug, $"P{i}", $"Paged {i}");
        }

        var (whole, end) = await ChangeFeedClient.DrainAsync(client, start, limit: 1000);
        whole.Count(i => i.Organisation == slug).ShouldBe(11);

        foreach (var limit in new[] { 1, 2, 3, 5 })
        {
            var (paged, next) = await ChangeFeedClient.DrainAsync(client, start, limit);
            paged.ShouldBe(whole, $"pages of {limit}");
            next.ShouldBe(end);
        }

        // Any entry's cursor resumes just after it.
        var (rest, _) = await ChangeFeedClient.DrainAsync(client, whole[4].Cursor, limit: 2);
        rest.ShouldBe(whole.Skip(5).ToList());
    }

    [Fact]
    public async Task Events_that_are_not_directory_changes_are_passed_over_and_the_cursor_moves_past_them()
    {
        using var client = Api.Anonymous();
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug);
        var meeting = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group));
        var start = await ChangeFeedClient.EndAsync(client);

        // A closure records the group's change and its closure (for the Meetings module), which marks the meeting;
        // revoking a key records an event only the key caches follow.
        await Api.PatchAsAdminAsync($"/api/v1/groups/{group}", new { status = "closed" });
        var key = await Api.IssueKeyAsync(slug, "reader");
        using (var admin = Api.PlatformAdmin())
        {
            (await admin.DeleteAsync($"/api/v1/organisations/{slug}/api-keys/{key.Str("id")}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var (whole, end) = await ChangeFeedClient.DrainAsync(client, start);
        var (byOne, endByOne) = await ChangeFeedClient.DrainAsync(client, start, limit: 1);

        whole.Select(i => i.What).ShouldBe([("group", group, "updated"), ("meeting", meeting, "updated")]);
        byOne.ShouldBe(whole);
        endByOne.ShouldBe(end);
        var (after, next, _) = await ChangeFeedClient.PageAsync(client, end);
        after.ShouldBeEmpty();
        next.ShouldBe(end, "polling at the end keeps the cursor");
    }

    [Fact]
    public async Task An_empty_page_gives_the_cursor_to_poll_with_and_the_next_change_arrives_there()
    {
        using var client = Api.Anonymous();
        var end = await ChangeFeedClient.EndAsync(client);

        var (items, next, hasMore) = await ChangeFeedClient.PageAsync(client, end);
        items.ShouldBeEmpty();
        hasMore.ShouldBeFalse();
        next.ShouldBe(end);

        var slug = await Api.CreateOrganisationAsync();
        (items, next, hasMore) = await ChangeFeedClient.PageAsync(client, end);
        items.Select(i => (i.Entity, i.Organisation, i.Action)).ShouldBe([("organisation", slug, "created")]);
        hasMore.ShouldBeFalse();
        next.ShouldBe(items[0].Cursor);
    }

    [Fact]
    public async Task Without_after_the_feed_starts_at_the_beginning_of_the_log()
    {
        using var client = Api.Anonymous();
        var slug = await Api.CreateOrganisationAsync();

        var (first, _, _) = await ChangeFeedClient.PageAsync(client, null, limit: 1);
        var (all, _) = await ChangeFeedClient.DrainAsync(client, null);

        first.ShouldHaveSingleItem().ShouldBe(all[0]);
        all.ShouldContain(i => i.Organisation == slug && i.Action == "created");
    }

    public static TheoryData<string> MalformedCursors() => new()
    {
        "not-a-cursor",
        "",
        "AQ",
        "%%%",
        ChangeFeedCursor.Start.ToString() + "A",
        ChangeFeedCursor.Start.ToString()[..^2],

        // Well-formed base64url of the right length, but not made by the API (the checksum fails).
        Convert.ToBase64String(new byte[37]).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
    };

    [Theory]
    [MemberData(nameof(MalformedCursors))]
    public async Task A_malformed_cursor_is_a_400_naming_after(string after)
    {
        using var client = Api.Anonymous();

        var response = await client.GetAsync($"{ChangeFeedClient.Changes}?after={Uri.EscapeDataString(after)}", Cancellation);

        await response.ShouldBeValidationProblemAsync("after");
    }

    [Fact]
    public async Task A_tampered_cursor_is_a_400_naming_after()
    {
        using var client = Api.Anonymous();
        await Api.CreateOrganisationAsync();
        var cursor = await ChangeFeedClient.EndAsync(client);

        // Every single-character edit of a real cursor is refused, never read as another position.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var position = 0; position < cursor.Length; position += 7)
        {
            var replacement = alphabet[(alphabet.IndexOf(cursor[position], StringComparison.Ordinal) + 1) % alphabet.Length];
            var tampered = string.Concat(cursor.AsSpan(0, position), replacement.ToString(), cursor.AsSpan(position + 1));
            var response = await client.GetAsync($"{ChangeFeedClient.Changes}?after={tampered}", Cancellation);
            await response.ShouldBeValidationProblemAsync("after");
        }
    }

    [Fact]
    public async Task A_cursor_past_the_end_of_the_log_is_a_400_naming_after()
    {
        using var client = Api.Anonymous();
        var beyond = ChangeFeedCursor.Start.After(3, 1_000_000_000).ToString();

        var response = await client.GetAsync($"{ChangeFeedClient.Changes}?after={beyond}", Cancellation);

        await response.ShouldBeValidationProblemAsync("after");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1001")]
    [InlineData("many")]
    [InlineData("99999999999")]
    public async Task A_limit_outside_1_to_1000_is_a_400_naming_limit(string limit)
    {
        using var client = Api.Anonymous();

        var response = await client.GetAsync($"{ChangeFeedClient.Changes}?limit={limit}", Cancellation);

        await response.ShouldBeValidationProblemAsync("limit");
    }

    [Fact]
    public async Task The_limit_caps_a_page_and_hasMore_says_more_is_waiting()
    {
        using var client = Api.Anonymous();
        var start = await ChangeFeedClient.EndAsync(client);
        var slug = await Api.CreateOrganisationAsync();
        await Api.CreateVenueAsync(slug);
        await Api.CreateGroupAsync(slug);

        var (items, next, hasMore) = await ChangeFeedClient.PageAsync(client, start, limit: 2);

        items.Count.ShouldBe(2);
        hasMore.ShouldBeTrue();
        next.ShouldBe(items[1].Cursor);
    }

    [Fact]
    public async Task A_suspended_fellowship_shows_only_its_suspension_until_it_is_reactivated()
    {
        using var client = Api.Anonymous();
        var start = await ChangeFeedClient.EndAsync(client);
        var slug = await Api.CreateOrganisationAsync();
        var organisation = await OrganisationIdAsync(slug);
        var venue = await Api.CreateVenueAsync(slug);
        await Api.SuspendAsync(slug);
        await Api.PatchAsAdminAsync($"/api/v1/venues/{venue}", new { name = "Edited while suspended" });

        var (whileSuspended, _) = await ChangeFeedClient.DrainAsync(client, start);
        whileSuspended.Where(i => i.Organisation == slug).Select(i => i.What).ShouldBe([("organisation", organisation, "deleted")]);
        whileSuspended.ShouldNotContain(i => i.Id == venue, "a suspended organisation's records do not appear, nor do their ids");

        await Api.PatchAsAdminAsync($"/api/v1/organisations/{slug}", new { status = "active" });
        var (afterwards, _) = await ChangeFeedClient.DrainAsync(client, start);
        afterwards.Where(i => i.Organisation == slug).Select(i => i.What).ShouldBe(
        [
            ("organisation", organisation, "created"),
            ("venue", venue, "created"),
            ("organisation", organisation, "deleted"),
            ("venue", venue, "updated"),
            ("organisation", organisation, "created"),
        ]);
    }

    [Fact]
    public async Task A_treatment_service_never_appears()
    {
        using var client = Api.Anonymous();
        var start = await ChangeFeedClient.EndAsync(client);
        var slug = await Api.CreateOrganisationAsync(kind: "treatment-service");
        var organisation = await OrganisationIdAsync(slug);
        await Api.PatchAsAdminAsync($"/api/v1/organisations/{slug}", new { name = "Renamed Service" });
        var fellowship = await Api.CreateOrganisationAsync();

        var (items, _) = await ChangeFeedClient.DrainAsync(client, start);

        items.ShouldNotContain(i => i.Id == organisation || i.Organisation == slug);
        items.ShouldContain(i => i.Organisation == fellowship, "the feed did move on");
    }

    [Fact]
    public async Task Changes_recorded_before_the_feed_read_as_updates_without_an_organisation()
    {
        using var client = Api.Anonymous();
        var start = await ChangeFeedClient.EndAsync(client);
        var slug = await Api.CreateOrganisationAsync();
        var organisation = await OrganisationIdAsync(slug);
        var venue = Guid.CreateVersion7();

        // Rows as the previous version stored them: only the record's id.
        await AddLegacyRowAsync("venues", new VenueChangedIntegrationEvent(venue, null, null), $$"""{"venueId":"{{venue}}"}""");
        await AddLegacyRowAsync("organisations", new OrganisationChangedIntegrationEvent(Guid.Parse(organisation), null), $$"""{"organisationId":"{{organisation}}"}""");

        var (items, _) = await ChangeFeedClient.DrainAsync(client, start);

        var legacy = items.Where(i => i.Id == venue.ToString() || (i.Id == organisation && i.Action != "created")).ToList();
        legacy.Select(i => (i.Entity, i.Organisation, i.Action)).ShouldBe([("venue", null, "updated"), ("organisation", slug, "updated")]);
    }

    /// <summary>Writes an outbox row directly, with <paramref name="payload"/> as the JSON an older version stored for <paramref name="change"/>'s type.</summary>
    private async Task AddLegacyRowAsync(string module, IIntegrationEvent change, string payload)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetServices<IModuleDatabase>().Single(d => d.Schema == module).ContextIn(scope.ServiceProvider);
        var row = OutboxMessage.For(change);
        db.Add(row);
        db.Entry(row).Property(r => r.Payload).CurrentValue = payload;
        db.Entry(row).Property(r => r.OccurredAt).CurrentValue = DateTimeOffset.UtcNow;
        db.Entry(row).Property(r => r.DispatchedAt).CurrentValue = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(Cancellation);
    }
}

public sealed class ChangeFeedTestsOnSqlite(SqliteApiFactory api) : ChangeFeedTests<SqliteApiFactory>(api);
