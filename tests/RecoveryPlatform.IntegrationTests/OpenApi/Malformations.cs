using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using CsCheck;

namespace RecoveryPlatform.IntegrationTests.OpenApi;

/// <summary>
/// The bad requests for every operation of the served document, written out systematically rather than drawn at
/// random: each header the API reads given values it cannot take, each declared query parameter given the wrong
/// type, a value out of range, twice, 10 KB long or with broken percent-encoding, each path parameter given an
/// id that does not exist and ids that are not ids, and each member of each request body (from the operation's
/// own example, with real ids put in) given the wrong type, null, an array with a null, left out when required,
/// a 1 MiB string, nesting 1000 deep, invalid UTF-8 and numbers no type can hold; and each body as a whole
/// truncated, empty, of another shape, or sent as another media type.
/// </summary>
/// <remarks>
/// Everything else in each request is as a valid one would be, so that the one thing wrong is what the API meets.
/// Where schema-valid requests come from, see <see cref="DocumentDrivenTests{TFactory}"/>; this is the other side.
/// </remarks>
internal sealed class Malformations(JsonObject document, BadInputWorld world)
{
    /// <summary>Just over the API's 1 MiB limit on a body.</summary>
    public const int HugeStringLength = (1024 * 1024) + 1;

    /// <summary>Large, but leaving the body under the 1 MiB limit, so the string reaches the parser and the validators.</summary>
    public const int LargeStringLength = 900 * 1024;

    /// <summary>Longer than the 8 KiB request line the API serves (a 414 problem), shorter than the server's own limit.</summary>
    public const int LongQueryValueLength = 10 * 1024;

    public const int NestingDepth = 1000;

    private const string Marker = "@@malformed-value@@";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] Writes = ["POST", "PUT", "PATCH", "DELETE"];

    // Made once: every member's case refers to the same text, and the bytes are written only when a case is sent.
    private static readonly string HugeString = new('x', HugeStringLength);
    private static readonly string LargeString = new('x', LargeStringLength);

    /// <summary>Never placed in a body itself: <see cref="WithValue"/> places a copy.</summary>
    private static readonly JsonArray TenThousandItems = [.. Enumerable.Range(0, 10_000).Select(i => (JsonNode?)JsonValue.Create($"item-{i}"))];

    private readonly SchemaValues _schemas = new(document, new Dictionary<string, Gen<JsonNode?>>());

    /// <summary>Every bad request for every operation, in the document's order.</summary>
    public List<MalformedRequest> All() =>
        [.. ServedDocument.Operations(document)
            .Select(op => new DocumentOperation(op.Method, op.Path, op.Operation, op.Operation["responses"]!.AsObject(), [.. ServedDocument.Parameters(document, op.Operation)]))
            .SelectMany(For)];

    /// <summary>The bad requests for one operation: as the platform admin, and a share of them with no credential at all.</summary>
    public IEnumerable<MalformedRequest> For(DocumentOperation operation)
    {
        var shape = new Shape(operation, BaseBody(operation));
        var asAdmin = new List<MalformedRequest>();
        asAdmin.Add(shape.Request("baseline", "the operation's own example, nothing broken"));
        asAdmin.AddRange(HeaderCases(shape));
        asAdmin.AddRange(QueryCases(shape));
        asAdmin.AddRange(PathCases(shape));
        asAdmin.AddRange(BodyCases(shape));

        // Without a credential a request is refused before most of what it carries is read; these are the parts
        // that are read first (the head of the request, the path, whether the body is JSON at all).
        var anonymous = asAdmin.Where(r => r.Class.StartsWith("header:", StringComparison.Ordinal)
                || r.Class is "baseline" or "path: id that does not exist" or "query: broken percent-encoding" or "body: not a JSON document" or "body: wrong Content-Type")
            .Select(r => r.AsAnonymous());
        return [.. asAdmin, .. anonymous, .. CredentialCases(shape)];
    }

    // ---- Headers ---------------------------------------------------------------------------

    private static IEnumerable<MalformedRequest> HeaderCases(Shape shape)
    {
        var method = shape.Operation.Method.ToUpperInvariant();
        var write = Writes.Contains(method);
        foreach (var value in (string[])["garbage", "\"unterminated", "\"x\" trailing-garbage", "*, \"x\"", "W/", "\"\"", "", new string('"', 3), $"\"{new string('x', 4000)}\""])
        {
            yield return shape.Request("header: If-Match", $"If-Match: {MalformedRequest.Printable(value, 40)}", headers: [new("If-Match", value)]);
        }

        if (write)
        {
            foreach (var value in (string[])["W/\"x\"", "W/\"\"", "w/\"x\"", "W/garbage"])
            {
                yield return shape.Request("header: If-Match", $"If-Match: {value} (weak, on a write)", headers: [new("If-Match", value)]);
            }
        }

        if (method == "GET")
        {
            foreach (var value in (string[])["garbage", "W/", "\"x\", garbage", "\"unterminated"])
            {
                yield return shape.Request("header: If-None-Match", $"If-None-Match: {value}", headers: [new("If-None-Match", value)]);
            }
        }

        if (shape.Declares("If-Modified-Since"))
        {
            foreach (var value in (string[])["yesterday", "Tue, 31 Feb 2026 25:61:61 GMT", "0", "-1", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT"])
            {
                yield return shape.Request("header: If-Modified-Since", $"If-Modified-Since: {value}", headers: [new("If-Modified-Since", value)]);
            }
        }

        if (shape.Declares("Idempotency-Key"))
        {
            foreach (var (value, what) in new[]
            {
                (string.Empty, "empty"),
                (new string('k', 300), "300 chars"),
                ("cl\u00E9-\u00FC", "non-ASCII (Latin-1 bytes)"),
                ("cl\u00C3\u00A9", "non-ASCII (UTF-8 bytes)"),
                ("a key with spaces", "spaces"),
                (new string('k', 256), "256 chars, one over its maximum"),
            })
            {
                yield return shape.Request("header: Idempotency-Key", $"Idempotency-Key {what}", headers: [new("Idempotency-Key", value)]);
            }
        }

        foreach (var value in (string[])["image/png", ";;;", "application/json;q=abc", "*/*;q=5", "text/html;charset=nonsense", "application/problem+xml", "application/json, , ,", "*/**", "/", new string('a', 4000) + "/json"])
        {
            yield return shape.Request("header: Accept", $"Accept: {MalformedRequest.Printable(value, 40)}", headers: [new("Accept", value)]);
        }

        var beyondAscii = new List<(string Name, string Value)>
        {
            ("Accept", "application/json\u00E9"),
            ("If-Match", "\"caf\u00E9\""),
            ("X-Client-Note", "\u00FF\u00FE"),
            ("User-Agent", "caf\u00C3\u00A9/1.0"),
            ("Accept-Language", "\u00C3\u0028"),
        };
        if (shape.Declares("Idempotency-Key"))
        {
            beyondAscii.Add(("Idempotency-Key", "\u00FF"));
        }

        if (shape.Declares("Purpose"))
        {
            beyondAscii.Add(("Purpose", "direct-care\u00E9"));
        }

        if (shape.Declares("If-None-Match"))
        {
            beyondAscii.Add(("If-None-Match", "\"\u00E9\""));
        }

        foreach (var (name, value) in beyondAscii)
        {
            yield return shape.Request("header: bytes above 0x7F", $"{name}: {MalformedRequest.Printable(value, 40)}", headers: [new(name, value)]);
        }

        if (shape.Declares("Purpose"))
        {
            foreach (var value in (string?[])[null, string.Empty, "garbage", "direct-care, administration", "DIRECT-CARE"])
            {
                yield return shape.Request("header: Purpose", value is null ? "no Purpose" : $"Purpose: {value}", headers: [new("Purpose", value)]);
            }
        }

        if (shape.Operation.Parameters.Any(p => p["name"]?.GetValue<string>() == "Idempotency-Key" && p["required"]?.GetValue<bool>() == true))
        {
            yield return shape.Request("header: Idempotency-Key", "no Idempotency-Key where it is required", headers: [new("Idempotency-Key", null)]);
        }
    }

    /// <summary>Credentials that are not credentials, on a request that otherwise carries none.</summary>
    private static IEnumerable<MalformedRequest> CredentialCases(Shape shape)
    {
        foreach (var (name, value) in new[]
        {
            ("X-Api-Key", "garbage"),
            ("X-Api-Key", string.Empty),
            ("X-Api-Key", new string('k', 2000)),
            ("X-Api-Key", "rpk_caf\u00E9"),
            ("Authorization", "Bearer garbage"),
            ("Authorization", "Bearer a.b.c"),
            ("Authorization", "Bearer"),
            ("Authorization", "Basic Zm9vOmJhcg=="),
            ("Authorization", ";;;"),
        })
        {
            yield return shape.Request("header: malformed credential", $"{name}: {MalformedRequest.Printable(value, 40)}", headers: [new(name, value)]).AsAnonymous();
        }
    }

    // ---- Query strings -----------------------------------------------------------------------

    private IEnumerable<MalformedRequest> QueryCases(Shape shape)
    {
        foreach (var parameter in shape.Operation.Parameters.Where(p => p["in"]?.GetValue<string>() == "query"))
        {
            var name = parameter["name"]!.GetValue<string>();
            var schema = _schemas.Resolve(parameter["schema"]!);
            if (schema["type"]?.GetValue<string>() == "array")
            {
                schema = _schemas.Resolve(schema["items"]!);
            }

            IEnumerable<MalformedRequest> Each(string @class, IEnumerable<string> values) =>
                values.Select(value => shape.Request(@class, $"{name}={MalformedRequest.Printable(value, 60)}", query: $"?{name}={value}"));

            yield return shape.Request("query: empty value", $"{name}=", query: $"?{name}=");
            yield return shape.Request("query: empty value", $"{name} (no '=')", query: $"?{name}");
            foreach (var request in Each("query: wrong type", WrongQueryTypes(schema).Select(Uri.EscapeDataString)))
            {
                yield return request;
            }

            foreach (var request in Each("query: out of range", OutOfRangeQueryValues(schema).Select(Uri.EscapeDataString)))
            {
                yield return request;
            }

            var (first, second) = PlausibleQueryValues(schema);
            yield return shape.Request("query: repeated", $"{name} twice", query: $"?{name}={Uri.EscapeDataString(first)}&{name}={Uri.EscapeDataString(second)}");
            yield return shape.Request("query: repeated", $"{name} 50 times", query: "?" + string.Join('&', Enumerable.Repeat($"{name}={Uri.EscapeDataString(first)}", 50)));
            yield return shape.Request("query: long value", $"{name} of {LongQueryValueLength} chars", query: $"?{name}={new string('x', LongQueryValueLength)}");
            yield return shape.Request("query: long value", $"{name} of 7000 chars", query: $"?{name}={new string('7', 7000)}");
            foreach (var request in Each("query: broken percent-encoding", ["%zz", "%C3%28", "%FF", "%", "%0", "%00", "%u00e9", "%E2%82", "a%2", "%C0%AF"]))
            {
                yield return request;
            }
        }

        foreach (var query in (string[])["?%zz=1", "?&&&==", "?=x", "?unknownParameter=1", "?a=1;b=2", "?%C3%28=%C3%28", "?" + new string('&', 2000)])
        {
            yield return shape.Request("query: unknown or garbled", query, query: query);
        }
    }

    private static IEnumerable<string> WrongQueryTypes(JsonObject schema) =>
        (schema["type"]?.GetValue<string>(), schema["format"]?.GetValue<string>(), schema["enum"] is not null) switch
        {
            ("integer", _, _) => ["twelve", "1.5", "0x1F", "1,5", "true", "{\"json\":1}"],
            ("number", _, _) => ["twelve", "1,5", "0x1F", "true", "{\"json\":1}"],
            ("boolean", _, _) => ["perhaps", "2", "yes", "{\"json\":true}"],
            (_, "uuid", _) => ["not-a-uuid", "12345", "{00000000-0000-0000-0000-000000000000}", "{\"json\":1}"],
            (_, "date-time", _) => ["not-a-time", "2026-13-45T99:99:99Z", "1700000000", "{\"json\":1}"],
            (_, "date", _) => ["2026-02-30", "31/12/2026", "not-a-date"],
            (_, _, true) => ["not-one-of-them", "1", "{\"json\":1}"],
            _ => ["{\"json\":1}", "[1,2]", "\u0000"],
        };

    private static IEnumerable<string> OutOfRangeQueryValues(JsonObject schema)
    {
        var type = schema["type"]?.GetValue<string>();
        var values = new List<string>();
        if (type is "integer" or "number")
        {
            values.AddRange(["-1", "0", "2147483648", "9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "NaN", "Infinity", "-0", "1e-400"]);
        }

        if (schema["minimum"] is JsonValue minimum)
        {
            values.Add((minimum.GetValue<double>() - 1).ToString(CultureInfo.InvariantCulture));
        }

        if (schema["maximum"] is JsonValue maximum)
        {
            values.Add((maximum.GetValue<double>() + 1).ToString(CultureInfo.InvariantCulture));
        }

        if (schema["maxLength"] is JsonValue maxLength)
        {
            values.Add(new string('x', maxLength.GetValue<int>() + 1));
        }

        if (schema["format"]?.GetValue<string>() is "date-time" or "date")
        {
            values.AddRange(["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "-0001-01-01", "10000-01-01"]);
        }

        if (type == "string")
        {
            values.AddRange([" ", new string(' ', 300)]);
        }

        return values;
    }

    private static (string First, string Second) PlausibleQueryValues(JsonObject schema) =>
        (schema["type"]?.GetValue<string>(), schema["format"]?.GetValue<string>(), schema["enum"]) switch
        {
            (_, _, JsonArray { Count: > 1 } members) => (members[0]!.ToString(), members[1]!.ToString()),
            ("integer" or "number", _, _) => ("1", "2"),
            ("boolean", _, _) => ("true", "false"),
            (_, "uuid", _) => (Guid.NewGuid().ToString(), Guid.NewGuid().ToString()),
            (_, "date-time", _) => ("2026-12-29T19:00:00Z", "2026-12-30T19:00:00Z"),
            (_, "date", _) => ("2026-12-29", "2026-12-30"),
            _ => ("a", "b"),
        };

    // ---- Path parameters -----------------------------------------------------------------------

    private IEnumerable<MalformedRequest> PathCases(Shape shape)
    {
        foreach (var parameter in shape.Operation.Parameters.Where(p => p["in"]?.GetValue<string>() == "path"))
        {
            var name = parameter["name"]!.GetValue<string>();
            var format = _schemas.Resolve(parameter["schema"]!)["format"]?.GetValue<string>();
            IEnumerable<string> missing = (name, format) switch
            {
                (_, "uuid") => [Guid.CreateVersion7().ToString(), Guid.Empty.ToString(), "ffffffff-ffff-ffff-ffff-ffffffffffff"],
                (_, "date") => ["2026-12-22", "2999-12-31", "1900-01-01"],
                ("slug", _) => ["no-such-organisation", "a"],
                _ => ["ZZ", "NOPE"],
            };
            foreach (var value in missing)
            {
                yield return shape.Request("path: id that does not exist", $"{name}={value}", path: new Dictionary<string, string> { [name] = value });
            }

            IEnumerable<string> malformed = (name, format) switch
            {
                (_, "uuid") => ["not-a-uuid", "12345", "-1", "0193a0b0-0000-7000-8000-00000000000", "0193a0b0-0000-7000-8000-0000000000000", "%7B" + Guid.NewGuid() + "%7D", "0193A0B0-0000-7000-8000-00000000000G"],
                (_, "date") => ["2026-02-30", "2026-13-01", "not-a-date", "20261229", "9999-12-31", "0001-01-01", "2026-12-29T00:00:00Z", "-2026-12-29"],
                ("slug", _) => ["UPPER-CASE", "under_score", "-", "--", "a%20b"],
                _ => ["lower", "A%20B", "A+B"],
            };
            malformed = malformed.Concat([new string('a', 300), "%zz", "%C3%28", "%FF", "%00", "%C3%A9", "a%2Fb", "%20", "%2E%2E", "%25", "null", "undefined"]);
            foreach (var value in malformed)
            {
                yield return shape.Request("path: malformed id", $"{name}={MalformedRequest.Printable(value, 60)}", path: new Dictionary<string, string> { [name] = value });
            }
        }
    }

    // ---- Bodies ------------------------------------------------------------------------------------

    private IEnumerable<MalformedRequest> BodyCases(Shape shape)
    {
        if (shape.Operation.Definition["requestBody"]?["content"] is not JsonObject content || content.Count == 0)
        {
            return NoBodyTakenCases(shape);
        }

        var mediaType = content.First().Key;
        if (mediaType == "text/csv" || shape.BaseBody is null)
        {
            return [];
        }

        var cases = new List<MalformedRequest>();
        var schema = content.First().Value!["schema"]!;
        foreach (var member in Members(schema, shape.BaseBody, [], 0))
        {
            cases.AddRange(MemberCases(shape, member));
        }

        cases.AddRange(ExtraMemberCases(shape, schema));
        cases.AddRange(DocumentCases(shape));
        cases.AddRange(ContentTypeCases(shape, content));
        if (content.ContainsKey("text/csv"))
        {
            cases.AddRange(CsvCases(shape));
        }

        return cases;
    }

    /// <summary>A body sent to an operation that takes none: it must be ignored or refused, never break the request.</summary>
    private static IEnumerable<MalformedRequest> NoBodyTakenCases(Shape shape)
    {
        yield return shape.Request("body: where none is taken", "a JSON object", body: () => "{\"unexpected\":true}"u8.ToArray(), contentType: "application/json");
        yield return shape.Request("body: where none is taken", "truncated JSON", body: () => "{\"unexpected\":"u8.ToArray(), contentType: "application/json");
        yield return shape.Request("body: where none is taken", "bytes that are not UTF-8", body: () => [0xFF, 0xFE, 0xC3, 0x28], contentType: "application/octet-stream");
    }

    /// <summary>A member of a body: its path from the root, its schema, whether its object requires it.</summary>
    private sealed record Member(IReadOnlyList<string> Path, JsonObject Schema, bool Required)
    {
        public string Name => string.Join('.', Path).Replace(".[", "[", StringComparison.Ordinal);

        public string? Type => Schema["type"]?.GetValue<string>() ?? (Schema["properties"] is not null ? "object" : null);
    }

    /// <summary>Every member the schema describes, nested objects and the first item of arrays of objects included; from the example where the schema says nothing (an import file).</summary>
    private IEnumerable<Member> Members(JsonNode schemaNode, JsonNode? example, List<string> prefix, int depth)
    {
        var schema = _schemas.Resolve(schemaNode);
        if (depth > 4)
        {
            yield break;
        }

        if (schema["type"]?.GetValue<string>() == "array" && schema["items"] is JsonNode items)
        {
            var first = example is JsonArray { Count: > 0 } list ? list[0] : null;
            foreach (var member in Members(items, first, [.. prefix, "[0]"], depth + 1))
            {
                yield return member;
            }

            yield break;
        }

        var properties = schema["properties"]?.AsObject();
        if (properties is null && example is JsonObject exampleObject && schema["additionalProperties"] is null)
        {
            // No schema for the members (an import file's items are any object): the example's members, by their type there.
            properties = new JsonObject(exampleObject.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, new JsonObject { ["type"] = TypeOf(p.Value) })));
        }

        var required = (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
        foreach (var (name, memberSchema) in properties ?? [])
        {
            var resolved = _schemas.Resolve(memberSchema!);
            var member = new Member([.. prefix, name], resolved, required.Contains(name));
            yield return member;
            var value = (example as JsonObject)?[name];
            if (resolved["properties"] is not null || (resolved["type"]?.GetValue<string>() == "array" && resolved["items"] is JsonNode memberItems && _schemas.Resolve(memberItems)["properties"] is not null))
            {
                foreach (var nested in Members(resolved, value, [.. member.Path], depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string TypeOf(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "string",
    };

    private static IEnumerable<MalformedRequest> MemberCases(Shape shape, Member member)
    {
        MalformedRequest Set(string @class, string what, JsonNode? value) =>
            shape.Request(@class, $"{member.Name} = {what}", body: () => WithValue(shape.BaseBody!, member.Path, value, raw: null));
        MalformedRequest Raw(string @class, string what, byte[] raw) =>
            shape.Request(@class, $"{member.Name} = {what}", body: () => WithValue(shape.BaseBody!, member.Path, null, raw));

        foreach (var wrong in WrongTypes(member))
        {
            yield return Set("body: wrong type", wrong?.ToJsonString() ?? "null", wrong);
        }

        yield return Set("body: null", "null", null);
        yield return Set("body: array with a null", "[null]", new JsonArray(new JsonNode?[] { null }));
        if (member.Type == "array")
        {
            var current = Navigate(shape.BaseBody!.DeepClone(), member.Path) as JsonArray;
            var withNull = new JsonArray([.. current?.Select(i => i?.DeepClone()) ?? [], null]);
            yield return Set("body: array with a null", $"{withNull.ToJsonString()}", withNull);
        }

        if (member.Schema["additionalProperties"] is JsonObject)
        {
            yield return Set("body: null", "{\"en\":null}", new JsonObject { ["en"] = null });
            yield return Set("body: wrong type", "{\"en\":12345}", new JsonObject { ["en"] = 12345 });
        }

        if (member.Required)
        {
            yield return shape.Request("body: required member missing", $"{member.Name} left out", body: () => Serialise(Without(shape.BaseBody!.DeepClone(), member.Path)));
        }

        yield return Set("body: huge string", $"a string of {HugeStringLength} chars", JsonValue.Create(HugeString));
        yield return Set("body: large string", $"a string of {LargeStringLength} chars", JsonValue.Create(LargeString));
        yield return Raw("body: nested 1000 deep", $"arrays {NestingDepth} deep", Encoding.ASCII.GetBytes(new string('[', NestingDepth) + new string(']', NestingDepth)));
        yield return Raw("body: invalid UTF-8", "\"a\\xC3\\x28b\"", [(byte)'"', (byte)'a', 0xC3, 0x28, (byte)'b', (byte)'"']);
        yield return Raw("body: invalid UTF-8", "\"\\xFF\"", [(byte)'"', 0xFF, (byte)'"']);
        yield return Raw("body: invalid UTF-8", "\"\\xED\\xA0\\x80\" (a surrogate, encoded)", [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"']);
        yield return Raw("body: invalid UTF-8", "\"\\xC0\\xAF\" (overlong)", [(byte)'"', 0xC0, 0xAF, (byte)'"']);
        yield return Raw("body: hostile string", "\"\\udc00\" (a lone surrogate, escaped)", "\"\\udc00\""u8.ToArray());
        yield return Raw("body: hostile string", "\"\\u0000\"", "\"a\\u0000b\""u8.ToArray());
        yield return Set("body: hostile string", "\"\" (empty)", JsonValue.Create(string.Empty));
        yield return Set("body: hostile string", "\"   \" (blank)", JsonValue.Create("   "));

        IEnumerable<string> numbers = member.Type is "integer" or "number"
            ? ["1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "-1", "0", "1.5", "2147483648", "1e-400", "-0", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "NaN"]
            : ["1e400", "9223372036854775808", "-1", "\"NaN\""];
        foreach (var number in numbers)
        {
            yield return Raw("body: number out of range", number, Encoding.ASCII.GetBytes(number));
        }

        foreach (var (what, value) in OutOfFormat(member))
        {
            yield return Set("body: value outside its format", what, value);
        }
    }

    private static IEnumerable<JsonNode?> WrongTypes(Member member) => member.Type switch
    {
        "string" => [12345, true, new JsonObject { ["unexpected"] = "object" }, new JsonArray("array")],
        "integer" or "number" => ["twelve", "12", true, new JsonObject { ["unexpected"] = "object" }, new JsonArray(1)],
        "boolean" => ["yes", "true", 1, new JsonObject { ["unexpected"] = "object" }, new JsonArray(true)],
        "array" => ["text", 12345, new JsonObject { ["unexpected"] = "object" }, new JsonArray(member.Schema["items"]?["type"]?.GetValue<string>() == "string" ? 12345 : "text"), new JsonArray(new JsonArray())],
        "object" => ["text", 12345, true, new JsonArray(new JsonObject())],
        _ => [new JsonObject { ["unexpected"] = "object" }, new JsonArray(new JsonArray())],
    };

    /// <summary>Values of the right JSON type that break the member's enum, format, pattern, length or bounds.</summary>
    private static IEnumerable<(string What, JsonNode? Value)> OutOfFormat(Member member)
    {
        var schema = member.Schema;
        if (schema["enum"] is JsonArray members)
        {
            yield return ("\"not-a-member\"", "not-a-member");
            if (members.FirstOrDefault(m => m?.GetValueKind() == JsonValueKind.String) is { } first)
            {
                yield return ($"\"{first.GetValue<string>().ToUpperInvariant()}\"", first.GetValue<string>().ToUpperInvariant());
            }
        }

        var values = (schema["format"]?.GetValue<string>()) switch
        {
            "uuid" => (string[])["not-a-uuid", "00000000-0000-0000-0000-000000000000", "{0193a0b0-0000-7000-8000-000000000001}"],
            "date" => ["2026-02-30", "31/12/2026", "0001-01-01", "9999-12-31", "2026-12-29T19:00:00Z"],
            "date-time" => ["not-a-time", "2026-12-29T25:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "2026-12-29"],
            "email" => ["not-an-email", "a@", "@b", "a@b@c"],
            "uri" => ["not a uri", "javascript:alert(1)", "http://", "https://"],
            _ => [],
        };
        foreach (var value in values)
        {
            yield return ($"\"{value}\"", value);
        }

        if (schema["pattern"] is not null)
        {
            foreach (var value in (string[])["Not Matching!", "25:99", "7pm"])
            {
                yield return ($"\"{value}\"", value);
            }
        }

        if (schema["maxLength"] is JsonValue maxLength)
        {
            var length = maxLength.GetValue<int>() + 1;
            yield return ($"a string of {length} chars (one over its maxLength)", new string('x', length));
        }

        if (schema["minimum"] is JsonValue minimum)
        {
            yield return ($"{minimum.GetValue<double>() - 1} (under its minimum)", minimum.GetValue<double>() - 1);
        }

        if (schema["maximum"] is JsonValue maximum)
        {
            yield return ($"{maximum.GetValue<double>() + 1} (over its maximum)", maximum.GetValue<double>() + 1);
        }

        if (schema["maxItems"] is JsonValue maxItems)
        {
            var count = maxItems.GetValue<int>() + 1;
            yield return ($"{count} items (one over its maxItems)", new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode?)JsonValue.Create($"x{i}"))]));
        }

        if (member.Type == "array")
        {
            yield return ("10000 items", TenThousandItems);
            yield return ("the same item twice", new JsonArray("O", "O"));
        }
    }

    /// <summary>A member no schema declares, at the root and in each nested object, and a member named twice in another case.</summary>
    private IEnumerable<MalformedRequest> ExtraMemberCases(Shape shape, JsonNode schema)
    {
        var objects = new List<IReadOnlyList<string>> { Array.Empty<string>() };
        objects.AddRange(Members(schema, shape.BaseBody, [], 0)
            .Where(m => m.Type == "object" && m.Schema["properties"] is not null)
            .Select(m => m.Path));
        foreach (var path in objects)
        {
            var where = path.Count == 0 ? "the body" : string.Join('.', path);
            foreach (var (name, value) in new (string, JsonNode?)[] { ("unexpectedMember", "surprise"), ("$type", "System.Object"), ("__proto__", new JsonObject { ["admin"] = true }), (new string('k', 5000), 1) })
            {
                var body = shape.BaseBody!.DeepClone();
                if (Navigate(body, [.. path, "\u0000"], create: true) is JsonObject target)
                {
                    target[name] = value;
                    yield return shape.Request("body: unknown member", $"{MalformedRequest.Printable(name, 30)} in {where}", body: () => Serialise(body));
                }
            }
        }

        if (shape.BaseBody is JsonObject { Count: > 0 } root)
        {
            // The first member again, its name in upper case: a second value for the same property to a case-insensitive reader.
            var (first, value) = root.First();
            var text = Serialise(root);
            var twice = Encoding.UTF8.GetBytes($"{{\"{first.ToUpperInvariant()}\":{value?.ToJsonString(Compact) ?? "null"},");
            yield return shape.Request("body: unknown member", $"{first} also as {first.ToUpperInvariant()}", body: () => [.. twice, .. text.AsSpan(1)]);
        }
    }

    /// <summary>The body as a whole not the JSON document it should be.</summary>
    private static IEnumerable<MalformedRequest> DocumentCases(Shape shape)
    {
        var valid = Serialise(shape.BaseBody);
        var otherShape = shape.BaseBody is JsonArray ? "{}"u8.ToArray() : "[]"u8.ToArray();
        var cases = new (string What, Func<byte[]> Body)[]
        {
            ("truncated at half", () => valid[..(valid.Length / 2)]),
            ("truncated before the last byte", () => valid[..^1]),
            ("empty", () => []),
            ("whitespace only", () => "  \r\n\t "u8.ToArray()),
            ("null", () => "null"u8.ToArray()),
            ("of the other shape", () => otherShape),
            ("a string", () => "\"text\""u8.ToArray()),
            ("a number", () => "12345"u8.ToArray()),
            ("true", () => "true"u8.ToArray()),
            ("garbage after the document", () => [.. valid, .. " garbage"u8]),
            ("two documents", () => [.. valid, .. valid]),
            ("a comment", () => [.. "/* comment */"u8, .. valid]),
            ("single quotes", () => "{'name':'x'}"u8.ToArray()),
            ("unquoted names", () => "{name:1}"u8.ToArray()),
            ("a trailing comma", () => "{\"a\":1,}"u8.ToArray()),
            ("NaN as a bare word", () => "{\"a\":NaN}"u8.ToArray()),
            ("a raw control character in a string", () => "{\"a\":\"x\u0001y\"}"u8.ToArray()),
            ("a raw newline in a string", () => "{\"a\":\"x\ny\"}"u8.ToArray()),
            ($"objects nested {NestingDepth} deep", () => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", NestingDepth)) + "1" + new string('}', NestingDepth))),
            ($"arrays nested {NestingDepth} deep", () => Encoding.ASCII.GetBytes(new string('[', NestingDepth) + new string(']', NestingDepth))),
            ("a byte-order mark", () => [0xEF, 0xBB, 0xBF, .. valid]),
            ("UTF-16", () => Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(valid))),
            ("invalid UTF-8 in a member name", () => [.. "{\"a"u8, 0xC3, 0x28, .. "\":1}"u8]),
            ("invalid UTF-8 between tokens", () => [.. "{"u8, 0xFF, .. "}"u8]),
            ("a NUL byte between tokens", () => [.. "{"u8, 0x00, .. "}"u8]),
            ("1 MiB of whitespace before the document", () => [.. Enumerable.Repeat((byte)' ', 1024 * 1024), .. valid]),
            ("a 1 MiB member name", () => Encoding.ASCII.GetBytes($"{{\"{new string('k', 1024 * 1024)}\":1}}")),
            ("100000 members", () => Encoding.ASCII.GetBytes("{" + string.Join(',', Enumerable.Range(0, 100_000).Select(i => $"\"m{i}\":{i}")) + "}")),
            ("an unterminated string", () => "{\"a\":\"unterminated"u8.ToArray()),
            ("only an opening brace", () => "{"u8.ToArray()),
        };
        return cases.Select(c => shape.Request("body: not a JSON document", c.What, body: c.Body));
    }

    private static IEnumerable<MalformedRequest> ContentTypeCases(Shape shape, JsonObject content)
    {
        var body = Serialise(shape.BaseBody);
        var declared = content.Select(c => c.Key).ToHashSet();
        var types = new List<string?>
        {
            null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x",
            "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/json; charset=nonsense", ";;;", "application/", "/",
            "application/json\u00E9", "application/octet-stream", "text/json", "application/json-patch+json", new string('a', 3000) + "/json",
        };
        foreach (var other in (string[])["application/merge-patch+json", "text/csv", "application/json"])
        {
            if (!declared.Contains(other))
            {
                types.Add(other);
            }
        }

        return types.Select(type => shape.Request("body: wrong Content-Type", type is null ? "no Content-Type" : MalformedRequest.Printable(type, 60), body: () => body, contentType: type));
    }

    /// <summary>Import files in CSV that are not CSV a spreadsheet would write.</summary>
    private static IEnumerable<MalformedRequest> CsvCases(Shape shape)
    {
        const string header = "Day,Time,Name,Location,Address,City,Postal Code,Types\r\n";
        var cases = new (string What, Func<byte[]> Body)[]
        {
            ("a quoted field never closed", () => Encoding.UTF8.GetBytes(header + "Tuesday,7:30 PM,\"Unclosed,Hall,Road,Leeds,LS6 3AW,O\r\n")),
            ("invalid UTF-8", () => [.. Encoding.UTF8.GetBytes(header + "Tuesday,7:30 PM,Caf"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(",Hall,Road,Leeds,LS6 3AW,O\r\n")]),
            ("a NUL byte", () => [.. Encoding.UTF8.GetBytes(header + "Tuesday,7:30 PM,A"), 0x00, .. Encoding.UTF8.GetBytes("B,Hall,Road,Leeds,LS6 3AW,O\r\n")]),
            ("empty", () => []),
            ("a header only", () => Encoding.UTF8.GetBytes(header)),
            ("5000 columns", () => Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(0, 5000).Select(i => $"C{i}")) + "\r\n" + string.Join(',', Enumerable.Range(0, 5000)) + "\r\n")),
            ("a 2 MiB field", () => Encoding.UTF8.GetBytes(header + $"Tuesday,7:30 PM,{new string('x', 2 * 1024 * 1024)},Hall,Road,Leeds,LS6 3AW,O\r\n")),
            ("CR line endings only", () => Encoding.UTF8.GetBytes(header.Replace("\r\n", "\r", StringComparison.Ordinal) + "Tuesday,7:30 PM,A,Hall,Road,Leeds,LS6 3AW,O\r")),
            ("binary", () => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0xFE]),
            ("a time that is not a time", () => Encoding.UTF8.GetBytes(header + "Tuesday,25:99 XM,A,Hall,Road,Leeds,LS6 3AW,O\r\n")),
        };
        return cases.Select(c => shape.Request("body: not a CSV file", c.What, body: c.Body, contentType: "text/csv"));
    }

    // ---- The valid request each case starts from -------------------------------------------------------

    /// <summary>The operation's own example body, with the ids it names replaced by ones the arrangement made.</summary>
    private JsonNode? BaseBody(DocumentOperation operation)
    {
        if (operation.Definition["requestBody"]?["content"] is not JsonObject content || content.Count == 0)
        {
            return null;
        }

        var (mediaType, definition) = content.First();
        if (mediaType == "text/csv" || definition?["example"] is not JsonNode example)
        {
            return null;
        }

        var body = example.DeepClone();
        Substitute(body, operation.Template);
        return body;
    }

    private void Substitute(JsonNode? node, string template)
    {
        switch (node)
        {
            case JsonArray items:
                foreach (var item in items)
                {
                    Substitute(item, template);
                }

                break;
            case JsonObject members:
                foreach (var name in members.Select(m => m.Key).ToList())
                {
                    var value = members[name];
                    members[name] = (name, value) switch
                    {
                        ("organisation", JsonValue) => template.StartsWith("/api/v1/referrals", StringComparison.Ordinal) ? world.Fellowship : world.Slug,
                        ("groupId", JsonValue) => world.Group,
                        ("venueId", JsonValue) => world.Venue,
                        ("formats", JsonArray) => new JsonArray("O"),
                        ("url", JsonValue) when template == "/api/v1/webhooks" => world.WebhookUrl,
                        ("code", JsonValue) when template.Contains("{code}", StringComparison.Ordinal) => world.Existing("format"),
                        _ => value,
                    };
                    Substitute(members[name], template);
                }

                break;
        }
    }

    // ---- Editing a body at a member's path -------------------------------------------------------------

    /// <summary>The body with the member at <paramref name="path"/> set to <paramref name="value"/>, or to the raw bytes given.</summary>
    private static byte[] WithValue(JsonNode root, IReadOnlyList<string> path, JsonNode? value, byte[]? raw)
    {
        var body = root.DeepClone();
        var parent = Navigate(body, path, create: true);
        var last = path[^1];
        var placed = raw is null ? value?.DeepClone() : JsonValue.Create(Marker);
        switch (parent)
        {
            case JsonObject members:
                members[last] = placed;
                break;
            case JsonArray items when last == "[0]":
                if (items.Count == 0)
                {
                    items.Add(placed);
                }
                else
                {
                    items[0] = placed;
                }

                break;
        }

        var text = Serialise(body);
        if (raw is null)
        {
            return text;
        }

        var marker = Encoding.UTF8.GetBytes($"\"{Marker}\"");
        var at = text.AsSpan().IndexOf(marker);
        return [.. text.AsSpan(0, at), .. raw, .. text.AsSpan(at + marker.Length)];
    }

    private static JsonNode Without(JsonNode body, IReadOnlyList<string> path)
    {
        if (Navigate(body, path, create: false) is JsonObject parent)
        {
            parent.Remove(path[^1]);
        }

        return body;
    }

    /// <summary>The container that holds the last segment of <paramref name="path"/>, made on the way when <paramref name="create"/>.</summary>
    private static JsonNode? Navigate(JsonNode body, IReadOnlyList<string> path, bool create = false)
    {
        var current = body;
        for (var i = 0; i < path.Count - 1; i++)
        {
            var segment = path[i];
            var next = segment == "[0]" ? (current as JsonArray)?.FirstOrDefault() : (current as JsonObject)?[segment];
            if (next is null or JsonValue)
            {
                if (!create)
                {
                    return null;
                }

                next = path[i + 1] == "[0]" ? new JsonArray() : new JsonObject();
                switch (current)
                {
                    case JsonObject members:
                        members[segment] = next;
                        break;
                    case JsonArray items when items.Count == 0:
                        items.Add(next);
                        break;
                    case JsonArray items:
                        items[0] = next;
                        break;
                }
            }

            current = next;
        }

        return current;
    }

    private static byte[] Serialise(JsonNode? body) => Encoding.UTF8.GetBytes(body?.ToJsonString(Compact) ?? "null");

    /// <summary>An operation and the valid request its bad ones start from.</summary>
    private sealed class Shape(DocumentOperation operation, JsonNode? baseBody)
    {
        private readonly string? _mediaType = operation.Definition["requestBody"]?["content"]?.AsObject().FirstOrDefault().Key;
        private readonly string _query = operation.Template.EndsWith("/imports", StringComparison.Ordinal) ? "?dryRun=true" : string.Empty;
        private readonly List<string> _usual = [.. operation.Parameters
            .Where(p => p["in"]?.GetValue<string>() == "header" && p["required"]?.GetValue<bool>() == true)
            .Select(p => p["name"]!.GetValue<string>())];

        public DocumentOperation Operation => operation;

        public JsonNode? BaseBody => baseBody;

        public bool Declares(string header) => operation.Parameters.Any(p => p["in"]?.GetValue<string>() == "header" && p["name"]?.GetValue<string>() == header);

        /// <summary>The valid request, with what is given in place of its own.</summary>
        public MalformedRequest Request(
            string @class,
            string detail,
            IReadOnlyList<KeyValuePair<string, string?>>? headers = null,
            string? query = null,
            IReadOnlyDictionary<string, string>? path = null,
            Func<byte[]>? body = null,
            string? contentType = "(the operation's)") =>
            new(
                operation.Method.ToUpperInvariant(),
                operation.Template,
                @class,
                detail,
                path ?? new Dictionary<string, string>(),
                query ?? _query,
                headers ?? [],
                body ?? (baseBody is null ? null : () => Serialise(baseBody)),
                contentType == "(the operation's)" ? (body is null && baseBody is null ? null : _mediaType ?? "application/json") : contentType,
                _usual);
    }
}
