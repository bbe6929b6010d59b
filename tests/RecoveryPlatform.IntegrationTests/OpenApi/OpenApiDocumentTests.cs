namespace RecoveryPlatform.IntegrationTests.OpenApi;

/// <summary>
/// What a developer generating a client from /swagger/v1/swagger.json relies on (openapi-typescript,
/// Kiota, NSwag, openapi-generator): the document says what the API does. build/openapi-check.sh runs the
/// public tools (Redocly lint, openapi-typescript with tsc --strict) over docs/openapi.json.
/// </summary>
public sealed class OpenApiDocumentTests(SqliteApiFactory api) : ApiTest<SqliteApiFactory>(api)
{
    /// <summary>
    /// Object schemas that rightly list no required member: a problem's members are all optional (RFC 9457);
    /// an online address needs a URL or a phone, neither alone; a merge patch sends only what changes.
    /// </summary>
    // A venue needs only to be placed (coordinates, or a known UK postcode): a rule across members, stated in words.
    private static readonly string[] WithoutRequiredMembers = ["ProblemDetails", "OnlineRef", "OnlineRequest", "CreateVenueRequest", "VenueRequest"];

    private Task<JsonObject> DocumentAsync() => ServedDocument.FetchAsync(Api.Anonymous());

    private static List<(string Name, string Method, string Path, JsonObject Operation)> Operations(JsonObject document) => ServedDocument.Operations(document);

    private async Task<List<(string Name, string Method, string Path, JsonObject Operation)>> OperationsAsync() => Operations(await DocumentAsync());

    private static IEnumerable<JsonObject> Parameters(JsonObject document, JsonObject operation) => ServedDocument.Parameters(document, operation);

    private static JsonNode Resolve(JsonObject document, JsonNode node) => ServedDocument.Resolve(document, node);

    private static bool NeedsCredential(JsonObject operation) =>
        operation["security"]!.AsArray().All(requirement => requirement!.AsObject().Count > 0);

    [Fact]
    public async Task Every_operation_has_a_summary_and_an_operation_id()
    {
        var operations = await OperationsAsync();
        operations.ShouldNotBeEmpty();
        foreach (var (name, _, _, operation) in operations)
        {
            operation["summary"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(name);
            operation["operationId"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(name);
        }
    }

    [Fact]
    public async Task Every_operation_declares_its_problem_responses()
    {
        foreach (var (name, _, _, operation) in await OperationsAsync())
        {
            var responses = operation["responses"]!.AsObject();
            foreach (var status in new[] { "400", "429", "500", "503" })
            {
                responses.ContainsKey(status).ShouldBeTrue($"{name} does not declare {status}");
                responses[status]!["content"]!.AsObject().ContainsKey("application/problem+json").ShouldBeTrue($"{name} {status} is not problem+json");
            }

            if (NeedsCredential(operation))
            {
                responses.ContainsKey("401").ShouldBeTrue($"{name} needs a credential but does not declare 401");
                responses.ContainsKey("403").ShouldBeTrue($"{name} needs a credential but does not declare 403");
            }
        }
    }

    [Fact]
    public async Task Every_request_body_carries_an_example()
    {
        foreach (var (name, _, _, operation) in (await OperationsAsync()).Where(op => op.Operation.ContainsKey("requestBody")))
        {
            foreach (var (mediaType, content) in operation["requestBody"]!["content"]!.AsObject())
            {
                content!.AsObject().ContainsKey("example").ShouldBeTrue($"{name} {mediaType} has no example");
            }
        }
    }

    [Fact]
    public async Task Every_operation_states_its_security_and_public_ones_accept_a_credential_too()
    {
        var document = await DocumentAsync();
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        schemes["ApiKey"]!["name"]!.GetValue<string>().ShouldBe("X-Api-Key");
        schemes["Bearer"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");

        foreach (var (name, _, _, operation) in Operations(document))
        {
            var security = operation["security"]?.AsArray();
            security.ShouldNotBeNull($"{name} states no security");
            var schemesUsed = security.SelectMany(r => r!.AsObject().Select(s => s.Key)).ToList();
            schemesUsed.ShouldBe(["ApiKey", "Bearer"], ignoreOrder: true, $"{name} does not accept both credentials");
        }

        // A public read: anonymous allowed ({}), and a presented credential is checked.
        var list = document["paths"]!["/api/v1/organisations"]!["get"]!["security"]!.AsArray();
        list.Select(r => r!.ToJsonString()).ShouldBe(["{}", "{\"ApiKey\":[]}", "{\"Bearer\":[]}"]);

        var create = document["paths"]!["/api/v1/organisations"]!["post"]!["security"]!.AsArray();
        create.Select(r => r!.ToJsonString()).ShouldBe(["{\"ApiKey\":[]}", "{\"Bearer\":[]}"]);
    }

    [Fact]
    public async Task The_document_names_its_licence_contact_servers_and_every_tag()
    {
        var document = await DocumentAsync();
        document["info"]!["license"]!["name"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        document["info"]!["contact"]!["name"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        document["servers"]!.AsArray().Select(s => s!["url"]!.GetValue<string>()).ShouldBe(["/"]);

        var described = document["tags"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["description"]?.GetValue<string>());
        foreach (var tag in Operations(document).SelectMany(op => op.Operation["tags"]!.AsArray()).Select(t => t!.GetValue<string>()).Distinct())
        {
            described.GetValueOrDefault(tag).ShouldNotBeNullOrWhiteSpace($"tag '{tag}' has no description");
        }
    }

    [Fact]
    public async Task Query_and_path_parameters_are_named_as_the_API_reads_them()
    {
        var document = await DocumentAsync();
        foreach (var (name, _, _, operation) in Operations(document))
        {
            foreach (var parameter in Parameters(document, operation).Where(p => p["in"]!.GetValue<string>() is "query" or "path"))
            {
                var parameterName = parameter["name"]!.GetValue<string>();
                char.IsUpper(parameterName[0]).ShouldBeFalse($"{name}: parameter '{parameterName}' starts with an upper-case letter");
                Resolve(document, parameter["schema"]!)["nullable"].ShouldBeNull($"{name}: parameter '{parameterName}' cannot be null in a URL");
            }
        }

        var search = Parameters(document, document["paths"]!["/api/v1/meetings"]!["get"]!.AsObject()).Select(p => p["name"]!.GetValue<string>());
        search.ShouldContain("lat");
        search.ShouldContain("lng");
        search.ShouldContain("page");
        search.ShouldContain("pageSize");
    }

    [Fact]
    public async Task Query_parameters_state_their_vocabularies_and_bounds()
    {
        var document = await DocumentAsync();
        JsonObject Parameter(string path, string name) =>
            Parameters(document, document["paths"]![path]!["get"]!.AsObject()).Single(p => p["name"]!.GetValue<string>() == name);
        IEnumerable<string> Enum(JsonNode schema) => schema["enum"]!.AsArray().Select(v => v!.GetValue<string>());

        var day = Parameter("/api/v1/meetings", "day");
        day["schema"]!["type"]!.GetValue<string>().ShouldBe("array");
        // form and explode are the defaults for a query parameter, which the writer leaves out.
        (day["style"]?.GetValue<string>() ?? "form").ShouldBe("form");
        (day["explode"]?.GetValue<bool>() ?? true).ShouldBeTrue();
        Enum(day["schema"]!["items"]!).ShouldBe(["friday", "monday", "saturday", "sunday", "thursday", "tuesday", "wednesday"], ignoreOrder: true);
        Enum(Parameter("/api/v1/meetings", "attendance")["schema"]!["items"]!).ShouldBe(["hybrid", "in-person", "online"], ignoreOrder: true);
        Enum(Parameter("/api/v1/meetings", "attribute")["schema"]!["items"]!).ShouldContain("women-only");
        Enum(Parameter("/api/v1/meetings", "accessibility")["schema"]!["items"]!).ShouldContain("step-free-access");
        Enum(Parameter("/api/v1/meetings", "sort")["schema"]!).ShouldBe(["distance", "nextOccurrence", "name"], ignoreOrder: true);
        Parameter("/api/v1/meetings", "language")["schema"]!["items"]!["pattern"]!.GetValue<string>().ShouldBe(RecoveryPlatform.Modules.Meetings.Domain.LanguageTag.Pattern);
        Enum(Parameter("/api/v1/groups", "status")["schema"]!).ShouldBe(["active", "closed", "inactive"], ignoreOrder: true);
        Enum(Parameter("/api/v1/organisations", "kind")["schema"]!).ShouldBe(["fellowship", "treatment-service"], ignoreOrder: true);

        var radius = Parameter("/api/v1/meetings", "radiusKm")["schema"]!;
        radius["minimum"]!.GetValue<double>().ShouldBe(0);
        radius["exclusiveMinimum"]!.GetValue<bool>().ShouldBeTrue();
        radius["maximum"]!.GetValue<double>().ShouldBe(500);
        Parameter("/api/v1/meetings", "lat")["schema"]!["maximum"]!.GetValue<double>().ShouldBe(90);

        // Every list, whether its paging comes in a filter record or as loose parameters.
        foreach (var (name, _, _, operation) in Operations(document))
        {
            foreach (var parameter in Parameters(document, operation).Where(p => p["name"]!.GetValue<string>() is "page" or "pageSize"))
            {
                var schema = parameter["schema"]!;
                schema["minimum"]!.GetValue<int>().ShouldBe(1, name);
                schema["maximum"]!.GetValue<int>().ShouldBe(parameter["name"]!.GetValue<string>() == "page" ? 10_000 : 100, name);
            }
        }

        Parameter("/api/v1/meetings", "at")["description"]!.GetValue<string>().ShouldContain("1900-01-01 to 2999-12-31");
        Parameter("/api/v1/meetings/{id}/occurrences", "from")["description"]!.GetValue<string>().ShouldContain("1900-01-01 to 2999-12-31");
    }

    [Fact]
    public async Task Every_object_schema_lists_its_required_members()
    {
        var document = await DocumentAsync();
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            if (schema!["properties"] is null || WithoutRequiredMembers.Contains(name) || name.EndsWith("MergePatch", StringComparison.Ordinal))
            {
                continue;
            }

            (schema["required"]?.AsArray().Count ?? 0).ShouldBeGreaterThan(0, $"{name} lists no required member");
        }
    }

    [Fact]
    public async Task Request_schemas_state_what_their_validators_enforce()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        IEnumerable<string> Required(string schema) => schemas[schema]!["required"]!.AsArray().Select(r => r!.GetValue<string>());

        // Nothing of a venue is required on its own: a name is derived, and coordinates may come from a postcode district.
        schemas["CreateVenueRequest"]!["required"].ShouldBeNull();
        Required("MeetingRequest").ShouldBe(["attendance", "name", "schedule"], ignoreOrder: true);
        Required("CreateOrganisationRequest").ShouldBe(["kind", "name", "slug"], ignoreOrder: true);
        Required("CancellationRequest").ShouldBe(["date"]);

        var venue = schemas["VenueRequest"]!["properties"]!;
        venue["name"]!["maxLength"]!.GetValue<int>().ShouldBe(200);
        venue["name"]!["nullable"]!.GetValue<bool>().ShouldBeTrue("a venue's name is optional");
        venue["latitude"]!["minimum"]!.GetValue<double>().ShouldBe(-90);
        venue["addressLine1"]!["nullable"]!.GetValue<bool>().ShouldBeTrue();

        var organisation = schemas["CreateOrganisationRequest"]!["properties"]!;
        organisation["slug"]!["pattern"]!.GetValue<string>().ShouldBe("^[a-z0-9]+(?:-[a-z0-9]+)*$");
        organisation["contactEmail"]!["format"]!.GetValue<string>().ShouldBe("email");
        organisation["website"]!["format"]!.GetValue<string>().ShouldBe("uri");

        schemas["UpdateGroupRequest"]!["properties"]!["serviceAreas"]!["items"]!["maxLength"]!.GetValue<int>().ShouldBeGreaterThan(0);
        schemas["ScheduleRequest"]!["properties"]!["validFrom"]!["description"]!.GetValue<string>().ShouldContain("1900-01-01 to 2999-12-31");

        // docs/api.md: unknown properties of a request are ignored, so the schema does not forbid them.
        schemas["VenueRequest"]!["additionalProperties"].ShouldBeNull();
    }

    [Fact]
    public async Task Search_results_say_which_members_may_be_null()
    {
        var document = await DocumentAsync();
        var result = document["components"]!["schemas"]!["MeetingSearchResult"]!;
        foreach (var member in new[] { "venue", "online", "distanceKm", "nextOccurrence" })
        {
            result["properties"]![member]!["nullable"]?.GetValue<bool>().ShouldBe(true, $"{member} can be null");
            result["required"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldNotContain(member);
        }

        foreach (var member in new[] { "id", "name", "organisation", "group", "attendance", "schedule" })
        {
            result["properties"]![member]!["nullable"].ShouldBeNull($"{member} is never null");
            result["required"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldContain(member);
        }
    }

    [Fact]
    public async Task Every_write_to_a_versioned_resource_requires_If_Match()
    {
        var document = await DocumentAsync();
        var writes = 0;
        foreach (var (name, method, _, operation) in Operations(document))
        {
            var ifMatch = Parameters(document, operation).SingleOrDefault(p => p["in"]!.GetValue<string>() == "header" && p["name"]!.GetValue<string>() == "If-Match");
            if (operation["responses"]!.AsObject().ContainsKey("428"))
            {
                writes++;
                method.ShouldBeOneOf(["put", "patch", "delete"], name);
                ifMatch.ShouldNotBeNull($"{name} answers 428 without If-Match but does not declare it");
                ifMatch["required"]!.GetValue<bool>().ShouldBeTrue(name);
            }
            else if (ifMatch is not null)
            {
                // Only where a stale tag is refused (412) but none is needed (VerifyGroup).
                ifMatch["required"]?.GetValue<bool>().ShouldBe(false, name);
                operation["responses"]!.AsObject().ContainsKey("412").ShouldBeTrue(name);
            }
        }

        writes.ShouldBeGreaterThanOrEqualTo(10);
    }

    [Fact]
    public async Task Headers_are_declared_where_the_API_uses_them()
    {
        var document = await DocumentAsync();
        foreach (var (name, method, _, operation) in Operations(document))
        {
            var headers = Parameters(document, operation).Where(p => p["in"]!.GetValue<string>() == "header").Select(p => p["name"]!.GetValue<string>()).ToList();
            var responses = operation["responses"]!.AsObject();
            if (method == "post")
            {
                // Every POST is served by IdempotencyMiddleware, creates or not.
                headers.ShouldContain("Idempotency-Key", name);
                responses.ContainsKey("409").ShouldBeTrue(name);
                responses.ContainsKey("422").ShouldBeTrue(name);
            }

            if (method == "post" && responses.ContainsKey("201"))
            {
                responses["201"]!["headers"]!.AsObject().ContainsKey("Location").ShouldBeTrue(name);
                responses["201"]!["headers"]!.AsObject().ContainsKey("ETag").ShouldBeTrue(name);
            }

            if (method == "get" && responses.ContainsKey("200"))
            {
                headers.ShouldContain("If-None-Match", name);
                headers.ShouldContain("If-Match", name);
                responses["200"]!["headers"]!.AsObject().ContainsKey("ETag").ShouldBeTrue(name);
                responses["200"]!["headers"]!.AsObject().ContainsKey("Cache-Control").ShouldBeTrue(name);
                responses["200"]!["headers"]!.AsObject().ContainsKey("Vary").ShouldBeTrue(name);
                responses.ContainsKey("304").ShouldBeTrue(name);
                responses["304"]!["content"].ShouldBeNull(name);
                responses.ContainsKey("412").ShouldBeTrue(name);
            }

            // HEAD is served as GET (HeadRequests), so it is no operation of its own; every route may refuse an Accept without JSON.
            method.ShouldNotBe("head", name);
            responses.ContainsKey("406").ShouldBeTrue(name);
            responses["406"]!["content"]!.AsObject().ContainsKey("application/problem+json").ShouldBeTrue(name);

            foreach (var (status, response) in responses)
            {
                var declared = response!["headers"]?.AsObject() ?? [];
                declared.ContainsKey("RateLimit-Policy").ShouldBeTrue($"{name} {status}");
                declared.ContainsKey("RateLimit").ShouldBeTrue($"{name} {status}");
                if (status is "429" or "503")
                {
                    declared.ContainsKey("Retry-After").ShouldBeTrue($"{name} {status}");
                }
            }
        }
    }

    [Fact]
    public async Task Patches_are_json_merge_patches_derived_from_the_replacement_body()
    {
        var document = await DocumentAsync();
        document["components"]!["schemas"]!.AsObject().ContainsKey("JsonNode").ShouldBeFalse("the binding type leaks into the document");

        var patches = Operations(document).Where(op => op.Method == "patch").ToList();
        patches.Count.ShouldBe(4);
        foreach (var (name, _, path, operation) in patches)
        {
            var content = operation["requestBody"]!["content"]!.AsObject();
            content.ContainsKey("application/merge-patch+json").ShouldBeTrue(name);
            var putBody = document["paths"]![path]!["put"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
            foreach (var (_, media) in content)
            {
                media!["schema"]!["$ref"]!.GetValue<string>().ShouldBe(putBody + "MergePatch", name);
            }

            var patch = Resolve(document, content["application/merge-patch+json"]!["schema"]!);
            patch["required"].ShouldBeNull($"{name}: a merge patch sends only what changes");
        }

        var venue = document["components"]!["schemas"]!["VenueRequestMergePatch"]!;
        venue["properties"]!["addressLine1"]!["nullable"]!.GetValue<bool>().ShouldBeTrue("null clears an optional field");
        venue["properties"]!["name"]!["nullable"]!.GetValue<bool>().ShouldBeTrue("null clears a venue's name, which is then derived from its address");
        var group = document["components"]!["schemas"]!["UpdateGroupRequestMergePatch"]!;
        group["properties"]!["name"]!["nullable"].ShouldBeNull("a required field cannot be cleared");
        group["description"]!.GetValue<string>().ShouldContain("Cannot be cleared");
        document["components"]!["schemas"]!["MeetingRequestMergePatch"]!["properties"]!["schedule"]!["allOf"]![0]!["$ref"]!.GetValue<string>()
            .ShouldBe("#/components/schemas/ScheduleRequestMergePatch");
    }

    [Fact]
    public async Task Every_example_validates_against_its_schema()
    {
        var document = await DocumentAsync();
        var validator = new ExampleValidator(document);
        var checkedExamples = 0;
        var problems = new List<string>();
        void Check(string where, JsonNode? schema, JsonNode? example)
        {
            if (schema is null)
            {
                return;
            }

            checkedExamples++;
            problems.AddRange(validator.Problems(schema, example).Select(p => $"{where}: {p}"));
        }

        foreach (var (name, _, _, operation) in Operations(document))
        {
            foreach (var (mediaType, content) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                if (content!.AsObject().TryGetPropertyValue("example", out var example))
                {
                    Check($"{name} request {mediaType}", content["schema"], example);
                }
            }

            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                foreach (var (mediaType, content) in Resolve(document, response!)["content"]?.AsObject() ?? [])
                {
                    if (content!.AsObject().TryGetPropertyValue("example", out var example))
                    {
                        Check($"{name} {status} {mediaType}", content["schema"], example);
                    }
                }
            }

            foreach (var parameter in Parameters(document, operation).Where(p => p.ContainsKey("example")))
            {
                Check($"{name} parameter {parameter["name"]}", parameter["schema"], parameter["example"]);
            }
        }

        foreach (var (header, definition) in document["components"]?["headers"]?.AsObject() ?? [])
        {
            Check($"header {header}", definition!["schema"], definition["example"]);
        }

        problems.ShouldBeEmpty();
        checkedExamples.ShouldBeGreaterThan(30);
    }

    [Fact]
    public async Task The_example_validator_refuses_what_the_schema_does_not_allow()
    {
        var validator = new ExampleValidator(await DocumentAsync());
        var reference = JsonNode.Parse("""{"$ref": "#/components/schemas/MeetingSearchResult"}""")!;
        var result = JsonNode.Parse("""
            {"id": "0193a0b0-0000-7000-8000-000000000003", "name": "Big Book", "organisation": {"id": "0193a0b0-0000-7000-8000-0000000000a1", "slug": "aa", "name": "AA"},
             "group": {"id": "0193a0b0-0000-7000-8000-000000000001", "name": "Tuesday"}, "attendance": "online", "venue": null, "online": null,
             "schedule": {"day": "tuesday", "startTime": "19:30", "durationMinutes": 60, "timeZone": "Europe/London", "recurrence": "weekly"},
             "formats": [], "attributes": [], "languages": ["en"], "distanceKm": null, "nextOccurrence": null}
            """)!;
        validator.Problems(reference, result).ShouldBeEmpty();

        var withoutName = result.DeepClone().AsObject();
        withoutName.Remove("name");
        validator.Problems(reference, withoutName).ShouldNotBeEmpty("a required member is missing");

        var nullName = result.DeepClone();
        nullName["name"] = null;
        validator.Problems(reference, nullName).ShouldNotBeEmpty("name is not nullable");

        var badDay = result.DeepClone();
        badDay["schedule"]!["day"] = "funday";
        validator.Problems(reference, badDay).ShouldNotBeEmpty("day is an enum");

        var badId = result.DeepClone();
        badId["id"] = "not-a-uuid";
        validator.Problems(reference, badId).ShouldNotBeEmpty("id is a uuid");
    }

    [Fact]
    public async Task Success_responses_of_each_tag_carry_an_example()
    {
        var document = await DocumentAsync();
        foreach (var tag in document["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()))
        {
            var withExample = Operations(document)
                .Where(op => op.Operation["tags"]!.AsArray().Any(t => t!.GetValue<string>() == tag))
                .Where(op => op.Operation["responses"]!.AsObject()
                    .Any(r => r.Key.StartsWith('2') && r.Value!["content"]?["application/json"]?["example"] is not null));
            withExample.ShouldNotBeEmpty($"no success response of '{tag}' has an example");
        }
    }

    [Fact]
    public async Task Enums_are_documented_with_their_wire_names()
    {
        var document = await DocumentAsync();
        var kind = document["components"]!["schemas"]!["OrganisationKind"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        kind.ShouldBe(["fellowship", "treatment-service"], ignoreOrder: true);
    }

    /// <summary>
    /// docs/openapi.json is the reviewed contract: a change to the served document shows up as a change to
    /// that file in review. To accept one, run this test with UPDATE_OPENAPI=1 and commit the file.
    /// </summary>
    [Fact]
    public async Task The_served_document_matches_docs_openapi_json()
    {
        var served = await DocumentAsync();
        var file = Path.Combine(RepositoryRoot(), "docs", "openapi.json");
        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(file, text, Cancellation);
            return;
        }

        File.Exists(file).ShouldBeTrue($"{file} is missing. Regenerate it: UPDATE_OPENAPI=1 dotnet test --filter \"FullyQualifiedName~The_served_document_matches\"");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(file, Cancellation));
        JsonNode.DeepEquals(served, committed).ShouldBeTrue(
            "The served OpenAPI document differs from docs/openapi.json. If the change is intended, regenerate the file with " +
            "UPDATE_OPENAPI=1 dotnet test --filter \"FullyQualifiedName~The_served_document_matches\", review the diff, run build/openapi-check.sh, and commit it.");
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var response = await Api.Anonymous().GetAsync("/swagger/index.html", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancellation)).ShouldContain("swagger-ui");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RecoveryPlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with RecoveryPlatform.sln) was not found above the test binaries.");
    }
}
