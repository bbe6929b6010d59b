using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.SharedKernel.Auditing;
using RecoveryPlatform.SharedKernel.Identifiers;

namespace RecoveryPlatform.Modules.Meetings.Domain;

/// <summary>How people attend: in a room, online, or either.</summary>
internal enum Attendance
{
    InPerson,
    Online,
    Hybrid,
}

internal enum MeetingStatus
{
    Active,
    TemporarilySuspended,
    Closed,
}

/// <summary>The kinds of recurrence a meeting can have, as stored.</summary>
internal enum RecurrenceKind
{
    Weekly,
    EveryNWeeks,
    Monthly,
}

/// <summary>One meeting of a group: when (a schedule in its own time zone), where (a venue, online, or both) and what kind.</summary>
internal sealed class Meeting : IAuditable
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int UrlMaxLength = 2048;
    public const int PhoneMaxLength = 64;
    public const int NotesMaxLength = 1000;
    public const int ExternalIdMaxLength = 200;

    private MeetingSchedule? _schedule;

    private Meeting()
    {
    }

    public Guid Id { get; private set; }

    Guid? IAuditable.AuditOrganisationId => OrganisationId;

    public Guid OrganisationId { get; private set; }

    public Guid GroupId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string? Description { get; private set; }

    public Attendance Attendance { get; private set; }

    public Guid? VenueId { get; private set; }

    public string? OnlineUrl { get; private set; }

    public string? OnlinePhone { get; private set; }

    public string? OnlineNotes { get; private set; }

    /// <summary>Where in the venue, for this meeting only ("Room 3, side door"); the venue's own directions are the venue's.</summary>
    public string? LocationNotes { get; private set; }

    /// <summary>The id the meeting has in the directory it was imported from (a Meeting Guide slug, a BMLT id); unique per organisation.</summary>
    public string? ExternalId { get; private set; }

    /// <summary>When the source last changed the meeting, as the source says (a Meeting Guide feed's <c>updated</c>).</summary>
    public DateTimeOffset? SourceUpdatedAt { get; private set; }

    /// <summary>
    /// The <see cref="Version"/> the last write that brought a new <see cref="SourceUpdatedAt"/> produced. While it
    /// is still the meeting's version nothing has been changed here since, so the source's time is the meeting's
    /// last change as feeds tell it (docs/adr/0017-source-time-of-imported-meetings.md).
    /// </summary>
    public Guid? SourceVersion { get; private set; }

    public string TimeZoneId { get; private set; } = ScheduleDefinition.DefaultTimeZoneId;

    public TimeOnly LocalStartTime { get; private set; }

    public int DurationMinutes { get; private set; }

    public RecurrenceKind RecurrenceKind { get; private set; }

    public DayOfWeek Day { get; private set; }

    public int? IntervalWeeks { get; private set; }

    public DateOnly? AnchorDate { get; private set; }

    public int? WeekOfMonth { get; private set; }

    /// <summary>Weeks of the month a weekly or every-N-weeks meeting skips; stored as a number, bit N for week N.</summary>
    public WeeksOfMonth ExceptWeeksOfMonth { get; private set; }

    /// <summary>The formats the meeting has in given weeks of the month instead of <see cref="Formats"/>.</summary>
    public List<WeekOfMonthFormats> FormatsByWeekOfMonth { get; private set; } = [];

    public DateOnly? ValidFrom { get; private set; }

    public DateOnly? ValidUntil { get; private set; }

    public List<MeetingException> Exceptions { get; private set; } = [];

    public List<string> Formats { get; private set; } = [];

    public List<string> Languages { get; private set; } = [];

    public MeetingStatus Status { get; private set; }

    public DateOnly? ResumesOn { get; private set; }

    /// <summary>Set when the group that holds the meeting is closed: the meeting leaves public results.</summary>
    public DateTimeOffset? GroupClosedAt { get; private set; }

    public DateTimeOffset? LastVerifiedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public Guid Version { get; private set; }

    /// <summary>The computable schedule, built once from the stored fields (which were validated on the way in).</summary>
    public MeetingSchedule Schedule => _schedule ??= MeetingSchedule.Create(ToScheduleDefinition());

    public static Meeting Create(Guid organisationId, Guid groupId, MeetingDetails details, DateTimeOffset now)
    {
        var meeting = new Meeting { Id = Guids.NewVersion7(now), OrganisationId = organisationId, GroupId = groupId, CreatedAt = now };
        meeting.Update(details, now);
        return meeting;
    }

    public void Update(MeetingDetails details, DateTimeOffset now)
    {
        Name = details.Name;
        Description = details.Description;
        Attendance = details.Attendance;
        VenueId = details.Attendance == Attendance.Online ? null : details.VenueId;
        OnlineUrl = details.Attendance == Attendance.InPerson ? null : details.OnlineUrl;
        OnlinePhone = details.Attendance == Attendance.InPerson ? null : details.OnlinePhone;
        OnlineNotes = details.Attendance == Attendance.InPerson ? null : details.OnlineNotes;
        LocationNotes = details.Attendance == Attendance.Online ? null : details.LocationNotes;
        ApplySchedule(details.Schedule);
        Formats = [.. details.Formats];
        Languages = [.. details.Languages];
        Status = details.Status;
        ResumesOn = details.Status == MeetingStatus.TemporarilySuspended ? details.ResumesOn : null;

        // A write brings the source's version when it brings a source time the meeting did not have; a write that
        // sends the time it read back (an editor's PUT or PATCH) is an edit made here.
        var fromSource = details.SourceUpdatedAt is { } sourceTime && sourceTime != SourceUpdatedAt;
        ExternalId = details.ExternalId;
        SourceUpdatedAt = details.SourceUpdatedAt;
        Touch(now);
        SourceVersion = SourceUpdatedAt is null ? null : fromSource ? Version : SourceVersion;
    }

    /// <summary>True while nothing has changed the meeting here since the source's last version of it was written.</summary>
    public bool IsAsTheSourceHasIt => SourceUpdatedAt is not null && SourceVersion == Version;

    /// <summary>Records a cancellation or one-off change; the caller has checked the result with <see cref="ScheduleWith"/>.</summary>
    public void SetException(MeetingException exception, DateTimeOffset now)
    {
        Exceptions.RemoveAll(e => e.Date == exception.Date);
        Exceptions.Add(exception);
        Touch(now);
    }

    public bool RemoveException(DateOnly date, DateTimeOffset now)
    {
        var removed = Exceptions.RemoveAll(e => e.Date == date) > 0;
        if (removed)
        {
            Touch(now);
        }

        return removed;
    }

    public void MarkGroupClosed(DateTimeOffset closedAt, DateTimeOffset now)
    {
        if (GroupClosedAt is null)
        {
            GroupClosedAt = closedAt;
            Touch(now);
        }
    }

    /// <summary>The group meets again: the meeting returns to public results as it was before the closure.</summary>
    public void MarkGroupReopened(DateTimeOffset now)
    {
        if (GroupClosedAt is not null)
        {
            GroupClosedAt = null;
            Touch(now);
        }
    }

    /// <summary>True when <paramref name="details"/> say nothing the meeting does not already say (an import that changes nothing).</summary>
    public bool AlreadyHas(MeetingDetails details)
    {
        var schedule = details.Schedule;
        return Name == details.Name
            && Description == details.Description
            && Attendance == details.Attendance
            && VenueId == (details.Attendance == Attendance.Online ? null : details.VenueId)
            && OnlineUrl == (details.Attendance == Attendance.InPerson ? null : details.OnlineUrl)
            && OnlinePhone == (details.Attendance == Attendance.InPerson ? null : details.OnlinePhone)
            && OnlineNotes == (details.Attendance == Attendance.InPerson ? null : details.OnlineNotes)
            && TimeZoneId == schedule.TimeZoneId
            && LocalStartTime == schedule.LocalStartTime
            && DurationMinutes == (int)schedule.Duration.TotalMinutes
            && ValidFrom == schedule.ValidFrom
            && ValidUntil == schedule.ValidUntil
            && ToScheduleDefinition().Recurrence == schedule.Recurrence
            && FormatsByWeekOfMonth.SequenceEqual(schedule.FormatsByWeekOfMonth.OrderBy(f => f.WeekOfMonth))
            && Formats.SequenceEqual(details.Formats)
            && Languages.SequenceEqual(details.Languages)
            && Status == details.Status
            && ResumesOn == (details.Status == MeetingStatus.TemporarilySuspended ? details.ResumesOn : null)
            && LocationNotes == (details.Attendance == Attendance.Online ? null : details.LocationNotes)
            && ExternalId == details.ExternalId
            && SourceUpdatedAt == details.SourceUpdatedAt;
    }

    public void Close(DateTimeOffset now)
    {
        if (Status != MeetingStatus.Closed)
        {
            Status = MeetingStatus.Closed;
            ResumesOn = null;
            Touch(now);
        }
    }

    public void MarkVerified(DateTimeOffset now)
    {
        LastVerifiedAt = now;
        Touch(now);
    }

    /// <summary>The schedule as it would be with <paramref name="exceptions"/>, for validating a change before making it.</summary>
    public ScheduleDefinition ScheduleWith(IEnumerable<MeetingException> exceptions) =>
        ToScheduleDefinition() with { Overrides = exceptions.Select(e => e.ToOverride()).ToList() };

    public ScheduleDefinition ToScheduleDefinition() =>
        ScheduleDefinitionOf(
            TimeZoneId, LocalStartTime, DurationMinutes, RecurrenceKind, Day, IntervalWeeks, AnchorDate, WeekOfMonth, ExceptWeeksOfMonth, ValidFrom, ValidUntil, Exceptions,
            FormatsByWeekOfMonth);

    /// <summary>The schedule these stored columns describe: for readers that load a meeting's columns rather than the meeting.</summary>
    public static ScheduleDefinition ScheduleDefinitionOf(
        string timeZoneId, TimeOnly localStartTime, int durationMinutes, RecurrenceKind recurrenceKind, DayOfWeek day, int? intervalWeeks, DateOnly? anchorDate,
        int? weekOfMonth, WeeksOfMonth exceptWeeksOfMonth, DateOnly? validFrom, DateOnly? validUntil, IEnumerable<MeetingException> exceptions,
        IReadOnlyList<WeekOfMonthFormats> formatsByWeekOfMonth) => new()
    {
        TimeZoneId = timeZoneId,
        LocalStartTime = localStartTime,
        Duration = TimeSpan.FromMinutes(durationMinutes),
        Recurrence = recurrenceKind switch
        {
            RecurrenceKind.EveryNWeeks => new Recurrence.EveryNWeeks(intervalWeeks ?? 2, day, anchorDate ?? default) { ExceptWeeksOfMonth = exceptWeeksOfMonth },
            RecurrenceKind.Monthly => new Recurrence.MonthlyOnWeekday(weekOfMonth ?? 1, day),
            RecurrenceKind.Weekly => new Recurrence.Weekly(day) { ExceptWeeksOfMonth = exceptWeeksOfMonth },
            _ => throw new InvalidOperationException($"Unknown recurrence kind {recurrenceKind}."),
        },
        ValidFrom = validFrom,
        ValidUntil = validUntil,
        Overrides = exceptions.OrderBy(e => e.Date).Select(e => e.ToOverride()).ToList(),

        // An empty list stays the one shared empty list, so schedules without variations compare equal.
        FormatsByWeekOfMonth = formatsByWeekOfMonth.Count == 0 ? [] : formatsByWeekOfMonth,
    };

    private void ApplySchedule(ScheduleDefinition schedule)
    {
        TimeZoneId = schedule.TimeZoneId;
        LocalStartTime = schedule.LocalStartTime;
        DurationMinutes = (int)schedule.Duration.TotalMinutes;
        ValidFrom = schedule.ValidFrom;
        ValidUntil = schedule.ValidUntil;
        (RecurrenceKind, Day, IntervalWeeks, AnchorDate, WeekOfMonth) = schedule.Recurrence switch
        {
            Recurrence.EveryNWeeks every => (RecurrenceKind.EveryNWeeks, every.Day, every.IntervalWeeks, every.AnchorDate, (int?)null),
            Recurrence.MonthlyOnWeekday monthly => (RecurrenceKind.Monthly, monthly.Day, (int?)null, (DateOnly?)null, monthly.WeekOfMonth),
            Recurrence.Weekly weekly => (RecurrenceKind.Weekly, weekly.Day, (int?)null, (DateOnly?)null, (int?)null),
            _ => throw new ArgumentOutOfRangeException(nameof(schedule), "Unknown recurrence."),
        };
        ExceptWeeksOfMonth = schedule.Recurrence.SkippedWeeks;
        FormatsByWeekOfMonth = [.. schedule.FormatsByWeekOfMonth.OrderBy(f => f.WeekOfMonth)];

        // Exceptions on dates the new schedule no longer has would be meaningless; keep only those still valid.
        Exceptions.RemoveAll(e => !schedule.Recurrence.OccursOn(e.Date) || !schedule.IsWithinValidity(e.Date));
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guids.NewVersion4();
        _schedule = null;
    }
}

/// <summary>A dated cancellation, or a dated one-off change of time, length, venue or formats.</summary>
internal sealed class MeetingException
{
    private MeetingException()
    {
    }

    public DateOnly Date { get; private set; }

    public bool IsCancellation { get; private set; }

    public TimeOnly? NewStartTime { get; private set; }

    public int? NewDurationMinutes { get; private set; }

    public Guid? NewVenueId { get; private set; }

    /// <summary>The formats that date has instead of the meeting's (or its week's); null to keep them.</summary>
    public List<string>? NewFormats { get; private set; }

    public string? Note { get; private set; }

    public static MeetingException Cancellation(DateOnly date, string? note) => new() { Date = date, IsCancellation = true, Note = note };

    public static MeetingException Change(DateOnly date, TimeOnly? newStartTime, int? newDurationMinutes, Guid? newVenueId, string? note, IReadOnlyList<string>? newFormats = null) =>
        new() { Date = date, NewStartTime = newStartTime, NewDurationMinutes = newDurationMinutes, NewVenueId = newVenueId, Note = note, NewFormats = newFormats is null ? null : [.. newFormats] };

    public OccurrenceOverride ToOverride() => IsCancellation
        ? new OccurrenceOverride.Cancellation(Date)
        : new OccurrenceOverride.Change(Date, NewStartTime, NewDurationMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null, NewVenueId, NewFormats);
}

internal sealed record MeetingDetails(
    string Name,
    string? Description,
    Attendance Attendance,
    Guid? VenueId,
    string? OnlineUrl,
    string? OnlinePhone,
    string? OnlineNotes,
    ScheduleDefinition Schedule,
    IReadOnlyList<string> Formats,
    IReadOnlyList<string> Languages,
    MeetingStatus Status,
    DateOnly? ResumesOn,
    string? LocationNotes = null,
    string? ExternalId = null,
    DateTimeOffset? SourceUpdatedAt = null);
