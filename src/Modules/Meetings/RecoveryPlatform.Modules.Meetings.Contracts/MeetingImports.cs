using Mediator;
using RecoveryPlatform.SharedKernel.Imports;

namespace RecoveryPlatform.Modules.Meetings.Contracts;

/// <summary>How people attend a meeting an import describes.</summary>
public enum ImportedAttendance
{
    InPerson,
    Online,
    Hybrid,
}

/// <summary>One meeting as an import describes it, in the source's own terms where the Meetings module must translate them.</summary>
/// <param name="Row">The record's number in the source (1-based), for the report.</param>
/// <param name="ExternalId">The source's id for the meeting (its slug): how a later import of the same source finds it.</param>
/// <param name="Name">The meeting's name.</param>
/// <param name="Notes">The source's notes about the meeting.</param>
/// <param name="GroupId">The group that holds it; null while an import is only being checked.</param>
/// <param name="Attendance">In person, online or both, as the importer read the source.</param>
/// <param name="VenueId">Where it meets; null online, and while an import is only being checked.</param>
/// <param name="LocationNotes">The source's notes about this meeting's place (the room, the door).</param>
/// <param name="Day">The weekday it meets (a source row meeting on several days becomes one meeting per day).</param>
/// <param name="StartTime">Local start, HH:mm, as the source gives it (checked here).</param>
/// <param name="EndTime">Local end, HH:mm; null for the default length.</param>
/// <param name="TimeZone">An IANA time zone; null for the organisation's default (Europe/London).</param>
/// <param name="Types">The source's Meeting Guide type codes, translated here through the organisation's vocabulary.</param>
/// <param name="ConferenceUrl">The online meeting's link.</param>
/// <param name="ConferenceUrlNotes">How to join with the link (passcode).</param>
/// <param name="ConferencePhone">The dial-in number.</param>
/// <param name="ConferencePhoneNotes">How to join by phone.</param>
/// <param name="Inactive">The source lists it as not meeting for now (Meeting Guide TC, or attendance_option inactive).</param>
/// <param name="SourceUpdatedAt">When the source last changed it.</param>
public sealed record ImportedMeeting(
    int Row,
    string ExternalId,
    string Name,
    string? Notes,
    Guid? GroupId,
    ImportedAttendance Attendance,
    Guid? VenueId,
    string? LocationNotes,
    DayOfWeek Day,
    string? StartTime,
    string? EndTime,
    string? TimeZone,
    IReadOnlyList<string> Types,
    string? ConferenceUrl,
    string? ConferenceUrlNotes,
    string? ConferencePhone,
    string? ConferencePhoneNotes,
    bool Inactive,
    DateTimeOffset? SourceUpdatedAt);

/// <param name="Row">The record's number in the source.</param>
/// <param name="ExternalId">The source's id.</param>
/// <param name="MeetingId">The meeting it created, updated or matched; null when rejected (or, in a check, not yet created).</param>
/// <param name="Action">What the import does with it.</param>
/// <param name="Problems">Why it was rejected, under the Meetings API's field names.</param>
/// <param name="UnknownTypes">Type codes neither the organisation's vocabulary nor the shared languages know: left out.</param>
public sealed record ImportedMeetingOutcome(int Row, string ExternalId, Guid? MeetingId, ImportAction Action, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<string> UnknownTypes);

/// <summary>A meeting an earlier import brought in (it has an external id) that this import no longer contains.</summary>
public sealed record MissingMeeting(Guid MeetingId, string ExternalId, string Name, bool Closed);

/// <summary>
/// Checks a slice of an import's meetings without writing anything and without their groups and venues (which do not
/// exist yet): which rows the Meetings module would refuse (a repeat of an id an earlier row of the run used, too), and
/// which type codes it does not know. The importer creates places and groups only for the rows that pass.
/// </summary>
/// <param name="OrganisationId">The organisation importing.</param>
/// <param name="Run">One run of the import: its slices share the ids seen so far and the rows already checked.</param>
/// <param name="Meetings">This slice's meetings, in file order.</param>
public sealed record CheckImportedMeetingsQuery(Guid OrganisationId, Guid Run, IReadOnlyList<ImportedMeeting> Meetings) : IQuery<IReadOnlyList<ImportedMeetingOutcome>>;

/// <summary>
/// Creates, updates or leaves alone each meeting of a slice of an import, matched by external id within the
/// organisation. Bulk: sent once per slice, in file order, inside the import's transaction, after the slice was
/// checked; then <see cref="FinishMeetingImportCommand"/> once. The caller must be an admin of the organisation.
/// </summary>
/// <param name="OrganisationId">The organisation importing.</param>
/// <param name="Run">The run the slice belongs to.</param>
/// <param name="Meetings">This slice's meetings; a refused one is sent too (without a group), so the run knows every id the file has.</param>
public sealed record ImportMeetingsCommand(Guid OrganisationId, Guid Run, IReadOnlyList<ImportedMeeting> Meetings) : ICommand<IReadOnlyList<ImportedMeetingOutcome>>;

/// <summary>
/// Ends a run of an import once its last slice is imported: reports the organisation's imported meetings the file did
/// not have and, with <paramref name="CloseMissing"/>, closes them.
/// </summary>
/// <param name="OrganisationId">The organisation importing.</param>
/// <param name="Run">The run.</param>
/// <param name="CloseMissing">Close the meetings the file no longer has (removeMissing=true).</param>
public sealed record FinishMeetingImportCommand(Guid OrganisationId, Guid Run, bool CloseMissing) : ICommand<IReadOnlyList<MissingMeeting>>;

/// <summary>
/// The Meeting Guide type codes by their names (English and the specification's other languages, without regard to
/// case): "Open" is O, "Wheelchair Access" is X. Spreadsheets name types rather than code them.
/// </summary>
public sealed record GetMeetingGuideTypeNamesQuery : IQuery<IReadOnlyDictionary<string, string>>;
