using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Imports.Persistence;
using RecoveryPlatform.IntegrationTests.Changes;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Imports;

/// <summary>
/// Directory imports through HTTP, as a data steward's script sends them: a Meeting Guide feed, a spreadsheet and a
/// BMLT export, the job and its report, a second import that changes nothing, a dry run that writes nothing, the
/// round trip through the platform's own feeds, and every kind of bad file.
/// </summary>
public abstract class ImportTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string MeetingGuideFeed = """
        [
          {"name":"Headingley Big Book","slug":"hbb-tue","day":2,"time":"19:30","end_time":"20:45","timezone":"Europe/London","types":["O","B","X","ZZZ"],
           "location":"St Michael's Church Hall","address":"St Michael's Road","city":"Leeds","postal_code":"LS6 3AW","country":"UK",
           "latitude":53.8196,"longitude":-1.5773,"group":"Headingley Group","regions":["Leeds","Headingley"],"notes":"Side door.",
           "updated":"2024-03-01 10:00:00","contact_1_name":"A. Person","contact_1_phone":"0113 496 0000"},
          {"name":"Online Step","slug":"online-step","day":[1,4],"time":"7:00 PM","end_time":"8:00 PM","timezone":"Europe/London",
           "conference_url":"https://zoom.us/j/123456789","conference_url_notes":"Passcode 1234","types":["ST","ONL"],"attendance_option":"online"},
          {"name":"Park Lane Lunchtime","slug":"park-lane","day":"5","time":"12:30","timezone":"Europe/London","address":"2 Park Lane","postal_code":"LS6 1AA","city":"Leeds"}
        ]
        """;

    private static string ImportsOf(string slug) => $"/api/v1/organisations/{slug}/imports";

    /// <summary>A fellowship with a small vocabulary (O, ST and its own BK for Big Book, written as Meeting Guide B), and its admin.</summary>
    private async Task<(string Slug, HttpClient Admin)> FellowshipAsync()
    {
        var slug = await Api.CreateOrganisationAsync();
        var admin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));
        foreach (var (code, label, meetingGuide) in new[] { ("O", "Open", "O"), ("ST", "Step Study", "ST"), ("BK", "Big Book", "B") })
        {
            await (await admin.PostAsync($"/api/v1/organisations/{slug}/formats", HttpAssertions.Json(new { code, labels = new { en = label }, meetingGuideCode = meetingGuide }), Cancellation))
                .ShouldBeJsonAsync(HttpStatusCode.Created);
        }

        return (slug, admin);
    }

    private static HttpContent Body(string text, string mediaType = "application/json")
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    /// <summary>Sends a file, expects 202 with a Location, and polls the job until it ends.</summary>
    private static async Task<JsonObject> ImportAsync(HttpClient admin, string slug, string file, string mediaType = "application/json", string query = "")
    {
        var response = await admin.PostAsync(ImportsOf(slug) + query, Body(file, mediaType), Cancellation);
        var queued = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var location = response.Headers.Location!.OriginalString;
        location.ShouldBe($"/api/v1/imports/{queued.Str("id")}");
        queued.Str("status").ShouldBeOneOf("queued", "running", "succeeded");
        return await JobAsync(admin, location);
    }

    private static async Task<JsonObject> JobAsync(HttpClient admin, string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await (await admin.GetAsync(location, Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);
            if (job.Str("status") is "succeeded" or "failed")
            {
                return job;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the import should end within a minute");
            await Task.Delay(100, Cancellation);
        }
    }

    private static JsonObject Totals(JsonObject job) => job["report"]!["totals"]!.AsObject();

    private static int Total(JsonObject job, string name) => Totals(job)[name]!.GetValue<int>();

    private static IEnumerable<JsonObject> Rows(JsonObject job) => job["report"]!["meetings"]!.AsArray().Select(r => r!.AsObject());

    private static JsonObject Row(JsonObject job, string slug) => Rows(job).Single(r => r["slug"]?.GetValue<string>() == slug);

    private static JsonObject RowAt(JsonObject job, int row) => Rows(job).Single(r => r["row"]!.GetValue<int>() == row);

    private async Task<JsonArray> FeedAsync(string slug)
    {
        var response = await Api.Anonymous().GetAsync($"/api/v1/organisations/{slug}/feeds/meeting-guide.json", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!.AsArray();
    }

    [Fact]
    public async Task A_meeting_guide_feed_becomes_meetings_venues_and_groups_and_the_report_says_what_happened()
    {
        var (slug, admin) = await FellowshipAsync();

        var job = await ImportAsync(admin, slug, MeetingGuideFeed);

        job.Str("format").ShouldBe("meeting-guide-json");
        job["attempts"]!.GetValue<int>().ShouldBe(1);
        Total(job, "records").ShouldBe(3);
        Total(job, "meetings").ShouldBe(4, "the online meeting meets on two days: two meetings");
        Total(job, "create").ShouldBe(4);
        Total(job, "reject").ShouldBe(0);
        Total(job, "approximateLocations").ShouldBe(1, "Park Lane has no coordinates: its postcode district's centre stands in");
        Row(job, "online-step/monday").Str("action").ShouldBe("create");
        Row(job, "online-step/thursday").Str("action").ShouldBe("create");
        Row(job, "park-lane")["warnings"]!.AsArray().Select(w => w!.Str("rule")).ShouldContain(r => r.Contains("postcode district LS6"));
        job["report"]!["unknownTypes"]!["ZZZ"]!.GetValue<int>().ShouldBe(1);
        job["report"]!["fieldsWithoutHome"]!["contact_1_name"]!.GetValue<int>().ShouldBe(1);
        job["report"]!["venues"]!["create"]!.GetValue<int>().ShouldBe(2);
        job["report"]!["groups"]!["create"]!.GetValue<int>().ShouldBe(3, "Headingley Group, and a group for each meeting that names none");

        var meetingId = Row(job, "hbb-tue").Str("meetingId");
        var meeting = await (await Api.Anonymous().GetAsync($"/api/v1/meetings/{meetingId}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);
        meeting.Str("name").ShouldBe("Headingley Big Book");
        meeting["formats"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["BK", "O"], ignoreOrder: true);
        meeting["schedule"]!.Str("startTime").ShouldBe("19:30");
        meeting["schedule"]!["durationMinutes"]!.GetValue<int>().ShouldBe(75);
        meeting.Str("attendance").ShouldBe("in-person");

        // A job succeeds once this instance's search index has its changes: no waiting needed.
        var search = await (await Api.Anonymous().GetAsync($"/api/v1/meetings?q=park+lane+lunchtime&organisation={slug}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);
        search["items"]!.AsArray().Count.ShouldBe(1, "an import reaches search like any other write");
    }

    /// <summary>
    /// Reports are kept compressed (a 100,000-meeting report is 25 MB of JSON); a job that ended before that keeps its
    /// report as JSON text, and is still told with it.
    /// </summary>
    [Fact]
    public async Task The_report_is_kept_compressed_and_one_kept_as_text_before_that_is_still_told()
    {
        var (slug, admin) = await FellowshipAsync();
        var job = await ImportAsync(admin, slug, MeetingGuideFeed);
        var id = Guid.Parse(job.Str("id"));
        var told = job["report"]!.ToJsonString();

        await using (var scope = Api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ImportsDbContext>();
            var stored = await db.Jobs.Where(j => j.Id == id).Select(j => new { j.Report, j.ReportJson }).SingleAsync(Cancellation);
            stored.ReportJson.ShouldBeNull();
            using var text = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(stored.Report!), System.IO.Compression.CompressionMode.Decompress))
            {
                await gzip.CopyToAsync(text, Cancellation);
            }

            stored.Report!.Length.ShouldBeLessThan((int)text.Length, "compressed");
            var json = Encoding.UTF8.GetString(text.ToArray());
            JsonNode.DeepEquals(JsonNode.Parse(json), job["report"]).ShouldBeTrue($"the stored report is the one told: {json}");

            // As a job ended before reports were compressed holds it.
            await db.Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(set => set.SetProperty(j => j.Report, (byte[]?)null).SetProperty(j => j.ReportJson, json), Cancellation);
        }

        var legacy = await JobAsync(admin, $"/api/v1/imports/{id}");
        legacy["report"]!.ToJsonString().ShouldBe(told);
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing_and_says_so()
    {
        var (slug, admin) = await FellowshipAsync();
        var first = await ImportAsync(admin, slug, MeetingGuideFeed);
        var meetingId = Row(first, "hbb-tue").Str("meetingId");
        var tag = await Api.Anonymous().ETagOfAsync($"/api/v1/meetings/{meetingId}");

        var second = await ImportAsync(admin, slug, MeetingGuideFeed);

        Total(second, "create").ShouldBe(0);
        Total(second, "update").ShouldBe(0);
        Total(second, "unchanged").ShouldBe(4);
        second["report"]!["venues"]!["create"]!.GetValue<int>().ShouldBe(0);
        second["report"]!["groups"]!["create"]!.GetValue<int>().ShouldBe(0);
        Row(second, "hbb-tue").Str("meetingId").ShouldBe(meetingId);
        (await Api.Anonymous().ETagOfAsync($"/api/v1/meetings/{meetingId}")).ShouldBe(tag, "an unchanged meeting is not written");
        (await FeedAsync(slug)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_changed_meeting_is_updated_in_place()
    {
        var (slug, admin) = await FellowshipAsync();
        var first = await ImportAsync(admin, slug, MeetingGuideFeed);

        var second = await ImportAsync(admin, slug, MeetingGuideFeed.Replace("\"time\":\"19:30\"", "\"time\":\"20:00\"", StringComparison.Ordinal));

        Row(second, "hbb-tue").Str("action").ShouldBe("update");
        Row(second, "hbb-tue").Str("meetingId").ShouldBe(Row(first, "hbb-tue").Str("meetingId"));
        Total(second, "unchanged").ShouldBe(3);
        var meeting = await (await Api.Anonymous().GetAsync($"/api/v1/meetings/{Row(first, "hbb-tue").Str("meetingId")}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);
        meeting["schedule"]!.Str("startTime").ShouldBe("20:00");
    }

    [Fact]
    public async Task A_dry_run_reports_what_the_real_run_then_does_and_writes_nothing()
    {
        var (slug, admin) = await FellowshipAsync();
        var file = MeetingGuideFeed.Replace("\"time\":\"12:30\"", "\"time\":\"25:00\"", StringComparison.Ordinal);

        var dry = await ImportAsync(admin, slug, file, query: "?dryRun=true");

        dry["dryRun"]!.GetValue<bool>().ShouldBeTrue();
        (await FeedAsync(slug)).Count.ShouldBe(0, "a dry run writes nothing");
        (await (await admin.GetAsync($"/api/v1/venues?organisation={slug}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(0);

        var real = await ImportAsync(admin, slug, file);

        Totals(real).ToJsonString().ShouldBe(Totals(dry).ToJsonString());
        Rows(real).Select(r => (r.Str("slug"), r.Str("action"), r["problems"]!.ToJsonString()))
            .ShouldBe(Rows(dry).Select(r => (r.Str("slug"), r.Str("action"), r["problems"]!.ToJsonString())));
        Row(real, "park-lane").Str("action").ShouldBe("reject");
        (await FeedAsync(slug)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_feed_imported_then_exported_through_the_feed_says_the_same_meetings()
    {
        var (slug, admin) = await FellowshipAsync();
        await ImportAsync(admin, slug, MeetingGuideFeed);

        var exported = (await FeedAsync(slug)).Select(m => m!.AsObject()).ToList();

        var bigBook = exported.Single(m => m.Str("name") == "Headingley Big Book");
        bigBook["day"]!.GetValue<int>().ShouldBe(2);
        bigBook.Str("time").ShouldBe("19:30");
        bigBook.Str("end_time").ShouldBe("20:45");
        bigBook.Str("timezone").ShouldBe("Europe/London");
        bigBook.Str("location").ShouldBe("St Michael's Church Hall");
        bigBook.Str("address").ShouldBe("St Michael's Road");
        bigBook.Str("city").ShouldBe("Leeds");
        bigBook.Str("postal_code").ShouldBe("LS6 3AW");
        bigBook["latitude"]!.GetValue<double>().ShouldBe(53.8196);
        bigBook.Str("group").ShouldBe("Headingley Group");
        bigBook["regions"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["Leeds", "Headingley"]);
        bigBook["types"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["B", "O", "X"], ignoreOrder: true);
        bigBook.Str("notes").ShouldBe("Side door.");

        var online = exported.Where(m => m.Str("name") == "Online Step").ToList();
        online.Select(m => m["day"]!.GetValue<int>()).ShouldBe([1, 4], ignoreOrder: true);
        online.ShouldAllBe(m => m.Str("conference_url") == "https://zoom.us/j/123456789" && m.Str("attendance_option") == "online" && m.Str("time") == "19:00");
    }

    /// <summary>
    /// A feed is written as its listings are read, 1,000 meetings at a time (<c>DirectoryListings.ReadInTurnAsync</c>):
    /// across those reads every meeting is listed once, with its own texts and group, in the feed and in the CSV.
    /// </summary>
    [Fact]
    public async Task A_feed_longer_than_one_read_lists_every_meeting_once_with_its_own_texts()
    {
        const int meetings = 2_500;
        var (slug, admin) = await FellowshipAsync();
        var records = Enumerable.Range(0, meetings).Select(i => new Dictionary<string, object>
        {
            ["slug"] = $"m{i}",
            ["name"] = $"Meeting {i}",
            ["day"] = i % 7,
            ["time"] = "19:00",
            ["timezone"] = "Europe/London",
            ["group"] = $"Group {i / 2}",
            ["notes"] = $"Notes of meeting {i}.",
            ["conference_url"] = $"https://zoom.us/j/{100_000_000 + i}",
            ["attendance_option"] = "online",
        });
        Total(await ImportAsync(admin, slug, JsonSerializer.Serialize(records)), "create").ShouldBe(meetings);

        var listed = (await FeedAsync(slug)).Select(m => m!.AsObject()).ToList();
        listed.Count.ShouldBe(meetings);
        listed.Select(m => m.Str("name")).Distinct().Count().ShouldBe(meetings, "each meeting once");
        foreach (var meeting in listed)
        {
            var i = int.Parse(meeting.Str("name")!["Meeting ".Length..], CultureInfo.InvariantCulture);
            meeting.Str("notes").ShouldBe($"Notes of meeting {i}.");
            meeting.Str("group").ShouldBe($"Group {i / 2}");
        }

        var csv = await (await Api.Anonymous().GetAsync($"/api/v1/organisations/{slug}/feeds/meetings.csv", Cancellation)).Content.ReadAsStringAsync(Cancellation);
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        rows.Count.ShouldBe(meetings);
        rows.ShouldAllBe(row => row.Split(',', StringSplitOptions.None)[3] == $"Meeting {NumberIn(row)}");
    }

    /// <summary>The number of the meeting whose notes a CSV row carries.</summary>
    private static int NumberIn(string csvRow)
    {
        var notes = csvRow.IndexOf("Notes of meeting ", StringComparison.Ordinal);
        notes.ShouldBeGreaterThan(0, csvRow);
        var start = notes + "Notes of meeting ".Length;
        return int.Parse(csvRow[start..csvRow.IndexOf('.', start)], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_platforms_own_csv_imported_back_changes_nothing()
    {
        var (slug, admin) = await FellowshipAsync();
        await ImportAsync(admin, slug, MeetingGuideFeed);
        var csv = await (await Api.Anonymous().GetAsync($"/api/v1/organisations/{slug}/feeds/meetings.csv", Cancellation)).Content.ReadAsStringAsync(Cancellation);

        var job = await ImportAsync(admin, slug, csv, "text/csv");

        job.Str("format").ShouldBe("meeting-guide-csv");
        Total(job, "meetings").ShouldBe(4);
        Total(job, "unchanged").ShouldBe(4, job["report"]!.ToJsonString());
        (await FeedAsync(slug)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_spreadsheet_with_a_byte_order_mark_windows_line_endings_and_quoted_fields_is_read()
    {
        var (slug, admin) = await FellowshipAsync();
        var csv = "\uFEFFDay,Time,End Time,Name,Location,Address,City,Postal Code,Country,Types,Notes,Slug,Timezone,Latitude,Longitude\r\n"
            + "Monday,7:30 PM,8:30 PM,\"Monday Night, Open\",St Mark's,1 Church Street,Leeds,LS6 2AA,United Kingdom,\"Open, Step Study\",\"Ring the bell\r\nthen wait\",mon-1,Europe/London,53.81,-1.56\r\n"
            + "Funday,7:30 PM,8:30 PM,Bad day,St Mark's,1 Church Street,Leeds,LS6 2AA,United Kingdom,,,mon-2,Europe/London,53.81,-1.56\r\n"
            + "Tuesday,7:30 PM,8:30 PM,Ragged\r\n";

        var job = await ImportAsync(admin, slug, csv, "text/csv; charset=utf-8");

        var created = Row(job, "mon-1");
        created.Str("action").ShouldBe("create", job.ToJsonString());
        var meeting = await (await Api.Anonymous().GetAsync($"/api/v1/meetings/{created.Str("meetingId")}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);
        meeting.Str("name").ShouldBe("Monday Night, Open");
        meeting["schedule"]!.Str("startTime").ShouldBe("19:30");
        meeting.Str("description").ShouldBe("Ring the bell\r\nthen wait");
        meeting["formats"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["O", "ST"], ignoreOrder: true);
        var badDay = RowAt(job, 2);
        badDay["problems"]![0]!.Str("field").ShouldBe("Day", "the report names the spreadsheet's column");
        badDay["problems"]![0]!.Str("value").ShouldBe("Funday");
        RowAt(job, 3)["problems"]![0]!.Str("rule").ShouldContain("ragged");
    }

    [Fact]
    public async Task A_bmlt_export_is_recognised_and_read_in_its_own_terms()
    {
        var (slug, admin) = await FellowshipAsync();
        const string bmlt = """
            [{"id_bigint":"4711","meeting_name":"Sunday Survivors","weekday_tinyint":"1","start_time":"18:00:00","duration_time":"01:30:00",
              "time_zone":"Europe/London","formats":"O,ST","venue_type":"1","location_text":"Friends Meeting House","location_street":"6 Mount Street",
              "location_municipality":"Manchester","location_postal_code_1":"M2 5NS","location_nation":"GB","latitude":"53.4786","longitude":"-2.2452",
              "service_body_bigint":"3","published":"1"},
             {"id_bigint":"4712","meeting_name":"Online Saturday","weekday_tinyint":"7","start_time":"09:00:00","duration_time":"01:00:00",
              "time_zone":"Europe/London","formats":"","venue_type":"2","virtual_meeting_link":"https://zoom.us/j/987654321","latitude":"0","longitude":"0","published":"1"}]
            """;

        var job = await ImportAsync(admin, slug, bmlt);

        job.Str("format").ShouldBe("bmlt-json");
        Total(job, "create").ShouldBe(2, job["report"]!.ToJsonString());
        var sunday = await (await Api.Anonymous().GetAsync($"/api/v1/meetings/{Row(job, "4711").Str("meetingId")}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);
        sunday["schedule"]!["recurrence"]!.Str("day").ShouldBe("sunday", "BMLT numbers Sunday 1");
        sunday["schedule"]!["durationMinutes"]!.GetValue<int>().ShouldBe(90);
        var saturday = await (await Api.Anonymous().GetAsync($"/api/v1/meetings/{Row(job, "4712").Str("meetingId")}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);
        saturday["schedule"]!["recurrence"]!.Str("day").ShouldBe("saturday");
        saturday.Str("attendance").ShouldBe("online");
    }

    [Fact]
    public async Task Meetings_the_file_no_longer_has_are_reported_and_closed_only_when_asked()
    {
        var (slug, admin) = await FellowshipAsync();
        var first = await ImportAsync(admin, slug, MeetingGuideFeed);
        var parkLane = Row(first, "park-lane").Str("meetingId");
        var shorter = JsonNode.Parse(MeetingGuideFeed)!.AsArray();
        shorter.RemoveAt(2);

        var reported = await ImportAsync(admin, slug, shorter.ToJsonString());

        Total(reported, "missing").ShouldBe(1);
        Total(reported, "closed").ShouldBe(0);
        reported["report"]!["missing"]![0]!.Str("slug").ShouldBe("park-lane");
        (await (await Api.Anonymous().GetAsync($"/api/v1/meetings/{parkLane}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("status").ShouldBe("active");

        var closed = await ImportAsync(admin, slug, shorter.ToJsonString(), query: "?removeMissing=true");

        Total(closed, "closed").ShouldBe(1);
        (await (await Api.Anonymous().GetAsync($"/api/v1/meetings/{parkLane}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("status").ShouldBe("closed");
        (await FeedAsync(slug)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Rows_that_break_the_rules_are_rejected_by_field_and_the_rest_still_import()
    {
        var (slug, admin) = await FellowshipAsync();
        const string file = """
            [
              {"name":"Good","slug":"good","day":1,"time":"19:00","timezone":"Europe/London","conference_url":"https://zoom.us/j/1","attendance_option":"online"},
              {"name":"Late","slug":"late","day":1,"time":"25:00","timezone":"Europe/London","conference_url":"https://zoom.us/j/2","attendance_option":"online"},
              {"name":"Nowhere zone","slug":"zone","day":1,"time":"19:00","timezone":"Mars/Olympus","conference_url":"https://zoom.us/j/3","attendance_option":"online"},
              {"name":"Day nine","slug":"nine","day":9,"time":"19:00"},
              {"name":"Day true","slug":"true","day":true,"time":"19:00"},
              {"name":"Latitude text","slug":"lat","day":1,"time":"19:00","latitude":"north","longitude":"-1.5"},
              {"name":"Unplaceable","slug":"nowhere","day":1,"time":"19:00","timezone":"Europe/London","address":"1 Main St","city":"Springfield","country":"US"},
              "not a meeting",
              {"name":"Good","slug":"good","day":2,"time":"19:00","timezone":"Europe/London","conference_url":"https://zoom.us/j/1","attendance_option":"online"}
            ]
            """;

        var job = await ImportAsync(admin, slug, file);

        job.Str("status").ShouldBe("succeeded");
        Total(job, "create").ShouldBe(1);
        Total(job, "reject").ShouldBe(8);
        Row(job, "late")["problems"]![0]!.Str("field").ShouldBe("time");
        Row(job, "late")["problems"]![0]!.Str("value").ShouldBe("25:00");
        Row(job, "zone")["problems"]![0]!.Str("field").ShouldBe("timezone");
        RowAt(job, 4)["problems"]![0]!.Str("field").ShouldBe("day");
        RowAt(job, 5)["problems"]![0]!.Str("field").ShouldBe("day");
        RowAt(job, 6)["problems"]![0]!.Str("field").ShouldBe("latitude");
        Row(job, "nowhere")["problems"]![0]!.Str("rule").ShouldContain("Cannot be placed");
        RowAt(job, 8)["problems"]![0]!.Str("rule").ShouldContain("JSON object");
        RowAt(job, 9)["problems"]![0]!.Str("rule").ShouldContain("Row 1 has the same id");
        (await FeedAsync(slug)).Count.ShouldBe(1, "a rejected row writes nothing, not even its venue or group");
        (await (await admin.GetAsync($"/api/v1/groups?organisation={slug}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_group_place_or_id_named_again_further_down_the_file_is_the_one_named_first()
    {
        // Far enough apart to be in different slices when the import reads the file a few meetings at a time.
        var (slug, admin) = await FellowshipAsync();
        static string Meeting(string id, int day, string region) =>
            $$"""{"name":"Meeting {{id}}","slug":"{{id}}","day":{{day}},"time":"19:00","timezone":"Europe/London","group":"Kirkstall Group","regions":["{{region}}"],"location":"Kirkstall Abbey Hall","address":"3 Abbey Road","postal_code":"LS5 3EH","city":"Leeds","latitude":53.82,"longitude":-1.60}""";
        var file = $"[{Meeting("k-1", 1, "Kirkstall")},{Meeting("k-2", 2, "Bramley")},{Meeting("k-3", 3, "Horsforth")},{Meeting("k-4", 4, "Kirkstall")},{Meeting("k-1", 5, "Armley")}]";

        var job = await ImportAsync(admin, slug, file);

        Total(job, "create").ShouldBe(4, job.ToJsonString());
        RowAt(job, 5)["problems"]![0]!.Str("rule").ShouldContain("Row 1 has the same id");
        job["report"]!["venues"]!.AsObject()["create"]!.GetValue<int>().ShouldBe(1);
        job["report"]!["groups"]!.AsObject()["create"]!.GetValue<int>().ShouldBe(1);
        job["report"]!["groups"]!.AsObject()["update"]!.GetValue<int>().ShouldBe(0, "areas added to a group this import created are part of creating it");
        var groups = (await (await admin.GetAsync($"/api/v1/groups?organisation={slug}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
        groups.Count.ShouldBe(1);
        groups[0]!["serviceAreas"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["Kirkstall", "Bramley", "Horsforth"], ignoreOrder: true, "a rejected row's region is not the group's");
        var venueIds = new HashSet<string>();
        foreach (var row in Enumerable.Range(1, 4))
        {
            var meeting = await (await Api.Anonymous().GetAsync($"/api/v1/meetings/{RowAt(job, row).Str("meetingId")}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);
            meeting.Str("groupId").ShouldBe(groups[0]!.Str("id"));
            venueIds.Add(meeting.Str("venueId"));
        }

        venueIds.Count.ShouldBe(1, "one place, however far apart its meetings are in the file");

        var second = await ImportAsync(admin, slug, file);
        Total(second, "unchanged").ShouldBe(4, second.ToJsonString());
        second["report"]!["groups"]!.AsObject()["unchanged"]!.GetValue<int>().ShouldBe(1);
        second["report"]!["venues"]!.AsObject()["unchanged"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Fifty_thousand_rows_with_one_slug_create_one_meeting()
    {
        var (slug, admin) = await FellowshipAsync();
        var rows = Enumerable.Range(0, 50_000).Select(_ => """{"name":"Same","slug":"same","day":1,"time":"19:00","timezone":"Europe/London","conference_url":"https://zoom.us/j/1"}""");

        var job = await ImportAsync(admin, slug, "[" + string.Join(",", rows) + "]");

        Total(job, "create").ShouldBe(1);
        Total(job, "reject").ShouldBe(49_999);
        (await FeedAsync(slug)).Count.ShouldBe(1);
    }

    /// <summary>
    /// A file several times the size of one saved slice (ImportSlices, 1,000 changed rows): in-person meetings at 150
    /// places, run by 260 groups; <paramref name="startTime"/> for the first <paramref name="changedUpTo"/> meetings.
    /// </summary>
    private static string ManyMeetings(int count, int changedUpTo = 0, string startTime = "20:15") =>
        new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject
        {
            ["name"] = $"Meeting {i}",
            ["slug"] = $"m{i}",
            ["day"] = i % 7,
            ["time"] = i < changedUpTo ? startTime : "19:00",
            ["timezone"] = "Europe/London",
            ["group"] = $"Group {i % 260}",
            ["location"] = $"Hall {i % 150}",
            ["address"] = $"{i % 150} High Street",
            ["city"] = "Leeds",
            ["postal_code"] = "LS6 1AA",
            ["latitude"] = 53.80 + (i % 150 * 0.001),
            ["longitude"] = -1.56,
        })]).ToJsonString();

    [Fact]
    public async Task An_import_many_slices_long_is_written_whole_and_updates_and_closes_meetings_in_every_slice()
    {
        var (slug, admin) = await FellowshipAsync();

        var first = await ImportAsync(admin, slug, ManyMeetings(2_600));

        first.Str("status").ShouldBe("succeeded");
        Total(first, "create").ShouldBe(2_600);
        first["report"]!["venues"]!.AsObject()["create"]!.GetValue<int>().ShouldBe(150);
        first["report"]!["groups"]!.AsObject()["create"]!.GetValue<int>().ShouldBe(260);
        (await FeedAsync(slug)).Count.ShouldBe(2_600);

        // Changes in the first, second and third slices, and the last 400 meetings gone from the file.
        var second = await ImportAsync(admin, slug, ManyMeetings(2_200, changedUpTo: 2_100), query: "?removeMissing=true");

        Total(second, "update").ShouldBe(2_100);
        Total(second, "unchanged").ShouldBe(100);
        Total(second, "closed").ShouldBe(400);
        foreach (var changed in new[] { "m0", "m1500", "m2099" })
        {
            var meeting = await (await Api.Anonymous().GetAsync($"/api/v1/meetings/{Row(first, changed).Str("meetingId")}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);
            meeting["schedule"]!.Str("startTime").ShouldBe("20:15", changed);
        }

        var lastClosed = await (await Api.Anonymous().GetAsync($"/api/v1/meetings/{Row(first, "m2599").Str("meetingId")}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);
        lastClosed.Str("status").ShouldBe("closed");
        (await FeedAsync(slug)).Count.ShouldBe(2_200);

        var third = await ImportAsync(admin, slug, ManyMeetings(2_200, changedUpTo: 2_100));
        Total(third, "unchanged").ShouldBe(2_200);
    }

    [Fact]
    public async Task A_dry_run_many_slices_long_leaves_nothing_behind()
    {
        var (slug, admin) = await FellowshipAsync();
        var changesBefore = await ChangeFeedClient.EndAsync(Api.Anonymous());

        var dry = await ImportAsync(admin, slug, ManyMeetings(2_600), query: "?dryRun=true");

        Total(dry, "create").ShouldBe(2_600);
        (await FeedAsync(slug)).Count.ShouldBe(0, "the slices saved on the way are rolled back with the rest");
        (await (await admin.GetAsync($"/api/v1/venues?organisation={slug}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(0);
        (await (await admin.GetAsync($"/api/v1/groups?organisation={slug}", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK))["items"]!.AsArray().Count.ShouldBe(0);
        var (changes, _) = await ChangeFeedClient.DrainAsync(Api.Anonymous(), changesBefore, 1000);
        changes.Where(c => c.Organisation == slug).ShouldBeEmpty("nor is any change announced");
    }

    [Fact]
    public async Task Identical_meetings_in_one_file_are_reported_as_likely_duplicates()
    {
        var (slug, admin) = await FellowshipAsync();
        const string file = """
            [{"name":"Twin","slug":"a","day":1,"time":"19:00","timezone":"Europe/London","conference_url":"https://zoom.us/j/5"},
             {"name":"Twin","slug":"b","day":1,"time":"19:00","timezone":"Europe/London","conference_url":"https://zoom.us/j/5"}]
            """;

        var job = await ImportAsync(admin, slug, file);

        Total(job, "create").ShouldBe(2);
        job["report"]!["likelyDuplicates"]![0]!["rows"]!.AsArray().Select(r => r!.GetValue<int>()).ShouldBe([1, 2]);
    }

    public static TheoryData<string, string, string> UnreadableFiles() => new()
    {
        { "application/json", "{not json", "not valid JSON" },
        { "application/json", """{"name":"an object, not a list"}""", "JSON object" },
        { "application/json", "42", "JSON number" },
        { "text/csv", "Name,Time\nMonday meeting,19:00\n", "no Day column" },
        { "text/csv", "Day,Time,Name\nMonday,19:00,\"never closed\n", "stops being CSV" },
        { "text/csv", "", "empty" },
    };

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public async Task A_file_that_cannot_be_read_is_a_400_naming_the_problem_and_queues_nothing(string mediaType, string file, string expected)
    {
        var (slug, admin) = await FellowshipAsync();

        var response = await admin.PostAsync(ImportsOf(slug), Body(file, mediaType), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.ToJsonString().ShouldContain(expected);

        // Nothing queued: the organisation can import at once.
        await ImportAsync(admin, slug, "[]");
    }

    [Fact]
    public async Task An_unknown_format_parameter_is_a_400_naming_it()
    {
        var (slug, admin) = await FellowshipAsync();

        var problem = await (await admin.PostAsync(ImportsOf(slug) + "?format=xml", Body("[]"), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]!["format"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Remove_missing_with_an_empty_file_is_refused_before_it_can_close_everything()
    {
        var (slug, admin) = await FellowshipAsync();
        await ImportAsync(admin, slug, MeetingGuideFeed);

        var problem = await (await admin.PostAsync(ImportsOf(slug) + "?removeMissing=true", Body("[]"), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]!["removeMissing"].ShouldNotBeNull();
        (await FeedAsync(slug)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_body_in_another_format_is_a_415()
    {
        var (slug, admin) = await FellowshipAsync();

        (await admin.PostAsync(ImportsOf(slug), Body("<meetings/>", "application/xml"), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var problem = await (await admin.PostAsync(ImportsOf(slug), new ByteArrayContent("[]"u8.ToArray()), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem.Str("detail").ShouldContain("text/csv");
    }

    [Fact]
    public async Task A_file_over_ten_megabytes_is_a_413_and_one_under_it_is_taken()
    {
        var (slug, admin) = await FellowshipAsync();
        var padding = new string(' ', 11 * 1024 * 1024);

        (await (await admin.PostAsync(ImportsOf(slug), Body("[" + padding + "]"), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge))
            .Str("detail").ShouldContain("10485760");

        // Above the API's usual 1 MB, within the import's 10 MB.
        var job = await ImportAsync(admin, slug, "[" + new string(' ', 2 * 1024 * 1024) + "]");
        job.Str("status").ShouldBe("succeeded");
    }

    [Fact]
    public async Task A_chunked_body_over_ten_megabytes_is_a_413_too()
    {
        var (slug, admin) = await FellowshipAsync();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("[" + new string(' ', 11 * 1024 * 1024) + "]")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, ImportsOf(slug)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await admin.SendAsync(request, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Only_the_organisations_admins_import_and_see_its_imports()
    {
        var (slug, admin) = await FellowshipAsync();
        var job = await ImportAsync(admin, slug, MeetingGuideFeed);
        var location = $"/api/v1/imports/{job.Str("id")}";
        var editor = Api.WithKey(await Api.CreateKeyAsync(slug, "editor"));
        var other = await Api.CreateOrganisationAsync();
        var otherAdmin = Api.WithKey(await Api.CreateKeyAsync(other, "org-admin"));

        (await Api.Anonymous().PostAsync(ImportsOf(slug), Body("[]"), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await (await editor.PostAsync(ImportsOf(slug), Body("[]"), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await otherAdmin.PostAsync(ImportsOf(slug), Body("[]"), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await otherAdmin.GetAsync(location, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await editor.GetAsync(location, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.PostAsync(ImportsOf("no-such-organisation"), Body("[]"), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await Api.PlatformAdmin().GetAsync(location, Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("organisation").ShouldBe(slug);
    }

    [Fact]
    public async Task A_treatment_service_has_no_directory_to_import_into()
    {
        var service = await Api.CreateOrganisationAsync("treatment-service");

        await (await Api.PlatformAdmin().PostAsync(ImportsOf(service), Body("[]"), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_unknown_import_is_a_404()
    {
        await (await Api.PlatformAdmin().GetAsync($"/api/v1/imports/{Guid.NewGuid()}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_report_holds_no_contact_details_from_the_file()
    {
        var (slug, admin) = await FellowshipAsync();

        var job = await ImportAsync(admin, slug, MeetingGuideFeed);

        job.ToJsonString().ShouldNotContain("A. Person");
        job.ToJsonString().ShouldNotContain("0113 496 0000");
    }
}

public sealed class ImportTestsOnSqlite(SqliteApiFactory api) : ImportTests<SqliteApiFactory>(api);

/// <summary>
/// The embedded default reading, planning and writing imports two meetings at a time: every test above then crosses
/// slices, where an id repeated, a place or group named again, a likely duplicate or a missing meeting must be found
/// as it is within one slice.
/// </summary>
public sealed class SqliteApiFactoryInSmallSlices : DataFolderApiFactory
{
    public SqliteApiFactoryInSmallSlices() => Settings["Imports:MeetingsPerSlice"] = "2";
}

public sealed class ImportTestsInSmallSlicesOnSqlite(SqliteApiFactoryInSmallSlices api) : ImportTests<SqliteApiFactoryInSmallSlices>(api);
