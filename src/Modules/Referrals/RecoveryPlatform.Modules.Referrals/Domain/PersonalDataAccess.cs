namespace RecoveryPlatform.Modules.Referrals.Domain;

/// <summary>Why someone reads a referral's personal data; a read without one is refused.</summary>
internal enum AccessPurpose
{
    /// <summary>Contacting or supporting the person.</summary>
    DirectCare,

    /// <summary>A concern for the person's or someone else's safety.</summary>
    Safeguarding,

    /// <summary>Managing the referral (correcting it, following it up).</summary>
    Administration,

    /// <summary>Answering the person's own request for their data.</summary>
    SubjectAccessRequest,
}

/// <summary>What was done with the personal data.</summary>
internal enum AccessAction
{
    Read,
    ReadHistory,
    SubjectAccess,
    Erase,
}

/// <summary>One read (or erasure) of a referral's personal data: who, which referral, when and why. Appended, never changed.</summary>
internal sealed class PersonalDataAccess
{
    private PersonalDataAccess()
    {
    }

    public Guid Id { get; private set; }

    public Guid ReferralId { get; private set; }

    /// <summary>The credential (API key id or token subject).</summary>
    public string Actor { get; private set; } = string.Empty;

    public Guid? ActorOrganisationId { get; private set; }

    public string ActorRole { get; private set; } = string.Empty;

    public AccessPurpose Purpose { get; private set; }

    public AccessAction Action { get; private set; }

    public DateTimeOffset At { get; private set; }

    public static PersonalDataAccess Record(Guid referralId, string actor, Guid? organisationId, string role, AccessPurpose purpose, AccessAction action, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        ReferralId = referralId,
        Actor = actor,
        ActorOrganisationId = organisationId,
        ActorRole = role,
        Purpose = purpose,
        Action = action,
        At = at,
    };
}
