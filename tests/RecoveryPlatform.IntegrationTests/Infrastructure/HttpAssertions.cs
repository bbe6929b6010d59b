using System.Text;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

public static class HttpAssertions
{
    /// <summary>Asserts an RFC 9457 problem response with the given status and returns its body.</summary>
    public static async Task<JsonObject> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(text)!.AsObject();
        problem["status"]!.GetValue<int>().ShouldBe((int)status);
        problem["type"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        problem["title"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        problem["traceId"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }

    /// <summary>Asserts a 400 validation problem that names each of <paramref name="fields"/> among its errors.</summary>
    public static async Task<JsonObject> ShouldBeValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        errors.ShouldNotBeNull(problem.ToJsonString());
        foreach (var field in fields)
        {
            errors.ContainsKey(field).ShouldBeTrue($"expected an error for '{field}' in {errors.ToJsonString()}");
        }

        return problem;
    }

    public static async Task<JsonObject> ShouldBeJsonAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
}
