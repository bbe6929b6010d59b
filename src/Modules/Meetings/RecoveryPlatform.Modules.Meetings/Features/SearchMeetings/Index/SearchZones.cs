using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// Numbers for the time zones meetings use, so <see cref="SearchKeys"/> can name a zone without holding
/// a reference (a struct with none is copied as plain bytes). There are a few hundred zones at most,
/// and a number, once given, is kept for the life of the process.
/// </summary>
internal static class SearchZones
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, short> Numbers = new(StringComparer.Ordinal);
    private static TimeZoneInfo[] _zones = [];

    public static short NumberOf(string timeZoneId)
    {
        lock (Gate)
        {
            if (!Numbers.TryGetValue(timeZoneId, out var number))
            {
                number = checked((short)_zones.Length);
                _zones = [.. _zones, IanaTimeZones.Find(timeZoneId)];
                Numbers[timeZoneId] = number;
            }

            return number;
        }
    }

    /// <summary>The zone numbered <paramref name="number"/>; lock-free: the array is replaced, never changed.</summary>
    public static TimeZoneInfo ZoneOf(short number) => Volatile.Read(ref _zones)[number];
}
