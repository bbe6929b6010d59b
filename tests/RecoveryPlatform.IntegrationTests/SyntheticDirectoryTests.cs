using System.Reflection;
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
        var settings = ApiProcess.Settings(_data.Path);
        await using (await ApiProcess.StartAsync(settings))
        {
            // Started once to create and migrate the database; stopped before the generator writes.
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var generator = Assembly.Load("SyntheticDirectory").EntryPoint!;
        var exitCode = generator.Invoke(null, [new[] { "--database", _data.DatabaseFile, "--meetings", Meetings.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "7" }]);
        exitCode.ShouldBe(0);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

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

    public ValueTask DisposeAsync()
    {
        _data.Dispose();
        return ValueTask.CompletedTask;
    }
}
