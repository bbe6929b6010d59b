using System.Globalization;
using System.IO.Compression;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using RecoveryPlatform.IntegrationTests.Access;
using IcalCalendar = Ical.Net.Calendar;

namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>
/// The iCalendar feeds (docs/feeds.md): every calendar is parsed back with Ical.Net and expanded over a year that
/// crosses both clock changes (2027: London 28 March and 31 October, New York 14 March and 7 November), and must
/// give exactly the start instants <c>/occurrences</c> lists over that year.
/// </summary>
public abstract class CalendarTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string YearFrom = "2027-01-01T00:00:00Z";
    private const string YearTo = "2028-01-01T00:00:00Z";

    // ---- What each schedule becomes ------------------------------------------------------------

    [Theory]
    [InlineData("Europe/London")]
    [InlineData("America/New_York")]
    public async Task A_weekly_meeting_is_an_rrule_in_its_own_zone_that_expands_to_its_occurrences(string zone)
    {
        var url = await MeetingAsync(Body(zone: zone));

        var (response, text) = await CalendarAsync(url);

        response.Content.Headers.ContentType!.ToString().ShouldBe("text/calendar; charset=utf-8");
        response.Headers.ETag!.IsWeak.ShouldBeFalse();
        response.Content.Headers.LastModified.ShouldNotBeNull();
        text.ShouldContain("RRULE:FREQ=WEEKLY;BYDAY=TU");
        text.ShouldContain($"DTSTART;TZID={zone}:20270105T193000");
        text.ShouldContain($"TZID:{zone}\r\n");
        text.ShouldContain($"UID:{url.Split('/')[^1]}\r\n");
        text.ShouldContain("SUMMARY:Calendar Meeting");
        text.ShouldContain("DTSTAMP:");
        text.ShouldContain("LAST-MODIFIED:");
        await ShouldExpandToOccurrencesAsync(text, [url]);
    }

    [Fact]
    public async Task A_weekly_meeting_without_valid_from_starts_on_its_first_date_after_it_was_listed()
    {
        var body = Body();
        body["schedule"]!.AsObject().Remove("validFrom");
        var url = await MeetingAsync(body);

        var (_, text) = await CalendarAsync(url);

        // Any year from the next month on (the test runs whenever it runs): both clock changes are in it.
        var now = DateTimeOffset.UtcNow;
        var from = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        await ShouldExpandToOccurrencesAsync(text, [url], from, from.AddYears(1));
    }

    [Fact]
    public async Task A_fortnightly_meeting_is_every_2_weeks_from_one_of_its_real_dates()
    {
        var body = Body(recurrence: new JsonObject { ["kind"] = "every-n-weeks", ["day"] = "wednesday", ["intervalWeeks"] = 2, ["anchorDate"] = "2026-12-02" });
        var url = await MeetingAsync(body);

        var (_, text) = await CalendarAsync(url);

        text.ShouldContain("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE");

        // 2 December 2026 + 6 fortnights: the schedule's first date on or after validFrom (1 January 2027).
        text.ShouldContain("DTSTART;TZID=Europe/London:20270113T193000");
        await ShouldExpandToOccurrencesAsync(text, [url]);
    }

    [Theory]
    [InlineData(2, "monday", "2MO")]
    [InlineData(-1, "friday", "-1FR")]
    public async Task A_monthly_meeting_is_by_day_of_the_month(int weekOfMonth, string day, string byDay)
    {
        var url = await MeetingAsync(Body(recurrence: new JsonObject { ["kind"] = "monthly", ["day"] = day, ["weekOfMonth"] = weekOfMonth }));

        var (_, text) = await CalendarAsync(url);

        text.ShouldContain($"RRULE:FREQ=MONTHLY;BYDAY={byDay}");
        await ShouldExpandToOccurrencesAsync(text, [url]);
    }

    [Fact]
    public async Task Valid_until_ends_the_rule()
    {
        var body = Body();
        body["schedule"]!["validUntil"] = "2027-06-29";
        var url = await MeetingAsync(body);

        var (_, text) = await CalendarAsync(url);

        // The last second of 29 June in London (BST), in UTC, as RFC 5545 wants beside a zoned DTSTART.
        text.ShouldContain("RRULE:FREQ=WEEKLY;UNTIL=20270629T225959Z;BYDAY=TU");
        (await ExpandAsync(text, Utc(YearFrom), Utc(YearTo))).Last().ShouldBe(Utc("2027-06-29T18:30:00Z"));
        await ShouldExpandToOccurrencesAsync(text, [url]);
    }

    [Fact]
    public async Task A_cancellation_is_an_exdate_and_a_one_off_change_an_override_with_its_own_time_length_and_venue()
    {
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug, "Calendar Group");
        var hall = await Api.CreateVenueAsync(slug, "Calendar Hall");
        var annexe = await Api.CreateVenueAsync(slug, "Calendar Annexe", town: "York", postcode: "YO1 7HH");
        var url = await MeetingAsync(Body(group: group, venueId: hall));
        using var admin = Api.PlatformAdmin();
        await (await admin.PostAsync($"{url}/cancellations", HttpAssertions.Json(new { date = "2027-03-30", note = "Hall closed" }), Cancellation)).ShouldBeJsonAsync();
        await (await admin.PostAsync($"{url}/changes", HttpAssertions.Json(new { date = "2027-11-02", startTime = "18:00", durationMinutes = 90, venueId = annexe, note = "In the annexe" }), Cancellation)).ShouldBeJsonAsync();

        var (_, text) = await CalendarAsync(url);

        text.ShouldContain("EXDATE;TZID=Europe/London:20270330T193000");
        text.ShouldContain("RECURRENCE-ID;TZID=Europe/London:20271102T193000");
        text.ShouldContain("DTSTART;TZID=Europe/London:20271102T180000");
        var calendar = IcalCalendar.Load(text)!;
        var moved = calendar.Events.Single(e => e.RecurrenceIdentifier is not null);
        moved.Uid.ShouldBe(url.Split('/')[^1]);
        moved.Location.ShouldBe("Calendar Annexe, York YO1 7HH");
        text.ShouldContain("DURATION:PT1H30M");
        moved.Description!.ShouldStartWith("This date only: In the annexe");
        calendar.Events.Single(e => e.RecurrenceIdentifier is null).Location.ShouldBe("Calendar Hall, Leeds LS6 3HE");
        await ShouldExpandToOccurrencesAsync(text, [url]);
    }

    [Fact]
    public async Task A_temporarily_suspended_meeting_expands_as_its_occurrences_do_and_says_it_is_suspended()
    {
        var url = await MeetingAsync(Body());
        await Api.PatchAsAdminAsync(url, new { status = "temporarily-suspended", resumesOn = "2027-04-06" });

        var (_, text) = await CalendarAsync(url);

        text.ShouldContain("STATUS:TENTATIVE");
        text.ShouldContain("Temporarily suspended\\; expected back on 6 April 2027.");
        await ShouldExpandToOccurrencesAsync(text, [url]);
    }

    [Fact]
    public async Task A_closed_meeting_is_a_cancelled_event_that_expands_to_nothing_as_its_occurrences_do()
    {
        var url = await MeetingAsync(Body());
        await Api.PatchAsAdminAsync(url, new { status = "closed" });

        var (_, text) = await CalendarAsync(url);

        text.ShouldContain("STATUS:CANCELLED");
        (await OccurrenceStartsAsync(url, Utc(YearFrom), Utc(YearTo))).ShouldBeEmpty();
        await ShouldExpandToOccurrencesAsync(text, [url]);
    }

    [Fact]
    public async Task A_closed_groups_calendars_are_cancelled_events()
    {
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug, "Closing Group");
        var url = await MeetingAsync(Body(group: group));
        await Api.PatchAsAdminAsync($"/api/v1/groups/{group}", new { status = "closed" });

        // The closure reaches the meetings after the commit (the outbox): wait for the meeting to show it.
        await EventuallyAsync(async () => (await (await Api.Anonymous().GetAsync(url, Cancellation)).ShouldBeJsonAsync())["groupClosed"]!.GetValue<bool>());
        var (_, meetingCalendar) = await CalendarAsync(url);
        var (_, groupCalendar) = await CalendarAsync($"/api/v1/groups/{group}/calendar.ics");

        meetingCalendar.ShouldContain("STATUS:CANCELLED");
        groupCalendar.ShouldContain("STATUS:CANCELLED");
        await ShouldExpandToOccurrencesAsync(meetingCalendar, [url]);
        await ShouldExpandToOccurrencesAsync(groupCalendar, [url]);
    }

    [Fact]
    public async Task A_groups_calendar_has_a_vevent_per_meeting_and_expands_to_all_their_occurrences()
    {
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug, "Two Meeting Group");
        var tuesday = await MeetingAsync(Body(group: group));
        var newYork = await MeetingAsync(Body(group: group, day: "thursday", zone: "America/New_York", recurrence: new JsonObject { ["kind"] = "monthly", ["day"] = "thursday", ["weekOfMonth"] = -1 }));

        var (response, text) = await CalendarAsync($"/api/v1/groups/{group}/calendar.ics");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var calendar = IcalCalendar.Load(text)!;
        calendar.Events.Select(e => e.Uid).Order().ShouldBe(new[] { tuesday, newYork }.Select(u => u.Split('/')[^1]).Order());
        calendar.TimeZones.Select(z => z.TzId).Order().ShouldBe(["America/New_York", "Europe/London"]);
        await ShouldExpandToOccurrencesAsync(text, [tuesday, newYork]);
    }

    // ---- Caching, conditions and the shared rules of feeds ------------------------------------

    [Fact]
    public async Task A_calendar_is_kept_and_its_validators_answer_304_without_a_body()
    {
        var url = await MeetingAsync(Body());
        var (first, text) = await CalendarAsync(url);
        using var client = Api.Anonymous();

        var again = await client.GetAsync($"{url}/calendar.ics", Cancellation);
        (await again.Content.ReadAsStringAsync(Cancellation)).ShouldBe(text);
        again.Headers.ETag.ShouldBe(first.Headers.ETag);
        again.Headers.Age.ShouldNotBeNull("the second answer is the stored one");

        using var byTag = new HttpRequestMessage(HttpMethod.Get, $"{url}/calendar.ics");
        byTag.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var notModified = await client.SendAsync(byTag, Cancellation);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await notModified.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBeEmpty();

        using var byDate = new HttpRequestMessage(HttpMethod.Get, $"{url}/calendar.ics");
        byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        (await client.SendAsync(byDate, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        using var byEarlierDate = new HttpRequestMessage(HttpMethod.Get, $"{url}/calendar.ics");
        byEarlierDate.Headers.IfModifiedSince = first.Content.Headers.LastModified!.Value.AddSeconds(-1);
        (await client.SendAsync(byEarlierDate, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_patch_of_the_meeting_shows_in_the_next_calendar_request()
    {
        var url = await MeetingAsync(Body());
        var (before, _) = await CalendarAsync(url);
        await CalendarAsync(url);

        await Api.PatchAsAdminAsync(url, new { name = "Renamed Calendar Meeting", schedule = new { startTime = "20:00" } });
        var (after, text) = await CalendarAsync(url);

        after.Headers.ETag.ShouldNotBe(before.Headers.ETag);
        after.Headers.Age.ShouldBeNull();
        text.ShouldContain("SUMMARY:Renamed Calendar Meeting");
        text.ShouldContain("DTSTART;TZID=Europe/London:20270105T200000");
        using var byOldTag = new HttpRequestMessage(HttpMethod.Get, $"{url}/calendar.ics");
        byOldTag.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        (await Api.Anonymous().SendAsync(byOldTag, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldExpandToOccurrencesAsync(text, [url]);
    }

    [Fact]
    public async Task A_change_to_the_venue_shows_in_the_calendar_and_moves_its_validators()
    {
        var slug = await Api.CreateOrganisationAsync();
        var venue = await Api.CreateVenueAsync(slug, "Old Hall");
        var url = await MeetingAsync(Body(group: await Api.CreateGroupAsync(slug), venueId: venue));
        var (before, _) = await CalendarAsync(url);

        await Api.PatchAsAdminAsync($"/api/v1/venues/{venue}", new { name = "New Hall" });
        await EventuallyAsync(async () => IcalCalendar.Load((await CalendarAsync(url)).Text)!.Events.Single().Location == "New Hall, Leeds LS6 3HE");

        var (after, _) = await CalendarAsync(url);
        after.Headers.ETag.ShouldNotBe(before.Headers.ETag);
        after.Content.Headers.LastModified!.Value.ShouldBeGreaterThanOrEqualTo(before.Content.Headers.LastModified!.Value);
    }

    [Fact]
    public async Task A_calendar_is_compressed_for_whoever_asks_and_open_to_any_origin()
    {
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug, "Compressed Group");
        await MeetingAsync(Body(group: group));
        await MeetingAsync(Body(group: group, day: "friday", zone: "America/New_York"));
        using var client = Api.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/groups/{group}/calendar.ics");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        request.Headers.Add("Origin", "https://intergroup.example.org");

        var response = await client.SendAsync(request, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(Cancellation), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        (await reader.ReadToEndAsync(Cancellation)).ShouldStartWith("BEGIN:VCALENDAR");
    }

    // ---- Bad input and what the public may not see --------------------------------------------

    [Theory]
    [InlineData("/api/v1/meetings/0193a0b0-0000-7000-8000-000000000999/calendar.ics")]
    [InlineData("/api/v1/groups/0193a0b0-0000-7000-8000-000000000999/calendar.ics")]
    [InlineData("/api/v1/meetings/not-a-guid/calendar.ics")]
    [InlineData("/api/v1/groups/not-a-guid/calendar.ics")]
    public async Task An_unknown_or_malformed_id_is_a_404_problem_as_for_the_meeting_itself(string path)
    {
        var response = await Api.Anonymous().GetAsync(path, Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await Api.Anonymous().GetAsync("/api/v1/meetings/not-a-guid", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_suspended_organisations_calendars_are_404_to_the_public()
    {
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug);
        var url = await MeetingAsync(Body(group: group));
        await CalendarAsync(url);

        await Api.SuspendAsync(slug);

        await (await Api.Anonymous().GetAsync($"{url}/calendar.ics", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await Api.Anonymous().GetAsync($"/api/v1/groups/{group}/calendar.ics", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await Api.Anonymous().GetAsync(url, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("text/calendar", HttpStatusCode.OK)]
    [InlineData("text/*", HttpStatusCode.OK)]
    [InlineData("*/*", HttpStatusCode.OK)]
    [InlineData("text/html", HttpStatusCode.NotAcceptable)]
    [InlineData("application/xml", HttpStatusCode.NotAcceptable)]
    [InlineData("text/calendar;q=0, text/html", HttpStatusCode.NotAcceptable)]
    public async Task Accept_must_allow_text_calendar_or_json(string accept, HttpStatusCode status)
    {
        var url = await MeetingAsync(Body());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/calendar.ics");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await Api.Anonymous().SendAsync(request, Cancellation);

        if (status == HttpStatusCode.OK)
        {
            response.StatusCode.ShouldBe(status);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        }
        else
        {
            await response.ShouldBeProblemAsync(status);
        }
    }

    // ---- Arrangement ---------------------------------------------------------------------------

    /// <summary>A weekly meeting body (Tuesdays 19:30 for an hour, London) valid from 1 January 2027, online unless a venue is given.</summary>
    private static JsonObject Body(string? group = null, string day = "tuesday", string zone = "Europe/London", string? venueId = null, JsonObject? recurrence = null)
    {
        var body = MeetingArrangement.MeetingBody(group ?? string.Empty, "Calendar Meeting", day: day, timeZone: zone, venueId: venueId);
        body["schedule"]!["validFrom"] = "2027-01-01";
        if (recurrence is not null)
        {
            body["schedule"]!["recurrence"] = recurrence;
        }

        return body;
    }

    /// <summary>Creates the meeting (in a new organisation's group when the body names none) and returns its URL.</summary>
    private async Task<string> MeetingAsync(JsonObject body)
    {
        if (body.Str("groupId").Length == 0)
        {
            body["groupId"] = await Api.CreateGroupAsync(await Api.CreateOrganisationAsync(), "Calendar Group");
        }

        return $"{MeetingArrangement.Meetings}/{await Api.CreateMeetingAsync(body)}";
    }

    /// <summary>GET of a calendar (the meeting's when given a meeting URL), anonymously; asserts a 200.</summary>
    private async Task<(HttpResponseMessage Response, string Text)> CalendarAsync(string url)
    {
        var path = url.EndsWith(".ics", StringComparison.Ordinal) ? url : $"{url}/calendar.ics";
        var response = await Api.Anonymous().GetAsync(path, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return (response, text);
    }

    private Task ShouldExpandToOccurrencesAsync(string calendar, string[] meetingUrls) =>
        ShouldExpandToOccurrencesAsync(calendar, meetingUrls, Utc(YearFrom), Utc(YearTo));

    /// <summary>The calendar, parsed and expanded by Ical.Net, starts exactly when the meetings' /occurrences do over [from, to).</summary>
    private async Task ShouldExpandToOccurrencesAsync(string calendar, string[] meetingUrls, DateTimeOffset from, DateTimeOffset to)
    {
        var expected = new List<DateTimeOffset>();
        foreach (var url in meetingUrls)
        {
            expected.AddRange(await OccurrenceStartsAsync(url, from, to));
        }

        var expanded = await ExpandAsync(calendar, from, to);
        expanded.ShouldBe(expected.Order().ToList());
    }

    /// <summary>Start instants Ical.Net expands in [from, to), leaving out cancelled events (as ical.js and calendar apps do).</summary>
    private static Task<List<DateTimeOffset>> ExpandAsync(string text, DateTimeOffset from, DateTimeOffset to)
    {
        var calendar = IcalCalendar.Load(text).ShouldNotBeNull();

        // From a day before: an occurrence is found from its start, and Ical.Net compares in each event's own zone.
        var starts = calendar.GetOccurrences<CalendarEvent>(new CalDateTime(from.UtcDateTime.AddDays(-1), CalDateTime.UtcTzId))
            .Select(o => (Start: new DateTimeOffset(o.Period.StartTime.AsUtc, TimeSpan.Zero), Event: (CalendarEvent)o.Source))
            .TakeWhile(o => o.Start < to)
            .Where(o => o.Start >= from && o.Event.IsActive)
            .Select(o => o.Start)
            .ToList();
        return Task.FromResult(starts);
    }

    private async Task<List<DateTimeOffset>> OccurrenceStartsAsync(string url, DateTimeOffset from, DateTimeOffset to)
    {
        var query = $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}";
        var response = await Api.Anonymous().GetAsync($"{url}/occurrences?{query}", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return [.. JsonNode.Parse(text)!.AsArray().Select(o => Utc(o!.Str("startsAt")))];
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUniversalTime();

    /// <summary>Waits (up to 10 s) for what follows a commit through the outbox.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Cancellation);
        }

        (await condition()).ShouldBeTrue("the change did not show within 10 s");
    }
}

public sealed class CalendarTestsOnSqlite(SqliteApiFactory api) : CalendarTests<SqliteApiFactory>(api);
