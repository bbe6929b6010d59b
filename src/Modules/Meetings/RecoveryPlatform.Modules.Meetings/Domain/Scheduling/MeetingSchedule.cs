using System.Diagnostics.CodeAnalysis;

namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>
/// A validated <see cref="ScheduleDefinition"/> that computes when a meeting takes place. Dates and weekdays
/// are always those of the meeting's own time zone; every instant in and out is a <see cref="DateTimeOffset"/>
/// (results have offset zero). Wall-clock times that fall in a clock change are resolved as
/// <see cref="LocalTimeResolver"/> describes.
/// </summary>
internal sealed class MeetingSchedule
{
    internal static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    // Instants are only computed for local dates in this range, so the day-either-side and ±14 h arithmetic on
    // them stays inside DateTimeOffset's range. Rule dates outside it are treated as not occurring.
    private static readonly DateOnly EarliestComputedDate = new(2, 1, 1);
    private static readonly DateOnly LatestComputedDate = new(9998, 12, 31);

    private readonly TimeZoneInfo _zone;
    private readonly Dictionary<DateOnly, OccurrenceOverride> _overridesByDate;

    private MeetingSchedule(ScheduleDefinition definition, TimeZoneInfo zone)
    {
        Definition = definition;
        _zone = zone;
        _overridesByDate = (definition.Overrides ?? []).ToDictionary(o => o.Date);
    }

    public ScheduleDefinition Definition { get; }

    /// <summary>
    /// Checks <paramref name="definition"/> and, when there are no problems, builds the schedule.
    /// Never throws for bad input: every problem found is returned, for the API to report.
    /// </summary>
    public static bool TryCreate(
        ScheduleDefinition definition,
        [NotNullWhen(true)] out MeetingSchedule? schedule,
        out IReadOnlyList<SchedulingProblem> problems)
    {
        problems = ScheduleValidator.Validate(definition);
        schedule = problems.Count == 0
            ? new MeetingSchedule(definition, IanaTimeZones.Find(definition.TimeZoneId))
            : null;
        return schedule is not null;
    }

    /// <summary>For definitions already known to be valid, e.g. loaded from storage.</summary>
    /// <exception cref="ArgumentException">The definition has problems; they are listed in the message.</exception>
    public static MeetingSchedule Create(ScheduleDefinition definition) =>
        TryCreate(definition, out var schedule, out var problems)
            ? schedule
            : throw new ArgumentException(
                "Invalid schedule: " + string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")),
                nameof(definition));

    /// <summary>The date on the meeting's own clock at <paramref name="instant"/>.</summary>
    public DateOnly LocalDateAt(DateTimeOffset instant) => LocalTimeResolver.LocalDateAt(instant, _zone);

    /// <summary>Every occurrence starting in [<paramref name="from"/>, <paramref name="to"/>), in order; cancelled ones are left out.</summary>
    public IEnumerable<Occurrence> Occurrences(DateTimeOffset from, DateTimeOffset to) =>
        OccurrencesFromDayBefore(from).TakeWhile(o => o.StartUtc < to).Where(o => o.StartUtc >= from);

    /// <summary>The first occurrence starting at or after <paramref name="at"/>; null if the meeting never takes place again.</summary>
    public Occurrence? NextOccurrence(DateTimeOffset at)
    {
        // A loop, not FirstOrDefault with a lambda: search asks this for every candidate meeting.
        foreach (var occurrence in OccurrencesFromDayBefore(at))
        {
            if (occurrence.StartUtc >= at)
            {
                return occurrence;
            }
        }

        return null;
    }

    /// <summary>The occurrence under way at <paramref name="at"/> (start ≤ at &lt; end), which may have started the previous local day.</summary>
    public Occurrence? OccurrenceInProgress(DateTimeOffset at)
    {
        // Meetings last at most MaxDuration, so one under way started no earlier than that before `at`.
        var earliestStart = at - DateTimeOffset.MinValue > MaxDuration ? at - MaxDuration : DateTimeOffset.MinValue;
        return OccurrencesFromDayBefore(earliestStart)
            .TakeWhile(o => o.StartUtc <= at)
            .FirstOrDefault(o => o.EndUtc > at);
    }

    /// <summary>The first occurrence starting in [<paramref name="at"/>, <paramref name="at"/> + <paramref name="window"/>), or null.</summary>
    public Occurrence? StartsWithin(DateTimeOffset at, TimeSpan window) =>
        NextOccurrence(at) is { } next && next.StartUtc - at < window ? next : null;

    /// <summary>
    /// Occurrences in start order, cancelled ones left out, from the day before the local date at
    /// <paramref name="instant"/>: a start time pushed on by a spring-forward gap can land on the next local date.
    /// Endless if the schedule is, so callers must stop taking.
    /// </summary>
    private IEnumerable<Occurrence> OccurrencesFromDayBefore(DateTimeOffset instant)
    {
        var localDate = LocalTimeResolver.LocalDateAt(instant, _zone);
        var firstDate = localDate > EarliestComputedDate ? localDate.AddDays(-1) : EarliestComputedDate;

        foreach (var date in Definition.ScheduledDatesFrom(firstDate))
        {
            if (date > LatestComputedDate)
            {
                yield break;
            }

            _overridesByDate.TryGetValue(date, out var dateOverride);
            if (dateOverride is OccurrenceOverride.Cancellation)
            {
                continue;
            }

            yield return BuildOccurrence(date, dateOverride as OccurrenceOverride.Change);
        }
    }

    private Occurrence BuildOccurrence(DateOnly date, OccurrenceOverride.Change? change)
    {
        var localStartTime = change?.NewLocalStartTime ?? Definition.LocalStartTime;
        var duration = change?.NewDuration ?? Definition.Duration;

        var startUtc = LocalTimeResolver.ToUtc(date.ToDateTime(localStartTime), _zone);
        var offset = ZoneOffsets.At(_zone, startUtc.UtcDateTime);

        return new Occurrence(
            LocalDate: date,
            LocalStart: startUtc.ToOffset(offset).DateTime,
            StartUtc: startUtc,
            EndUtc: startUtc + duration,
            UtcOffset: offset,
            IsChanged: change is not null,
            VenueIdOverride: change?.NewVenueId,
            FormatsOverride: change?.NewFormats ?? Definition.FormatsOn(date));
    }
}
