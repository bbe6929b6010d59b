using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.Modules.Groups.Startup;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Groups;

/// <summary>
/// Groups through HTTP: who may write them, who sees what of them, the If-Match rules, the list
/// filters, the audit trail, and the closure event the Meetings module will rely on.
/// </summary>
public abstract class GroupsTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Groups = "/api/v1/groups";

    private static readonly string[] WriteOperations = ["POST", "PUT", "PATCH", "DELETE", "VERIFY"];

    public static TheoryData<string> Writes() => new(WriteOperations);

    public static TheoryData<string> WritesToAnExistingGroup() => new(WriteOperations.Where(op => op != "POST"));

    // ---- Arrange helpers ------------------------------------------------------------------

    private static object ValidGroup(string name = "Leeds Tuesday Night Group", bool showContactPublicly = false, string[]? serviceAreas = null, string? status = null, string? description = null) => new
    {
        name,
        description = description ?? "An open meeting; newcomers welcome.",
        website = "https://leeds-tuesday.example.org",
        contactEmail = "secretary@leeds-tuesday.example.org",
        contactPhone = "0113 496 0000",
        showContactPublicly,
        serviceAreas = serviceAreas ?? ["Leeds", "West Yorkshire"],
        status,
    };

    private async Task<(string Slug, HttpClient Editor)> FellowshipWithEditorAsync()
    {
        var slug = await Api.CreateOrganisationAsync();
        return (slug, Api.WithKey(await Api.CreateKeyAsync(slug, "editor")));
    }

    private static async Task<JsonObject> CreateGroupAsync(HttpClient client, object? body = null) =>
        await (await client.PostAsync(Groups, HttpAssertions.Json(body ?? ValidGroup()), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Created);

    private static string IdOf(JsonObject group) => group["id"]!.GetValue<string>();

    private static string? Text(JsonObject body, string field) => body[field]?.GetValue<string>();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
            request.Content = HttpAssertions.Json(json, method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request, Cancellation);
    }

    /// <summary>One of the five writes, well-formed, so that only who asks decides the answer.</summary>
    private static Task<HttpResponseMessage> WriteAsync(HttpClient client, string operation, string? groupId = null, string? etag = null) => operation switch
    {
        "POST" => SendAsync(client, HttpMethod.Post, Groups, ValidGroup()),
        "PUT" => SendAsync(client, HttpMethod.Put, $"{Groups}/{groupId}", ValidGroup("Renamed"), etag),
        "PATCH" => SendAsync(client, HttpMethod.Patch, $"{Groups}/{groupId}", new { name = "Renamed" }, etag),
        "DELETE" => SendAsync(client, HttpMethod.Delete, $"{Groups}/{groupId}", ifMatch: etag),
        "VERIFY" => SendAsync(client, HttpMethod.Post, $"{Groups}/{groupId}/verify", ifMatch: etag),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private async Task<string> OrganisationIdAsync(string slug) =>
        Text(await (await Api.PlatformAdmin().GetAsync($"/api/v1/organisations/{slug}", Cancellation)).ShouldBeJsonAsync(), "id")!;

    private async Task SuspendAsync(string slug)
    {
        using var admin = Api.PlatformAdmin();
        var etag = await admin.ETagOfAsync($"/api/v1/organisations/{slug}");
        await (await SendAsync(admin, HttpMethod.Patch, $"/api/v1/organisations/{slug}", new { status = "suspended" }, etag)).ShouldBeJsonAsync();
    }

    private static async Task<List<JsonObject>> ListAsync(HttpClient client, string query)
    {
        var body = await (await client.GetAsync($"{Groups}?{query}", Cancellation)).ShouldBeJsonAsync();
        return body["items"]!.AsArray().Select(item => item!.AsObject()).ToList();
    }

    private static async Task<List<string>> NamesAsync(HttpClient client, string query) =>
        (await ListAsync(client, query)).Select(g => Text(g, "name")!).ToList();

    private static string Instant(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("O", CultureInfo.InvariantCulture));

    private static DateTimeOffset ParseInstant(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    // ---- Create ----------------------------------------------------------------------------

    [Fact]
    public async Task A_us_group_gives_its_phone_in_national_format_and_it_is_stored_in_e164_with_its_service_body()
    {
        var (_, editor) = await FellowshipWithEditorAsync();

        var body = await CreateGroupAsync(editor, new
        {
            name = "Jackson Heights Serenity Group",
            contactPhone = "(646) 558-8656",
            countryCode = "us",
            showContactPublicly = true,
            serviceAreas = new[] { "Queens", "Jackson Heights" },
            serviceBody = new { name = "  Queens Area Service Committee ", url = "https://queens-na.example.org" },
        });

        Text(body, "contactPhone").ShouldBe("+16465588656");
        Text(body, "countryCode").ShouldBe("US");
        Text(body["serviceBody"]!.AsObject(), "name").ShouldBe("Queens Area Service Committee");
        Text(body["serviceBody"]!.AsObject(), "url").ShouldBe("https://queens-na.example.org");

        var fetched = await (await Api.Anonymous().GetAsync($"{Groups}/{IdOf(body)}", Cancellation)).ShouldBeJsonAsync();
        Text(fetched, "contactPhone").ShouldBe("+16465588656");
        Text(fetched["serviceBody"]!.AsObject(), "name").ShouldBe("Queens Area Service Committee");

        // A number with its own country code is read as that country's, whatever the group's country.
        var url = $"{Groups}/{IdOf(body)}";
        var replaced = await (await SendAsync(editor, HttpMethod.Put, url, new { name = "Jackson Heights Serenity Group", contactPhone = "+44 113 496 0000", countryCode = "US" }, await editor.ETagOfAsync(url))).ShouldBeJsonAsync();
        Text(replaced, "contactPhone").ShouldBe("+441134960000");
        replaced["serviceBody"].ShouldBeNull("a PUT without serviceBody clears it");
    }

    [Fact]
    public async Task A_phone_stored_as_typed_before_e164_is_rewritten_at_start_up_and_the_version_moves()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var created = await CreateGroupAsync(editor);
        var id = Guid.Parse(IdOf(created));
        var url = $"{Groups}/{id}";

        // As a row written before numbers were normalised holds it.
        await Api.AlterAsync("groups", db => db.Set<Group>().Where(g => g.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(g => g.ContactPhone, "(0113) 496 0000"), Cancellation));
        var before = await editor.ETagOfAsync(url);
        var stored = await (await editor.GetAsync(url, Cancellation)).ShouldBeJsonAsync();
        Text(stored, "contactPhone").ShouldBe("(0113) 496 0000");

        await using (var scope = Api.Services.CreateAsyncScope())
        {
            var rewrite = scope.ServiceProvider.GetServices<IModuleStartupTask>().OfType<ContactPhonesToE164Task>().Single();
            await rewrite.RunAsync(scope.ServiceProvider, Cancellation);
        }

        var after = await (await editor.GetAsync(url, Cancellation)).ShouldBeJsonAsync();
        Text(after, "contactPhone").ShouldBe("+441134960000");
        Text(after, "updatedAt").ShouldBe(Text(stored, "updatedAt"), "the number is the same; only its spelling changed");
        (await editor.ETagOfAsync(url)).ShouldNotBe(before);
    }

    [Fact]
    public async Task A_patch_of_the_service_body_keeps_the_rest_and_null_clears_it()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var url = $"{Groups}/{IdOf(await CreateGroupAsync(editor))}";

        var patched = await (await SendAsync(editor, HttpMethod.Patch, url, new { serviceBody = new { name = "Leeds Intergroup" } }, await editor.ETagOfAsync(url))).ShouldBeJsonAsync();
        Text(patched["serviceBody"]!.AsObject(), "name").ShouldBe("Leeds Intergroup");
        patched["serviceBody"]!["url"].ShouldBeNull();
        Text(patched, "contactPhone").ShouldBe("+441134960000");

        var cleared = await (await SendAsync(editor, HttpMethod.Patch, url, "{\"serviceBody\":null}", await editor.ETagOfAsync(url))).ShouldBeJsonAsync();
        cleared["serviceBody"].ShouldBeNull();
    }

    [Fact]
    public async Task An_editor_creates_a_group_in_its_own_organisation()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();

        var response = await editor.PostAsync(Groups, HttpAssertions.Json(ValidGroup()), Cancellation);

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        var id = IdOf(body);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/groups/{id}");
        response.Headers.ETag.ShouldNotBeNull();
        Text(body, "organisation").ShouldBe(slug);
        Text(body, "organisationId").ShouldBe(await OrganisationIdAsync(slug));
        Text(body, "name").ShouldBe("Leeds Tuesday Night Group");
        Text(body, "description").ShouldBe("An open meeting; newcomers welcome.");
        Text(body, "website").ShouldBe("https://leeds-tuesday.example.org");
        Text(body, "contactEmail").ShouldBe("secretary@leeds-tuesday.example.org");
        Text(body, "contactPhone").ShouldBe("+441134960000");
        Text(body, "countryCode").ShouldBe("GB");
        body["serviceBody"].ShouldBeNull();
        body["showContactPublicly"]!.GetValue<bool>().ShouldBeFalse();
        body["serviceAreas"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["Leeds", "West Yorkshire"]);
        Text(body, "status").ShouldBe("active");
        body["lastVerifiedAt"].ShouldBeNull();
        body["lastVerifiedBy"].ShouldBeNull();
        Text(body, "createdAt").ShouldNotBeNullOrWhiteSpace();

        var read = await Api.Anonymous().GetAsync(response.Headers.Location, Cancellation);
        (await read.ShouldBeJsonAsync())["name"]!.GetValue<string>().ShouldBe("Leeds Tuesday Night Group");

        // The creator manages the group, so the tag it got is that of the managers' view; the public view
        // of the same version is another representation with another tag (docs/api.md, Caching).
        (await editor.ETagOfAsync(response.Headers.Location.ToString())).ShouldBe(response.Headers.ETag!.Tag);
        read.Headers.ETag!.Tag.ShouldNotBe(response.Headers.ETag.Tag);
    }

    [Fact]
    public async Task An_id_or_organisation_in_the_body_is_ignored()
    {
        var (own, editor) = await FellowshipWithEditorAsync();
        var other = await Api.CreateOrganisationAsync();
        var otherId = await OrganisationIdAsync(other);
        var chosenId = Guid.NewGuid().ToString();

        var created = await CreateGroupAsync(editor, new { id = chosenId, organisationId = otherId, organisation = other, name = "Mine" });

        IdOf(created).ShouldNotBe(chosenId);
        Text(created, "organisation").ShouldBe(own);
        Text(created, "organisationId").ShouldNotBe(otherId);

        var url = $"{Groups}/{IdOf(created)}";
        var replaced = await SendAsync(editor, HttpMethod.Put, url, new { id = chosenId, organisationId = otherId, name = "Still mine" }, await editor.ETagOfAsync(url));
        var body = await replaced.ShouldBeJsonAsync();
        IdOf(body).ShouldBe(IdOf(created));
        Text(body, "organisation").ShouldBe(own);
    }

    [Fact]
    public async Task A_platform_admin_creates_a_group_for_the_organisation_it_names()
    {
        var slug = await Api.CreateOrganisationAsync();

        var created = await CreateGroupAsync(Api.PlatformAdmin(), new { organisation = slug, name = "Named by the admin" });

        Text(created, "organisation").ShouldBe(slug);
        Text(created, "organisationId").ShouldBe(await OrganisationIdAsync(slug));
    }

    [Fact]
    public async Task A_platform_admin_who_names_no_organisation_gets_a_400()
    {
        var response = await Api.PlatformAdmin().PostAsync(Groups, HttpAssertions.Json(ValidGroup()), Cancellation);

        await response.ShouldBeValidationProblemAsync("organisation");
    }

    [Theory]
    [InlineData("treatment-service")]
    [InlineData("unknown")]
    [InlineData("suspended")]
    public async Task A_platform_admin_naming_an_organisation_that_cannot_hold_groups_gets_a_422(string kind)
    {
        var slug = kind switch
        {
            "treatment-service" => await Api.CreateOrganisationAsync(kind: "treatment-service"),
            "unknown" => "no-such-organisation",
            _ => await Api.CreateOrganisationAsync(),
        };
        if (kind == "suspended")
        {
            await SuspendAsync(slug);
        }

        var response = await Api.PlatformAdmin().PostAsync(Groups, HttpAssertions.Json(new { organisation = slug, name = "Nowhere to go" }), Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem["detail"]!.GetValue<string>().ShouldContain(slug);
    }

    [Fact]
    public async Task An_editor_of_a_treatment_service_cannot_create_groups()
    {
        var slug = await Api.CreateOrganisationAsync(kind: "treatment-service");
        using var editor = Api.WithKey(await Api.CreateKeyAsync(slug, "editor"));

        var response = await editor.PostAsync(Groups, HttpAssertions.Json(ValidGroup()), Cancellation);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    // ---- Validation ------------------------------------------------------------------------

    public static TheoryData<string, string> InvalidBodies()
    {
        static string With(object fields) => JsonSerializer.Serialize(fields, JsonSerializerOptions.Web);
        return new TheoryData<string, string>
        {
            { "{}", "name" },
            { With(new { name = "   " }), "name" },
            { With(new { name = new string('a', 201) }), "name" },
            { With(new { name = "ok", description = new string('a', 4001) }), "description" },
            { With(new { name = "ok", website = "ftp://example.org" }), "website" },
            { With(new { name = "ok", website = "/meetings" }), "website" },
            { With(new { name = "ok", website = "https://example.org/" + new string('a', 2040) }), "website" },
            { With(new { name = "ok", contactEmail = "not-an-email" }), "contactEmail" },
            { With(new { name = "ok", contactEmail = "someone@localhost" }), "contactEmail" },
            { With(new { name = "ok", contactEmail = new string('a', 250) + "@example.org" }), "contactEmail" },
            { With(new { name = "ok", contactPhone = "0113 496" }), "contactPhone" },
            { With(new { name = "ok", contactPhone = "(646) 558-8656" }), "contactPhone" },
            { With(new { name = "ok", contactPhone = "555-0100", countryCode = "US" }), "contactPhone" },
            { With(new { name = "ok", countryCode = "XX" }), "countryCode" },
            { With(new { name = "ok", countryCode = "USA" }), "countryCode" },
            { With(new { name = "ok", serviceBody = new { url = "https://area.example.org" } }), "serviceBody.name" },
            { With(new { name = "ok", serviceBody = new { name = " " } }), "serviceBody.name" },
            { With(new { name = "ok", serviceBody = new { name = new string('a', 201) } }), "serviceBody.name" },
            { With(new { name = "ok", serviceBody = new { name = "Queens Area", url = "ftp://area.example.org" } }), "serviceBody.url" },
            { With(new { name = "ok", serviceBody = "Queens Area" }), "serviceBody" },
            { With(new { name = "ok", contactPhone = "+44 113 496 0000 1234" }), "contactPhone" },
            { With(new { name = "ok", contactPhone = "call 0113 496 0000" }), "contactPhone" },
            { With(new { name = "ok", contactPhone = "0113 496 0000" + new string(' ', 30) + "0" }), "contactPhone" },
            { With(new { name = "ok", serviceAreas = Enumerable.Range(1, 21).Select(i => $"Area {i}") }), "serviceAreas" },
            { With(new { name = "ok", serviceAreas = new[] { new string('a', 101) } }), "serviceAreas[0]" },
            { With(new { name = "ok", serviceAreas = new[] { "Leeds", " " } }), "serviceAreas[1]" },
            { With(new { name = "ok", serviceAreas = "Leeds" }), "serviceAreas" },
            { With(new { name = "ok", status = "banana" }), "status" },
            { With(new { name = "ok", status = 1 }), "status" },
            { With(new { name = "ok", showContactPublicly = "yes" }), "showContactPublicly" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Creating_with_an_invalid_field_is_a_400_naming_it(string json, string field)
    {
        var (_, editor) = await FellowshipWithEditorAsync();

        var response = await editor.PostAsync(Groups, HttpAssertions.Json(json), Cancellation);

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_new_group_cannot_be_closed()
    {
        var (_, editor) = await FellowshipWithEditorAsync();

        var response = await editor.PostAsync(Groups, HttpAssertions.Json(ValidGroup(status: "closed")), Cancellation);

        await response.ShouldBeValidationProblemAsync("status");
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Replacing_with_an_invalid_field_is_a_400_naming_it(string json, string field)
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var url = $"{Groups}/{IdOf(await CreateGroupAsync(editor))}";

        var response = await SendAsync(editor, HttpMethod.Put, url, json, await editor.ETagOfAsync(url));

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("{\"name\": null}", "name")]
    [InlineData("{\"name\": \"\"}", "name")]
    [InlineData("{\"website\": \"not a url\"}", "website")]
    [InlineData("{\"contactEmail\": \"nobody\"}", "contactEmail")]
    [InlineData("{\"contactPhone\": \"12345\"}", "contactPhone")]
    [InlineData("{\"serviceAreas\": [\"\"]}", "serviceAreas[0]")]
    [InlineData("{\"status\": \"banana\"}", "status")]
    public async Task Patching_to_an_invalid_value_is_a_400_naming_the_field(string patch, string field)
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var url = $"{Groups}/{IdOf(await CreateGroupAsync(editor))}";

        var response = await SendAsync(editor, HttpMethod.Patch, url, patch, await editor.ETagOfAsync(url));

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Service_areas_are_trimmed_and_each_kept_once()
    {
        var (_, editor) = await FellowshipWithEditorAsync();

        var created = await CreateGroupAsync(editor, ValidGroup(serviceAreas: [" Leeds ", "leeds", "Bradford"]));

        created["serviceAreas"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["Leeds", "Bradford"]);
    }

    // ---- Read ------------------------------------------------------------------------------

    [Fact]
    public async Task An_unknown_group_is_a_404_problem()
    {
        await (await Api.Anonymous().GetAsync($"{Groups}/{Guid.NewGuid()}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Contact_details_are_hidden_from_the_public_unless_the_group_shows_them()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var (_, outsider) = await FellowshipWithEditorAsync();
        using var reader = Api.WithKey(await Api.CreateKeyAsync(slug, "reader"));
        var group = await CreateGroupAsync(editor, ValidGroup());
        await (await SendAsync(editor, HttpMethod.Post, $"{Groups}/{IdOf(group)}/verify")).ShouldBeJsonAsync();
        var url = $"{Groups}/{IdOf(group)}";

        foreach (var client in new[] { Api.Anonymous(), outsider, reader })
        {
            var body = await (await client.GetAsync(url, Cancellation)).ShouldBeJsonAsync();
            body["contactEmail"].ShouldBeNull();
            body["contactPhone"].ShouldBeNull();
            body["lastVerifiedBy"].ShouldBeNull();
            body["lastVerifiedAt"].ShouldNotBeNull();
            body["showContactPublicly"]!.GetValue<bool>().ShouldBeFalse();
            var listed = (await ListAsync(client, $"organisation={slug}")).Single();
            listed["contactEmail"].ShouldBeNull();
            listed["contactPhone"].ShouldBeNull();
        }

        foreach (var client in new[] { editor, Api.PlatformAdmin() })
        {
            var body = await (await client.GetAsync(url, Cancellation)).ShouldBeJsonAsync();
            Text(body, "contactEmail").ShouldBe("secretary@leeds-tuesday.example.org");
            Text(body, "contactPhone").ShouldBe("+441134960000");
            Text(body, "lastVerifiedBy").ShouldStartWith("key:");
            Text((await ListAsync(client, $"organisation={slug}")).Single(), "contactEmail").ShouldBe("secretary@leeds-tuesday.example.org");
        }

        await (await SendAsync(editor, HttpMethod.Patch, url, new { showContactPublicly = true }, await editor.ETagOfAsync(url))).ShouldBeJsonAsync();

        var opened = await (await Api.Anonymous().GetAsync(url, Cancellation)).ShouldBeJsonAsync();
        Text(opened, "contactEmail").ShouldBe("secretary@leeds-tuesday.example.org");
        Text(opened, "contactPhone").ShouldBe("+441134960000");
        opened["lastVerifiedBy"].ShouldBeNull();
    }

    // ---- Replace and patch -----------------------------------------------------------------

    [Fact]
    public async Task Put_replaces_every_writable_field_and_returns_a_new_etag()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var url = $"{Groups}/{IdOf(await CreateGroupAsync(editor, ValidGroup(status: "inactive")))}";
        var etag = await editor.ETagOfAsync(url);

        var response = await SendAsync(editor, HttpMethod.Put, url, new { name = "Leeds Wednesday Group", contactPhone = "+44 (0)113 496 0001", serviceAreas = new[] { "Leeds" } }, etag);

        var body = await response.ShouldBeJsonAsync();
        response.Headers.ETag!.Tag.ShouldNotBe(etag);
        Text(body, "name").ShouldBe("Leeds Wednesday Group");
        Text(body, "contactPhone").ShouldBe("+441134960001");
        body["description"].ShouldBeNull();
        body["website"].ShouldBeNull();
        body["contactEmail"].ShouldBeNull();
        body["serviceAreas"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["Leeds"]);
        Text(body, "status").ShouldBe("inactive");
        (await editor.ETagOfAsync(url)).ShouldBe(response.Headers.ETag.Tag);
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_null_clears_one()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var url = $"{Groups}/{IdOf(await CreateGroupAsync(editor))}";
        var etag = await editor.ETagOfAsync(url);

        var response = await SendAsync(editor, HttpMethod.Patch, url, "{\"description\": \"Now with a creche.\", \"website\": null, \"status\": \"inactive\"}", etag);

        var body = await response.ShouldBeJsonAsync();
        response.Headers.ETag!.Tag.ShouldNotBe(etag);
        Text(body, "description").ShouldBe("Now with a creche.");
        body["website"].ShouldBeNull();
        Text(body, "status").ShouldBe("inactive");
        Text(body, "name").ShouldBe("Leeds Tuesday Night Group");
        Text(body, "contactEmail").ShouldBe("secretary@leeds-tuesday.example.org");
        body["serviceAreas"]!.AsArray().Count.ShouldBe(2);
    }

    // ---- Concurrency -----------------------------------------------------------------------

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task A_write_without_if_match_is_a_428(string operation)
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var id = IdOf(await CreateGroupAsync(editor));

        var response = await WriteAsync(editor, operation, id, etag: null);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("VERIFY")]
    public async Task Two_writers_with_the_same_etag_exactly_one_wins(string operation)
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        using var secondEditor = Api.WithKey(await Api.CreateKeyAsync(slug, "editor"));
        var id = IdOf(await CreateGroupAsync(editor));
        var etag = await editor.ETagOfAsync($"{Groups}/{id}");

        var responses = await Task.WhenAll(WriteAsync(editor, operation, id, etag), WriteAsync(secondEditor, operation, id, etag));

        responses.Select(r => r.StatusCode).ShouldBe([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], ignoreOrder: true);
        await responses.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var winner = responses.Single(r => r.StatusCode == HttpStatusCode.OK);
        (await editor.ETagOfAsync($"{Groups}/{id}")).ShouldBe(winner.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Deleting_with_a_stale_etag_is_a_412()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var url = $"{Groups}/{IdOf(await CreateGroupAsync(editor))}";
        var etag = await editor.ETagOfAsync(url);
        await (await SendAsync(editor, HttpMethod.Patch, url, new { name = "Changed meanwhile" }, etag)).ShouldBeJsonAsync();

        var response = await SendAsync(editor, HttpMethod.Delete, url, ifMatch: etag);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        (await Api.Anonymous().GetAsync(url, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Verifying_without_if_match_is_allowed()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var id = IdOf(await CreateGroupAsync(editor));

        await (await WriteAsync(editor, "VERIFY", id)).ShouldBeJsonAsync();
    }

    // ---- Who may write ---------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(WritesToAnExistingGroup))]
    public async Task An_editor_of_another_organisation_gets_a_404_and_the_group_is_unchanged(string operation)
    {
        var (_, owner) = await FellowshipWithEditorAsync();
        var (_, outsider) = await FellowshipWithEditorAsync();
        var id = IdOf(await CreateGroupAsync(owner));
        var etag = await owner.ETagOfAsync($"{Groups}/{id}");

        var response = await WriteAsync(outsider, operation, id, etag);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem["detail"]!.GetValue<string>().ShouldContain(id);
        (await owner.ETagOfAsync($"{Groups}/{id}")).ShouldBe(etag);
    }

    [Theory]
    [MemberData(nameof(WritesToAnExistingGroup))]
    public async Task An_organisation_admin_and_a_platform_admin_may_write_the_group(string operation)
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));

        foreach (var client in new[] { orgAdmin, Api.PlatformAdmin() })
        {
            var id = IdOf(await CreateGroupAsync(editor));
            var response = await WriteAsync(client, operation, id, await client.ETagOfAsync($"{Groups}/{id}"));
            response.StatusCode.ShouldBe(operation == "DELETE" ? HttpStatusCode.NoContent : HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancellation));
        }
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_reader_may_not_write_groups(string operation)
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        using var reader = Api.WithKey(await Api.CreateKeyAsync(slug, "reader"));
        var id = IdOf(await CreateGroupAsync(editor));

        var response = await WriteAsync(reader, operation, id, await reader.ETagOfAsync($"{Groups}/{id}"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task An_anonymous_caller_may_not_write_groups(string operation)
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var id = IdOf(await CreateGroupAsync(editor));

        var response = await WriteAsync(Api.Anonymous(), operation, id, await editor.ETagOfAsync($"{Groups}/{id}"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    // ---- Delete ----------------------------------------------------------------------------

    [Fact]
    public async Task Deleting_a_group_removes_it()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var url = $"{Groups}/{IdOf(await CreateGroupAsync(editor))}";

        var response = await SendAsync(editor, HttpMethod.Delete, url, ifMatch: await editor.ETagOfAsync(url));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await response.Content.ReadAsStringAsync(Cancellation)).ShouldBeEmpty();
        await (await Api.Anonymous().GetAsync(url, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await ListAsync(editor, $"organisation={slug}")).ShouldBeEmpty();
    }

    // ---- Verification ----------------------------------------------------------------------

    [Fact]
    public async Task Verifying_stamps_the_time_and_the_credential_and_changes_the_etag()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var url = $"{Groups}/{IdOf(await CreateGroupAsync(editor))}";
        var etag = await editor.ETagOfAsync(url);
        var before = Api.Clock.GetUtcNow();

        var response = await SendAsync(editor, HttpMethod.Post, $"{url}/verify", ifMatch: etag);

        var body = await response.ShouldBeJsonAsync();
        var verifiedAt = ParseInstant(Text(body, "lastVerifiedAt")!);
        verifiedAt.ShouldBeGreaterThanOrEqualTo(before);
        verifiedAt.ShouldBeLessThanOrEqualTo(Api.Clock.GetUtcNow());
        Text(body, "lastVerifiedBy").ShouldStartWith("key:");
        response.Headers.ETag!.Tag.ShouldNotBe(etag);
        (await editor.ETagOfAsync(url)).ShouldBe(response.Headers.ETag.Tag);

        var stale = await SendAsync(editor, HttpMethod.Post, $"{url}/verify", ifMatch: etag);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Verified_before_finds_listings_never_verified_or_verified_earlier()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        await CreateGroupAsync(editor, ValidGroup("Never verified"));
        var checkedGroup = await CreateGroupAsync(editor, ValidGroup("Verified"));
        var verified = await (await SendAsync(editor, HttpMethod.Post, $"{Groups}/{IdOf(checkedGroup)}/verify")).ShouldBeJsonAsync();
        var verifiedAt = ParseInstant(Text(verified, "lastVerifiedAt")!);

        (await NamesAsync(Api.Anonymous(), $"organisation={slug}&verifiedBefore={Instant(verifiedAt)}")).ShouldBe(["Never verified"]);
        (await NamesAsync(Api.Anonymous(), $"organisation={slug}&verifiedBefore={Instant(verifiedAt.AddSeconds(1))}")).ShouldBe(["Never verified", "Verified"]);
    }

    // ---- List ------------------------------------------------------------------------------

    [Fact]
    public async Task The_list_filters_by_organisation()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var (otherSlug, otherEditor) = await FellowshipWithEditorAsync();
        await CreateGroupAsync(editor, ValidGroup("Ours"));
        await CreateGroupAsync(otherEditor, ValidGroup("Theirs"));

        (await NamesAsync(Api.Anonymous(), $"organisation={slug}")).ShouldBe(["Ours"]);
        (await NamesAsync(Api.Anonymous(), $"organisation={otherSlug}")).ShouldBe(["Theirs"]);
        (await ListAsync(Api.Anonymous(), "organisation=no-such-organisation")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_list_filters_by_status()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        await CreateGroupAsync(editor, ValidGroup("Meeting"));
        await CreateGroupAsync(editor, ValidGroup("Paused", status: "inactive"));

        (await NamesAsync(Api.Anonymous(), $"organisation={slug}&status=active")).ShouldBe(["Meeting"]);
        (await NamesAsync(Api.Anonymous(), $"organisation={slug}&status=inactive")).ShouldBe(["Paused"]);
        (await NamesAsync(Api.Anonymous(), $"organisation={slug}")).ShouldBe(["Meeting", "Paused"]);
    }

    [Fact]
    public async Task The_list_filters_by_a_service_area_whatever_its_case()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        await CreateGroupAsync(editor, ValidGroup("Leeds group", serviceAreas: ["Leeds", "West Yorkshire"]));
        await CreateGroupAsync(editor, ValidGroup("York group", serviceAreas: ["York"]));

        (await NamesAsync(Api.Anonymous(), $"organisation={slug}&region=leeds")).ShouldBe(["Leeds group"]);
        (await NamesAsync(Api.Anonymous(), $"organisation={slug}&region=WEST%20YORKSHIRE")).ShouldBe(["Leeds group"]);
        (await NamesAsync(Api.Anonymous(), $"organisation={slug}&region=York")).ShouldBe(["York group"]);
        (await NamesAsync(Api.Anonymous(), $"organisation={slug}&region=Yorkshire")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_list_searches_names_and_descriptions()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var token = $"zq{Guid.NewGuid():N}"[..12];
        await CreateGroupAsync(editor, ValidGroup($"The {token} group"));
        await CreateGroupAsync(editor, ValidGroup("Plain name", description: $"Mentions {token.ToUpperInvariant()} here."));
        await CreateGroupAsync(editor, ValidGroup("Unrelated"));

        (await NamesAsync(Api.Anonymous(), $"q={token}")).ShouldBe(["Plain name", $"The {token} group"]);
        (await NamesAsync(Api.Anonymous(), $"organisation={slug}&q=unrelated")).ShouldBe(["Unrelated"]);
    }

    [Fact]
    public async Task The_list_is_paged_in_the_common_envelope()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        await CreateGroupAsync(editor, ValidGroup("A group"));
        await CreateGroupAsync(editor, ValidGroup("B group"));

        var body = await (await Api.Anonymous().GetAsync($"{Groups}?organisation={slug}&pageSize=1&page=2", Cancellation)).ShouldBeJsonAsync();

        body["items"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe("B group");
        body["page"]!.GetValue<int>().ShouldBe(2);
        body["pageSize"]!.GetValue<int>().ShouldBe(1);
        body["totalItems"]!.GetValue<int>().ShouldBe(2);
        body["totalPages"]!.GetValue<int>().ShouldBe(2);
    }

    [Theory]
    [InlineData("status=banana", "status")]
    [InlineData("status=1", "status")]
    [InlineData("verifiedBefore=yesterday", "verifiedBefore")]
    [InlineData("pageSize=0", "pageSize")]
    public async Task A_bad_list_parameter_is_a_400_naming_it(string query, string field)
    {
        await (await Api.Anonymous().GetAsync($"{Groups}?{query}", Cancellation)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_closed_group_leaves_the_public_list_but_can_still_be_read_by_id()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var (_, outsider) = await FellowshipWithEditorAsync();
        await CreateGroupAsync(editor, ValidGroup("Still meeting"));
        var url = $"{Groups}/{IdOf(await CreateGroupAsync(editor, ValidGroup("Closing down")))}";

        var closed = await SendAsync(editor, HttpMethod.Patch, url, new { status = "closed" }, await editor.ETagOfAsync(url));
        Text(await closed.ShouldBeJsonAsync(), "status").ShouldBe("closed");

        foreach (var client in new[] { Api.Anonymous(), outsider })
        {
            (await NamesAsync(client, $"organisation={slug}")).ShouldBe(["Still meeting"]);
            (await ListAsync(client, $"organisation={slug}&status=closed")).ShouldBeEmpty();
            Text(await (await client.GetAsync(url, Cancellation)).ShouldBeJsonAsync(), "status").ShouldBe("closed");
        }

        foreach (var client in new[] { editor, Api.PlatformAdmin() })
        {
            (await NamesAsync(client, $"organisation={slug}")).ShouldBe(["Closing down", "Still meeting"]);
            (await NamesAsync(client, $"organisation={slug}&status=closed")).ShouldBe(["Closing down"]);
        }
    }

    [Fact]
    public async Task A_suspended_organisations_groups_leave_public_results()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var token = $"zs{Guid.NewGuid():N}"[..12];
        var url = $"{Groups}/{IdOf(await CreateGroupAsync(editor, ValidGroup($"Suspended {token}")))}";

        await SuspendAsync(slug);

        (await ListAsync(Api.Anonymous(), $"q={token}")).ShouldBeEmpty();
        (await ListAsync(Api.Anonymous(), $"organisation={slug}")).ShouldBeEmpty();
        await (await Api.Anonymous().GetAsync(url, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await NamesAsync(Api.PlatformAdmin(), $"q={token}")).ShouldBe([$"Suspended {token}"]);
        (await Api.PlatformAdmin().GetAsync(url, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    // ---- Audit -----------------------------------------------------------------------------

    [Fact]
    public async Task Creating_changing_and_deleting_a_group_is_audited()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var id = IdOf(await CreateGroupAsync(editor));
        var url = $"{Groups}/{id}";
        await (await SendAsync(editor, HttpMethod.Patch, url, new { name = "Renamed" }, await editor.ETagOfAsync(url))).ShouldBeJsonAsync();
        await (await SendAsync(editor, HttpMethod.Post, $"{url}/verify")).ShouldBeJsonAsync();
        (await SendAsync(editor, HttpMethod.Delete, url, ifMatch: await editor.ETagOfAsync(url))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var trail = await (await Api.PlatformAdmin().GetAsync($"/api/v1/audit?entityId={id}", Cancellation)).ShouldBeJsonAsync();

        var entries = trail["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
        entries.Select(e => Text(e, "action")).ShouldBe(["deleted", "updated", "updated", "created"]);
        var organisationId = await OrganisationIdAsync(slug);
        foreach (var entry in entries)
        {
            Text(entry, "entityType").ShouldBe("group");
            Text(entry, "organisationId").ShouldBe(organisationId);
            Text(entry, "actor").ShouldStartWith("key:");
            Text(entry, "correlationId").ShouldNotBeNullOrWhiteSpace();
        }

        using var orgAdmin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));
        var own = await (await orgAdmin.GetAsync("/api/v1/audit?entityType=group", Cancellation)).ShouldBeJsonAsync();
        own["items"]!.AsArray().Count.ShouldBe(4);
    }

    // ---- What a change records ---------------------------------------------------------------

    [Fact]
    public async Task Closing_a_group_records_one_closure_with_the_change_and_a_refused_write_records_nothing()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var id = IdOf(await CreateGroupAsync(editor));
        var url = $"{Groups}/{id}";

        await (await SendAsync(editor, HttpMethod.Patch, url, new { status = "inactive" }, await editor.ETagOfAsync(url))).ShouldBeJsonAsync();
        (await Api.EventsAsync<GroupClosedIntegrationEvent>("groups", e => e.GroupId == Guid.Parse(id))).ShouldBeEmpty();

        var staleEtag = await editor.ETagOfAsync(url);
        var closed = await (await SendAsync(editor, HttpMethod.Put, url, ValidGroup(status: "closed"), staleEtag)).ShouldBeJsonAsync();
        await (await SendAsync(editor, HttpMethod.Patch, url, new { status = "closed" }, staleEtag)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await SendAsync(editor, HttpMethod.Patch, url, new { name = "Renamed while closed" }, await editor.ETagOfAsync(url))).ShouldBeJsonAsync();

        var (row, announced) = (await Api.EventsAsync<GroupClosedIntegrationEvent>("groups", e => e.GroupId == Guid.Parse(id))).ShouldHaveSingleItem();
        announced.OrganisationId.ShouldBe(Guid.Parse(await OrganisationIdAsync(slug)));
        announced.ClosedAt.ShouldBe(ParseInstant(Text(closed, "updatedAt")!));
        row.OccurredAt.ShouldBe(announced.ClosedAt, TimeSpan.FromSeconds(1));

        // Every change the group went through is in its module's change log, in order; the refused one is not.
        var changes = (await Api.OutboxOfAsync("groups")).Where(r => r.Event is GroupChangedIntegrationEvent c && c.GroupId == Guid.Parse(id) || r.Event is GroupClosedIntegrationEvent k && k.GroupId == Guid.Parse(id)).ToList();
        changes.Select(r => r.Event!.GetType().Name).ShouldBe(
            [nameof(GroupChangedIntegrationEvent), nameof(GroupChangedIntegrationEvent), nameof(GroupChangedIntegrationEvent), nameof(GroupClosedIntegrationEvent), nameof(GroupChangedIntegrationEvent)]);
        changes.Select(r => r.Row.Sequence).ShouldBeInOrder();
    }

    [Fact]
    public async Task A_group_that_holds_meetings_cannot_be_deleted_and_one_that_does_not_can()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var holding = IdOf(await CreateGroupAsync(editor, ValidGroup("Holds a meeting")));
        var empty = IdOf(await CreateGroupAsync(editor, ValidGroup("Holds nothing")));
        var meeting = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(holding, name: "Thursday Step"));

        var refused = await SendAsync(editor, HttpMethod.Delete, $"{Groups}/{holding}", ifMatch: await editor.ETagOfAsync($"{Groups}/{holding}"));
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem["meetings"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ShouldBe([meeting]);
        (await Api.Anonymous().GetAsync($"/api/v1/meetings/{meeting}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await SendAsync(editor, HttpMethod.Delete, $"{Groups}/{empty}", ifMatch: await editor.ETagOfAsync($"{Groups}/{empty}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await editor.GetAsync($"{Groups}/{empty}", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class GroupsTestsOnSqlite(SqliteApiFactory api) : GroupsTests<SqliteApiFactory>(api);
