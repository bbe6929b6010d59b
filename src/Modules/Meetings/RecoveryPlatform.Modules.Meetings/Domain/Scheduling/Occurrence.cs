namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>One concrete meeting, computed from a <see cref="MeetingSchedule"/>.</summary>
/// <param name="LocalDate">
/// The date the rule gave this occurrence in the meeting's time zone; overrides are keyed by it.
/// </param>
/// <param name="LocalStart">
/// The wall-clock time in the meeting's time zone at <paramref name="StartUtc"/> (kind Unspecified). It is the
/// scheduled start time, except when that time does not exist (spring-forward gap): then it is the shifted time
/// the clocks actually show, e.g. 02:30 for a 01:30 meeting on the day UK clocks go forward.
/// </param>
/// <param name="StartUtc">The start instant, with offset zero.</param>
/// <param name="EndUtc">The end instant, with offset zero: <paramref name="StartUtc"/> plus the elapsed duration.</param>
/// <param name="UtcOffset">The meeting time zone's UTC offset in force at the start.</param>
/// <param name="IsChanged">True when a <see cref="OccurrenceOverride.Change"/> applies to this date.</param>
/// <param name="VenueIdOverride">The venue this occurrence moved to, or null for the meeting's usual venue.</param>
/// <param name="FormatsOverride">
/// The formats this occurrence has instead of the meeting's usual ones (a one-off change's, else its week of the
/// month's), or null for the usual ones.
/// </param>
internal sealed record Occurrence(
    DateOnly LocalDate,
    DateTime LocalStart,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    TimeSpan UtcOffset,
    bool IsChanged,
    Guid? VenueIdOverride,
    IReadOnlyList<string>? FormatsOverride = null);
