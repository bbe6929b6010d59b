using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.OpenApi;

/// <summary>
/// A property-based pass over every operation of the served OpenAPI document, as a generated client or a
/// schema-driven fuzzer (Schemathesis) would meet the API: requests are drawn from the document's own
/// schemas (CsCheck), mostly valid, some deliberately not, and every answer is held to the document.
/// </summary>
/// <remarks>
/// What must hold for every request:
/// <list type="bullet">
/// <item>no 5xx;</item>
/// <item>the status is one the operation declares, and a body validates (JsonSchema.Net) against the schema declared for that status and media type;</item>
/// <item>a request the document says is valid is not refused as malformed (400), unless the refusal names a rule
/// the document states in words because a schema cannot (<see cref="RulesStatedInWords"/>); refusals for the
/// state of the directory (404, 409, 412, 422) are business rules and fine;</item>
/// <item>a request the document says is invalid is not accepted (the document would state a rule the API does not hold).</item>
/// </list>
/// Runs per operation default to a bounded number for CI; <c>build/openapi-fuzz.sh</c> runs many more.
/// A failure is shrunk by CsCheck and reported with its seed; set <c>CsCheck_Seed</c> to replay it.
/// </remarks>
public abstract class DocumentDrivenTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    /// <summary>
    /// Rules a JSON schema cannot state (an IANA zone, a postcode district the platform knows, fields that go
    /// together), keyed by the name the API reports the error under, with the words in the document that
    /// state each. <see cref="Rules_stated_in_words_are_in_the_document"/> keeps the words honest.
    /// </summary>
    private static readonly Dictionary<string, string> RulesStatedInWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["schedule.timeZone"] = "IANA time zone",
        ["date"] = "The date must be one the schedule has.",
        ["body"] = "The file is checked at once (400 when it cannot be read)",
        ["removeMissing"] = "An empty file with removeMissing=true is refused",
        ["after"] = "anything but a cursor the API returned (edited, truncated, made up) is a 400",
        ["role"] = "Platform-wide keys cannot be issued through the API.",
        ["page"] = "Pages end after the newest 10000 entries",
        ["labels"] = "an English (en) label is required",
        ["code"] = "on PUT it must match the code in the URL",
        ["to"] = "At most 366 days.",
        ["schedule.validUntil"] = "not before validFrom",
        ["groupId"] = "Required when creating",
        ["status"] = "a new group cannot be closed",
        ["format"] = "all of which must match; at most 20.",
        ["per_page"] = "Items per page, 1 to 200",
        ["taxonomy_term_id"] = "a UUID, from /taxonomy_terms",
        ["taxonomy_id"] = "a UUID, from /taxonomies",
        ["day"] = "MO, TU, WE, TH, FR, SA, SU or their names",
        ["start_time"] = "starting at or after this local time, HH:MM",
        ["end_time"] = "ending at or before this local time, HH:MM",
        ["minimum_age"] = "An age in years, 0 to 150",
        ["maximum_age"] = "An age in years, 0 to 150",
        ["proximity"] = "1 to 1500000; needs postcode",
        ["formats"] = "Codes of the organisation's own format vocabulary",
        ["languages"] = "BCP 47 language tags",
        ["near"] = "Postcodes are UK postcode districts only; elsewhere give the point.",
        ["latitude"] = "Both may be left out only for a venue in GB whose postcode's district the platform knows",
        ["longitude"] = "given with latitude",
        ["contactPhone"] = "A phone number of the group's country (or with + and its country code)",
        ["serviceBody.name"] = "Required when serviceBody is given.",
        ["radiusKm"] = "a radius needs a point",
        ["sort"] = "Sorting by distance needs a point (lat/lng or near).",
        ["startingWithin"] = "ISO 8601 duration (e.g. PT2H)",
        ["expiresAt"] = "in the future and before 3000",
        ["lat"] = "(with lng)",
        ["lng"] = "(with lat)",
        ["organisation"] = "Platform administrators only, and required for them.",
        ["venueId"] = "in-person (needs venueId)",
        ["online"] = "online (needs online.url or online.phone)",
        ["schedule.durationMinutes"] = "Give this or endTime.",
        ["schedule.endTime"] = "Give this or endTime.",
        ["schedule.recurrence"] = "and required for it",
        ["schedule.recurrence.intervalWeeks"] = "2 or more (2 is fortnightly)",
        ["schedule.recurrence.anchorDate"] = "and required for it",
        ["schedule.recurrence.weekOfMonth"] = "and required for it",
        ["startTime"] = "A change needs at least one of startTime, durationMinutes, venueId or formats.",
        ["schedule.recurrence.exceptWeeksOfMonth"] = "Not for monthly (it names its one week), no repeats, and not all five.",
        ["schedule.formatsByWeekOfMonth"] = "For weekly and every-n-weeks meetings",
        ["schedule.formatsByWeekOfMonth[0].weekOfMonth"] = "each week 1 to 5 at most once, not a week in exceptWeeksOfMonth",
        ["schedule.formatsByWeekOfMonth[1].weekOfMonth"] = "each week 1 to 5 at most once, not a week in exceptWeeksOfMonth",
        ["schedule.formatsByWeekOfMonth[2].weekOfMonth"] = "each week 1 to 5 at most once, not a week in exceptWeeksOfMonth",
        ["schedule.formatsByWeekOfMonth[3].weekOfMonth"] = "each week 1 to 5 at most once, not a week in exceptWeeksOfMonth",
        ["schedule.formatsByWeekOfMonth[4].weekOfMonth"] = "each week 1 to 5 at most once, not a week in exceptWeeksOfMonth",
        ["schedule.formatsByWeekOfMonth[0].formats"] = "codes of the organisation's vocabulary",
        ["schedule.formatsByWeekOfMonth[1].formats"] = "codes of the organisation's vocabulary",
        ["schedule.formatsByWeekOfMonth[2].formats"] = "codes of the organisation's vocabulary",
        ["schedule.formatsByWeekOfMonth[3].formats"] = "codes of the organisation's vocabulary",
        ["schedule.formatsByWeekOfMonth[4].formats"] = "codes of the organisation's vocabulary",
        ["postcode"] = "Required in Great Britain and Northern Ireland",
        ["countryCode"] = "ISO 3166 alpha-2",
        ["purpose"] = "Also accepted as the purpose query parameter.",
        ["area"] = "only the district is kept",
        ["person"] = "a phone or an email at least",
        ["person.preferredContactMethod"] = "phone, text or email",
        ["consent.given"] = "given must be true",
        ["consent.capturedAt"] = "not in the future",
        ["districts"] = "Districts are postcode districts the platform knows",
        ["reason"] = "Coded, and required for rejected",
        ["Idempotency-Key"] = "Required here.",
        ["url"] = "https only, absolute, at most 2000 characters, and its host must resolve only to public addresses",
        ["events"] = "Event types, 1 to 20 of:",
    };

    private static int RunsPerOperation =>
        int.TryParse(Environment.GetEnvironmentVariable("PROPERTY_RUNS"), CultureInfo.InvariantCulture, out var runs) ? runs : 25;

    [Fact]
    public async Task Every_operation_answers_generated_requests_as_its_document_says()
    {
        var document = await DocumentAsync();
        var validator = new ExampleValidator(document);
        var world = await GeneratedWorld.ArrangeAsync(Api);
        using var client = Api.PlatformAdmin();
        var requests = new RequestGenerator(document, world, validator);
        var findings = new List<string>();

        foreach (var operation in requests.Operations)
        {
            try
            {
                await requests.For(operation).SampleAsync(
                    async request => await CheckAsync(client, request, validator, world),
                    iter: RunsPerOperation,
                    threads: 1,
                    print: request => request.ToString());
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // CsCheck's message names the seed and the shrunk request; the inner exception says what broke.
                findings.Add($"{operation.Method.ToUpperInvariant()} {operation.Template}: {failure.Message}\n{failure.InnerException?.Message}");
            }
        }

        findings.ShouldBeEmpty(string.Join("\n\n", findings));
    }

    [Fact]
    public async Task Rules_stated_in_words_are_in_the_document()
    {
        var text = (await DocumentAsync()).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var (field, words) in RulesStatedInWords)
        {
            text.ShouldContain(words, Case.Sensitive, $"{field}: the document no longer says \"{words}\"");
        }
    }

    private Task<JsonObject> DocumentAsync() => ServedDocument.FetchAsync(Api.Anonymous());

    private static async Task CheckAsync(HttpClient client, GeneratedRequest request, ExampleValidator validator, GeneratedWorld world)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method.ToUpperInvariant()), request.Path + request.Query);
        if (request.IfMatch is { } ifMatch)
        {
            var tag = ifMatch == GeneratedRequest.CurrentTag ? await CurrentTagAsync(client, request.Path) : ifMatch;
            if (tag is not null)
            {
                message.Headers.TryAddWithoutValidation("If-Match", tag);
            }
        }

        if (request.IdempotencyKey is { } key)
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        if (request.ContentType is { } contentType)
        {
            message.Content = new StringContent(request.Body?.ToJsonString() ?? "null", Encoding.UTF8);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(message);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var said = $"{request.Method.ToUpperInvariant()} {request.Path}{request.Query} answered {status}: {Shorten(text)}";

        status.ShouldBeLessThan(500, said);

        var declared = request.Operation.Responses[status.ToString(CultureInfo.InvariantCulture)] ?? request.Operation.Responses["default"];
        declared.ShouldNotBeNull($"{said}\n{status} is not declared");

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (text.Length > 0 && mediaType is not null)
        {
            var schema = declared["content"]?[mediaType]?["schema"];
            schema.ShouldNotBeNull($"{said}\n{mediaType} is not declared for {status}");

            // A body in a text format of its own (text/calendar) is a string in the document: that it is the
            // declared media type is what can be held to it here; its own format is its endpoint tests' to check.
            var problems = mediaType.EndsWith("json", StringComparison.Ordinal)
                ? validator.Problems(schema, JsonNode.Parse(text))
                : validator.Problems(schema, JsonValue.Create(text));
            problems.ShouldBeEmpty($"{said}\nthe body breaks its declared schema: {string.Join("; ", problems)}");
        }

        if (request.Invalidity is { } invalidity)
        {
            (status is >= 200 and < 300).ShouldBeFalse($"{said}\nthe document forbids this request ({invalidity}) but the API accepted it");
        }
        else if (status == 400)
        {
            var fields = JsonNode.Parse(text)?["errors"]?.AsObject().Select(e => e.Key).ToList() ?? [];
            var unstated = fields.Where(f => !RulesStatedInWords.ContainsKey(f)).ToList();
            (fields.Count > 0 && unstated.Count == 0).ShouldBeTrue($"{said}\nthe request is valid by the document, but refused for a rule it does not state ({string.Join(", ", unstated.DefaultIfEmpty("no field named"))})");
        }

        world.Learn(request, response, text);
    }

    private static async Task<string?> CurrentTagAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.IsSuccessStatusCode ? response.Headers.ETag?.Tag : null;
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}

public sealed class DocumentDrivenTestsOnSqlite(SqliteApiFactory api) : DocumentDrivenTests<SqliteApiFactory>(api);

/// <summary>One operation of the document, with its path template and its declared responses.</summary>
internal sealed record DocumentOperation(string Method, string Template, JsonObject Definition, JsonObject Responses, List<JsonObject> Parameters);

/// <summary>A request drawn from an operation's schemas; <see cref="Invalidity"/> says how it breaks the document, when it does.</summary>
internal sealed record GeneratedRequest(
    DocumentOperation Operation,
    string Path,
    string Query,
    string? IfMatch,
    string? IdempotencyKey,
    string? ContentType,
    JsonNode? Body,
    string? Invalidity)
{
    public const string CurrentTag = "(current)";

    public string Method => Operation.Method;

    public override string ToString() =>
        $"{Method.ToUpperInvariant()} {Path}{Query} If-Match={IfMatch ?? "-"} Idempotency-Key={IdempotencyKey ?? "-"} {ContentType} {Body?.ToJsonString()} {(Invalidity is null ? "valid" : "invalid: " + Invalidity)}";
}

/// <summary>
/// What exists while the pass runs: the organisation, its groups, venues, meetings, formats and keys.
/// Generators read it when they draw, so ids created by one request can be named by the next.
/// </summary>
internal sealed class GeneratedWorld
{
    public string Slug { get; private init; } = string.Empty;
    public List<string> Organisations { get; } = [];
    public List<string> Groups { get; } = [];
    public List<string> Venues { get; } = [];
    public List<string> Meetings { get; } = [];
    public List<string> Formats { get; } = ["O", "C", "W"];
    public List<string> Keys { get; } = [];

    public static async Task<GeneratedWorld> ArrangeAsync(ApiFactory api)
    {
        var slug = await api.CreateOrganisationAsync();
        var world = new GeneratedWorld { Slug = slug };
        world.Organisations.Add(slug);
        world.Groups.Add(await api.CreateGroupAsync(slug, "Headingley Group"));
        world.Groups.Add(await api.CreateGroupAsync(slug, "Chapel Allerton Group"));
        world.Venues.Add(await api.CreateVenueAsync(slug, "St Michael's Hall"));
        world.Venues.Add(await api.CreateVenueAsync(slug, "Quaker Meeting House", postcode: "LS6 1BH", latitude: 53.8201, longitude: -1.5801));
        await api.CreateFormatAsync(slug, "O", "Open", "open-to-all");
        await api.CreateFormatAsync(slug, "C", "Closed", "closed");
        await api.CreateFormatAsync(slug, "W", "Women", "women-only");
        world.Meetings.Add(await api.CreateMeetingAsync(MeetingArrangement.MeetingBody(world.Groups[0], name: "Tuesday In Person", venueId: world.Venues[0], formats: ["O"])));
        world.Meetings.Add(await api.CreateMeetingAsync(MeetingArrangement.MeetingBody(world.Groups[1], name: "Tuesday Online")));
        world.Meetings.Add(await api.CreateMeetingAsync(MeetingArrangement.MeetingBody(world.Groups[1], name: "Tuesday Hybrid", venueId: world.Venues[1], attendance: "hybrid")));
        return world;
    }

    /// <summary>Takes note of what a successful create made, so later requests can use it.</summary>
    public void Learn(GeneratedRequest request, HttpResponseMessage response, string text)
    {
        if (response.StatusCode != HttpStatusCode.Created || JsonNode.Parse(text) is not JsonObject created)
        {
            return;
        }

        var id = created["id"]?.ToString();
        switch (request.Operation.Template)
        {
            case "/api/v1/groups" when id is not null: Groups.Add(id); break;
            case "/api/v1/venues" when id is not null: Venues.Add(id); break;
            case "/api/v1/meetings" when id is not null: Meetings.Add(id); break;
            case "/api/v1/organisations/{slug}/api-keys" when id is not null: Keys.Add(id); break;
            case "/api/v1/organisations/{slug}/formats" when created["code"]?.ToString() is { } code: Formats.Add(code); break;
            case "/api/v1/organisations" when created["slug"]?.ToString() is { } slug: Organisations.Add(slug); break;
        }
    }

    /// <summary>One of <paramref name="pool"/>, read when the value is drawn.</summary>
    public static Gen<string> OneOf(List<string> pool) =>
        Gen.Int[0, 1_000_000].Select(i => pool.Count == 0 ? Guid.NewGuid().ToString() : pool[i % pool.Count]);
}

/// <summary>Draws requests for each operation of the document.</summary>
internal sealed class RequestGenerator
{
    private readonly GeneratedWorld _world;
    private readonly SchemaValues _values;
    private readonly ExampleValidator _validator;

    public RequestGenerator(JsonObject document, GeneratedWorld world, ExampleValidator validator)
    {
        _world = world;
        _validator = validator;
        _values = new SchemaValues(document, Hints(world));
        Operations = [.. ServedDocument.Operations(document)
            .Select(op => new DocumentOperation(op.Method, op.Path, op.Operation, op.Operation["responses"]!.AsObject(), [.. ServedDocument.Parameters(document, op.Operation)]))];
    }

    public IReadOnlyList<DocumentOperation> Operations { get; }

    /// <summary>Values that exist, by the member or parameter name that takes them.</summary>
    private static Dictionary<string, Gen<JsonNode?>> Hints(GeneratedWorld world)
    {
        static Gen<JsonNode?> Text(Gen<string> values) => values.Select(v => (JsonNode?)JsonValue.Create(v));
        static Gen<JsonNode?> Texts(params string[] values) => Text(Gen.OneOf(values));
        var formatCodes = GeneratedWorld.OneOf(world.Formats);
        return new Dictionary<string, Gen<JsonNode?>>
        {
            ["groupId"] = Text(GeneratedWorld.OneOf(world.Groups)),
            ["venueId"] = Text(GeneratedWorld.OneOf(world.Venues)),
            ["entityId"] = Text(GeneratedWorld.OneOf(world.Meetings)),
            ["organisation"] = Text(GeneratedWorld.OneOf(world.Organisations)),
            ["timeZone"] = Texts("Europe/London", "Europe/Dublin", "America/New_York", "UTC", "Australia/Sydney"),
            ["formats"] = formatCodes.Array[0, 2].Select(codes => (JsonNode?)new JsonArray([.. codes.Distinct().Select(c => JsonValue.Create(c))])),
            ["format"] = formatCodes.Array[0, 2].Select(codes => (JsonNode?)new JsonArray([.. codes.Select(c => JsonValue.Create(c))])),
            ["languages"] = Gen.OneOf("en", "pl", "cy", "es", "en-US", "pt-BR", "ase").Array[0, 2].Select(codes => (JsonNode?)new JsonArray([.. codes.Distinct().Select(c => JsonValue.Create(c))])),
            ["language"] = Gen.OneOf("en", "pl", "cy", "en-US", "ase").Array[0, 2].Select(codes => (JsonNode?)new JsonArray([.. codes.Select(c => JsonValue.Create(c))])),
            ["countryCode"] = Texts("GB", "IE"),
            ["postcode"] = Texts("LS6 3HE", "LS6 1BH", "M1 1AE", "EH1 1YZ"),
            ["near"] = Texts("LS6", "LS6 3HE", "M1", "EH1"),
            ["startingWithin"] = Texts("PT2H", "PT30M", "P1D", "P7D"),
            ["labels"] = Gen.OneOf("Open", "Speaker", "Große Gruppe").Select(label => (JsonNode?)new JsonObject { ["en"] = label, ["pl"] = label }),
        };
    }

    public Gen<GeneratedRequest> For(DocumentOperation operation)
    {
        var pathGen = PathOf(operation);
        var queryGen = QueryOf(operation);
        var bodyGen = BodyOf(operation);
        var ifMatch = IfMatchOf(operation);
        var idempotencyKey = operation.Method == "post"
            ? Gen.Frequency((10, Gen.Const<string?>((string?)null)), (9, Gen.Guid.Select(g => (string?)g.ToString())), (1, Gen.Const<string?>((string?)"the-same-key-every-time")))
            : Gen.Const<string?>((string?)null);

        return Gen.Select(pathGen, queryGen, bodyGen, ifMatch, idempotencyKey, (path, query, body, tag, key) =>
            new GeneratedRequest(operation, path, query.Text, tag, key, body.ContentType, body.Value, query.Invalidity ?? body.Invalidity));
    }

    private Gen<string> PathOf(DocumentOperation operation)
    {
        var path = Gen.Const(operation.Template);
        foreach (var parameter in operation.Parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
        {
            var name = parameter["name"]!.GetValue<string>();
            var existing = name switch
            {
                "slug" => GeneratedWorld.OneOf(_world.Organisations),
                "code" => GeneratedWorld.OneOf(_world.Formats),
                "keyId" => GeneratedWorld.OneOf(_world.Keys),
                "id" when operation.Template.StartsWith("/api/v1/groups", StringComparison.Ordinal) => GeneratedWorld.OneOf(_world.Groups),
                "id" when operation.Template.StartsWith("/api/v1/venues", StringComparison.Ordinal) => GeneratedWorld.OneOf(_world.Venues),
                "id" when operation.Template.StartsWith("/api/v1/meetings", StringComparison.Ordinal) => GeneratedWorld.OneOf(_world.Meetings),
                _ => null,
            };
            // "." and ".." are dot segments, which every client removes from a path (RFC 3986 §5.2.4): they never reach the parameter.
            var drawn = _values.For(parameter["schema"]!).Select(v => WireText(v) ?? string.Empty).Where(v => v.Length > 0 && v is not ("." or ".."));
            var value = existing is null ? drawn : Gen.Frequency((6, existing), (1, drawn));
            path = path.SelectMany(p => value.Select(v => p.Replace("{" + name + "}", Uri.EscapeDataString(v), StringComparison.Ordinal)));
        }

        return path;
    }

    private Gen<(string Text, string? Invalidity)> QueryOf(DocumentOperation operation)
    {
        var parts = Gen.Const((Pairs: new List<string>(), Invalidity: (string?)null));
        foreach (var parameter in operation.Parameters.Where(p => p["in"]!.GetValue<string>() == "query"))
        {
            var name = parameter["name"]!.GetValue<string>();
            var schema = _values.Resolve(parameter["schema"]!);
            var valid = _values.For(parameter["schema"]!, name).Select(v => (Values: QueryTexts(v), Invalidity: (string?)null));
            var broken = BrokenQueryValue(name, schema);
            var value = broken is null ? valid : Gen.Frequency((12, valid), (1, broken));
            var presence = Gen.Int[0, 3].Select(i => i == 0);
            parts = parts.SelectMany(acc => presence.SelectMany(present => present
                ? value.Select(v => (Pairs: (List<string>)[.. acc.Pairs, .. v.Values.Select(text => $"{name}={Uri.EscapeDataString(text)}")], Invalidity: acc.Invalidity ?? v.Invalidity))
                : Gen.Const(acc)));
        }

        return parts.Select(p => (p.Pairs.Count == 0 ? string.Empty : "?" + string.Join('&', p.Pairs), p.Invalidity));
    }

    /// <summary>A value the parameter's schema forbids, when the schema forbids any.</summary>
    private static Gen<(List<string> Values, string? Invalidity)>? BrokenQueryValue(string name, JsonObject schema)
    {
        var type = schema["type"]?.GetValue<string>();
        if (type == "array")
        {
            schema = schema["items"]!.AsObject();
            type = schema["type"]?.GetValue<string>();
        }

        (string Value, string Why)? broken = schema switch
        {
            _ when schema["enum"] is not null => ("not-one-of-them", "not in its enum"),
            _ when schema["maximum"] is not null => ((double.Parse(schema["maximum"]!.ToString(), CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture), "above its maximum"),
            _ when schema["minimum"] is not null => ((double.Parse(schema["minimum"]!.ToString(), CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture), "below its minimum"),
            _ when type is "integer" or "number" => ("twelve", "not a number"),
            _ when type == "boolean" => ("perhaps", "not a boolean"),
            _ when schema["format"]?.GetValue<string>() is "uuid" or "date" or "date-time" => ("not-a-" + schema["format"], "not its format"),
            _ when schema["maxLength"] is not null => (new string('x', schema["maxLength"]!.GetValue<int>() + 1), "longer than its maxLength"),
            _ when schema["pattern"] is not null => ("Not Matching!", "not its pattern"),
            _ => null,
        };

        return broken is { } b ? Gen.Const((new List<string> { b.Value }, (string?)$"{name} {b.Why}")) : null;
    }

    private Gen<(string? ContentType, JsonNode? Value, string? Invalidity)> BodyOf(DocumentOperation operation)
    {
        if (operation.Definition["requestBody"]?["content"] is not JsonObject content || content.Count == 0)
        {
            return Gen.Const<(string?, JsonNode?, string?)>(((string?)null, (JsonNode?)null, (string?)null));
        }

        var contentTypes = content.Select(c => c.Key).ToArray();
        var schema = content[contentTypes[0]]!["schema"]!;
        var valid = _values.For(schema);
        var mutated = valid.SelectMany(body => Mutations(schema).Select(mutate => mutate(body?.DeepClone())));
        var body = Gen.Frequency((6, valid), (1, mutated));
        return Gen.Select(Gen.OneOf(contentTypes), body, (type, value) =>
        {
            var problems = _validator.Problems(schema, value);
            return ((string?)type, (JsonNode?)value, problems.Count == 0 ? null : "body: " + problems[0]);
        });
    }

    private static readonly Func<JsonNode?, JsonNode?> AnArray = _ => new JsonArray();
    private static readonly Func<JsonNode?, JsonNode?> AString = _ => JsonValue.Create("a string, not an object");

    /// <summary>Ways to break a body; whether the result still validates is decided by the validator, not assumed.</summary>
    private Gen<Func<JsonNode?, JsonNode?>> Mutations(JsonNode schema)
    {
        var resolved = _values.Resolve(schema);
        var members = (resolved["properties"]?.AsObject() ?? []).Select(p => p.Key).ToArray();
        var required = (resolved["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToArray();
        Func<JsonNode?, JsonNode?> WithMember(string name, Func<JsonNode?, JsonNode?> change) => body =>
        {
            if (body is JsonObject o)
            {
                o[name] = change(o[name]);
            }

            return body;
        };

        var options = new List<Gen<Func<JsonNode?, JsonNode?>>>
        {
            Gen.Const(AnArray),
            Gen.Const(AString),
        };
        if (required.Length > 0)
        {
            options.Add(Gen.OneOf(required).Select(name => (Func<JsonNode?, JsonNode?>)(body =>
            {
                (body as JsonObject)?.Remove(name);
                return body;
            })));
        }

        if (members.Length > 0)
        {
            var member = Gen.OneOf(members);
            options.Add(member.Select(name => WithMember(name, _ => JsonValue.Create(12345))));
            options.Add(member.Select(name => WithMember(name, _ => JsonValue.Create("text"))));
            options.Add(member.Select(name => WithMember(name, _ => new JsonObject { ["nested"] = new JsonArray() })));
            options.Add(member.Select(name => WithMember(name, _ => JsonValue.Create(new string('x', 5000)))));
            options.Add(member.Select(name => WithMember(name, _ => JsonValue.Create(1e300))));
            options.Add(member.Select(name => WithMember(name, _ => null)));
        }

        return Gen.OneOf([.. options]);
    }

    private static Gen<string?> IfMatchOf(DocumentOperation operation)
    {
        var declared = operation.Parameters.FirstOrDefault(p => p["name"]?.GetValue<string>() == "If-Match");
        if (declared is null)
        {
            return Gen.Const<string?>((string?)null);
        }

        var required = declared["required"]?.GetValue<bool>() == true;
        return Gen.Frequency(
            (14, Gen.Const<string?>((string?)GeneratedRequest.CurrentTag)),
            (2, Gen.Const<string?>((string?)"*")),
            (2, Gen.Const<string?>((string?)"\"0000000000000000\"")),
            (required ? 1 : 4, Gen.Const<string?>((string?)null)));
    }

    private static List<string> QueryTexts(JsonNode? value) => value switch
    {
        null => [],
        JsonArray items => [.. items.Select(WireText).OfType<string>()],
        _ => WireText(value) is { } text ? [text] : [],
    };

    private static string? WireText(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };
}
