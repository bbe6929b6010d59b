namespace RecoveryPlatform.IntegrationTests.Observability;

/// <summary>
/// No secret and no personal data in the logs, as a whole run of the HTTP suite writes them (referrals submitted, read
/// and erased; keys minted, used and revoked; tokens; webhooks; imports; every refusal), at Debug and up.
/// </summary>
public sealed class LogRedactionTests
{
    /// <summary>The suite logged about 400,000 lines when this was written; far fewer means the capture broke.</summary>
    private const int AtLeastLines = 50_000;

    [Fact]
    public async Task The_logs_of_the_whole_http_suite_hold_no_credential_password_or_referral_person_field()
    {
        var logs = new CapturedLogs();

        var run = await HttpSuiteRunner.RunAsync(() => new LogCapturingApiFactory(logs), test => logs.CurrentTest = test, TimeSpan.FromSeconds(30));

        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"{logs.Lines} log lines from {run.Cases} HTTP test cases ({run.Passed} passed, {run.Failed.Count} failed, {run.TimedOut.Count} timed out); "
            + $"{logs.RequestLines} written during a request, {logs.RequestLinesWithoutTraceId} of them without a trace id; {logs.Violations.Count} violations.");
        foreach (var violation in logs.Violations)
        {
            output.WriteLine(violation);
        }

        run.CouldNotRun.ShouldBeEmpty("cases the runner could not start prove nothing");
        run.Passed.ShouldBeGreaterThan(run.Cases * 9 / 10, "the suite must really have run for its logs to mean anything");
        logs.Lines.ShouldBeGreaterThan(AtLeastLines);
        logs.Violations.ShouldBeEmpty();

        // Every line a request writes can be found by the trace id its response carries (traceresponse).
        logs.RequestLines.ShouldBeGreaterThan(1_000);
        logs.RequestLinesWithoutTraceId.ShouldBe(0);
    }

    [Theory]
    [InlineData("Key rpk_0a1b2c3d_Zm9vYmFyYmF6cXV4cXV1eHF1dXhmb29iYXJiYXpxdXg used", "an API key")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwZXJzb24tMSJ9.c2ln", "a bearer token")]
    [InlineData("secret whsec_c2VjcmV0c2VjcmV0c2VjcmV0", "a webhook signing secret")]
    [InlineData("Server=db;User Id=sa;Password=hunter2;TrustServerCertificate=true", "a connection-string password")]
    [InlineData("Referral for Zebedee received", "a referral person's first name")]
    [InlineData("contact ZEBEDEE.Q@EXAMPLE.COM", "a referral person's email")]
    [InlineData("call 07700900461", "a referral person's phone")]
    public void The_scanner_finds_each_kind_of_secret(string line, string expected) =>
        LogRedaction.Violations(line).ShouldContain(expected);

    [Theory]
    [InlineData("API key rpk_0a1b2c3d revoked")]
    [InlineData("SubmitReferralCommand handled in 12.0 ms")]
    [InlineData("Executed DbCommand (1ms) [Parameters=[@p0='?' (DbType = String)]]")]
    public void The_scanner_passes_what_may_be_logged(string line) =>
        LogRedaction.Violations(line).ShouldBeEmpty();
}
