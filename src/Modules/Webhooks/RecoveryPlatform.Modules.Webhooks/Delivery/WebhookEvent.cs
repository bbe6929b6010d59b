using System.Text.Json;
using System.Text.Json.Serialization;
using RecoveryPlatform.Modules.Referrals.Contracts;
using RecoveryPlatform.Modules.Webhooks.Contracts;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Webhooks.Delivery;

/// <summary>
/// A committed change as webhooks tell it: its type, the resource it concerns, and the organisations that may be
/// told (the owner of a directory record; both parties of a referral, or only the receiver of a new one).
/// </summary>
internal sealed record WebhookEvent(Guid EventId, string Type, string ResourceKind, Guid ResourceId, DateTimeOffset OccurredAt, IReadOnlyList<Guid> Parties, bool IsPublic)
{
    /// <summary>The modules whose change logs hold events webhooks tell (Organisations' own changes are not among the types).</summary>
    public static readonly IReadOnlyList<string> SourceModules = ["venues", "groups", "meetings", "referrals"];

    /// <summary>The webhook event a change-log row stands for, or null for one that no subscription can ask for.</summary>
    public static WebhookEvent? From(LoggedEvent row) => row.Event switch
    {
        IDirectoryChange { Entity: ChangedEntity.Meeting or ChangedEntity.Group or ChangedEntity.Venue, OrganisationId: { } owner } change =>
            new(row.EventId, $"{KindOf(change.Entity)}.{ActionOf(change.Action)}", KindOf(change.Entity), change.RecordId, row.OccurredAt, [owner], IsPublic: true),
        ReferralSubmittedIntegrationEvent submitted =>
            new(row.EventId, WebhookEventTypes.ReferralReceived, "referral", submitted.ReferralId, row.OccurredAt, [submitted.ReceivingOrganisationId], IsPublic: false),
        ReferralStatusChangedIntegrationEvent changed =>
            new(row.EventId, WebhookEventTypes.ReferralStatusChanged, "referral", changed.ReferralId, row.OccurredAt, [changed.ReferringOrganisationId, changed.ReceivingOrganisationId], IsPublic: false),
        _ => null,
    };

    private static string KindOf(ChangedEntity entity) => entity.ToString().ToLowerInvariant();

    // Rows recorded before the change feed name no action: they were updates or creations, reported as updates (as the feed does).
    private static string ActionOf(ChangeAction? action) => (action ?? ChangeAction.Updated).ToString().ToLowerInvariant();

    /// <summary>Where a subscriber reads the resource, with its own credentials.</summary>
    public static string HrefOf(string kind, Guid id) => kind switch
    {
        "meeting" => $"/api/v1/meetings/{id}",
        "group" => $"/api/v1/groups/{id}",
        "venue" => $"/api/v1/venues/{id}",
        "referral" => $"/api/v1/referrals/{id}",
        _ => $"/api/v1/webhooks/{id}",
    };
}

/// <summary>The body of a delivery: ids only, never a record's data, so nothing personal can travel in it.</summary>
internal sealed record WebhookPayload(
    Guid Id,
    string Type,
    DateTimeOffset OccurredAt,
    WebhookPayload.OrganisationReference Organisation,
    WebhookPayload.ResourceReference Resource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    internal sealed record OrganisationReference(Guid Id, string? Slug);

    internal sealed record ResourceReference(string Kind, Guid Id, string Href);
}
