using RecoveryPlatform.IntegrationTests.Access;

namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>Meetings through HTTP: creating each kind, the validation rules, references to other organisations' records, If-Match, access and audit.</summary>
public abstract class MeetingsTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Meetings = MeetingArrangement.Meetings;

    private async Task<(string Slug, HttpClient Editor, string GroupId, string VenueId)> FellowshipAsync()
    {
        var slug = await Api.CreateOrganisationAsync();
        var editor = Api.WithKey(await Api.CreateKeyAsync(slug, "editor"));
        var groupId = await Api.CreateGroupAsync(slug, "Headingley Group");
        var venueId = await Api.CreateVenueAsync(slug, "Headingley Hall");
        await Api.CreateFormatAsync(slug, "O", "Open");
        await Api.CreateFormatAsync(slug, "B", "Big Book", "literature");
        return (slug, editor, groupId, venueId);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, JsonObject? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = HttpAssertions.Json(body.ToJsonString(), method == HttpMethod.Patch ? AccessArrangement.MergePatchMediaType : "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request, Cancellation);
    }

    private static void ShouldHaveNextOccurrence(JsonObject meeting)
    {
        var next = meeting["nextOccurrence"]!.AsObject();
        next.Str("startsAt").ShouldNotBeNullOrWhiteSpace();
        next.Str("localStart").ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$");
        next.Str("utcOffset").ShouldMatch(@"^[+-]\d{2}:\d{2}$");
    }

    // ---- Create ----------------------------------------------------------------------------

    [Fact]
    public async Task An_editor_creates_an_in_person_meeting()
    {
        var (slug, editor, groupId, venueId) = await FellowshipAsync();
        var body = MeetingArrangement.MeetingBody(groupId, "Headingley Tuesday Big Book", venueId: venueId, formats: ["O", "B"]);

        var response = await editor.PostAsync(Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation);

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        var id = created.Str("id");
        response.Headers.Location!.ToString().ShouldBe($"{Meetings}/{id}");
        response.Headers.ETag.ShouldNotBeNull();
        created.Str("name").ShouldBe("Headingley Tuesday Big Book");
        created.Str("attendance").ShouldBe("in-person");
        created.Str("venueId").ShouldBe(venueId);
        created.Str("groupId").ShouldBe(groupId);
        created["online"].ShouldBeNull();
        created["schedule"].Str("startTime").ShouldBe("19:30");
        created["schedule"].Str("endTime").ShouldBe("20:30");
        created["schedule"]!["recurrence"].Str("day").ShouldBe("tuesday");
        created["formats"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["O", "B"]);
        created.Str("status").ShouldBe("active");
        ShouldHaveNextOccurrence(created);
        created["nextOccurrence"].Str("localStart").ShouldEndWith("T19:30");

        var read = await Api.Anonymous().GetAsync(response.Headers.Location, Cancellation);
        (await read.ShouldBeJsonAsync()).Str("name").ShouldBe("Headingley Tuesday Big Book");
        read.Headers.ETag!.Tag.ShouldBe(response.Headers.ETag!.Tag);
        slug.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task An_editor_creates_an_online_meeting()
    {
        var (_, editor, groupId, _) = await FellowshipAsync();

        var response = await editor.PostAsync(Meetings, HttpAssertions.Json(MeetingArrangement.MeetingBody(groupId, "Online Lunchtime", day: "friday", startTime: "12:00").ToJsonString()), Cancellation);

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"{Meetings}/{created.Str("id")}");
        response.Headers.ETag.ShouldNotBeNull();
        created.Str("attendance").ShouldBe("online");
        created["venueId"].ShouldBeNull();
        created["online"].Str("url").ShouldBe("https://meet.example.org/room");
        ShouldHaveNextOccurrence(created);
        created["nextOccurrence"].Str("localStart").ShouldEndWith("T12:00");
    }

    [Fact]
    public async Task An_editor_creates_a_hybrid_meeting()
    {
        var (_, editor, groupId, venueId) = await FellowshipAsync();

        var response = await editor.PostAsync(Meetings, HttpAssertions.Json(MeetingArrangement.MeetingBody(groupId, "Hybrid Sunday", day: "sunday", startTime: "10:00", venueId: venueId, attendance: "hybrid").ToJsonString()), Cancellation);

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        response.Headers.Location.ShouldNotBeNull();
        response.Headers.ETag.ShouldNotBeNull();
        created.Str("attendance").ShouldBe("hybrid");
        created.Str("venueId").ShouldBe(venueId);
        created["online"].Str("url").ShouldBe("https://meet.example.org/room");
        ShouldHaveNextOccurrence(created);
    }

    // ---- Validation ------------------------------------------------------------------------

    public static TheoryData<string, string> InvalidChanges() => new()
    {
        { """{"attendance":"in-person","venueId":null,"online":null}""", "venueId" },
        { """{"attendance":"online","venueId":null,"online":null}""", "online" },
        { """{"online":{"url":"not a url"}}""", "online.url" },
        // Six characters as sent, five once trimmed as it would be stored: the rule holds for what is stored.
        { """{"online":{"url":null,"phone":" 359)7"}}""", "online.phone" },
        { """{"schedule":{"durationMinutes":1441}}""", "schedule.durationMinutes" },
        { """{"schedule":{"startTime":"25:00"}}""", "schedule.startTime" },
        { """{"schedule":{"timeZone":"Mars/Olympus"}}""", "schedule.timeZone" },
        { """{"schedule":{"recurrence":{"kind":"every-n-weeks","day":"tuesday","intervalWeeks":2,"anchorDate":"2026-12-02"}}}""", "schedule.recurrence.anchorDate" },
        { """{"schedule":{"recurrence":{"kind":"monthly","day":"tuesday","weekOfMonth":6}}}""", "schedule.recurrence.weekOfMonth" },
        { """{"schedule":{"validFrom":"2027-03-01","validUntil":"2027-02-01"}}""", "schedule.validUntil" },
        { """{"formats":["NOPE"]}""", "formats" },
        { """{"languages":["english"]}""", "languages" },
        { """{"languages":["en","qq"]}""", "languages" },
        { """{"attendance":"telepathy"}""", "attendance" },
    };

    /// <summary>Each change is merged into a valid online Tuesday meeting body before it is posted.</summary>
    [Theory]
    [MemberData(nameof(InvalidChanges))]
    public async Task Creating_an_invalid_meeting_is_a_400_naming_the_field(string change, string field)
    {
        var (_, editor, groupId, _) = await FellowshipAsync();
        var body = MeetingArrangement.MeetingBody(groupId);
        Merge(body, JsonNode.Parse(change)!.AsObject());

        var response = await editor.PostAsync(Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation);

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_null_language_is_a_400_naming_languages_in_post_put_and_patch()
    {
        var (_, editor, groupId, _) = await FellowshipAsync();
        var url = $"{Meetings}/{(await editor.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId)))!.Str("id")}";
        var etag = await editor.ETagOfAsync(url);
        var withNullLanguage = MeetingArrangement.MeetingBody(groupId);
        withNullLanguage["languages"] = new JsonArray((JsonNode?)null);

        var created = await SendAsync(editor, HttpMethod.Post, Meetings, withNullLanguage.DeepClone().AsObject());
        var replaced = await SendAsync(editor, HttpMethod.Put, url, withNullLanguage.DeepClone().AsObject(), etag);
        var patched = await SendAsync(editor, HttpMethod.Patch, url, new JsonObject { ["languages"] = new JsonArray("en", null) }, etag);

        await created.ShouldBeValidationProblemAsync("languages");
        await replaced.ShouldBeValidationProblemAsync("languages");
        await patched.ShouldBeValidationProblemAsync("languages");
    }

    [Fact]
    public async Task A_schedule_that_can_never_occur_is_a_400()
    {
        var (_, editor, groupId, _) = await FellowshipAsync();
        var body = MeetingArrangement.MeetingBody(groupId, day: "friday");

        // Monday 7 to Wednesday 9 December 2026: no Friday.
        Merge(body, JsonNode.Parse("""{"schedule":{"validFrom":"2026-12-07","validUntil":"2026-12-09"}}""")!.AsObject());
        var response = await editor.PostAsync(Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldContain(k => k.StartsWith("schedule", StringComparison.Ordinal), problem.ToJsonString());
    }

    [Fact]
    public async Task A_venue_of_another_organisation_is_a_422()
    {
        var (_, editor, groupId, _) = await FellowshipAsync();
        var other = await Api.CreateOrganisationAsync();
        var foreignVenue = await Api.CreateVenueAsync(other, "Someone else's hall");

        var response = await editor.PostAsync(Meetings, HttpAssertions.Json(MeetingArrangement.MeetingBody(groupId, venueId: foreignVenue).ToJsonString()), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_group_of_another_organisation_is_a_404()
    {
        var (_, editor, _, _) = await FellowshipAsync();
        var other = await Api.CreateOrganisationAsync();
        var foreignGroup = await Api.CreateGroupAsync(other, "Someone else's group");

        var response = await editor.PostAsync(Meetings, HttpAssertions.Json(MeetingArrangement.MeetingBody(foreignGroup).ToJsonString()), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    // ---- Concurrency -----------------------------------------------------------------------

    [Fact]
    public async Task Replacing_and_patching_need_the_current_etag()
    {
        var (_, editor, groupId, _) = await FellowshipAsync();
        var created = await editor.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId, "Before"));
        var url = $"{Meetings}/{created.Str("id")}";
        var original = await editor.ETagOfAsync(url);

        await (await SendAsync(editor, HttpMethod.Put, url, MeetingArrangement.MeetingBody(groupId, "No etag"))).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await SendAsync(editor, HttpMethod.Patch, url, new JsonObject { ["name"] = "No etag" })).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await SendAsync(editor, HttpMethod.Delete, url)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);

        var replaced = await SendAsync(editor, HttpMethod.Put, url, MeetingArrangement.MeetingBody(groupId, "Replaced"), original);
        (await replaced.ShouldBeJsonAsync()).Str("name").ShouldBe("Replaced");
        replaced.Headers.ETag!.Tag.ShouldNotBe(original);

        await (await SendAsync(editor, HttpMethod.Patch, url, new JsonObject { ["name"] = "Stale" }, original)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await SendAsync(editor, HttpMethod.Put, url, MeetingArrangement.MeetingBody(groupId, "Stale"), original)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await SendAsync(editor, HttpMethod.Delete, url, ifMatch: original)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);

        var patched = await SendAsync(editor, HttpMethod.Patch, url, new JsonObject { ["schedule"] = new JsonObject { ["startTime"] = "19:00" } }, replaced.Headers.ETag!.Tag);
        var body = await patched.ShouldBeJsonAsync();
        body.Str("name").ShouldBe("Replaced");
        body["schedule"].Str("startTime").ShouldBe("19:00");
        body["schedule"].Str("endTime").ShouldBe("20:00");

        (await Api.Anonymous().GetAsync(url, Cancellation)).Headers.ETag!.Tag.ShouldBe(patched.Headers.ETag!.Tag);
        (await SendAsync(editor, HttpMethod.Delete, url, ifMatch: patched.Headers.ETag!.Tag)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await Api.Anonymous().GetAsync(url, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Of_two_concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        var (slug, editor, groupId, _) = await FellowshipAsync();
        using var second = Api.WithKey(await Api.CreateKeyAsync(slug, "editor"));
        var url = $"{Meetings}/{(await editor.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId)))!.Str("id")}";
        var etag = await editor.ETagOfAsync(url);

        var responses = await Task.WhenAll(
            SendAsync(editor, HttpMethod.Patch, url, new JsonObject { ["name"] = "First writer" }, etag),
            SendAsync(second, HttpMethod.Patch, url, new JsonObject { ["name"] = "Second writer" }, etag));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1, string.Join(", ", responses.Select(r => r.StatusCode)));
        var loser = responses.Single(r => r.StatusCode != HttpStatusCode.OK);
        await loser.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ShouldBeJsonAsync();
        (await (await Api.Anonymous().GetAsync(url, Cancellation)).ShouldBeJsonAsync()).Str("name").ShouldBe(winner.Str("name"));
    }

    [Fact]
    public async Task Patching_only_the_end_time_changes_the_length()
    {
        var (_, editor, groupId, _) = await FellowshipAsync();
        var url = $"{Meetings}/{(await editor.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId)))!.Str("id")}";

        var response = await SendAsync(editor, HttpMethod.Patch, url, new JsonObject { ["schedule"] = new JsonObject { ["endTime"] = "21:00" } }, await editor.ETagOfAsync(url));

        var body = await response.ShouldBeJsonAsync();
        body["schedule"].Str("startTime").ShouldBe("19:30");
        body["schedule"].Str("endTime").ShouldBe("21:00");
        body["schedule"]!["durationMinutes"]!.GetValue<int>().ShouldBe(90);
    }

    // ---- Access ----------------------------------------------------------------------------

    [Fact]
    public async Task Another_organisations_editor_gets_404_a_reader_403_and_the_anonymous_401()
    {
        var (slug, editor, groupId, _) = await FellowshipAsync();
        var url = $"{Meetings}/{(await editor.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId, "Kept")))!.Str("id")}";
        var etag = await editor.ETagOfAsync(url);
        using var outsider = Api.WithKey(await Api.CreateKeyAsync(await Api.CreateOrganisationAsync(), "editor"));
        using var reader = Api.WithKey(await Api.CreateKeyAsync(slug, "reader"));
        using var anonymous = Api.Anonymous();

        await (await SendAsync(outsider, HttpMethod.Put, url, MeetingArrangement.MeetingBody(groupId, "Taken"), etag)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await SendAsync(outsider, HttpMethod.Patch, url, new JsonObject { ["name"] = "Taken" }, etag)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await SendAsync(outsider, HttpMethod.Delete, url, ifMatch: etag)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        await (await SendAsync(reader, HttpMethod.Put, url, MeetingArrangement.MeetingBody(groupId, "Taken"), etag)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await SendAsync(reader, HttpMethod.Patch, url, new JsonObject { ["name"] = "Taken" }, etag)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await SendAsync(reader, HttpMethod.Delete, url, ifMatch: etag)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await SendAsync(reader, HttpMethod.Post, Meetings, MeetingArrangement.MeetingBody(groupId))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        await (await SendAsync(anonymous, HttpMethod.Put, url, MeetingArrangement.MeetingBody(groupId, "Taken"), etag)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await SendAsync(anonymous, HttpMethod.Patch, url, new JsonObject { ["name"] = "Taken" }, etag)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await SendAsync(anonymous, HttpMethod.Delete, url, ifMatch: etag)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await SendAsync(anonymous, HttpMethod.Post, Meetings, MeetingArrangement.MeetingBody(groupId))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var unchanged = await (await anonymous.GetAsync(url, Cancellation)).ShouldBeJsonAsync();
        unchanged.Str("name").ShouldBe("Kept");
    }

    // ---- References from other modules -----------------------------------------------------

    [Fact]
    public async Task Deleting_a_venue_a_meeting_uses_is_a_409_naming_the_meeting()
    {
        var (_, editor, groupId, venueId) = await FellowshipAsync();
        var meeting = await editor.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId, "Uses the hall", venueId: venueId));
        var venueUrl = $"/api/v1/venues/{venueId}";

        var response = await SendAsync(editor, HttpMethod.Delete, venueUrl, ifMatch: await editor.ETagOfAsync(venueUrl));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var named = problem["meetings"]!.AsArray().Select(m => m!.AsObject()).ShouldHaveSingleItem();
        named.Str("id").ShouldBe(meeting.Str("id"));
        named.Str("name").ShouldBe("Uses the hall");
        (await Api.Anonymous().GetAsync(venueUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    // ---- Audit -----------------------------------------------------------------------------

    [Fact]
    public async Task Creating_a_meeting_is_audited()
    {
        var (_, editor, groupId, _) = await FellowshipAsync();
        var id = (await editor.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId, "Audited")))!.Str("id");

        var trail = await (await Api.PlatformAdmin().GetAsync("/api/v1/audit?entityType=meeting&pageSize=100", Cancellation)).ShouldBeJsonAsync();

        var entry = trail["items"]!.AsArray().Select(e => e!.AsObject()).Where(e => e.Str("entityId") == id).ShouldHaveSingleItem();
        entry.Str("entityType").ShouldBe("meeting");
        entry.Str("action").ShouldBe("created");
        entry.Str("actor").ShouldStartWith("key:");
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}

public sealed class MeetingsTestsOnSqlite(SqliteApiFactory api) : MeetingsTests<SqliteApiFactory>(api);
