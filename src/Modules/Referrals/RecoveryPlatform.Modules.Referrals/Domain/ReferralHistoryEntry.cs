namespace RecoveryPlatform.Modules.Referrals.Domain;

/// <summary>One move of a referral, appended and never changed (but for its note, which erasure removes).</summary>
internal sealed class ReferralHistoryEntry
{
    private ReferralHistoryEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid ReferralId { get; private set; }

    /// <summary>1 for the submission, then one more per move: two moves racing cannot both be number n.</summary>
    public int Sequence { get; private set; }

    public ReferralStatus? FromStatus { get; private set; }

    public ReferralStatus ToStatus { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>A free-text note, sealed like the rest of the personal data (it may name the person).</summary>
    public string? SealedNote { get; private set; }

    public ReferralSide By { get; private set; }

    /// <summary>The credential (API key id or token subject) that made the move; never a person's name.</summary>
    public string Actor { get; private set; } = string.Empty;

    public DateTimeOffset At { get; private set; }

    public static ReferralHistoryEntry Record(Guid id, Guid referralId, int sequence, ReferralStatus? from, ReferralStatus to, string? reason, string? sealedNote, ReferralSide by, string actor, DateTimeOffset at) => new()
    {
        Id = id,
        ReferralId = referralId,
        Sequence = sequence,
        FromStatus = from,
        ToStatus = to,
        Reason = reason,
        SealedNote = sealedNote,
        By = by,
        Actor = actor,
        At = at,
    };

    public void EraseNote() => SealedNote = null;
}
