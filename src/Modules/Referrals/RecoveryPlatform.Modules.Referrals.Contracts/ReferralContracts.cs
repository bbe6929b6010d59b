using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Referrals.Contracts;

/// <summary>
/// A treatment service submitted a referral to a fellowship. Ids only: a subscriber that may see the
/// referral reads it through the API, with a purpose, and that read is logged.
/// </summary>
public sealed record ReferralSubmittedIntegrationEvent(Guid ReferralId, Guid ReferringOrganisationId, Guid ReceivingOrganisationId) : IIntegrationEvent;

/// <summary>A referral moved to another status (or another contact attempt was recorded). Ids only, as above.</summary>
public sealed record ReferralStatusChangedIntegrationEvent(Guid ReferralId, Guid ReferringOrganisationId, Guid ReceivingOrganisationId) : IIntegrationEvent;
