using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mediator;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Imports.Domain;
using RecoveryPlatform.Modules.Imports.Sources;
using RecoveryPlatform.Modules.Meetings.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Geography;
using RecoveryPlatform.SharedKernel.Imports;

namespace RecoveryPlatform.Modules.Imports.Running;

/// <summary>
/// Brings a read file into an organisation's directory: works out each meeting's place and group, asks the Venues,
/// Groups and Meetings modules (through their Contracts) to find or create them, and writes the report. It runs inside
/// the import's one transaction, so a dry run is this same work rolled back, and its report is the real run's.
/// </summary>
/// <remarks>
/// The file is read, planned and written a slice of meetings at a time (<see cref="ImportOptions.MeetingsPerSlice"/>),
/// so a large file is never all in memory as meetings, plans and outcomes at once (a 100,000-meeting file held every
/// record several times over: most of a gigabyte). What spans the file is kept from slice to slice: here, the places,
/// groups and likely duplicates already seen, and each row's line of the report; in the modules, what each learnt
/// during the run (<see cref="SharedKernel.Imports.ImportRunMemory{TState}"/>), such as ids already used.
/// </remarks>
internal sealed class DirectoryImport(ISender sender, int meetingsPerSlice)
{
    private const string DefaultCountry = "GB";

    public async Task<ImportReport> RunAsync(ImportJob job, SourceFile file, CancellationToken cancellationToken)
    {
        var typeNames = await sender.Send(new GetMeetingGuideTypeNamesQuery(), cancellationToken);
        var run = new Run(job);
        var slice = new List<MeetingPlan>(meetingsPerSlice);
        foreach (var plan in Plan(file, job.Format, typeNames))
        {
            slice.Add(plan);
            if (slice.Count >= meetingsPerSlice)
            {
                await ImportSliceAsync(run, slice, cancellationToken);
                slice.Clear();
            }
        }

        await ImportSliceAsync(run, slice, cancellationToken);
        var missing = await sender.Send(new FinishMeetingImportCommand(job.OrganisationId, run.Id, job.RemoveMissing), cancellationToken);

        var rejectedBySource = file.Rejections
            .Select(r => new ImportedRow(r.Row, null, ImportAction.Reject, null, [new ImportProblem(r.Field, r.Value, r.Rule)], []));
        List<ImportedRow> rows = [.. run.Rows.Concat(rejectedBySource).OrderBy(r => r.Row)];
        var counts = Count(rows.Select(r => r.Action));
        return new ImportReport(
            new ImportTotals(
                file.Records, run.Meetings, counts.Create, counts.Update, counts.Unchanged, counts.Reject,
                missing.Count, missing.Count(m => m.Closed), run.ApproximateLocations),
            rows,
            [.. missing.Select(m => new MissingRow(m.MeetingId, m.ExternalId, m.Name, m.Closed))],
            Count(run.Venues.Values.Select(o => o.Action)),
            Count(run.Groups.Values.Select(g => g.Action)),
            run.UnknownTypes,
            file.FieldsWithoutHome,
            run.LikelyDuplicates());
    }

    private async Task ImportSliceAsync(Run run, List<MeetingPlan> plans, CancellationToken cancellationToken)
    {
        if (plans.Count == 0)
        {
            return;
        }

        var organisationId = run.Job.OrganisationId;
        var format = run.Job.Format;

        // 1. Which meetings would the Meetings module refuse whatever their place and group? Those get neither.
        var checks = await sender.Send(new CheckImportedMeetingsQuery(organisationId, run.Id, [.. plans.Select(p => p.Meeting)]), cancellationToken);
        for (var i = 0; i < plans.Count; i++)
        {
            plans[i].Refuse(SourceFieldNames.FromMeetings(checks[i].Problems, format));
        }

        // 2. Places, then groups, for the meetings still standing: those an earlier slice brought are known already.
        var newPlaces = plans.Where(p => !p.Rejected && p.Place is not null && !run.Venues.ContainsKey(p.Place.Key)).DistinctBy(p => p.Place!.Key).Select(p => p.Place!).ToList();
        if (newPlaces.Count > 0)
        {
            foreach (var outcome in await sender.Send(new ImportVenuesCommand(organisationId, run.Id, newPlaces), cancellationToken))
            {
                run.Venues[outcome.Key] = outcome;
            }
        }

        foreach (var plan in plans.Where(p => !p.Rejected && p.Place is not null))
        {
            var outcome = run.Venues[plan.Place!.Key];
            plan.Refuse(SourceFieldNames.FromVenues(outcome.Problems, format));
            plan.Meeting = plan.Meeting with { VenueId = outcome.VenueId };
        }

        // A group gathers the service areas of all its meetings: a later slice may bring it areas an earlier one did not.
        var groupsToSend = new List<ImportedGroup>();
        foreach (var group in plans.Where(p => !p.Rejected).GroupBy(p => p.Group.Key))
        {
            var areas = group.SelectMany(p => p.Group.ServiceAreas).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (!run.Groups.TryGetValue(group.Key, out var known))
            {
                groupsToSend.Add(group.First().Group with { ServiceAreas = areas });
            }
            else if (known.Action != ImportAction.Reject && areas.Where(a => !known.AreasSent.Contains(a)).ToList() is { Count: > 0 } newAreas)
            {
                groupsToSend.Add(group.First().Group with { ServiceAreas = newAreas });
            }
        }

        if (groupsToSend.Count > 0)
        {
            var outcomes = await sender.Send(new ImportGroupsCommand(organisationId, run.Id, groupsToSend), cancellationToken);
            foreach (var (outcome, sent) in outcomes.Zip(groupsToSend))
            {
                if (run.Groups.TryGetValue(outcome.Key, out var known))
                {
                    known.AddedTo(outcome, sent.ServiceAreas);
                }
                else
                {
                    run.Groups[outcome.Key] = new GroupSoFar(outcome, sent.ServiceAreas);
                }
            }
        }

        foreach (var plan in plans.Where(p => !p.Rejected))
        {
            var outcome = run.Groups[plan.Group.Key].Outcome;
            plan.Refuse(SourceFieldNames.FromGroups(outcome.Problems, format));
            plan.Meeting = plan.Meeting with { GroupId = outcome.GroupId };
        }

        // 3. The meetings. Refused ones are sent too (without a group) so the Meetings module knows every id the file
        //    has when it works out which of its imported meetings the file no longer has.
        var results = await sender.Send(
            new ImportMeetingsCommand(organisationId, run.Id, [.. plans.Select(p => p.Rejected ? p.Meeting with { GroupId = null } : p.Meeting)]),
            cancellationToken);
        for (var i = 0; i < plans.Count; i++)
        {
            run.Add(plans[i], results[i]);
        }
    }

    private static ImportCounts Count(IEnumerable<ImportAction> actions)
    {
        var list = actions.ToList();
        return new ImportCounts(list.Count(a => a == ImportAction.Create), list.Count(a => a == ImportAction.Update), list.Count(a => a == ImportAction.Unchanged), list.Count(a => a == ImportAction.Reject));
    }

    /// <summary>Each source meeting as one meeting per day it meets, with its place and group worked out, as the file is read.</summary>
    private static IEnumerable<MeetingPlan> Plan(SourceFile file, ImportFormat format, IReadOnlyDictionary<string, string> typeNames)
    {
        foreach (var source in file.Meetings)
        {
            // Spreadsheets name their types ("Open, Wheelchair Access"); from here on every type is a code.
            var coded = source with { Types = [.. source.Types.Select(t => typeNames.GetValueOrDefault(t, t))] };
            foreach (var day in coded.Days)
            {
                yield return PlanOne(coded, day, format);
            }
        }
    }

    private static MeetingPlan PlanOne(SourceMeeting source, DayOfWeek day, ImportFormat format)
    {
        var warnings = new List<ImportProblem>();
        var problems = new List<ImportProblem>();
        var externalId = ExternalId(source, day, warnings, format);
        var hasConference = source.ConferenceUrl is not null || source.ConferencePhone is not null;
        var closedInPerson = source.Types.Any(t => t.Equals("TC", StringComparison.OrdinalIgnoreCase));

        // A place is something a map could show: coordinates, a postcode, or a street address (not "Online", and not a
        // Meeting Guide location flagged approximate, which is only a town or area for an online meeting).
        var hasPlace = !source.Approximate
            && (source.Latitude is not null || source.PostalCode is not null
                || (source.Address is not null && !string.Equals(source.Location ?? source.Address, "Online", StringComparison.OrdinalIgnoreCase)));
        var attendance = source.AttendanceOption switch
        {
            "in_person" => ImportedAttendance.InPerson,
            "online" => ImportedAttendance.Online,
            "hybrid" => ImportedAttendance.Hybrid,
            _ when closedInPerson && hasConference => ImportedAttendance.Online,
            _ when hasPlace && hasConference => ImportedAttendance.Hybrid,
            _ when hasConference => ImportedAttendance.Online,
            _ => ImportedAttendance.InPerson,
        };

        // Meeting Guide's TC is "temporarily closed": with a way to join online, only the room is closed.
        var inactive = source.AttendanceOption == "inactive" || (closedInPerson && !hasConference);
        if (source.TimeZone is null)
        {
            warnings.Add(new ImportProblem(SourceFieldNames.InFormat("timezone", format), null, "No time zone given: Europe/London assumed."));
        }

        ImportedVenue? place = null;
        if (attendance != ImportedAttendance.Online)
        {
            var placeProblems = new List<ImportProblem>();
            place = PlaceOf(source, placeProblems, warnings, format);
            if (place is null && hasConference && source.AttendanceOption is null)
            {
                // Hybrid by the look of it, but the room cannot be placed: it is still a meeting people can join.
                attendance = ImportedAttendance.Online;
                warnings.AddRange(placeProblems.Select(p => p with { Rule = p.Rule + " Imported as online only." }));
            }
            else
            {
                problems.AddRange(placeProblems);
            }
        }

        var groupName = source.Group ?? source.Name ?? string.Empty;
        var group = new ImportedGroup(ImportRules.GroupNameKey(groupName), groupName, source.GroupNotes, source.Website, source.Regions, source.District, place?.CountryCode);
        var meeting = new ImportedMeeting(
            source.Row, externalId, source.Name ?? string.Empty, source.Notes, null, attendance, null, source.LocationNotes, day,
            source.Time, source.EndTime, source.TimeZone, source.Types, source.ConferenceUrl, source.ConferenceUrlNotes,
            source.ConferencePhone, source.ConferencePhoneNotes, inactive, source.Updated);
        var plan = new MeetingPlan(source.Row, meeting, place, group, warnings, DuplicateKey(source, day, place));
        plan.Refuse(problems);
        return plan;
    }

    /// <summary>
    /// The place of an in-person or hybrid meeting. Coordinates from the file are used as they are; without them, a
    /// UK postcode's district centre stands in (flagged approximate), since addresses cannot be geocoded offline.
    /// </summary>
    private static ImportedVenue? PlaceOf(SourceMeeting source, List<ImportProblem> problems, List<ImportProblem> warnings, ImportFormat format)
    {
        var country = source.Country ?? (source.PostalCode is null || UkPostcodeDistricts.TryGetDistrict(source.PostalCode, out _) ? DefaultCountry : null);
        if (country is null || country.Length != 2)
        {
            problems.Add(new ImportProblem(SourceFieldNames.InFormat("country", format), source.Country, "A country (its name or ISO 3166 code) is needed for a postcode that is not a UK one."));
            return null;
        }

        double latitude, longitude;
        var approximate = false;
        if (source.Latitude is { } lat && source.Longitude is { } lon)
        {
            (latitude, longitude) = (lat, lon);
        }
        else if (country == DefaultCountry && UkPostcodeDistricts.TryResolve(source.PostalCode, out latitude, out longitude))
        {
            approximate = true;
            warnings.Add(new ImportProblem(SourceFieldNames.InFormat("latitude", format), null, $"No coordinates: placed at the centre of postcode district {District(source.PostalCode)} (approximate)."));
        }
        else
        {
            problems.Add(new ImportProblem(
                SourceFieldNames.InFormat("latitude", format), null,
                "Cannot be placed: no coordinates, and no UK postcode district to take them from (addresses are not geocoded)."));
            return null;
        }

        // A place without a name of its own is named by the Venues module from its address (real feeds often have none).
        var town = source.City ?? source.Regions.LastOrDefault();
        var name = source.Location;
        var key = source.Address is not null
            ? $"{Letters(source.Address)}|{Letters(source.PostalCode)}|{country}"
            : string.Create(CultureInfo.InvariantCulture, $"{latitude:F5},{longitude:F5}|{Letters(name)}|{Letters(source.PostalCode)}");
        var accessibility = new List<AccessibilityFeature>();
        if (source.Types.Any(t => t.Equals("X", StringComparison.OrdinalIgnoreCase)))
        {
            accessibility.Add(AccessibilityFeature.StepFreeAccess);
        }

        if (source.Types.Any(t => t.Equals("XB", StringComparison.OrdinalIgnoreCase)))
        {
            accessibility.Add(AccessibilityFeature.AccessibleToilet);
        }

        return new ImportedVenue(key, name, source.Address, town, source.State ?? source.Regions.FirstOrDefault(), source.PostalCode, country, latitude, longitude, approximate, null, accessibility);
    }

    /// <summary>
    /// The meeting's id in the source: its slug; one per day for a record that meets on several days; and, for a file
    /// without slugs, a digest of what identifies the meeting (so a second import of the same file still matches).
    /// </summary>
    private static string ExternalId(SourceMeeting source, DayOfWeek day, List<ImportProblem> warnings, ImportFormat format)
    {
        var daySuffix = source.Days.Count > 1 ? "/" + day.ToString().ToLowerInvariant() : string.Empty;
        if (source.Slug is { } slug)
        {
            return slug + daySuffix;
        }

        warnings.Add(new ImportProblem(SourceFieldNames.InFormat("slug", format), null,
            "No id: the meeting is matched by its name, day, time and place, so changing any of them makes it a new meeting at the next import."));
        var identity = string.Join('|', source.Name, day, source.Time, source.Address, source.PostalCode, source.ConferenceUrl);
        return "derived-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..20];
    }

    private static string DuplicateKey(SourceMeeting source, DayOfWeek day, ImportedVenue? place) =>
        string.Join('|', ImportRules.GroupNameKey(source.Name ?? string.Empty), day, source.Time, place?.Key ?? Letters(source.ConferenceUrl));

    private static string District(string? postcode) => UkPostcodeDistricts.TryGetDistrict(postcode, out var district) ? district : string.Empty;

    private static string Letters(string? text) => text is null ? string.Empty : string.Concat(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));

    /// <summary>One meeting of the file on its way in: what it will be, and why it may not.</summary>
    private sealed class MeetingPlan(int row, ImportedMeeting meeting, ImportedVenue? place, ImportedGroup group, List<ImportProblem> warnings, string duplicateKey)
    {
        private readonly List<ImportProblem> _problems = [];

        public int Row { get; } = row;

        public ImportedMeeting Meeting { get; set; } = meeting;

        public ImportedVenue? Place { get; } = place;

        public ImportedGroup Group { get; } = group;

        public IReadOnlyList<ImportProblem> Warnings { get; } = warnings;

        public string DuplicateKey { get; } = duplicateKey;

        public IReadOnlyList<ImportProblem> Problems => _problems;

        public bool Rejected => _problems.Count > 0;

        public void Refuse(IEnumerable<ImportProblem> problems) => _problems.AddRange(problems);
    }

    /// <summary>What one run of an import keeps from slice to slice.</summary>
    private sealed class Run(ImportJob job)
    {
        private readonly List<ImportedRow> _rows = [];
        private readonly Dictionary<string, int> _firstRowByDuplicateKey = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _rowsByRepeatedKey = new(StringComparer.Ordinal);

        /// <summary>Shared by the modules' slices of this run; a retried run is a new one.</summary>
        public Guid Id { get; } = Guid.NewGuid();

        public ImportJob Job { get; } = job;

        public Dictionary<string, ImportedVenueOutcome> Venues { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, GroupSoFar> Groups { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> UnknownTypes { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<ImportedRow> Rows => _rows;

        public int Meetings { get; private set; }

        public int ApproximateLocations { get; private set; }

        /// <summary>Adds a planned meeting's line to the report, once the Meetings module has dealt with it.</summary>
        public void Add(MeetingPlan plan, ImportedMeetingOutcome outcome)
        {
            Meetings++;
            if (plan.Place is { CoordinatesApproximate: true } && !plan.Rejected)
            {
                ApproximateLocations++;
            }

            if (!_firstRowByDuplicateKey.TryAdd(plan.DuplicateKey, plan.Row))
            {
                if (!_rowsByRepeatedKey.TryGetValue(plan.DuplicateKey, out var rows))
                {
                    _rowsByRepeatedKey[plan.DuplicateKey] = rows = [_firstRowByDuplicateKey[plan.DuplicateKey]];
                }

                if (rows[^1] != plan.Row)
                {
                    rows.Add(plan.Row);
                }
            }

            foreach (var code in outcome.UnknownTypes)
            {
                UnknownTypes[code] = UnknownTypes.GetValueOrDefault(code) + 1;
            }

            var warnings = plan.Warnings;
            if (outcome.UnknownTypes.Count > 0)
            {
                warnings = [.. warnings, new ImportProblem(SourceFieldNames.InFormat("types", Job.Format), string.Join(",", outcome.UnknownTypes), "Not in the organisation's format vocabulary, nor a language: left off the meeting.")];
            }

            _rows.Add(plan.Rejected
                ? new ImportedRow(plan.Row, plan.Meeting.ExternalId, ImportAction.Reject, null, plan.Problems, warnings)
                : new ImportedRow(plan.Row, plan.Meeting.ExternalId, outcome.Action, Job.DryRun && outcome.Action == ImportAction.Create ? null : outcome.MeetingId,
                    SourceFieldNames.FromMeetings(outcome.Problems, Job.Format), warnings));
        }

        /// <summary>Records that describe the same meeting twice (the same name, day, time and place), in file order.</summary>
        public List<LikelyDuplicate> LikelyDuplicates() =>
            [.. _rowsByRepeatedKey.Values.Where(rows => rows.Count > 1).OrderBy(rows => rows[0]).Select(rows => new LikelyDuplicate(rows, "The same name, day, start time and place."))];
    }

    /// <summary>A group of the file as far as the run has sent it: its outcome, what the run counts it as, and the service areas sent.</summary>
    private sealed class GroupSoFar(ImportedGroupOutcome outcome, IEnumerable<string> areasSent)
    {
        public ImportedGroupOutcome Outcome { get; private set; } = outcome;

        /// <summary>Created by this import stays created when a later slice adds areas; matched and then given areas is updated.</summary>
        public ImportAction Action { get; private set; } = outcome.Action;

        public HashSet<string> AreasSent { get; } = new(areasSent, StringComparer.OrdinalIgnoreCase);

        public void AddedTo(ImportedGroupOutcome outcome, IEnumerable<string> areas)
        {
            Outcome = outcome;
            if (Action == ImportAction.Unchanged && outcome.Action == ImportAction.Update)
            {
                Action = ImportAction.Update;
            }

            AreasSent.UnionWith(areas);
        }
    }
}
