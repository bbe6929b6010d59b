namespace RecoveryPlatform.IntegrationTests;

/// <summary>An instance whose read models may be at most a millisecond old: older than that at every probe.</summary>
public sealed class TightSnapshotBoundFactory : DataFolderApiFactory
{
    public TightSnapshotBoundFactory() => Settings["Outbox:SnapshotAgeBound"] = "00:00:00.001";
}

/// <summary>An instance whose dispatcher must finish a round every millisecond, and polls once a minute.</summary>
public sealed class TightDispatcherBoundFactory : DataFolderApiFactory
{
    public TightDispatcherBoundFactory()
    {
        Settings["Outbox:DispatcherStallBound"] = "00:00:00.001";
        Settings["Outbox:PollInterval"] = "00:01:00";
    }
}

/// <summary>Readiness fails, naming the check, when the read models or the dispatcher are past their bounds; liveness and the API carry on.</summary>
public sealed class SnapshotAgeReadinessTests(TightSnapshotBoundFactory api) : ApiTest<TightSnapshotBoundFactory>(api)
{
    [Fact]
    public async Task Read_models_older_than_their_bound_fail_readiness_as_the_snapshot_check()
    {
        await Task.Delay(20, Cancellation);
        var ready = await Api.Anonymous().GetAsync("/health/ready", Cancellation);

        var report = await ready.ShouldBeJsonAsync(HttpStatusCode.ServiceUnavailable);
        report["failing"]!.AsArray().Select(name => name!.GetValue<string>()).ShouldBe(["snapshot"]);
        var snapshot = report["checks"]!["snapshot"]!;
        snapshot["description"]!.GetValue<string>().ShouldContain("more than the bound");
        snapshot["data"]!["ageSeconds"]!.GetValue<double>().ShouldBeGreaterThan(snapshot["data"]!["boundSeconds"]!.GetValue<double>());
        (await Api.Anonymous().GetAsync("/health/live", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class DispatcherStallReadinessTests(TightDispatcherBoundFactory api) : ApiTest<TightDispatcherBoundFactory>(api)
{
    [Fact]
    public async Task A_dispatcher_without_a_round_within_its_bound_fails_readiness_as_the_outbox_dispatcher_check()
    {
        // Its first round starts with the host; it then sleeps for the minute-long poll.
        await ChangeLogInspection.EventuallyAsync(
            async () => (await (await Api.Anonymous().GetAsync("/health/ready", Cancellation)).Content.ReadAsStringAsync(Cancellation)).Contains("lastRoundSecondsAgo", StringComparison.Ordinal),
            "the dispatcher finishes its first round", TimeSpan.FromSeconds(10));
        await Task.Delay(20, Cancellation);

        var report = await (await Api.Anonymous().GetAsync("/health/ready", Cancellation)).ShouldBeJsonAsync(HttpStatusCode.ServiceUnavailable);

        report["failing"]!.AsArray().Select(name => name!.GetValue<string>()).ShouldContain("outbox-dispatcher");
        report["checks"]!["outbox-dispatcher"]!["description"]!.GetValue<string>().ShouldStartWith("The outbox dispatcher has not finished a round for");
    }
}
