using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.OpenApi;

/// <summary>
/// What the API answers validates against what the document declares for that operation and status:
/// a member declared required is there, one not declared nullable is never null (search results are
/// written by hand, by SearchResultJson), and enums and formats hold.
/// </summary>
public sealed class ResponseConformanceTests(SqliteApiFactory api) : ApiTest<SqliteApiFactory>(api)
{
    [Fact]
    public async Task Responses_of_a_small_directory_match_their_declared_schemas()
    {
        var document = await ServedDocument.FetchAsync(Api.Anonymous());
        var validator = new ExampleValidator(document);

        var slug = await Api.CreateOrganisationAsync();
        var groupId = await Api.CreateGroupAsync(slug);
        var venueId = await Api.CreateVenueAsync(slug, accessibility: ["step-free-access"]);
        await Api.CreateFormatAsync(slug, "O", "Open", "open-to-all");
        var inPerson = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId, name: "Headingley In Person", venueId: venueId, formats: ["O"]));
        var online = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId, name: "Headingley Online"));
        await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(groupId, name: "Headingley Hybrid", venueId: venueId, attendance: "hybrid"));

        (string Path, string Template)[] reads =
        [
            ($"/api/v1/organisations/{slug}", "/api/v1/organisations/{slug}"),
            ("/api/v1/organisations", "/api/v1/organisations"),
            ($"/api/v1/organisations/{slug}/formats", "/api/v1/organisations/{slug}/formats"),
            ($"/api/v1/venues/{venueId}", "/api/v1/venues/{id}"),
            ("/api/v1/venues", "/api/v1/venues"),
            ($"/api/v1/groups/{groupId}", "/api/v1/groups/{id}"),
            ("/api/v1/groups", "/api/v1/groups"),
            ($"/api/v1/meetings/{inPerson}", "/api/v1/meetings/{id}"),
            ($"/api/v1/meetings/{online}", "/api/v1/meetings/{id}"),
            ($"/api/v1/meetings/{inPerson}/occurrences", "/api/v1/meetings/{id}/occurrences"),
            ("/api/v1/meetings?q=headingley", "/api/v1/meetings"),
            ("/api/v1/meetings?lat=53.82&lng=-1.58&includeOnline=true&day=tuesday", "/api/v1/meetings"),
            ("/api/v1/meetings?near=LS6&startingWithin=P7D", "/api/v1/meetings"),
            ("/api/v1/meetings?page=0", "/api/v1/meetings"),
            ($"/api/v1/venues/{Guid.NewGuid()}", "/api/v1/venues/{id}"),
        ];

        var problems = new List<string>();
        using var client = Api.PlatformAdmin();
        foreach (var (path, template) in reads)
        {
            var response = await client.GetAsync(path, Cancellation);
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var declared = document["paths"]![template]!["get"]!["responses"]![status];
            if (declared is null)
            {
                problems.Add($"GET {path}: {status} is not declared");
                continue;
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            var schema = declared["content"]?[mediaType]?["schema"];
            if (schema is null)
            {
                problems.Add($"GET {path}: {status} {mediaType} is not declared");
                continue;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation));
            problems.AddRange(validator.Problems(schema, body).Select(p => $"GET {path} {status}: {p}"));
        }

        problems.ShouldBeEmpty();
    }
}
