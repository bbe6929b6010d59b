using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Meetings.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.CreateMeeting;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.SharedKernel.Imports;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;
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
            .Select(f => new { f.Code, f.MeetingGuideCode, f.LabelsJson })
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

        // A spreadsheet may name the organisation's own formats ("Big Book") rather than code them.
        foreach (var format in formats)
        {
            if (System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(format.LabelsJson)?.GetValueOrDefault(FormatDefinition.English) is { Length: > 0 } label)
            {
                byCode.TryAdd(label, format.Code);
            }
        }

        return new ImportedMeetingTranslator(byCode);
    }

    /// <summary>The request the row makes, and the rules it breaks (left out when <paramref name="validate"/> is false: already known).</summary>
    public Translated Translate(ImportedMeeting row, bool validate = true)
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
            null,
            Blank(row.LocationNotes),
            row.ExternalId,
            row.SourceUpdatedAt);

        var problems = new List<ImportProblem>();
        if (!validate)
        {
            return new Translated(request, problems, unknown);
        }

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

/// <summary>
/// What the Meetings module keeps through one run of an import (<see cref="ImportRunMemory{TState}"/>), from slice to
/// slice: a large file is sent a slice at a time, but ids repeat and meetings go missing across the whole file.
/// </summary>
internal sealed class MeetingImportRun(ImportedMeetingTranslator translator, Dictionary<string, Meeting> existing)
{
    public ImportedMeetingTranslator Translator { get; } = translator;

    /// <summary>The organisation's imported meetings by external id (and by their own id, when the file names them so), not tracked.</summary>
    public Dictionary<string, Meeting> Existing { get; } = existing;

    /// <summary>Every id the file has used so far, with the first row to use it: a later row with it is a repeat.</summary>
    public Dictionary<string, int> FirstRowById { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The rules each row broke when its slice was checked, before its place and group existed, until the row is
    /// imported: validating 100,000 meetings once more when they are written, with ids where the check had stand-ins
    /// that the rules treat alike, was a tenth of the import's time. A row that differs in anything but its venue and
    /// group from the one checked is validated again.
    /// </summary>
    private readonly Dictionary<int, (ImportedMeeting Checked, IReadOnlyList<ImportProblem> Problems)> _checked = [];

    /// <summary>The run's state, loaded at its first slice.</summary>
    public static ValueTask<MeetingImportRun> OfAsync(ImportRunMemory<MeetingImportRun> runs, MeetingsDbContext db, Guid run, Guid organisationId, CancellationToken cancellationToken) =>
        runs.ForAsync(run, organisationId, () => LoadAsync(db, organisationId, cancellationToken));

    private static async ValueTask<MeetingImportRun> LoadAsync(MeetingsDbContext db, Guid organisationId, CancellationToken cancellationToken)
    {
        var translator = await ImportedMeetingTranslator.ForOrganisationAsync(db, organisationId, cancellationToken);

        // Not tracked: progress is saved a slice at a time (ImportSlices), and a meeting is attached only when it changes.
        var existing = await db.Meetings.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.ExternalId != null)
            .ToDictionaryAsync(m => m.ExternalId!, StringComparer.Ordinal, cancellationToken);
        return new MeetingImportRun(translator, existing);
    }

    /// <summary>The first row of the run that used <paramref name="row"/>'s id, when it is not this one.</summary>
    public int? RepeatOf(ImportedMeeting row) =>
        FirstRowById.TryAdd(row.ExternalId, row.Row) || FirstRowById[row.ExternalId] == row.Row ? null : FirstRowById[row.ExternalId];

    public void Remember(ImportedMeeting checkedRow, IReadOnlyList<ImportProblem> problems) => _checked[checkedRow.Row] = (checkedRow, problems);

    public bool TryRecall(ImportedMeeting row, out IReadOnlyList<ImportProblem> problems)
    {
        problems = [];
        if (!_checked.Remove(row.Row, out var check) || check.Checked != row with { GroupId = null, VenueId = null })
        {
            return false;
        }

        problems = check.Problems;
        return true;
    }

    public static ImportProblem RepeatProblem(ImportedMeeting row, int firstRow) =>
        new("externalId", row.ExternalId.Length > 100 ? row.ExternalId[..100] + "…" : row.ExternalId, $"Row {firstRow} has the same id; each meeting of a source needs its own.");
}

internal sealed class CheckImportedMeetingsHandler(MeetingsDbContext db, ImportRunMemory<MeetingImportRun> runs, ICallerAccessor callers)
    : IQueryHandler<CheckImportedMeetingsQuery, IReadOnlyList<ImportedMeetingOutcome>>
{
    public async ValueTask<IReadOnlyList<ImportedMeetingOutcome>> Handle(CheckImportedMeetingsQuery query, CancellationToken cancellationToken)
    {
        ImportRules.EnsureAdminOf(callers.Caller, query.OrganisationId);
        var run = await MeetingImportRun.OfAsync(runs, db, query.Run, query.OrganisationId, cancellationToken);
        return [.. query.Meetings.Select(row =>
        {
            var placeless = row with { GroupId = null, VenueId = null };
            var translated = run.Translator.Translate(placeless);
            run.Remember(placeless, translated.Problems);
            var problems = run.RepeatOf(row) is { } first ? [.. translated.Problems, MeetingImportRun.RepeatProblem(row, first)] : translated.Problems;
            return new ImportedMeetingOutcome(row.Row, row.ExternalId, null, problems.Count > 0 ? ImportAction.Reject : ImportAction.Create, problems, translated.UnknownTypes);
        })];
    }
}

internal sealed class ImportMeetingsHandler(MeetingsDbContext db, IUnitOfWork<MeetingsDbContext> unitOfWork, ImportRunMemory<MeetingImportRun> runs, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<ImportMeetingsCommand, IReadOnlyList<ImportedMeetingOutcome>>
{
    public async ValueTask<IReadOnlyList<ImportedMeetingOutcome>> Handle(ImportMeetingsCommand command, CancellationToken cancellationToken)
    {
        ImportRules.EnsureAdminOf(callers.Caller, command.OrganisationId);
        var now = clock.GetUtcNow();
        var run = await MeetingImportRun.OfAsync(runs, db, command.Run, command.OrganisationId, cancellationToken);
        await AddMeetingsNamedByTheirOwnIdAsync(command, run.Existing, cancellationToken);

        var outcomes = new List<ImportedMeetingOutcome>(command.Meetings.Count);
        var slice = new ImportSlices(unitOfWork);
        foreach (var row in command.Meetings)
        {
            await slice.SaveWhenFullAsync(cancellationToken);
            var translated = run.TryRecall(row, out var checkedProblems)
                ? run.Translator.Translate(row, validate: false) with { Problems = checkedProblems }
                : run.Translator.Translate(row);
            var problems = translated.Problems;
            if (run.RepeatOf(row) is { } first)
            {
                problems = [.. problems, MeetingImportRun.RepeatProblem(row, first)];
            }

            if (row.GroupId is null || problems.Count > 0)
            {
                outcomes.Add(new ImportedMeetingOutcome(row.Row, row.ExternalId, null, ImportAction.Reject, problems, translated.UnknownTypes));
                continue;
            }

            var details = MeetingDetailsFactory.From(translated.Request);
            var action = ImportAction.Unchanged;
            if (run.Existing.TryGetValue(row.ExternalId, out var meeting))
            {
                details = KeepingWhatTheSourceCannotSay(meeting, details);
                if (IsOwnId(meeting, row.ExternalId))
                {
                    // Found by its own id (a file this platform exported): it keeps the source it has, if any.
                    details = details with { ExternalId = meeting.ExternalId, SourceUpdatedAt = meeting.SourceUpdatedAt };
                }

                if (!meeting.AlreadyHas(details))
                {
                    slice.Changing(db, meeting);
                    meeting.Update(details, now);
                    action = ImportAction.Update;
                }
            }
            else
            {
                // Not kept once written: the file has it, so it is never missing, and a later row with its id is a repeat.
                meeting = Meeting.Create(command.OrganisationId, row.GroupId.Value, details, now);
                slice.Created(meeting);
                action = ImportAction.Create;
            }

            if (action != ImportAction.Unchanged)
            {
                db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, action == ImportAction.Create ? ChangeAction.Created : ChangeAction.Updated));
            }

            outcomes.Add(new ImportedMeetingOutcome(row.Row, row.ExternalId, meeting.Id, action, [], translated.UnknownTypes));
        }

        await slice.SaveAsync(cancellationToken);
        return outcomes;
    }

    private static bool IsOwnId(Meeting meeting, string externalId) => Guid.TryParse(externalId, out var id) && id == meeting.Id;

    /// <summary>
    /// A file exported from this platform names each meeting by its id (the feeds' slug): importing it back matches
    /// the meetings it came from instead of creating copies.
    /// </summary>
    private async Task AddMeetingsNamedByTheirOwnIdAsync(ImportMeetingsCommand command, Dictionary<string, Meeting> existing, CancellationToken cancellationToken)
    {
        var ids = command.Meetings
            .Where(m => !existing.ContainsKey(m.ExternalId))
            .Select(m => Guid.TryParse(m.ExternalId, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .Distinct()
            .ToList();
        if (ids.Count == 0)
        {
            return;
        }

        // An earlier slice may have added a meeting under its own id too: one instance per meeting, whatever its keys.
        var loaded = existing.Values.DistinctBy(m => m.Id).ToDictionary(m => m.Id);
        foreach (var chunk in ids.Chunk(1000))
        {
            var named = await db.Meetings.AsNoTracking().Where(m => m.OrganisationId == command.OrganisationId && chunk.Contains(m.Id)).ToListAsync(cancellationToken);
            foreach (var meeting in named)
            {
                existing.TryAdd(meeting.Id.ToString(), loaded.GetValueOrDefault(meeting.Id, meeting));
            }
        }
    }

    /// <summary>
    /// Meeting Guide feeds and spreadsheets say only "weekly on a weekday": a fortnightly or monthly meeting, its dates
    /// of validity and its return date stay as they are when the file puts it on the same weekday, or a round trip
    /// through a feed would quietly make every such meeting weekly.
    /// </summary>
    private static MeetingDetails KeepingWhatTheSourceCannotSay(Meeting meeting, MeetingDetails details)
    {
        var stored = meeting.ToScheduleDefinition();
        var schedule = details.Schedule with { ValidFrom = stored.ValidFrom, ValidUntil = stored.ValidUntil };
        if (meeting.RecurrenceKind != RecurrenceKind.Weekly && details.Schedule.Recurrence is Recurrence.Weekly weekly && weekly.Day == meeting.Day)
        {
            schedule = schedule with { Recurrence = stored.Recurrence };
        }

        var resumesOn = details.Status == MeetingStatus.TemporarilySuspended && meeting.Status == MeetingStatus.TemporarilySuspended ? meeting.ResumesOn : details.ResumesOn;
        return details with { Schedule = schedule, ResumesOn = resumesOn };
    }
}

internal sealed class FinishMeetingImportHandler(MeetingsDbContext db, IUnitOfWork<MeetingsDbContext> unitOfWork, ImportRunMemory<MeetingImportRun> runs, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<FinishMeetingImportCommand, IReadOnlyList<MissingMeeting>>
{
    public async ValueTask<IReadOnlyList<MissingMeeting>> Handle(FinishMeetingImportCommand command, CancellationToken cancellationToken)
    {
        ImportRules.EnsureAdminOf(callers.Caller, command.OrganisationId);
        var now = clock.GetUtcNow();

        // A file with no meetings at all sent no slice: every imported meeting is missing from it.
        var run = await MeetingImportRun.OfAsync(runs, db, command.Run, command.OrganisationId, cancellationToken);
        var inFile = run.FirstRowById;
        var missing = new List<MissingMeeting>();
        var slice = new ImportSlices(unitOfWork);
        var imported = run.Existing.Values.Where(m => m.ExternalId is not null).DistinctBy(m => m.Id);
        foreach (var meeting in imported.Where(m => !inFile.ContainsKey(m.ExternalId!) && !inFile.ContainsKey(m.Id.ToString()) && m.Status != MeetingStatus.Closed).OrderBy(m => m.ExternalId, StringComparer.Ordinal))
        {
            if (command.CloseMissing)
            {
                await slice.SaveWhenFullAsync(cancellationToken);
                slice.Changing(db, meeting);
                meeting.Close(now);
                db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, ChangeAction.Updated));
            }

            missing.Add(new MissingMeeting(meeting.Id, meeting.ExternalId!, meeting.Name, command.CloseMissing));
        }

        await slice.SaveAsync(cancellationToken);
        return missing;
    }
}

internal sealed class GetMeetingGuideTypeNamesHandler : IQueryHandler<GetMeetingGuideTypeNamesQuery, IReadOnlyDictionary<string, string>>
{
    private static readonly IReadOnlyDictionary<string, string> Names = Build();

    public ValueTask<IReadOnlyDictionary<string, string>> Handle(GetMeetingGuideTypeNamesQuery query, CancellationToken cancellationToken) => ValueTask.FromResult(Names);

    private static Dictionary<string, string> Build()
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in FormatVocabularies.AlcoholicsAnonymous)
        {
            // English first, so a name two languages share means what it means in English.
            foreach (var label in type.Labels.OrderBy(l => l.Key == FormatDefinition.English ? 0 : 1).Select(l => l.Value))
            {
                names.TryAdd(label, type.Code);
            }
        }

        return names;
    }
}
