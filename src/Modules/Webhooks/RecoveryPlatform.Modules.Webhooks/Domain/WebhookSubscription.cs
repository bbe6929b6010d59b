namespace RecoveryPlatform.Modules.Webhooks.Domain;

/// <summary>Whose events a subscription may receive.</summary>
internal enum WebhookAudience
{
    /// <summary>An organisation admin's: its organisation's directory events and the referrals it is a party to.</summary>
    Organisation,

    /// <summary>Anyone else's (a reader app): one organisation's public directory events, while the public can see them.</summary>
    Public,
}

internal enum WebhookStatus
{
    Active,

    /// <summary>Nothing is sent (deliveries wait) until someone re-enables it; <see cref="WebhookSubscription.DisabledReason"/> says why.</summary>
    Disabled,
}

/// <summary>A URL that is told, by signed POSTs of ids only, when the chosen kinds of event happen to one organisation.</summary>
internal sealed class WebhookSubscription
{
    public const int UrlMaxLength = 2000;
    public const int DisabledReasonMaxLength = 300;
    public const int CredentialMaxLength = 200;

    private WebhookSubscription()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The organisation whose events are delivered.</summary>
    public Guid OrganisationId { get; private set; }

    /// <summary>The organisation of the credential that subscribed (null for a platform admin): its admins manage the subscription.</summary>
    public Guid? OwnerOrganisationId { get; private set; }

    /// <summary>The credential that subscribed: it may manage its own subscription whatever its role.</summary>
    public string CreatedBy { get; private set; } = string.Empty;

    public WebhookAudience Audience { get; private set; }

    public string Url { get; private set; } = string.Empty;

    /// <summary>The event types, space-separated as stored (see <see cref="EventTypes"/>).</summary>
    public string EventTypeList { get; private set; } = string.Empty;

    public IReadOnlyList<string> EventTypes => EventTypeList.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The signing secret, sealed with the module's data key (ADR 0015); opened only to sign.</summary>
    public string SealedSecret { get; private set; } = string.Empty;

    public WebhookStatus Status { get; private set; }

    public string? DisabledReason { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }

    /// <summary>Failed attempts since the last success, across deliveries: at the configured limit the subscription is disabled.</summary>
    public int ConsecutiveFailures { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static WebhookSubscription Create(Guid id, Guid organisationId, Guid? ownerOrganisationId, string createdBy, WebhookAudience audience, string url, IEnumerable<string> eventTypes, string sealedSecret, DateTimeOffset now) => new()
    {
        Id = id,
        OrganisationId = organisationId,
        OwnerOrganisationId = ownerOrganisationId,
        CreatedBy = createdBy.Length <= CredentialMaxLength ? createdBy : createdBy[..CredentialMaxLength],
        Audience = audience,
        Url = url,
        EventTypeList = string.Join(' ', eventTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
        SealedSecret = sealedSecret,
        Status = WebhookStatus.Active,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public bool Wants(string eventType) => EventTypes.Contains(eventType, StringComparer.Ordinal);

    public void ReplaceSecret(string sealedSecret, DateTimeOffset now)
    {
        SealedSecret = sealedSecret;
        UpdatedAt = now;
    }

    public void Enable(DateTimeOffset now)
    {
        Status = WebhookStatus.Active;
        DisabledReason = null;
        DisabledAt = null;
        ConsecutiveFailures = 0;
        UpdatedAt = now;
    }

    public void RecordSuccess() => ConsecutiveFailures = 0;

    /// <summary>Counts a failed attempt; true when it reached <paramref name="disableAfter"/> and the subscription is now disabled.</summary>
    public bool RecordFailure(string what, int disableAfter, DateTimeOffset now)
    {
        ConsecutiveFailures++;
        if (Status == WebhookStatus.Disabled || ConsecutiveFailures < disableAfter)
        {
            return false;
        }

        var reason = $"Disabled after {ConsecutiveFailures} consecutive failed deliveries; the last: {what}.";
        Status = WebhookStatus.Disabled;
        DisabledReason = reason.Length <= DisabledReasonMaxLength ? reason : reason[..DisabledReasonMaxLength];
        DisabledAt = now;
        UpdatedAt = now;
        return true;
    }
}
