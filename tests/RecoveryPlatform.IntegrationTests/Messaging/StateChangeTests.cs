using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.IntegrationTests.Messaging;

/// <summary>
/// Every state change announces itself through its module's outbox, both ways: what closing, suspending or
/// archiving hides, reopening, reactivating or unarchiving brings back, in search and on the meeting itself.
/// </summary>
public abstract class StateChangeTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private Task<ArrangedMeeting> MeetingAtAVenueAsync() => Api.MeetingAtAVenueAsync("Round Trip");

    private async Task<List<JsonObject>> SearchAsync(string slug)
    {
        using var anonymous = Api.Anonymous();
        var page = await (await anonymous.GetAsync($"{MeetingArrangement.Meetings}?organisation={slug}", Cancellation)).ShouldBeJsonAsync();
        return page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }

    private async Task<JsonObject> MeetingAsync(string id) =>
        await (await Api.PlatformAdmin().GetAsync($"{MeetingArrangement.Meetings}/{id}", Cancellation)).ShouldBeJsonAsync();

    private Task PatchAsync(string url, object patch) => Api.PatchAsAdminAsync(url, patch);

    [Fact]
    public async Task A_group_closed_and_reopened_brings_its_meetings_back()
    {
        var arranged = await MeetingAtAVenueAsync();
        var group = $"/api/v1/groups/{arranged.GroupId}";
        (await SearchAsync(arranged.Slug)).Select(m => m.Str("id")).ShouldBe([arranged.MeetingId]);

        await PatchAsync(group, new { status = "closed" });

        (await SearchAsync(arranged.Slug)).ShouldBeEmpty();
        await ChangeLogInspection.EventuallyAsync(async () => (await MeetingAsync(arranged.MeetingId))["groupClosed"]!.GetValue<bool>(), "the meeting is marked as its group's closure");
        (await MeetingAsync(arranged.MeetingId))["nextOccurrence"].ShouldBeNull();

        await PatchAsync(group, new { status = "active" });

        await ChangeLogInspection.EventuallyAsync(async () => (await SearchAsync(arranged.Slug)).Count == 1, "the meeting is back in search");
        var meeting = await MeetingAsync(arranged.MeetingId);
        meeting["groupClosed"]!.GetValue<bool>().ShouldBeFalse();
        meeting["nextOccurrence"].ShouldNotBeNull();
        var occurrences = await (await Api.Anonymous().GetAsync($"{MeetingArrangement.Meetings}/{arranged.MeetingId}/occurrences", Cancellation)).Content.ReadAsStringAsync(Cancellation);
        JsonNode.Parse(occurrences)!.AsArray().ShouldNotBeEmpty();

        // Editing the meeting afterwards keeps it public.
        await PatchAsync($"{MeetingArrangement.Meetings}/{arranged.MeetingId}", new { name = "Round Trip Meeting (renamed)" });
        (await SearchAsync(arranged.Slug)).Select(m => m.Str("name")).ShouldBe(["Round Trip Meeting (renamed)"]);
    }

    [Fact]
    public async Task Reopening_a_group_is_recorded_as_its_own_event()
    {
        var arranged = await MeetingAtAVenueAsync();
        var group = $"/api/v1/groups/{arranged.GroupId}";

        await PatchAsync(group, new { status = "closed" });
        await PatchAsync(group, new { status = "inactive" });
        await PatchAsync(group, new { status = "active" });

        var id = Guid.Parse(arranged.GroupId);
        (await Api.EventsAsync<GroupClosedIntegrationEvent>("groups", e => e.GroupId == id)).Count.ShouldBe(1);
        (await Api.EventsAsync<GroupReopenedIntegrationEvent>("groups", e => e.GroupId == id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_organisation_suspended_and_reactivated_brings_its_meetings_back()
    {
        var arranged = await MeetingAtAVenueAsync();
        var organisation = $"/api/v1/organisations/{arranged.Slug}";

        await PatchAsync(organisation, new { status = "suspended" });
        (await SearchAsync(arranged.Slug)).ShouldBeEmpty();
        await (await Api.Anonymous().GetAsync($"{MeetingArrangement.Meetings}/{arranged.MeetingId}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        await PatchAsync(organisation, new { status = "active" });
        (await SearchAsync(arranged.Slug)).Select(m => m.Str("id")).ShouldBe([arranged.MeetingId]);
        (await Api.Anonymous().GetAsync($"{MeetingArrangement.Meetings}/{arranged.MeetingId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_venue_archived_and_unarchived_is_shown_with_its_meetings_again()
    {
        var arranged = await MeetingAtAVenueAsync();
        var venue = $"/api/v1/venues/{arranged.VenueId}";
        using var admin = Api.PlatformAdmin();
        (await SearchAsync(arranged.Slug)).ShouldHaveSingleItem()["venue"]!["id"]!.GetValue<string>().ShouldBe(arranged.VenueId);

        (await (await admin.PostAsync($"{venue}/archive", null, Cancellation)).ShouldBeJsonAsync())["archived"]!.GetValue<bool>().ShouldBeTrue();
        (await SearchAsync(arranged.Slug)).ShouldHaveSingleItem()["venue"].ShouldBeNull();

        (await (await admin.PostAsync($"{venue}/unarchive", null, Cancellation)).ShouldBeJsonAsync())["archived"]!.GetValue<bool>().ShouldBeFalse();
        (await SearchAsync(arranged.Slug)).ShouldHaveSingleItem()["venue"]!["id"]!.GetValue<string>().ShouldBe(arranged.VenueId);

        // Unarchiving what is not archived changes nothing and announces nothing.
        var recorded = (await Api.OutboxOfAsync("venues")).Count;
        (await admin.PostAsync($"{venue}/unarchive", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Api.OutboxOfAsync("venues")).Count.ShouldBe(recorded);
    }

    [Fact]
    public async Task A_new_description_is_not_announced_to_other_modules_but_a_new_name_is()
    {
        var slug = await Api.CreateOrganisationAsync();
        var id = Guid.Parse((await (await Api.PlatformAdmin().GetAsync($"/api/v1/organisations/{slug}", Cancellation)).ShouldBeJsonAsync()).Str("id"));
        async Task<int> AnnouncedAsync() => (await Api.EventsAsync<OrganisationChangedIntegrationEvent>("organisations", e => e.OrganisationId == id)).Count;
        var created = await AnnouncedAsync();

        await PatchAsync($"/api/v1/organisations/{slug}", new { description = "A new description", website = "https://example.org/new" });
        (await AnnouncedAsync()).ShouldBe(created);

        await PatchAsync($"/api/v1/organisations/{slug}", new { name = "A new name" });
        (await AnnouncedAsync()).ShouldBe(created + 1);
    }

    [Fact]
    public async Task A_meeting_whose_stored_schedule_is_no_longer_valid_leaves_search_without_stopping_it()
    {
        var arranged = await MeetingAtAVenueAsync();
        var other = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(arranged.GroupId, name: "Still Valid", venueId: arranged.VenueId));
        using var admin = Api.PlatformAdmin();
        await (await admin.PostAsync($"{MeetingArrangement.Meetings}/{arranged.MeetingId}/cancellations", HttpAssertions.Json(new { date = "2027-01-05" }), Cancellation)).ShouldBeJsonAsync();

        // As a hand edit in the database would: a Wednesday meeting now holds a cancellation on a Tuesday.
        await Api.AlterAsync("meetings", db => db.Set<Modules.Meetings.Domain.Meeting>().Where(m => m.Id == Guid.Parse(arranged.MeetingId))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Day, DayOfWeek.Wednesday), Cancellation));
        await PatchAsync($"/api/v1/groups/{arranged.GroupId}", new { name = "Group renamed after the edit" });

        var results = await SearchAsync(arranged.Slug);
        results.Select(m => m.Str("id")).ShouldBe([other]);
        results.Single()["group"].Str("name").ShouldBe("Group renamed after the edit");
    }

    [Fact]
    public async Task An_event_delivered_again_changes_nothing_the_second_time()
    {
        var arranged = await MeetingAtAVenueAsync();
        await PatchAsync($"/api/v1/groups/{arranged.GroupId}", new { status = "closed" });
        var (closure, _) = (await Api.EventsAsync<GroupClosedIntegrationEvent>("groups", e => e.GroupId == Guid.Parse(arranged.GroupId))).ShouldHaveSingleItem();
        await ChangeLogInspection.EventuallyAsync(async () => (await Api.InboxOfAsync("meetings", closure.EventId)).Count == 1, "the Meetings module handled the closure");
        var meetingEvents = (await Api.OutboxOfAsync("meetings")).Count;
        var updated = (await MeetingAsync(arranged.MeetingId)).Str("updatedAt");

        // As after a crash between a handler's commit and the outbox being marked: the row is pending again.
        await Api.AlterAsync("groups", db => db.Set<OutboxMessage>().Where(m => m.Sequence == closure.Sequence)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, (DateTimeOffset?)null), Cancellation));
        await PatchAsync($"/api/v1/groups/{arranged.GroupId}", new { description = "Nudges the dispatcher" });

        await ChangeLogInspection.EventuallyAsync(
            async () => (await Api.OutboxOfAsync("groups")).Single(r => r.Row.Sequence == closure.Sequence).Row.DispatchedAt is not null,
            "the closure is dispatched again");
        (await Api.InboxOfAsync("meetings", closure.EventId)).Count.ShouldBe(1);
        (await Api.OutboxOfAsync("meetings")).Count.ShouldBe(meetingEvents);
        (await MeetingAsync(arranged.MeetingId)).Str("updatedAt").ShouldBe(updated);
    }
}

public sealed class StateChangeTestsOnSqlite(SqliteApiFactory api) : StateChangeTests<SqliteApiFactory>(api);
