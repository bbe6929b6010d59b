using System.Reflection;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.OpenApi;

namespace RecoveryPlatform.IntegrationTests;

/// <summary>
/// The benchmark's generator (build/SyntheticDirectory) writes rows straight into the SQLite tables, in
/// the shapes EF Core would write them, to fill a directory of 100,000 meetings in seconds. A migration
/// that renames a table or a column, or changes how a value is stored, would break it silently: the
/// benchmark would then measure an empty or half-loaded index. This runs it as the benchmark does, on a
/// database the API has just migrated, and reads the result back through the API.
/// </summary>
public sealed class SyntheticDirectoryTests : IAsyncDisposable
{
    private const int Meetings = 200;
    private readonly TemporaryDataFolder _data = new();

    [Fact]
    public async Task The_generator_fills_a_freshly_migrated_database_that_the_api_loads_whole()
    {
        var settings = await GeneratedDirectoryAsync(Meetings);

        await using var api = await ApiProcess.StartAsync(settings);
        using var client = api.Client();
        var document = await ServedDocument.FetchAsync(client);
        var validator = new ExampleValidator(document);

        var search = await client.GetAsync("/api/v1/meetings?pageSize=100&sort=name", TestContext.Current.CancellationToken);
        var page = await search.ShouldBeJsonAsync();
        page["totalItems"]!.GetValue<int>().ShouldBeGreaterThan(Meetings / 2, "most generated meetings are active and public, so search should find them");
        validator.Problems(document["paths"]!["/api/v1/meetings"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!, page)
            .ShouldBeEmpty("a search page over generated data matches the document");

        var meetingId = page["items"]![0]!["id"]!.GetValue<string>();
        var meeting = await (await client.GetAsync($"/api/v1/meetings/{meetingId}", TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        validator.Problems(document["paths"]!["/api/v1/meetings/{id}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!, meeting)
            .ShouldBeEmpty("a generated meeting read by id matches the document");

        var organisations = await (await client.GetAsync("/api/v1/organisations", TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        organisations["totalItems"]!.GetValue<int>().ShouldBeGreaterThan(0);

        api.Output.ShouldNotContain(line => line.Contains("left out of search", StringComparison.Ordinal), "every generated schedule is one the API can use");
        api.Output.ShouldNotContain(line => line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal));
    }

    /// <summary>
    /// A change that touches more meetings than a reload asks for by id (an organisation suspended, with
    /// thousands) reloads them by scanning the whole directory and keeping those: they must leave search, and
    /// come back, exactly, while every other organisation's meetings stay as they were.
    /// </summary>
    [Fact]
    public async Task Suspending_and_reactivating_an_organisation_of_thousands_of_meetings_takes_exactly_them_out_of_search_and_back()
    {
        await using var api = await ApiProcess.StartAsync(await GeneratedDirectoryAsync(12_000));
        using var admin = api.Client();
        var aa = await TotalAsync(admin, "aa-synthetic");
        var na = await TotalAsync(admin, "na-synthetic");
        aa.ShouldBeGreaterThan(5_000, "enough meetings that the reload scans the directory rather than asking by id");
        na.ShouldBeGreaterThan(0);

        await SetStatusAsync(admin, "aa-synthetic", "suspended");
        (await EventuallyAsync(admin, "aa-synthetic", 0)).ShouldBe(0, "a suspended organisation's meetings leave search");
        (await TotalAsync(admin, "na-synthetic")).ShouldBe(na);

        await SetStatusAsync(admin, "aa-synthetic", "active");
        (await EventuallyAsync(admin, "aa-synthetic", aa)).ShouldBe(aa, "every one of its meetings comes back, each once");
        (await TotalAsync(admin, "na-synthetic")).ShouldBe(na);
        (await TotalAsync(admin, null)).ShouldBe(aa + na + await TotalAsync(admin, "smart-synthetic"));
        api.Output.ShouldNotContain(line => line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal));
    }

    private static async Task<int> TotalAsync(HttpClient client, string? organisation)
    {
        var query = organisation is null ? "pageSize=1" : $"pageSize=1&organisation={organisation}";
        var page = await (await client.GetAsync($"/api/v1/meetings?{query}", TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        return page["totalItems"]!.GetValue<int>();
    }

    /// <summary>The organisation's total once it is <paramref name="expected"/>, or the last seen after 20 s (changes reach search through the change log).</summary>
    private static async Task<int> EventuallyAsync(HttpClient client, string organisation, int expected)
    {
        var total = -1;
        for (var attempt = 0; attempt < 100 && total != expected; attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 200, TestContext.Current.CancellationToken);
            total = await TotalAsync(client, organisation);
        }

        return total;
    }

    private static async Task SetStatusAsync(HttpClient admin, string slug, string status)
    {
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, $"{AccessArrangement.Organisations}/{slug}", AccessArrangement.MergePatch(new { status }));
        var body = await (await admin.SendAsync(request, TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        body["status"]!.GetValue<string>().ShouldBe(status);
    }

    /// <summary>A database the API has migrated, then filled by the generator; the settings to start the API on it.</summary>
    private async Task<Dictionary<string, string>> GeneratedDirectoryAsync(int meetings)
    {
        var settings = ApiProcess.Settings(_data.Path);
        await using (await ApiProcess.StartAsync(settings))
        {
            // Started once to create and migrate the database; stopped before the generator writes.
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var generator = Assembly.Load("SyntheticDirectory").EntryPoint!;
        var exitCode = generator.Invoke(null, [new[] { "--database", _data.DatabaseFile, "--meetings", meetings.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "7" }]);
        exitCode.ShouldBe(0);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return settings;
    }

    public ValueTask DisposeAsync()
    {
        _data.Dispose();
        return ValueTask.CompletedTask;
    }
}
