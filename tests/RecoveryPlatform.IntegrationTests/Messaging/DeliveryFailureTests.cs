using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RecoveryPlatform.Api.Infrastructure;
using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;
using RecoveryPlatform.Modules.Groups;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Features.GroupClosure;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.IntegrationTests.Messaging;

/// <summary>
/// The API with one more event handler and one more read model, each failing on demand: what a bug or a
/// bad record in a subscriber does to the writes that raise events, and to everything after them.
/// </summary>
public sealed class FailingSubscribersFactory : DataFolderApiFactory
{
    public FailingSubscribersFactory()
    {
        Settings["Outbox:MaxAttempts"] = "3";
    }

    /// <summary>Groups whose closure the extra handler refuses, with how many more times it refuses each.</summary>
    public ConcurrentDictionary<Guid, int> RefusedClosures => FlakyClosureHandler.Refusals;

    public FlakyReadModel ReadModel { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILocalReadModel>(ReadModel);

            // The test assembly joins the modules as a module of its own, whose handler runs in the Groups unit of work.
            var testModule = MessageRouting.ModuleOf(typeof(FlakyClosureHandler));
            services.RemoveAll<MessageRouting>();
            services.AddSingleton(MessageRouting.From([.. ModuleCatalogue.Assemblies, typeof(FlakyClosureHandler).Assembly]));
            services.AddScoped<FlakyClosureHandler>();
            services.AddKeyedScoped<IUnitOfWork>(testModule, (sp, _) => sp.GetRequiredKeyedService<IUnitOfWork>(UnitOfWorkKeys.For(typeof(GroupsModule))));
        });
    }

}

/// <summary>Refuses a group's closure as many times as the test says.</summary>
internal sealed class FlakyClosureHandler : IIntegrationEventHandler<GroupClosedIntegrationEvent>
{
    public static readonly ConcurrentDictionary<Guid, int> Refusals = new();

    public static readonly ConcurrentQueue<Guid> Handled = new();

    public ValueTask Handle(GroupClosedIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        if (Refusals.TryGetValue(integrationEvent.GroupId, out var left) && left > 0)
        {
            Refusals[integrationEvent.GroupId] = left - 1;
            throw new InvalidOperationException("A subscriber's bug.");
        }

        Handled.Enqueue(integrationEvent.GroupId);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A read model that fails on every batch naming a poisoned organisation.</summary>
public sealed class FlakyReadModel : ILocalReadModel
{
    public ConcurrentDictionary<Guid, bool> Poisoned { get; } = new();

    public int Resets;

    public ValueTask ApplyAsync(IReadOnlyList<IIntegrationEvent> changes, CancellationToken cancellationToken) =>
        changes.Any(c => c is OrganisationChangedIntegrationEvent o && Poisoned.ContainsKey(o.OrganisationId))
            ? throw new InvalidOperationException("A read model's bug.")
            : ValueTask.CompletedTask;

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Resets);
        return ValueTask.CompletedTask;
    }
}

public sealed class DeliveryFailureTests(FailingSubscribersFactory api) : ApiTest<FailingSubscribersFactory>(api)
{
    private async Task<(string Slug, string Group, string Meeting)> MeetingAsync()
    {
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug);
        var meeting = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group));
        return (slug, group, meeting);
    }

    private async Task<HttpResponseMessage> PatchAsync(string url, object patch)
    {
        using var admin = Api.PlatformAdmin();
        using var request = await admin.ConditionalAsync(HttpMethod.Patch, url, AccessArrangement.MergePatch(patch));
        return await admin.SendAsync(request, Cancellation);
    }

    private async Task<OutboxMessage> ClosureRowAsync(string group) =>
        (await Api.EventsAsync<GroupClosedIntegrationEvent>("groups", e => e.GroupId == Guid.Parse(group))).Single().Row;

    [Fact]
    public async Task A_failing_handler_never_fails_the_committed_write_and_is_retried_until_it_succeeds()
    {
        var (_, group, meeting) = await MeetingAsync();
        Api.RefusedClosures[Guid.Parse(group)] = 2;

        var answered = Stopwatch.StartNew();
        var closing = await PatchAsync($"/api/v1/groups/{group}", new { status = "closed" });
        (await closing.ShouldBeJsonAsync()).Str("status").ShouldBe("closed");
        answered.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2), "a failing handler does not hold up the write's answer");

        await ChangeLogInspection.EventuallyAsync(async () => (await ClosureRowAsync(group)).Attempts >= 1, "the first attempt fails");
        (await ClosureRowAsync(group)).LastError.ShouldBe($"{nameof(FlakyClosureHandler)}: {nameof(InvalidOperationException)}");

        await ChangeLogInspection.EventuallyAsync(async () => (await ClosureRowAsync(group)).DispatchedAt is not null, "the closure is delivered once the handler stops failing");
        var delivered = await ClosureRowAsync(group);
        delivered.Attempts.ShouldBe(2);
        FlakyClosureHandler.Handled.Count(g => g == Guid.Parse(group)).ShouldBe(1);

        // The handler that succeeded on the first attempt was not run again on the retries.
        (await Api.InboxOfAsync("meetings", delivered.EventId)).ShouldBe([typeof(FollowGroupClosure).FullName!]);
        var trail = await (await Api.PlatformAdmin().GetAsync($"/api/v1/audit?entityId={meeting}", Cancellation)).ShouldBeJsonAsync();
        trail["items"]!.AsArray().Count(e => e!.Str("actor") == "system").ShouldBe(1);
    }

    [Fact]
    public async Task An_event_that_keeps_failing_is_abandoned_and_does_not_hold_up_the_events_after_it()
    {
        var (_, group, _) = await MeetingAsync();
        var (_, later, _) = await MeetingAsync();
        Api.RefusedClosures[Guid.Parse(group)] = int.MaxValue;

        (await PatchAsync($"/api/v1/groups/{group}", new { status = "closed" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PatchAsync($"/api/v1/groups/{later}", new { status = "closed" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await ChangeLogInspection.EventuallyAsync(async () => (await ClosureRowAsync(group)).AbandonedAt is not null, "the poisoned closure is given up after its attempts", TimeSpan.FromSeconds(30));
        var abandoned = await ClosureRowAsync(group);
        abandoned.Attempts.ShouldBe(3);
        abandoned.DispatchedAt.ShouldBeNull();
        await ChangeLogInspection.EventuallyAsync(async () => (await ClosureRowAsync(later)).DispatchedAt is not null, "the closure after it is delivered");
    }

    [Fact]
    public async Task An_event_of_a_type_this_version_does_not_know_is_retried_not_dropped_and_read_models_pass_over_it()
    {
        // As a newer instance would write it during a rolling deploy.
        var eventId = Guid.NewGuid();
        await Api.AlterAsync("groups", db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO groups_OutboxMessages (EventId, EventType, Payload, OccurredAt, Attempts) VALUES ({eventId}, 'SomethingNewIntegrationEvent', '{{}}', 0, 0)", Cancellation));
        var (slug, group, _) = await MeetingAsync();

        await ChangeLogInspection.EventuallyAsync(
            async () => (await Api.OutboxOfAsync("groups")).Single(r => r.Row.EventId == eventId).Row.Attempts >= 1,
            "the unknown event is tried and kept for a version that knows it");
        var row = (await Api.OutboxOfAsync("groups")).Single(r => r.Row.EventId == eventId).Row;
        row.LastError.ShouldBe($"Unknown event type SomethingNewIntegrationEvent: {nameof(InvalidOperationException)}");
        row.AbandonedAt.ShouldBeNull();

        // This instance's read models went past it: a change committed after it is in search.
        (await PatchAsync($"/api/v1/groups/{group}", new { name = "Renamed past the unknown event" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var found = await (await Api.Anonymous().GetAsync($"{MeetingArrangement.Meetings}?organisation={slug}", Cancellation)).ShouldBeJsonAsync();
        found["items"]!.AsArray().ShouldHaveSingleItem()!["group"].Str("name").ShouldBe("Renamed past the unknown event");
    }

    [Fact]
    public async Task A_failing_read_model_never_fails_the_committed_write_and_the_others_carry_on()
    {
        var (slug, _, meeting) = await MeetingAsync();
        var organisationId = Guid.Parse((await (await Api.PlatformAdmin().GetAsync($"/api/v1/organisations/{slug}", Cancellation)).ShouldBeJsonAsync()).Str("id"));
        Api.ReadModel.Poisoned[organisationId] = true;
        var resets = Api.ReadModel.Resets;

        (await (await PatchAsync($"/api/v1/organisations/{slug}", new { name = "Renamed while a read model fails" })).ShouldBeJsonAsync()).Str("name").ShouldBe("Renamed while a read model fails");

        await ChangeLogInspection.EventuallyAsync(() => Task.FromResult(Api.ReadModel.Resets > resets), "the failing batch is skipped and the read models start afresh");
        (await PatchAsync($"{MeetingArrangement.Meetings}/{meeting}", new { name = "Renamed after the failure" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var found = await (await Api.Anonymous().GetAsync($"{MeetingArrangement.Meetings}?organisation={slug}", Cancellation)).ShouldBeJsonAsync();
        var result = found["items"]!.AsArray().ShouldHaveSingleItem()!;
        result.Str("name").ShouldBe("Renamed after the failure");
        result["organisation"].Str("name").ShouldBe("Renamed while a read model fails");
    }
}
