namespace RecoveryPlatform.IntegrationTests.Access;

/// <summary>
/// Issue 3: who sees which organisations, who may change them, and the fields nobody may set
/// through a body. Another organisation's record is a 404, never a 200 or a hint that it exists.
/// </summary>
public abstract class OrganisationAccessTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Organisations = AccessArrangement.Organisations;

    [Fact]
    public async Task The_public_sees_active_fellowships_but_not_treatment_services_or_suspended_organisations()
    {
        var fellowship = await Api.CreateOrganisationAsync();
        var treatmentService = await Api.CreateOrganisationAsync(kind: "treatment-service");
        var suspended = await Api.CreateOrganisationAsync();
        await Api.SuspendAsync(suspended);
        using var anonymous = Api.Anonymous();

        (await CountListedAsync(anonymous, fellowship)).ShouldBe(1);
        (await CountListedAsync(anonymous, treatmentService)).ShouldBe(0);
        (await CountListedAsync(anonymous, suspended)).ShouldBe(0);
        (await CountListedAsync(anonymous, treatmentService, kind: "treatment-service")).ShouldBe(0);

        (await anonymous.GetAsync($"{Organisations}/{fellowship}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await anonymous.GetAsync($"{Organisations}/{treatmentService}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync($"{Organisations}/{suspended}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_authenticated_reader_sees_treatment_services_but_not_another_organisations_suspension()
    {
        var readersOrganisation = await Api.CreateOrganisationAsync();
        var treatmentService = await Api.CreateOrganisationAsync(kind: "treatment-service");
        var suspended = await Api.CreateOrganisationAsync();
        await Api.SuspendAsync(suspended);
        using var reader = Api.WithKey(await Api.CreateKeyAsync(readersOrganisation, "reader"));

        (await CountListedAsync(reader, treatmentService)).ShouldBe(1);
        (await CountListedAsync(reader, treatmentService, kind: "treatment-service")).ShouldBe(1);
        (await reader.GetAsync($"{Organisations}/{treatmentService}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await CountListedAsync(reader, suspended)).ShouldBe(0);
        await (await reader.GetAsync($"{Organisations}/{suspended}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_platform_admin_sees_suspended_organisations()
    {
        var suspended = await Api.CreateOrganisationAsync();
        await Api.SuspendAsync(suspended);
        using var admin = Api.PlatformAdmin();

        (await CountListedAsync(admin, suspended)).ShouldBe(1);
        var body = await (await admin.GetAsync($"{Organisations}/{suspended}", Cancellation)).ShouldBeJsonAsync();
        body["status"]!.GetValue<string>().ShouldBe("suspended");
    }

    [Fact]
    public async Task An_org_admin_can_replace_and_patch_its_own_organisation()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));

        using var replace = await orgAdmin.ConditionalAsync(HttpMethod.Put, $"{Organisations}/{slug}", HttpAssertions.Json(new { name = "Replaced name", website = "https://example.org" }));
        var replaced = await (await orgAdmin.SendAsync(replace, Cancellation)).ShouldBeJsonAsync();
        replaced["name"]!.GetValue<string>().ShouldBe("Replaced name");
        replaced["website"]!.GetValue<string>().ShouldBe("https://example.org");

        using var patch = await orgAdmin.ConditionalAsync(HttpMethod.Patch, $"{Organisations}/{slug}", AccessArrangement.MergePatch(new { description = "Patched by its admin" }));
        var patched = await (await orgAdmin.SendAsync(patch, Cancellation)).ShouldBeJsonAsync();
        patched["description"]!.GetValue<string>().ShouldBe("Patched by its admin");
        patched["name"]!.GetValue<string>().ShouldBe("Replaced name");
    }

    [Fact]
    public async Task An_org_admin_gets_a_404_for_another_organisation_and_changes_nothing()
    {
        var own = await Api.CreateOrganisationAsync();
        var other = await Api.CreateOrganisationAsync();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(own, "org-admin"));

        using var replace = await orgAdmin.ConditionalAsync(HttpMethod.Put, $"{Organisations}/{other}", HttpAssertions.Json(new { name = "Taken over" }));
        await (await orgAdmin.SendAsync(replace, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        using var patch = await orgAdmin.ConditionalAsync(HttpMethod.Patch, $"{Organisations}/{other}", AccessArrangement.MergePatch(new { name = "Taken over" }));
        await (await orgAdmin.SendAsync(patch, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        await (await orgAdmin.GetAsync($"{Organisations}/{other}/api-keys", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var unchanged = await (await Api.PlatformAdmin().GetAsync($"{Organisations}/{other}", Cancellation)).ShouldBeJsonAsync();
        unchanged["name"]!.GetValue<string>().ShouldBe($"Organisation {other}");
    }

    [Fact]
    public async Task Another_organisations_record_answers_exactly_like_one_that_does_not_exist()
    {
        var own = await Api.CreateOrganisationAsync();
        var other = await Api.CreateOrganisationAsync();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(own, "org-admin"));

        var existing = await (await orgAdmin.PostAsync($"{Organisations}/{other}/api-keys", HttpAssertions.Json(new { name = "x", role = "reader" }), Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var missing = await (await orgAdmin.PostAsync($"{Organisations}/no-such-organisation/api-keys", HttpAssertions.Json(new { name = "x", role = "reader" }), Cancellation))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        existing["title"]!.GetValue<string>().ShouldBe(missing["title"]!.GetValue<string>());
        existing["type"]!.GetValue<string>().ShouldBe(missing["type"]!.GetValue<string>());
        existing["detail"]?.GetValue<string>().Replace(other, "{slug}", StringComparison.Ordinal)
            .ShouldBe(missing["detail"]?.GetValue<string>().Replace("no-such-organisation", "{slug}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_org_admin_may_not_change_its_organisations_status()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));

        using var patch = await orgAdmin.ConditionalAsync(HttpMethod.Patch, $"{Organisations}/{slug}", AccessArrangement.MergePatch(new { status = "suspended" }));
        await (await orgAdmin.SendAsync(patch, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        using var replace = await orgAdmin.ConditionalAsync(HttpMethod.Put, $"{Organisations}/{slug}", HttpAssertions.Json(new { name = "Still here", status = "suspended" }));
        await (await orgAdmin.SendAsync(replace, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var current = await (await Api.PlatformAdmin().GetAsync($"{Organisations}/{slug}", Cancellation)).ShouldBeJsonAsync();
        current["status"]!.GetValue<string>().ShouldBe("active");
        current["name"]!.GetValue<string>().ShouldBe($"Organisation {slug}");
    }

    [Fact]
    public async Task An_org_admin_may_send_back_the_representation_it_read_status_included()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));
        var read = await (await orgAdmin.GetAsync($"{Organisations}/{slug}", Cancellation)).ShouldBeJsonAsync();
        read["name"] = "Renamed with status unchanged";

        using var replace = await orgAdmin.ConditionalAsync(HttpMethod.Put, $"{Organisations}/{slug}", HttpAssertions.Json(read.ToJsonString()));
        var replaced = await (await orgAdmin.SendAsync(replace, Cancellation)).ShouldBeJsonAsync();
        replaced["name"]!.GetValue<string>().ShouldBe("Renamed with status unchanged");
        replaced["status"]!.GetValue<string>().ShouldBe("active");
    }

    [Fact]
    public async Task Id_slug_kind_organisation_id_and_audit_fields_in_a_body_are_ignored()
    {
        var slug = await Api.CreateOrganisationAsync();
        var hijacked = await Api.CreateOrganisationAsync();
        using var admin = Api.PlatformAdmin();
        var before = await (await admin.GetAsync($"{Organisations}/{slug}", Cancellation)).ShouldBeJsonAsync();
        var hijackedId = (await (await admin.GetAsync($"{Organisations}/{hijacked}", Cancellation)).ShouldBeJsonAsync())["id"]!.GetValue<Guid>();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));
        var forged = new
        {
            id = hijackedId,
            organisationId = hijackedId,
            slug = "taken-over",
            kind = "treatment-service",
            createdAt = "2001-01-01T00:00:00+00:00",
            updatedAt = "2001-01-01T00:00:00+00:00",
            name = "Honest new name",
        };

        using var replace = await orgAdmin.ConditionalAsync(HttpMethod.Put, $"{Organisations}/{slug}", HttpAssertions.Json(forged));
        var replaced = await (await orgAdmin.SendAsync(replace, Cancellation)).ShouldBeJsonAsync();
        using var patch = await orgAdmin.ConditionalAsync(HttpMethod.Patch, $"{Organisations}/{slug}", AccessArrangement.MergePatch(forged));
        var patched = await (await orgAdmin.SendAsync(patch, Cancellation)).ShouldBeJsonAsync();

        foreach (var after in new[] { replaced, patched })
        {
            after["name"]!.GetValue<string>().ShouldBe("Honest new name");
            after["id"]!.GetValue<Guid>().ShouldBe(before["id"]!.GetValue<Guid>());
            after["slug"]!.GetValue<string>().ShouldBe(slug);
            after["kind"]!.GetValue<string>().ShouldBe("fellowship");
            after["createdAt"]!.GetValue<DateTimeOffset>().ShouldBe(before["createdAt"]!.GetValue<DateTimeOffset>());
            after["updatedAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThanOrEqualTo(before["updatedAt"]!.GetValue<DateTimeOffset>());
        }

        await (await admin.GetAsync($"{Organisations}/taken-over", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var untouched = await (await admin.GetAsync($"{Organisations}/{hijacked}", Cancellation)).ShouldBeJsonAsync();
        untouched["name"]!.GetValue<string>().ShouldBe($"Organisation {hijacked}");
    }

    [Fact]
    public async Task An_organisation_id_in_a_key_request_is_ignored_the_key_belongs_to_the_url_organisation()
    {
        var own = await Api.CreateOrganisationAsync();
        var other = await Api.CreateOrganisationAsync();
        var otherId = (await (await Api.PlatformAdmin().GetAsync($"{Organisations}/{other}", Cancellation)).ShouldBeJsonAsync())["id"]!.GetValue<Guid>();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(own, "org-admin"));

        var created = await (await orgAdmin.PostAsync(
                $"{Organisations}/{own}/api-keys",
                HttpAssertions.Json(new { name = "Smuggled", role = "reader", organisationId = otherId, revokedAt = "2001-01-01T00:00:00+00:00", lastUsedAt = "2001-01-01T00:00:00+00:00" }),
                Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<Guid>();

        var listed = (await Api.KeysOfAsync(own)).Single(k => k!["id"]!.GetValue<Guid>() == id)!;
        listed["revokedAt"].ShouldBeNull();
        listed["lastUsedAt"].ShouldBeNull();
        (await Api.KeysOfAsync(other)).ShouldNotContain(k => k!["id"]!.GetValue<Guid>() == id);
    }

    [Fact]
    public async Task An_editor_may_not_create_keys()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var editor = Api.WithKey(await Api.CreateKeyAsync(slug, "editor"));

        var response = await editor.PostAsync($"{Organisations}/{slug}/api-keys", HttpAssertions.Json(new { name = "Escalation", role = "org-admin" }), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_org_admin_creating_a_key_in_another_organisation_gets_a_404()
    {
        var own = await Api.CreateOrganisationAsync();
        var other = await Api.CreateOrganisationAsync();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(own, "org-admin"));

        var response = await orgAdmin.PostAsync($"{Organisations}/{other}/api-keys", HttpAssertions.Json(new { name = "Foothold", role = "org-admin" }), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await Api.KeysOfAsync(other)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_org_admin_cannot_issue_a_referral_coordinator_key_for_a_treatment_service()
    {
        var slug = await Api.CreateOrganisationAsync(kind: "treatment-service");
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));

        var response = await orgAdmin.PostAsync($"{Organisations}/{slug}/api-keys", HttpAssertions.Json(new { name = "Wrong side", role = "referral-coordinator" }), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_org_admin_cannot_issue_a_referrer_key_for_a_fellowship()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));

        var response = await orgAdmin.PostAsync($"{Organisations}/{slug}/api-keys", HttpAssertions.Json(new { name = "Wrong side", role = "referrer" }), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_org_admin_cannot_issue_a_platform_admin_key()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));

        var response = await orgAdmin.PostAsync($"{Organisations}/{slug}/api-keys", HttpAssertions.Json(new { name = "Everything", role = "platform-admin" }), Cancellation);

        await response.ShouldBeValidationProblemAsync("role");
        (await Api.KeysOfAsync(slug)).ShouldNotContain(k => k!["role"]!.GetValue<string>() == "platform-admin");
    }

    private static async Task<int> CountListedAsync(HttpClient client, string slug, string? kind = null)
    {
        var url = $"{Organisations}?q={slug}" + (kind is null ? string.Empty : $"&kind={kind}");
        var body = await (await client.GetAsync(url, TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        return body["totalItems"]!.GetValue<int>();
    }
}

public sealed class OrganisationAccessTestsOnSqlite(SqliteApiFactory api) : OrganisationAccessTests<SqliteApiFactory>(api);
