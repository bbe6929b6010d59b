namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>A fellowship's own format vocabulary: codes, labels by language and the shared attributes each means.</summary>
public abstract class FormatsTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private static string Formats(string slug) => $"/api/v1/organisations/{slug}/formats";

    private static async Task<List<JsonObject>> ListAsync(HttpClient client, string slug)
    {
        var response = await client.GetAsync(Formats(slug), Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsArray().Select(f => f!.AsObject()).ToList();
    }

    private async Task<(string Slug, HttpClient OrgAdmin)> FellowshipWithOrgAdminAsync()
    {
        var slug = await Api.CreateOrganisationAsync();
        return (slug, Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin")));
    }

    [Fact]
    public async Task An_organisation_admin_adds_lists_and_replaces_a_code()
    {
        var (slug, orgAdmin) = await FellowshipWithOrgAdminAsync();

        var response = await orgAdmin.PostAsync(Formats(slug), HttpAssertions.Json(new { code = "W", labels = new Dictionary<string, string> { ["en"] = "Women", ["cy"] = "Menywod" }, attributes = new[] { "women-only" }, meetingGuideCode = "W" }), Cancellation);

        var created = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"{Formats(slug)}/W");
        created.Str("code").ShouldBe("W");
        created["labels"].Str("en").ShouldBe("Women");
        created["labels"].Str("cy").ShouldBe("Menywod");
        created["attributes"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["women-only"]);
        created.Str("meetingGuideCode").ShouldBe("W");

        await Api.CreateFormatAsync(slug, "B", "Big Book", "literature");
        var listed = await ListAsync(Api.Anonymous(), slug);
        listed.Select(f => f.Str("code")).ShouldBe(["B", "W"]);
        listed[0]["attributes"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["literature"]);

        var replaced = await orgAdmin.PutAsync($"{Formats(slug)}/W", HttpAssertions.Json(new { code = "W", labels = new Dictionary<string, string> { ["en"] = "Women only" }, attributes = new[] { "women-only", "newcomer-friendly" } }), Cancellation);
        var body = await replaced.ShouldBeJsonAsync();
        body["labels"].Str("en").ShouldBe("Women only");
        body["labels"]!.AsObject().ContainsKey("cy").ShouldBeFalse();
        body["attributes"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["newcomer-friendly", "women-only"]);
        body["meetingGuideCode"].ShouldBeNull();

        var relisted = await ListAsync(Api.Anonymous(), slug);
        relisted.Single(f => f.Str("code") == "W")["labels"].Str("en").ShouldBe("Women only");
    }

    [Fact]
    public async Task A_duplicate_code_is_a_409()
    {
        var (slug, orgAdmin) = await FellowshipWithOrgAdminAsync();
        await Api.CreateFormatAsync(slug, "O", "Open");

        var response = await orgAdmin.PostAsync(Formats(slug), HttpAssertions.Json(new { code = "O", labels = new Dictionary<string, string> { ["en"] = "Open again" } }), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await ListAsync(Api.Anonymous(), slug)).ShouldHaveSingleItem()["labels"].Str("en").ShouldBe("Open");
    }

    [Fact]
    public async Task Replacing_an_unknown_code_is_a_404()
    {
        var (slug, orgAdmin) = await FellowshipWithOrgAdminAsync();

        var response = await orgAdmin.PutAsync($"{Formats(slug)}/ZZ", HttpAssertions.Json(new { code = "ZZ", labels = new Dictionary<string, string> { ["en"] = "Nothing" } }), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"code":"X","labels":{"cy":"Menywod"}}""", "labels")]
    [InlineData("""{"code":"X"}""", "labels")]
    [InlineData("""{"code":"","labels":{"en":"Empty"}}""", "code")]
    [InlineData("""{"code":"X Y","labels":{"en":"Space"}}""", "code")]
    public async Task An_invalid_code_is_a_400_naming_the_field(string body, string field)
    {
        var (slug, orgAdmin) = await FellowshipWithOrgAdminAsync();

        var response = await orgAdmin.PostAsync(Formats(slug), HttpAssertions.Json(body), Cancellation);

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task An_unknown_attribute_is_a_400()
    {
        var (slug, orgAdmin) = await FellowshipWithOrgAdminAsync();

        var response = await orgAdmin.PostAsync(Formats(slug), HttpAssertions.Json("""{"code":"X","labels":{"en":"X"},"attributes":["telepathic"]}"""), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldContain(k => k.StartsWith("attributes", StringComparison.Ordinal), problem.ToJsonString());
    }

    [Fact]
    public async Task A_treatment_service_has_no_formats()
    {
        var slug = await Api.CreateOrganisationAsync(kind: "treatment-service");

        var response = await Api.PlatformAdmin().PostAsync(Formats(slug), HttpAssertions.Json(new { code = "W", labels = new Dictionary<string, string> { ["en"] = "Women" } }), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await Api.Anonymous().GetAsync(Formats(slug), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_editor_may_not_change_the_vocabulary()
    {
        var slug = await Api.CreateOrganisationAsync();
        using var editor = Api.WithKey(await Api.CreateKeyAsync(slug, "editor"));
        await Api.CreateFormatAsync(slug, "O", "Open");

        await (await editor.PostAsync(Formats(slug), HttpAssertions.Json(new { code = "W", labels = new Dictionary<string, string> { ["en"] = "Women" } }), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await editor.PutAsync($"{Formats(slug)}/O", HttpAssertions.Json(new { code = "O", labels = new Dictionary<string, string> { ["en"] = "Changed" } }), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await ListAsync(editor, slug)).Select(f => f["labels"].Str("en")).ShouldBe(["Open"]);
    }
}

public sealed class FormatsTestsOnSqlite(SqliteApiFactory api) : FormatsTests<SqliteApiFactory>(api);
