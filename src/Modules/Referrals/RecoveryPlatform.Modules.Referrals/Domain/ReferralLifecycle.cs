using System.Collections.Frozen;

namespace RecoveryPlatform.Modules.Referrals.Domain;

/// <summary>
/// The referral workflow as data: which status may follow which, which side may make each move, and which
/// reasons each move takes. A move not listed here does not exist.
/// </summary>
/// <remarks>
/// requested → received → accepted | rejected; accepted → in-progress (contact attempted or made; repeated for
/// each further attempt) → completed (with its outcome) | failed. The referrer may cancel at any open point;
/// either side may mark an open referral entered-in-error. Rejected, completed, failed, cancelled and
/// entered-in-error are final.
/// </remarks>
internal static class ReferralLifecycle
{
    /// <summary>The coded reasons each status takes; a status not listed takes none.</summary>
    public static readonly FrozenDictionary<ReferralStatus, string[]> Reasons = new Dictionary<ReferralStatus, string[]>
    {
        [ReferralStatus.Rejected] = ["no-capacity", "outside-area", "not-suitable", "other"],
        [ReferralStatus.InProgress] = ["contact-attempted", "contact-made"],
        [ReferralStatus.Completed] = ["attended-first-meeting", "linked-with-sponsor-or-buddy", "declined-by-person", "other"],
        [ReferralStatus.Failed] = ["uncontactable", "other"],
        [ReferralStatus.Cancelled] = ["person-withdrew", "referred-elsewhere", "duplicate", "other"],
    }.ToFrozenDictionary();

    /// <summary>Statuses that need a reason (for completed, the outcome); in-progress needs one too: attempted or made.</summary>
    public static readonly FrozenSet<ReferralStatus> ReasonRequired =
        new[] { ReferralStatus.Rejected, ReferralStatus.InProgress, ReferralStatus.Completed, ReferralStatus.Failed, ReferralStatus.Cancelled }.ToFrozenSet();

    public static readonly FrozenSet<ReferralStatus> Final =
        new[] { ReferralStatus.Rejected, ReferralStatus.Completed, ReferralStatus.Failed, ReferralStatus.Cancelled, ReferralStatus.EnteredInError }.ToFrozenSet();

    private static readonly (ReferralStatus From, ReferralStatus To, ReferralSide By)[] Moves =
    [
        (ReferralStatus.Requested, ReferralStatus.Received, ReferralSide.Receiver),
        (ReferralStatus.Received, ReferralStatus.Accepted, ReferralSide.Receiver),
        (ReferralStatus.Received, ReferralStatus.Rejected, ReferralSide.Receiver),
        (ReferralStatus.Accepted, ReferralStatus.InProgress, ReferralSide.Receiver),
        (ReferralStatus.InProgress, ReferralStatus.InProgress, ReferralSide.Receiver),
        (ReferralStatus.InProgress, ReferralStatus.Completed, ReferralSide.Receiver),
        (ReferralStatus.InProgress, ReferralStatus.Failed, ReferralSide.Receiver),
        .. Open().Select(from => (from, ReferralStatus.Cancelled, ReferralSide.Referrer)),
        .. Open().Select(from => (from, ReferralStatus.EnteredInError, ReferralSide.Referrer)),
        .. Open().Select(from => (from, ReferralStatus.EnteredInError, ReferralSide.Receiver)),
    ];

    public static bool IsFinal(ReferralStatus status) => Final.Contains(status);

    /// <summary>The statuses <paramref name="side"/> may move a referral to from <paramref name="from"/>.</summary>
    public static IReadOnlyList<ReferralStatus> NextFor(ReferralStatus from, ReferralSide side) =>
        [.. Moves.Where(m => m.From == from && m.By == side).Select(m => m.To).Distinct()];

    /// <summary>Whether the move exists at all, for either side.</summary>
    public static bool Exists(ReferralStatus from, ReferralStatus to) => Moves.Any(m => m.From == from && m.To == to);

    public static bool Allows(ReferralStatus from, ReferralStatus to, ReferralSide side) => Moves.Any(m => m.From == from && m.To == to && m.By == side);

    public static bool TakesReason(ReferralStatus status, string reason) =>
        Reasons.TryGetValue(status, out var reasons) && reasons.Contains(reason, StringComparer.Ordinal);

    private static IEnumerable<ReferralStatus> Open() => Enum.GetValues<ReferralStatus>().Where(s => !Final.Contains(s));
}
