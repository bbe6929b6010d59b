namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>A new organisation with one group, one venue and <c>MeetingId</c> meeting there (the first, when there are several).</summary>
public sealed record ArrangedMeeting(string Slug, string GroupId, string VenueId, string MeetingId);

/// <summary>Arranges groups, venues, format codes and meetings through the public API, as a platform admin.</summary>
public static class MeetingArrangement
{
    public const string Meetings = "/api/v1/meetings";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// A new organisation whose group meets at its venue: <paramref name="meetings"/> meetings named
    /// "<paramref name="label"/> Meeting 0", "… 1" (an hour apart from 19:30, then 11:00, 12:00 …).
    /// </summary>
    public static async Task<ArrangedMeeting> MeetingAtAVenueAsync(this ApiFactory api, string label, int meetings = 1)
    {
        var slug = await api.CreateOrganisationAsync();
        var group = await api.CreateGroupAsync(slug, $"{label} Group");
        var venue = await api.CreateVenueAsync(slug, $"{label} Hall");
        var first = await api.CreateMeetingAsync(MeetingBody(group, $"{label} Meeting 0", venueId: venue));
        for (var i = 1; i < meetings; i++)
        {
            await api.CreateMeetingAsync(MeetingBody(group, $"{label} Meeting {i}", startTime: $"{10 + i}:00", venueId: venue));
        }

        return new ArrangedMeeting(slug, group, venue, first);
    }

    /// <summary>Creates a group of the organisation and returns its id.</summary>
    public static async Task<string> CreateGroupAsync(this ApiFactory api, string slug, string name = "Test Group")
    {
        using var admin = api.PlatformAdmin();
        var created = await (await admin.PostAsync("/api/v1/groups", HttpAssertions.Json(new { organisation = slug, name }), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    /// <summary>Creates a venue of the organisation and returns its id.</summary>
    public static async Task<string> CreateVenueAsync(this ApiFactory api, string slug, string name = "Test Hall", string town = "Leeds", string postcode = "LS6 3HE", double latitude = 53.8196, double longitude = -1.5773, string[]? accessibility = null)
    {
        using var admin = api.PlatformAdmin();
        var body = new { organisation = slug, name, town, postcode, latitude, longitude, accessibility = accessibility ?? [] };
        var created = await (await admin.PostAsync("/api/v1/venues", HttpAssertions.Json(body), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    /// <summary>Adds a code to the organisation's format vocabulary.</summary>
    public static async Task CreateFormatAsync(this ApiFactory api, string slug, string code, string label, params string[] attributes)
    {
        using var admin = api.PlatformAdmin();
        var body = new { code, labels = new Dictionary<string, string> { ["en"] = label }, attributes };
        await (await admin.PostAsync($"/api/v1/organisations/{slug}/formats", HttpAssertions.Json(body), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>A weekly meeting body: online unless a venue is given.</summary>
    public static JsonObject MeetingBody(
        string groupId,
        string name = "Tuesday Big Book",
        string day = "tuesday",
        string startTime = "19:30",
        int durationMinutes = 60,
        string timeZone = "Europe/London",
        string? venueId = null,
        string? attendance = null,
        string[]? formats = null,
        string[]? languages = null) =>
        new()
        {
            ["groupId"] = groupId,
            ["name"] = name,
            ["attendance"] = attendance ?? (venueId is null ? "online" : "in-person"),
            ["venueId"] = venueId,
            ["online"] = venueId is null || attendance == "hybrid" ? new JsonObject { ["url"] = "https://meet.example.org/room" } : null,
            ["schedule"] = new JsonObject
            {
                ["timeZone"] = timeZone,
                ["startTime"] = startTime,
                ["durationMinutes"] = durationMinutes,
                ["recurrence"] = new JsonObject { ["kind"] = "weekly", ["day"] = day },
            },
            ["formats"] = new JsonArray((formats ?? []).Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            ["languages"] = new JsonArray((languages ?? ["en"]).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        };

    /// <summary>Creates a meeting as <paramref name="client"/> and returns the body.</summary>
    public static async Task<JsonObject> CreateMeetingAsync(this HttpClient client, JsonObject body) =>
        await (await client.PostAsync(Meetings, HttpAssertions.Json(body.ToJsonString()), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);

    /// <summary>Creates a meeting as a platform admin and returns its id.</summary>
    public static async Task<string> CreateMeetingAsync(this ApiFactory api, JsonObject body)
    {
        using var admin = api.PlatformAdmin();
        return (await admin.CreateMeetingAsync(body))["id"]!.GetValue<string>();
    }

    public static string Str(this JsonNode? node, string field) => node![field]!.GetValue<string>();
}
