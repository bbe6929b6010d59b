using RecoveryPlatform.IntegrationTests.Referrals;

namespace RecoveryPlatform.IntegrationTests.Observability;

/// <summary>The API with its Prometheus scrape endpoint switched on, and the database-backed gauges sampled often.</summary>
public sealed class PrometheusApiFactory : DataFolderApiFactory
{
    public PrometheusApiFactory()
    {
        Settings["Telemetry:PrometheusEnabled"] = "true";
        Settings["Telemetry:SampleInterval"] = "00:00:00.200";
    }
}

/// <summary>Our own metrics, as a Prometheus scrape reads them: names, units and bounded labels, no personal data.</summary>
public sealed class MetricsTests(PrometheusApiFactory api) : ApiTest<PrometheusApiFactory>(api)
{
    [Fact]
    public async Task A_scrape_reports_search_latency_by_filter_kind_outbox_backlog_read_model_age_and_referrals_by_status()
    {
        var parties = await Api.ReferralPartiesAsync();
        await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));
        (await Api.Anonymous().GetAsync("/api/v1/meetings?near=LS6&includeOnline=true&startingWithin=PT2H", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Api.Anonymous().GetAsync("/api/v1/meetings?q=church", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        string metrics = string.Empty;
        await ChangeLogInspection.EventuallyAsync(
            async () =>
            {
                metrics = await Api.Anonymous().GetStringAsync("/metrics", Cancellation);
                return metrics.Contains("recoveryplatform_referrals{", StringComparison.Ordinal) && metrics.Contains("status=\"requested\"} 1", StringComparison.Ordinal);
            },
            "the referral is sampled", TimeSpan.FromSeconds(10));

        metrics.ShouldContain("recoveryplatform_search_duration_seconds_count{otel_scope_name=\"RecoveryPlatform.Meetings.Search\",filters=\"place+online+time\"} 1");
        metrics.ShouldContain("filters=\"text\"");
        metrics.ShouldContain("recoveryplatform_outbox_backlog{otel_scope_name=\"RecoveryPlatform.Outbox\",module=\"referrals\"}");
        metrics.ShouldContain("recoveryplatform_outbox_oldest_pending_age_seconds{");
        metrics.ShouldContain("recoveryplatform_change_log_lag{otel_scope_name=\"RecoveryPlatform.Outbox\",module=\"meetings\"}");
        metrics.ShouldContain("recoveryplatform_read_models_age_seconds{");
        metrics.ShouldContain("http_server_request_duration_seconds_bucket{");
        foreach (var (_, value) in LogRedaction.KnownSecrets)
        {
            metrics.ShouldNotContain(value, Case.Insensitive);
        }

        metrics.ShouldNotContain(parties.Fellowship);
    }
}

/// <summary>Off unless configured: the metrics say how busy the platform is, and are for its operators.</summary>
public sealed class MetricsOffByDefaultTests(SqliteApiFactory api) : ApiTest<SqliteApiFactory>(api)
{
    [Fact]
    public async Task There_is_no_scrape_endpoint_by_default()
    {
        var response = await Api.Anonymous().GetAsync("/metrics", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
