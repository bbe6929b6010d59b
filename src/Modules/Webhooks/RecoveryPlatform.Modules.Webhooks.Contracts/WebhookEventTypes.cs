namespace RecoveryPlatform.Modules.Webhooks.Contracts;

/// <summary>
/// The event types a webhook subscription can ask for, by the name each delivery carries in <c>type</c>.
/// Directory events are public facts (any reader may follow an organisation's); referral events go only to the
/// parties of the referral, through their organisation admins' subscriptions.
/// </summary>
public static class WebhookEventTypes
{
    public const string MeetingCreated = "meeting.created";
    public const string MeetingUpdated = "meeting.updated";
    public const string MeetingDeleted = "meeting.deleted";
    public const string GroupCreated = "group.created";
    public const string GroupUpdated = "group.updated";
    public const string GroupDeleted = "group.deleted";
    public const string VenueCreated = "venue.created";
    public const string VenueUpdated = "venue.updated";
    public const string VenueDeleted = "venue.deleted";

    /// <summary>A referral was submitted to the subscriber's organisation (it is the receiver).</summary>
    public const string ReferralReceived = "referral.received";

    /// <summary>A referral the subscriber's organisation is a party to changed status (either side).</summary>
    public const string ReferralStatusChanged = "referral.status-changed";

    /// <summary>Sent by <c>POST /api/v1/webhooks/{id}/test</c> only; not something to subscribe to.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> Directory =
    [
        MeetingCreated, MeetingUpdated, MeetingDeleted,
        GroupCreated, GroupUpdated, GroupDeleted,
        VenueCreated, VenueUpdated, VenueDeleted,
    ];

    public static readonly IReadOnlyList<string> Referral = [ReferralReceived, ReferralStatusChanged];

    /// <summary>Every type a subscription may name.</summary>
    public static readonly IReadOnlyList<string> All = [.. Directory, .. Referral];
}
