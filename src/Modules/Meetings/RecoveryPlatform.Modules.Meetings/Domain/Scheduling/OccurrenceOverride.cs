namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>
/// An exception to the recurrence rule for one occurrence, identified by the local date the rule gives it
/// (called "override" here so it isn't mistaken for a <see cref="System.Exception"/>). The date must be one on
/// which the rule produces an occurrence inside the validity window.
/// </summary>
internal abstract record OccurrenceOverride(DateOnly Date)
{
    /// <summary>The occurrence on <see cref="OccurrenceOverride.Date"/> does not take place.</summary>
    internal sealed record Cancellation(DateOnly Date) : OccurrenceOverride(Date);

    /// <summary>
    /// The occurrence on <see cref="OccurrenceOverride.Date"/> takes place with different details; each null
    /// property keeps the schedule's usual value. The occurrence stays on the same local date.
    /// <paramref name="NewFormats"/> replaces the formats that date would have (a speaker meeting on Christmas Eve).
    /// </summary>
    internal sealed record Change(
        DateOnly Date,
        TimeOnly? NewLocalStartTime = null,
        TimeSpan? NewDuration = null,
        Guid? NewVenueId = null,
        IReadOnlyList<string>? NewFormats = null) : OccurrenceOverride(Date);
}
