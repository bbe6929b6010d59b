namespace RecoveryPlatform.Modules.Referrals.Domain;

/// <summary>
/// Everything personal a referral holds: the person, why they were referred in their own words, and who
/// referred them. Stored only sealed (<see cref="Protection.PersonalDataProtector"/>), as one value per
/// referral, and erased as one (<see cref="Referral.ErasePersonalData"/>).
/// </summary>
internal sealed record PersonalDetails(
    PersonDetails Person,
    string? Notes,
    PractitionerDetails Referrer,
    string ConsentCapturedBy);

/// <summary>The person referred. At least one of <see cref="Phone"/> and <see cref="Email"/>.</summary>
internal sealed record PersonDetails(
    string FirstName,
    string? LastName,
    string? Phone,
    string? Email,
    ContactMethod PreferredContactMethod,
    string? PreferredContactTimes,
    string? Language,
    string? AccessNeeds);

/// <summary>The practitioner who made the referral, at work.</summary>
internal sealed record PractitionerDetails(string Name, string Role, string? WorkPhone, string? WorkEmail);
