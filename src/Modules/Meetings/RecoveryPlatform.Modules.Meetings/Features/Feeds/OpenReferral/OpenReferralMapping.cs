using System.Globalization;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.OpenReferral;

/// <summary>
/// A listed meeting as Open Referral records (ADR 0014): a service of its organisation, held at the venue's
/// physical location or at a virtual one, with one schedule, the taxonomy terms it has, and its languages.
/// </summary>
internal static class OpenReferralMapping
{
    public const string Active = "active";

    private static readonly Guid Namespace = new("0d4c7a2e-6b1f-4f3a-8e29-5c7d9b1a3f60");

    // A meeting's place at its location, and its virtual location, have ids made from the meeting's by a fixed XOR:
    // /service_at_locations/{id} finds its meeting by undoing it, with no index of ids. The masks leave the version
    // and variant bits alone, so the results are UUIDs of the meeting id's version.
    private static readonly Guid ServiceAtLocationMask = new("3a5c9e71-0d24-0b68-0f13-2e7d4c6b8a95");
    private static readonly Guid VirtualLocationMask = new("c47e1b29-6a3d-05f2-0b8e-71d2a9c4e036");

    public static Guid ServiceAtLocationId(Guid meetingId) => Xor(meetingId, ServiceAtLocationMask);

    public static Guid MeetingOfServiceAtLocation(Guid serviceAtLocationId) => Xor(serviceAtLocationId, ServiceAtLocationMask);

    private static Guid Xor(Guid id, Guid mask)
    {
        Span<byte> bytes = stackalloc byte[16];
        Span<byte> maskBytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        mask.TryWriteBytes(maskBytes);
        for (var i = 0; i < 16; i++)
        {
            bytes[i] ^= maskBytes[i];
        }

        return new Guid(bytes);
    }

    public static OrukOrganization Organization(ListedMeeting meeting) => new(
        meeting.Organisation.Id,
        meeting.Organisation.Name,
        // Required by the standard; an organisation without a description of its own is described by its name.
        string.IsNullOrWhiteSpace(meeting.Organisation.Description) ? meeting.Organisation.Name : meeting.Organisation.Description,
        meeting.Organisation.Website);

    public static OrukServiceSummary Summary(ListedMeeting meeting) => new(
        meeting.Entry.Id, meeting.Entry.OrganisationId, meeting.Entry.Name, meeting.Description,
        Url(meeting), Active, meeting.UpdatedAt, Organization(meeting));

    public static OrukService Service(ListedMeeting meeting)
    {
        var id = meeting.Entry.Id;
        return new OrukService(
            id, meeting.Entry.OrganisationId, meeting.Entry.Name, meeting.Description, Url(meeting), Active, meeting.UpdatedAt, Organization(meeting),
            [Schedule(meeting)],
            [ServiceAtLocation(meeting)],
            [.. OpenReferralTaxonomies.Of(meeting.Entry).Select(term => new OrukAttribute(
                NameBasedIds.Of(Namespace, $"attribute:{id}:{term.Id}"), id, "service", term.Id, Term(term)))],
            [.. meeting.Entry.Languages.Select(code => new OrukLanguage(NameBasedIds.Of(Namespace, $"language:{id}:{code}"), id, LanguageName(code), code))]);
    }

    public static OrukServiceAtLocation ServiceAtLocation(ListedMeeting meeting) =>
        new(ServiceAtLocationId(meeting.Entry.Id), meeting.Entry.Id, LocationId(meeting), Location(meeting, withAddress: true));

    public static OrukServiceAtLocationSummary ServiceAtLocationSummary(ListedMeeting meeting) =>
        new(ServiceAtLocationId(meeting.Entry.Id), meeting.Entry.Id, LocationId(meeting), Location(meeting, withAddress: false), Summary(meeting));

    public static OrukServiceAtLocationDetail ServiceAtLocationDetail(ListedMeeting meeting) =>
        new(ServiceAtLocationId(meeting.Entry.Id), meeting.Entry.Id, LocationId(meeting), Location(meeting, withAddress: true), Summary(meeting), meeting.Entry.Name, Active);

    public static OrukTaxonomyTerm Term(PublishedTerm term) => new(term.Id, term.Name, term.Description, term.TaxonomyName, term.TaxonomyId, term.Code);

    public static OrukTaxonomy Taxonomy(PublishedTaxonomy taxonomy, bool withTerms) =>
        new(taxonomy.Id, taxonomy.Name, taxonomy.Description, "1", withTerms ? [.. taxonomy.Terms.Select(Term)] : null);

    /// <summary>
    /// Weekly: <c>WEEKLY</c> on the day; every N weeks: <c>WEEKLY</c> with <c>interval</c> N from a date it is held
    /// (<c>dtstart</c>); monthly: <c>MONTHLY</c> with <c>byday</c> <c>2MO</c> or <c>-1FR</c>. Times are the meeting's
    /// local clock: a fixed UTC offset would be wrong for half the year, so the zone is named in the description.
    /// A weekly meeting that skips weeks of the month is <c>MONTHLY</c> on the weeks it meets (<c>2WE,3WE,4WE,5WE</c>),
    /// which says exactly that; an every-N-weeks one cannot be said in these fields (HSDS takes <c>bymonthday</c>
    /// only with <c>MONTHLY</c>), so its skipped weeks are in the notes, as are formats by week of the month.
    /// </summary>
    public static OrukSchedule Schedule(ListedMeeting meeting)
    {
        var entry = meeting.Entry;
        var definition = entry.Schedule.Definition;
        var (freq, interval, byDay, dtStart) = definition.Recurrence switch
        {
            Recurrence.Weekly { ExceptWeeksOfMonth.IsEmpty: false } weekly => ("MONTHLY", 1, MeetingWeeks(weekly), null),
            Recurrence.Weekly weekly => ("WEEKLY", 1, Day(weekly.Day), null),
            Recurrence.EveryNWeeks everyN => ("WEEKLY", everyN.IntervalWeeks, Day(everyN.Day), Date(everyN.AnchorDate)),
            Recurrence.MonthlyOnWeekday monthly => ("MONTHLY", 1, monthly.WeekOfMonth.ToString(CultureInfo.InvariantCulture) + Day(monthly.Day), (string?)null),
            _ => throw new ArgumentOutOfRangeException(nameof(meeting), definition.Recurrence, "Not a recurrence kind the feeds know."),
        };
        var opens = ListingText.ClockTime(entry.LocalStartMinutes);
        var closes = ListingText.ClockTime(entry.LocalStartMinutes + entry.DurationMinutes);
        return new OrukSchedule(
            NameBasedIds.Of(Namespace, "schedule:" + entry.Id), entry.Id, freq, interval, byDay, dtStart,
            definition.ValidFrom is { } from ? Date(from) : null, definition.ValidUntil is { } until ? Date(until) : null,
            opens, closes,
            $"{ScheduleNotes.PatternText(definition.Recurrence)}, {opens} to {closes} ({entry.TimeZoneId} time).",
            entry.Attendance switch
            {
                Attendance.InPerson => "In person.",
                Attendance.Online => "Online.",
                _ => "In person or online.",
            },
            meeting.ScheduleNote);
    }

    private static Guid LocationId(ListedMeeting meeting) =>
        meeting.Entry.Attendance != Attendance.Online && meeting.Venue is { } venue ? venue.Id : Xor(meeting.Entry.Id, VirtualLocationMask);

    private static OrukLocation Location(ListedMeeting meeting, bool withAddress)
    {
        var id = LocationId(meeting);
        if (meeting.Entry.Attendance == Attendance.Online || meeting.Venue is not { } venue)
        {
            return new OrukLocation(id, "virtual", ListingText.Online, JoiningText(meeting), null, null, null);
        }

        // An address needs every part the standard requires; a venue without a postcode, or without a town or
        // region to stand for its city, is placed by its position alone.
        IReadOnlyList<OrukAddress>? addresses = withAddress && venue.Postcode is { } postcode && (venue.Town ?? venue.Region) is { } city
            ? [new OrukAddress(
                NameBasedIds.Of(Namespace, "address:" + venue.Id), id, ListingText.StreetAddress(venue) ?? venue.Name, city,
                venue.Region ?? city, postcode, venue.CountryCode, "physical")]
            : null;
        return new OrukLocation(id, "physical", venue.Name, ListingText.VenueNotes(venue), venue.Latitude, venue.Longitude, addresses);
    }

    private static string? JoiningText(ListedMeeting meeting) =>
        meeting.Entry.OnlineUrl is { } url ? $"Join at {url}." + (meeting.OnlineNotes is { } notes ? " " + notes : string.Empty) : meeting.OnlineNotes;

    /// <summary>An online meeting's link is how to reach it; any other meeting's page is its group's website.</summary>
    private static string? Url(ListedMeeting meeting) =>
        meeting.Entry.Attendance == Attendance.Online && meeting.Entry.OnlineUrl is { } url ? url : meeting.Group.Website;

    /// <summary>The weeks a weekly meeting that skips some meets in, as HSDS <c>byday</c>: <c>2WE,3WE,4WE,5WE</c>.</summary>
    private static string MeetingWeeks(Recurrence.Weekly weekly) => string.Join(
        ',',
        Enumerable.Range(WeeksOfMonth.First, WeeksOfMonth.Last)
            .Where(week => !weekly.ExceptWeeksOfMonth.Contains(week))
            .Select(week => week.ToString(CultureInfo.InvariantCulture) + Day(weekly.Day)));

    /// <summary>MO, TU… SU: the iCalendar day codes HSDS uses.</summary>
    public static string Day(DayOfWeek day) => day.ToString()[..2].ToUpperInvariant();

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string LanguageName(string code)
    {
        try
        {
            return CultureInfo.GetCultureInfo(code).EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }
}
