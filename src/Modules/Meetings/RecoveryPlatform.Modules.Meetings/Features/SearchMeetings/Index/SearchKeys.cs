using RecoveryPlatform.Modules.Meetings.Domain;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// The fields the common filters read, packed by value. Scanning an array of these reads memory in
/// order; following one <see cref="SearchEntry"/> reference per candidate instead costs a cache miss
/// each, which made that scan, not the filters, the cost of a search. It holds no references, so
/// copying one is a plain copy of bytes.
/// </summary>
internal readonly struct SearchKeys
{
    public SearchKeys(SearchEntry entry)
    {
        Place = entry.Place;
        HasPlace = entry.HasPlace;
        AttributesMask = entry.AttributesMask;
        AccessibilityMask = entry.AccessibilityMask;
        ZoneNumber = SearchZones.NumberOf(entry.TimeZoneId);
        LocalStartMinutes = (short)entry.LocalStartMinutes;
        DurationMinutes = (short)entry.DurationMinutes;
        DayBit = (byte)(1 << (int)entry.Day);
        AttendanceBit = (byte)(1 << (int)entry.Attendance);
        HasChanges = entry.HasChanges;
        IsPlainWeekly = entry.IsPlainWeekly;
        MinuteOfWeek = (short)(((int)entry.Day * 24 * 60) + entry.LocalStartMinutes);
    }

    public GreatCircle.Point Place { get; }

    public long AttributesMask { get; }

    /// <summary>The meeting's time zone, as <see cref="SearchZones"/> numbers it.</summary>
    public short ZoneNumber { get; }

    public int AccessibilityMask { get; }

    public short LocalStartMinutes { get; }

    public short DurationMinutes { get; }

    /// <summary>The usual start in minutes from Sunday 00:00, local time.</summary>
    public short MinuteOfWeek { get; }

    public byte DayBit { get; }

    public byte AttendanceBit { get; }

    public bool HasPlace { get; }

    public bool HasChanges { get; }

    public bool IsPlainWeekly { get; }

    public bool IsInPerson => AttendanceBit == 1 << (int)Attendance.InPerson;
}
