using System.Net.Http.Json;

namespace RecoveryPlatform.IntegrationTests.Venues;

public abstract class VenuesTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const string Venues = "/api/v1/venues";

    private static object ValidVenue(string name = "Headingley Methodist Church Hall", string postcode = "ls6 3he", double latitude = 53.8196, double longitude = -1.5773) => new
    {
        name,
        addressLine1 = "North Lane",
        town = "Leeds",
        region = "West Yorkshire",
        postcode,
        latitude,
        longitude,
        accessibility = new[] { "step-free-access", "hearing-loop" },
        accessNotes = "Ramp at the side door.",
    };

    private async Task<(string Slug, HttpClient Editor)> FellowshipWithEditorAsync()
    {
        var slug = await Api.CreateOrganisationAsync();
        return (slug, Api.WithKey(await Api.CreateKeyAsync(slug, "editor")));
    }

    private static async Task<JsonObject> CreateAsync(HttpClient editor, object? venue = null)
    {
        var response = await editor.PostAsync(Venues, HttpAssertions.Json(venue ?? ValidVenue()), TestContext.Current.CancellationToken);
        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"{Venues}/{body["id"]}");
        response.Headers.ETag.ShouldNotBeNull();
        return body;
    }

    [Fact]
    public async Task An_editor_creates_a_venue_with_its_postcode_normalised_and_its_organisation_from_the_key()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var other = await Api.CreateOrganisationAsync();
        var otherId = (await (await Api.Anonymous().GetAsync($"/api/v1/organisations/{other}", Cancellation)).ShouldBeJsonAsync())["id"]!.GetValue<string>();
        var ownId = (await (await Api.Anonymous().GetAsync($"/api/v1/organisations/{slug}", Cancellation)).ShouldBeJsonAsync())["id"]!.GetValue<string>();

        var venue = ValidVenue();
        var withForeignOwner = JsonSerializer.SerializeToNode(venue, JsonSerializerOptions.Web)!.AsObject();
        withForeignOwner["organisationId"] = otherId;
        withForeignOwner["id"] = Guid.NewGuid().ToString();
        var created = await CreateAsync(editor, withForeignOwner);

        created["postcode"]!.GetValue<string>().ShouldBe("LS6 3HE");
        created["countryCode"]!.GetValue<string>().ShouldBe("GB");
        created["organisationId"]!.GetValue<string>().ShouldBe(ownId);
        created["id"]!.GetValue<string>().ShouldNotBe(withForeignOwner["id"]!.GetValue<string>());
        created["accessibility"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["step-free-access", "hearing-loop"]);

        var fetched = await (await Api.Anonymous().GetAsync($"{Venues}/{created["id"]}", Cancellation)).ShouldBeJsonAsync();
        fetched["name"]!.GetValue<string>().ShouldBe("Headingley Methodist Church Hall");
    }

    [Fact]
    public async Task A_non_uk_postcode_is_kept_as_given()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var created = await CreateAsync(editor, new { name = "Dublin Hall", town = "Dublin", postcode = "D02 X285", countryCode = "IE", latitude = 53.34, longitude = -6.26 });
        created["postcode"]!.GetValue<string>().ShouldBe("D02 X285");
        created["countryCode"]!.GetValue<string>().ShouldBe("IE");
    }

    [Theory]
    [InlineData("{\"addressLine1\":\"1 Main St\",\"town\":\"Springfield\",\"countryCode\":\"US\",\"latitude\":40.7}", "longitude")]
    [InlineData("{\"name\":\"Hall\",\"town\":\"Leeds\",\"postcode\":\"NOT A CODE\",\"latitude\":53.8,\"longitude\":-1.5}", "postcode")]
    [InlineData("{\"name\":\"Hall\",\"town\":\"Leeds\",\"latitude\":53.8,\"longitude\":-1.5}", "postcode")]
    [InlineData("{\"name\":\"Hall\",\"town\":\"Leeds\",\"postcode\":\"LS6 3HE\",\"latitude\":91,\"longitude\":-1.5}", "latitude")]
    [InlineData("{\"name\":\"Hall\",\"town\":\"Leeds\",\"postcode\":\"LS6 3HE\",\"latitude\":53.8,\"longitude\":-181}", "longitude")]
    [InlineData("{\"name\":\"Hall\",\"town\":\"Leeds\",\"postcode\":\"LS6 3HE\",\"longitude\":-1.5}", "latitude")]
    [InlineData("{\"name\":\"Hall\",\"town\":\"Leeds\",\"postcode\":\"LS6 3HE\",\"latitude\":53.8,\"longitude\":-1.5,\"countryCode\":\"XX\"}", "countryCode")]
    [InlineData("{\"name\":\"Hall\",\"addressLine1\":\"1 Main St\",\"town\":\"Springfield\",\"countryCode\":\"US\"}", "latitude")]
    [InlineData("{\"name\":\"Hall\",\"town\":\"Leeds\",\"postcode\":\"ZZ99 9ZZ\"}", "latitude")]
    [InlineData("{\"name\":\"Hall\",\"town\":\"Leeds\",\"postcode\":\"LS6 3HE\",\"latitude\":53.8,\"longitude\":-1.5,\"accessibility\":[\"jetpack-landing\"]}", "accessibility[0]")]
    [InlineData("{\"name\":\"Hall\",\"town\":\"Leeds\",\"postcode\":\"LS6 3HE\",\"latitude\":\"north\",\"longitude\":-1.5}", "latitude")]
    public async Task Invalid_venue_fields_are_a_400_naming_the_field(string body, string field)
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        await (await editor.PostAsync(Venues, HttpAssertions.Json(body), Cancellation)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task An_over_long_name_is_a_400()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        await (await editor.PostAsync(Venues, HttpAssertions.Json(ValidVenue(name: new string('x', 201))), Cancellation)).ShouldBeValidationProblemAsync("name");
    }

    [Fact]
    public async Task A_platform_admin_names_the_organisation_and_a_treatment_service_cannot_own_venues()
    {
        using var admin = Api.PlatformAdmin();
        await (await admin.PostAsync(Venues, HttpAssertions.Json(ValidVenue()), Cancellation)).ShouldBeValidationProblemAsync("organisation");

        var service = await Api.CreateOrganisationAsync(kind: "treatment-service");
        var withService = JsonSerializer.SerializeToNode(ValidVenue(), JsonSerializerOptions.Web)!.AsObject();
        withService["organisation"] = service;
        await (await admin.PostAsync(Venues, HttpAssertions.Json(withService.ToJsonString()), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        var fellowship = await Api.CreateOrganisationAsync();
        withService["organisation"] = fellowship;
        (await admin.PostAsync(Venues, HttpAssertions.Json(withService.ToJsonString()), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Writes_need_an_editor_of_the_owner()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var venue = await CreateAsync(editor);
        var url = $"{Venues}/{venue["id"]}";
        var etag = await Api.Anonymous().ETagOfAsync(url);

        await (await Api.Anonymous().PostAsync(Venues, HttpAssertions.Json(ValidVenue()), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var reader = Api.WithKey(await Api.CreateKeyAsync(slug, "reader"));
        await (await reader.PostAsync(Venues, HttpAssertions.Json(ValidVenue()), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var (_, strangerEditor) = await FellowshipWithEditorAsync();
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = HttpAssertions.Json(ValidVenue(name: "Hijacked")) };
        put.Headers.IfMatch.ParseAdd(etag);
        await (await strangerEditor.SendAsync(put, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, url);
        delete.Headers.IfMatch.ParseAdd(etag);
        await (await strangerEditor.SendAsync(delete, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await strangerEditor.PostAsync($"{url}/archive", null, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await strangerEditor.GetAsync($"{url}/nearby-duplicates", Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_writers_with_the_same_etag_exactly_one_wins()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var url = $"{Venues}/{(await CreateAsync(editor))["id"]}";
        var etag = await editor.ETagOfAsync(url);

        var attempts = await Task.WhenAll(new[] { "First", "Second" }.Select(async name =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = HttpAssertions.Json(ValidVenue(name: name)) };
            request.Headers.IfMatch.ParseAdd(etag);
            return (await editor.SendAsync(request, Cancellation)).StatusCode;
        }));

        attempts.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        attempts.Count(s => s == HttpStatusCode.PreconditionFailed).ShouldBe(1);
    }

    [Fact]
    public async Task Patch_merges_validates_like_put_and_needs_if_match()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var url = $"{Venues}/{(await CreateAsync(editor))["id"]}";

        await (await editor.PatchAsync(url, HttpAssertions.Json("{\"accessNotes\":null}", "application/merge-patch+json"), Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);

        using var bad = new HttpRequestMessage(HttpMethod.Patch, url) { Content = HttpAssertions.Json("{\"postcode\":\"nonsense\"}", "application/merge-patch+json") };
        bad.Headers.IfMatch.ParseAdd(await editor.ETagOfAsync(url));
        await (await editor.SendAsync(bad, Cancellation)).ShouldBeValidationProblemAsync("postcode");

        using var good = new HttpRequestMessage(HttpMethod.Patch, url) { Content = HttpAssertions.Json("{\"accessNotes\":null,\"postcode\":\"ls63he\"}", "application/merge-patch+json") };
        good.Headers.IfMatch.ParseAdd(await editor.ETagOfAsync(url));
        var patched = await (await editor.SendAsync(good, Cancellation)).ShouldBeJsonAsync();
        patched["accessNotes"].ShouldBeNull();
        patched["name"]!.GetValue<string>().ShouldBe("Headingley Methodist Church Hall");
        patched["postcode"]!.GetValue<string>().ShouldBe("LS6 3HE");
    }

    [Fact]
    public async Task A_venue_can_be_archived_and_deleted_by_its_editor()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var url = $"{Venues}/{(await CreateAsync(editor))["id"]}";

        var archived = await (await editor.PostAsync($"{url}/archive", null, Cancellation)).ShouldBeJsonAsync();
        archived["archived"]!.GetValue<bool>().ShouldBeTrue();

        await (await editor.DeleteAsync(url, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, url);
        delete.Headers.IfMatch.ParseAdd(await editor.ETagOfAsync(url));
        (await editor.SendAsync(delete, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await Api.Anonymous().GetAsync(url, Cancellation)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_filters_by_organisation_town_postcode_prefix_and_text_and_hides_archived()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        await CreateAsync(editor, ValidVenue(name: "Alpha Hall", postcode: "LS6 3HE"));
        await CreateAsync(editor, new { name = "Beta Rooms", town = "Manchester", postcode = "M2 5NS", latitude = 53.47, longitude = -2.24 });
        var archived = await CreateAsync(editor, ValidVenue(name: "Gamma Hall", postcode: "LS6 1SG"));
        await editor.PostAsync($"{Venues}/{archived["id"]}/archive", null, Cancellation);

        async Task<string[]> NamesAsync(string query) =>
            (await (await Api.Anonymous().GetAsync($"{Venues}?organisation={slug}&{query}", Cancellation)).ShouldBeJsonAsync())["items"]!.AsArray()
                .Select(v => v!["name"]!.GetValue<string>()).ToArray();

        (await NamesAsync(string.Empty)).ShouldBe(["Alpha Hall", "Beta Rooms"]);
        (await NamesAsync("town=manchester")).ShouldBe(["Beta Rooms"]);
        (await NamesAsync("postcode=LS6")).ShouldBe(["Alpha Hall"]);
        (await NamesAsync("q=alpha")).ShouldBe(["Alpha Hall"]);
        var withArchived = (await (await editor.GetAsync($"{Venues}?organisation={slug}&includeArchived=true", Cancellation)).ShouldBeJsonAsync())["totalItems"]!.GetValue<int>();
        withArchived.ShouldBe(3);
    }

    [Fact]
    public async Task Nearby_duplicates_finds_a_similarly_named_venue_of_another_organisation_within_50_metres()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var (_, otherEditor) = await FellowshipWithEditorAsync();
        var mine = await CreateAsync(editor, ValidVenue(name: "St Chad's Parish Centre", latitude: 53.83260, longitude: -1.57760));
        var twin = await CreateAsync(otherEditor, ValidVenue(name: "St Chads Parish Centre Side Room", latitude: 53.83280, longitude: -1.57770));
        await CreateAsync(otherEditor, ValidVenue(name: "Completely Different Place", latitude: 53.83262, longitude: -1.57762));
        await CreateAsync(otherEditor, ValidVenue(name: "St Chad's Parish Centre", latitude: 53.84, longitude: -1.5776));

        var candidates = await (await editor.GetAsync($"{Venues}/{mine["id"]}/nearby-duplicates", Cancellation)).Content.ReadFromJsonAsync<JsonArray>(Cancellation);

        candidates!.Count.ShouldBe(1);
        candidates[0]!["venue"]!["id"]!.GetValue<string>().ShouldBe(twin["id"]!.GetValue<string>());
        candidates[0]!["distanceMetres"]!.GetValue<double>().ShouldBeLessThan(50);
    }

    [Fact]
    public async Task A_venue_without_a_name_or_town_is_shown_by_its_address_and_keeps_the_approximate_flag_it_was_given()
    {
        var (_, editor) = await FellowshipWithEditorAsync();

        // As a Meeting Guide feed row often is: a street address, no location name, no city.
        var created = await CreateAsync(editor, new { addressLine1 = "4 W 76th St", region = "Manhattan", postcode = "10023", countryCode = "US", latitude = 40.7794, longitude = -73.9733, coordinatesApproximate = true });

        created["name"]!.GetValue<string>().ShouldBe("4 W 76th St");
        created["nameDerived"]!.GetValue<bool>().ShouldBeTrue();
        created["town"].ShouldBeNull();
        created["coordinatesApproximate"]!.GetValue<bool>().ShouldBeTrue();
        created["latitude"]!.GetValue<double>().ShouldBe(40.7794);

        var onlyARegion = await CreateAsync(editor, new { region = "Queens", countryCode = "US", latitude = 40.7282, longitude = -73.7949 });
        onlyARegion["name"]!.GetValue<string>().ShouldBe("Queens");
        onlyARegion["coordinatesApproximate"]!.GetValue<bool>().ShouldBeFalse();

        var onlyCoordinates = await CreateAsync(editor, new { countryCode = "US", latitude = 40.7128, longitude = -74.006 });
        onlyCoordinates["name"]!.GetValue<string>().ShouldBe("40.7128, -74.006");
    }

    [Fact]
    public async Task A_uk_venue_given_only_a_postcode_is_placed_at_its_district_centre_marked_approximate_and_follows_a_new_postcode()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var created = await CreateAsync(editor, new { postcode = "ls6 3he" });

        created["name"]!.GetValue<string>().ShouldBe("LS6 3HE");
        created["nameDerived"]!.GetValue<bool>().ShouldBeTrue();
        created["coordinatesApproximate"]!.GetValue<bool>().ShouldBeTrue();
        var leeds6 = (Latitude: created["latitude"]!.GetValue<double>(), Longitude: created["longitude"]!.GetValue<double>());
        leeds6.Latitude.ShouldBe(53.82, 0.05);
        leeds6.Longitude.ShouldBe(-1.57, 0.05);

        // A patch of the postcode moves coordinates that came from the old one, and the derived name with it.
        var url = $"{Venues}/{created["id"]}";
        using var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = HttpAssertions.Json("{\"postcode\":\"M1 1AE\"}", "application/merge-patch+json") };
        patch.Headers.TryAddWithoutValidation("If-Match", await editor.ETagOfAsync(url));
        var moved = await (await editor.SendAsync(patch, Cancellation)).ShouldBeJsonAsync();
        moved["name"]!.GetValue<string>().ShouldBe("M1 1AE");
        moved["latitude"]!.GetValue<double>().ShouldBe(53.48, 0.05);
        moved["coordinatesApproximate"]!.GetValue<bool>().ShouldBeTrue();

        // Given coordinates and a name, it is placed exactly and named as given.
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = HttpAssertions.Json(new { name = "Central Hall", postcode = "M1 1AE", latitude = 53.4794, longitude = -2.2453 }) };
        put.Headers.TryAddWithoutValidation("If-Match", await editor.ETagOfAsync(url));
        var exact = await (await editor.SendAsync(put, Cancellation)).ShouldBeJsonAsync();
        exact["name"]!.GetValue<string>().ShouldBe("Central Hall");
        exact["nameDerived"]!.GetValue<bool>().ShouldBeFalse();
        exact["coordinatesApproximate"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task A_venue_that_cannot_be_placed_is_a_400_stating_the_rule_and_nothing_is_written()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var problem = await (await editor.PostAsync(Venues, HttpAssertions.Json(new { directions = "Round the back", countryCode = "US" }), Cancellation)).ShouldBeValidationProblemAsync("latitude");
        problem["errors"]!["latitude"]![0]!.GetValue<string>().ShouldContain("A venue must be placed");

        var listed = await (await editor.GetAsync($"{Venues}?organisation={slug}", Cancellation)).ShouldBeJsonAsync();
        listed["totalItems"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Nameless_venues_at_one_address_are_found_as_nearby_duplicates()
    {
        var (_, editor) = await FellowshipWithEditorAsync();
        var (_, otherEditor) = await FellowshipWithEditorAsync();
        var mine = await CreateAsync(editor, new { addressLine1 = "130 E 40th St", countryCode = "US", latitude = 40.75010, longitude = -73.97720 });
        var twin = await CreateAsync(otherEditor, new { addressLine1 = "130 E 40th St", countryCode = "US", latitude = 40.75020, longitude = -73.97730 });

        var candidates = await (await editor.GetAsync($"{Venues}/{mine["id"]}/nearby-duplicates", Cancellation)).Content.ReadFromJsonAsync<JsonArray>(Cancellation);

        candidates!.Select(c => c!["venue"]!["id"]!.GetValue<string>()).ShouldBe([twin["id"]!.GetValue<string>()]);
    }

    [Fact]
    public async Task Venue_changes_are_audited()
    {
        var (slug, editor) = await FellowshipWithEditorAsync();
        var venue = await CreateAsync(editor);
        var entries = (await (await Api.PlatformAdmin().GetAsync($"/api/v1/audit?organisation={slug}&entityType=venue", Cancellation)).ShouldBeJsonAsync())["items"]!.AsArray();
        entries.Single()!["entityId"]!.GetValue<string>().ShouldBe(venue["id"]!.GetValue<string>());
    }
}

public sealed class VenuesTestsOnSqlite(SqliteApiFactory api) : VenuesTests<SqliteApiFactory>(api);
