using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using RecoveryPlatform.IntegrationTests.Access;
using IcalCalendar = Ical.Net.Calendar;

namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>
/// Schedules Meeting Guide feeds only write in notes, given a home: a weekly meeting that skips weeks of the month
/// ("no meeting on the 1st Wednesday"), formats by week of the month ("5th week is a literature meeting"), and a
/// one-off change of formats; through every reader of a schedule.
/// </summary>
public abstract class WeekOfMonthScheduleTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    // December 2026 has five Wednesdays: 2 (1st), 9, 16, 23 and 30 (5th). London is on GMT all month.
    private const string December = "from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z";

    private sealed record Arranged(string Slug, string GroupId, string Url);

    /// <summary>An organisation with the codes O (Open), LIT (Literature) and SP (Speaker), and a weekly Wednesday meeting shaped by <paramref name="schedule"/>.</summary>
    private async Task<Arranged> MeetingAsync(Action<JsonObject> schedule, string name = "Week Of Month Meeting")
    {
        var slug = await Api.CreateOrganisationAsync();
        await FormatAsync(slug, "O", "Open", "O");
        await FormatAsync(slug, "LIT", "Literature", "LIT");
        await FormatAsync(slug, "SP", "Speaker", "SP");
        var groupId = await Api.CreateGroupAsync(slug);
        var body = MeetingArrangement.MeetingBody(groupId, name, day: "wednesday", startTime: "19:00", formats: ["O"]);
        schedule(body["schedule"]!.AsObject());
        var id = await Api.CreateMeetingAsync(body);
        return new Arranged(slug, groupId, $"{MeetingArrangement.Meetings}/{id}");
    }

    private async Task FormatAsync(string slug, string code, string label, string meetingGuideCode)
    {
        using var admin = Api.PlatformAdmin();
        var body = new { code, labels = new Dictionary<string, string> { ["en"] = label }, attributes = Array.Empty<string>(), meetingGuideCode };
        await (await admin.PostAsync($"/api/v1/organisations/{slug}/formats", HttpAssertions.Json(body), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
    }

    private static void SkipFirstWeek(JsonObject schedule) => schedule["recurrence"]!["exceptWeeksOfMonth"] = new JsonArray(1);

    private static void LiteratureOnFifth(JsonObject schedule) =>
        schedule["formatsByWeekOfMonth"] = new JsonArray(new JsonObject { ["weekOfMonth"] = 5, ["formats"] = new JsonArray("LIT") });

    private async Task<List<JsonObject>> OccurrencesAsync(string url, string range = December)
    {
        var response = await Api.Anonymous().GetAsync($"{url}/occurrences?{range}", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return [.. JsonNode.Parse(text)!.AsArray().Select(o => o!.AsObject())];
    }

    private static string[] FormatsOf(JsonNode? node) => [.. node!["formats"]!.AsArray().Select(f => f!.GetValue<string>())];

    private static JsonObject Body(object value) => JsonSerializer.SerializeToNode(value)!.AsObject();

    // ---- Create, read, patch ------------------------------------------------------------------------

    [Fact]
    public async Task A_meeting_that_skips_the_first_week_and_varies_the_fifth_reads_back_and_lists_its_dates()
    {
        var meeting = await MeetingAsync(s => { SkipFirstWeek(s); LiteratureOnFifth(s); });

        var read = await (await Api.Anonymous().GetAsync(meeting.Url, Cancellation)).ShouldBeJsonAsync();
        read["schedule"]!["recurrence"]!["exceptWeeksOfMonth"]!.AsArray().Select(w => w!.GetValue<int>()).ShouldBe([1]);
        var variation = read["schedule"]!["formatsByWeekOfMonth"]!.AsArray().ShouldHaveSingleItem()!;
        variation["weekOfMonth"]!.GetValue<int>().ShouldBe(5);
        FormatsOf(variation).ShouldBe(["LIT"]);

        var occurrences = await OccurrencesAsync(meeting.Url);
        occurrences.Select(o => o.Str("localDate")).ShouldBe(["2026-12-09", "2026-12-16", "2026-12-23", "2026-12-30"]);
        occurrences.Select(FormatsOf).ShouldBe([["O"], ["O"], ["O"], ["LIT"]]);
    }

    [Fact]
    public async Task Patching_the_skipped_weeks_is_an_edit_with_a_new_etag_and_a_change_feed_entry()
    {
        var meeting = await MeetingAsync(_ => { });
        using var admin = Api.PlatformAdmin();
        var before = await admin.GetAsync(meeting.Url, Cancellation);
        var etagBefore = before.Headers.ETag!.Tag;

        using var request = await admin.ConditionalAsync(HttpMethod.Patch, meeting.Url, AccessArrangement.MergePatch(new { schedule = new { recurrence = new { exceptWeeksOfMonth = new[] { 1, 3 } } } }));
        var response = await admin.SendAsync(request, Cancellation);
        var patched = await response.ShouldBeJsonAsync();

        patched["schedule"]!["recurrence"]!["exceptWeeksOfMonth"]!.AsArray().Select(w => w!.GetValue<int>()).ShouldBe([1, 3]);
        response.Headers.ETag!.Tag.ShouldNotBe(etagBefore);
        (await OccurrencesAsync(meeting.Url)).Select(o => o.Str("localDate")).ShouldBe(["2026-12-09", "2026-12-23", "2026-12-30"]);

        using var clear = await admin.ConditionalAsync(HttpMethod.Patch, meeting.Url, AccessArrangement.MergePatch(new { schedule = new { recurrence = new { exceptWeeksOfMonth = (int[]?)null } } }));
        (await (await admin.SendAsync(clear, Cancellation)).ShouldBeJsonAsync())["schedule"]!["recurrence"]!["exceptWeeksOfMonth"]!.AsArray().ShouldBeEmpty();
        (await OccurrencesAsync(meeting.Url)).Count.ShouldBe(5);
    }

    [Fact]
    public async Task Skipping_a_week_drops_a_cancellation_on_a_date_it_no_longer_has_and_a_cancellation_there_is_refused()
    {
        var meeting = await MeetingAsync(_ => { });
        using var admin = Api.PlatformAdmin();
        await (await admin.PostAsync($"{meeting.Url}/cancellations", HttpAssertions.Json(new { date = "2026-12-02" }), Cancellation)).ShouldBeJsonAsync();
        await (await admin.PostAsync($"{meeting.Url}/cancellations", HttpAssertions.Json(new { date = "2026-12-16" }), Cancellation)).ShouldBeJsonAsync();

        using var request = await admin.ConditionalAsync(HttpMethod.Patch, meeting.Url, AccessArrangement.MergePatch(new { schedule = new { recurrence = new { exceptWeeksOfMonth = new[] { 1 } } } }));
        var patched = await (await admin.SendAsync(request, Cancellation)).ShouldBeJsonAsync();

        patched["exceptions"]!.AsArray().Select(e => e.Str("date")).ShouldBe(["2026-12-16"]);
        (await OccurrencesAsync(meeting.Url)).Select(o => o.Str("localDate")).ShouldBe(["2026-12-09", "2026-12-23", "2026-12-30"]);
        await (await admin.PostAsync($"{meeting.Url}/cancellations", HttpAssertions.Json(new { date = "2027-01-06" }), Cancellation)).ShouldBeValidationProblemAsync("date");
    }

    [Fact]
    public async Task A_one_date_change_of_formats_is_that_dates_formats_and_reads_back()
    {
        var meeting = await MeetingAsync(LiteratureOnFifth);
        using var admin = Api.PlatformAdmin();

        var changed = await (await admin.PostAsync($"{meeting.Url}/changes", HttpAssertions.Json(new { date = "2026-12-23", formats = new[] { "SP", "O" }, note = "Christmas speaker" }), Cancellation)).ShouldBeJsonAsync();

        FormatsOf(changed["exceptions"]!.AsArray().ShouldHaveSingleItem()).ShouldBe(["SP", "O"]);
        var occurrences = await OccurrencesAsync(meeting.Url);
        var christmas = occurrences.Single(o => o.Str("localDate") == "2026-12-23");
        FormatsOf(christmas).ShouldBe(["SP", "O"]);
        christmas["changed"]!.GetValue<bool>().ShouldBeTrue();
        christmas.Str("localStart").ShouldBe("2026-12-23T19:00");
        FormatsOf(occurrences.Single(o => o.Str("localDate") == "2026-12-30")).ShouldBe(["LIT"]);
    }

    // ---- Readers: calendar, feeds, search -------------------------------------------------------------

    [Fact]
    public async Task The_calendar_says_the_skipped_week_in_its_rule_and_expands_to_the_occurrences()
    {
        var meeting = await MeetingAsync(s => { SkipFirstWeek(s); s["validFrom"] = "2026-12-01"; });
        using var admin = Api.PlatformAdmin();
        await (await admin.PostAsync($"{meeting.Url}/changes", HttpAssertions.Json(new { date = "2026-12-23", formats = new[] { "SP" } }), Cancellation)).ShouldBeJsonAsync();

        var response = await Api.Anonymous().GetAsync($"{meeting.Url}/calendar.ics", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);

        text.ShouldContain("RRULE:FREQ=MONTHLY;BYDAY=2WE,3WE,4WE,5WE");
        text.ShouldContain("DTSTART;TZID=Europe/London:20261209T190000");
        text.ShouldContain("RECURRENCE-ID;TZID=Europe/London:20261223T190000");
        var expanded = IcalCalendar.Load(text)!.GetOccurrences<CalendarEvent>(new CalDateTime(new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc), CalDateTime.UtcTzId))
            .Select(o => new DateTimeOffset(o.Period.StartTime.AsUtc, TimeSpan.Zero))
            .TakeWhile(start => start < new DateTimeOffset(2027, 12, 1, 0, 0, 0, TimeSpan.Zero))
            .ToList();
        var occurrences = await OccurrencesAsync(meeting.Url, "from=2026-12-01T00:00:00Z&to=2027-12-01T00:00:00Z");
        expanded.ShouldBe([.. occurrences.Select(o => DateTimeOffset.Parse(o.Str("startsAt"), System.Globalization.CultureInfo.InvariantCulture))]);
        expanded.ShouldNotContain(new DateTimeOffset(2027, 1, 6, 19, 0, 0, TimeSpan.Zero), "6 January 2027 is a 1st Wednesday");
        expanded.ShouldContain(new DateTimeOffset(2027, 6, 9, 18, 0, 0, TimeSpan.Zero), "9 June 2027, 19:00 BST");
    }

    [Fact]
    public async Task The_meeting_guide_feed_and_csv_tell_the_skipped_week_and_the_fifth_weeks_formats_in_notes()
    {
        var meeting = await MeetingAsync(s => { SkipFirstWeek(s); LiteratureOnFifth(s); });

        var feed = await (await Api.Anonymous().GetAsync($"/api/v1/organisations/{meeting.Slug}/feeds/meeting-guide.json", Cancellation)).Content.ReadAsStringAsync(Cancellation);
        var listed = JsonNode.Parse(feed)!.AsArray().Single()!.AsObject();

        listed.Str("notes").ShouldBe("No meeting on the 1st Wednesday of the month. 5th Wednesday of the month: Literature.");
        listed["day"]!.GetValue<int>().ShouldBe(3);

        var csv = await (await Api.Anonymous().GetAsync($"/api/v1/organisations/{meeting.Slug}/feeds/meetings.csv", Cancellation)).Content.ReadAsStringAsync(Cancellation);
        csv.ShouldContain("No meeting on the 1st Wednesday of the month. 5th Wednesday of the month: Literature.");
    }

    [Fact]
    public async Task Open_referral_says_a_weekly_meeting_that_skips_a_week_as_monthly_on_the_weeks_it_meets()
    {
        var meeting = await MeetingAsync(SkipFirstWeek);

        var service = await (await Api.Anonymous().GetAsync($"/openreferral/services/{meeting.Url.Split('/')[^1]}", Cancellation)).ShouldBeJsonAsync();

        var schedule = service["schedules"]!.AsArray().ShouldHaveSingleItem()!;
        (schedule.Str("freq"), schedule["interval"]!.GetValue<int>(), schedule.Str("byday")).ShouldBe(("MONTHLY", 1, "2WE,3WE,4WE,5WE"));
        schedule.Str("notes").ShouldBe("No meeting on the 1st Wednesday of the month.");
    }

    [Fact]
    public async Task Search_never_reports_a_skipped_date_as_the_next_meeting_nor_as_starting_soon()
    {
        var meeting = await MeetingAsync(s => { SkipFirstWeek(s); LiteratureOnFifth(s); });
        using var anonymous = Api.Anonymous();
        async Task<List<JsonObject>> SearchAsync(string query) =>
            [.. (await (await anonymous.GetAsync($"{MeetingArrangement.Meetings}?organisation={meeting.Slug}&{query}", Cancellation)).ShouldBeJsonAsync())["items"]!.AsArray().Select(i => i!.AsObject())];

        // Tuesday 1 December at noon: the next Wednesday is the 1st, skipped; the next meeting is on the 9th.
        (await SearchAsync($"sort=nextOccurrence&at={Uri.EscapeDataString("2026-12-01T12:00:00Z")}")).ShouldHaveSingleItem()["nextOccurrence"].Str("localDate").ShouldBe("2026-12-09");
        (await SearchAsync($"startingWithin=PT4H&at={Uri.EscapeDataString("2026-12-02T17:00:00Z")}")).ShouldBeEmpty();
        var ninth = (await SearchAsync($"startingWithin=PT4H&at={Uri.EscapeDataString("2026-12-09T17:00:00Z")}")).ShouldHaveSingleItem();
        ninth["nextOccurrence"]!.AsObject().ContainsKey("formats").ShouldBeFalse("the usual formats are the result's own");

        // The 5th Wednesday's occurrence carries its own formats.
        var fifth = (await SearchAsync($"startingWithin=PT4H&at={Uri.EscapeDataString("2026-12-30T17:00:00Z")}")).ShouldHaveSingleItem();
        FormatsOf(fifth["nextOccurrence"]).ShouldBe(["LIT"]);
    }

    // ---- Bad values ------------------------------------------------------------------------------------

    public static TheoryData<string, string> BadSchedules => new()
    {
        { """{"recurrence":{"kind":"monthly","day":"wednesday","weekOfMonth":2,"exceptWeeksOfMonth":[1]}}""", "schedule.recurrence.exceptWeeksOfMonth" },
        { """{"recurrence":{"kind":"weekly","day":"wednesday","exceptWeeksOfMonth":[1,1]}}""", "schedule.recurrence.exceptWeeksOfMonth" },
        { """{"recurrence":{"kind":"weekly","day":"wednesday","exceptWeeksOfMonth":[0]}}""", "schedule.recurrence.exceptWeeksOfMonth" },
        { """{"recurrence":{"kind":"weekly","day":"wednesday","exceptWeeksOfMonth":[6]}}""", "schedule.recurrence.exceptWeeksOfMonth" },
        { """{"recurrence":{"kind":"weekly","day":"wednesday","exceptWeeksOfMonth":[-1]}}""", "schedule.recurrence.exceptWeeksOfMonth" },
        { """{"recurrence":{"kind":"weekly","day":"wednesday","exceptWeeksOfMonth":[1,2,3,4,5]}}""", "schedule.recurrence.exceptWeeksOfMonth" },
        { """{"recurrence":{"kind":"every-n-weeks","day":"wednesday","intervalWeeks":2,"anchorDate":"2026-12-02","exceptWeeksOfMonth":[5,4,3,2,1]}}""", "schedule.recurrence.exceptWeeksOfMonth" },
        { """{"formatsByWeekOfMonth":[{"weekOfMonth":6,"formats":["LIT"]}]}""", "schedule.formatsByWeekOfMonth[0].weekOfMonth" },
        { """{"formatsByWeekOfMonth":[{"weekOfMonth":0,"formats":["LIT"]}]}""", "schedule.formatsByWeekOfMonth[0].weekOfMonth" },
        { """{"formatsByWeekOfMonth":[{"formats":["LIT"]}]}""", "schedule.formatsByWeekOfMonth[0].weekOfMonth" },
        { """{"formatsByWeekOfMonth":[{"weekOfMonth":5}]}""", "schedule.formatsByWeekOfMonth[0].formats" },
        { """{"formatsByWeekOfMonth":[{"weekOfMonth":5,"formats":[""]}]}""", "schedule.formatsByWeekOfMonth[0].formats[0]" },
        { """{"formatsByWeekOfMonth":[{"weekOfMonth":5,"formats":["ABCDEFGHIJKLMNOPQ"]}]}""", "schedule.formatsByWeekOfMonth[0].formats[0]" },
        { """{"formatsByWeekOfMonth":[{"weekOfMonth":5,"formats":["LIT"]},{"weekOfMonth":5,"formats":["SP"]}]}""", "schedule.formatsByWeekOfMonth[1].weekOfMonth" },
        { """{"recurrence":{"kind":"weekly","day":"wednesday","exceptWeeksOfMonth":[5]},"formatsByWeekOfMonth":[{"weekOfMonth":5,"formats":["LIT"]}]}""", "schedule.formatsByWeekOfMonth[0].weekOfMonth" },
        { """{"recurrence":{"kind":"monthly","day":"wednesday","weekOfMonth":2},"formatsByWeekOfMonth":[{"weekOfMonth":2,"formats":["LIT"]}]}""", "schedule.formatsByWeekOfMonth" },
        { """{"formatsByWeekOfMonth":[{"weekOfMonth":5,"formats":["NOPE"]}]}""", "schedule.formatsByWeekOfMonth[0].formats" },
        { """{"recurrence":{"kind":"weekly","day":"wednesday","exceptWeeksOfMonth":"1"}}""", "schedule.recurrence.exceptWeeksOfMonth" },
    };

    [Theory]
    [MemberData(nameof(BadSchedules))]
    public async Task A_bad_skipped_week_or_week_format_is_a_400_naming_the_field_on_create_and_patch(string schedulePatch, string field)
    {
        var meeting = await MeetingAsync(_ => { });
        var patch = JsonNode.Parse(schedulePatch)!.AsObject();
        using var admin = Api.PlatformAdmin();

        var body = MeetingArrangement.MeetingBody(meeting.GroupId, day: "wednesday", formats: ["O"]);
        foreach (var (key, value) in patch)
        {
            body["schedule"]![key] = key == "recurrence" ? value!.DeepClone() : value?.DeepClone();
        }

        await (await admin.PostAsync(MeetingArrangement.Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation)).ShouldBeValidationProblemAsync(field);

        using var request = await admin.ConditionalAsync(HttpMethod.Patch, meeting.Url, AccessArrangement.MergePatch(JsonSerializer.Deserialize<JsonElement>(new JsonObject { ["schedule"] = patch.DeepClone() }.ToJsonString())));
        await (await admin.SendAsync(request, Cancellation)).ShouldBeValidationProblemAsync(field);
        (await OccurrencesAsync(meeting.Url)).Count.ShouldBe(5, "nothing was written");
    }

    [Theory]
    [InlineData("""{"date":"2026-12-23","formats":["NOPE"]}""", "formats")]
    [InlineData("""{"date":"2026-12-23","formats":[""]}""", "formats[0]")]
    [InlineData("""{"date":"2026-12-23","formats":["ABCDEFGHIJKLMNOPQ"]}""", "formats[0]")]
    [InlineData("""{"date":"2026-12-02","formats":["SP"]}""", "date")]
    public async Task A_bad_change_of_formats_is_a_400_naming_the_field(string change, string field)
    {
        var meeting = await MeetingAsync(SkipFirstWeek);

        var response = await Api.PlatformAdmin().PostAsync($"{meeting.Url}/changes", HttpAssertions.Json(change), Cancellation);

        await response.ShouldBeValidationProblemAsync(field);
        (await (await Api.Anonymous().GetAsync(meeting.Url, Cancellation)).ShouldBeJsonAsync())["exceptions"]!.AsArray().ShouldBeEmpty();
    }
}

public sealed class WeekOfMonthScheduleTestsOnSqlite(SqliteApiFactory api) : WeekOfMonthScheduleTests<SqliteApiFactory>(api);
