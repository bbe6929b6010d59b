using System.Globalization;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.Modules.Meetings.Contracts;

namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>
/// What a meeting brought in from another directory keeps of its source, through HTTP: its external id (unique per
/// organisation), the source's time and when feeds show it, its own location note, and languages as real feeds
/// name them (BCP 47 tags).
/// </summary>
public abstract class ImportedMeetingTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Meetings = MeetingArrangement.Meetings;

    private static string MeetingGuideOf(string slug) => $"/api/v1/organisations/{slug}/feeds/meeting-guide.json";

    private static JsonObject Imported(string groupId, string venueId, string externalId, string sourceUpdatedAt, string? locationNotes = null)
    {
        var body = MeetingArrangement.MeetingBody(groupId, "Wednesday Night Step", day: "wednesday", venueId: venueId);
        body["externalId"] = externalId;
        body["sourceUpdatedAt"] = sourceUpdatedAt;
        body["locationNotes"] = locationNotes;
        return body;
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, JsonObject patch, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = HttpAssertions.Json(patch.ToJsonString(), AccessArrangement.MergePatchMediaType) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request, Cancellation);
    }

    private async Task<JsonObject> FeedEntryAsync(string slug, string meetingId)
    {
        var response = await Api.Anonymous().GetAsync(MeetingGuideOf(slug), Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsArray().Select(m => m!.AsObject()).Single(m => m.Str("slug") == meetingId);
    }

    [Fact]
    public async Task A_meeting_keeps_its_external_id_source_time_and_location_note_and_shows_them_on_read()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Imported");
        using var admin = Api.PlatformAdmin();

        var response = await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(arranged.GroupId, arranged.VenueId, "wed-night-step", "2025-03-04T10:20:30Z", "Room 3, side door").ToJsonString()), Cancellation);

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        created.Str("externalId").ShouldBe("wed-night-step");
        DateTimeOffset.Parse(created.Str("sourceUpdatedAt"), CultureInfo.InvariantCulture).ShouldBe(new DateTimeOffset(2025, 3, 4, 10, 20, 30, TimeSpan.Zero));
        created.Str("locationNotes").ShouldBe("Room 3, side door");
        var read = await (await Api.Anonymous().GetAsync(response.Headers.Location, Cancellation)).ShouldBeJsonAsync();
        read.Str("externalId").ShouldBe("wed-night-step");
        read.Str("locationNotes").ShouldBe("Room 3, side door");
        read["sourceUpdatedAt"].ShouldNotBeNull();
    }

    [Fact]
    public async Task The_meeting_guide_feed_says_updated_at_the_sources_time_until_the_meeting_is_edited_here()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Source Time");
        using var admin = Api.PlatformAdmin();
        var response = await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(arranged.GroupId, arranged.VenueId, "src-1", "2025-03-04T10:20:30Z").ToJsonString()), Cancellation);
        var id = (await response.ShouldBeJsonAsync(HttpStatusCode.Created)).Str("id");

        (await FeedEntryAsync(arranged.Slug, id)).Str("updated").ShouldBe("2025-03-04 10:20:30");

        // An editor's change here: the feed now tells the platform's time, though the source's time is kept.
        var edited = await PatchAsync(admin, $"{Meetings}/{id}", new JsonObject { ["description"] = "Tea from 19:00." }, response.Headers.ETag!.Tag);
        var editedBody = await edited.ShouldBeJsonAsync();
        editedBody["sourceUpdatedAt"].ShouldNotBeNull();
        var updated = DateTime.ParseExact((await FeedEntryAsync(arranged.Slug, id)).Str("updated"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        updated.ShouldBeInRange(DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));

        // The next import brings the source's newer version: its time is the meeting's again.
        var synced = await PatchAsync(admin, $"{Meetings}/{id}", new JsonObject { ["sourceUpdatedAt"] = "2025-04-01T08:00:00Z" }, edited.Headers.ETag!.Tag);
        await synced.ShouldBeJsonAsync();
        (await FeedEntryAsync(arranged.Slug, id)).Str("updated").ShouldBe("2025-04-01 08:00:00");
    }

    [Fact]
    public async Task The_meeting_guide_feed_and_csv_write_the_meetings_location_note_before_the_venues_directions()
    {
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug, "Notes Group");
        using var admin = Api.PlatformAdmin();
        var venue = await (await admin.PostAsync("/api/v1/venues", HttpAssertions.Json(new
        {
            organisation = slug, name = "Notes Hall", town = "Leeds", postcode = "LS6 3HE", latitude = 53.8196, longitude = -1.5773, directions = "Up the ramp.",
        }), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        var id = (await (await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(group, venue.Str("id"), "notes-1", "2025-03-04T10:20:30Z", "Room 3").ToJsonString()), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created)).Str("id");

        (await FeedEntryAsync(slug, id)).Str("location_notes").ShouldBe("Room 3\n\nUp the ramp.");
        var csv = await (await Api.Anonymous().GetAsync($"/api/v1/organisations/{slug}/feeds/meetings.csv", Cancellation)).Content.ReadAsStringAsync(Cancellation);
        csv.ShouldContain("\"Room 3\n\nUp the ramp.\"");
    }

    [Fact]
    public async Task An_online_meeting_has_no_location_note()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Online Note");
        var body = MeetingArrangement.MeetingBody(arranged.GroupId, "Online Note");
        body["locationNotes"] = "Room 3";

        var created = await (await Api.PlatformAdmin().PostAsync(Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);

        created["locationNotes"].ShouldBeNull();
    }

    [Fact]
    public async Task A_second_meeting_of_the_organisation_with_the_same_external_id_is_a_409_naming_it()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Duplicate Source");
        using var admin = Api.PlatformAdmin();
        var first = await (await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(arranged.GroupId, arranged.VenueId, "dup-1", "2025-03-04T10:20:30Z").ToJsonString()), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created);

        var response = await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(arranged.GroupId, arranged.VenueId, "dup-1", "2025-03-05T10:20:30Z").ToJsonString()), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Str("detail").ShouldContain("dup-1");
        problem.Str("meetingId").ShouldBe(first.Str("id"));
    }

    [Fact]
    public async Task Changing_a_meeting_to_another_meetings_external_id_is_a_409_but_keeping_its_own_is_not()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Duplicate Update");
        using var admin = Api.PlatformAdmin();
        await (await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(arranged.GroupId, arranged.VenueId, "taken", "2025-03-04T10:20:30Z").ToJsonString()), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var response = await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(arranged.GroupId, arranged.VenueId, "mine", "2025-03-04T10:20:30Z").ToJsonString()), Cancellation);
        var mine = await response.ShouldBeJsonAsync(HttpStatusCode.Created);

        var kept = await PatchAsync(admin, $"{Meetings}/{mine.Str("id")}", new JsonObject { ["name"] = "Renamed" }, response.Headers.ETag!.Tag);
        await kept.ShouldBeJsonAsync();
        var clash = await PatchAsync(admin, $"{Meetings}/{mine.Str("id")}", new JsonObject { ["externalId"] = "taken" }, kept.Headers.ETag!.Tag);

        (await clash.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Str("detail").ShouldContain("taken");
    }

    [Fact]
    public async Task Two_organisations_may_use_the_same_external_id()
    {
        var one = await Api.MeetingAtAVenueAsync("Org One");
        var two = await Api.MeetingAtAVenueAsync("Org Two");
        using var admin = Api.PlatformAdmin();

        await (await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(one.GroupId, one.VenueId, "shared-slug", "2025-03-04T10:20:30Z").ToJsonString()), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        await (await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(two.GroupId, two.VenueId, "shared-slug", "2025-03-04T10:20:30Z").ToJsonString()), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
    }

    public static TheoryData<string, string> InvalidSourceFields() => new()
    {
        { """{"externalId":""}""", "externalId" },
        { """{"externalId":" padded"}""", "externalId" },
        { """{"externalId":"line\nbreak"}""", "externalId" },
        { $$"""{"externalId":"{{new string('x', 201)}}"}""", "externalId" },
        { """{"sourceUpdatedAt":"yesterday"}""", "sourceUpdatedAt" },
        { """{"sourceUpdatedAt":42}""", "sourceUpdatedAt" },
        { $$"""{"locationNotes":"{{new string('x', 1001)}}"}""", "locationNotes" },
        { """{"locationNotes":"bell\u0007"}""", "locationNotes" },
    };

    [Theory]
    [MemberData(nameof(InvalidSourceFields))]
    public async Task Bad_source_fields_are_a_400_naming_the_field(string patch, string field)
    {
        var arranged = await Api.MeetingAtAVenueAsync("Bad Source");
        using var admin = Api.PlatformAdmin();
        var read = await admin.GetAsync($"{Meetings}/{arranged.MeetingId}", Cancellation);
        await read.ShouldBeJsonAsync();

        var response = await PatchAsync(admin, $"{Meetings}/{arranged.MeetingId}", JsonNode.Parse(patch)!.AsObject(), read.Headers.ETag!.Tag);

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Languages_are_BCP_47_tags_stored_in_canonical_case_and_written_to_the_feed_by_their_language()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Languages");
        var body = MeetingArrangement.MeetingBody(arranged.GroupId, "ASL and English", venueId: arranged.VenueId, languages: ["ase", "EN-us", "pt-br", "zh-hant", "en-US"]);

        var created = await (await Api.PlatformAdmin().PostAsync(Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);

        created["languages"]!.AsArray().Select(l => l!.GetValue<string>()).ShouldBe(["ase", "en-US", "pt-BR", "zh-Hant"]);
        var types = (await FeedEntryAsync(arranged.Slug, created.Str("id")))["types"]!.AsArray().Select(t => t!.GetValue<string>());
        types.ShouldContain("ASL");
        types.ShouldContain("EN");
        types.ShouldContain("POR");
    }

    [Fact]
    public async Task A_search_for_a_language_finds_meetings_in_its_more_specific_tags()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Search Languages");
        var us = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(arranged.GroupId, "American English", venueId: arranged.VenueId, languages: ["en-US"]));
        var asl = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(arranged.GroupId, "Signed", venueId: arranged.VenueId, languages: ["ase"]));

        async Task<IReadOnlyList<string>> FoundAsync(string language)
        {
            var page = await (await Api.Anonymous().GetAsync($"{Meetings}?organisation={arranged.Slug}&language={language}", Cancellation)).ShouldBeJsonAsync();
            return [.. page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
        }

        (await FoundAsync("en")).ShouldContain(us);
        (await FoundAsync("EN-us")).ShouldBe([us]);
        (await FoundAsync("en-GB")).ShouldNotContain(us);
        (await FoundAsync("ase")).ShouldBe([asl]);
    }

    [Theory]
    [InlineData("english")]
    [InlineData("qq")]
    [InlineData("en--US")]
    [InlineData("en_US")]
    [InlineData("x-private")]
    public async Task A_language_that_is_not_a_BCP_47_tag_is_a_400_naming_languages_in_a_write_and_language_in_a_search(string language)
    {
        var arranged = await Api.MeetingAtAVenueAsync("Bad Language");
        var body = MeetingArrangement.MeetingBody(arranged.GroupId, "Bad Language", venueId: arranged.VenueId, languages: [language]);

        var written = await Api.PlatformAdmin().PostAsync(Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation);
        var searched = await Api.Anonymous().GetAsync($"{Meetings}?language={Uri.EscapeDataString(language)}", Cancellation);

        await written.ShouldBeValidationProblemAsync("languages");
        await searched.ShouldBeValidationProblemAsync("language");
    }

    [Fact]
    public async Task A_conference_dial_string_is_kept_as_given_and_the_feed_dials_it()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Dial String");
        var body = MeetingArrangement.MeetingBody(arranged.GroupId, "Zoom Lunchtime");
        body["online"] = new JsonObject { ["phone"] = "+16465588656,,85712345678#" };

        var created = await (await Api.PlatformAdmin().PostAsync(Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);

        created["online"].Str("phone").ShouldBe("+16465588656,,85712345678#");
        (await FeedEntryAsync(arranged.Slug, created.Str("id"))).Str("conference_phone").ShouldBe("+16465588656,,85712345678#");
    }

    [Theory]
    [InlineData("call the secretary")]
    [InlineData("16465588656,,85712345678#")] // a dial string's number must be international, with its +
    [InlineData("+16465588656,,857abc#")]
    [InlineData("+0465588656,,857#")]
    [InlineData("+16465588656##")]
    public async Task A_dial_in_that_is_neither_a_phone_number_nor_a_dial_string_is_a_400(string phone)
    {
        var arranged = await Api.MeetingAtAVenueAsync("Bad Dial String");
        var body = MeetingArrangement.MeetingBody(arranged.GroupId, "Zoom Lunchtime");
        body["online"] = new JsonObject { ["phone"] = phone };

        var response = await Api.PlatformAdmin().PostAsync(Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation);

        await response.ShouldBeValidationProblemAsync("online.phone");
    }

    [Fact]
    public async Task A_fifth_week_meeting_flows_to_occurrences_the_calendar_and_the_feeds()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Fifth Week");
        var body = MeetingArrangement.MeetingBody(arranged.GroupId, "Fifth Wednesday Speaker", day: "wednesday", startTime: "19:00", venueId: arranged.VenueId);
        body["schedule"]!["recurrence"] = new JsonObject { ["kind"] = "monthly", ["day"] = "wednesday", ["weekOfMonth"] = 5 };
        var created = await (await Api.PlatformAdmin().PostAsync(Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        var url = $"{Meetings}/{created.Str("id")}";

        var occurrences = JsonNode.Parse(await (await Api.Anonymous().GetAsync($"{url}/occurrences?from=2027-01-01T00:00:00Z&to=2027-12-31T00:00:00Z", Cancellation)).Content.ReadAsStringAsync(Cancellation))!.AsArray();
        var calendar = await (await Api.Anonymous().GetAsync($"{url}/calendar.ics", Cancellation)).Content.ReadAsStringAsync(Cancellation);
        var feed = await FeedEntryAsync(arranged.Slug, created.Str("id"));
        var service = await (await Api.Anonymous().GetAsync($"/openreferral/services/{created.Str("id")}", Cancellation)).ShouldBeJsonAsync();

        // 2027 has five Wednesdays in March, June, September and December.
        occurrences.Select(o => o.Str("localDate")).ShouldBe(["2027-03-31", "2027-06-30", "2027-09-29", "2027-12-29"]);
        calendar.ShouldContain("BYDAY=5WE");
        feed.Str("notes").ShouldStartWith("Fifth Wednesday of the month");
        service["schedules"]![0].Str("byday").ShouldBe("5WE");
    }

    [Fact]
    public async Task Another_module_finds_an_organisations_meetings_by_external_id_with_their_versions()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Lookup");
        var other = await Api.MeetingAtAVenueAsync("Lookup Other");
        using var admin = Api.PlatformAdmin();
        var response = await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(arranged.GroupId, arranged.VenueId, "look-1", "2025-03-04T10:20:30Z").ToJsonString()), Cancellation);
        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        await (await admin.PostAsync(Meetings, HttpAssertions.Json(Imported(other.GroupId, other.VenueId, "look-2", "2025-03-04T10:20:30Z").ToJsonString()), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created);

        await using var scope = Api.Services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<ISender>().Send(
            new GetMeetingsByExternalIdsQuery(Guid.Parse(created.Str("organisationId")), ["look-1", "look-2", "missing"]), Cancellation);

        found.Keys.ShouldBe(["look-1"]);
        found["look-1"].MeetingId.ShouldBe(Guid.Parse(created.Str("id")));
        response.Headers.ETag!.Tag.ShouldContain(found["look-1"].Version.ToString("N"), Case.Insensitive);
        found["look-1"].SourceUpdatedAt.ShouldBe(new DateTimeOffset(2025, 3, 4, 10, 20, 30, TimeSpan.Zero));
    }
}

public sealed class ImportedMeetingTestsOnSqlite(SqliteApiFactory api) : ImportedMeetingTests<SqliteApiFactory>(api);
