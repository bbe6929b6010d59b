using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

public sealed class PositionSetTests
{
    private const int Count = 20_000;

    [Fact]
    public void Holds_exactly_the_positions_it_was_given_across_chunks()
    {
        int[] positions = [0, 63, 64, 4095, 4096, 8191, 12_345, Count - 1];

        var set = PositionSet.Of(positions, Count);

        Enumerable.Range(0, Count).Where(set.Contains).ShouldBe(positions);
        PositionSet.None.Contains(0).ShouldBeFalse();
        PositionSet.None.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Adding_positions_makes_a_new_set_and_leaves_the_old_one_as_it_was()
    {
        var before = PositionSet.Of([10, 5000], Count);

        var after = before.With([11, 5000, 19_000], Count);

        Enumerable.Range(0, Count).Where(before.Contains).ShouldBe([10, 5000]);
        Enumerable.Range(0, Count).Where(after.Contains).ShouldBe([10, 11, 5000, 19_000]);
    }
}
