using System.Globalization;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>
/// The cross-fellowship search over a small directory of its own: an AA-like, an NA-like and a
/// SMART-like organisation, each with its own format codes, meeting in Leeds, Manchester and online.
/// Every query names the directory's organisations, so other tests' meetings never show.
/// </summary>
public abstract class SearchTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string HeadingleyBigBook = "Headingley Big Book";
    private const string LeedsWomensStep = "Leeds Women's Step";
    private const string ManchesterWomen = "Manchester Women's Recovery";
    private const string PolishSpeaking = "Polish Speaking NA";
    private const string SmartWomenOnline = "SMART Women Online";
    private const string SmartLunchtime = "SMART Lunchtime Online";

    /// <summary>Tuesday 1 December 2026, 17:00 in London (GMT): SMART Women Online starts in 30 minutes, Headingley Big Book in 90, Leeds Women's Step in 3 hours.</summary>
    private const string TuesdayTeatime = "2026-12-01T17:00:00Z";

    [Fact]
    public async Task Changes_past_the_overlay_limit_all_show_while_and_after_the_index_compacts_in_the_background()
    {
        // More new meetings than a snapshot overlays before it is compacted, then renames and a deletion
        // straight after, some of which land while the compaction runs: each must show as last written.
        var arranged = await Api.MeetingAtAVenueAsync("Compaction");
        var ids = new List<string> { arranged.MeetingId };
        for (var i = 1; i <= SearchSnapshot.SmallestOverlayLimit + 20; i++)
        {
            ids.Add(await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(arranged.GroupId, $"Compaction Meeting {i:000}", venueId: arranged.VenueId)));
        }

        for (var i = 0; i < 10; i++)
        {
            await Api.PatchAsAdminAsync($"{MeetingArrangement.Meetings}/{ids[i]}", new { name = $"Compaction Renamed {i:000}" });
        }

        using (var admin = Api.PlatformAdmin())
        {
            using var delete = await admin.ConditionalAsync(HttpMethod.Delete, $"{MeetingArrangement.Meetings}/{ids[10]}", new StringContent(string.Empty));
            (await admin.SendAsync(delete, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        using var anonymous = Api.Anonymous();
        async Task<JsonObject> SearchAsync(string query) =>
            await (await anonymous.GetAsync($"{MeetingArrangement.Meetings}?organisation={arranged.Slug}&pageSize=100&{query}", Cancellation)).ShouldBeJsonAsync();

        (await SearchAsync("q=compaction"))["totalItems"]!.GetValue<int>().ShouldBe(ids.Count - 1);
        var renamed = await SearchAsync("q=renamed");
        renamed["items"]!.AsArray().Select(m => m.Str("name")).ShouldBe(Enumerable.Range(0, 10).Select(i => $"Compaction Renamed {i:000}"));
        (await SearchAsync("q=meeting%20010"))["totalItems"]!.GetValue<int>().ShouldBe(0);

        // Once the compaction has finished the overlay is small again, and search answers the same.
        await ChangeLogInspection.EventuallyAsync(
            async () => (await (await anonymous.GetAsync("/health/ready", Cancellation)).ShouldBeJsonAsync())["checks"]!["search-index"]!["data"]!["overlay"]!.GetValue<int>() <= SearchSnapshot.SmallestOverlayLimit,
            "the overlay is compacted");
        (await SearchAsync("q=compaction"))["totalItems"]!.GetValue<int>().ShouldBe(ids.Count - 1);
        (await SearchAsync("q=renamed"))["items"]!.AsArray().Select(m => m.Str("name")).ShouldBe(Enumerable.Range(0, 10).Select(i => $"Compaction Renamed {i:000}"));
        (await SearchAsync("q=meeting%20010"))["totalItems"]!.GetValue<int>().ShouldBe(0);
    }

    private async Task<SearchDirectory> DirectoryAsync()
    {
        var aa = await Api.CreateOrganisationAsync();
        var na = await Api.CreateOrganisationAsync();
        var smart = await Api.CreateOrganisationAsync();

        await Api.CreateFormatAsync(aa, "O", "Open", "open-to-all");
        await Api.CreateFormatAsync(aa, "B", "Big Book", "literature");
        await Api.CreateFormatAsync(aa, "W", "Women", "women-only");
        await Api.CreateFormatAsync(na, "WO", "Women only", "women-only");
        await Api.CreateFormatAsync(na, "W", "Wheelchair", "wheelchair-access");
        await Api.CreateFormatAsync(smart, "F", "Women's meeting", "women-only");

        var headingley = await Api.CreateVenueAsync(aa, "Headingley Methodist Hall", "Leeds", "LS6 3HE", 53.8196, -1.5773, ["step-free-access"]);
        var cityCentre = await Api.CreateVenueAsync(aa, "City Centre Rooms", "Leeds", "LS1 5DL", 53.7997, -1.5492);
        var manchester = await Api.CreateVenueAsync(na, "Friends Meeting House", "Manchester", "M2 5NS", 53.4794, -2.2453, ["step-free-access", "hearing-loop"]);

        var aaGroup = await Api.CreateGroupAsync(aa, "Headingley Group");
        var aaWomensGroup = await Api.CreateGroupAsync(aa, "Leeds Women's Group");
        var naGroup = await Api.CreateGroupAsync(na, "Manchester Group");
        var smartGroup = await Api.CreateGroupAsync(smart, "SMART Online Group");

        var ids = new Dictionary<string, string>
        {
            [HeadingleyBigBook] = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(aaGroup, HeadingleyBigBook, "tuesday", "18:30", venueId: headingley, formats: ["O", "B"])),
            [LeedsWomensStep] = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(aaWomensGroup, LeedsWomensStep, "tuesday", "20:00", venueId: cityCentre, formats: ["W"])),
            [ManchesterWomen] = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(naGroup, ManchesterWomen, "wednesday", "19:00", venueId: manchester, formats: ["WO"], languages: ["en", "pl"])),
            [PolishSpeaking] = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(naGroup, PolishSpeaking, "thursday", "19:00", venueId: manchester, formats: ["W"], languages: ["pl"])),
            [SmartWomenOnline] = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(smartGroup, SmartWomenOnline, "tuesday", "17:30", formats: ["F"])),
            [SmartLunchtime] = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(smartGroup, SmartLunchtime, "friday", "12:00")),
        };
        return new SearchDirectory(aa, na, smart, aaWomensGroup, ids);
    }

    private async Task<JsonObject> SearchAsync(string query)
    {
        using var anonymous = Api.Anonymous();
        return await (await anonymous.GetAsync($"{MeetingArrangement.Meetings}?{query}", Cancellation)).ShouldBeJsonAsync();
    }

    private async Task<List<JsonObject>> ResultsAsync(SearchDirectory directory, string query)
    {
        var scoped = query.Contains("organisation=", StringComparison.Ordinal) ? query : $"organisation={directory.Organisations}&{query}";
        return (await SearchAsync(scoped))["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }

    private async Task<List<string>> NamesAsync(SearchDirectory directory, string query) =>
        (await ResultsAsync(directory, query)).Select(r => r.Str("name")).ToList();

    private async Task ShouldBeRejectedAsync(string query, string parameter)
    {
        using var anonymous = Api.Anonymous();
        await (await anonymous.GetAsync($"{MeetingArrangement.Meetings}?{query}", Cancellation)).ShouldBeValidationProblemAsync(parameter);
    }

    private static string Escaped(string value) => Uri.EscapeDataString(value);

    // ---- Place -----------------------------------------------------------------------------

    [Fact]
    public async Task A_point_and_radius_finds_meetings_nearby_sorted_by_distance()
    {
        var directory = await DirectoryAsync();

        var nearby = await ResultsAsync(directory, "lat=53.8196&lng=-1.5773&radiusKm=10");

        nearby.Select(r => r.Str("name")).ShouldBe([HeadingleyBigBook, LeedsWomensStep]);
        nearby[0].Str("id").ShouldBe(directory.Ids[HeadingleyBigBook]);
        nearby[0]["distanceKm"]!.GetValue<double>().ShouldBe(0, 0.01);
        nearby[1]["distanceKm"]!.GetValue<double>().ShouldBe(2.88, 0.02);
        nearby[0]["venue"].Str("name").ShouldBe("Headingley Methodist Hall");
        nearby[0]["venue"].Str("town").ShouldBe("Leeds");
        nearby[0]["organisation"].Str("slug").ShouldBe(directory.Aa);
        nearby[0]["group"].Str("name").ShouldBe("Headingley Group");

        var wider = await ResultsAsync(directory, "lat=53.8196&lng=-1.5773&radiusKm=100");
        wider.Select(r => r.Str("name")).ShouldBe([HeadingleyBigBook, LeedsWomensStep, ManchesterWomen, PolishSpeaking]);
        wider[2]["distanceKm"]!.GetValue<double>().ShouldBe(58.05, 0.05);
    }

    [Theory]
    [InlineData("LS6")]
    [InlineData("LS6 1SG")]
    [InlineData("ls61sg")]
    public async Task Near_a_postcode_or_district_searches_around_the_district(string near)
    {
        var directory = await DirectoryAsync();

        var results = await ResultsAsync(directory, $"near={Escaped(near)}");

        results.Select(r => r.Str("name")).ShouldBe([HeadingleyBigBook, LeedsWomensStep]);
        results[0]["distanceKm"]!.GetValue<double>().ShouldBe(0.65, 0.02);
        results[1]["distanceKm"]!.GetValue<double>().ShouldBe(2.28, 0.02);
    }

    [Theory]
    [InlineData("53.8196,-1.5773")]
    [InlineData("53.8196, -1.5773")]
    public async Task Near_a_latitude_longitude_point_searches_around_it(string near)
    {
        var directory = await DirectoryAsync();

        var results = await ResultsAsync(directory, $"near={Escaped(near)}");

        // The point is Headingley Methodist Hall itself.
        results[0].Str("name").ShouldBe(HeadingleyBigBook);
        results[0]["distanceKm"]!.GetValue<double>().ShouldBe(0, 0.01);
    }

    [Fact]
    public async Task Text_search_finds_every_meeting_of_a_group_by_the_areas_it_serves_and_its_service_body()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var admin = Api.PlatformAdmin();
        var queensGroup = (await (await admin.PostAsync("/api/v1/groups", HttpAssertions.Json(new
        {
            organisation = slug,
            name = "Serenity Seekers",
            countryCode = "US",
            serviceAreas = new[] { "Queens", "Jackson Heights" },
            serviceBody = new { name = "Metro Area Service Committee" },
        }), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var otherGroup = await Api.CreateGroupAsync(slug, "Brooklyn Heights Group");
        var venue = await Api.CreateVenueAsync(slug, "Church Basement");
        await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(queensGroup, "Tuesday Step Study", venueId: venue, timeZone: "America/New_York"));
        await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(queensGroup, "Friday Speaker", day: "friday", timeZone: "America/New_York"));
        await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(otherGroup, "Saturday Big Book", day: "saturday", venueId: venue, timeZone: "America/New_York"));

        async Task<List<string>> FoundAsync(string q) =>
            (await SearchAsync($"organisation={slug}&q={Escaped(q)}"))["items"]!.AsArray().Select(m => m.Str("name")).Order(StringComparer.Ordinal).ToList();

        (await FoundAsync("queens")).ShouldBe(["Friday Speaker", "Tuesday Step Study"]);
        (await FoundAsync("jackson heights")).ShouldBe(["Friday Speaker", "Tuesday Step Study"]);
        (await FoundAsync("metro area")).ShouldBe(["Friday Speaker", "Tuesday Step Study"]);
        (await FoundAsync("brooklyn")).ShouldBe(["Saturday Big Book"]);

        // The index follows a change to the group's areas.
        await Api.PatchAsAdminAsync($"/api/v1/groups/{queensGroup}", new { serviceAreas = new[] { "Astoria" } });
        await ChangeLogInspection.EventuallyAsync(async () => (await FoundAsync("astoria")).Count == 2, "the group's new area is searchable");
        (await FoundAsync("queens")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Including_online_meetings_adds_them_without_a_distance()
    {
        var directory = await DirectoryAsync();

        var results = await ResultsAsync(directory, "near=LS6&includeOnline=true");

        results.Select(r => r.Str("name")).ShouldBe([HeadingleyBigBook, LeedsWomensStep, SmartLunchtime, SmartWomenOnline]);
        results[0]["distanceKm"].ShouldNotBeNull();
        results[2]["distanceKm"].ShouldBeNull();
        results[3]["distanceKm"].ShouldBeNull();
        results[3]["online"].Str("url").ShouldBe("https://meet.example.org/room");
        results[3]["venue"].ShouldBeNull();
    }

    [Theory]
    [InlineData("near=ZZ99", "near")]
    [InlineData("near=NOTAPOSTCODE", "near")]
    [InlineData("near=91,-74.006", "near")]
    [InlineData("near=40.7128,-181", "near")]
    [InlineData("near=40.7128,west", "near")]
    [InlineData("near=NaN,0", "near")]
    [InlineData("near=40.7128", "near")]
    [InlineData("near=40.7128,-74.006,3", "near")]
    [InlineData("lat=53.8&lng=-1.5&radiusKm=0", "radiusKm")]
    [InlineData("lat=53.8&lng=-1.5&radiusKm=501", "radiusKm")]
    [InlineData("radiusKm=5", "radiusKm")]
    [InlineData("lat=91&lng=-1.5", "lat")]
    [InlineData("lat=53.8&lng=181", "lng")]
    [InlineData("lat=53.8", "lng")]
    [InlineData("lng=-1.5", "lat")]
    [InlineData("lat=north&lng=-1.5", "lat")]
    [InlineData("near=LS6&lat=53.8&lng=-1.5", "near")]
    [InlineData("sort=distance", "sort")]
    [InlineData("sort=banana", "sort")]
    [InlineData("day=funday", "day")]
    [InlineData("startsAfter=7pm", "startsAfter")]
    [InlineData("startsBefore=25:00", "startsBefore")]
    [InlineData("startingWithin=banana", "startingWithin")]
    [InlineData("startingWithin=PT0S", "startingWithin")]
    [InlineData("startingWithin=P8D", "startingWithin")]
    [InlineData("attendance=teleport", "attendance")]
    [InlineData("attribute=nonsense", "attribute")]
    [InlineData("attribute=women-only,nonsense", "attribute")]
    [InlineData("accessibility=jetpack-landing", "accessibility")]
    [InlineData("language=polish", "language")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task A_bad_parameter_is_a_400_naming_it(string query, string parameter) =>
        await ShouldBeRejectedAsync(query, parameter);

    // ---- Who and when ----------------------------------------------------------------------

    [Fact]
    public async Task Organisations_filter_by_slug()
    {
        var directory = await DirectoryAsync();

        (await NamesAsync(directory, $"organisation={directory.Aa},{directory.Smart}"))
            .ShouldBe([HeadingleyBigBook, LeedsWomensStep, SmartLunchtime, SmartWomenOnline]);
        (await NamesAsync(directory, $"organisation={directory.Na}&organisation={directory.Smart}"))
            .ShouldBe([ManchesterWomen, PolishSpeaking, SmartLunchtime, SmartWomenOnline]);
        (await NamesAsync(directory, "organisation=no-such-organisation")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Days_and_start_times_filter_on_the_local_clock()
    {
        var directory = await DirectoryAsync();

        (await NamesAsync(directory, "day=tuesday")).ShouldBe([HeadingleyBigBook, LeedsWomensStep, SmartWomenOnline]);
        (await NamesAsync(directory, "day=wednesday,friday")).ShouldBe([ManchesterWomen, SmartLunchtime]);
        (await NamesAsync(directory, "startsAfter=19:00&startsBefore=20:00")).ShouldBe([ManchesterWomen, PolishSpeaking]);
        (await NamesAsync(directory, "startsAfter=20:00")).ShouldBe([LeedsWomensStep]);
        (await NamesAsync(directory, "startsBefore=17:30")).ShouldBe([SmartLunchtime]);
        var tuesday = await ResultsAsync(directory, "day=tuesday&startsBefore=18:00");
        tuesday.Select(r => r.Str("name")).ShouldBe([SmartWomenOnline]);
        tuesday[0]["schedule"].Str("day").ShouldBe("tuesday");
        tuesday[0]["schedule"].Str("startTime").ShouldBe("17:30");
        tuesday[0]["schedule"].Str("timeZone").ShouldBe("Europe/London");
    }

    [Fact]
    public async Task Starting_within_a_window_counts_from_at_and_sorts_by_next_occurrence()
    {
        var directory = await DirectoryAsync();

        var starting = await ResultsAsync(directory, $"startingWithin=PT2H&at={Escaped(TuesdayTeatime)}");

        starting.Select(r => r.Str("name")).ShouldBe([SmartWomenOnline, HeadingleyBigBook]);
        DateTimeOffset.Parse(starting[0]["nextOccurrence"].Str("startsAt"), CultureInfo.InvariantCulture).ShouldBe(DateTimeOffset.Parse("2026-12-01T17:30:00Z", CultureInfo.InvariantCulture));
        DateTimeOffset.Parse(starting[1]["nextOccurrence"].Str("startsAt"), CultureInfo.InvariantCulture).ShouldBe(DateTimeOffset.Parse("2026-12-01T18:30:00Z", CultureInfo.InvariantCulture));
        starting[1]["nextOccurrence"].Str("localStart").ShouldBe("2026-12-01T18:30");

        (await NamesAsync(directory, $"startingWithin=PT4H&at={Escaped(TuesdayTeatime)}")).ShouldBe([SmartWomenOnline, HeadingleyBigBook, LeedsWomensStep]);
        (await NamesAsync(directory, $"startingWithin=PT2H&at={Escaped(TuesdayTeatime)}&sort=name")).ShouldBe([HeadingleyBigBook, SmartWomenOnline]);
    }

    [Fact]
    public async Task A_cancelled_occurrence_is_skipped_by_starting_within()
    {
        var directory = await DirectoryAsync();
        using var admin = Api.PlatformAdmin();
        var url = $"{MeetingArrangement.Meetings}/{directory.Ids[HeadingleyBigBook]}";

        await (await admin.PostAsync($"{url}/cancellations", HttpAssertions.Json(new { date = "2026-12-01" }), Cancellation)).ShouldBeJsonAsync();

        (await NamesAsync(directory, $"startingWithin=PT2H&at={Escaped(TuesdayTeatime)}")).ShouldBe([SmartWomenOnline]);

        await (await admin.DeleteAsync($"{url}/exceptions/2026-12-01", Cancellation)).ShouldBeJsonAsync();
        (await NamesAsync(directory, $"startingWithin=PT2H&at={Escaped(TuesdayTeatime)}")).ShouldBe([SmartWomenOnline, HeadingleyBigBook]);
    }

    [Fact]
    public async Task In_progress_finds_meetings_under_way_at_the_instant()
    {
        var directory = await DirectoryAsync();

        (await NamesAsync(directory, $"inProgress=true&at={Escaped("2026-12-01T18:45:00Z")}")).ShouldBe([HeadingleyBigBook]);
        (await NamesAsync(directory, $"inProgress=true&at={Escaped("2026-12-01T18:15:00Z")}")).ShouldBe([SmartWomenOnline]);
        (await NamesAsync(directory, $"inProgress=true&at={Escaped("2026-12-01T16:00:00Z")}")).ShouldBeEmpty();
    }

    // ---- What ------------------------------------------------------------------------------

    [Fact]
    public async Task Attendance_filters_by_kind()
    {
        var directory = await DirectoryAsync();

        (await NamesAsync(directory, "attendance=online")).ShouldBe([SmartLunchtime, SmartWomenOnline]);
        (await NamesAsync(directory, "attendance=in-person")).ShouldBe([HeadingleyBigBook, LeedsWomensStep, ManchesterWomen, PolishSpeaking]);
        (await NamesAsync(directory, "attendance=hybrid")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_shared_attribute_finds_the_meetings_of_every_fellowship_whatever_their_codes()
    {
        var directory = await DirectoryAsync();

        var women = await ResultsAsync(directory, "attribute=women-only");

        women.Select(r => r.Str("name")).ShouldBe([LeedsWomensStep, ManchesterWomen, SmartWomenOnline]);
        women.Select(r => r["organisation"].Str("slug")).ShouldBe([directory.Aa, directory.Na, directory.Smart]);
        women.Select(r => r["formats"]!.AsArray().Single()!.GetValue<string>()).ShouldBe(["W", "WO", "F"]);
        women.ShouldAllBe(r => r["attributes"]!.AsArray().Select(a => a!.GetValue<string>()).Contains("women-only"));

        (await NamesAsync(directory, "attribute=open-to-all,literature")).ShouldBe([HeadingleyBigBook]);
        (await NamesAsync(directory, "attribute=wheelchair-access")).ShouldBe([PolishSpeaking]);
        (await NamesAsync(directory, "attribute=women-only&attribute=literature")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_format_code_matches_the_code_as_written()
    {
        var directory = await DirectoryAsync();

        (await NamesAsync(directory, "format=W")).ShouldBe([LeedsWomensStep, PolishSpeaking]);
        (await NamesAsync(directory, $"format=W&organisation={directory.Aa}")).ShouldBe([LeedsWomensStep]);
        (await NamesAsync(directory, "format=O,B")).ShouldBe([HeadingleyBigBook]);
        (await NamesAsync(directory, "format=WO")).ShouldBe([ManchesterWomen]);
    }

    [Fact]
    public async Task Language_and_accessibility_filter()
    {
        var directory = await DirectoryAsync();

        (await NamesAsync(directory, "language=pl")).ShouldBe([ManchesterWomen, PolishSpeaking]);
        (await NamesAsync(directory, "language=pl,cy")).ShouldBe([ManchesterWomen, PolishSpeaking]);
        (await NamesAsync(directory, "accessibility=step-free-access")).ShouldBe([HeadingleyBigBook, ManchesterWomen, PolishSpeaking]);
        (await NamesAsync(directory, "accessibility=step-free-access,hearing-loop")).ShouldBe([ManchesterWomen, PolishSpeaking]);
    }

    [Fact]
    public async Task Text_matches_words_and_prefixes_in_meeting_group_venue_and_town_names()
    {
        var directory = await DirectoryAsync();

        (await NamesAsync(directory, $"q={Escaped("big book")}")).ShouldBe([HeadingleyBigBook]);
        (await NamesAsync(directory, $"q={Escaped("big bo")}")).ShouldBe([HeadingleyBigBook]);
        (await NamesAsync(directory, "q=manchester")).ShouldBe([ManchesterWomen, PolishSpeaking]);
        (await NamesAsync(directory, $"q={Escaped("methodist")}")).ShouldBe([HeadingleyBigBook]);
        (await NamesAsync(directory, $"q={Escaped("big banana")}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Updated_since_finds_meetings_changed_at_or_after_the_instant()
    {
        var directory = await DirectoryAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(50), Cancellation);
        var since = Api.Clock.GetUtcNow();
        using var admin = Api.PlatformAdmin();
        var url = $"{MeetingArrangement.Meetings}/{directory.Ids[PolishSpeaking]}";
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, url, AccessArrangement.MergePatch(new { name = "Polish Speaking NA (Thursday)" }));
        await (await admin.SendAsync(request, Cancellation)).ShouldBeJsonAsync();

        var changed = await ResultsAsync(directory, $"updatedSince={Escaped(since.ToString("O", CultureInfo.InvariantCulture))}");

        changed.ShouldHaveSingleItem().Str("id").ShouldBe(directory.Ids[PolishSpeaking]);
        changed[0].Str("name").ShouldBe("Polish Speaking NA (Thursday)");
    }

    [Fact]
    public async Task Filters_combine()
    {
        var directory = await DirectoryAsync();

        (await NamesAsync(directory, "near=LS6&day=tuesday&attribute=women-only")).ShouldBe([LeedsWomensStep]);
        (await NamesAsync(directory, "near=LS6&includeOnline=true&attribute=women-only")).ShouldBe([LeedsWomensStep, SmartWomenOnline]);
        (await NamesAsync(directory, $"near=LS6&includeOnline=true&startingWithin=PT2H&at={Escaped(TuesdayTeatime)}")).ShouldBe([SmartWomenOnline, HeadingleyBigBook]);
        (await NamesAsync(directory, "lat=53.48&lng=-2.24&radiusKm=5&language=pl&accessibility=hearing-loop&day=thursday")).ShouldBe([PolishSpeaking]);
    }

    // ---- Order and pages -------------------------------------------------------------------

    [Fact]
    public async Task Sorting_by_name_overrides_the_distance_order()
    {
        var directory = await DirectoryAsync();

        (await NamesAsync(directory, "lat=53.48&lng=-2.24&radiusKm=100")).ShouldBe([ManchesterWomen, PolishSpeaking, HeadingleyBigBook, LeedsWomensStep]);
        (await NamesAsync(directory, "lat=53.48&lng=-2.24&radiusKm=100&sort=name")).ShouldBe([HeadingleyBigBook, LeedsWomensStep, ManchesterWomen, PolishSpeaking]);
        (await NamesAsync(directory, "lat=53.48&lng=-2.24&radiusKm=100&sort=distance")).ShouldBe([ManchesterWomen, PolishSpeaking, HeadingleyBigBook, LeedsWomensStep]);
    }

    [Fact]
    public async Task Results_come_in_the_paging_envelope()
    {
        var directory = await DirectoryAsync();

        var page = await SearchAsync($"organisation={directory.Organisations}&pageSize=4&page=2");

        page["items"]!.AsArray().Select(i => i.Str("name")).ShouldBe([SmartLunchtime, SmartWomenOnline]);
        page["page"]!.GetValue<int>().ShouldBe(2);
        page["pageSize"]!.GetValue<int>().ShouldBe(4);
        page["totalItems"]!.GetValue<int>().ShouldBe(6);
        page["totalPages"]!.GetValue<int>().ShouldBe(2);

        var first = await SearchAsync($"organisation={directory.Organisations}&pageSize=4");
        first["items"]!.AsArray().Select(i => i.Str("name")).ShouldBe([HeadingleyBigBook, LeedsWomensStep, ManchesterWomen, PolishSpeaking]);
        first["page"]!.GetValue<int>().ShouldBe(1);
    }

    // ---- What leaves public results --------------------------------------------------------

    [Fact]
    public async Task Closing_a_group_removes_its_meetings()
    {
        var directory = await DirectoryAsync();
        using var admin = Api.PlatformAdmin();
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, $"/api/v1/groups/{directory.AaWomensGroup}", AccessArrangement.MergePatch(new { status = "closed" }));
        await (await admin.SendAsync(request, Cancellation)).ShouldBeJsonAsync();

        (await NamesAsync(directory, $"organisation={directory.Aa}")).ShouldBe([HeadingleyBigBook]);
        (await NamesAsync(directory, "attribute=women-only")).ShouldBe([ManchesterWomen, SmartWomenOnline]);
    }

    [Fact]
    public async Task Suspending_an_organisation_removes_its_meetings()
    {
        var directory = await DirectoryAsync();

        await Api.SuspendAsync(directory.Na);

        (await NamesAsync(directory, "attribute=women-only")).ShouldBe([LeedsWomensStep, SmartWomenOnline]);
        (await NamesAsync(directory, $"organisation={directory.Na}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_temporarily_suspended_meeting_leaves_search()
    {
        var directory = await DirectoryAsync();
        using var admin = Api.PlatformAdmin();
        var url = $"{MeetingArrangement.Meetings}/{directory.Ids[SmartLunchtime]}";
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, url, AccessArrangement.MergePatch(new { status = "temporarily-suspended", resumesOn = "2027-02-05" }));
        var suspended = await (await admin.SendAsync(request, Cancellation)).ShouldBeJsonAsync();
        suspended.Str("status").ShouldBe("temporarily-suspended");

        (await NamesAsync(directory, $"organisation={directory.Smart}")).ShouldBe([SmartWomenOnline]);
    }

    [Fact]
    public async Task Replacing_a_format_code_changes_what_its_meetings_are_found_by()
    {
        var directory = await DirectoryAsync();
        using var admin = Api.PlatformAdmin();

        var replaced = await admin.PutAsync($"/api/v1/organisations/{directory.Smart}/formats/F", HttpAssertions.Json(new { code = "F", labels = new Dictionary<string, string> { ["en"] = "Family" }, attributes = new[] { "family-and-friends" } }), Cancellation);
        await replaced.ShouldBeJsonAsync();

        (await NamesAsync(directory, "attribute=women-only")).ShouldBe([LeedsWomensStep, ManchesterWomen]);
        (await NamesAsync(directory, "attribute=family-and-friends")).ShouldBe([SmartWomenOnline]);
    }

    // ---- Changes to what a meeting refers to -----------------------------------------------

    [Fact]
    public async Task Moving_a_venue_moves_its_meetings_in_search()
    {
        var directory = await DirectoryAsync();
        using var admin = Api.PlatformAdmin();
        var meeting = await (await admin.GetAsync($"{MeetingArrangement.Meetings}/{directory.Ids[LeedsWomensStep]}", Cancellation)).ShouldBeJsonAsync();
        var venueUrl = $"/api/v1/venues/{meeting.Str("venueId")}";

        // The city-centre rooms turn out to be in York.
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, venueUrl, AccessArrangement.MergePatch(new { town = "York", postcode = "YO1 7HH", latitude = 53.9599, longitude = -1.0873 }));
        await (await admin.SendAsync(request, Cancellation)).ShouldBeJsonAsync();

        (await NamesAsync(directory, "near=LS6")).ShouldBe([HeadingleyBigBook]);
        var york = (await ResultsAsync(directory, "lat=53.9599&lng=-1.0873&radiusKm=5")).ShouldHaveSingleItem();
        york.Str("name").ShouldBe(LeedsWomensStep);
        york["venue"].Str("town").ShouldBe("York");
    }

    [Fact]
    public async Task Renaming_a_group_renames_it_in_search()
    {
        var directory = await DirectoryAsync();
        using var admin = Api.PlatformAdmin();
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, $"/api/v1/groups/{directory.AaWomensGroup}", AccessArrangement.MergePatch(new { name = "Leeds Sisters Group" }));
        await (await admin.SendAsync(request, Cancellation)).ShouldBeJsonAsync();

        var result = (await ResultsAsync(directory, "q=sisters")).ShouldHaveSingleItem();
        result.Str("name").ShouldBe(LeedsWomensStep);
        result["group"].Str("name").ShouldBe("Leeds Sisters Group");
    }

    private sealed record SearchDirectory(string Aa, string Na, string Smart, string AaWomensGroup, Dictionary<string, string> Ids)
    {
        public string Organisations => $"{Aa},{Na},{Smart}";
    }
}

public sealed class SearchTestsOnSqlite(SqliteApiFactory api) : SearchTests<SqliteApiFactory>(api);
