using RecoveryPlatform.Modules.Referrals.Domain;

namespace RecoveryPlatform.UnitTests.Referrals;

/// <summary>The referral workflow, every pair of statuses for each side, against the table in docs/referrals.md.</summary>
public sealed class ReferralLifecycleTests
{
    /// <summary>The only moves there are: (from, to, side).</summary>
    private static readonly HashSet<(ReferralStatus, ReferralStatus, ReferralSide)> Legal =
    [
        (ReferralStatus.Requested, ReferralStatus.Received, ReferralSide.Receiver),
        (ReferralStatus.Received, ReferralStatus.Accepted, ReferralSide.Receiver),
        (ReferralStatus.Received, ReferralStatus.Rejected, ReferralSide.Receiver),
        (ReferralStatus.Accepted, ReferralStatus.InProgress, ReferralSide.Receiver),
        (ReferralStatus.InProgress, ReferralStatus.InProgress, ReferralSide.Receiver),
        (ReferralStatus.InProgress, ReferralStatus.Completed, ReferralSide.Receiver),
        (ReferralStatus.InProgress, ReferralStatus.Failed, ReferralSide.Receiver),
        .. new[] { ReferralStatus.Requested, ReferralStatus.Received, ReferralStatus.Accepted, ReferralStatus.InProgress }.SelectMany(from => new[]
        {
            (from, ReferralStatus.Cancelled, ReferralSide.Referrer),
            (from, ReferralStatus.EnteredInError, ReferralSide.Referrer),
            (from, ReferralStatus.EnteredInError, ReferralSide.Receiver),
        }),
    ];

    // By name: the domain's enums are internal to the module, and a public test method cannot take them.
    public static TheoryData<string, string, string> EveryMove()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var from in Enum.GetValues<ReferralStatus>())
        {
            foreach (var to in Enum.GetValues<ReferralStatus>())
            {
                foreach (var side in Enum.GetValues<ReferralSide>())
                {
                    data.Add(from.ToString(), to.ToString(), side.ToString());
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void A_move_is_allowed_exactly_when_the_table_lists_it(string fromName, string toName, string sideName)
    {
        var (from, to, side) = (Enum.Parse<ReferralStatus>(fromName), Enum.Parse<ReferralStatus>(toName), Enum.Parse<ReferralSide>(sideName));
        ReferralLifecycle.Allows(from, to, side).ShouldBe(Legal.Contains((from, to, side)));
        ReferralLifecycle.NextFor(from, side).Contains(to).ShouldBe(Legal.Contains((from, to, side)));
    }

    [Theory]
    [InlineData("Rejected")]
    [InlineData("Completed")]
    [InlineData("Failed")]
    [InlineData("Cancelled")]
    [InlineData("EnteredInError")]
    public void A_final_status_moves_nowhere(string statusName)
    {
        var status = Enum.Parse<ReferralStatus>(statusName);
        ReferralLifecycle.IsFinal(status).ShouldBeTrue();
        ReferralLifecycle.NextFor(status, ReferralSide.Referrer).ShouldBeEmpty();
        ReferralLifecycle.NextFor(status, ReferralSide.Receiver).ShouldBeEmpty();
    }

    [Fact]
    public void Every_status_that_needs_a_reason_has_a_vocabulary_and_only_those_do()
    {
        ReferralLifecycle.ReasonRequired.Order().ShouldBe(ReferralLifecycle.Reasons.Keys.Order());
        ReferralLifecycle.TakesReason(ReferralStatus.Completed, "attended-first-meeting").ShouldBeTrue();
        ReferralLifecycle.TakesReason(ReferralStatus.Completed, "no-capacity").ShouldBeFalse();
        ReferralLifecycle.TakesReason(ReferralStatus.Received, "anything").ShouldBeFalse();
    }

    [Fact]
    public void Moving_on_appends_to_the_history_and_closes_at_a_final_status()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var referral = Referral.Submit(new ReferralSubmission(Guid.NewGuid(), null, null, "LS6", ReferralReason.Drugs, ReferralPriority.Routine, "2026-01", now), "RF-0000-00", Guid.NewGuid(), "key-1", now);
        referral.MoveTo(ReferralStatus.Received, null, null, ReferralSide.Receiver, "key-2", now.AddHours(1), Guid.NewGuid());
        referral.MoveTo(ReferralStatus.Accepted, null, null, ReferralSide.Receiver, "key-2", now.AddHours(2), Guid.NewGuid());
        referral.MoveTo(ReferralStatus.InProgress, "contact-attempted", null, ReferralSide.Receiver, "key-2", now.AddHours(3), Guid.NewGuid());
        referral.FirstContactAt.ShouldBeNull();
        referral.MoveTo(ReferralStatus.InProgress, "contact-made", null, ReferralSide.Receiver, "key-2", now.AddHours(4), Guid.NewGuid());
        referral.FirstContactAt.ShouldBe(now.AddHours(4));
        referral.ClosedAt.ShouldBeNull();
        referral.MoveTo(ReferralStatus.Completed, "attended-first-meeting", null, ReferralSide.Receiver, "key-2", now.AddHours(5), Guid.NewGuid());

        referral.ClosedAt.ShouldBe(now.AddHours(5));
        referral.History.Select(h => h.Sequence).ShouldBe([1, 2, 3, 4, 5, 6]);
        referral.History.Select(h => h.FromStatus).ShouldBe([null, ReferralStatus.Requested, ReferralStatus.Received, ReferralStatus.Accepted, ReferralStatus.InProgress, ReferralStatus.InProgress]);
    }

    [Fact]
    public void References_are_short_readable_and_varied()
    {
        var references = Enumerable.Range(0, 1000).Select(_ => ReferralReference.New()).ToList();
        references.ShouldAllBe(r => System.Text.RegularExpressions.Regex.IsMatch(r, "^RF-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$"));
        references.Distinct().Count().ShouldBeGreaterThan(995);
    }
}
