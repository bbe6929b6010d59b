using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Search;

/// <summary>
/// One public meeting as search sees it: everything a filter or a result needs, joined once from
/// the meeting, its group, its venue and its organisation, so a search touches no database.
/// </summary>
internal sealed class SearchEntry
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required Guid OrganisationId { get; init; }

    public required string OrganisationSlug { get; init; }

    public required string OrganisationName { get; init; }

    public required Guid GroupId { get; init; }

    public required string GroupName { get; init; }

    public required Attendance Attendance { get; init; }

    public VenueSummary? Venue { get; init; }

    public double? Latitude => Venue?.Latitude;

    public double? Longitude => Venue?.Longitude;

    public string? OnlineUrl { get; init; }

    public string? OnlinePhone { get; init; }

    public required DayOfWeek Day { get; init; }

    public required int LocalStartMinutes { get; init; }

    public required string TimeZoneId { get; init; }

    public required RecurrenceKind RecurrenceKind { get; init; }

    public required int DurationMinutes { get; init; }

    public required string[] Formats { get; init; }

    public required long AttributesMask { get; init; }

    public required string[] Languages { get; init; }

    public required int AccessibilityMask { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Meeting, group, venue and town names, lower case, for text search.</summary>
    public required string SearchText { get; init; }

    public required MeetingSchedule Schedule { get; init; }

    /// <summary>True when one-off changes exist: then only the schedule engine can say when it meets.</summary>
    public bool HasChanges { get; init; }

    public static int AccessibilityMaskOf(IEnumerable<AccessibilityFeature> features) =>
        features.Aggregate(0, (mask, feature) => mask | (1 << (int)feature));
}
