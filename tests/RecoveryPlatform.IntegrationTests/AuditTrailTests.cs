namespace RecoveryPlatform.IntegrationTests;

/// <summary>Every change to an organisation's data is recorded: who, which organisation, what, when, correlation id.</summary>
public abstract class AuditTrailTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private static async Task<JsonArray> EntriesAsync(HttpClient client, string query)
    {
        var body = await (await client.GetAsync($"/api/v1/audit?{query}", TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        return body["items"]!.AsArray();
    }

    [Fact]
    public async Task Creating_an_organisation_and_a_key_is_audited_with_actor_and_correlation_id()
    {
        var slug = await Api.CreateOrganisationAsync();
        await Api.CreateKeyAsync(slug, "editor");

        var entries = await EntriesAsync(Api.PlatformAdmin(), $"organisation={slug}");

        entries.Select(e => (e!["entityType"]!.GetValue<string>(), e["action"]!.GetValue<string>()))
            .ShouldBe([("api-key", "created"), ("organisation", "created")]);
        foreach (var entry in entries)
        {
            entry!["actor"]!.GetValue<string>().ShouldStartWith("key:");
            entry["correlationId"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
            entry["occurredAt"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public async Task An_update_and_a_revocation_are_audited_as_updates_of_the_record()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var admin = Api.PlatformAdmin();
        var created = await (await admin.PostAsync($"/api/v1/organisations/{slug}/api-keys", HttpAssertions.Json(new { name = "app", role = "reader" }), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);
        var keyId = created["id"]!.GetValue<string>();
        (await admin.DeleteAsync($"/api/v1/organisations/{slug}/api-keys/{keyId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var entries = await EntriesAsync(admin, $"entityId={keyId}");

        entries.Select(e => e!["action"]!.GetValue<string>()).ShouldBe(["updated", "created"]);
    }

    [Fact]
    public async Task An_organisation_admin_reads_only_its_own_organisations_trail()
    {
        var own = await Api.CreateOrganisationAsync();
        var other = await Api.CreateOrganisationAsync();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(own, "org-admin"));

        var entries = await EntriesAsync(orgAdmin, string.Empty);
        var ownId = (await (await Api.PlatformAdmin().GetAsync($"/api/v1/organisations/{own}", Cancellation)).ShouldBeJsonAsync())["id"]!.GetValue<string>();
        entries.ShouldNotBeEmpty();
        entries.ShouldAllBe(e => e!["organisationId"]!.GetValue<string>() == ownId);

        var foreign = await orgAdmin.GetAsync($"/api/v1/audit?organisation={other}", Cancellation);
        await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("editor")]
    [InlineData("reader")]
    public async Task Roles_below_organisation_admin_cannot_read_the_trail(string role)
    {
        var slug = await Api.CreateOrganisationAsync();
        var response = await Api.WithKey(await Api.CreateKeyAsync(slug, role)).GetAsync("/api/v1/audit", Cancellation);
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_read_the_trail()
    {
        await (await Api.Anonymous().GetAsync("/api/v1/audit", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_trail_is_paged_newest_first_and_filters_by_time()
    {
        var slug = await Api.CreateOrganisationAsync();
        await Api.CreateKeyAsync(slug, "reader");
        await Api.CreateKeyAsync(slug, "editor");
        using var admin = Api.PlatformAdmin();

        var body = await (await admin.GetAsync($"/api/v1/audit?organisation={slug}&pageSize=2&page=2", Cancellation)).ShouldBeJsonAsync();
        body["totalItems"]!.GetValue<int>().ShouldBe(3);
        body["totalPages"]!.GetValue<int>().ShouldBe(2);
        body["items"]!.AsArray().Single()!["entityType"]!.GetValue<string>().ShouldBe("organisation");

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        (await EntriesAsync(admin, $"organisation={slug}&from={future}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Paging_beyond_the_merge_depth_is_a_400()
    {
        await (await Api.PlatformAdmin().GetAsync("/api/v1/audit?page=200&pageSize=100", Cancellation)).ShouldBeValidationProblemAsync("page");
    }
}

public sealed class AuditTrailTestsOnSqlite(SqliteApiFactory api) : AuditTrailTests<SqliteApiFactory>(api);
