using System.Net.Http.Headers;
using System.Text;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests;

/// <summary>
/// Input written to break the server rather than to use it: merge patches with text JSON cannot carry,
/// and dates at the ends of the calendar. Each is a 400 naming what was wrong, never a 500.
/// </summary>
public abstract class HostileInputTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    /// <summary>"\udc00": half a UTF-16 surrogate pair, which no string can hold.</summary>
    private const string LoneSurrogate = "\"\\udc00\"";

    // ---- Merge patches are read as strictly as PUT bodies ----------------------------------

    /// <summary>Each kind of resource that takes a merge patch.</summary>
    public static TheoryData<string> PatchableResources() => ["organisation", "venue", "group", "meeting"];

    [Theory]
    [MemberData(nameof(PatchableResources))]
    public async Task A_lone_surrogate_in_a_merge_patch_is_a_400_naming_the_field(string resource)
    {
        var (url, field) = await PatchableAsync(resource);

        var response = await PatchAsync(url, Encoding.UTF8.GetBytes($$"""{"{{field}}":{{LoneSurrogate}}}"""));

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Theory]
    [MemberData(nameof(PatchableResources))]
    public async Task A_duplicate_key_in_a_merge_patch_is_a_400_naming_the_field(string resource)
    {
        var (url, field) = await PatchableAsync(resource);

        var response = await PatchAsync(url, Encoding.UTF8.GetBytes($$"""{"{{field}}":"a","{{field}}":"b"}"""));

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Theory]
    [MemberData(nameof(PatchableResources))]
    public async Task Invalid_utf8_in_a_merge_patch_is_a_400_naming_the_field_and_nothing_is_stored(string resource)
    {
        var (url, field) = await PatchableAsync(resource);

        // 0xC3 opens a two-byte sequence; '(' cannot continue it.
        byte[] body = [.. Encoding.UTF8.GetBytes($$"""{"{{field}}":"a"""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")];
        var response = await PatchAsync(url, body);

        await response.ShouldBeValidationProblemAsync(field);
        var stored = await (await Api.PlatformAdmin().GetAsync(url, Cancellation)).Content.ReadAsStringAsync(Cancellation);
        stored.ShouldNotContain("\uFFFD");
        stored.ShouldNotContain("\\uFFFD", Case.Insensitive);
    }

    [Fact]
    public async Task A_bad_value_inside_a_nested_object_of_a_merge_patch_is_named_by_its_path()
    {
        var (url, _) = await PatchableAsync("meeting");

        var surrogate = await PatchAsync(url, Encoding.UTF8.GetBytes($$$"""{"schedule":{"timeZone":{{{LoneSurrogate}}}}}"""));
        var duplicate = await PatchAsync(url, Encoding.UTF8.GetBytes("""{"schedule":{"endTime":"21:00","endTime":"22:00"}}"""));

        await surrogate.ShouldBeValidationProblemAsync("schedule.timeZone");
        await duplicate.ShouldBeValidationProblemAsync("schedule.endTime");
    }

    [Fact]
    public async Task A_duplicate_key_in_a_post_or_put_body_is_a_400_naming_the_field_too()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var admin = Api.PlatformAdmin();

        var created = await admin.PostAsync(
            "/api/v1/organisations",
            HttpAssertions.Json("""{"slug":"twice-named","name":"First","name":"Second","kind":"fellowship"}"""),
            Cancellation);
        using var replace = await admin.ConditionalAsync(HttpMethod.Put, $"/api/v1/organisations/{slug}", HttpAssertions.Json("""{"name":"First","Name":"Second"}"""));
        var replaced = await admin.SendAsync(replace, Cancellation);

        await created.ShouldBeValidationProblemAsync("name");
        await replaced.ShouldBeValidationProblemAsync("Name");
    }

    // ---- Dates and instants stay within the supported calendar, 1900-01-01 to 2999-12-31 ------

    [Theory]
    [InlineData("at=9999-12-31T23:59:59Z", "at")]
    [InlineData("at=0001-01-01T00:00:00Z", "at")]
    [InlineData("at=9999-12-31T23:59:59Z&startingWithin=P7D", "at")]
    [InlineData("at=0001-01-01T00:00:00Z&inProgress=true", "at")]
    [InlineData("at=3000-01-01T00:00:00Z", "at")]
    [InlineData("at=2999-12-31T23:00:00-05:00", "at")]
    [InlineData("updatedSince=0001-01-01T00:00:00Z", "updatedSince")]
    [InlineData("updatedSince=9999-12-31T23:59:59Z", "updatedSince")]
    public async Task A_search_instant_outside_the_supported_calendar_is_a_400_naming_it(string query, string parameter)
    {
        // The search answers from its index of meetings, so there must be one to look at.
        await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(await Api.CreateGroupAsync(await Api.CreateOrganisationAsync())));

        var response = await Api.Anonymous().GetAsync($"{MeetingArrangement.Meetings}?{query}", Cancellation);

        await ShouldNameTheSupportedCalendarAsync(response, parameter);
    }

    [Fact]
    public async Task A_search_at_either_edge_of_the_supported_calendar_is_answered()
    {
        await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(await Api.CreateGroupAsync(await Api.CreateOrganisationAsync())));
        using var anonymous = Api.Anonymous();

        var last = await anonymous.GetAsync($"{MeetingArrangement.Meetings}?at=2999-12-31T23:59:59Z&startingWithin=P7D", Cancellation);
        var first = await anonymous.GetAsync($"{MeetingArrangement.Meetings}?at=1900-01-01T00:00:00Z&inProgress=true", Cancellation);
        var beyond = await anonymous.GetAsync($"{MeetingArrangement.Meetings}?at=3000-01-01T00:00:00Z&startingWithin=P7D", Cancellation);

        await last.ShouldBeJsonAsync();
        await first.ShouldBeJsonAsync();
        await ShouldNameTheSupportedCalendarAsync(beyond, "at");
    }

    [Theory]
    [InlineData("from=9999-12-31T00:00:00Z", "from")]
    [InlineData("from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z", "from")]
    [InlineData("from=9999-12-30T00:00:00Z&to=9999-12-31T00:00:00Z", "to")]
    public async Task An_occurrence_range_outside_the_supported_calendar_is_a_400_naming_it(string query, string parameter)
    {
        var url = await MeetingUrlAsync();

        var response = await Api.Anonymous().GetAsync($"{url}/occurrences?{query}", Cancellation);

        await ShouldNameTheSupportedCalendarAsync(response, parameter);
    }

    [Fact]
    public async Task Occurrences_from_the_last_day_of_the_supported_calendar_are_listed()
    {
        var url = await MeetingUrlAsync();

        // Tuesday 31 December 2999: the default 28 days reach into 3000, which is still only arithmetic.
        var response = await Api.Anonymous().GetAsync($"{url}/occurrences?from=2999-12-31T00:00:00Z", Cancellation);
        var beyond = await Api.Anonymous().GetAsync($"{url}/occurrences?from=3000-01-01T00:00:00Z", Cancellation);

        var occurrences = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!.AsArray();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        occurrences.Count.ShouldBe(4);
        await ShouldNameTheSupportedCalendarAsync(beyond, "from");
    }

    [Theory]
    [InlineData("/api/v1/audit?from=0001-01-01T00:00:00Z", "from")]
    [InlineData("/api/v1/audit?to=9999-12-31T23:59:59Z", "to")]
    [InlineData("/api/v1/groups?verifiedBefore=0001-01-01T00:00:00Z", "verifiedBefore")]
    [InlineData("/api/v1/groups?verifiedBefore=9999-12-31T23:59:59Z", "verifiedBefore")]
    public async Task A_list_filter_outside_the_supported_calendar_is_a_400_naming_it(string url, string parameter)
    {
        var response = await Api.PlatformAdmin().GetAsync(url, Cancellation);

        await ShouldNameTheSupportedCalendarAsync(response, parameter);
    }

    [Theory]
    [InlineData("""{"schedule":{"validFrom":"0001-01-01"}}""", "schedule.validFrom")]
    [InlineData("""{"schedule":{"validUntil":"9999-12-31"}}""", "schedule.validUntil")]
    [InlineData("""{"schedule":{"recurrence":{"kind":"every-n-weeks","day":"tuesday","intervalWeeks":2,"anchorDate":"9999-12-28"}}}""", "schedule.recurrence.anchorDate")]
    [InlineData("""{"schedule":{"recurrence":{"kind":"every-n-weeks","day":"tuesday","intervalWeeks":2,"anchorDate":"0001-01-02"}}}""", "schedule.recurrence.anchorDate")]
    [InlineData("""{"status":"temporarily-suspended","resumesOn":"9999-12-31"}""", "resumesOn")]
    public async Task A_meeting_date_outside_the_supported_calendar_is_a_400_naming_it_in_post_and_patch(string change, string field)
    {
        var groupId = await Api.CreateGroupAsync(await Api.CreateOrganisationAsync());
        var body = MeetingArrangement.MeetingBody(groupId);
        var patch = JsonNode.Parse(change)!.AsObject();
        MergeInto(body, patch);
        using var admin = Api.PlatformAdmin();
        var url = await MeetingUrlAsync();

        var created = await admin.PostAsync(MeetingArrangement.Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation);
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, url, HttpAssertions.Json(patch.ToJsonString(), AccessArrangement.MergePatchMediaType));
        var patched = await admin.SendAsync(request, Cancellation);

        await ShouldNameTheSupportedCalendarAsync(created, field);
        await ShouldNameTheSupportedCalendarAsync(patched, field);
    }

    [Fact]
    public async Task An_exception_date_outside_the_supported_calendar_is_a_400_naming_it()
    {
        var url = await MeetingUrlAsync();
        using var admin = Api.PlatformAdmin();

        // Tuesdays, as the meeting is, so only the calendar can object.
        var cancelled = await admin.PostAsync($"{url}/cancellations", HttpAssertions.Json(new { date = "9999-12-28" }), Cancellation);
        var changed = await admin.PostAsync($"{url}/changes", HttpAssertions.Json(new { date = "0001-01-02", startTime = "18:00" }), Cancellation);
        var restored = await admin.DeleteAsync($"{url}/exceptions/9999-12-28", Cancellation);

        await ShouldNameTheSupportedCalendarAsync(cancelled, "date");
        await ShouldNameTheSupportedCalendarAsync(changed, "date");
        await ShouldNameTheSupportedCalendarAsync(restored, "date");
    }

    [Fact]
    public async Task An_api_key_expiry_outside_the_supported_calendar_is_a_400_naming_it()
    {
        var slug = await Api.CreateOrganisationAsync();

        var response = await Api.PlatformAdmin().PostAsync(
            $"/api/v1/organisations/{slug}/api-keys",
            HttpAssertions.Json(new { name = "forever", role = "reader", expiresAt = "9999-12-31T23:59:59Z" }),
            Cancellation);

        await ShouldNameTheSupportedCalendarAsync(response, "expiresAt");
    }

    /// <summary>A 400 naming <paramref name="field"/>, whose message states the supported range.</summary>
    private static async Task ShouldNameTheSupportedCalendarAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.ShouldBeValidationProblemAsync(field);
        var messages = string.Join(" ", problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));
        messages.ShouldContain("1900-01-01");
        messages.ShouldContain("2999-12-31");
    }

    /// <summary>A weekly Tuesday meeting, online, of an organisation of its own.</summary>
    private async Task<string> MeetingUrlAsync() =>
        $"{MeetingArrangement.Meetings}/{await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(await Api.CreateGroupAsync(await Api.CreateOrganisationAsync())))}";

    /// <summary>Copies the change's members into the body, object by object.</summary>
    private static void MergeInto(JsonObject target, JsonObject change)
    {
        foreach (var (name, value) in change)
        {
            if (target[name] is JsonObject inner && value is JsonObject nested)
            {
                MergeInto(inner, nested);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    /// <summary>Creates a resource of the kind and returns its URL and a free-text field a patch may set.</summary>
    private async Task<(string Url, string Field)> PatchableAsync(string resource)
    {
        var slug = await Api.CreateOrganisationAsync();
        switch (resource)
        {
            case "organisation":
                return ($"/api/v1/organisations/{slug}", "description");
            case "venue":
                return ($"/api/v1/venues/{await Api.CreateVenueAsync(slug)}", "directions");
            case "group":
                return ($"/api/v1/groups/{await Api.CreateGroupAsync(slug)}", "description");
            default:
                var meeting = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(await Api.CreateGroupAsync(slug)));
                return ($"{MeetingArrangement.Meetings}/{meeting}", "description");
        }
    }

    /// <summary>A merge patch of raw bytes, as a platform admin, with the current ETag.</summary>
    private async Task<HttpResponseMessage> PatchAsync(string url, byte[] body)
    {
        using var admin = Api.PlatformAdmin();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(AccessArrangement.MergePatchMediaType);
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, url, content);
        return await admin.SendAsync(request, Cancellation);
    }

    [Theory]
    [InlineData("application/json; charset=nonsense")]
    [InlineData("application/json; charset=\"utf-99\"")]
    public async Task A_body_in_a_charset_the_server_cannot_read_is_a_415_problem(string contentType)
    {
        var content = new StringContent("{\"slug\":\"charset-test\",\"name\":\"Charset\",\"kind\":\"fellowship\"}");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType).ShouldBeTrue();

        var response = await Api.PlatformAdmin().PostAsync("/api/v1/organisations", content, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem["detail"]!.GetValue<string>().ShouldContain("UTF-8");
    }

    [Fact]
    public async Task A_body_in_utf_8_named_as_such_is_read()
    {
        var content = new StringContent("{\"slug\":\"charset-utf8\",\"name\":\"Charset\",\"kind\":\"fellowship\"}");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=UTF-8").ShouldBeTrue();

        var response = await Api.PlatformAdmin().PostAsync("/api/v1/organisations", content, Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}

public sealed class HostileInputTestsOnSqlite(SqliteApiFactory api) : HostileInputTests<SqliteApiFactory>(api);
