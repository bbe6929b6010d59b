using System.Text;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Imports;

/// <summary>The embedded default with an instance that takes imports but leaves running them to others (Imports:RunJobs=false).</summary>
public sealed class SqliteApiFactoryNotRunningImports : DataFolderApiFactory
{
    public SqliteApiFactoryNotRunningImports() => Settings["Imports:RunJobs"] = "false";
}

/// <summary>
/// One import per organisation at a time, whichever instance takes it. Jobs here stay queued (this instance does not
/// run them), which is how a second submission meets a first that has not ended.
/// </summary>
public sealed class ImportQueueTests(SqliteApiFactoryNotRunningImports api) : ApiTest<SqliteApiFactoryNotRunningImports>(api)
{
    private static StringContent Feed() => new("""[{"name":"Queued","slug":"q","day":1,"time":"19:00","conference_url":"https://zoom.us/j/1"}]""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_second_import_while_the_first_is_queued_is_a_409_naming_the_first()
    {
        var slug = await Api.CreateOrganisationAsync();
        var admin = Api.WithKey(await Api.CreateKeyAsync(slug, "org-admin"));
        var first = await admin.PostAsync($"/api/v1/organisations/{slug}/imports", Feed(), Cancellation);
        await first.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var location = first.Headers.Location!.OriginalString;

        var second = await admin.PostAsync($"/api/v1/organisations/{slug}/imports?dryRun=true", Feed(), Cancellation);

        var problem = await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.Str("import").ShouldBe(location);
        var job = await admin.GetAsync(location, Cancellation);
        (await job.ShouldBeJsonAsync(HttpStatusCode.OK)).Str("status").ShouldBe("queued");
        job.Headers.RetryAfter.ShouldNotBeNull("a client polling a job that has not ended is told when to ask again");

        // Another organisation is not held up.
        var other = await Api.CreateOrganisationAsync();
        await (await Api.PlatformAdmin().PostAsync($"/api/v1/organisations/{other}/imports", Feed(), Cancellation)).ShouldBeJsonAsync(HttpStatusCode.Accepted);
    }
}
