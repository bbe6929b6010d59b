using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluentValidation;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

namespace RecoveryPlatform.Modules.Meetings.Features;

/// <summary>When a meeting happens, on its own local clock.</summary>
/// <param name="TimeZone">IANA time zone, default Europe/London.</param>
/// <param name="StartTime">Local start time, HH:mm (24-hour).</param>
/// <param name="DurationMinutes">Length in minutes (1 to 1440). Give this or endTime.</param>
/// <param name="EndTime">Local end time, HH:mm; past midnight means the next day.</param>
/// <param name="Recurrence">Which dates: weekly, every N weeks from an anchor date, or monthly on the Nth (or last) weekday.</param>
/// <param name="ValidFrom">First date it may take place (inclusive).</param>
/// <param name="ValidUntil">Last date it may take place (inclusive); not before validFrom.</param>
/// <param name="FormatsByWeekOfMonth">
/// For weekly and every-n-weeks meetings: the formats the meeting has in given weeks of the month instead of its
/// usual formats, e.g. [{"weekOfMonth":5,"formats":["LIT"]}] for "the 5th Wednesday is a literature meeting". The codes
/// replace the meeting's formats on those dates (they are not added to them); codes of the organisation's vocabulary,
/// each week 1 to 5 at most once, not a week in exceptWeeksOfMonth. Week N is the Nth of the weekday in the month.
/// </param>
internal sealed record ScheduleRequest(
    string? TimeZone,
    string? StartTime,
    int? DurationMinutes,
    string? EndTime,
    RecurrenceRequest? Recurrence,
    DateOnly? ValidFrom,
    DateOnly? ValidUntil,
    IReadOnlyList<WeekOfMonthFormatsRequest>? FormatsByWeekOfMonth = null);

/// <param name="Kind">weekly, every-n-weeks or monthly.</param>
/// <param name="Day">The weekday, e.g. tuesday.</param>
/// <param name="IntervalWeeks">For every-n-weeks, and required for it: 2 or more (2 is fortnightly).</param>
/// <param name="AnchorDate">For every-n-weeks, and required for it: one date the meeting takes place; the others follow every N weeks either side.</param>
/// <param name="WeekOfMonth">For monthly, and required for it: 1 to 5, or -1 for the last. A 5th is only in the months that have one.</param>
/// <param name="ExceptWeeksOfMonth">
/// For weekly and every-n-weeks: weeks of the month with no meeting, 1 to 5, e.g. [1] for "no meeting on the 1st
/// Wednesday"; week N is the Nth of the weekday in the month (5: the 5th, in months that have one). There is no
/// "last". Not for monthly (it names its one week), no repeats, and not all five.
/// </param>
internal sealed record RecurrenceRequest(RecurrenceKind? Kind, DayOfWeek? Day, int? IntervalWeeks, DateOnly? AnchorDate, int? WeekOfMonth, IReadOnlyList<int>? ExceptWeeksOfMonth = null);

/// <summary>The formats a meeting has in one week of the month instead of its usual ones.</summary>
/// <param name="WeekOfMonth">1 to 5: the Nth of the meeting's weekday in the month.</param>
/// <param name="Formats">Codes of the organisation's format vocabulary; they replace the meeting's formats on those dates.</param>
internal sealed record WeekOfMonthFormatsRequest(int? WeekOfMonth, IReadOnlyList<string>? Formats);

/// <summary>How to join online.</summary>
internal sealed record OnlineRequest(string? Url, string? Phone, string? Notes);

/// <summary>The writable fields of a meeting.</summary>
/// <param name="GroupId">The group that holds it; fixes its organisation. Required when creating; cannot change after creation.</param>
/// <param name="Name">What the meeting is called, e.g. "Headingley Tuesday Big Book".</param>
/// <param name="Description">Notes for newcomers: what to expect, where the door is.</param>
/// <param name="Attendance">in-person (needs venueId), online (needs online.url or online.phone), hybrid (both).</param>
/// <param name="VenueId">Where it meets (a venue of the same organisation).</param>
/// <param name="Online">Conference URL, dial-in phone and joining notes.</param>
/// <param name="Schedule">When it meets.</param>
/// <param name="Formats">Codes of the organisation's own format vocabulary (GET /api/v1/organisations/{slug}/formats).</param>
/// <param name="Languages">BCP 47 language tags, e.g. en, pl, en-US, pt-BR, zh-Hant; sign languages by their own codes (bfi British, ase American Sign Language). Stored in canonical case.</param>
/// <param name="Status">active, temporarily-suspended or closed.</param>
/// <param name="ResumesOn">For temporarily-suspended: when it is expected back.</param>
/// <param name="LocationNotes">Where in the venue, for this meeting only, e.g. "Room 3, use the side door" (the venue's own directions are the venue's). Ignored for an online meeting.</param>
/// <param name="ExternalId">The meeting's id in the directory it comes from (a Meeting Guide slug, a BMLT id), to match it on the next import; unique within the organisation.</param>
/// <param name="SourceUpdatedAt">When that directory last changed the meeting. Sending a new value marks the write as the source's version: feeds then show this time as the meeting's last change until it is edited here.</param>
internal sealed record MeetingRequest(
    Guid? GroupId,
    string? Name,
    string? Description,
    Attendance? Attendance,
    Guid? VenueId,
    OnlineRequest? Online,
    ScheduleRequest? Schedule,
    IReadOnlyList<string>? Formats,
    IReadOnlyList<string>? Languages,
    MeetingStatus? Status,
    DateOnly? ResumesOn,
    string? LocationNotes = null,
    string? ExternalId = null,
    DateTimeOffset? SourceUpdatedAt = null)
{
    public static MeetingRequest From(MeetingResponse m) => new(
        m.GroupId,
        m.Name,
        m.Description,
        m.Attendance,
        m.VenueId,
        m.Online is null ? null : new OnlineRequest(m.Online.Url, m.Online.Phone, m.Online.Notes),
        new ScheduleRequest(
            m.Schedule.TimeZone, m.Schedule.StartTime, m.Schedule.DurationMinutes, null, m.Schedule.Recurrence, m.Schedule.ValidFrom, m.Schedule.ValidUntil, m.Schedule.FormatsByWeekOfMonth),
        m.Formats,
        m.Languages,
        m.Status,
        m.ResumesOn,
        m.LocationNotes,
        m.ExternalId,
        m.SourceUpdatedAt);
}

/// <summary>A computed occurrence: the UTC instant, and the local time and offset people will see.</summary>
/// <param name="LocalDate">The local date the schedule gives it; cancellations and changes are keyed by it.</param>
/// <param name="StartsAt">The start instant (UTC).</param>
/// <param name="EndsAt">The end instant (UTC).</param>
/// <param name="LocalStart">The local wall-clock start, e.g. 2026-12-08T19:30.</param>
/// <param name="UtcOffset">The UTC offset in force at the start, e.g. +00:00.</param>
/// <param name="Changed">True when a one-off change applies to this date.</param>
/// <param name="VenueId">The venue this date moved to, or null for the meeting's usual venue.</param>
/// <param name="Formats">
/// The format codes this occurrence has: the meeting's, or those of its week of the month (formatsByWeekOfMonth), or a
/// one-off change's. Always given by GET /meetings/{id}/occurrences and a meeting's nextOccurrence; in search results,
/// only when they differ from the result's own formats.
/// </param>
internal sealed record OccurrenceResponse(
    DateOnly LocalDate,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string LocalStart,
    string UtcOffset,
    bool Changed,
    Guid? VenueId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Formats = null)
{
    /// <summary>The occurrence, with formats only when they are not the meeting's usual ones.</summary>
    public static OccurrenceResponse From(Occurrence o) => new(
        o.LocalDate,
        o.StartUtc,
        o.EndUtc,
        LocalStartText(o.LocalStart),
        OffsetText(o.UtcOffset),
        o.IsChanged,
        o.VenueIdOverride,
        o.FormatsOverride);

    /// <summary>The occurrence with the formats it has, <paramref name="usualFormats"/> unless its date has others.</summary>
    public static OccurrenceResponse From(Occurrence o, IReadOnlyList<string> usualFormats) =>
        From(o) with { Formats = o.FormatsOverride ?? usualFormats };

    /// <summary>2026-03-29T02:30 (every search result carries one, so digits are placed rather than a format string parsed).</summary>
    internal static string LocalStartText(DateTime local) => string.Create(16, local, static (text, t) =>
    {
        Digits(text[..4], t.Year);
        text[4] = '-';
        Digits(text[5..7], t.Month);
        text[7] = '-';
        Digits(text[8..10], t.Day);
        text[10] = 'T';
        Digits(text[11..13], t.Hour);
        text[13] = ':';
        Digits(text[14..16], t.Minute);
    });

    /// <summary>+01:00, -05:00, +05:45: whole minutes (a historical offset's seconds are dropped).</summary>
    internal static string OffsetText(TimeSpan offset)
    {
        var quarters = offset.Ticks / (15 * TimeSpan.TicksPerMinute);
        if (offset.Ticks % (15 * TimeSpan.TicksPerMinute) == 0 && Math.Abs(quarters) <= QuarterHourOffsets.Length / 2)
        {
            return QuarterHourOffsets[quarters + (QuarterHourOffsets.Length / 2)];
        }

        return FormatOffset(offset);
    }

    // Every offset in use is a whole number of quarter hours within ±14 hours: formatted once each.
    private static readonly string[] QuarterHourOffsets = [.. Enumerable.Range(-14 * 4, (28 * 4) + 1).Select(q => FormatOffset(TimeSpan.FromMinutes(q * 15)))];

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static void Digits(Span<char> text, int value)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            text[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}

internal sealed record ScheduleResponse(
    string TimeZone,
    string StartTime,
    int DurationMinutes,
    string EndTime,
    RecurrenceRequest Recurrence,
    DateOnly? ValidFrom,
    DateOnly? ValidUntil,
    IReadOnlyList<WeekOfMonthFormatsRequest> FormatsByWeekOfMonth);

/// <param name="Date">The local date of the occurrence it applies to.</param>
/// <param name="Kind">cancellation or change.</param>
/// <param name="StartTime">For a change: the new local start time, or null to keep it.</param>
/// <param name="DurationMinutes">For a change: the new length, or null to keep it.</param>
/// <param name="VenueId">For a change: the venue that date moves to, or null to keep it.</param>
/// <param name="Note">Shown to people, e.g. "Hall closed for Christmas".</param>
/// <param name="Formats">For a change: the formats that date has instead of the usual ones; null when it keeps them.</param>
internal sealed record ExceptionResponse(DateOnly Date, string Kind, string? StartTime, int? DurationMinutes, Guid? VenueId, string? Note, IReadOnlyList<string>? Formats = null);

internal sealed record MeetingResponse(
    Guid Id,
    Guid OrganisationId,
    Guid GroupId,
    string Name,
    string? Description,
    Attendance Attendance,
    Guid? VenueId,
    string? LocationNotes,
    OnlineRequest? Online,
    ScheduleResponse Schedule,
    IReadOnlyList<ExceptionResponse> Exceptions,
    IReadOnlyList<string> Formats,
    IReadOnlyList<string> Languages,
    MeetingStatus Status,
    DateOnly? ResumesOn,
    bool GroupClosed,
    OccurrenceResponse? NextOccurrence,
    DateTimeOffset? LastVerifiedAt,
    string? ExternalId,
    DateTimeOffset? SourceUpdatedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static MeetingResponse From(Meeting m, DateTimeOffset now) => new(
        m.Id,
        m.OrganisationId,
        m.GroupId,
        m.Name,
        m.Description,
        m.Attendance,
        m.VenueId,
        m.LocationNotes,
        m.Attendance == Domain.Attendance.InPerson ? null : new OnlineRequest(m.OnlineUrl, m.OnlinePhone, m.OnlineNotes),
        new ScheduleResponse(
            m.TimeZoneId,
            MeetingTimes.Format(m.LocalStartTime),
            m.DurationMinutes,
            MeetingTimes.Format(m.LocalStartTime.AddMinutes(m.DurationMinutes)),
            new RecurrenceRequest(m.RecurrenceKind, m.Day, m.IntervalWeeks, m.AnchorDate, m.WeekOfMonth, m.ExceptWeeksOfMonth.ToList()),
            m.ValidFrom,
            m.ValidUntil,
            [.. m.FormatsByWeekOfMonth.Select(f => new WeekOfMonthFormatsRequest(f.WeekOfMonth, f.Formats))]),
        m.Exceptions.OrderBy(e => e.Date).Select(e => new ExceptionResponse(
            e.Date,
            e.IsCancellation ? "cancellation" : "change",
            e.NewStartTime is { } start ? MeetingTimes.Format(start) : null,
            e.NewDurationMinutes,
            e.NewVenueId,
            e.Note,
            e.NewFormats)).ToList(),
        m.Formats,
        m.Languages,
        m.Status,
        m.ResumesOn,
        m.GroupClosedAt is not null,
        m.Status == MeetingStatus.Closed || m.GroupClosedAt is not null ? null : m.Schedule.NextOccurrence(now) is { } next ? OccurrenceResponse.From(next, m.Formats) : null,
        m.LastVerifiedAt,
        m.ExternalId,
        m.SourceUpdatedAt,
        m.CreatedAt,
        m.UpdatedAt);
}

internal sealed record VersionedMeeting(MeetingResponse Meeting, Guid Version)
{
    /// <summary>
    /// The version and the next occurrence shown: the same version shows another next occurrence once the
    /// last one has started, and that is another representation (a cached copy must not be revalidated).
    /// </summary>
    public string ETag => ConcurrencyHeaders.ETagFor(
        Version,
        Meeting.NextOccurrence is { } next ? next.StartsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : null);
}

/// <summary>
/// A dial-in number: a phone number as people write one, or a conference dial string as meeting services publish
/// it, an E.164 number then pauses (<c>,</c> or <c>;</c>) and the digits, <c>#</c> and <c>*</c> the service asks
/// for: <c>+16465588656,,85712345678#</c>. Stored as given; feeds write only what dialling uses.
/// </summary>
internal static partial class DialIn
{
    private const string DialString = @"\+[1-9][0-9]{6,14}([,;]+[0-9*#]*)+";

    public const string Pattern = "^(" + DialString + ")$|" + TextRules.PhonePattern;

    public const string Message = TextRules.PhoneMessage + " Or a dial string: an international number (+ and country code), then pauses (, or ;) and digits, # or *, e.g. +16465588656,,85712345678#.";

    public static bool IsValid(string text) => TextRules.IsPhone(text) || DialStringForm().IsMatch(text.Trim());

    [GeneratedRegex("^" + DialString + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex DialStringForm();
}

internal static class MeetingTimes
{
    /// <summary>The form clients send (what <see cref="TryParse"/> accepts, less surrounding white space).</summary>
    public const string Pattern = "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$";

    public const string Message = "A local time as HH:mm, e.g. 19:30.";

    public static bool IsTime(string text) => TryParse(text, out _);

    public static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// "HH:mm" or "HH:mm:ss", two digits each. Read by hand rather than with TimeOnly.TryParseExact, which asks the clock
    /// for today's date on every call: with the validator it was a sixth of the CPU of importing 100,000 meetings.
    /// </summary>
    public static bool TryParse(string? text, out TimeOnly time)
    {
        time = default;
        var span = text.AsSpan().Trim();
        if (span.Length is not (5 or 8) || span[2] != ':' || (span.Length == 8 && span[5] != ':'))
        {
            return false;
        }

        var second = 0;
        if (!TryTwoDigits(span[..2], 23, out var hour) || !TryTwoDigits(span[3..5], 59, out var minute)
            || (span.Length == 8 && !TryTwoDigits(span[6..], 59, out second)))
        {
            return false;
        }

        time = new TimeOnly(hour, minute, second);
        return true;
    }

    private static bool TryTwoDigits(ReadOnlySpan<char> digits, int max, out int value)
    {
        value = 0;
        if (!char.IsAsciiDigit(digits[0]) || !char.IsAsciiDigit(digits[1]))
        {
            return false;
        }

        value = ((digits[0] - '0') * 10) + (digits[1] - '0');
        return value <= max;
    }
}

/// <summary>One entry of formatsByWeekOfMonth: a week 1 to 5 and the codes that week has (whether the week is one the meeting meets in is the engine's to say).</summary>
internal sealed class WeekOfMonthFormatsValidator : AbstractValidator<WeekOfMonthFormatsRequest>
{
    public WeekOfMonthFormatsValidator()
    {
        RuleFor(w => w.WeekOfMonth).NotNull().InclusiveBetween(WeeksOfMonth.First, WeeksOfMonth.Last).OverridePropertyName("weekOfMonth");
        RuleFor(w => w.Formats).NotNull().Must(f => f!.Count <= MeetingRules.MaxFormats).OverridePropertyName("formats")
            .WithMessage($"At most {MeetingRules.MaxFormats} codes; an empty list for none.");
        RuleForEach(w => w.Formats).NotEmpty().MaximumLength(FormatCode.CodeMaxLength).OverridePropertyName("formats");
    }

    /// <summary>True when the rules above pass for <paramref name="entry"/>.</summary>
    public static bool IsWellFormed(WeekOfMonthFormatsRequest? entry) =>
        entry is { WeekOfMonth: >= WeeksOfMonth.First and <= WeeksOfMonth.Last, Formats: { } codes }
        && codes.Count <= MeetingRules.MaxFormats
        && codes.All(c => !string.IsNullOrWhiteSpace(c) && c.Length <= FormatCode.CodeMaxLength);
}

/// <summary>A command carrying meeting fields, validated by the same rules whatever the command.</summary>
internal interface IMeetingFields
{
    MeetingRequest Meeting { get; }
}

internal static partial class MeetingRules
{
    /// <summary>The engine's field names (C# paths) as the JSON body names them.</summary>
    private static readonly Dictionary<string, string> ScheduleFieldNames = new(StringComparer.Ordinal)
    {
        ["TimeZoneId"] = "schedule.timeZone",
        ["LocalStartTime"] = "schedule.startTime",
        ["Duration"] = "schedule.durationMinutes",
        ["Recurrence"] = "schedule.recurrence",
        ["Recurrence.Day"] = "schedule.recurrence.day",
        ["Recurrence.IntervalWeeks"] = "schedule.recurrence.intervalWeeks",
        ["Recurrence.AnchorDate"] = "schedule.recurrence.anchorDate",
        ["Recurrence.WeekOfMonth"] = "schedule.recurrence.weekOfMonth",
        ["Recurrence.ExceptWeeksOfMonth"] = "schedule.recurrence.exceptWeeksOfMonth",
        ["FormatsByWeekOfMonth"] = "schedule.formatsByWeekOfMonth",
        ["ValidFrom"] = "schedule.validFrom",
        ["ValidUntil"] = "schedule.validUntil",
    };

    public static void ValidateMeetingFields<T>(this AbstractValidator<T> validator)
        where T : IMeetingFields
    {
        validator.RuleFor(c => c.Meeting.Name).NotEmpty().MaximumLength(Meeting.NameMaxLength).OverridePropertyName("name");
        validator.RuleFor(c => c.Meeting.Description).MaximumLength(Meeting.DescriptionMaxLength).OverridePropertyName("description");
        validator.RuleFor(c => c.Meeting.Attendance).NotNull().OverridePropertyName("attendance");
        validator.RuleFor(c => c.Meeting.VenueId).NotNull().When(c => c.Meeting.Attendance is Attendance.InPerson or Attendance.Hybrid)
            .OverridePropertyName("venueId").WithMessage("An in-person or hybrid meeting needs a venue.");
        validator.RuleFor(c => c.Meeting.Online).Must(o => !string.IsNullOrWhiteSpace(o?.Url) || !string.IsNullOrWhiteSpace(o?.Phone))
            .When(c => c.Meeting.Attendance is Attendance.Online or Attendance.Hybrid)
            .OverridePropertyName("online").WithMessage("An online or hybrid meeting needs a conference URL or a dial-in phone number.");
        validator.RuleFor(c => c.Meeting.Online!.Url).MaximumLength(Meeting.UrlMaxLength)
            .AbsoluteHttpUrl()
            .When(c => c.Meeting.Online?.Url is not null).OverridePropertyName("online.url");
        validator.RuleFor(c => c.Meeting.Online!.Phone).MaximumLength(Meeting.PhoneMaxLength)
            .MatchesPattern(DialIn.Pattern, DialIn.IsValid, DialIn.Message)
            .When(c => c.Meeting.Online?.Phone is not null).OverridePropertyName("online.phone");
        validator.RuleFor(c => c.Meeting.Online!.Notes).MaximumLength(Meeting.NotesMaxLength).When(c => c.Meeting.Online is not null).OverridePropertyName("online.notes");
        validator.RuleFor(c => c.Meeting.LocationNotes).MaximumLength(Meeting.NotesMaxLength).MultiLine().OverridePropertyName("locationNotes");
        validator.RuleFor(c => c.Meeting.ExternalId).NotEmpty().MaximumLength(Meeting.ExternalIdMaxLength)
            .MatchesPattern(ExternalIdPattern, IsExternalId, "Must be the source's id as text on one line, without control characters or white space at either end.")
            .When(c => c.Meeting.ExternalId is not null).OverridePropertyName("externalId");
        validator.RuleFor(c => c.Meeting.Formats).Must(f => f is null || f.Count <= 30)
            .OverridePropertyName("formats").WithMessage("At most 30 codes.");
        validator.RuleForEach(c => c.Meeting.Formats).NotEmpty().MaximumLength(FormatCode.CodeMaxLength).OverridePropertyName("formats");
        validator.RuleFor(c => c.Meeting.Languages).Must(l => l is null || l.Count <= 10)
            .OverridePropertyName("languages").WithMessage("At most 10 languages.");
        validator.RuleFor(c => c.Meeting.Languages!).EachMatches(LanguageTag.Pattern, LanguageTag.IsValid).When(c => c.Meeting.Languages is not null)
            .OverridePropertyName("languages").WithMessage(LanguageTag.Message);
        validator.RuleFor(c => c.Meeting.Schedule).NotNull().OverridePropertyName("schedule");
        validator.RuleFor(c => c.Meeting.Schedule!.StartTime).MatchesPattern(MeetingTimes.Pattern, MeetingTimes.IsTime, MeetingTimes.Message)
            .When(c => c.Meeting.Schedule is not null).OverridePropertyName("schedule.startTime");
        validator.RuleFor(c => c.Meeting.Schedule!.DurationMinutes).InclusiveBetween(1, 1440)
            .When(c => c.Meeting.Schedule is not null).OverridePropertyName("schedule.durationMinutes");
        validator.RuleFor(c => c.Meeting.Schedule!.EndTime).MatchesPattern(MeetingTimes.Pattern, MeetingTimes.IsTime, MeetingTimes.Message)
            .When(c => c.Meeting.Schedule is not null).OverridePropertyName("schedule.endTime");
        validator.RuleFor(c => c.Meeting.Schedule!.ValidFrom).WithinSupportedCalendar().When(c => c.Meeting.Schedule is not null).OverridePropertyName("schedule.validFrom");
        validator.RuleFor(c => c.Meeting.Schedule!.ValidUntil).WithinSupportedCalendar().When(c => c.Meeting.Schedule is not null).OverridePropertyName("schedule.validUntil");
        validator.RuleFor(c => c.Meeting.Schedule!.Recurrence!.AnchorDate).WithinSupportedCalendar().When(c => c.Meeting.Schedule?.Recurrence is not null)
            .OverridePropertyName("schedule.recurrence.anchorDate");
        validator.RuleFor(c => c.Meeting.ResumesOn).WithinSupportedCalendar().OverridePropertyName("resumesOn");
        validator.RuleForEach(c => c.Meeting.Schedule!.Recurrence!.ExceptWeeksOfMonth).InclusiveBetween(WeeksOfMonth.First, WeeksOfMonth.Last)
            .When(c => c.Meeting.Schedule?.Recurrence is not null).OverridePropertyName("schedule.recurrence.exceptWeeksOfMonth");
        validator.RuleForEach(c => c.Meeting.Schedule!.FormatsByWeekOfMonth).NotNull().SetValidator(new WeekOfMonthFormatsValidator())
            .When(c => c.Meeting.Schedule is not null).OverridePropertyName("schedule.formatsByWeekOfMonth");
        validator.RuleFor(c => c.Meeting).Custom((meeting, context) =>
        {
            if (meeting.Schedule is null)
            {
                return;
            }

            // A start time or duration that is there but malformed is reported by its own rule above, and so is
            // a malformed formatsByWeekOfMonth entry: the engine judges the entries only when all are well formed.
            var weekEntriesChecked = (meeting.Schedule.FormatsByWeekOfMonth ?? []).All(WeekOfMonthFormatsValidator.IsWellFormed);
            foreach (var (field, message) in ScheduleProblems(meeting.Schedule, [])
                .Where(p => !(p.Field == "schedule.startTime" && meeting.Schedule.StartTime is not null))
                .Where(p => !(p.Field == "schedule.durationMinutes" && meeting.Schedule.DurationMinutes is not null))
                .Where(p => weekEntriesChecked || !p.Field.StartsWith("schedule.formatsByWeekOfMonth[", StringComparison.Ordinal)))
            {
                context.AddFailure(field, message);
            }
        });
    }

    /// <summary>Builds the engine's definition from a request, reporting each problem under its JSON name.</summary>
    public static IReadOnlyList<(string Field, string Message)> ScheduleProblems(ScheduleRequest schedule, IReadOnlyList<OccurrenceOverride> overrides) =>
        TryBuildSchedule(schedule, overrides, out _);

    public static IReadOnlyList<(string Field, string Message)> TryBuildSchedule(ScheduleRequest schedule, IReadOnlyList<OccurrenceOverride> overrides, out ScheduleDefinition? definition)
    {
        definition = null;
        var problems = new List<(string, string)>();
        if (!MeetingTimes.TryParse(schedule.StartTime, out var start))
        {
            problems.Add(("schedule.startTime", "A local time as HH:mm is required, e.g. 19:30."));
        }

        TimeSpan? duration = null;
        if (schedule.DurationMinutes is { } minutes)
        {
            duration = TimeSpan.FromMinutes(minutes);
        }
        else if (MeetingTimes.TryParse(schedule.EndTime, out var end))
        {
            var length = end - start;
            duration = length <= TimeSpan.Zero ? length + TimeSpan.FromDays(1) : length;
        }
        else
        {
            problems.Add(("schedule.durationMinutes", "Give durationMinutes or endTime (HH:mm)."));
        }

        if (schedule.DurationMinutes is not null && schedule.EndTime is not null)
        {
            problems.Add(("schedule.endTime", "Give durationMinutes or endTime, not both."));
        }

        var recurrence = schedule.Recurrence;
        if (recurrence?.Kind is null)
        {
            problems.Add(("schedule.recurrence.kind", "weekly, every-n-weeks or monthly is required."));
        }

        if (recurrence?.Day is null)
        {
            problems.Add(("schedule.recurrence.day", "A weekday is required."));
        }

        if (recurrence?.Kind == RecurrenceKind.EveryNWeeks && (recurrence.IntervalWeeks is null || recurrence.AnchorDate is null))
        {
            problems.Add(("schedule.recurrence", "every-n-weeks needs intervalWeeks and anchorDate."));
        }

        if (recurrence?.Kind == RecurrenceKind.Monthly && recurrence.WeekOfMonth is null)
        {
            problems.Add(("schedule.recurrence.weekOfMonth", "monthly needs weekOfMonth: 1 to 5 (5: only in months that have one), or -1 for the last."));
        }

        problems.AddRange(ExceptWeeksProblems(recurrence));
        problems.AddRange(FormatsByWeekShapeProblems(schedule.FormatsByWeekOfMonth));

        if (problems.Count > 0)
        {
            return problems;
        }

        var candidate = new ScheduleDefinition
        {
            TimeZoneId = string.IsNullOrWhiteSpace(schedule.TimeZone) ? ScheduleDefinition.DefaultTimeZoneId : schedule.TimeZone.Trim(),
            LocalStartTime = start,
            Duration = duration!.Value,
            Recurrence = recurrence!.Kind switch
            {
                RecurrenceKind.EveryNWeeks => new Recurrence.EveryNWeeks(recurrence.IntervalWeeks!.Value, recurrence.Day!.Value, recurrence.AnchorDate!.Value)
                {
                    ExceptWeeksOfMonth = WeeksOfMonth.Of(recurrence.ExceptWeeksOfMonth),
                },
                RecurrenceKind.Monthly => new Recurrence.MonthlyOnWeekday(recurrence.WeekOfMonth!.Value, recurrence.Day!.Value),
                _ => new Recurrence.Weekly(recurrence.Day!.Value) { ExceptWeeksOfMonth = WeeksOfMonth.Of(recurrence.ExceptWeeksOfMonth) },
            },
            ValidFrom = schedule.ValidFrom,
            ValidUntil = schedule.ValidUntil,
            Overrides = overrides,
            FormatsByWeekOfMonth = [.. (schedule.FormatsByWeekOfMonth ?? [])
                .Select(f => new WeekOfMonthFormats(f.WeekOfMonth!.Value, FormatCodes(f.Formats!)))],
        };

        if (MeetingSchedule.TryCreate(candidate, out _, out var engineProblems))
        {
            definition = candidate;
            return [];
        }

        return engineProblems.Select(p => (FieldName(p.Field), p.Message)).ToList();
    }

    /// <summary>Format codes as stored: trimmed, each once, in the order given.</summary>
    public static IReadOnlyList<string> FormatCodes(IEnumerable<string> codes) => [.. codes.Select(c => c.Trim()).Distinct(StringComparer.Ordinal)];

    /// <summary>The engine's field name as the JSON body names it.</summary>
    public static string FieldName(string engineField) =>
        ScheduleFieldNames.TryGetValue(engineField, out var name) ? name
        : engineField.StartsWith("Overrides", StringComparison.Ordinal) ? "exceptions"
        : WeekFormatsField().Match(engineField) is { Success: true } week ? $"schedule.formatsByWeekOfMonth[{week.Groups[1].Value}].weekOfMonth"
        : "schedule";

    /// <summary>Weeks a weekly or every-n-weeks meeting skips: 1 to 5, each once, and none for a monthly one (whether all five are skipped is the engine's to say).</summary>
    private static IEnumerable<(string, string)> ExceptWeeksProblems(RecurrenceRequest? recurrence)
    {
        const string field = "schedule.recurrence.exceptWeeksOfMonth";
        if (recurrence?.ExceptWeeksOfMonth is not { Count: > 0 } weeks)
        {
            yield break;
        }

        if (recurrence.Kind == RecurrenceKind.Monthly)
        {
            yield return (field, "exceptWeeksOfMonth is for weekly and every-n-weeks meetings; a monthly meeting already names its one week (weekOfMonth).");
        }

        if (weeks.Any(w => w is < WeeksOfMonth.First or > WeeksOfMonth.Last))
        {
            yield return (field, $"Weeks of the month are 1 to 5 (5: the 5th of the weekday, in months that have one); got {string.Join(", ", weeks)}.");
        }
        else if (weeks.Distinct().Count() != weeks.Count)
        {
            yield return (field, "Each week at most once.");
        }
    }

    /// <summary>What formatsByWeekOfMonth must be before the engine can judge it: each entry a week and a list of codes.</summary>
    private static IEnumerable<(string, string)> FormatsByWeekShapeProblems(IReadOnlyList<WeekOfMonthFormatsRequest>? variations)
    {
        const string field = "schedule.formatsByWeekOfMonth";
        if (variations is null)
        {
            yield break;
        }

        if (variations.Count > WeeksOfMonth.Last)
        {
            yield return (field, "At most 5 entries, one per week of the month.");
            yield break;
        }

        for (var index = 0; index < variations.Count; index++)
        {
            var variation = variations[index];
            if (variation?.WeekOfMonth is null)
            {
                yield return ($"{field}[{index}].weekOfMonth", "A week of the month is required: 1 to 5.");
            }

            if (variation?.Formats is not { } codes)
            {
                yield return ($"{field}[{index}].formats", "The formats the meeting has that week are required (an empty list for none).");
            }
            else if (codes.Count > MaxFormats || codes.Any(c => string.IsNullOrWhiteSpace(c) || c.Trim().Length > FormatCode.CodeMaxLength))
            {
                yield return ($"{field}[{index}].formats", $"At most {MaxFormats} codes, each 1 to {FormatCode.CodeMaxLength} characters.");
            }
        }
    }

    /// <summary>A meeting (or one date of it) has at most this many format codes.</summary>
    public const int MaxFormats = 30;

    [GeneratedRegex(@"^FormatsByWeekOfMonth\[(\d+)\]\.WeekOfMonth$", RegexOptions.CultureInvariant)]
    private static partial Regex WeekFormatsField();

    // An id is matched exactly, so white space that an editor cannot see is refused rather than trimmed.
    private const string ExternalIdPattern = "^[^\\s\\u0000-\\u001F\\u007F]([^\\u0000-\\u001F\\u007F]*[^\\s\\u0000-\\u001F\\u007F])?$";

    private static bool IsExternalId(string id) =>
        id.Length > 0 && !char.IsWhiteSpace(id[0]) && !char.IsWhiteSpace(id[^1]) && TextRules.IsSingleLine(id);


}
