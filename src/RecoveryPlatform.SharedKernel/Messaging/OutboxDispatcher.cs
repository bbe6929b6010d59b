using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Security;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// Delivers each module's committed events to their handlers, in commit order, at least once and, with
/// the handlers' inboxes, with effect exactly once. One instance at a time dispatches a module's outbox:
/// it holds that module's lease in the database, renews it while it works, and if it dies the lease
/// expires and another instance carries on where the outbox says it stopped. A failing handler is retried
/// with growing waits (the events after it wait too, so handlers see a module's events in order) and
/// given up after <see cref="OutboxOptions.MaxAttempts"/>, logged as an error.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IEnumerable<IModuleDatabase> databases,
    MessageRouting routing,
    IntegrationEventTypes eventTypes,
    ChangeLogProgress changeLog,
    OutboxMetrics metrics,
    PlatformInstance instance,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const string LeaseName = "outbox-dispatcher";

    private static readonly ConcurrentDictionary<Type, Func<object, IIntegrationEvent, CancellationToken, ValueTask>> Invokers = new();
    private readonly IModuleDatabase[] _databases = databases.ToArray();
    private readonly Dictionary<string, DateTimeOffset> _leasesHeldUntil = new(StringComparer.Ordinal);

    private OutboxOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.DispatchEnabled)
        {
            LogDisabled();
            return;
        }

        changeLog.ReportDispatcherRunning(true);
        try
        {
            await DispatchRoundsAsync(stoppingToken);
        }
        finally
        {
            changeLog.ReportDispatcherRunning(false);
        }
    }

    private async Task DispatchRoundsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var moreWaiting = false;
            foreach (var database in _databases)
            {
                try
                {
                    moreWaiting |= await DispatchAsync(database, stoppingToken);
                }
                catch (ObjectDisposedException)
                {
                    // The host was torn down without being stopped first (a test host, say): nothing left to do.
                    return;
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database is unreachable or busy: try again at the next round, holding nothing meanwhile.
                    _leasesHeldUntil.Remove(database.Schema);
                    changeLog.ReportDispatching(database.Schema, false);
                    LogRoundFailed(database.Schema, exception.GetType().Name);
                }
            }

            changeLog.ReportDispatcherRound();
            if (!moreWaiting)
            {
                await changeLog.WaitForDispatchWorkAsync(Options.PollInterval, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Hand the leases back so another instance carries on now rather than when they expire.
        foreach (var schema in _leasesHeldUntil.Keys.ToList())
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = _databases.Single(d => d.Schema == schema).ContextIn(scope.ServiceProvider);
                await OutboxStore.ReleaseLeaseAsync(db, LeaseName, instance.Id, clock.GetUtcNow(), cancellationToken);
            }
            catch (ObjectDisposedException)
            {
                // The host is being torn down around us; the lease simply expires.
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRoundFailed(schema, exception.GetType().Name);
            }
        }

        foreach (var schema in _leasesHeldUntil.Keys)
        {
            changeLog.ReportDispatching(schema, false);
        }

        _leasesHeldUntil.Clear();
    }

    /// <summary>Delivers what is due in one module's outbox. True when a full batch went out and more may be waiting.</summary>
    private async Task<bool> DispatchAsync(IModuleDatabase database, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = database.ContextIn(scope.ServiceProvider);
        if (!await HoldLeaseAsync(db, cancellationToken))
        {
            return false;
        }

        var pending = await OutboxStore.PendingAsync(db, Options.BatchSize, cancellationToken);
        try
        {
            foreach (var message in pending)
            {
                if (message.NextAttemptAt > clock.GetUtcNow() || !await HoldLeaseAsync(db, cancellationToken) || !await DeliverAsync(db, message, cancellationToken))
                {
                    // Its retry is not due, the lease was lost, or it just failed: the events behind it wait their turn.
                    return false;
                }
            }

            return pending.Count == Options.BatchSize;
        }
        finally
        {
            if (pending.Count > 0)
            {
                changeLog.ReportDispatchReached(db.Schema, pending[^1].Sequence);
            }
        }
    }

    /// <summary>Delivers one event to every handler of its type. False when a handler failed and the event will be retried.</summary>
    private async Task<bool> DeliverAsync(ModuleDbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        var integrationEvent = eventTypes.Read(message);
        using var activity = PlatformTelemetry.Outbox.StartActivity($"deliver {message.EventType}", ActivityKind.Consumer);
        activity?.SetTag("recoveryplatform.module", db.Schema);
        activity?.SetTag("recoveryplatform.outbox.sequence", message.Sequence);
        activity?.SetTag("messaging.message.id", message.EventId.ToString());

        // Where it failed, for LastError: a handler's name, or what the dispatcher itself was doing.
        var current = integrationEvent is null ? $"Unknown event type {message.EventType}" : "Marking it dispatched";
        try
        {
            // A type this version does not know was written by a newer one (a rolling deploy): retried like a failure,
            // so an instance of the newer version, once it holds the lease, delivers it.
            if (integrationEvent is null)
            {
                throw new InvalidOperationException($"Unknown event type {message.EventType}.");
            }

            foreach (var handlerType in routing.HandlersOf(integrationEvent.GetType()))
            {
                current = handlerType.Name;
                await RunHandlerAsync(handlerType, integrationEvent, message.EventId, cancellationToken);
            }

            current = "Marking it dispatched";
            await OutboxStore.MarkDispatchedAsync(db, message.Sequence, clock.GetUtcNow(), cancellationToken);
            LogDispatched(message.EventType, message.EventId, message.Sequence, db.Schema);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception's type, not its message: messages can carry the data the handler was working on.
            var error = $"{current}: {exception.GetType().Name}";
            var attempts = message.Attempts + 1;
            activity?.SetStatus(ActivityStatusCode.Error, error);
            metrics.RecordDeliveryFailure(db.Schema, message.EventType);
            var now = clock.GetUtcNow();
            if (attempts >= Options.MaxAttempts)
            {
                await OutboxStore.AbandonAsync(db, message.Sequence, attempts, now, error, cancellationToken);
                LogAbandoned(message.EventType, message.EventId, message.Sequence, db.Schema, attempts, error);
                return true;
            }

            var wait = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts - 1), Options.MaxRetryDelay.TotalSeconds));
            await OutboxStore.RecordFailureAsync(db, message.Sequence, attempts, now + wait, error, cancellationToken);
            LogRetrying(message.EventType, message.EventId, message.Sequence, db.Schema, attempts, error, wait.TotalSeconds);
            return false;
        }
    }

    private async Task RunHandlerAsync(Type handlerType, IIntegrationEvent integrationEvent, Guid eventId, CancellationToken cancellationToken)
    {
        // A scope per handler: its own context, its own transaction, acting as the platform itself.
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ICallerOverride>().RunAs(Caller.System);
        var handler = scope.ServiceProvider.GetRequiredService(handlerType);
        var unitOfWork = scope.ServiceProvider.GetRequiredKeyedService<IUnitOfWork>(MessageRouting.ModuleOf(handlerType));
        var invoke = Invokers.GetOrAdd(integrationEvent.GetType(), static type =>
            typeof(OutboxDispatcher).GetMethod(nameof(Invoke), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type)
                .CreateDelegate<Func<object, IIntegrationEvent, CancellationToken, ValueTask>>());

        var firstTime = await unitOfWork.ExecuteOnceAsync(eventId, handlerType.FullName!, ct => invoke(handler, integrationEvent, ct), cancellationToken);
        if (firstTime)
        {
            LogDelivered(integrationEvent.GetType().Name, eventId, handlerType.Name);
        }
        else
        {
            LogAlreadyDelivered(integrationEvent.GetType().Name, eventId, handlerType.Name);
        }
    }

    private static ValueTask Invoke<TEvent>(object handler, IIntegrationEvent integrationEvent, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent =>
        ((IIntegrationEventHandler<TEvent>)handler).Handle((TEvent)integrationEvent, cancellationToken);

    /// <summary>True while this instance holds the module's lease, renewing it once a third of it has run.</summary>
    private async Task<bool> HoldLeaseAsync(ModuleDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var renewAfter = Options.LeaseDuration * 2 / 3;
        if (_leasesHeldUntil.TryGetValue(db.Schema, out var heldUntil) && heldUntil - now > renewAfter)
        {
            return true;
        }

        if (await OutboxStore.TryHoldLeaseAsync(db, LeaseName, instance.Id, Options.LeaseDuration, now, cancellationToken) is { } until)
        {
            if (!_leasesHeldUntil.ContainsKey(db.Schema))
            {
                LogLeaseTaken(db.Schema, instance.Id);
                changeLog.ReportDispatching(db.Schema, true);
            }

            _leasesHeldUntil[db.Schema] = until;
            return true;
        }

        if (_leasesHeldUntil.Remove(db.Schema))
        {
            changeLog.ReportDispatching(db.Schema, false);
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox dispatch is switched off on this instance (Outbox:DispatchEnabled); another instance must dispatch.")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {Instance} now dispatches the {Module} outbox")]
    private partial void LogLeaseTaken(string module, string instance);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dispatched {EventType} {EventId} (#{Sequence} of the {Module} outbox)")]
    private partial void LogDispatched(string eventType, Guid eventId, long sequence, string module);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivered {EventType} {EventId} to {Handler}")]
    private partial void LogDelivered(string eventType, Guid eventId, string handler);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Handler} had already processed {EventType} {EventId}; not run again")]
    private partial void LogAlreadyDelivered(string eventType, Guid eventId, string handler);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering {EventType} {EventId} (#{Sequence} of the {Module} outbox) failed, attempt {Attempts} ({Error}); retrying in {RetrySeconds} s")]
    private partial void LogRetrying(string eventType, Guid eventId, long sequence, string module, int attempts, string error, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up delivering {EventType} {EventId} (#{Sequence} of the {Module} outbox) after {Attempts} attempts ({Error}); the row is kept with AbandonedAt set")]
    private partial void LogAbandoned(string eventType, Guid eventId, long sequence, string module, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatching the {Module} outbox failed ({ExceptionType}); trying again shortly")]
    private partial void LogRoundFailed(string module, string exceptionType);
}
