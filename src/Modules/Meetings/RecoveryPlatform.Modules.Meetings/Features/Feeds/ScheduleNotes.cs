using System.Globalization;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>
/// What the feeds must say in words because their formats cannot say it: the Meeting Guide format and the TSML
/// spreadsheet know one weekday and time per meeting, so every listed meeting reads as weekly there.
/// </summary>
/// <remarks>
/// The rule (docs/feeds.md): a meeting that is not weekly (every N weeks, monthly), or has not started yet, is
/// published on its weekday and time with its pattern and its next date first in its notes ("Every other Tuesday;
/// next on Tuesday 8 December 2026."); a cancellation or a one-off change within <see cref="NoticeDays"/> days is
/// told there too. The note is true until the instant it returns as <c>ChangesAt</c> (the next date has passed, a
/// cancellation comes into the notice window or has passed), and a feed built with it is built again from then.
/// A meeting whose validity has ended says that no dates are scheduled. Weeks of the month a meeting skips, and
/// formats it has in given weeks, are said after that ("No meeting on the 1st Wednesday of the month.", "5th Wednesday
/// of the month: Literature."), and a one-off change of formats with the change's date.
/// </remarks>
internal static class ScheduleNotes
{
    /// <summary>How many days ahead a cancellation or a one-off change is told.</summary>
    public const int NoticeDays = 28;

    // Dates are compared in the meeting's own zone; an instant is worked out as the earliest moment the date can
    // begin anywhere (UTC+14), so a note is rebuilt early rather than late.
    private static readonly TimeSpan EarliestZoneOffset = TimeSpan.FromHours(14);

    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    /// <param name="entry">The meeting.</param>
    /// <param name="now">The instant the note speaks from.</param>
    /// <param name="formatName">The words for one of the organisation's format codes; the code itself when null.</param>
    public static (string? Note, DateTimeOffset ChangesAt) Of(SearchEntry entry, DateTimeOffset now, Func<string, string>? formatName = null)
    {
        formatName ??= static code => code;
        var definition = entry.Schedule.Definition;
        var today = entry.Schedule.LocalDateAt(now);
        var sentences = new List<string>(2);
        var changesAt = DateTimeOffset.MaxValue;

        var weekly = definition.Recurrence is Recurrence.Weekly;
        if (!weekly || definition.ValidFrom > today || definition.ValidUntil < today)
        {
            var next = entry.Schedule.NextOccurrence(now);
            if (next is null)
            {
                sentences.Add("No dates are scheduled.");
            }
            else
            {
                sentences.Add(weekly
                    ? $"Weekly from {DateText(next.LocalDate)}."
                    : $"{PatternText(definition.Recurrence)}; next on {DateText(next.LocalDate)}.");
                changesAt = next.StartUtc;
            }
        }

        sentences.AddRange(WeekOfMonthSentences(definition, formatName));

        foreach (var change in definition.Overrides.OrderBy(o => o.Date))
        {
            if (change.Date < today)
            {
                continue;
            }

            if (change.Date > today.AddDays(NoticeDays))
            {
                changesAt = Earlier(changesAt, StartOf(change.Date.AddDays(-NoticeDays)));
                continue;
            }

            changesAt = Earlier(changesAt, StartOf(change.Date.AddDays(1)));
            sentences.Add(change switch
            {
                OccurrenceOverride.Cancellation => $"Not meeting on {DateText(change.Date)}.",
                OccurrenceOverride.Change { NewLocalStartTime: { } time, NewFormats: { } formats } =>
                    $"On {DateText(change.Date)} it starts at {time.ToString("HH:mm", English)}: {FormatsText(formats, formatName)}.",
                OccurrenceOverride.Change { NewLocalStartTime: { } time } => $"On {DateText(change.Date)} it starts at {time.ToString("HH:mm", English)}.",
                OccurrenceOverride.Change { NewFormats: { } formats } => $"On {DateText(change.Date)}: {FormatsText(formats, formatName)}.",
                _ => $"On {DateText(change.Date)} it meets differently: see the meeting's details.",
            });
        }

        return (sentences.Count == 0 ? null : string.Join(' ', sentences), changesAt);
    }

    /// <summary>"Every other Tuesday", "Every 3 weeks on Tuesday", "Second Monday of the month", "Last Friday of the month".</summary>
    public static string PatternText(Recurrence recurrence) => recurrence switch
    {
        Recurrence.Weekly weekly => $"Every {weekly.Day}",
        Recurrence.EveryNWeeks { IntervalWeeks: 2 } fortnightly => $"Every other {fortnightly.Day}",
        Recurrence.EveryNWeeks everyN => $"Every {everyN.IntervalWeeks} weeks on {everyN.Day}",
        Recurrence.MonthlyOnWeekday monthly => $"{Ordinal(monthly.WeekOfMonth)} {monthly.Day} of the month",
        _ => throw new ArgumentOutOfRangeException(nameof(recurrence), recurrence, "Not a recurrence kind the feeds know."),
    };

    private static string Ordinal(int weekOfMonth) => weekOfMonth switch
    {
        1 => "First",
        2 => "Second",
        3 => "Third",
        4 => "Fourth",
        Recurrence.MonthlyOnWeekday.Fifth => "Fifth",
        Recurrence.MonthlyOnWeekday.Last => "Last",
        _ => throw new ArgumentOutOfRangeException(nameof(weekOfMonth), weekOfMonth, "Not a week of the month."),
    };

    /// <summary>
    /// What the schedule says by week of the month, which no feed's fields can: "No meeting on the 1st and 3rd
    /// Wednesday of the month.", "5th Wednesday of the month: Literature.". Empty for most meetings.
    /// </summary>
    public static IEnumerable<string> WeekOfMonthSentences(ScheduleDefinition definition, Func<string, string> formatName)
    {
        var skipped = definition.Recurrence.SkippedWeeks;
        if (!skipped.IsEmpty)
        {
            yield return $"No meeting on the {OrdinalList(skipped.ToList())} {definition.Recurrence.Day()} of the month.";
        }

        foreach (var variation in definition.FormatsByWeekOfMonth.OrderBy(v => v.WeekOfMonth))
        {
            yield return $"{ShortOrdinal(variation.WeekOfMonth)} {definition.Recurrence.Day()} of the month: {FormatsText(variation.Formats, formatName)}.";
        }
    }

    /// <summary>"Speaker, Open"; "no particular format" for an empty list.</summary>
    public static string FormatsText(IReadOnlyList<string> formats, Func<string, string> formatName) =>
        formats.Count == 0 ? "no particular format" : string.Join(", ", formats.Select(formatName));

    /// <summary>"1st", "1st and 3rd", "1st, 2nd and 5th".</summary>
    private static string OrdinalList(IReadOnlyList<int> weeks) =>
        weeks.Count == 1 ? ShortOrdinal(weeks[0]) : $"{string.Join(", ", weeks.Take(weeks.Count - 1).Select(ShortOrdinal))} and {ShortOrdinal(weeks[^1])}";

    private static string ShortOrdinal(int week) => week switch
    {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        _ => week.ToString(English) + "th",
    };

    /// <summary>The weekday of a weekly or every-N-weeks rule (the only kinds that skip weeks or vary formats by week).</summary>
    private static DayOfWeek Day(this Recurrence recurrence) => recurrence switch
    {
        Recurrence.Weekly weekly => weekly.Day,
        Recurrence.EveryNWeeks everyN => everyN.Day,
        Recurrence.MonthlyOnWeekday monthly => monthly.Day,
        _ => throw new ArgumentOutOfRangeException(nameof(recurrence), recurrence, "Not a recurrence kind the feeds know."),
    };

    private static string DateText(DateOnly date) => date.ToString("dddd d MMMM yyyy", English);

    private static DateTimeOffset StartOf(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - EarliestZoneOffset;

    private static DateTimeOffset Earlier(DateTimeOffset one, DateTimeOffset other) => one < other ? one : other;
}
