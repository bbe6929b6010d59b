using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>
/// One public meeting as the feeds publish it: the search index's entry (what makes it public, its schedule,
/// formats and place) with what a listing shows beyond search: the meeting's description and joining notes,
/// the venue's address and directions, the group's description and areas, the organisation's website.
/// </summary>
/// <param name="Entry">The meeting as the search index lists it.</param>
/// <param name="Description">The meeting's notes for newcomers.</param>
/// <param name="OnlineNotes">How to join online.</param>
/// <param name="LocationNotes">Where in the venue, for this meeting only.</param>
/// <param name="SourceUpdatedAt">When the source directory last changed the meeting, while nothing has changed it here since; otherwise null.</param>
/// <param name="Venue">Where it meets in person; null for a meeting with no venue.</param>
/// <param name="Group">The group that holds it.</param>
/// <param name="Organisation">The organisation responsible for it.</param>
/// <param name="ScheduleNote">What a reader that knows only weekly meetings must be told (<see cref="ScheduleNotes"/>).</param>
/// <param name="ScheduleNoteChangesAt">The instant from which the schedule note may read differently (a next date passed).</param>
/// <param name="MeetingGuideCodes">The Meeting Guide codes the organisation gives its format codes, by format code.</param>
internal sealed record ListedMeeting(
    SearchEntry Entry,
    string? Description,
    string? OnlineNotes,
    string? LocationNotes,
    DateTimeOffset? SourceUpdatedAt,
    VenueListing? Venue,
    GroupListing Group,
    OrganisationListing Organisation,
    string? ScheduleNote,
    DateTimeOffset ScheduleNoteChangesAt,
    IReadOnlyDictionary<string, string> MeetingGuideCodes)
{
    /// <summary>
    /// The last change to anything the listing shows of the meeting itself, its venue or its group. For a meeting
    /// as its source last wrote it, the source's time stands for the meeting's own change, and the venue and group
    /// count only when changed after that write (the import that brought them is not a change of the listing).
    /// </summary>
    public DateTimeOffset UpdatedAt
    {
        get
        {
            var after = SourceUpdatedAt is null ? DateTimeOffset.MinValue : Entry.UpdatedAt;
            var updated = SourceUpdatedAt ?? Entry.UpdatedAt;
            if (Group.UpdatedAt > after && Group.UpdatedAt > updated)
            {
                updated = Group.UpdatedAt;
            }

            return Venue is { } venue && venue.UpdatedAt > after && venue.UpdatedAt > updated ? venue.UpdatedAt : updated;
        }
    }
}

