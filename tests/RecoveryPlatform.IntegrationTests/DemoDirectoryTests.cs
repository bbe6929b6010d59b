namespace RecoveryPlatform.IntegrationTests;

/// <summary>
/// The README's first command: the API in Development on a fresh data folder seeds the demo directory and
/// writes demo keys. This starts the real process that way and uses what a newcomer would use next.
/// </summary>
public sealed class DemoDirectoryTests : IAsyncDisposable
{
    private readonly TemporaryDataFolder _data = new();

    [Fact]
    public async Task A_fresh_start_seeds_a_searchable_directory_and_writes_keys_that_work()
    {
        var settings = ApiProcess.Settings(_data.Path);
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        settings["RecoveryPlatform__SeedDemoData"] = "true";
        await using var api = await ApiProcess.StartAsync(settings);
        var cancellation = TestContext.Current.CancellationToken;

        using var anonymous = api.Client(apiKey: null);
        var organisations = await (await anonymous.GetAsync("/api/v1/organisations?pageSize=100", cancellation)).ShouldBeJsonAsync();
        var slugs = organisations["items"]!.AsArray().Select(o => o!["slug"]!.GetValue<string>()).ToList();
        slugs.ShouldContain("aa-great-britain");
        slugs.ShouldContain("na-uk");
        slugs.ShouldContain("smart-recovery-uk");

        var nearLeeds = await (await anonymous.GetAsync("/api/v1/meetings?near=LS6&includeOnline=true", cancellation)).ShouldBeJsonAsync();
        nearLeeds["totalItems"]!.GetValue<int>().ShouldBeGreaterThan(0);

        // The keys file the README reads with awk: one platform-admin line, then slug, role, key.
        var keys = await File.ReadAllLinesAsync(Path.Combine(_data.Path, "demo-api-keys.txt"), cancellation);
        var admin = keys.Single(line => line.StartsWith("platform-admin", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var editor = keys.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(fields => fields is ["aa-great-britain", "editor", _])[2];

        using var asAdmin = api.Client(admin);
        (await asAdmin.GetAsync("/api/v1/organisations/aa-great-britain/api-keys", cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var asEditor = api.Client(editor);
        var venue = new { name = "Demo Test Hall", town = "Leeds", postcode = "LS6 3HE", latitude = 53.8196, longitude = -1.5773 };
        (await asEditor.PostAsync("/api/v1/venues", HttpAssertions.Json(venue), cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public ValueTask DisposeAsync()
    {
        _data.Dispose();
        return ValueTask.CompletedTask;
    }
}
