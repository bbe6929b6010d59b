using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>
/// Time zones by id, remembered once found. The platform's own lookup takes a process-wide lock on every call,
/// and a meeting's zone is looked up several times per meeting written or read: a 100,000-meeting import spent
/// a tenth of its time queued on that lock behind the searches running beside it.
/// </summary>
/// <remarks>
/// Only ids the platform finds under exactly that spelling are remembered, so what is kept is bounded by the
/// zones that exist, whatever a client sends; any other id (unknown, or differently cased) is asked of the
/// platform each time, and answered as it answers.
/// </remarks>
internal static class IanaTimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Found = new(StringComparer.Ordinal);

    public static bool TryFind(string id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        if (Found.TryGetValue(id, out zone))
        {
            return true;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone))
        {
            return false;
        }

        if (string.Equals(zone.Id, id, StringComparison.Ordinal))
        {
            Found.TryAdd(id, zone);
        }

        return true;
    }

    /// <exception cref="TimeZoneNotFoundException">No zone has the id.</exception>
    public static TimeZoneInfo Find(string id) =>
        TryFind(id, out var zone) ? zone : throw new TimeZoneNotFoundException($"The time zone \"{id}\" was not found.");
}
