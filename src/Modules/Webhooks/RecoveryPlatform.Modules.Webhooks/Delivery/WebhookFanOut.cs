using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Webhooks.Domain;
using RecoveryPlatform.Modules.Webhooks.Persistence;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Webhooks.Delivery;

/// <summary>
/// Turns committed changes into deliveries (ADR 0015). It follows each source module's change log from a position
/// kept in the Webhooks database, in batches, and writes a batch's deliveries and the new position in one
/// transaction: a crash before the commit reads the batch again, after it reads on, so each event gets one
/// delivery per subscription (a unique key on subscription and event holds that too). Nothing here runs inside
/// a directory write, so an edit never waits for webhooks and a bulk import is read in batches, not event by event.
/// </summary>
internal sealed class WebhookFanOut(ChangeLogReader changeLog, IOptions<WebhooksOptions> options, TimeProvider clock)
{
    /// <summary>Reads one batch of each source log. True when a full batch was read and more may be waiting.</summary>
    public async Task<bool> RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        // With nobody subscribed there is nothing to write, and nothing is lost by not reading yet: a subscription
        // receives only events committed after it was made, which a later read still finds after the position.
        if (!await scopedServices.GetRequiredService<WebhooksDbContext>().Subscriptions.AnyAsync(s => s.Status == WebhookStatus.Active, cancellationToken))
        {
            return false;
        }

        var more = false;
        foreach (var module in WebhookEvent.SourceModules)
        {
            more |= await FanOutAsync(scopedServices, module, cancellationToken);
        }

        return more;
    }

    private async Task<bool> FanOutAsync(IServiceProvider scopedServices, string module, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<WebhooksDbContext>();
        db.ChangeTracker.Clear();
        var position = await db.FanOutPositions.SingleOrDefaultAsync(p => p.Module == module, cancellationToken);
        var rows = await changeLog.ReadAfterAsync(scopedServices, module, position?.Position ?? 0, options.Value.FanOutBatchSize, cancellationToken);
        if (rows.Count == 0)
        {
            return false;
        }

        var events = rows.Select(WebhookEvent.From).OfType<WebhookEvent>().ToList();
        var deliveries = events.Count == 0 ? [] : await DeliveriesForAsync(scopedServices, db, events, cancellationToken);

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var current = await db.FanOutPositions.SingleOrDefaultAsync(p => p.Module == module, ct);
                if (current is null)
                {
                    db.FanOutPositions.Add(FanOutPosition.At(module, rows[^1].Sequence));
                }
                else if (current.Position != (position?.Position ?? 0))
                {
                    // Another instance moved on meanwhile (a lease lost under a pause): leave this batch to it.
                    return;
                }
                else
                {
                    current.MoveTo(rows[^1].Sequence);
                }

                db.Deliveries.AddRange(deliveries);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            },
            cancellationToken);

        return rows.Count == options.Value.FanOutBatchSize;
    }

    private async Task<List<WebhookDelivery>> DeliveriesForAsync(IServiceProvider scopedServices, WebhooksDbContext db, List<WebhookEvent> events, CancellationToken cancellationToken)
    {
        var parties = events.SelectMany(e => e.Parties).Distinct().ToList();
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Where(s => parties.Contains(s.OrganisationId) && s.Status == WebhookStatus.Active)
            .ToListAsync(cancellationToken);
        if (subscriptions.Count == 0)
        {
            return [];
        }

        // The public sees an organisation's directory while it is an active fellowship (as the change feed does, ADR 0013).
        var organisations = await scopedServices.GetRequiredService<ISender>().Send(new GetOrganisationSummariesQuery(parties), cancellationToken);
        var now = clock.GetUtcNow();
        var deliveries = new List<WebhookDelivery>();
        foreach (var change in events)
        {
            foreach (var subscription in subscriptions)
            {
                if (!change.Parties.Contains(subscription.OrganisationId)
                    || !subscription.Wants(change.Type)
                    || change.OccurredAt < subscription.CreatedAt
                    || (subscription.Audience == WebhookAudience.Public && !(change.IsPublic && IsPublic(organisations, subscription.OrganisationId))))
                {
                    continue;
                }

                var id = Guid.CreateVersion7();
                var payload = new WebhookPayload(
                    id,
                    change.Type,
                    change.OccurredAt,
                    new WebhookPayload.OrganisationReference(subscription.OrganisationId, organisations.GetValueOrDefault(subscription.OrganisationId)?.Slug),
                    new WebhookPayload.ResourceReference(change.ResourceKind, change.ResourceId, WebhookEvent.HrefOf(change.ResourceKind, change.ResourceId)));
                deliveries.Add(WebhookDelivery.Create(id, subscription.Id, change.EventId, change.Type, change.ResourceKind, change.ResourceId, change.OccurredAt, payload.ToJson(), now));
            }
        }

        return deliveries;
    }

    private static bool IsPublic(IReadOnlyDictionary<Guid, OrganisationSummary> organisations, Guid organisationId) =>
        organisations.TryGetValue(organisationId, out var organisation) && organisation is { Kind: OrganisationKind.Fellowship, Status: OrganisationStatus.Active };
}
