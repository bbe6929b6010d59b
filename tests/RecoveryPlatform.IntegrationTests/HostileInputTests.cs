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

    /// <summary>A resource of each kind that takes PATCH, and a free-text field of it.</summary>
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
}

public sealed class HostileInputTestsOnSqlite(SqliteApiFactory api) : HostileInputTests<SqliteApiFactory>(api);
