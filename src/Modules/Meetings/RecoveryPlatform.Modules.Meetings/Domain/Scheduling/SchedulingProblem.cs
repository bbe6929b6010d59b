namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>
/// One reason a <see cref="ScheduleDefinition"/> is not a usable schedule. <paramref name="Field"/> is the
/// property path in the definition (e.g. "Duration", "Recurrence.AnchorDate", "Overrides[1].Date") so the API
/// can report it as a validation error against that field.
/// </summary>
internal sealed record SchedulingProblem(string Field, string Message);
