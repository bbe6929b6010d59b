using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Webhooks.Domain;
using RecoveryPlatform.Modules.Webhooks.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Webhooks.Features;

/// <summary>A webhook subscription as its managers see it: never its secret.</summary>
/// <param name="Id">The subscription's id.</param>
/// <param name="Organisation">Slug of the organisation whose events are delivered.</param>
/// <param name="Url">Where deliveries are POSTed.</param>
/// <param name="Events">The event types it receives.</param>
/// <param name="Audience"><c>organisation</c>: an admin's subscription (directory and referral events); <c>public</c>: public directory events only.</param>
/// <param name="Status"><c>active</c>, or <c>disabled</c> (nothing is sent until it is re-enabled).</param>
/// <param name="DisabledReason">Why deliveries stopped, when <c>status</c> is <c>disabled</c>.</param>
/// <param name="DisabledAt">When it was disabled.</param>
/// <param name="ConsecutiveFailures">Failed attempts since the last success.</param>
/// <param name="CreatedAt">When it was made: it receives events committed from then on.</param>
internal sealed record WebhookResponse(
    Guid Id,
    string? Organisation,
    string Url,
    IReadOnlyList<string> Events,
    WebhookAudience Audience,
    WebhookStatus Status,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    int ConsecutiveFailures,
    DateTimeOffset CreatedAt)
{
    public static WebhookResponse From(WebhookSubscription s, string? organisationSlug) =>
        new(s.Id, organisationSlug, s.Url, s.EventTypes, s.Audience, s.Status, s.DisabledReason, s.DisabledAt, s.ConsecutiveFailures, s.CreatedAt);
}

/// <summary>A subscription's signing secret, shown once: at creation and at each rotation.</summary>
/// <param name="Id">The subscription's id.</param>
/// <param name="Secret">Standard Webhooks secret (<c>whsec_</c> and base64): verify each delivery's <c>webhook-signature</c> with it.</param>
internal sealed record WebhookSecretResponse(Guid Id, string Secret);

/// <summary>A new subscription and its secret.</summary>
internal sealed record CreatedWebhookResponse(WebhookResponse Webhook, string Secret);

/// <summary>Who may see and manage a subscription.</summary>
internal static class WebhookAccess
{
    /// <summary>
    /// The credential that subscribed, the admins of its organisation, and platform admins. To anyone else the
    /// subscription does not exist (404), so its URL and events stay private.
    /// </summary>
    public static bool CanManage(Caller caller, WebhookSubscription subscription) =>
        caller.IsPlatformAdmin
        || (caller.CredentialId is { } credential && credential == subscription.CreatedBy)
        || (caller.Role == Role.OrgAdmin && caller.OrganisationId is { } own && own == subscription.OwnerOrganisationId);

    /// <summary>The subscriptions <paramref name="caller"/> manages.</summary>
    public static IQueryable<WebhookSubscription> Managed(IQueryable<WebhookSubscription> subscriptions, Caller caller)
    {
        if (caller.IsPlatformAdmin)
        {
            return subscriptions;
        }

        var credential = caller.CredentialId ?? string.Empty;
        var adminOf = caller.Role == Role.OrgAdmin ? caller.OrganisationId : null;
        return subscriptions.Where(s => s.CreatedBy == credential || (adminOf != null && s.OwnerOrganisationId == adminOf));
    }

    public static async Task<WebhookSubscription> LoadManagedAsync(WebhooksDbContext db, Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return subscription is not null && CanManage(caller, subscription) ? subscription : throw new NotFoundException("Webhook", id);
    }

    public static async Task<string?> SlugOfAsync(ISender sender, Guid organisationId, CancellationToken cancellationToken) =>
        (await sender.Send(new GetOrganisationSummaryByIdQuery(organisationId), cancellationToken))?.Slug;
}

internal static class WebhookExamples
{
    public static readonly Guid Id = Guid.Parse("0193a0b0-0000-7000-8000-0000000000e1");

    public static readonly WebhookResponse Response = new(
        Id,
        "leeds-intergroup",
        "https://hooks.example.org/recovery",
        ["meeting.created", "meeting.deleted", "meeting.updated"],
        WebhookAudience.Public,
        WebhookStatus.Active,
        null,
        null,
        0,
        new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero));

    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
}
