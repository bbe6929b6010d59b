using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Meetings.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.CreateMeeting;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Imports;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Meetings.Features.Imports;

/// <summary>
/// Turns an imported meeting into the request the API itself would take, so an import is held to exactly the rules of
/// a meeting created by hand, and translates the source's type codes through the organisation's vocabulary.
/// </summary>
internal sealed class ImportedMeetingTranslator
{
    /// <summary>Length given to a meeting whose source states no end time: the common length, and what TSML UI assumes.</summary>
    public const int DefaultDurationMinutes = 60;

    /// <summary>Stands in for the group and venue while an import is only checked, before they exist.</summary>
    private static readonly Guid NotYetCreated = Guid.Parse("00000000-0000-7000-8000-000000000000");

    private static readonly CreateMeetingValidator Validator = new();

    /// <summary>Codes that are not formats: online-ness comes from the conference fields, and TC from the status.</summary>
    private static readonly HashSet<string> StatusCodes = new(StringComparer.OrdinalIgnoreCase) { "ONL", "TC" };

    private readonly Dictionary<string, string> _formatsByCode;
    private readonly IReadOnlyDictionary<string, string> _languagesByCode = FormatVocabularies.MeetingGuideLanguageCodes;

    private ImportedMeetingTranslator(Dictionary<string, string> formatsByCode) => _formatsByCode = formatsByCode;

    public static async Task<ImportedMeetingTranslator> ForOrganisationAsync(MeetingsDbContext db, Guid organisationId, CancellationToken cancellationToken)
    {
        var formats = await db.FormatCodes.AsNoTracking()
            .Where(f => f.OrganisationId == organisationId)
            .Select(f => new { f.Code, f.MeetingGuideCode })
            .ToListAsync(cancellationToken);

        // A source code means the format the organisation writes as that Meeting Guide code, else its own code of that name.
        var byCode = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var format in formats.Where(f => f.MeetingGuideCode is not null))
        {
            byCode.TryAdd(format.MeetingGuideCode!, format.Code);
        }

        foreach (var format in formats)
        {
            byCode.TryAdd(format.Code, format.Code);
        }

        return new ImportedMeetingTranslator(byCode);
    }

    public Translated Translate(ImportedMeeting row)
    {
        var formats = new List<string>();
        var languages = new List<string>();
        var unknown = new List<string>();
        foreach (var code in row.Types.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (_formatsByCode.TryGetValue(code, out var format))
            {
                formats.Add(format);
            }
            else if (_languagesByCode.TryGetValue(code.ToUpperInvariant(), out var language))
            {
                languages.Add(language);
            }
            else if (!StatusCodes.Contains(code) && !ImportedPlaceCodes.Contains(code))
            {
                unknown.Add(code);
            }
        }

        var attendance = row.Attendance switch
        {
            ImportedAttendance.Online => Attendance.Online,
            ImportedAttendance.Hybrid => Attendance.Hybrid,
            _ => Attendance.InPerson,
        };
        var hasConference = !string.IsNullOrWhiteSpace(row.ConferenceUrl) || !string.IsNullOrWhiteSpace(row.ConferencePhone);
        var request = new MeetingRequest(
            row.GroupId ?? NotYetCreated,
            row.Name,
            Blank(row.Notes),
            attendance,
            attendance == Attendance.Online ? null : row.VenueId ?? (row.GroupId is null ? NotYetCreated : null),
            hasConference ? new OnlineRequest(Blank(row.ConferenceUrl), Blank(row.ConferencePhone), JoinNotes(row.ConferenceUrlNotes, row.ConferencePhoneNotes)) : null,
            new ScheduleRequest(
                Blank(row.TimeZone) ?? ScheduleDefinition.DefaultTimeZoneId,
                row.StartTime,
                row.EndTime is null ? DefaultDurationMinutes : null,
                Blank(row.EndTime),
                new RecurrenceRequest(RecurrenceKind.Weekly, row.Day, null, null, null),
                null,
                null),
            formats.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            languages.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            row.Inactive ? MeetingStatus.TemporarilySuspended : MeetingStatus.Active,
            null);

        var problems = new List<ImportProblem>();
        if (row.ExternalId.Length > Meeting.ExternalIdMaxLength)
        {
            problems.Add(new ImportProblem("externalId", row.ExternalId[..40] + "…", $"At most {Meeting.ExternalIdMaxLength} characters."));
        }

        var validation = Validator.Validate(new CreateMeetingCommand(request));
        problems.AddRange(ImportProblems.From(validation.Errors));
        return new Translated(request, problems, unknown);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? JoinNotes(string? first, string? second) =>
        string.Join("\n", new[] { first, second }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim())) is { Length: > 0 } joined ? joined : null;


    /// <summary>Codes about the place (wheelchair access), which the importer gives to the venue.</summary>
    private static readonly HashSet<string> ImportedPlaceCodes = new(StringComparer.OrdinalIgnoreCase) { "X", "XB" };

    internal sealed record Translated(MeetingRequest Request, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<string> UnknownTypes);
}

/// <summary>Rows whose external id an earlier row of the same import already used: the first one counts.</summary>
internal static class RepeatedExternalIds
{
    public static Dictionary<int, int> Find(IReadOnlyList<ImportedMeeting> rows)
    {
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        var repeats = new Dictionary<int, int>();
        foreach (var row in rows)
        {
            if (!firstRow.TryAdd(row.ExternalId, row.Row))
            {
                repeats[row.Row] = firstRow[row.ExternalId];
            }
        }

        return repeats;
    }

    public static ImportProblem Problem(ImportedMeeting row, int firstRow) =>
        new("externalId", row.ExternalId.Length > 100 ? row.ExternalId[..100] + "…" : row.ExternalId, $"Row {firstRow} has the same id; each meeting of a source needs its own.");
}

internal static class ImportAccess
{
    public static void EnsureAdmin(Caller caller, Guid organisationId)
    {
        if (!caller.HasRoleIn(organisationId, Role.OrgAdmin))
        {
            throw new ForbiddenException("Only an admin of the organisation imports its directory.");
        }
    }
}

internal sealed class CheckImportedMeetingsHandler(MeetingsDbContext db, ICallerAccessor callers)
    : IQueryHandler<CheckImportedMeetingsQuery, IReadOnlyList<ImportedMeetingOutcome>>
{
    public async ValueTask<IReadOnlyList<ImportedMeetingOutcome>> Handle(CheckImportedMeetingsQuery query, CancellationToken cancellationToken)
    {
        ImportAccess.EnsureAdmin(callers.Caller, query.OrganisationId);
        var translator = await ImportedMeetingTranslator.ForOrganisationAsync(db, query.OrganisationId, cancellationToken);
        var repeats = RepeatedExternalIds.Find(query.Meetings);
        return [.. query.Meetings.Select(row =>
        {
            var translated = translator.Translate(row with { GroupId = null, VenueId = null });
            var problems = repeats.TryGetValue(row.Row, out var first) ? [.. translated.Problems, RepeatedExternalIds.Problem(row, first)] : translated.Problems;
            return new ImportedMeetingOutcome(row.Row, row.ExternalId, null, problems.Count > 0 ? ImportAction.Reject : ImportAction.Create, problems, translated.UnknownTypes);
        })];
    }
}

internal sealed class ImportMeetingsHandler(MeetingsDbContext db, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<ImportMeetingsCommand, ImportMeetingsResult>
{
    public async ValueTask<ImportMeetingsResult> Handle(ImportMeetingsCommand command, CancellationToken cancellationToken)
    {
        ImportAccess.EnsureAdmin(callers.Caller, command.OrganisationId);
        var now = clock.GetUtcNow();
        var translator = await ImportedMeetingTranslator.ForOrganisationAsync(db, command.OrganisationId, cancellationToken);
        var existing = await db.Meetings
            .Where(m => m.OrganisationId == command.OrganisationId && m.ExternalId != null)
            .ToDictionaryAsync(m => m.ExternalId!, StringComparer.Ordinal, cancellationToken);
        var repeats = RepeatedExternalIds.Find(command.Meetings);

        var outcomes = new List<ImportedMeetingOutcome>(command.Meetings.Count);
        foreach (var row in command.Meetings)
        {
            var translated = translator.Translate(row);
            var problems = translated.Problems;
            if (repeats.TryGetValue(row.Row, out var first))
            {
                problems = [.. problems, RepeatedExternalIds.Problem(row, first)];
            }

            if (row.GroupId is null || problems.Count > 0)
            {
                outcomes.Add(new ImportedMeetingOutcome(row.Row, row.ExternalId, null, ImportAction.Reject, problems, translated.UnknownTypes));
                continue;
            }

            var details = MeetingDetailsFactory.From(translated.Request);
            var action = ImportAction.Unchanged;
            if (existing.TryGetValue(row.ExternalId, out var meeting))
            {
                if (!meeting.AlreadyHas(details))
                {
                    meeting.Update(details, now);
                    action = ImportAction.Update;
                }
            }
            else
            {
                meeting = Meeting.Create(command.OrganisationId, row.GroupId.Value, details, now);
                db.Meetings.Add(meeting);
                existing[row.ExternalId] = meeting;
                action = ImportAction.Create;
            }

            meeting.RecordSource(row.ExternalId, row.SourceUpdatedAt);
            if (action != ImportAction.Unchanged)
            {
                db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, action == ImportAction.Create ? ChangeAction.Created : ChangeAction.Updated));
            }

            outcomes.Add(new ImportedMeetingOutcome(row.Row, row.ExternalId, meeting.Id, action, [], translated.UnknownTypes));
        }

        var inFile = command.Meetings.Select(m => m.ExternalId).ToHashSet(StringComparer.Ordinal);
        var missing = new List<MissingMeeting>();
        foreach (var meeting in existing.Values.Where(m => !inFile.Contains(m.ExternalId!) && m.Status != MeetingStatus.Closed).OrderBy(m => m.ExternalId, StringComparer.Ordinal))
        {
            if (command.CloseMissing)
            {
                meeting.Close(now);
                db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, ChangeAction.Updated));
            }

            missing.Add(new MissingMeeting(meeting.Id, meeting.ExternalId!, meeting.Name, command.CloseMissing));
        }

        return new ImportMeetingsResult(outcomes, missing);
    }
}
