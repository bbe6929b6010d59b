using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using RecoveryPlatform.IntegrationTests.Access;

namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>
/// The Meeting Guide and CSV feeds through HTTP, as a meeting finder or a spreadsheet import reads them: their
/// fields, the mapping of every schedule kind and attendance, conditional requests, compression, and a change
/// showing in the next request.
/// </summary>
public abstract class FeedsTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string AllMeetingGuide = "/api/v1/feeds/meeting-guide.json";

    private static string MeetingGuideOf(string slug) => $"/api/v1/organisations/{slug}/feeds/meeting-guide.json";

    private static string CsvOf(string slug) => $"/api/v1/organisations/{slug}/feeds/meetings.csv";

    /// <summary>An organisation with a website, a group with areas and a website, and a venue with a full address.</summary>
    private async Task<(string Slug, string GroupId, string VenueId)> DirectoryAsync(string name = "Feed Fellowship")
    {
        using var admin = Api.PlatformAdmin();
        var slug = $"feed-{Guid.NewGuid():N}"[..20];
        await (await admin.PostAsync("/api/v1/organisations", HttpAssertions.Json(new { slug, name, kind = "fellowship", website = "https://fellowship.example.org" }), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var group = await (await admin.PostAsync("/api/v1/groups", HttpAssertions.Json(new
        {
            organisation = slug,
            name = "Headingley Group",
            description = "A friendly group near the university.",
            website = "https://headingley.example.org",
            serviceAreas = new[] { "Leeds", "Headingley" },
        }), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        var venue = await (await admin.PostAsync("/api/v1/venues", HttpAssertions.Json(new
        {
            organisation = slug,
            name = "St Michael's Church Hall",
            addressLine1 = "St Michael's Road",
            town = "Leeds",
            postcode = "LS6 3AW",
            latitude = 53.8196,
            longitude = -1.5773,
            directions = "Side door, up the ramp.",
            accessibility = new[] { "step-free-access", "accessible-toilet" },
        }), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        return (slug, group.Str("id"), venue.Str("id"));
    }

    private static async Task<JsonArray> MeetingGuideAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        return JsonNode.Parse(text)!.AsArray();
    }

    private static async Task<JsonArray> ArrayAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsArray();
    }

    private static JsonObject Find(JsonArray feed, string meetingId) =>
        feed.Select(m => m!.AsObject()).Single(m => m.Str("slug") == meetingId);

    private static JsonObject Weekly(string groupId, string name, string? venueId, string attendance, string day = "tuesday", string startTime = "19:30", int minutes = 90) =>
        MeetingArrangement.MeetingBody(groupId, name, day: day, startTime: startTime, durationMinutes: minutes, venueId: venueId, attendance: attendance);

    [Fact]
    public async Task An_in_person_meeting_has_its_address_place_and_types_in_meeting_guide_fields()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var id = await Api.CreateMeetingAsync(Weekly(group, "Tuesday Big Book", venue, "in-person", startTime: "23:30", minutes: 90));

        var meeting = Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id);

        meeting.Str("name").ShouldBe("Tuesday Big Book");
        meeting["day"]!.GetValue<int>().ShouldBe(2);
        meeting.Str("time").ShouldBe("23:30");
        meeting.Str("end_time").ShouldBe("01:00", "past midnight, the end is the next day's clock time");
        meeting.Str("timezone").ShouldBe("Europe/London");
        meeting.Str("location").ShouldBe("St Michael's Church Hall");
        meeting.Str("formatted_address").ShouldBe("St Michael's Road, Leeds, LS6 3AW, United Kingdom");
        meeting.Str("approximate").ShouldBe("no", "TSML UI shows a real venue in person only when it is not approximate");
        meeting["latitude"]!.GetValue<double>().ShouldBe(53.8196);
        meeting["longitude"]!.GetValue<double>().ShouldBe(-1.5773);
        meeting.Str("location_notes").ShouldBe("Side door, up the ramp.");
        meeting.Str("group").ShouldBe("Headingley Group");
        meeting.Str("group_notes").ShouldBe("A friendly group near the university.");
        meeting["regions"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["Leeds", "Headingley"]);
        meeting.Str("entity").ShouldBe("Feed Fellowship");
        meeting.Str("entity_url").ShouldBe("https://fellowship.example.org");
        meeting.Str("url").ShouldBe("https://headingley.example.org");
        meeting.Str("attendance_option").ShouldBe("in_person");
        meeting["types"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["EN", "X", "XB"], "English, and the venue's step-free access and accessible toilet");
        DateTime.ParseExact(meeting.Str("updated"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture).ShouldBeInRange(DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));
        meeting.ContainsKey("conference_url").ShouldBeFalse();
        meeting.ContainsKey("notes").ShouldBeFalse("a weekly meeting with nothing to say has no notes");
    }

    [Fact]
    public async Task A_group_with_a_service_body_is_listed_under_it_as_entity_and_district_in_both_feeds()
    {
        var (slug, group, venue) = await DirectoryAsync();
        await Api.PatchAsAdminAsync($"/api/v1/groups/{group}", new { serviceBody = new { name = "Leeds Intergroup", url = "https://leeds-intergroup.example.org" } });
        var id = await Api.CreateMeetingAsync(Weekly(group, "Tuesday Big Book", venue, "in-person"));

        var meeting = Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id);
        meeting.Str("entity").ShouldBe("Leeds Intergroup");
        meeting.Str("entity_url").ShouldBe("https://leeds-intergroup.example.org");
        meeting.Str("district").ShouldBe("Leeds Intergroup");

        var csv = await (await Api.Anonymous().GetAsync(CsvOf(slug), Cancellation)).Content.ReadAsStringAsync(Cancellation);
        csv.Split("\r\n").Single(l => l.Contains(id, StringComparison.Ordinal))
            .ShouldContain(",Europe/London,Headingley Group,Leeds Intergroup,,https://headingley.example.org,", Case.Sensitive, "District is the service body");

        // Without one, the organisation is the entity and there is no district.
        var (otherSlug, otherGroup, otherVenue) = await DirectoryAsync();
        var plainId = await Api.CreateMeetingAsync(Weekly(otherGroup, "Plain", otherVenue, "in-person"));
        var plain = Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(otherSlug)), plainId);
        plain.Str("entity").ShouldBe("Feed Fellowship");
        plain.ContainsKey("district").ShouldBeFalse();
    }

    [Fact]
    public async Task Online_and_hybrid_meetings_carry_their_conference_fields_and_an_online_one_is_approximate()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var online = Weekly(group, "Online Step Study", null, "online");
        online["online"] = new JsonObject { ["url"] = "https://zoom.us/j/81234567890", ["phone"] = "+44 20 3481 5237", ["notes"] = "Passcode 1234" };
        var onlineId = await Api.CreateMeetingAsync(online);
        var hybrid = Weekly(group, "Hybrid Speaker", venue, "hybrid");
        hybrid["online"] = new JsonObject { ["url"] = "https://meet.google.com/abc-defg-hij" };
        var hybridId = await Api.CreateMeetingAsync(hybrid);

        var feed = await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug));

        var onlineEntry = Find(feed, onlineId);
        onlineEntry.Str("conference_url").ShouldBe("https://zoom.us/j/81234567890");
        onlineEntry.Str("conference_phone").ShouldBe("+442034815237", "only what a phone dials: TSML UI counts digits, + , and #");
        onlineEntry.Str("conference_url_notes").ShouldBe("Passcode 1234");
        onlineEntry.Str("approximate").ShouldBe("yes");
        onlineEntry.Str("location").ShouldBe("Online");
        onlineEntry.Str("formatted_address").ShouldBe("Leeds, Headingley", "a meeting with no venue is placed by its group's areas");
        onlineEntry.ContainsKey("latitude").ShouldBeFalse();
        onlineEntry.Str("attendance_option").ShouldBe("online");
        onlineEntry["types"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldNotContain("X", "a venue's access means nothing to an online meeting");

        var hybridEntry = Find(feed, hybridId);
        hybridEntry.Str("conference_url").ShouldBe("https://meet.google.com/abc-defg-hij");
        hybridEntry.Str("approximate").ShouldBe("no");
        hybridEntry.Str("formatted_address").ShouldBe("St Michael's Road, Leeds, LS6 3AW, United Kingdom");
        hybridEntry.Str("attendance_option").ShouldBe("hybrid");
    }

    [Fact]
    public async Task Absent_fields_are_left_out_never_null()
    {
        var (slug, group, _) = await DirectoryAsync();
        await Api.CreateMeetingAsync(Weekly(group, "Bare Online", null, "online"));

        var feed = await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug));

        foreach (var meeting in feed.Select(m => m!.AsObject()))
        {
            meeting.Where(field => field.Value is null).Select(field => field.Key).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Fortnightly_and_monthly_meetings_carry_their_pattern_and_next_date_in_notes()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var fortnightly = Weekly(group, "Fortnightly Step Study", venue, "in-person", day: "wednesday");
        fortnightly["schedule"]!["recurrence"] = new JsonObject { ["kind"] = "every-n-weeks", ["day"] = "wednesday", ["intervalWeeks"] = 2, ["anchorDate"] = "2026-01-07" };
        var fortnightlyId = await Api.CreateMeetingAsync(fortnightly);
        var monthly = Weekly(group, "Last Friday Speaker", venue, "in-person", day: "friday");
        monthly["schedule"]!["recurrence"] = new JsonObject { ["kind"] = "monthly", ["day"] = "friday", ["weekOfMonth"] = -1 };
        var monthlyId = await Api.CreateMeetingAsync(monthly);

        var feed = await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug));

        Find(feed, fortnightlyId).Str("notes").ShouldBe($"Every other Wednesday; next on {await NextDateAsync(fortnightlyId)}.");
        Find(feed, fortnightlyId)["day"]!.GetValue<int>().ShouldBe(3);
        Find(feed, monthlyId).Str("notes").ShouldBe($"Last Friday of the month; next on {await NextDateAsync(monthlyId)}.");
    }

    /// <summary>The meeting's next date as the API's own occurrences give it, written as the notes write dates.</summary>
    private async Task<string> NextDateAsync(string meetingId)
    {
        var from = Uri.EscapeDataString(Api.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        var response = await Api.Anonymous().GetAsync($"{MeetingArrangement.Meetings}/{meetingId}/occurrences?from={from}&to={Uri.EscapeDataString(Api.Clock.GetUtcNow().AddDays(60).ToString("O", CultureInfo.InvariantCulture))}", Cancellation);
        var first = (await ArrayAsync(response))[0]!;
        return DateOnly.Parse(first.Str("localDate"), CultureInfo.InvariantCulture).ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_cancellation_within_four_weeks_is_told_in_notes()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var id = await Api.CreateMeetingAsync(Weekly(group, "Weekly With A Gap", venue, "in-person"));
        var occurrences = await ArrayAsync(await Api.Anonymous().GetAsync($"{MeetingArrangement.Meetings}/{id}/occurrences", Cancellation));
        var cancelled = DateOnly.Parse(occurrences[1]!.Str("localDate"), CultureInfo.InvariantCulture);
        using var admin = Api.PlatformAdmin();
        await (await admin.PostAsync($"{MeetingArrangement.Meetings}/{id}/cancellations", HttpAssertions.Json(new { date = cancelled.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }), Cancellation))
            .ShouldBeJsonAsync();

        var meeting = Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id);

        meeting.Str("notes").ShouldBe($"Not meeting on {cancelled.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture)}.");
    }

    [Fact]
    public async Task When_the_next_date_passes_the_feed_is_built_again_with_the_one_after()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var fortnightly = Weekly(group, "Moving Fortnightly", venue, "in-person", day: "thursday");
        fortnightly["schedule"]!["recurrence"] = new JsonObject { ["kind"] = "every-n-weeks", ["day"] = "thursday", ["intervalWeeks"] = 2, ["anchorDate"] = "2026-01-08" };
        var id = await Api.CreateMeetingAsync(fortnightly);
        var before = Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id).Str("notes");

        Api.Clock.Advance(TimeSpan.FromDays(15));
        try
        {
            var after = Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id).Str("notes");

            after.ShouldNotBe(before);
            after.ShouldBe($"Every other Thursday; next on {await NextDateAsync(id)}.");
        }
        finally
        {
            Api.Clock.Advance(TimeSpan.FromDays(-15));
        }
    }

    [Fact]
    public async Task Types_come_from_the_organisations_formats_through_shared_attributes_and_only_known_codes()
    {
        var (slug, group, venue) = await DirectoryAsync();
        await Api.CreateFormatAsync(slug, "WOM", "Women's meeting", "women-only");
        await Api.CreateFormatAsync(slug, "NEWBIE", "Beginners", "newcomer-friendly");
        await Api.CreateFormatAsync(slug, "Y", "Alateen", "family-and-friends");
        var body = MeetingArrangement.MeetingBody(group, "Women's Beginners", venueId: venue, formats: ["WOM", "NEWBIE", "Y"], languages: ["en", "pl"]);
        var id = await Api.CreateMeetingAsync(body);

        var types = Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id)["types"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();

        types.ShouldBe(["BE", "EN", "POL", "W", "X", "XB"], ignoreOrder: true, "the organisation's own codes never pass through as they are: its Y is not Meeting Guide's Y");
    }

    [Fact]
    public async Task Tradition_study_and_candlelight_formats_are_written_as_TR_and_CAN()
    {
        var (slug, group, venue) = await DirectoryAsync();
        await Api.CreateFormatAsync(slug, "TRAD", "Traditions", "tradition-study");
        await Api.CreateFormatAsync(slug, "CANDLE", "By candlelight", "candlelight");
        var id = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, "Candlelight Traditions", venueId: venue, formats: ["TRAD", "CANDLE"]));

        var types = Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id)["types"]!.AsArray().Select(t => t!.GetValue<string>());

        types.ShouldBe(["CAN", "EN", "TR", "X", "XB"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_format_with_its_own_meeting_guide_code_is_written_as_that_code()
    {
        var (slug, group, venue) = await DirectoryAsync();
        using var admin = Api.PlatformAdmin();
        var format = new { code = "BBS", labels = new Dictionary<string, string> { ["en"] = "Big Book Study" }, attributes = new[] { "literature" }, meetingGuideCode = "B" };
        (await admin.PostAsync($"/api/v1/organisations/{slug}/formats", HttpAssertions.Json(format), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, "Big Book", venueId: venue, formats: ["BBS"], languages: []));

        var types = Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id)["types"]!.AsArray().Select(t => t!.GetValue<string>());

        types.ShouldBe(["B", "LIT", "X", "XB"], ignoreOrder: true);
    }

    [Fact]
    public async Task An_edit_shows_in_the_next_request_under_a_new_etag()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var id = await Api.CreateMeetingAsync(Weekly(group, "Before The Edit", venue, "in-person"));
        var client = Api.Anonymous();
        var first = await client.GetAsync(MeetingGuideOf(slug), Cancellation);
        var etag = first.Headers.ETag!.Tag;

        await Api.PatchAsAdminAsync($"{MeetingArrangement.Meetings}/{id}", new { name = "After The Edit" });
        using var again = new HttpRequestMessage(HttpMethod.Get, MeetingGuideOf(slug));
        again.Headers.IfNoneMatch.ParseAdd(etag);
        var second = await client.SendAsync(again, Cancellation);

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.Headers.ETag!.Tag.ShouldNotBe(etag);
        Find(JsonNode.Parse(await second.Content.ReadAsStringAsync(Cancellation))!.AsArray(), id).Str("name").ShouldBe("After The Edit");
    }

    [Fact]
    public async Task A_venue_edit_reaches_the_feed_of_its_meetings()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var id = await Api.CreateMeetingAsync(Weekly(group, "At The Hall", venue, "in-person"));
        await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug));

        await Api.PatchAsAdminAsync($"/api/v1/venues/{venue}", new { directions = "Front door now." });

        Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id).Str("location_notes").ShouldBe("Front door now.");
    }

    [Fact]
    public async Task An_organisations_new_website_reaches_its_feeds_though_search_does_not_follow_it()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var id = await Api.CreateMeetingAsync(Weekly(group, "Website Watch", venue, "in-person"));
        Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id).Str("entity_url").ShouldBe("https://fellowship.example.org");

        await Api.PatchAsAdminAsync($"/api/v1/organisations/{slug}", new { website = "https://new.fellowship.example.org" });

        Find(await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug)), id).Str("entity_url").ShouldBe("https://new.fellowship.example.org");
        Find(await MeetingGuideAsync(Api.Anonymous(), AllMeetingGuide), id).Str("entity_url").ShouldBe("https://new.fellowship.example.org");
    }

    [Fact]
    public async Task A_conditional_request_for_the_same_feed_is_answered_304_without_a_body()
    {
        var (slug, group, venue) = await DirectoryAsync();
        await Api.CreateMeetingAsync(Weekly(group, "Cached", venue, "in-person"));
        var client = Api.Anonymous();
        var first = await client.GetAsync(MeetingGuideOf(slug), Cancellation);
        first.Headers.ETag!.IsWeak.ShouldBeFalse();
        first.Headers.CacheControl!.Public.ShouldBeTrue();
        var lastModified = first.Content.Headers.LastModified!.Value;

        using var byTag = new HttpRequestMessage(HttpMethod.Get, MeetingGuideOf(slug));
        byTag.Headers.IfNoneMatch.ParseAdd(first.Headers.ETag.Tag);
        var notModified = await client.SendAsync(byTag, Cancellation);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await notModified.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBeEmpty();

        using var byDate = new HttpRequestMessage(HttpMethod.Get, MeetingGuideOf(slug));
        byDate.Headers.IfModifiedSince = lastModified;
        (await client.SendAsync(byDate, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        using var older = new HttpRequestMessage(HttpMethod.Get, MeetingGuideOf(slug));
        older.Headers.IfModifiedSince = lastModified.AddSeconds(-1);
        (await client.SendAsync(older, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_feed_is_sent_gzip_to_clients_that_take_it_and_plain_to_those_that_do_not()
    {
        var (slug, group, venue) = await DirectoryAsync();
        for (var i = 0; i < 5; i++)
        {
            await Api.CreateMeetingAsync(Weekly(group, $"Compressed {i}", venue, "in-person"));
        }

        var client = Api.Anonymous();
        using var gzipRequest = new HttpRequestMessage(HttpMethod.Get, MeetingGuideOf(slug));
        gzipRequest.Headers.AcceptEncoding.ParseAdd("gzip, br");
        var gzip = await client.SendAsync(gzipRequest, Cancellation);
        using var plainRequest = new HttpRequestMessage(HttpMethod.Get, MeetingGuideOf(slug));
        plainRequest.Headers.AcceptEncoding.ParseAdd("identity");
        var plain = await client.SendAsync(plainRequest, Cancellation);

        gzip.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        gzip.Headers.ETag!.Tag.ShouldEndWith("-gzip\"", Case.Sensitive, "another coding is another representation, with its own strong tag");
        gzip.Headers.Vary.ShouldContain("Accept-Encoding");
        plain.Content.Headers.ContentEncoding.ShouldBeEmpty();
        var compressed = await gzip.Content.ReadAsByteArrayAsync(Cancellation);
        var plainBytes = await plain.Content.ReadAsByteArrayAsync(Cancellation);
        compressed.Length.ShouldBeLessThan(plainBytes.Length);
        using var inflated = new MemoryStream();
        await new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress).CopyToAsync(inflated, Cancellation);
        inflated.ToArray().ShouldBe(plainBytes);
        plain.Content.Headers.ContentLength.ShouldBe(plainBytes.Length);

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, MeetingGuideOf(slug));
        revalidate.Headers.IfNoneMatch.ParseAdd(gzip.Headers.ETag.Tag);
        (await client.SendAsync(revalidate, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotModified, "the gzip tag revalidates the plain representation too");
    }

    [Fact]
    public async Task Any_web_page_may_read_the_feeds()
    {
        var (slug, group, venue) = await DirectoryAsync();
        await Api.CreateMeetingAsync(Weekly(group, "Embedded", venue, "in-person"));

        foreach (var url in new[] { AllMeetingGuide, MeetingGuideOf(slug), CsvOf(slug) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Origin", "https://intergroup.example.org");
            var response = await Api.Anonymous().SendAsync(request, Cancellation);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"], url);
        }
    }

    [Fact]
    public async Task The_whole_directory_feed_lists_every_organisation_with_unique_slugs()
    {
        var (first, firstGroup, firstVenue) = await DirectoryAsync("First Fellowship");
        var (second, secondGroup, _) = await DirectoryAsync("Second Fellowship");
        var firstId = await Api.CreateMeetingAsync(Weekly(firstGroup, "First's Meeting", firstVenue, "in-person"));
        var secondId = await Api.CreateMeetingAsync(Weekly(secondGroup, "Second's Meeting", null, "online"));

        var feed = await MeetingGuideAsync(Api.Anonymous(), AllMeetingGuide);

        Find(feed, firstId).Str("entity").ShouldBe("First Fellowship");
        Find(feed, secondId).Str("entity").ShouldBe("Second Fellowship");
        feed.Select(m => m!.Str("slug")).ShouldBeUnique();
        first.ShouldNotBe(second);
    }

    [Fact]
    public async Task Meetings_that_are_not_public_are_not_published()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var listed = await Api.CreateMeetingAsync(Weekly(group, "Listed", venue, "in-person"));
        var suspended = await Api.CreateMeetingAsync(Weekly(group, "Suspended", venue, "in-person"));
        await Api.PatchAsAdminAsync($"{MeetingArrangement.Meetings}/{suspended}", new { status = "temporarily-suspended", resumesOn = "2027-06-01" });

        var slugs = (await MeetingGuideAsync(Api.Anonymous(), MeetingGuideOf(slug))).Select(m => m!.Str("slug")).ToList();

        slugs.ShouldBe([listed]);
    }

    [Fact]
    public async Task An_unknown_or_suspended_organisation_publishes_nothing_rather_than_an_empty_feed()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var id = await Api.CreateMeetingAsync(Weekly(group, "Soon Gone", venue, "in-person"));
        (await MeetingGuideAsync(Api.Anonymous(), AllMeetingGuide)).Select(m => m!.Str("slug")).ShouldContain(id);

        await Api.SuspendAsync(slug);

        foreach (var url in new[] { MeetingGuideOf(slug), CsvOf(slug), MeetingGuideOf("no-such-organisation"), CsvOf("no-such-organisation") })
        {
            await (await Api.Anonymous().GetAsync(url, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        (await MeetingGuideAsync(Api.Anonymous(), AllMeetingGuide)).Select(m => m!.Str("slug")).ShouldNotContain(id);
    }

    [Theory]
    [InlineData("a%20slug%20with%20spaces")]
    [InlineData("x-very-long-slug-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("%E2%80%AE%F0%9F%98%80")]
    public async Task A_hostile_slug_is_a_404_problem(string slug)
    {
        await (await Api.Anonymous().GetAsync(MeetingGuideOf(slug), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_csv_feed_has_the_spreadsheet_import_layout_with_rfc_4180_quoting()
    {
        var (slug, group, venue) = await DirectoryAsync();
        var id = await Api.CreateMeetingAsync(Weekly(group, "Step \"One\", Two", venue, "in-person", startTime: "18:00", minutes: 60));
        var online = Weekly(group, "Zoom Evening", null, "online", day: "monday", startTime: "19:00");
        online["online"] = new JsonObject { ["url"] = "https://zoom.us/j/81234567890", ["notes"] = "Passcode 1234" };
        var onlineId = await Api.CreateMeetingAsync(online);

        var response = await Api.Anonymous().GetAsync(CsvOf(slug), Cancellation);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Cancellation));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        text.ShouldNotStartWith("\uFEFF");
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe(
            "Time,End Time,Day,Name,Location,Address,Region,Sub Region,Types,Notes,Location Notes,Timezone,Group,District,Sub District,Website,Website 2," +
            "Mailing Address,Venmo,Email,Phone,Group Notes,Contact 1 Name,Contact 1 Email,Contact 1 Phone,Contact 2 Name,Contact 2 Email,Contact 2 Phone," +
            "Contact 3 Name,Contact 3 Email,Contact 3 Phone,Last Contact,Conference URL,Conference Phone,Author,Slug,Updated,Conference URL Notes");
        var inPerson = lines.Single(l => l.Contains(id, StringComparison.Ordinal));
        inPerson.ShouldStartWith("6:00 PM,7:00 PM,Tuesday,\"Step \"\"One\"\", Two\",St Michael's Church Hall,\"St Michael's Road, Leeds, LS6 3AW, United Kingdom\",Leeds,Headingley,");
        inPerson.ShouldContain(",\"English, Wheelchair Access, Wheelchair-Accessible Bathroom\",", Case.Sensitive, "types as the labels the template uses");
        inPerson.ShouldContain(",Europe/London,Headingley Group,,,https://headingley.example.org,https://fellowship.example.org,", Case.Sensitive);
        var onlineLine = lines.Single(l => l.Contains(onlineId, StringComparison.Ordinal));
        onlineLine.ShouldStartWith("7:00 PM,8:30 PM,Monday,Zoom Evening,Online,\"Leeds, Headingley\",");
        onlineLine.ShouldEndWith(",Passcode 1234");
        onlineLine.ShouldContain(",https://zoom.us/j/81234567890,,,", Case.Sensitive);
        lines.Skip(1).ShouldAllBe(l => !l.Contains("\"\"\"\""));
    }

    [Fact]
    public async Task A_client_asking_only_for_csv_gets_it_and_one_asking_for_xml_is_refused()
    {
        var (slug, group, venue) = await DirectoryAsync();
        await Api.CreateMeetingAsync(Weekly(group, "Negotiated", venue, "in-person"));
        var client = Api.Anonymous();

        using var csv = new HttpRequestMessage(HttpMethod.Get, CsvOf(slug));
        csv.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        (await client.SendAsync(csv, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var xml = new HttpRequestMessage(HttpMethod.Get, CsvOf(slug));
        xml.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        await (await client.SendAsync(xml, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotAcceptable);
    }
}

public sealed class FeedsTestsOnSqlite(SqliteApiFactory api) : FeedsTests<SqliteApiFactory>(api);
