using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests;

/// <summary>The HTTP conventions of docs/api.md: every error is problem+json naming what was wrong.</summary>
public abstract class HttpConventionsTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Organisations = "/api/v1/organisations";

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var admin = Api.PlatformAdmin();
        var response = await admin.PostAsync(Organisations, HttpAssertions.Json("{\"slug\": "), Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_the_field()
    {
        using var admin = Api.PlatformAdmin();
        var response = await admin.PostAsync(Organisations, HttpAssertions.Json("{\"slug\": 42, \"name\": \"x\", \"kind\": \"fellowship\"}"), Cancellation);
        await response.ShouldBeValidationProblemAsync("slug");
    }

    [Fact]
    public async Task An_unknown_enum_value_is_a_400_naming_the_field()
    {
        using var admin = Api.PlatformAdmin();
        var response = await admin.PostAsync(Organisations, HttpAssertions.Json("{\"slug\": \"ok-slug\", \"name\": \"x\", \"kind\": \"banana\"}"), Cancellation);
        await response.ShouldBeValidationProblemAsync("kind");
    }

    [Fact]
    public async Task An_enum_given_as_a_number_is_a_400()
    {
        using var admin = Api.PlatformAdmin();
        var response = await admin.PostAsync(Organisations, HttpAssertions.Json("{\"slug\": \"ok-slug\", \"name\": \"x\", \"kind\": 1}"), Cancellation);
        await response.ShouldBeValidationProblemAsync("kind");
    }

    [Fact]
    public async Task An_over_long_string_is_a_400_naming_the_field()
    {
        using var admin = Api.PlatformAdmin();
        var response = await admin.PostAsync(Organisations, HttpAssertions.Json(new { slug = "long-name", name = new string('a', 201), kind = "fellowship" }), Cancellation);
        await response.ShouldBeValidationProblemAsync("name");
    }

    [Fact]
    public async Task Several_invalid_fields_are_all_named_in_camel_case()
    {
        using var admin = Api.PlatformAdmin();
        var response = await admin.PostAsync(Organisations, HttpAssertions.Json(new { slug = "Not A Slug", name = "", website = "ftp://example.org", contactEmail = "not-an-email" }), Cancellation);
        await response.ShouldBeValidationProblemAsync("slug", "name", "kind", "website", "contactEmail");
    }

    [Fact]
    public async Task A_missing_body_is_a_400()
    {
        using var admin = Api.PlatformAdmin();
        using var request = new HttpRequestMessage(HttpMethod.Post, Organisations) { Content = HttpAssertions.Json(string.Empty) };
        var response = await admin.SendAsync(request, Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=99999999999999999999", "pageSize")]
    [InlineData("kind=banana", "kind")]
    public async Task Out_of_range_or_unparseable_query_values_are_a_400_naming_the_parameter(string query, string field)
    {
        var response = await Api.Anonymous().GetAsync($"{Organisations}?{query}", Cancellation);
        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Lists_share_one_envelope()
    {
        await Api.CreateOrganisationAsync();
        var body = await (await Api.Anonymous().GetAsync($"{Organisations}?page=1&pageSize=1", Cancellation)).ShouldBeJsonAsync();
        body["items"]!.AsArray().Count.ShouldBe(1);
        body["page"]!.GetValue<int>().ShouldBe(1);
        body["pageSize"]!.GetValue<int>().ShouldBe(1);
        body["totalItems"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        body["totalPages"]!.GetValue<int>().ShouldBe(body["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task Enums_travel_as_kebab_case_strings_and_dates_as_iso_8601()
    {
        var slug = await Api.CreateOrganisationAsync(kind: "treatment-service");
        var body = await (await Api.PlatformAdmin().GetAsync($"{Organisations}/{slug}", Cancellation)).ShouldBeJsonAsync();
        body["kind"]!.GetValue<string>().ShouldBe("treatment-service");
        DateTimeOffset.TryParse(body["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task No_credential_on_a_protected_endpoint_is_a_401_problem()
    {
        var response = await Api.Anonymous().PostAsync(Organisations, HttpAssertions.Json(new { }), Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_role_without_the_right_is_a_403_problem()
    {
        var slug = await Api.CreateOrganisationAsync();
        var editorKey = await Api.CreateKeyAsync(slug, "editor");
        var response = await Api.WithKey(editorKey).PostAsync(Organisations, HttpAssertions.Json(new { slug = "x-y", name = "x", kind = "fellowship" }), Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await Api.Anonymous().GetAsync("/api/v1/no-such-thing", Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_resource_is_a_404_problem()
    {
        var response = await Api.Anonymous().GetAsync($"{Organisations}/no-such-organisation", Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        var response = await Api.Anonymous().DeleteAsync(Organisations, Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_duplicate_slug_is_a_409_problem()
    {
        var slug = await Api.CreateOrganisationAsync();
        var response = await Api.PlatformAdmin().PostAsync(Organisations, HttpAssertions.Json(new { slug, name = "Again", kind = "fellowship" }), Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_write_without_if_match_is_a_428_and_a_stale_one_a_412()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var admin = Api.PlatformAdmin();
        var etag = await admin.ETagOfAsync($"{Organisations}/{slug}");

        var missing = await admin.PutAsync($"{Organisations}/{slug}", HttpAssertions.Json(new { name = "Renamed" }), Cancellation);
        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);

        using var first = new HttpRequestMessage(HttpMethod.Put, $"{Organisations}/{slug}") { Content = HttpAssertions.Json(new { name = "First writer" }) };
        first.Headers.IfMatch.ParseAdd(etag);
        (await admin.SendAsync(first, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var second = new HttpRequestMessage(HttpMethod.Put, $"{Organisations}/{slug}") { Content = HttpAssertions.Json(new { name = "Second writer" }) };
        second.Headers.IfMatch.ParseAdd(etag);
        await (await admin.SendAsync(second, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        using var admin = Api.PlatformAdmin();
        var huge = "{\"name\": \"" + new string('a', 1_100_000) + "\"}";
        var response = await admin.PostAsync(Organisations, HttpAssertions.Json(huge), Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        using var admin = Api.PlatformAdmin();
        var response = await admin.PostAsync(Organisations, new StringContent("slug=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"), Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_well_formed_request_that_breaks_a_business_rule_is_a_422_problem()
    {
        var slug = await Api.CreateOrganisationAsync(kind: "treatment-service");
        var response = await Api.PlatformAdmin().PostAsync($"{Organisations}/{slug}/api-keys", HttpAssertions.Json(new { name = "x", role = "referral-coordinator" }), Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_healthy()
    {
        (await Api.Anonymous().GetAsync("/health/live", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await (await Api.Anonymous().GetAsync("/health/ready", Cancellation)).ShouldBeJsonAsync();
        ready["status"]!.GetValue<string>().ShouldBe("Healthy");
        var checks = ready["checks"]!.AsObject();
        checks["search-index"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        checks["search-index"]!["data"]!["stale"]!.GetValue<bool>().ShouldBeFalse();
        checks["change-log"]!["data"]!["total"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        checks.Select(c => c.Key).ShouldContain("database-meetings");
        checks["snapshot"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        checks["snapshot"]!["data"]!["ageSeconds"]!.GetValue<double>().ShouldBeLessThanOrEqualTo(checks["snapshot"]!["data"]!["boundSeconds"]!.GetValue<double>());
        checks["outbox-dispatcher"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        ready["failing"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_probes_answer_head_like_get_and_refuse_other_methods(string probe)
    {
        var head = await Api.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Head, probe), Cancellation);
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await head.Content.ReadAsByteArrayAsync(Cancellation)).ShouldBeEmpty();

        foreach (var method in new[] { HttpMethod.Delete, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch })
        {
            var refused = await Api.Anonymous().SendAsync(new HttpRequestMessage(method, probe), Cancellation);
            await refused.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
            refused.Content.Headers.Allow.ShouldBe(["GET", "HEAD"], ignoreOrder: true);
        }
    }

    [Fact]
    public async Task A_search_index_that_missed_changes_is_rebuilt_in_the_background_while_search_answers()
    {
        var arranged = await Api.MeetingAtAVenueAsync("Rebuilt");
        var index = Api.Services.GetRequiredService<RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index.MeetingSearchIndex>();

        await index.ResetAsync(Cancellation);

        // Searches answer meanwhile (from the previous snapshot), and readiness comes back to healthy once rebuilt.
        (await Api.Anonymous().GetAsync($"/api/v1/meetings?organisation={arranged.Slug}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ChangeLogInspection.EventuallyAsync(
            async () => (await (await Api.Anonymous().GetAsync("/health/ready", Cancellation)).ShouldBeJsonAsync())["checks"]!["search-index"]!["status"]!.GetValue<string>() == "Healthy",
            "the index is rebuilt", TimeSpan.FromSeconds(10));
        var found = await (await Api.Anonymous().GetAsync($"/api/v1/meetings?organisation={arranged.Slug}", Cancellation)).ShouldBeJsonAsync();
        found["totalItems"]!.GetValue<int>().ShouldBe(1);
    }
}

public sealed class HttpConventionsTestsOnSqlite(SqliteApiFactory api) : HttpConventionsTests<SqliteApiFactory>(api);
