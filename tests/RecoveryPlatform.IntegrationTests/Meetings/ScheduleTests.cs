using System.Globalization;
using RecoveryPlatform.IntegrationTests.Access;

namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>The schedule engine over HTTP: occurrences across clock changes and time zones, and one-off cancellations and changes.</summary>
public abstract class ScheduleTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private async Task<string> MeetingAsync(string day, string startTime, string timeZone = "Europe/London", int durationMinutes = 60)
    {
        var slug = await Api.CreateOrganisationAsync();
        var groupId = await Api.CreateGroupAsync(slug);
        var id = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId, day: day, startTime: startTime, timeZone: timeZone, durationMinutes: durationMinutes));
        return $"{MeetingArrangement.Meetings}/{id}";
    }

    private static async Task<List<JsonObject>> OccurrencesAsync(HttpClient client, string url, string from, string to)
    {
        var response = await client.GetAsync($"{url}/occurrences?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsArray().Select(o => o!.AsObject()).ToList();
    }

    private static DateTimeOffset Instant(JsonObject occurrence) => DateTimeOffset.Parse(occurrence.Str("startsAt"), CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_weekly_london_meeting_follows_the_october_clock_change()
    {
        var url = await MeetingAsync("tuesday", "19:30");

        var occurrences = await OccurrencesAsync(Api.Anonymous(), url, "2026-10-20T00:00:00Z", "2026-11-03T00:00:00Z");

        occurrences.Count.ShouldBe(2);
        Instant(occurrences[0]).ShouldBe(Utc("2026-10-20T18:30:00Z"));
        occurrences[0].Str("localStart").ShouldBe("2026-10-20T19:30");
        occurrences[0].Str("utcOffset").ShouldBe("+01:00");
        occurrences[0].Str("localDate").ShouldBe("2026-10-20");
        Instant(occurrences[1]).ShouldBe(Utc("2026-10-27T19:30:00Z"));
        occurrences[1].Str("localStart").ShouldBe("2026-10-27T19:30");
        occurrences[1].Str("utcOffset").ShouldBe("+00:00");
        DateTimeOffset.Parse(occurrences[1].Str("endsAt"), CultureInfo.InvariantCulture).ShouldBe(Utc("2026-10-27T20:30:00Z"));
        occurrences.ShouldAllBe(o => !o["changed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_start_in_the_spring_gap_moves_forward_an_hour()
    {
        var url = await MeetingAsync("sunday", "01:30");

        var occurrence = (await OccurrencesAsync(Api.Anonymous(), url, "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z")).ShouldHaveSingleItem();

        Instant(occurrence).ShouldBe(Utc("2026-03-29T01:30:00Z"));
        occurrence.Str("localStart").ShouldBe("2026-03-29T02:30");
        occurrence.Str("utcOffset").ShouldBe("+01:00");
    }

    [Fact]
    public async Task A_start_the_autumn_change_repeats_means_the_first_of_the_two()
    {
        var url = await MeetingAsync("sunday", "01:30");

        var occurrence = (await OccurrencesAsync(Api.Anonymous(), url, "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z")).ShouldHaveSingleItem();

        Instant(occurrence).ShouldBe(Utc("2026-10-25T00:30:00Z"));
        occurrence.Str("localStart").ShouldBe("2026-10-25T01:30");
        occurrence.Str("utcOffset").ShouldBe("+01:00");
    }

    [Fact]
    public async Task A_new_york_meeting_keeps_new_york_time_while_only_the_us_is_on_summer_time()
    {
        var url = await MeetingAsync("monday", "19:00", "America/New_York");

        var occurrence = (await OccurrencesAsync(Api.Anonymous(), url, "2026-03-09T00:00:00Z", "2026-03-10T12:00:00Z")).ShouldHaveSingleItem();

        Instant(occurrence).ShouldBe(Utc("2026-03-09T23:00:00Z"));
        occurrence.Str("localStart").ShouldBe("2026-03-09T19:00");
        occurrence.Str("utcOffset").ShouldBe("-04:00");
    }

    [Fact]
    public async Task Cancelling_changing_and_restoring_one_occurrence()
    {
        var url = await MeetingAsync("tuesday", "19:30");
        using var admin = Api.PlatformAdmin();
        const string From = "2026-12-07T00:00:00Z";
        const string To = "2026-12-21T00:00:00Z";

        var cancelled = await admin.PostAsync($"{url}/cancellations", HttpAssertions.Json(new { date = "2026-12-08", note = "Hall closed" }), Cancellation);
        var meeting = await cancelled.ShouldBeJsonAsync();
        var exception = meeting["exceptions"]!.AsArray().ShouldHaveSingleItem()!.AsObject();
        exception.Str("date").ShouldBe("2026-12-08");
        exception.Str("kind").ShouldBe("cancellation");
        exception.Str("note").ShouldBe("Hall closed");
        (await OccurrencesAsync(admin, url, From, To)).Select(o => o.Str("localDate")).ShouldBe(["2026-12-15"]);

        var changed = await admin.PostAsync($"{url}/changes", HttpAssertions.Json(new { date = "2026-12-15", startTime = "18:00" }), Cancellation);
        await changed.ShouldBeJsonAsync();
        var moved = (await OccurrencesAsync(admin, url, From, To)).ShouldHaveSingleItem();
        Instant(moved).ShouldBe(Utc("2026-12-15T18:00:00Z"));
        moved.Str("localStart").ShouldBe("2026-12-15T18:00");
        moved["changed"]!.GetValue<bool>().ShouldBeTrue();

        (await (await admin.DeleteAsync($"{url}/exceptions/2026-12-08", Cancellation)).ShouldBeJsonAsync())["exceptions"]!.AsArray().Count.ShouldBe(1);
        await (await admin.DeleteAsync($"{url}/exceptions/2026-12-15", Cancellation)).ShouldBeJsonAsync();
        var restored = await OccurrencesAsync(admin, url, From, To);
        restored.Select(Instant).ShouldBe([Utc("2026-12-08T19:30:00Z"), Utc("2026-12-15T19:30:00Z")]);
        restored.ShouldAllBe(o => !o["changed"]!.GetValue<bool>());

        await (await admin.DeleteAsync($"{url}/exceptions/2026-12-15", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Moving_the_meeting_to_another_day_drops_exceptions_on_dates_it_no_longer_has()
    {
        var url = await MeetingAsync("tuesday", "19:30");
        using var admin = Api.PlatformAdmin();
        await (await admin.PostAsync($"{url}/cancellations", HttpAssertions.Json(new { date = "2026-12-08" }), Cancellation)).ShouldBeJsonAsync();

        using var request = await admin.ConditionalAsync(HttpMethod.Patch, url, AccessArrangement.MergePatch(new { schedule = new { recurrence = new { day = "wednesday" } } }));
        var moved = await (await admin.SendAsync(request, Cancellation)).ShouldBeJsonAsync();

        moved["schedule"]!["recurrence"].Str("day").ShouldBe("wednesday");
        moved["exceptions"]!.AsArray().ShouldBeEmpty();
        (await OccurrencesAsync(admin, url, "2026-12-07T00:00:00Z", "2026-12-14T00:00:00Z")).Select(Instant).ShouldBe([Utc("2026-12-09T19:30:00Z")]);
    }

    [Fact]
    public async Task Narrowing_the_dates_to_only_cancelled_ones_is_a_400()
    {
        var slug = await Api.CreateOrganisationAsync();
        var body = MeetingArrangement.MeetingBody(await Api.CreateGroupAsync(slug));
        body["schedule"]!["validFrom"] = "2026-12-01";
        body["schedule"]!["validUntil"] = "2026-12-31";
        var url = $"{MeetingArrangement.Meetings}/{await Api.CreateMeetingAsync(body)}";
        using var admin = Api.PlatformAdmin();
        await (await admin.PostAsync($"{url}/cancellations", HttpAssertions.Json(new { date = "2026-12-08" }), Cancellation)).ShouldBeJsonAsync();

        // 8 December is the only date left, and it is cancelled: the meeting would never take place.
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, url, AccessArrangement.MergePatch(new { schedule = new { validFrom = "2026-12-08", validUntil = "2026-12-08" } }));
        var response = await admin.SendAsync(request, Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await Api.Anonymous().GetAsync(url, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cancelling_a_date_the_schedule_does_not_have_is_a_400()
    {
        var url = await MeetingAsync("tuesday", "19:30");

        var response = await Api.PlatformAdmin().PostAsync($"{url}/cancellations", HttpAssertions.Json(new { date = "2026-12-09" }), Cancellation);

        await response.ShouldBeValidationProblemAsync("date");
    }

    [Theory]
    [InlineData("2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z")]
    [InlineData("2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z")]
    [InlineData("2026-01-01T00:00:00Z", "2027-01-03T00:00:00Z")]
    public async Task A_bad_range_is_a_400_naming_to(string from, string to)
    {
        var url = await MeetingAsync("tuesday", "19:30");

        var response = await Api.Anonymous().GetAsync($"{url}/occurrences?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}", Cancellation);

        await response.ShouldBeValidationProblemAsync("to");
    }
}

public sealed class ScheduleTestsOnSqlite(SqliteApiFactory api) : ScheduleTests<SqliteApiFactory>(api);
