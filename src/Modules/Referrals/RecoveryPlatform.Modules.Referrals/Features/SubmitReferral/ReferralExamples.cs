using RecoveryPlatform.Modules.Referrals.Domain;

namespace RecoveryPlatform.Modules.Referrals.Features.SubmitReferral;

/// <summary>The examples in the OpenAPI document: an invented person, a plausible referral.</summary>
internal static class ReferralExamples
{
    public static readonly SubmitReferralRequest Submit = new(
        "aa-great-britain",
        null,
        null,
        "LS6",
        new PersonRequest("Sam", null, "07700 900123", null, ContactMethod.Text, "Weekday evenings", "en", "Prefers a meeting with step-free access."),
        ReferralReason.Alcohol,
        "Has been to one meeting before and would like someone to go with them.",
        new ConsentRequest(true, "2026-01", "Alex Morgan", new DateTimeOffset(2026, 11, 30, 10, 15, 0, TimeSpan.Zero)),
        new PractitionerRequest("Alex Morgan", "Recovery worker", "0113 496 0000", "recovery.team@example.nhs.uk"),
        ReferralPriority.Routine);

    public static readonly SubmittedReferral Submitted = new(Guid.Parse("0193a0b0-0000-7000-8000-0000000000f1"), "RF-7K3Q-92", ReferralStatus.Requested);
}
