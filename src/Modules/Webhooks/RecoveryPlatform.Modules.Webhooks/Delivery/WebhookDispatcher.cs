using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Webhooks.Domain;
using RecoveryPlatform.Modules.Webhooks.Persistence;
using RecoveryPlatform.Modules.Webhooks.Signing;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Webhooks.Delivery;

/// <summary>
/// The webhooks' background work, in one instance at a time (it holds the <c>webhooks</c> lease in the module's
/// database, as the outbox dispatcher holds its own): fans new events out into deliveries, then sends the due ones.
/// A failed attempt's next time is written on the delivery (exponential, with jitter), so a restart or another
/// instance resumes the schedule; a subscriber's deliveries about one resource go out in order, a later one
/// waiting while an earlier one is pending; repeated failures disable the subscription with the reason shown.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookFanOut fanOut,
    WebhookSender sender,
    WebhookMetrics metrics,
    SecretProtector secrets,
    PlatformInstance instance,
    IOptions<WebhooksOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string LeaseName = "webhooks";

    private DateTimeOffset? _leaseHeldUntil;

    private WebhooksOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.DispatchEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await RoundAsync(stoppingToken);
            }
            catch (ObjectDisposedException)
            {
                // The host was torn down without being stopped first (a test host): nothing left to do.
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away or busy: hold nothing, try again next round.
                _leaseHeldUntil = null;
                LogRoundFailed(exception.GetType().Name);
            }

            if (!more)
            {
                try
                {
                    await Task.Delay(Options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_leaseHeldUntil is null)
        {
            return;
        }

        try
        {
            // Hand the lease back so another instance carries on now rather than when it expires.
            await using var scope = scopes.CreateAsyncScope();
            await DatabaseLeases.ReleaseAsync(scope.ServiceProvider.GetRequiredService<WebhooksDbContext>(), LeaseName, instance.Id, clock.GetUtcNow(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // It simply expires.
            LogRoundFailed(exception.GetType().Name);
        }

        _leaseHeldUntil = null;
    }

    /// <summary>One round: fan out, then send what is due. True when there was more than one round could take.</summary>
    private async Task<bool> RoundAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ICallerOverride>().RunAs(Caller.System);
        var db = scope.ServiceProvider.GetRequiredService<WebhooksDbContext>();
        if (!await HoldLeaseAsync(db, cancellationToken))
        {
            return false;
        }

        var moreEvents = await fanOut.RunAsync(scope.ServiceProvider, cancellationToken);
        if (!await HoldLeaseAsync(db, cancellationToken))
        {
            return false;
        }

        var moreDeliveries = await SendDueAsync(db, cancellationToken);
        return moreEvents || moreDeliveries;
    }

    private async Task<bool> SendDueAsync(WebhooksDbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        var deliveries = db.Deliveries;
        var due = await deliveries
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .Where(d => db.Subscriptions.Any(s => s.Id == d.SubscriptionId && s.Status == WebhookStatus.Active))

            // Per subscriber, per resource, in order: a delivery waits while an earlier one about the same resource is pending.
            .Where(d => !deliveries.Any(e => e.SubscriptionId == d.SubscriptionId && e.ResourceId == d.ResourceId && e.Status == DeliveryStatus.Pending && e.Sequence < d.Sequence))
            .OrderBy(d => d.Sequence)
            .Take(Options.SendBatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return false;
        }

        var subscriptionIds = due.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.Subscriptions.Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);

        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<long, AttemptOutcome>();
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = Options.SendConcurrency, CancellationToken = cancellationToken },
            async (delivery, ct) =>
            {
                var subscription = subscriptions[delivery.SubscriptionId];
                string secret;
                try
                {
                    secret = secrets.Open(subscription.SealedSecret, subscription.Id);
                }
                catch (CryptographicException)
                {
                    outcomes[delivery.Sequence] = new AttemptOutcome(false, null, "the signing secret cannot be opened (its key is not configured)");
                    return;
                }

                outcomes[delivery.Sequence] = await sender.SendAsync(subscription.Url, secret, delivery.Id, delivery.Payload, ct);
            });

        var finishedAt = clock.GetUtcNow();
        foreach (var delivery in due)
        {
            var subscription = subscriptions[delivery.SubscriptionId];
            var outcome = outcomes[delivery.Sequence];
            if (outcome.Succeeded)
            {
                delivery.Succeeded(outcome.StatusCode!.Value, finishedAt);
                subscription.RecordSuccess();
                metrics.Delivered();
                LogDelivered(delivery.Id, delivery.EventType, subscription.Id, delivery.Attempts);
                continue;
            }

            var wait = RetryDelay(delivery.Attempts + 1, Options);
            delivery.AttemptFailed(outcome.StatusCode, outcome.Error!, finishedAt + wait, Options.MaxAttempts, finishedAt);
            var host = new Uri(subscription.Url).Host;
            metrics.Failed(outcome.StatusCode, givenUp: delivery.Status == DeliveryStatus.Failed);
            if (delivery.Status == DeliveryStatus.Failed)
            {
                LogGivenUp(delivery.Id, delivery.EventType, subscription.Id, host, delivery.Attempts, outcome.Error!);
            }
            else
            {
                LogRetrying(delivery.Id, delivery.EventType, subscription.Id, host, delivery.Attempts, outcome.Error!, wait.TotalSeconds);
            }

            if (subscription.RecordFailure(outcome.Error!, Options.DisableAfterConsecutiveFailures, finishedAt))
            {
                LogDisabled(subscription.Id, host, subscription.ConsecutiveFailures);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return due.Count == Options.SendBatchSize;
    }

    /// <summary>
    /// The wait after the <paramref name="attempt"/>th failure: the first retry delay doubled per attempt, capped, and
    /// between half and all of that at random, so receivers that failed together are not retried together.
    /// </summary>
    internal static TimeSpan RetryDelay(int attempt, WebhooksOptions options)
    {
        var exponential = options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private async Task<bool> HoldLeaseAsync(WebhooksDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_leaseHeldUntil is { } heldUntil && heldUntil - now > Options.LeaseDuration * 2 / 3)
        {
            return true;
        }

        var until = await DatabaseLeases.TryHoldAsync(db, LeaseName, instance.Id, Options.LeaseDuration, now, cancellationToken);
        if (until is not null && _leaseHeldUntil is null)
        {
            LogLeaseTaken(instance.Id);
        }

        _leaseHeldUntil = until;
        return until is not null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {Instance} now sends webhooks")]
    private partial void LogLeaseTaken(string instance);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivered webhook {DeliveryId} ({EventType}) to subscription {SubscriptionId}, attempt {Attempts}")]
    private partial void LogDelivered(Guid deliveryId, string eventType, Guid subscriptionId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {DeliveryId} ({EventType}) to subscription {SubscriptionId} at {Host} failed, attempt {Attempts} ({Error}); retrying in {RetrySeconds:0.#} s")]
    private partial void LogRetrying(Guid deliveryId, string eventType, Guid subscriptionId, string host, int attempts, string error, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up webhook {DeliveryId} ({EventType}) to subscription {SubscriptionId} at {Host} after {Attempts} attempts ({Error})")]
    private partial void LogGivenUp(Guid deliveryId, string eventType, Guid subscriptionId, string host, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disabled webhook subscription {SubscriptionId} at {Host} after {Failures} consecutive failed attempts")]
    private partial void LogDisabled(Guid subscriptionId, string host, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A webhook round failed ({ExceptionType}); trying again shortly")]
    private partial void LogRoundFailed(string exceptionType);
}
