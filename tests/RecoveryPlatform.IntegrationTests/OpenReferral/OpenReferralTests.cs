using Json.Schema;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.OpenReferral;

/// <summary>
/// The Open Referral UK 3.0 API through HTTP, as a local-service directory or the ORUK validator reads it: the nine
/// endpoints, the paging envelope, the mapping of each schedule kind and attendance, the query parameters, and every
/// answer checked against the UK profile's JSON schemas (vendored in OpenReferral/oruk), so CI catches what the
/// validator would.
/// </summary>
public abstract class OpenReferralTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Base = "/openreferral";

    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(LoadSchemas);

    /// <summary>An organisation with a venue and one meeting of each kind: weekly, fortnightly, monthly on the second Monday, last Friday, online.</summary>
    private async Task<(string Slug, Dictionary<string, string> Meetings, string VenueId)> DirectoryAsync(string label)
    {
        using var admin = Api.PlatformAdmin();
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug, $"{label} Group");
        var venue = await (await admin.PostAsync("/api/v1/venues", HttpAssertions.Json(new
        {
            organisation = slug,
            name = $"{label} Hall",
            addressLine1 = "1 Headingley Lane",
            town = "Leeds",
            region = "West Yorkshire",
            postcode = "LS6 1BL",
            latitude = 53.819,
            longitude = -1.576,
            accessibility = new[] { "step-free-access" },
        }), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        var venueId = venue.Str("id");
        await Api.CreateFormatAsync(slug, "W", "Women", "women-only");

        var meetings = new Dictionary<string, string>
        {
            ["weekly"] = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, $"{label} Weekly", day: "monday", startTime: "19:30", venueId: venueId, formats: ["W"])),
        };
        var fortnightly = MeetingArrangement.MeetingBody(group, $"{label} Fortnightly", day: "wednesday", startTime: "12:30", venueId: venueId);
        fortnightly["schedule"]!["recurrence"] = new JsonObject { ["kind"] = "every-n-weeks", ["day"] = "wednesday", ["intervalWeeks"] = 2, ["anchorDate"] = "2026-01-07" };
        meetings["fortnightly"] = await Api.CreateMeetingAsync(fortnightly);
        var secondMonday = MeetingArrangement.MeetingBody(group, $"{label} Second Monday", day: "monday", startTime: "18:00", venueId: venueId);
        secondMonday["schedule"]!["recurrence"] = new JsonObject { ["kind"] = "monthly", ["day"] = "monday", ["weekOfMonth"] = 2 };
        meetings["second-monday"] = await Api.CreateMeetingAsync(secondMonday);
        var lastFriday = MeetingArrangement.MeetingBody(group, $"{label} Last Friday", day: "friday", startTime: "20:00", venueId: venueId);
        lastFriday["schedule"]!["recurrence"] = new JsonObject { ["kind"] = "monthly", ["day"] = "friday", ["weekOfMonth"] = -1 };
        meetings["last-friday"] = await Api.CreateMeetingAsync(lastFriday);
        var online = MeetingArrangement.MeetingBody(group, $"{label} Online", day: "tuesday", startTime: "07:00");
        online["online"] = new JsonObject { ["url"] = "https://zoom.us/j/81234567890", ["notes"] = "Passcode 1234" };
        meetings["online"] = await Api.CreateMeetingAsync(online);
        return (slug, meetings, venueId);
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        var response = await Api.Anonymous().GetAsync(Base + path, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{path}: {text}");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = JsonNode.Parse(text)!.AsObject();
        NullFields(body).ShouldBeEmpty($"{path}: absent fields are left out, never null");
        return body;
    }

    private static IEnumerable<string> NullFields(JsonNode? node, string path = "$") => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [$"{path}.{p.Key}"] : NullFields(p.Value, $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((item, i) => item is null ? [$"{path}[{i}]"] : NullFields(item, $"{path}[{i}]")),
        _ => [],
    };

    /// <summary>A list page, each item checked against <paramref name="itemSchema"/>, and the envelope's fields checked too.</summary>
    private async Task<JsonArray> PageAsync(string path, string itemSchema)
    {
        var page = await GetAsync(path);
        foreach (var field in new[] { "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents" })
        {
            page.ContainsKey(field).ShouldBeTrue($"{path}: the envelope needs {field}");
        }

        var contents = page["contents"]!.AsArray();
        page["size"]!.GetValue<int>().ShouldBe(contents.Count);
        foreach (var item in contents)
        {
            ShouldMatchSchema(item!, itemSchema, path);
        }

        return contents;
    }

    private static void ShouldMatchSchema(JsonNode instance, string schema, string what)
    {
        var element = JsonDocument.Parse(instance.ToJsonString()).RootElement;
        var result = Schemas.Value[schema].Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        result.IsValid.ShouldBeTrue($"{what} breaks {schema}: {string.Join("; ", errors)}");
    }

    private static Dictionary<string, JsonSchema> LoadSchemas()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "OpenReferral", "oruk");
        var registry = new SchemaRegistry();
        // Draft 2020-12, which lets the schemas' own keywords (name, constraints, datapackage_type) through as annotations.
        var options = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 };
        // taxonomy.json refers to taxonomy_term.json by file name: loaded from their files, the reference resolves.
        return Directory.GetFiles(folder, "*.json").ToDictionary(file => Path.GetFileNameWithoutExtension(file), file => JsonSchema.FromFile(file, options));
    }

    private static JsonObject Service(JsonArray contents, string id) => contents.Select(c => c!.AsObject()).Single(c => c.Str("id") == id);

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task The_root_names_the_standard_with_or_without_a_trailing_slash(string path)
    {
        var root = await GetAsync(path);

        root.Str("version").ShouldBe("HSDS-UK-3.0");
        root.Str("profile").ShouldBe("https://openreferraluk.org/");
        Uri.IsWellFormedUriString(root.Str("openapi_url"), UriKind.Absolute).ShouldBeTrue();
    }

    [Fact]
    public async Task Services_list_meetings_with_their_organisation_in_the_paging_envelope()
    {
        var (_, meetings, _) = await DirectoryAsync("Envelope");

        var first = await GetAsync("/services?page=1&per_page=2");
        first["page_number"]!.GetValue<int>().ShouldBe(1);
        first["first_page"]!.GetValue<bool>().ShouldBeTrue();
        first["size"]!.GetValue<int>().ShouldBe(2);
        var total = first["total_items"]!.GetValue<int>();
        total.ShouldBeGreaterThanOrEqualTo(5);
        first["total_pages"]!.GetValue<int>().ShouldBe((total + 1) / 2);

        var all = await PageAsync("/services?per_page=200&search=Envelope", "service_list");
        all.Count.ShouldBe(5);
        var weekly = Service(all, meetings["weekly"]);
        weekly.Str("name").ShouldBe("Envelope Weekly");
        weekly.Str("status").ShouldBe("active");
        weekly["organization"]!.Str("id").ShouldBe(weekly.Str("organization_id"));

        var beyond = await GetAsync("/services?page=10000");
        beyond["empty"]!.GetValue<bool>().ShouldBeTrue();
        beyond["contents"]!.AsArray().ShouldBeEmpty();
        beyond["last_page"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Each_schedule_kind_becomes_its_hsds_rule()
    {
        var (_, meetings, _) = await DirectoryAsync("Rules");

        async Task<JsonObject> ScheduleOf(string kind)
        {
            var service = await GetAsync($"/services/{meetings[kind]}");
            ShouldMatchSchema(service, "service", kind);
            return service["schedules"]!.AsArray().Single()!.AsObject();
        }

        var weekly = await ScheduleOf("weekly");
        (weekly.Str("freq"), weekly["interval"]!.GetValue<int>(), weekly.Str("byday"), weekly.Str("opens_at"), weekly.Str("closes_at")).ShouldBe(("WEEKLY", 1, "MO", "19:30", "20:30"));
        weekly.Str("description").ShouldBe("Every Monday, 19:30 to 20:30 (Europe/London time).");

        var fortnightly = await ScheduleOf("fortnightly");
        (fortnightly.Str("freq"), fortnightly["interval"]!.GetValue<int>(), fortnightly.Str("byday"), fortnightly.Str("dtstart")).ShouldBe(("WEEKLY", 2, "WE", "2026-01-07"));
        fortnightly.Str("notes").ShouldStartWith("Every other Wednesday; next on ");

        var secondMonday = await ScheduleOf("second-monday");
        (secondMonday.Str("freq"), secondMonday.Str("byday")).ShouldBe(("MONTHLY", "2MO"));

        var lastFriday = await ScheduleOf("last-friday");
        (lastFriday.Str("freq"), lastFriday.Str("byday")).ShouldBe(("MONTHLY", "-1FR"));
    }

    [Fact]
    public async Task A_meeting_at_a_venue_is_at_its_physical_location_and_an_online_one_at_a_virtual_location()
    {
        var (_, meetings, venueId) = await DirectoryAsync("Places");

        var atVenue = (await GetAsync($"/services/{meetings["weekly"]}"))["service_at_locations"]!.AsArray().Single()!["location"]!.AsObject();
        atVenue.Str("id").ShouldBe(venueId);
        atVenue.Str("location_type").ShouldBe("physical");
        atVenue["latitude"]!.GetValue<double>().ShouldBe(53.819);
        var address = atVenue["addresses"]!.AsArray().Single()!.AsObject();
        (address.Str("address_1"), address.Str("city"), address.Str("state_province"), address.Str("postal_code"), address.Str("country"), address.Str("address_type"))
            .ShouldBe(("1 Headingley Lane", "Leeds", "West Yorkshire", "LS6 1BL", "GB", "physical"));

        var online = await GetAsync($"/services/{meetings["online"]}");
        online.Str("url").ShouldBe("https://zoom.us/j/81234567890");
        var virtualLocation = online["service_at_locations"]!.AsArray().Single()!["location"]!.AsObject();
        virtualLocation.Str("location_type").ShouldBe("virtual");
        virtualLocation.ContainsKey("addresses").ShouldBeFalse();
        virtualLocation.ContainsKey("latitude").ShouldBeFalse();
        online["schedules"]![0]!.Str("attending_type").ShouldBe("Online.");
    }

    [Fact]
    public async Task Shared_attributes_and_venue_accessibility_are_taxonomy_terms_that_filter()
    {
        var (_, meetings, _) = await DirectoryAsync("Terms");
        var terms = await PageAsync("/taxonomy_terms?per_page=200", "taxonomy_term");
        var womenOnly = terms.Select(t => t!.AsObject()).Single(t => t.Str("term") == "women-only");
        var stepFree = terms.Select(t => t!.AsObject()).Single(t => t.Str("term") == "step-free-access");
        terms.Select(t => t!.AsObject()).Single(t => t.Str("term") == "tradition-study").Str("name").ShouldBe("Tradition study");
        terms.Select(t => t!.AsObject()).Single(t => t.Str("term") == "candlelight").Str("name").ShouldBe("Candlelight");

        var weekly = await GetAsync($"/services/{meetings["weekly"]}");
        var attached = weekly["attributes"]!.AsArray().Select(a => a!.Str("taxonomy_term_id")).ToList();
        attached.ShouldContain(womenOnly.Str("id"));
        attached.ShouldContain(stepFree.Str("id"));
        weekly["attributes"]![0]!.Str("link_id").ShouldBe(meetings["weekly"]);

        var women = await PageAsync($"/services?per_page=200&search=Terms&taxonomy_term_id={womenOnly.Str("id")}", "service_list");
        women.Select(s => s!.Str("id")).ShouldBe([meetings["weekly"]]);

        var accessible = await PageAsync($"/services?per_page=200&search=Terms&taxonomy_id={stepFree.Str("taxonomy_id")}", "service_list");
        accessible.Count.ShouldBe(4, "the four meetings at the venue, not the online one");

        var taxonomies = await PageAsync("/taxonomies", "taxonomy");
        taxonomies.Count.ShouldBe(2);
        var taxonomy = await GetAsync($"/taxonomies/{womenOnly.Str("taxonomy_id")}");
        ShouldMatchSchema(taxonomy, "taxonomy", "the taxonomy");
        taxonomy["taxonomy_terms"]!.AsArray().Select(t => t!.Str("id")).ShouldContain(womenOnly.Str("id"));
        ShouldMatchSchema(await GetAsync($"/taxonomy_terms/{stepFree.Str("id")}"), "taxonomy_term", "the term");
    }

    [Fact]
    public async Task Services_at_locations_list_and_each_resolves_to_its_meeting()
    {
        var (_, meetings, venueId) = await DirectoryAsync("Located");

        var list = await PageAsync("/service_at_locations?per_page=200&search=Located", "service_at_location_list");
        list.Count.ShouldBe(5);
        var weekly = list.Select(s => s!.AsObject()).Single(s => s.Str("service_id") == meetings["weekly"]);
        weekly.Str("location_id").ShouldBe(venueId);
        weekly["service"]!.Str("name").ShouldBe("Located Weekly");

        var detail = await GetAsync($"/service_at_locations/{weekly.Str("id")}");
        // Checked against the service-at-location schema, not the service schema the official 3.0 document names for
        // this endpoint (its quirk); name and status are also at the top so that the validator, which follows the
        // document, passes it too.
        ShouldMatchSchema(detail, "service_at_location", "the service at location");
        (detail.Str("name"), detail.Str("status")).ShouldBe(("Located Weekly", "active"));
        detail["location"]!["addresses"]!.AsArray().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Day_and_times_filter_by_the_meetings_local_slot()
    {
        var (_, meetings, _) = await DirectoryAsync("Slots");

        (await PageAsync("/services?per_page=200&search=Slots&day=MO", "service_list")).Select(s => s!.Str("id"))
            .ShouldBe([meetings["second-monday"], meetings["weekly"]], ignoreOrder: true);
        (await PageAsync("/services?per_page=200&search=Slots&day=friday,TU", "service_list")).Count.ShouldBe(2);
        (await PageAsync("/services?per_page=200&search=Slots&start_time=19:00", "service_list")).Select(s => s!.Str("id"))
            .ShouldBe([meetings["weekly"], meetings["last-friday"]], ignoreOrder: true);
        (await PageAsync("/services?per_page=200&search=Slots&end_time=13:30", "service_list")).Select(s => s!.Str("id"))
            .ShouldBe([meetings["fortnightly"], meetings["online"]], ignoreOrder: true);
    }

    [Fact]
    public async Task A_postcode_orders_meetings_at_venues_nearest_first_within_the_proximity()
    {
        var (slug, meetings, _) = await DirectoryAsync("Near");
        var group = await Api.CreateGroupAsync(slug, "Far Group");
        var far = await Api.CreateVenueAsync(slug, "Far Hall", "Bradford", "BD1 1AA", 53.795, -1.752);
        var farMeeting = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, "Near Far Away", venueId: far));

        var near = await PageAsync("/service_at_locations?per_page=200&search=Near&postcode=LS6", "service_at_location_list");
        near.Select(s => s!.Str("service_id")).Last().ShouldBe(farMeeting, "Bradford is further from LS6 than Headingley");
        near.Select(s => s!.Str("service_id")).ShouldNotContain(meetings["online"], "an online meeting has no distance");

        var within = await PageAsync("/service_at_locations?per_page=200&search=Near&postcode=LS6%203HE&proximity=5000", "service_at_location_list");
        within.Select(s => s!.Str("service_id")).ShouldNotContain(farMeeting);
        within.Count.ShouldBe(4);
    }

    [Theory]
    [InlineData("/services?per_page=201", "per_page")]
    [InlineData("/services?per_page=0", "per_page")]
    [InlineData("/services?page=0", "page")]
    [InlineData("/services?page=two", "page")]
    [InlineData("/taxonomies?page=10001", "page")]
    [InlineData("/services?day=someday", "day")]
    [InlineData("/services?start_time=7pm", "start_time")]
    [InlineData("/services?end_time=25:00", "end_time")]
    [InlineData("/services?taxonomy_term_id=women-only", "taxonomy_term_id")]
    [InlineData("/services?taxonomy_id=1", "taxonomy_id")]
    [InlineData("/services?minimum_age=-3", "minimum_age")]
    [InlineData("/service_at_locations?proximity=1000", "proximity")]
    [InlineData("/service_at_locations?postcode=ZZ99&proximity=1000", "postcode")]
    [InlineData("/service_at_locations?postcode=LS6&proximity=far", "proximity")]
    [InlineData("/taxonomy_terms?per_page=1000", "per_page")]
    public async Task A_bad_parameter_is_a_400_problem_naming_it(string path, string parameter)
    {
        await (await Api.Anonymous().GetAsync(Base + path, Cancellation)).ShouldBeValidationProblemAsync(parameter);
    }

    [Theory]
    [InlineData("/services/{0}")]
    [InlineData("/service_at_locations/{0}")]
    [InlineData("/taxonomies/{0}")]
    [InlineData("/taxonomy_terms/{0}")]
    public async Task An_id_that_names_nothing_is_a_404_problem(string path)
    {
        await (await Api.Anonymous().GetAsync(Base + string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Guid.NewGuid()), Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_meeting_that_is_not_public_is_not_a_service()
    {
        var (_, meetings, _) = await DirectoryAsync("Hidden");
        await Api.PatchAsAdminAsync($"{MeetingArrangement.Meetings}/{meetings["weekly"]}", new { status = "temporarily-suspended", resumesOn = "2027-06-01" });

        await (await Api.Anonymous().GetAsync($"{Base}/services/{meetings["weekly"]}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await PageAsync("/services?per_page=200&search=Hidden", "service_list")).Select(s => s!.Str("id")).ShouldNotContain(meetings["weekly"]);
    }

    [Fact]
    public async Task A_revalidation_is_answered_304_until_the_directory_changes()
    {
        var (_, meetings, _) = await DirectoryAsync("Revalidated");
        var client = Api.Anonymous();
        foreach (var path in new[] { "/services?search=Revalidated", $"/services/{meetings["weekly"]}", "/taxonomy_terms" })
        {
            var first = await client.GetAsync(Base + path, Cancellation);
            var tag = first.Headers.ETag!.Tag;
            using var again = new HttpRequestMessage(HttpMethod.Get, Base + path);
            again.Headers.IfNoneMatch.ParseAdd(tag);
            (await client.SendAsync(again, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotModified, path);
            using var since = new HttpRequestMessage(HttpMethod.Get, Base + path);
            since.Headers.IfModifiedSince = first.Content.Headers.LastModified!.Value;
            (await client.SendAsync(since, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotModified, path);
        }

        var read = await client.GetAsync($"{Base}/services/{meetings["weekly"]}", Cancellation);
        var before = read.Headers.ETag!.Tag;
        var modified = read.Content.Headers.LastModified!.Value;
        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancellation); // Last-Modified has whole seconds
        await Api.PatchAsAdminAsync($"{MeetingArrangement.Meetings}/{meetings["weekly"]}", new { name = "Revalidated Renamed" });
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"{Base}/services/{meetings["weekly"]}");
        stale.Headers.IfNoneMatch.ParseAdd(before);
        var renamed = await client.SendAsync(stale, Cancellation);

        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await renamed.Content.ReadAsStringAsync(Cancellation)).ShouldContain("Revalidated Renamed");
        using var sinceBefore = new HttpRequestMessage(HttpMethod.Get, $"{Base}/services/{meetings["weekly"]}");
        sinceBefore.Headers.IfModifiedSince = modified;
        (await client.SendAsync(sinceBefore, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK, "the directory changed after that date");
    }

    [Fact]
    public async Task A_repeated_request_is_answered_from_the_store_until_the_directory_changes()
    {
        var (_, meetings, _) = await DirectoryAsync("Stored");
        var client = Api.Anonymous();
        var path = $"{Base}/services?search=Stored&per_page=10";
        await client.GetAsync(path, Cancellation);

        var again = await client.GetAsync(path, Cancellation);
        again.Headers.Age.ShouldNotBeNull("the second answer is the stored one");

        await Api.PatchAsAdminAsync($"{MeetingArrangement.Meetings}/{meetings["weekly"]}", new { name = "Stored Renamed" });
        var after = await client.GetAsync(path, Cancellation);

        after.Headers.Age.ShouldBeNull("a change makes a new key");
        (await after.Content.ReadAsStringAsync(Cancellation)).ShouldContain("Stored Renamed");
    }

    [Fact]
    public async Task Any_web_page_may_read_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/services");
        request.Headers.Add("Origin", "https://directory.example.org");

        var response = await Api.Anonymous().SendAsync(request, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
    }
}

public sealed class OpenReferralTestsOnSqlite(SqliteApiFactory api) : OpenReferralTests<SqliteApiFactory>(api);
