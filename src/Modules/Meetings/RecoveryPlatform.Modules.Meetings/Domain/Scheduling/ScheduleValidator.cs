namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>Finds everything wrong with a <see cref="ScheduleDefinition"/> at once, so the caller can report it all.</summary>
internal static class ScheduleValidator
{
    internal static IReadOnlyList<SchedulingProblem> Validate(ScheduleDefinition definition)
    {
        var problems = new List<SchedulingProblem>();
        problems.AddRange(ValidateTimeZone(definition.TimeZoneId));
        problems.AddRange(ValidateDuration(nameof(ScheduleDefinition.Duration), definition.Duration));

        if (definition.Recurrence is null)
        {
            problems.Add(new SchedulingProblem(nameof(ScheduleDefinition.Recurrence), "A recurrence is required."));
            return problems;
        }

        var recurrenceProblems = definition.Recurrence.Validate().ToList();
        problems.AddRange(recurrenceProblems);
        problems.AddRange(ValidateFormatsByWeekOfMonth(definition));

        var windowIsOrdered = definition.ValidFrom is not { } from
            || definition.ValidUntil is not { } until
            || until >= from;
        if (!windowIsOrdered)
        {
            problems.Add(new SchedulingProblem(
                nameof(ScheduleDefinition.ValidUntil),
                $"ValidUntil ({definition.ValidUntil:yyyy-MM-dd}) is before ValidFrom ({definition.ValidFrom:yyyy-MM-dd})."));
        }

        // The remaining checks compute occurrence dates, which needs a sound rule and window.
        if (recurrenceProblems.Count == 0 && windowIsOrdered)
        {
            var overrides = definition.Overrides ?? [];
            problems.AddRange(ValidateOverrides(definition, overrides));
            problems.AddRange(ValidateCanOccur(definition, overrides));
        }

        return problems;
    }

    private static IEnumerable<SchedulingProblem> ValidateTimeZone(string? timeZoneId)
    {
        const string field = nameof(ScheduleDefinition.TimeZoneId);
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            yield return new SchedulingProblem(field, "A time zone is required, e.g. \"Europe/London\".");
        }
        else if (!IanaTimeZones.TryFind(timeZoneId, out var zone))
        {
            yield return new SchedulingProblem(field, $"\"{timeZoneId}\" is not a known IANA time zone id.");
        }
        else if (!string.Equals(zone.Id, timeZoneId, StringComparison.Ordinal))
        {
            // Once a zone is cached, the platform also finds it by a differently-cased id, so whether
            // "europe/london" is accepted would depend on what was looked up before. Insist on the exact id.
            yield return new SchedulingProblem(field, $"\"{timeZoneId}\" is not a known IANA time zone id; did you mean \"{zone.Id}\"?");
        }
        else if (!zone.HasIanaId)
        {
            // The platform also accepts Windows ids ("GMT Standard Time"); we store IANA ids only.
            yield return new SchedulingProblem(field, $"\"{timeZoneId}\" is not an IANA time zone id.");
        }
    }

    private static IEnumerable<SchedulingProblem> ValidateDuration(string field, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero || duration > MeetingSchedule.MaxDuration)
        {
            yield return new SchedulingProblem(field, $"The duration must be more than zero and at most 24 hours; it was {duration}.");
        }
    }

    private static IEnumerable<SchedulingProblem> ValidateOverrides(
        ScheduleDefinition definition,
        IReadOnlyList<OccurrenceOverride> overrides)
    {
        var seenDates = new HashSet<DateOnly>();
        for (var index = 0; index < overrides.Count; index++)
        {
            var entry = overrides[index];
            var field = $"{nameof(ScheduleDefinition.Overrides)}[{index}]";

            if (!seenDates.Add(entry.Date))
            {
                yield return new SchedulingProblem($"{field}.Date", $"There is already an override for {entry.Date:yyyy-MM-dd}.");
            }

            if (!definition.Recurrence.OccursOn(entry.Date) || !definition.IsWithinValidity(entry.Date))
            {
                yield return new SchedulingProblem($"{field}.Date", $"The meeting does not take place on {entry.Date:yyyy-MM-dd}.");
            }

            if (entry is OccurrenceOverride.Change change)
            {
                if (change is { NewLocalStartTime: null, NewDuration: null, NewVenueId: null, NewFormats: null })
                {
                    yield return new SchedulingProblem(field, "A change must give a new start time, duration, venue or formats.");
                }

                if (change.NewDuration is { } newDuration)
                {
                    foreach (var problem in ValidateDuration($"{field}.{nameof(change.NewDuration)}", newDuration))
                    {
                        yield return problem;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Format variations name a week of the month 1 to 5, once each, that the rule can meet in: not for the
    /// monthly rule (which meets in one week: change the meeting's formats instead), nor a week it skips.
    /// </summary>
    private static IEnumerable<SchedulingProblem> ValidateFormatsByWeekOfMonth(ScheduleDefinition definition)
    {
        var variations = definition.FormatsByWeekOfMonth ?? [];
        if (variations.Count > 0 && definition.Recurrence is Recurrence.MonthlyOnWeekday)
        {
            yield return new SchedulingProblem(
                nameof(ScheduleDefinition.FormatsByWeekOfMonth),
                "Formats by week of the month are for weekly and every-n-weeks meetings; a monthly meeting meets in one week: change its formats.");
            yield break;
        }

        var seenWeeks = new HashSet<int>();
        for (var index = 0; index < variations.Count; index++)
        {
            var week = variations[index].WeekOfMonth;
            var field = $"{nameof(ScheduleDefinition.FormatsByWeekOfMonth)}[{index}].{nameof(WeekOfMonthFormats.WeekOfMonth)}";
            if (week is < WeeksOfMonth.First or > WeeksOfMonth.Last)
            {
                yield return new SchedulingProblem(field, $"The week of the month must be 1 to 5 (5: only in months that have one); it was {week}.");
            }
            else if (!seenWeeks.Add(week))
            {
                yield return new SchedulingProblem(field, $"Week {week} already has its formats.");
            }
            else if (definition.Recurrence?.SkippedWeeks.Contains(week) == true)
            {
                yield return new SchedulingProblem(field, $"The meeting does not take place in week {week} of the month (exceptWeeksOfMonth).");
            }
        }
    }

    /// <summary>
    /// A schedule bounded at both ends must have at least one date in its window that is not cancelled.
    /// (Open-ended schedules always occur: there are endless dates and only finitely many cancellations.)
    /// </summary>
    private static IEnumerable<SchedulingProblem> ValidateCanOccur(
        ScheduleDefinition definition,
        IReadOnlyList<OccurrenceOverride> overrides)
    {
        if (definition.ValidFrom is not { } from || definition.ValidUntil is not { } until)
        {
            yield break;
        }

        var cancelledDates = overrides.OfType<OccurrenceOverride.Cancellation>().Select(c => c.Date).ToHashSet();
        var scheduledDates = definition.ScheduledDatesFrom(from);

        // Stops at the first uncancelled date, so this is at most (cancellations + 1) steps.
        if (!scheduledDates.Any())
        {
            yield return new SchedulingProblem(
                nameof(ScheduleDefinition.ValidUntil),
                $"The meeting would never take place: the rule gives no date between {from:yyyy-MM-dd} and {until:yyyy-MM-dd}.");
        }
        else if (scheduledDates.All(cancelledDates.Contains))
        {
            yield return new SchedulingProblem(
                nameof(ScheduleDefinition.Overrides),
                $"The meeting would never take place: every date between {from:yyyy-MM-dd} and {until:yyyy-MM-dd} is cancelled.");
        }
    }
}
