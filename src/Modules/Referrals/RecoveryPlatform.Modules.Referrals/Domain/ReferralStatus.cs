namespace RecoveryPlatform.Modules.Referrals.Domain;

/// <summary>
/// Where a referral stands. The names follow HL7 FHIR R4 <c>Task.status</c> one to one (docs/referrals.md);
/// <see cref="ReferralLifecycle"/> says which moves are allowed, and by which side.
/// </summary>
internal enum ReferralStatus
{
    Requested,
    Received,
    Accepted,
    Rejected,
    InProgress,
    Completed,
    Failed,
    Cancelled,
    EnteredInError,
}

/// <summary>How soon the fellowship should make contact (FHIR <c>ServiceRequest.priority</c>).</summary>
internal enum ReferralPriority
{
    Routine,
    Urgent,
}

/// <summary>Why the person is referred, coded: what the fellowship needs to know to choose a volunteer, no more.</summary>
internal enum ReferralReason
{
    Alcohol,
    Drugs,
    Both,
    Other,
}

/// <summary>How the person would like to be contacted.</summary>
internal enum ContactMethod
{
    Phone,
    Text,
    Email,
}

/// <summary>Which party to a referral a caller speaks for.</summary>
internal enum ReferralSide
{
    /// <summary>The treatment service that made the referral.</summary>
    Referrer,

    /// <summary>The fellowship the referral was made to.</summary>
    Receiver,
}
