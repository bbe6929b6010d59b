using System.Text.RegularExpressions;

namespace RecoveryPlatform.IntegrationTests.Observability;

/// <summary>The real binary in production logs one JSON object per line, each line of a request with its trace id.</summary>
public sealed partial class LogFormatTests : IAsyncDisposable
{
    private readonly TemporaryDataFolder _data = new("recoveryplatform-logs");
    private ApiProcess? _api;

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task Production_logs_are_json_lines_that_carry_the_trace_id_and_the_callers_correlation_id()
    {
        var settings = ApiProcess.Settings(_data.Path);
        settings.Remove("Logging__Console__FormatterName");
        settings.Remove("Logging__Console__FormatterOptions__SingleLine");
        settings["Logging__LogLevel__RecoveryPlatform.SharedKernel.Pipeline"] = "Information";
        _api = await ApiProcess.StartAsync(settings);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/organisations");
        request.Headers.Add("X-Correlation-Id", "log-format-test-1");
        var response = await _api.Client().SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var traceId = TraceId().Match(response.Headers.GetValues("traceresponse").Single()).Groups[1].Value;

        string? handled = null;
        await ChangeLogInspection.EventuallyAsync(
            () => Task.FromResult((handled = _api.Output.FirstOrDefault(line => line.Contains("ListOrganisationsQuery handled in", StringComparison.Ordinal) && line.Contains(traceId, StringComparison.Ordinal))) is not null),
            "the request's log line is written", TimeSpan.FromSeconds(10));

        var entry = JsonNode.Parse(handled!)!.AsObject();
        entry["LogLevel"]!.GetValue<string>().ShouldBe("Information");
        entry["Message"]!.GetValue<string>().ShouldStartWith("ListOrganisationsQuery handled in");
        var scopes = entry["Scopes"]!.AsArray().Select(scope => scope!.AsObject()).ToList();
        scopes.ShouldContain(scope => scope.ContainsKey("TraceId") && scope["TraceId"]!.GetValue<string>() == traceId);
        scopes.ShouldContain(scope => scope.ContainsKey("CorrelationId") && scope["CorrelationId"]!.GetValue<string>() == "log-format-test-1");

        // Every line is one JSON object: start-up's included.
        foreach (var line in _api.Output.Where(line => line.Length > 0))
        {
            Should.NotThrow(() => JsonNode.Parse(line)!.AsObject(), $"not a JSON line: {line}");
        }
    }

    [GeneratedRegex("^00-([0-9a-f]{32})-")]
    private static partial Regex TraceId();
}
