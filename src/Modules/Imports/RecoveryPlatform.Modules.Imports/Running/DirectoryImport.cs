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
internal sealed class DirectoryImport(ISender sender)
{
    private const string DefaultCountry = "GB";

    public async Task<ImportReport> RunAsync(ImportJob job, SourceFile file, CancellationToken cancellationToken)
    {
        var typeNames = await sender.Send(new GetMeetingGuideTypeNamesQuery(), cancellationToken);
        var plans = Plan(file, job.Format, typeNames);
        var rejectedBySource = file.Rejections
            .Select(r => new ImportedRow(r.Row, null, ImportAction.Reject, null, [new ImportProblem(r.Field, r.Value, r.Rule)], []))
            .ToList();

        // 1. Which meetings would the Meetings module refuse whatever their place and group? Those get neither.
        var checks = await sender.Send(new CheckImportedMeetingsQuery(job.OrganisationId, [.. plans.Select(p => p.Meeting)]), cancellationToken);
        for (var i = 0; i < plans.Count; i++)
        {
            plans[i].Refuse(SourceFieldNames.FromMeetings(checks[i].Problems, job.Format));
            plans[i].UnknownTypes = checks[i].UnknownTypes;
        }

        // 2. Places, then groups, for the meetings still standing.
        var places = plans.Where(p => !p.Rejected && p.Place is not null).GroupBy(p => p.Place!.Key).ToList();
        var venueOutcomes = places.Count == 0 ? [] : await sender.Send(new ImportVenuesCommand(job.OrganisationId, [.. places.Select(g => g.First().Place!)]), cancellationToken);
        var venueCounts = Count(venueOutcomes.Select(o => o.Action));
        foreach (var (outcome, group) in venueOutcomes.Zip(places))
        {
            foreach (var plan in group)
            {
                plan.Refuse(SourceFieldNames.FromVenues(outcome.Problems, job.Format));
                plan.Meeting = plan.Meeting with { VenueId = outcome.VenueId };
            }
        }

        var groups = plans.Where(p => !p.Rejected).GroupBy(p => p.Group.Key).ToList();
        var groupOutcomes = groups.Count == 0 ? [] : await sender.Send(
            new ImportGroupsCommand(job.OrganisationId, [.. groups.Select(g => g.First().Group with { ServiceAreas = [.. g.SelectMany(p => p.Group.ServiceAreas).Distinct(StringComparer.OrdinalIgnoreCase)] })]),
            cancellationToken);
        var groupCounts = Count(groupOutcomes.Select(o => o.Action));
        foreach (var (outcome, group) in groupOutcomes.Zip(groups))
        {
            foreach (var plan in group)
            {
                plan.Refuse(SourceFieldNames.FromGroups(outcome.Problems, job.Format));
                plan.Meeting = plan.Meeting with { GroupId = outcome.GroupId };
            }
        }

        // 3. The meetings. Refused ones are sent too (without a group) so the Meetings module sees the whole file
        //    when it works out which of its imported meetings the file no longer has.
        var result = await sender.Send(
            new ImportMeetingsCommand(job.OrganisationId, [.. plans.Select(p => p.Rejected ? p.Meeting with { GroupId = null } : p.Meeting)], job.RemoveMissing),
            cancellationToken);

        var rows = new List<ImportedRow>(plans.Count + rejectedBySource.Count);
        var unknownTypes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            var outcome = result.Meetings[i];
            foreach (var code in outcome.UnknownTypes)
            {
                unknownTypes[code] = unknownTypes.GetValueOrDefault(code) + 1;
            }

            var warnings = plan.Warnings.ToList();
            if (outcome.UnknownTypes.Count > 0)
            {
                warnings.Add(new ImportProblem(SourceFieldNames.InFormat("types", job.Format), string.Join(",", outcome.UnknownTypes), "Not in the organisation's format vocabulary, nor a language: left off the meeting."));
            }

            rows.Add(plan.Rejected
                ? new ImportedRow(plan.Row, plan.Meeting.ExternalId, ImportAction.Reject, null, plan.Problems, warnings)
                : new ImportedRow(plan.Row, plan.Meeting.ExternalId, outcome.Action, job.DryRun && outcome.Action == ImportAction.Create ? null : outcome.MeetingId,
                    SourceFieldNames.FromMeetings(outcome.Problems, job.Format), warnings));
        }

        rows.AddRange(rejectedBySource);
        rows.Sort((a, b) => a.Row.CompareTo(b.Row));
        var counts = Count(rows.Select(r => r.Action));
        return new ImportReport(
            new ImportTotals(
                file.Records, plans.Count, counts.Create, counts.Update, counts.Unchanged, counts.Reject,
                result.Missing.Count, result.Missing.Count(m => m.Closed), plans.Count(p => p.Place is { CoordinatesApproximate: true } && !p.Rejected)),
            rows,
            [.. result.Missing.Select(m => new MissingRow(m.MeetingId, m.ExternalId, m.Name, m.Closed))],
            venueCounts,
            groupCounts,
            unknownTypes,
            file.FieldsWithoutHome,
            LikelyDuplicates(plans));
    }

    private static ImportCounts Count(IEnumerable<ImportAction> actions)
    {
        var list = actions.ToList();
        return new ImportCounts(list.Count(a => a == ImportAction.Create), list.Count(a => a == ImportAction.Update), list.Count(a => a == ImportAction.Unchanged), list.Count(a => a == ImportAction.Reject));
    }

    /// <summary>Each source meeting as one meeting per day it meets, with its place and group worked out.</summary>
    private static List<MeetingPlan> Plan(SourceFile file, ImportFormat format, IReadOnlyDictionary<string, string> typeNames)
    {
        var plans = new List<MeetingPlan>(file.Meetings.Count);
        foreach (var source in file.Meetings)
        {
            // Spreadsheets name their types ("Open, Wheelchair Access"); from here on every type is a code.
            var coded = source with { Types = [.. source.Types.Select(t => typeNames.GetValueOrDefault(t, t))] };
            foreach (var day in coded.Days)
            {
                plans.Add(PlanOne(coded, day, format));
            }
        }

        return plans;
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

    private static List<LikelyDuplicate> LikelyDuplicates(List<MeetingPlan> plans) =>
        [.. plans.GroupBy(p => p.DuplicateKey)
            .Where(g => g.Select(p => p.Row).Distinct().Count() > 1)
            .Select(g => new LikelyDuplicate([.. g.Select(p => p.Row).Distinct()], "The same name, day, start time and place."))];

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

        public IReadOnlyList<string> UnknownTypes { get; set; } = [];

        public IReadOnlyList<ImportProblem> Problems => _problems;

        public bool Rejected => _problems.Count > 0;

        public void Refuse(IEnumerable<ImportProblem> problems) => _problems.AddRange(problems);
    }
}
