using Mediator;

namespace RecoveryPlatform.Modules.Meetings.Contracts;

/// <summary>A meeting named in another module's answer (e.g. why a venue cannot be deleted).</summary>
public sealed record MeetingReference(Guid Id, string Name);

/// <summary>Asks the Meetings module which meetings are held at a venue (regularly or as a one-off change).</summary>
public sealed record GetMeetingsAtVenueQuery(Guid VenueId) : IQuery<IReadOnlyList<MeetingReference>>;

/// <summary>Asks the Meetings module which meetings a group holds (any status), so the group is not deleted from under them.</summary>
public sealed record GetMeetingsOfGroupQuery(Guid GroupId) : IQuery<IReadOnlyList<MeetingReference>>;

/// <summary>A meeting anyone can find in search: active, of an open group of an active organisation.</summary>
public sealed record PublicMeeting(Guid Id, Guid OrganisationId, Guid GroupId, string Name);

/// <summary>Asks the Meetings module for a meeting that is publicly listed; null when there is none, or it is not public.</summary>
public sealed record GetPublicMeetingQuery(Guid MeetingId) : IQuery<PublicMeeting?>;

/// <summary>What a module answers when meetings stand in the way of a deletion (a venue they use, a group that holds them).</summary>
public static class MeetingsInTheWay
{
    /// <summary>Throws a 409 with <paramref name="detail"/> and the meetings (id and name) when there are any.</summary>
    public static void RefuseIfAny(IReadOnlyList<MeetingReference> meetings, string detail)
    {
        if (meetings.Count > 0)
        {
            var conflict = new RecoveryPlatform.SharedKernel.Errors.ConflictException(detail);
            conflict.Extensions["meetings"] = meetings;
            throw conflict;
        }
    }
}

/// <summary>A meeting found by the id its source directory gives it.</summary>
/// <param name="MeetingId">The meeting's id on this platform.</param>
/// <param name="Version">Its current version (what If-Match and an update compare against).</param>
/// <param name="SourceUpdatedAt">When the source last changed it, as last written here; null when never given.</param>
public sealed record ExternalMeetingMatch(Guid MeetingId, Guid Version, DateTimeOffset? SourceUpdatedAt);

/// <summary>
/// Asks the Meetings module which meetings of an organisation carry these external ids (any status), so an import
/// can tell a row to create from a row to update. Ids with no meeting are absent from the answer; ids match exactly.
/// </summary>
public sealed record GetMeetingsByExternalIdsQuery(Guid OrganisationId, IReadOnlyCollection<string> ExternalIds)
    : IQuery<IReadOnlyDictionary<string, ExternalMeetingMatch>>;
