using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// One public meeting as search sees it: everything a filter or a result needs, joined once from
/// the meeting, its group, its venue and its organisation, so a search touches no database.
/// </summary>
internal sealed class SearchEntry
{
    private readonly VenueSummary? _venue;

    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required Guid OrganisationId { get; init; }

    public required string OrganisationSlug { get; init; }

    public required string OrganisationName { get; init; }

    public required Guid GroupId { get; init; }

    public required string GroupName { get; init; }

    /// <summary>
    /// The areas the group serves and its service body's name, joined (e.g. "Queens, Jackson Heights, Queens
    /// Area"): text search finds every meeting of a group by the places it serves. One string per group,
    /// shared by all its entries; null when the group names none.
    /// </summary>
    public string? GroupAreas { get; init; }

    public required Attendance Attendance { get; init; }

    public VenueSummary? Venue
    {
        get => _venue;
        init
        {
            _venue = value;
            if (value is not null)
            {
                Place = GreatCircle.UnitVector(value.Latitude, value.Longitude);
            }
        }
    }

    public double? Latitude => _venue?.Latitude;

    public double? Longitude => _venue?.Longitude;

    /// <summary>The venue as a point on the unit sphere, so a distance test is a few multiplications.</summary>
    public GreatCircle.Point Place { get; private init; }

    public bool HasPlace => _venue is not null;

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

    /// <summary>
    /// <see cref="TextFields"/> joined, lower case. Made when asked (once for an overlay entry's
    /// <see cref="Words"/>; the text index cuts the fields in place), not held: a whole directory's copies
    /// would be a tenth of the index.
    /// </summary>
    public string SearchText
    {
        get
        {
            var (name, groupName, venueName, town, groupAreas) = TextFields;
            return string.Join(' ', name, groupName, venueName, town, groupAreas).ToLowerInvariant();
        }
    }

    /// <summary>
    /// What text search matches: the meeting's name, its group's, its venue's name and town (when it has a
    /// venue), and the areas its group serves with its service body's name.
    /// </summary>
    public (string Name, string GroupName, string? VenueName, string? Town, string? GroupAreas) TextFields => (Name, GroupName, _venue?.Name, _venue?.Town, GroupAreas);

    /// <summary><see cref="SearchText"/>'s words as the text index splits them, made on first use (an overlay entry is matched by them on every text search).</summary>
    public string[] Words => _words ??= [.. SearchSnapshot.Tokenise(SearchText)];

    private string[]? _words;

    public required MeetingSchedule Schedule { get; init; }

    /// <summary>
    /// True when one-off changes exist, or formats by week of the month: then only the schedule engine can
    /// say when it meets and with which formats. Without them a meeting meets only at its slot, on the dates
    /// its recurrence (skipped weeks included), validity and cancellations allow, and search can place it by
    /// checking that one date.
    /// </summary>
    public bool HasChanges { get; init; }

    /// <summary>
    /// Weekly, with no validity dates and no exceptions at all: then it meets every week at its slot,
    /// and away from clock changes search can place an occurrence without the schedule engine.
    /// </summary>
    public bool IsPlainWeekly { get; init; }

    /// <summary>
    /// The parts of a search result that never change for this entry. The index hands every entry of one
    /// organisation, group or venue the same instances, so a page of results allocates none of them;
    /// entries made elsewhere (tests) get their own on first use.
    /// </summary>
    public OrganisationRef OrganisationRef
    {
        get => _organisationRef ??= new(OrganisationId, OrganisationSlug, OrganisationName);
        init => _organisationRef = value;
    }

    /// <inheritdoc cref="OrganisationRef"/>
    public GroupRef GroupRef
    {
        get => _groupRef ??= new(GroupId, GroupName);
        init => _groupRef = value;
    }

    /// <inheritdoc cref="OrganisationRef"/>
    public VenueRef? VenueRef
    {
        get => _venueRef ??= _venue is { } venue ? ResultParts.VenueRefOf(venue) : null;
        init => _venueRef = value;
    }

    /// <inheritdoc cref="OrganisationRef"/>
    public ScheduleSummary ScheduleSummary
    {
        get => _scheduleSummary ??= ResultParts.ScheduleSummaryOf(this);
        init => _scheduleSummary = value;
    }

    private OrganisationRef? _organisationRef;
    private GroupRef? _groupRef;
    private VenueRef? _venueRef;
    private ScheduleSummary? _scheduleSummary;

    /// <summary>This entry's filter keys. Made each time: snapshots keep them in arrays, not in every entry.</summary>
    public SearchKeys Keys => new(this);

    /// <summary>
    /// True when every search answers the same with <paramref name="other"/> in this entry's place, as long as
    /// both match it: the same result fields, the same place, slot and schedule, the same filter inputs.
    /// Only <see cref="UpdatedAt"/> may differ, which no result shows and whose filter (updatedSince) the
    /// caller tests on each entry (<see cref="SearchAnswerVersions"/>). An edit to a description or a
    /// contact, which search does not show, is such a change. Conservative: schedules with one-off changes
    /// are the same only as one object.
    /// </summary>
    public bool ShowsTheSameAs(SearchEntry other) =>
        Id == other.Id && Name == other.Name
        && OrganisationId == other.OrganisationId && OrganisationSlug == other.OrganisationSlug && OrganisationName == other.OrganisationName
        && GroupId == other.GroupId && GroupName == other.GroupName && GroupAreas == other.GroupAreas
        && Attendance == other.Attendance && SameVenue(_venue, other._venue) && OnlineUrl == other.OnlineUrl && OnlinePhone == other.OnlinePhone
        && Day == other.Day && LocalStartMinutes == other.LocalStartMinutes && DurationMinutes == other.DurationMinutes
        && TimeZoneId == other.TimeZoneId && RecurrenceKind == other.RecurrenceKind
        && Formats.AsSpan().SequenceEqual(other.Formats) && AttributesMask == other.AttributesMask
        && Languages.AsSpan().SequenceEqual(other.Languages) && AccessibilityMask == other.AccessibilityMask
        && HasChanges == other.HasChanges && IsPlainWeekly == other.IsPlainWeekly && SameSchedule(Schedule, other.Schedule);

    private static bool SameVenue(VenueSummary? one, VenueSummary? other) =>
        one is null || other is null
            ? one is null && other is null
            : one with { Accessibility = [], UpdatedAt = default } == other with { Accessibility = [], UpdatedAt = default } && one.Accessibility.SequenceEqual(other.Accessibility);

    private static bool SameSchedule(MeetingSchedule one, MeetingSchedule other) =>
        ReferenceEquals(one, other)
        || (one.Definition.Overrides.Count == 0 && other.Definition.Overrides.Count == 0
            && one.Definition with { Overrides = [] } == other.Definition with { Overrides = [] });

    public static int AccessibilityMaskOf(IEnumerable<AccessibilityFeature> features) =>
        features.Aggregate(0, (mask, feature) => mask | (1 << (int)feature));
}
