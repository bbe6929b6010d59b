using System.Globalization;
using System.Text;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Geography;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>The texts both the Meeting Guide feed and the CSV feed write the same way.</summary>
internal static class ListingText
{
    /// <summary>What stands for the place of a meeting with no venue.</summary>
    public const string Online = "Online";

    /// <summary>"2 Park Lane, Headingley, Leeds, LS6 1AA, United Kingdom": the parts the venue has, in the order addresses are read.</summary>
    public static string FormattedAddress(VenueListing venue) =>
        string.Join(", ", new[] { venue.AddressLine1, venue.AddressLine2, venue.Town, venue.Postcode, CountryName(venue.CountryCode) }.Where(p => !string.IsNullOrWhiteSpace(p)));

    /// <summary>The street part of the address (its lines), or null.</summary>
    public static string? StreetAddress(VenueListing venue) =>
        string.Join(", ", new[] { venue.AddressLine1, venue.AddressLine2 }.Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } street ? street : null;

    /// <summary>Where a meeting with no venue is said to be: the areas its group serves, or "Online".</summary>
    public static string PlaceWithoutVenue(ListedMeeting meeting) =>
        meeting.Group.ServiceAreas.Count > 0 ? string.Join(", ", meeting.Group.ServiceAreas) : Online;

    /// <summary>The English name of an ISO 3166 country code ("GB" is "United Kingdom"); the code itself when .NET does not know it.</summary>
    public static string CountryName(string countryCode) => CountryCodes.EnglishNameOf(countryCode) ?? countryCode;

    /// <summary>A dial-in number with only what dialling uses (digits, +, comma for a pause, # and *), as feed readers expect.</summary>
    public static string? DialableNumber(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var dialable = new StringBuilder(phone.Length);
        foreach (var c in phone)
        {
            if (char.IsAsciiDigit(c) || c is '+' or ',' or '#' or '*')
            {
                dialable.Append(c);
            }
        }

        return dialable.Length > 0 ? dialable.ToString() : null;
    }

    /// <summary>
    /// The meeting's own location note (the room, the door), then the venue's directions and access notes, as one
    /// text: feeds have one field for both. A meeting with no venue has none.
    /// </summary>
    public static string? LocationNotes(ListedMeeting meeting, VenueListing? venue) =>
        venue is null ? null : Joined(meeting.LocationNotes, VenueNotes(venue));

    /// <summary>The venue's directions and access notes, as one text: what every meeting there shares.</summary>
    public static string? VenueNotes(VenueListing venue) => Joined(venue.Directions, venue.AccessNotes);

    /// <summary>The schedule note, then the meeting's description.</summary>
    public static string? Notes(ListedMeeting meeting) => Joined(meeting.ScheduleNote, meeting.Description);

    /// <summary>The clock time (HH:MM unless <paramref name="format"/> says otherwise) of a number of minutes after local midnight, wrapping past the next midnight.</summary>
    public static string ClockTime(int minutes, string format = "HH:mm") =>
        TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minutes % (24 * 60))).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>in_person, online or hybrid: the Meeting Guide and TSML words.</summary>
    public static string AttendanceOption(Attendance attendance) => attendance switch
    {
        Attendance.InPerson => "in_person",
        Attendance.Online => "online",
        Attendance.Hybrid => "hybrid",
        _ => throw new ArgumentOutOfRangeException(nameof(attendance), attendance, "Not an attendance the feeds know."),
    };

    private static string? Joined(string? first, string? second) =>
        (string.IsNullOrWhiteSpace(first), string.IsNullOrWhiteSpace(second)) switch
        {
            (true, true) => null,
            (false, true) => first,
            (true, false) => second,
            _ => $"{first}\n\n{second}",
        };
}
