using System.Text.Json;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using static RecoveryPlatform.Modules.Meetings.Domain.Formats.SharedAttribute;

namespace RecoveryPlatform.UnitTests.Meetings.Formats;

public sealed class SharedAttributesTests
{
    [Fact]
    public void Attribute_values_never_change_because_masks_are_stored()
    {
        var expected = new Dictionary<SharedAttribute, int>
        {
            [OpenToAll] = 0,
            [Closed] = 1,
            [NewcomerFriendly] = 2,
            [WomenOnly] = 3,
            [MenOnly] = 4,
            [Lgbtq] = 5,
            [YoungPeople] = 6,
            [WheelchairAccess] = 7,
            [Speaker] = 8,
            [Discussion] = 9,
            [StepStudy] = 10,
            [Literature] = 11,
            [Meditation] = 12,
            [BslInterpreted] = 13,
            [Secular] = 14,
            [ChildFriendly] = 15,
            [Outdoor] = 16,
            [FamilyAndFriends] = 17,
            [DualDiagnosis] = 18,
            [NonBinary] = 19,
            [TraditionStudy] = 20,
            [Candlelight] = 21,
        };

        foreach (var attribute in SharedAttributes.All)
        {
            expected.ShouldContainKey(attribute, "a new attribute must be added to this list with its value");
            ((int)attribute).ShouldBe(expected[attribute], $"{attribute} was renumbered");
        }

        SharedAttributes.All.Count.ShouldBe(expected.Count);
    }

    [Fact]
    public void Every_attribute_fits_a_64_bit_mask_with_its_own_bit()
    {
        SharedAttributes.All.ShouldAllBe(attribute => (int)attribute >= 0 && (int)attribute <= 62);
        SharedAttributes.All.Select(SharedAttributes.Bit).ShouldBeUnique();
        SharedAttributes.All.Select(SharedAttributes.Bit).Aggregate(0L, (mask, bit) => mask | bit).ShouldBe(SharedAttributes.AllMask);
    }

    [Theory]
    [InlineData("OpenToAll", "open-to-all")]
    [InlineData("WomenOnly", "women-only")]
    [InlineData("Lgbtq", "lgbtq")]
    [InlineData("BslInterpreted", "bsl-interpreted")]
    [InlineData("FamilyAndFriends", "family-and-friends")]
    [InlineData("NonBinary", "non-binary")]
    [InlineData("TraditionStudy", "tradition-study")]
    [InlineData("NewcomerFriendly", "newcomer-friendly")]
    public void An_attribute_s_wire_name_is_its_name_in_kebab_case(string attribute, string wireName)
    {
        Enum.IsDefined(Enum.Parse<SharedAttribute>(attribute)).ShouldBeTrue();
        JsonNamingPolicy.KebabCaseLower.ConvertName(attribute).ShouldBe(wireName);
    }

    [Fact]
    public void Every_single_attribute_survives_a_round_trip_through_a_mask()
    {
        foreach (var attribute in SharedAttributes.All)
        {
            SharedAttributes.FromMask(SharedAttributes.ToMask([attribute])).ShouldBe([attribute]);
        }
    }

    [Fact]
    public void All_attributes_together_survive_a_round_trip_through_a_mask()
    {
        var mask = SharedAttributes.ToMask(SharedAttributes.All);

        mask.ShouldBe(SharedAttributes.AllMask);
        SharedAttributes.FromMask(mask).ShouldBe(SharedAttributes.All, ignoreOrder: true);
    }

    [Fact]
    public void No_attributes_is_the_empty_mask_and_back()
    {
        SharedAttributes.ToMask([]).ShouldBe(0L);
        SharedAttributes.FromMask(0L).ShouldBeEmpty();
    }

    [Fact]
    public void A_mixed_set_survives_a_round_trip_and_duplicates_are_harmless()
    {
        SharedAttribute[] attributes = [WomenOnly, Lgbtq, NonBinary, BslInterpreted, WomenOnly];

        var mask = SharedAttributes.ToMask(attributes);

        mask.ShouldBe((1L << 3) | (1L << 5) | (1L << 13) | (1L << 19));
        SharedAttributes.FromMask(mask).ShouldBe([WomenOnly, Lgbtq, NonBinary, BslInterpreted], ignoreOrder: true);
    }

    [Fact]
    public void A_mask_with_a_bit_no_attribute_owns_is_refused_rather_than_silently_dropped()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SharedAttributes.FromMask(1L << 62));
        Should.Throw<ArgumentOutOfRangeException>(() => SharedAttributes.FromMask(-1L));
    }

    [Fact]
    public void An_undefined_attribute_value_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SharedAttributes.Bit((SharedAttribute)62));
        Should.Throw<ArgumentOutOfRangeException>(() => SharedAttributes.Bit((SharedAttribute)64));
        Should.Throw<ArgumentOutOfRangeException>(() => SharedAttributes.ToMask([(SharedAttribute)(-1)]));
    }

    [Fact]
    public void HasAll_is_true_when_the_mask_has_every_required_attribute()
    {
        var meeting = SharedAttributes.ToMask([WomenOnly, Speaker, WheelchairAccess]);

        SharedAttributes.HasAll(meeting, SharedAttributes.ToMask([WomenOnly])).ShouldBeTrue();
        SharedAttributes.HasAll(meeting, SharedAttributes.ToMask([WomenOnly, WheelchairAccess])).ShouldBeTrue();
        SharedAttributes.HasAll(meeting, meeting).ShouldBeTrue();
    }

    [Fact]
    public void HasAll_is_true_when_nothing_is_required()
    {
        SharedAttributes.HasAll(0L, 0L).ShouldBeTrue();
        SharedAttributes.HasAll(SharedAttributes.AllMask, 0L).ShouldBeTrue();
    }

    [Fact]
    public void HasAll_is_false_when_any_required_attribute_is_missing()
    {
        var meeting = SharedAttributes.ToMask([WomenOnly, Speaker]);

        SharedAttributes.HasAll(meeting, SharedAttributes.ToMask([WomenOnly, WheelchairAccess])).ShouldBeFalse();
        SharedAttributes.HasAll(meeting, SharedAttributes.ToMask([MenOnly])).ShouldBeFalse();
        SharedAttributes.HasAll(0L, SharedAttributes.ToMask([OpenToAll])).ShouldBeFalse();
    }

    [Fact]
    public void Filtering_100000_meetings_by_mask_allocates_nothing()
    {
        var meetings = new long[100_000];
        for (var i = 0; i < meetings.Length; i++)
        {
            meetings[i] = i % 7 == 0 ? SharedAttributes.ToMask([WomenOnly, Speaker]) : SharedAttributes.ToMask([Speaker]);
        }

        var required = SharedAttributes.Bit(WomenOnly) | SharedAttributes.Bit(Speaker);
        CountMatches(meetings, required); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var matches = CountMatches(meetings, required);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        matches.ShouldBe(14_286);
        allocated.ShouldBe(0L);
    }

    private static int CountMatches(long[] meetings, long required)
    {
        var count = 0;
        foreach (var mask in meetings)
        {
            if (SharedAttributes.HasAll(mask, required))
            {
                count++;
            }
        }

        return count;
    }
}
