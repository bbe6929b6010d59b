namespace RecoveryPlatform.IntegrationTests;

/// <summary>What a developer generating a client from /swagger/v1/swagger.json relies on.</summary>
public sealed class OpenApiDocumentTests(SqliteApiFactory api) : ApiTest<SqliteApiFactory>(api)
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    private async Task<JsonObject> DocumentAsync() =>
        await (await Api.Anonymous().GetAsync("/swagger/v1/swagger.json", Cancellation)).ShouldBeJsonAsync();

    private async Task<List<(string Name, JsonObject Operation)>> OperationsAsync()
    {
        var document = await DocumentAsync();
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => Methods.Contains(op.Key))
                .Select(op => ($"{op.Key.ToUpperInvariant()} {path.Key}", op.Value!.AsObject())))
            .ToList();
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_an_operation_id()
    {
        var operations = await OperationsAsync();
        operations.ShouldNotBeEmpty();
        foreach (var (name, operation) in operations)
        {
            operation["summary"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(name);
            operation["operationId"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(name);
        }
    }

    [Fact]
    public async Task Every_operation_declares_its_problem_responses()
    {
        foreach (var (name, operation) in await OperationsAsync())
        {
            var responses = operation["responses"]!.AsObject();
            foreach (var status in new[] { "400", "429", "500", "503" })
            {
                responses.ContainsKey(status).ShouldBeTrue($"{name} does not declare {status}");
                responses[status]!["content"]!.AsObject().ContainsKey("application/problem+json").ShouldBeTrue($"{name} {status} is not problem+json");
            }

            if (operation.ContainsKey("security"))
            {
                responses.ContainsKey("401").ShouldBeTrue($"{name} needs a credential but does not declare 401");
                responses.ContainsKey("403").ShouldBeTrue($"{name} needs a credential but does not declare 403");
            }
        }
    }

    [Fact]
    public async Task Every_request_body_carries_an_example()
    {
        foreach (var (name, operation) in (await OperationsAsync()).Where(op => op.Operation.ContainsKey("requestBody")))
        {
            foreach (var (mediaType, content) in operation["requestBody"]!["content"]!.AsObject())
            {
                content!.AsObject().ContainsKey("example").ShouldBeTrue($"{name} {mediaType} has no example");
            }
        }
    }

    [Fact]
    public async Task Both_credential_schemes_are_declared_and_used_by_protected_operations()
    {
        var document = await DocumentAsync();
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        schemes["ApiKey"]!["name"]!.GetValue<string>().ShouldBe("X-Api-Key");
        schemes["Bearer"]!["scheme"]!.GetValue<string>().ShouldBe("bearer");

        var create = document["paths"]!["/api/v1/organisations"]!["post"]!.AsObject();
        create["security"]!.AsArray().Count.ShouldBe(2);
        document["paths"]!["/api/v1/organisations"]!["get"]!.AsObject().ContainsKey("security").ShouldBeFalse();
    }

    [Fact]
    public async Task Enums_are_documented_with_their_wire_names()
    {
        var document = await DocumentAsync();
        var kind = document["components"]!["schemas"]!["OrganisationKind"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        kind.ShouldBe(["fellowship", "treatment-service"], ignoreOrder: true);
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var response = await Api.Anonymous().GetAsync("/swagger/index.html", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancellation)).ShouldContain("swagger-ui");
    }
}
