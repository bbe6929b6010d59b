namespace RecoveryPlatform.IntegrationTests.Access;

/// <summary>Arrangement for the access tests: keys with their ids, suspension, and conditional writes.</summary>
public static class AccessArrangement
{
    public const string Organisations = "/api/v1/organisations";

    public const string MergePatchMediaType = "application/merge-patch+json";

    /// <summary>Issues a key as a platform admin and returns the whole creation answer (id, name, prefix and the secret <c>key</c>).</summary>
    public static async Task<JsonObject> IssueKeyAsync(this ApiFactory api, string slug, string role, string? name = null, DateTimeOffset? expiresAt = null)
    {
        using var admin = api.PlatformAdmin();
        var response = await admin.PostAsync(
            $"{Organisations}/{slug}/api-keys",
            HttpAssertions.Json(new { name = name ?? $"{role} key", role, expiresAt }),
            TestContext.Current.CancellationToken);
        return await response.ShouldBeJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>Suspends an organisation the way an operator would: a merge patch of its status, as a platform admin, with If-Match.</summary>
    public static async Task SuspendAsync(this ApiFactory api, string slug)
    {
        using var admin = api.PlatformAdmin();
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, $"{Organisations}/{slug}", MergePatch(new { status = "suspended" }));
        var body = await (await admin.SendAsync(request, TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        body["status"]!.GetValue<string>().ShouldBe("suspended");
    }

    /// <summary>A write to <paramref name="url"/> carrying the ETag <paramref name="reader"/> reads from it first as If-Match.</summary>
    public static async Task<HttpRequestMessage> ConditionalAsync(this HttpClient reader, HttpMethod method, string url, HttpContent content)
    {
        var etag = await reader.ETagOfAsync(url);
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.IfMatch.ParseAdd(etag);
        return request;
    }

    /// <summary>Patches <paramref name="url"/> as a platform admin, with its current ETag, and expects 200.</summary>
    public static async Task PatchAsAdminAsync(this ApiFactory api, string url, object patch)
    {
        using var admin = api.PlatformAdmin();
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, url, MergePatch(patch));
        await (await admin.SendAsync(request, TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
    }

    public static StringContent MergePatch(object body) =>
        HttpAssertions.Json(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), MergePatchMediaType);

    /// <summary>The organisation's keys as its list shows them (first page of 100), read as a platform admin.</summary>
    public static async Task<JsonArray> KeysOfAsync(this ApiFactory api, string slug)
    {
        using var admin = api.PlatformAdmin();
        var response = await admin.GetAsync($"{Organisations}/{slug}/api-keys?pageSize=100", TestContext.Current.CancellationToken);
        return (await response.ShouldBeJsonAsync())["items"]!.AsArray();
    }
}
