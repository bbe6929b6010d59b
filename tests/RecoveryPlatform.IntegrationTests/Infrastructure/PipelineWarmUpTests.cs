using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Api.Infrastructure;
using RecoveryPlatform.SharedKernel.Modules;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The API on Kestrel with warm-up paths of its own (the search module gives none under 5,000 meetings): searches at a
/// hundred page sizes, so the warm-up sends more than the anonymous rate limit allows a loopback address in a minute.
/// </summary>
public sealed class WarmUpApiFactory : DataFolderApiFactory
{
    public WarmUpApiFactory()
    {
        UseKestrel(0);

        // Long enough to send every path and more than the anonymous limit's 120; short enough for the suite.
        Settings["RecoveryPlatform:PipelineWarmUpSeconds"] = "3";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPipelineWarmUpPaths, SearchesAtEveryPageSize>());
    }

    private sealed class SearchesAtEveryPageSize : IPipelineWarmUpPaths
    {
        public IReadOnlyList<string> GetPaths() => [.. Enumerable.Range(1, 100).Select(size => $"/api/v1/meetings?near=LS6&includeOnline=true&pageSize={size}")];
    }
}

/// <summary>
/// A restarted instance sends requests through its own HTTP pipeline before readiness turns healthy, so a load
/// balancer's first requests meet optimised code (docs/performance.md, Cold start); the warm-up has a rate-limit
/// bucket of its own that no one else can use.
/// </summary>
public sealed class PipelineWarmUpTests(WarmUpApiFactory api) : ApiTest<WarmUpApiFactory>(api)
{
    private PipelineWarmUp WarmUp => Api.Services.GetRequiredService<PipelineWarmUp>();

    [Fact]
    public async Task Readiness_turns_healthy_after_the_warm_up_has_sent_every_path_through_the_pipeline_unlimited()
    {
        var report = await WhenReadyAsync();

        report["checks"]!["warm-up"]!["status"]!.GetValue<string>().ShouldBe("Healthy");
        var run = WarmUp.LastRun.ShouldNotBeNull("readiness turned healthy only once the warm-up had run");
        run.Requests.ShouldBeGreaterThan(120, "every path at least once, and more than the anonymous limit allows in a minute");
        run.NotSuccessful.ShouldBe(0, "no warm-up request was refused: it has a rate-limit bucket of its own");
    }

    [Fact]
    public async Task The_warm_up_header_gets_nothing_once_the_warm_up_is_over_nor_with_a_made_up_value()
    {
        await WhenReadyAsync();
        using var client = Api.Anonymous();
        client.DefaultRequestHeaders.Add(PipelineWarmUp.HeaderName, new string('a', 64));

        var response = await client.GetAsync("/api/v1/meetings?near=LS6", Cancellation);

        await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        response.Headers.GetValues("RateLimit-Policy").Single().ShouldStartWith("\"anonymous\"");
    }
}
