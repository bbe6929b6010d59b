using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>Reads a module's outbox and inbox straight from the database, to check what a write recorded and what was delivered.</summary>
public static class ChangeLogInspection
{
    public sealed record Recorded(OutboxMessage Row, IIntegrationEvent? Event);

    /// <summary>Every row of <paramref name="module"/>'s outbox, in commit order, with its event read back.</summary>
    public static async Task<IReadOnlyList<Recorded>> OutboxOfAsync(this ApiFactory api, string module)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = ContextOf(scope.ServiceProvider, module);
        var types = scope.ServiceProvider.GetRequiredService<IntegrationEventTypes>();
        var rows = await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Sequence).ToListAsync(TestContext.Current.CancellationToken);
        return rows.Select(row => new Recorded(row, types.Read(row))).ToList();
    }

    /// <summary>The events of type <typeparamref name="TEvent"/> in <paramref name="module"/>'s outbox that match <paramref name="which"/>.</summary>
    public static async Task<IReadOnlyList<(OutboxMessage Row, TEvent Event)>> EventsAsync<TEvent>(this ApiFactory api, string module, Func<TEvent, bool> which)
        where TEvent : IIntegrationEvent =>
        (await api.OutboxOfAsync(module)).Where(r => r.Event is TEvent e && which(e)).Select(r => (r.Row, (TEvent)r.Event!)).ToList();

    /// <summary>The handlers of <paramref name="module"/> that have processed <paramref name="eventId"/>.</summary>
    public static async Task<IReadOnlyList<string>> InboxOfAsync(this ApiFactory api, string module, Guid eventId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await ContextOf(scope.ServiceProvider, module).Set<InboxMessage>().AsNoTracking()
            .Where(m => m.EventId == eventId).Select(m => m.Handler).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Runs <paramref name="change"/> against <paramref name="module"/>'s database directly, as an operator's SQL would.</summary>
    public static async Task AlterAsync(this ApiFactory api, string module, Func<ModuleDbContext, Task> change)
    {
        await using var scope = api.Services.CreateAsyncScope();
        await change(ContextOf(scope.ServiceProvider, module));
    }

    /// <summary>Waits until <paramref name="condition"/> holds, for work that happens after a response (delivery to other modules, other instances).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException($"Still not true after {(within ?? TimeSpan.FromSeconds(20)).TotalSeconds} s: {what}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static ModuleDbContext ContextOf(IServiceProvider services, string module) =>
        services.GetServices<IModuleDatabase>().Single(d => d.Schema == module).ContextIn(services);
}
