using RecoveryPlatform.SharedKernel.Auditing;

namespace RecoveryPlatform.Modules.Referrals.Domain;

/// <summary>
/// A treatment service's referral of one person to a fellowship. The record itself holds no personal data
/// in the clear: the person, notes and practitioner are one sealed value (<see cref="SealedPersonalData"/>),
/// erased when consent is withdrawn or the retention period ends, after which the shell and its statistics
/// remain.
/// </summary>
internal sealed class Referral : IAuditable
{
    public const int NotesMaxLength = 1000;
    public const int NoteMaxLength = 1000;

    private Referral()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>A short reference people can read to each other on the phone (RF-7K3Q-92).</summary>
    public string Reference { get; private set; } = string.Empty;

    public Guid ReferringOrganisationId { get; private set; }

    public Guid ReceivingOrganisationId { get; private set; }

    Guid? IAuditable.AuditOrganisationId => ReferringOrganisationId;

    public Guid? GroupId { get; private set; }

    public Guid? MeetingId { get; private set; }

    /// <summary>The postcode district the person would attend in (LS6): the fellowship's area rule is checked against it.</summary>
    public string AreaDistrict { get; private set; } = string.Empty;

    public ReferralReason Reason { get; private set; }

    public ReferralPriority Priority { get; private set; }

    public ReferralStatus Status { get; private set; }

    /// <summary>The coded reason of the latest move (for completed, the outcome).</summary>
    public string? StatusReason { get; private set; }

    public string ConsentStatementVersion { get; private set; } = string.Empty;

    public DateTimeOffset ConsentCapturedAt { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When contact with the person was first made (in-progress, contact-made).</summary>
    public DateTimeOffset? FirstContactAt { get; private set; }

    /// <summary>When the referral reached a final status: the retention period counts from here.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The person, notes and practitioner, sealed; null once erased.</summary>
    public string? SealedPersonalData { get; private set; }

    public DateTimeOffset? PersonalDataErasedAt { get; private set; }

    public Guid Version { get; private set; }

    public List<ReferralHistoryEntry> History { get; private set; } = [];

    public bool IsFinal => ReferralLifecycle.IsFinal(Status);

    public static Referral Submit(ReferralSubmission submission, string reference, Guid referringOrganisationId, string actor, DateTimeOffset now)
    {
        var referral = new Referral
        {
            Id = Guid.CreateVersion7(now),
            Reference = reference,
            ReferringOrganisationId = referringOrganisationId,
            ReceivingOrganisationId = submission.ReceivingOrganisationId,
            GroupId = submission.GroupId,
            MeetingId = submission.MeetingId,
            AreaDistrict = submission.AreaDistrict,
            Reason = submission.Reason,
            Priority = submission.Priority,
            Status = ReferralStatus.Requested,
            ConsentStatementVersion = submission.ConsentStatementVersion,
            ConsentCapturedAt = submission.ConsentCapturedAt,
            SubmittedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
        };
        referral.History.Add(ReferralHistoryEntry.Record(Guid.CreateVersion7(now), referral.Id, 1, null, ReferralStatus.Requested, null, null, ReferralSide.Referrer, actor, now));
        return referral;
    }

    /// <summary>Keeps the personal details, sealed (and bound to this referral's id) by the caller.</summary>
    public void HoldPersonalData(string sealedPersonalData) => SealedPersonalData = sealedPersonalData;

    /// <summary>
    /// Moves the referral on and appends the move to its history (which must be loaded); the caller has
    /// checked that <paramref name="side"/> may (<see cref="ReferralLifecycle"/>).
    /// </summary>
    /// <param name="to">The next status.</param>
    /// <param name="reason">Its coded reason, if it takes one.</param>
    /// <param name="sealedNote">The move's note, sealed and bound to <paramref name="entryId"/>.</param>
    /// <param name="side">Who moves it.</param>
    /// <param name="actor">The credential that moves it.</param>
    /// <param name="now">When.</param>
    /// <param name="entryId">The history entry's id, which a sealed note is bound to.</param>
    public ReferralHistoryEntry MoveTo(ReferralStatus to, string? reason, string? sealedNote, ReferralSide side, string actor, DateTimeOffset now, Guid entryId)
    {
        var entry = ReferralHistoryEntry.Record(entryId, Id, History.Count + 1, Status, to, reason, sealedNote, side, actor, now);
        History.Add(entry);
        if (to == ReferralStatus.InProgress && reason == "contact-made")
        {
            FirstContactAt ??= now;
        }

        Status = to;
        StatusReason = reason;
        UpdatedAt = now;
        Version = Guid.NewGuid();
        if (ReferralLifecycle.IsFinal(to))
        {
            ClosedAt = now;
        }

        return entry;
    }

    /// <summary>Erases the person's data, here and in every note of the history; what remains is the shell.</summary>
    public void ErasePersonalData(IEnumerable<ReferralHistoryEntry> history, DateTimeOffset now)
    {
        SealedPersonalData = null;
        PersonalDataErasedAt ??= now;
        foreach (var entry in history)
        {
            entry.EraseNote();
        }

        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}

/// <summary>What a referrer submits, checked, without the personal details (which are sealed separately).</summary>
internal sealed record ReferralSubmission(
    Guid ReceivingOrganisationId,
    Guid? GroupId,
    Guid? MeetingId,
    string AreaDistrict,
    ReferralReason Reason,
    ReferralPriority Priority,
    string ConsentStatementVersion,
    DateTimeOffset ConsentCapturedAt);
