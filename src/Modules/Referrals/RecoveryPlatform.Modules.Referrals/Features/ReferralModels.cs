using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Protection;

namespace RecoveryPlatform.Modules.Referrals.Features;

/// <summary>An organisation party to a referral.</summary>
internal sealed record ReferralParty(Guid Id, string Slug, string Name)
{
    public static ReferralParty Of(Guid id, IReadOnlyDictionary<Guid, OrganisationSummary> organisations) =>
        organisations.TryGetValue(id, out var o) ? new(o.Id, o.Slug, o.Name) : new(id, string.Empty, string.Empty);
}

/// <summary>A referral without personal data: what lists, statistics and the change feed can show.</summary>
/// <param name="Id">The referral's id.</param>
/// <param name="Reference">A short reference to read out on the phone, e.g. RF-7K3Q-92.</param>
/// <param name="Status">requested, received, accepted, rejected, in-progress, completed, failed, cancelled, entered-in-error.</param>
/// <param name="StatusReason">The coded reason of the latest move (for completed, the outcome).</param>
/// <param name="Priority">routine or urgent.</param>
/// <param name="Reason">alcohol, drugs, both or other.</param>
/// <param name="ReferringOrganisation">The treatment service.</param>
/// <param name="ReceivingOrganisation">The fellowship.</param>
/// <param name="GroupId">The group the person was referred to, if one was chosen.</param>
/// <param name="MeetingId">The meeting the person was referred to, if one was chosen.</param>
/// <param name="Area">The postcode district the person would attend in.</param>
/// <param name="SubmittedAt">When the referral was submitted.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="ClosedAt">When it reached a final status.</param>
/// <param name="PersonalDataErased">True once the person's data is erased (consent withdrawn, or the retention period over).</param>
/// <param name="AllowedTransitions">The statuses you may move it to next.</param>
internal sealed record ReferralSummaryResponse(
    Guid Id,
    string Reference,
    ReferralStatus Status,
    string? StatusReason,
    ReferralPriority Priority,
    ReferralReason Reason,
    ReferralParty ReferringOrganisation,
    ReferralParty ReceivingOrganisation,
    Guid? GroupId,
    Guid? MeetingId,
    string Area,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    bool PersonalDataErased,
    IReadOnlyList<ReferralStatus> AllowedTransitions)
{
    public static ReferralSummaryResponse From(Referral referral, ReferralSide? side, IReadOnlyDictionary<Guid, OrganisationSummary> organisations) => new(
        referral.Id,
        referral.Reference,
        referral.Status,
        referral.StatusReason,
        referral.Priority,
        referral.Reason,
        ReferralParty.Of(referral.ReferringOrganisationId, organisations),
        ReferralParty.Of(referral.ReceivingOrganisationId, organisations),
        referral.GroupId,
        referral.MeetingId,
        referral.AreaDistrict,
        referral.SubmittedAt,
        referral.UpdatedAt,
        referral.ClosedAt,
        referral.SealedPersonalData is null,
        side is { } s ? ReferralLifecycle.NextFor(referral.Status, s) : []);
}

/// <summary>The person referred, as the referrer recorded them.</summary>
/// <param name="FirstName">First name or the name the person goes by.</param>
/// <param name="LastName">Optional.</param>
/// <param name="Phone">A phone number (phone and/or email).</param>
/// <param name="Email">An email address (phone and/or email).</param>
/// <param name="PreferredContactMethod">phone, text or email.</param>
/// <param name="PreferredContactTimes">When to call, in words, e.g. weekday evenings.</param>
/// <param name="Language">ISO 639-1 code, e.g. en.</param>
/// <param name="AccessNeeds">Anything a volunteer should know to make contact or a meeting accessible.</param>
internal sealed record PersonRequest(
    string? FirstName,
    string? LastName,
    string? Phone,
    string? Email,
    ContactMethod? PreferredContactMethod,
    string? PreferredContactTimes,
    string? Language,
    string? AccessNeeds);

/// <summary>The person's consent to the referral, as captured.</summary>
/// <param name="Given">Must be true: no referral without consent.</param>
/// <param name="StatementVersion">The version of the consent statement the person agreed to, e.g. 2026-01.</param>
/// <param name="CapturedBy">The practitioner who captured it.</param>
/// <param name="CapturedAt">When, not in the future.</param>
internal sealed record ConsentRequest(bool? Given, string? StatementVersion, string? CapturedBy, DateTimeOffset? CapturedAt);

/// <summary>The practitioner making the referral, at work.</summary>
/// <param name="Name">Name.</param>
/// <param name="Role">Role, e.g. recovery worker.</param>
/// <param name="WorkPhone">Work phone.</param>
/// <param name="WorkEmail">Work email.</param>
internal sealed record PractitionerRequest(string? Name, string? Role, string? WorkPhone, string? WorkEmail);

/// <summary>A referral with the person's data: only for its two parties, with a purpose, and logged.</summary>
internal sealed record ReferralResponse(
    ReferralSummaryResponse Referral,
    PersonRequest? Person,
    string? Notes,
    PractitionerRequest? Referrer,
    ConsentResponse Consent);

/// <summary>The consent as recorded.</summary>
internal sealed record ConsentResponse(bool Given, string StatementVersion, string? CapturedBy, DateTimeOffset CapturedAt);

/// <summary>One move in a referral's history.</summary>
internal sealed record ReferralHistoryResponse(int Sequence, ReferralStatus? From, ReferralStatus To, string? Reason, string? Note, ReferralSide By, DateTimeOffset At);

/// <summary>One read or erasure of a referral's personal data.</summary>
internal sealed record PersonalDataAccessResponse(DateTimeOffset At, string Actor, Guid? OrganisationId, string Role, AccessPurpose Purpose, AccessAction Action);

internal static class ReferralMapping
{
    /// <summary>The referral with the person's data opened (null once erased). The caller logs the read.</summary>
    public static ReferralResponse WithPersonalData(Referral referral, ReferralSide? side, IReadOnlyDictionary<Guid, OrganisationSummary> organisations, PersonalDataProtector protector)
    {
        var details = referral.SealedPersonalData is { } sealedData ? protector.Open<PersonalDetails>(sealedData, referral.Id) : null;
        return new ReferralResponse(
            ReferralSummaryResponse.From(referral, side, organisations),
            details?.Person.ToRequest(),
            details?.Notes,
            details?.Referrer.ToRequest(),
            new ConsentResponse(true, referral.ConsentStatementVersion, details?.ConsentCapturedBy, referral.ConsentCapturedAt));
    }

    /// <summary>The history (which must be loaded), oldest first, notes opened. The caller logs the read.</summary>
    public static IReadOnlyList<ReferralHistoryResponse> HistoryOf(Referral referral, PersonalDataProtector protector) =>
        [.. referral.History.OrderBy(h => h.Sequence).Select(h => new ReferralHistoryResponse(
            h.Sequence, h.FromStatus, h.ToStatus, h.Reason, h.SealedNote is { } note ? protector.Open<string>(note, h.Id) : null, h.By, h.At))];

    public static PersonRequest ToRequest(this PersonDetails person) =>
        new(person.FirstName, person.LastName, person.Phone, person.Email, person.PreferredContactMethod, person.PreferredContactTimes, person.Language, person.AccessNeeds);

    public static PractitionerRequest ToRequest(this PractitionerDetails practitioner) =>
        new(practitioner.Name, practitioner.Role, practitioner.WorkPhone, practitioner.WorkEmail);
}
