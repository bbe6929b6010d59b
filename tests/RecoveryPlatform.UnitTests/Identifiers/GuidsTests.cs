using RecoveryPlatform.SharedKernel.Identifiers;

namespace RecoveryPlatform.UnitTests.Identifiers;

public sealed class GuidsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void A_version_7_guid_carries_the_time_as_the_platform_writes_it()
    {
        var ours = Guids.NewVersion7(Noon);
        var platforms = Guid.CreateVersion7(Noon);

        ours.Version.ShouldBe(7);
        (ours.Variant & 0b1100).ShouldBe(0b1000, "RFC 9562's variant: the top two bits 10");
        (platforms.Variant & 0b1100).ShouldBe(0b1000);
        ours.ToString()[..13].ShouldBe(platforms.ToString()[..13], "the first 48 bits are the Unix time in milliseconds");
    }

    [Fact]
    public void Version_7_guids_made_later_sort_later()
    {
        var earlier = Guids.NewVersion7(Noon);
        var later = Guids.NewVersion7(Noon.AddMilliseconds(1));

        earlier.CompareTo(later).ShouldBeLessThan(0);
        string.CompareOrdinal(earlier.ToString(), later.ToString()).ShouldBeLessThan(0);
    }

    [Fact]
    public void A_version_4_guid_is_marked_as_one()
    {
        var guid = Guids.NewVersion4();

        guid.Version.ShouldBe(4);
        (guid.Variant & 0b1100).ShouldBe(0b1000, "RFC 9562's variant: the top two bits 10");
    }

    [Fact]
    public void Guids_drawn_across_many_refills_of_the_random_buffer_are_all_different()
    {
        // 4 KiB of random bytes is 256 Guids: this crosses the refill several hundred times, on two threads.
        var made = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 2, _ =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                made.Add(Guids.NewVersion4());
                made.Add(Guids.NewVersion7(Noon));
            }
        });

        made.Distinct().Count().ShouldBe(200_000);
        made.ShouldNotContain(Guid.Empty);
    }

    [Fact]
    public void A_time_before_1970_is_refused_as_the_platform_refuses_it()
    {
        var before = new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero);

        Should.Throw<ArgumentOutOfRangeException>(() => Guid.CreateVersion7(before));
        Should.Throw<ArgumentOutOfRangeException>(() => Guids.NewVersion7(before));
    }
}
