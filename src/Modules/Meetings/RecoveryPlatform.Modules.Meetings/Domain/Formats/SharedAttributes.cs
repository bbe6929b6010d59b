using System.Collections.Frozen;

namespace RecoveryPlatform.Modules.Meetings.Domain.Formats;

/// <summary>
/// Sets of <see cref="SharedAttribute"/> as 64-bit masks (bit n is the member with value n), so a search can filter
/// many meetings with one AND per meeting and no allocation.
/// </summary>
internal static class SharedAttributes
{
    /// <summary>Every attribute, in value order.</summary>
    public static IReadOnlyList<SharedAttribute> All { get; } = Enum.GetValues<SharedAttribute>();

    /// <summary>The mask with every defined attribute set.</summary>
    public static long AllMask { get; } = ComputeAllMask();

    /// <summary>The mask with only <paramref name="attribute"/> set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined member.</exception>
    public static long Bit(SharedAttribute attribute)
    {
        var position = (int)attribute;
        if (position is < 0 or > 62 || (AllMask & (1L << position)) == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Not a defined shared attribute.");
        }

        return 1L << position;
    }

    /// <summary>The mask with each of <paramref name="attributes"/> set; duplicates are harmless.</summary>
    public static long ToMask(IEnumerable<SharedAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);

        var mask = 0L;
        foreach (var attribute in attributes)
        {
            mask |= Bit(attribute);
        }

        return mask;
    }

    /// <summary>The attributes whose bits are set in <paramref name="mask"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A bit is set that no attribute owns: the mask was written by a newer version or is corrupt, and dropping the
    /// bit silently would lose it on the next save.
    /// </exception>
    public static IReadOnlySet<SharedAttribute> FromMask(long mask)
    {
        if ((mask & ~AllMask) != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(mask), mask, $"Bits 0x{mask & ~AllMask:X} belong to no shared attribute.");
        }

        if (mask == 0)
        {
            return FrozenSet<SharedAttribute>.Empty;
        }

        var attributes = new HashSet<SharedAttribute>();
        foreach (var attribute in All)
        {
            if ((mask & (1L << (int)attribute)) != 0)
            {
                attributes.Add(attribute);
            }
        }

        return attributes;
    }

    /// <summary>
    /// Whether <paramref name="mask"/> has every bit of <paramref name="required"/> (true when nothing is required).
    /// </summary>
    public static bool HasAll(long mask, long required) => (mask & required) == required;

    private static long ComputeAllMask()
    {
        var mask = 0L;
        foreach (var attribute in Enum.GetValues<SharedAttribute>())
        {
            mask |= 1L << (int)attribute;
        }

        return mask;
    }
}
