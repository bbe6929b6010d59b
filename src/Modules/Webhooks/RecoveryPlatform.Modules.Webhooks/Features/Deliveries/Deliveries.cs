using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Webhooks.Contracts;
using RecoveryPlatform.Modules.Webhooks.Delivery;
using RecoveryPlatform.Modules.Webhooks.Domain;
using RecoveryPlatform.Modules.Webhooks.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Webhooks.Features.Deliveries;

/// <summary>One delivery and how sending it went.</summary>
/// <param name="Id">The <c>webhook-id</c> the receiver saw: the same on every attempt, for de-duplication.</param>
/// <param name="Type">The event type.</param>
/// <param name="ResourceKind">meeting, group, venue, referral, or webhook (a test).</param>
/// <param name="ResourceId">The record the event is about.</param>
/// <param name="OccurredAt">When the change was committed.</param>
/// <param name="Status">pending, delivered, or failed (given up).</param>
/// <param name="Attempts">Attempts so far.</param>
/// <param name="LastAttemptAt">When it was last tried.</param>
/// <param name="LastStatusCode">The receiver's HTTP status at the last attempt, if it answered.</param>
/// <param name="LastError">What went wrong at the last attempt, in the platform's words (never the receiver's body).</param>
/// <param name="NextAttemptAt">When it will be tried again, while <c>status</c> is <c>pending</c>.</param>
/// <param name="DeliveredAt">When the receiver accepted it.</param>
internal sealed record DeliveryResponse(
    Guid Id,
    string Type,
    string ResourceKind,
    Guid ResourceId,
    DateTimeOffset OccurredAt,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt)
{
    public static DeliveryResponse From(WebhookDelivery d) =>
        new(d.Id, d.EventType, d.ResourceKind, d.ResourceId, d.OccurredAt, d.Status, d.Attempts, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.DeliveredAt);
}

internal sealed record ListDeliveriesQuery(Guid WebhookId, int Page, int PageSize) : IQuery<PagedList<DeliveryResponse>>, IPagedQuery;

internal sealed class ListDeliveriesValidator : AbstractValidator<ListDeliveriesQuery>
{
    public ListDeliveriesValidator() => this.ValidatePaging();
}

internal sealed class ListDeliveriesHandler(WebhooksDbContext db, ICallerAccessor callers) : IQueryHandler<ListDeliveriesQuery, PagedList<DeliveryResponse>>
{
    public async ValueTask<PagedList<DeliveryResponse>> Handle(ListDeliveriesQuery query, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.LoadManagedAsync(db, callers.Caller, query.WebhookId, cancellationToken);
        var deliveries = db.Deliveries.AsNoTracking().Where(d => d.SubscriptionId == subscription.Id);
        var total = await deliveries.CountAsync(cancellationToken);
        var page = await deliveries.OrderByDescending(d => d.Sequence)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedList<DeliveryResponse>(page.Select(DeliveryResponse.From).ToList(), query.Page, query.PageSize, total);
    }
}

internal sealed record TestWebhookCommand(Guid WebhookId) : ICommand<DeliveryResponse>;

internal sealed class TestWebhookHandler(WebhooksDbContext db, ICallerAccessor callers, TimeProvider clock) : ICommandHandler<TestWebhookCommand, DeliveryResponse>
{
    public async ValueTask<DeliveryResponse> Handle(TestWebhookCommand command, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.LoadManagedAsync(db, callers.Caller, command.WebhookId, cancellationToken);
        if (subscription.Status == WebhookStatus.Disabled)
        {
            throw new ConflictException("The subscription is disabled; re-enable it first (POST /api/v1/webhooks/{id}/enable).");
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var payload = new WebhookPayload(
            id,
            WebhookEventTypes.Test,
            now,
            new WebhookPayload.OrganisationReference(subscription.OrganisationId, null),
            new WebhookPayload.ResourceReference("webhook", subscription.Id, WebhookEvent.HrefOf("webhook", subscription.Id)));
        var delivery = WebhookDelivery.Create(id, subscription.Id, Guid.CreateVersion7(), WebhookEventTypes.Test, "webhook", subscription.Id, now, payload.ToJson(), now);
        db.Deliveries.Add(delivery);
        return DeliveryResponse.From(delivery);
    }
}

internal static class DeliveriesEndpoints
{
    private static readonly DeliveryResponse Example = new(
        Guid.Parse("0193a0b0-0000-7000-8000-0000000000e2"),
        WebhookEventTypes.MeetingUpdated,
        "meeting",
        Guid.Parse("0193a0b0-0000-7000-8000-000000000003"),
        new DateTimeOffset(2026, 12, 1, 9, 41, 0, TimeSpan.Zero),
        DeliveryStatus.Pending,
        2,
        new DateTimeOffset(2026, 12, 1, 9, 41, 12, TimeSpan.Zero),
        503,
        "HTTP 503",
        new DateTimeOffset(2026, 12, 1, 9, 41, 30, TimeSpan.Zero),
        null);

    public static void Map(IEndpointRouteBuilder webhooks)
    {
        webhooks.MapGet("/{id:guid}/deliveries", async (Guid id, int? page, int? pageSize, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ListDeliveriesQuery(id, page ?? 1, pageSize ?? Paging.DefaultPageSize), cancellationToken)))
            .WithName("ListWebhookDeliveries")
            .WithSummary("List a subscription's deliveries")
            .WithDescription("Newest first: each one's status (pending, delivered, failed), attempts, the last HTTP status or error, and when it will be tried again. The credential that subscribed, its organisation's admins, and platform admins.")
            .RequireAuthorization()
            .Produces<PagedList<DeliveryResponse>>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems()
            .WithResponseExample(new PagedList<DeliveryResponse>([Example], 1, 20, 1));

        webhooks.MapPost("/{id:guid}/test", async (Guid id, ISender sender, CancellationToken cancellationToken) =>
            {
                var queued = await sender.Send(new TestWebhookCommand(id), cancellationToken);
                return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", queued);
            })
            .WithName("TestWebhook")
            .WithSummary("Send a test delivery")
            .WithDescription("Queues a webhook.test delivery, signed and retried like any other; follow it in the deliveries list (Location). 409 when the subscription is disabled.")
            .RequireAuthorization()
            .Produces<DeliveryResponse>(StatusCodes.Status202Accepted)
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesCommonProblems()
            .WithResponseExample(Example with { Type = WebhookEventTypes.Test, ResourceKind = "webhook", Attempts = 0, LastAttemptAt = null, LastStatusCode = null, LastError = null }, StatusCodes.Status202Accepted);
    }
}
