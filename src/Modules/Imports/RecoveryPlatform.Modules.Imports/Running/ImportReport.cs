using RecoveryPlatform.SharedKernel.Imports;

namespace RecoveryPlatform.Modules.Imports.Running;

/// <summary>What an import did (or, in a dry run, would do): the same document either way.</summary>
/// <param name="Totals">Counts of records, meetings and what happened to them.</param>
/// <param name="Meetings">One entry per meeting the file describes (a record that meets on two days is two meetings), in file order.</param>
/// <param name="Missing">Meetings an earlier import of this organisation brought in that this file no longer has; closed only with removeMissing=true.</param>
/// <param name="Venues">What happened to the places the file names.</param>
/// <param name="Groups">What happened to the groups the file names.</param>
/// <param name="UnknownTypes">Type codes neither the organisation's format vocabulary nor the languages know, with how many meetings carry each: left off those meetings.</param>
/// <param name="FieldsWithoutHome">Fields of the file the platform keeps nowhere, with how many records fill each in.</param>
/// <param name="LikelyDuplicates">Records that describe the same meeting twice (same name, day, time and place): each is imported, but a steward should look.</param>
internal sealed record ImportReport(
    ImportTotals Totals,
    IReadOnlyList<ImportedRow> Meetings,
    IReadOnlyList<MissingRow> Missing,
    ImportCounts Venues,
    ImportCounts Groups,
    IReadOnlyDictionary<string, int> UnknownTypes,
    IReadOnlyDictionary<string, int> FieldsWithoutHome,
    IReadOnlyList<LikelyDuplicate> LikelyDuplicates);

/// <param name="Records">Records (rows, objects) in the file.</param>
/// <param name="Meetings">Meetings they describe.</param>
/// <param name="Create">Meetings created.</param>
/// <param name="Update">Meetings changed.</param>
/// <param name="Unchanged">Meetings already as the file says.</param>
/// <param name="Reject">Meetings refused (see each one's problems); a record refused before it named a meeting counts once.</param>
/// <param name="Missing">Imported meetings the file no longer has.</param>
/// <param name="Closed">Of those, how many were closed (removeMissing=true).</param>
/// <param name="ApproximateLocations">Places given the centre of their postcode district because the file had no coordinates.</param>
internal sealed record ImportTotals(int Records, int Meetings, int Create, int Update, int Unchanged, int Reject, int Missing, int Closed, int ApproximateLocations);

/// <param name="Row">The record's number in the file (1-based; for a CSV, the data row after the header).</param>
/// <param name="Slug">The meeting's id in the source (its slug, BMLT id, or one derived from its details when the file has none).</param>
/// <param name="Action">create, update, unchanged or reject.</param>
/// <param name="MeetingId">The meeting on this platform; absent when rejected (and, in a dry run, for meetings it would create).</param>
/// <param name="Problems">Why it was rejected: the file's field, its value, and the rule.</param>
/// <param name="Warnings">What was imported but deserves a look (approximate location, assumed time zone, unknown type codes).</param>
internal sealed record ImportedRow(int Row, string? Slug, ImportAction Action, Guid? MeetingId, IReadOnlyList<ImportProblem> Problems, IReadOnlyList<ImportProblem> Warnings);

/// <param name="MeetingId">The meeting on this platform.</param>
/// <param name="Slug">Its id in the source.</param>
/// <param name="Name">Its name.</param>
/// <param name="Closed">True when this import closed it.</param>
internal sealed record MissingRow(Guid MeetingId, string Slug, string Name, bool Closed);

internal sealed record ImportCounts(int Create, int Update, int Unchanged, int Reject);

/// <param name="Rows">The records that describe one meeting.</param>
/// <param name="Reason">What they share.</param>
internal sealed record LikelyDuplicate(IReadOnlyList<int> Rows, string Reason);
