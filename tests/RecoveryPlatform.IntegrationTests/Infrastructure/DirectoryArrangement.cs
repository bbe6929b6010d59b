namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>Arranges data through the public API, as a platform admin would.</summary>
public static class DirectoryArrangement
{
    /// <summary>Creates an organisation with a unique slug and returns the slug.</summary>
    public static async Task<string> CreateOrganisationAsync(this ApiFactory api, string kind = "fellowship", string? slug = null)
    {
        slug ??= $"org-{Guid.NewGuid():N}"[..20];
        using var admin = api.PlatformAdmin();
        var response = await admin.PostAsync("/api/v1/organisations", HttpAssertions.Json(new { slug, name = $"Organisation {slug}", kind }));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return slug;
    }

    /// <summary>Issues a key for <paramref name="role"/> in the organisation and returns the secret.</summary>
    public static async Task<string> CreateKeyAsync(this ApiFactory api, string slug, string role, DateTimeOffset? expiresAt = null)
    {
        using var admin = api.PlatformAdmin();
        var response = await admin.PostAsync($"/api/v1/organisations/{slug}/api-keys", HttpAssertions.Json(new { name = $"{role} key", role, expiresAt }));
        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        return body["key"]!.GetValue<string>();
    }

    public static async Task<string> ETagOfAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return response.Headers.ETag!.Tag;
    }
}
