using System.Collections.Concurrent;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// Turns meeting rows into search entries, joined with the details of their organisations, groups and venues
/// and with their one-off changes. Slices of a whole directory's load use one builder at the same time: every
/// entry of a group, venue or organisation shares one set of result parts, made here once, and repeated values
/// (zone ids, format and language lists, schedules and their summaries) one instance each.
/// </summary>
internal sealed class SearchEntryBuilder
{
    private readonly Dictionary<Guid, (OrganisationSummary Summary, OrganisationRef Ref)> _organisations;
    private readonly Dictionary<Guid, (GroupSummary Summary, GroupRef Ref, string? Areas)> _groups;
    private readonly Dictionary<Guid, (VenueSummary Summary, VenueRef Ref, int AccessibilityMask)> _venues;
    private readonly ILookup<Guid, MeetingException> _exceptions;
    private readonly IReadOnlyDictionary<(Guid OrganisationId, string Code), long> _formatMasks;
    private readonly Action<Guid> _unusableSchedule;
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<List<string>, string[]> _lists = new(SameStrings.Instance);
    private readonly ConcurrentDictionary<SchedulePattern, MeetingSchedule?> _schedules = new();
    private readonly ConcurrentDictionary<(DayOfWeek, int, int, string, RecurrenceKind), ScheduleSummary> _scheduleSummaries = new();

    /// <summary>Only public details are kept: active organisations, public groups, venues not archived.</summary>
    public SearchEntryBuilder(
        IReadOnlyDictionary<Guid, OrganisationSummary> organisations,
        IReadOnlyDictionary<Guid, GroupSummary> groups,
        IReadOnlyDictionary<Guid, VenueSummary> venues,
        ILookup<Guid, MeetingException> exceptions,
        IReadOnlyDictionary<(Guid OrganisationId, string Code), long> formatMasks,
        Action<Guid> unusableSchedule)
    {
        // One lookup per row finds a detail and its result part together: at a million rows, each lookup in
        // a table of a few hundred thousand is a cache miss.
        _organisations = organisations.Values.Where(o => o.Status == OrganisationStatus.Active)
            .ToDictionary(o => o.Id, o => (o, new OrganisationRef(o.Id, o.Slug, o.Name)));
        _groups = groups.Values.Where(g => g.IsPublic).ToDictionary(g => g.Id, g => (g, new GroupRef(g.Id, g.Name), AreasOf(g)));
        _venues = venues.Values.Where(v => !v.IsArchived)
            .ToDictionary(v => v.Id, v => (v, ResultParts.VenueRefOf(v), SearchEntry.AccessibilityMaskOf(v.Accessibility)));
        _exceptions = exceptions;
        _formatMasks = formatMasks;
        _unusableSchedule = unusableSchedule;
    }

    /// <summary>The entries of the rows that are public.</summary>
    public List<SearchEntry> Entries(IEnumerable<SearchRow> rows) => [.. rows.Select(EntryOf).OfType<SearchEntry>()];

    /// <summary>The entry of the row, or null when it is not public: an active meeting of a public group, of an active organisation.</summary>
    public SearchEntry? EntryOf(SearchRow meeting)
    {
        if (!_organisations.TryGetValue(meeting.OrganisationId, out var organisation) || !_groups.TryGetValue(meeting.GroupId, out var group))
        {
            return null;
        }

        // Stored schedules were valid when written; one that no longer is (edited by hand, say) must not stop
        // the whole index from loading or following changes: it is left out, and said so.
        var changes = _exceptions[meeting.Id].ToArray();
        if (Schedule(meeting, changes) is not { } schedule)
        {
            _unusableSchedule(meeting.Id);
            return null;
        }

        // A meeting whose venue is archived or gone is listed without a place.
        (VenueSummary Summary, VenueRef Ref, int AccessibilityMask)? venue =
            meeting.VenueId is { } venueId && _venues.TryGetValue(venueId, out var found) ? found : null;
        var localStartMinutes = (meeting.LocalStartTime.Hour * 60) + meeting.LocalStartTime.Minute;
        var timeZoneId = Shared(meeting.TimeZoneId);
        var attributesMask = 0L;
        foreach (var code in meeting.Formats)
        {
            attributesMask |= _formatMasks.GetValueOrDefault((meeting.OrganisationId, code));
        }

        return new SearchEntry
        {
            Id = meeting.Id,
            Name = meeting.Name,
            OrganisationId = organisation.Summary.Id,
            OrganisationSlug = organisation.Summary.Slug,
            OrganisationName = organisation.Summary.Name,
            GroupId = group.Summary.Id,
            GroupName = group.Summary.Name,
            GroupAreas = group.Areas,
            Attendance = meeting.Attendance,
            Venue = venue?.Summary,
            OnlineUrl = meeting.OnlineUrl,
            OnlinePhone = meeting.OnlinePhone,
            Day = meeting.Day,
            LocalStartMinutes = localStartMinutes,
            TimeZoneId = timeZoneId,
            RecurrenceKind = meeting.RecurrenceKind,
            DurationMinutes = meeting.DurationMinutes,
            Formats = SharedList(meeting.Formats),
            AttributesMask = attributesMask,
            Languages = SharedList(meeting.Languages),
            AccessibilityMask = venue?.AccessibilityMask ?? 0,
            UpdatedAt = meeting.UpdatedAt,
            Schedule = schedule,
            // Formats by week of the month are not changes of time or place, but the slot arithmetic builds
            // occurrences without formats: such meetings go to the engine, which gives each date its own.
            HasChanges = changes.Any(e => !e.IsCancellation) || meeting.FormatsByWeekOfMonth.Count > 0,
            IsPlainWeekly = meeting.RecurrenceKind == RecurrenceKind.Weekly && meeting.ExceptWeeksOfMonth.IsEmpty
                && meeting.ValidFrom is null && meeting.ValidUntil is null && changes.Length == 0,
            OrganisationRef = organisation.Ref,
            GroupRef = group.Ref,
            VenueRef = venue?.Ref,
            ScheduleSummary = _scheduleSummaries.GetOrAdd(
                (meeting.Day, localStartMinutes, meeting.DurationMinutes, timeZoneId, meeting.RecurrenceKind),
                static key => ResultParts.ScheduleSummaryOf(key.Item1, key.Item2, key.Item3, key.Item4, key.Item5)),
        };
    }

    /// <summary>
    /// What text search should find a group's meetings by besides names: the areas it serves and its service
    /// body. Made once per group; a comma separates them as words, like any other text.
    /// </summary>
    private static string? AreasOf(GroupSummary group)
    {
        IEnumerable<string> parts = group.ServiceBodyName is { } serviceBody ? [.. group.ServiceAreas, serviceBody] : group.ServiceAreas;
        var joined = string.Join(", ", parts);
        return joined.Length == 0 ? null : joined;
    }

    // Rows come back with their own copies of the same few strings (zone ids, format codes, languages):
    // one shared instance of each, and of each distinct list, keeps the index small.
    private string Shared(string value) => _strings.GetOrAdd(value, value);

    private string[] SharedList(List<string> values) =>
        _lists.TryGetValue(values, out var shared) ? shared : _lists.GetOrAdd(values, [.. values.Select(Shared)]);

    /// <summary>
    /// Meetings without one-off changes share one schedule per distinct pattern: most meet weekly at one of a
    /// few hundred times, and a schedule object each would be a quarter of the index. Null when the stored
    /// schedule is no longer valid.
    /// </summary>
    private MeetingSchedule? Schedule(SearchRow row, MeetingException[] changes)
    {
        if (changes.Length > 0 || row.FormatsByWeekOfMonth.Count > 0)
        {
            return MeetingSchedule.TryCreate(row.ScheduleDefinition(changes), out var own, out _) ? own : null;
        }

        var pattern = new SchedulePattern(
            row.TimeZoneId, row.LocalStartTime, row.DurationMinutes, row.RecurrenceKind, row.Day, row.IntervalWeeks, row.AnchorDate, row.WeekOfMonth, row.ExceptWeeksOfMonth, row.ValidFrom, row.ValidUntil);
        return _schedules.GetOrAdd(pattern, static (pattern, row) => MeetingSchedule.TryCreate(row.ScheduleDefinition([]), out var made, out _) ? made : null, row);
    }

    /// <summary>Everything a schedule without one-off changes or format variations is made of.</summary>
    private readonly record struct SchedulePattern(
        string TimeZoneId, TimeOnly LocalStartTime, int DurationMinutes, RecurrenceKind RecurrenceKind, DayOfWeek Day, int? IntervalWeeks, DateOnly? AnchorDate,
        int? WeekOfMonth, WeeksOfMonth ExceptWeeksOfMonth, DateOnly? ValidFrom, DateOnly? ValidUntil);

    /// <summary>Lists equal when they hold the same strings in the same order: format and language lists are shared by value.</summary>
    private sealed class SameStrings : IEqualityComparer<List<string>>
    {
        public static readonly SameStrings Instance = new();

        public bool Equals(List<string>? x, List<string>? y) => x!.SequenceEqual(y!, StringComparer.Ordinal);

        public int GetHashCode(List<string> list)
        {
            var hash = new HashCode();
            foreach (var value in list)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
