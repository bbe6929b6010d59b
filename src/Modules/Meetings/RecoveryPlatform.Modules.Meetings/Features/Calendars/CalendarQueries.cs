using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Features.GetMeeting;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Meetings.Features.Calendars;

/// <summary>
/// Everything a calendar is written from, read before it is written: the meetings (read-only, possibly
/// shared with other requests), the venues and groups they show, and the version of all of it.
/// </summary>
/// <param name="Name">The calendar's name (the meeting's, or the group's).</param>
/// <param name="Meetings">The meetings, one VEVENT each (with its overrides).</param>
/// <param name="Venues">The venues the meetings and their one-off changes name, by id; missing ones are shown without a venue.</param>
/// <param name="Groups">The groups that hold the meetings, by id.</param>
/// <param name="ETag">Strong, from the versions of everything above: the cache key and the 304 test.</param>
/// <param name="LastModified">The latest change to any of it.</param>
internal sealed record CalendarSource(
    string Name,
    IReadOnlyList<Meeting> Meetings,
    IReadOnlyDictionary<Guid, VenueSummary> Venues,
    IReadOnlyDictionary<Guid, GroupSummary> Groups,
    string ETag,
    DateTimeOffset LastModified)
{
    /// <summary>
    /// Bump when the writer's output changes for the same data, so clients and the output cache do not keep a
    /// body the new writer would not write.
    /// </summary>
    private const int WriterRevision = 1;

    public static async Task<CalendarSource> LoadAsync(ISender sender, string kind, string name, IReadOnlyList<Meeting> meetings, GroupSummary? group, CancellationToken cancellationToken)
    {
        var venueIds = meetings.SelectMany(m => m.Exceptions.Select(e => e.NewVenueId).Append(m.VenueId)).OfType<Guid>().Distinct().ToList();
        var venues = venueIds.Count == 0
            ? new Dictionary<Guid, VenueSummary>()
            : await sender.Send(new GetVenueSummariesQuery(venueIds), cancellationToken);
        var groups = group is not null
            ? new Dictionary<Guid, GroupSummary> { [group.Id] = group }
            : await sender.Send(new GetGroupSummariesQuery(meetings.Select(m => m.GroupId).Distinct().ToList()), cancellationToken);

        // Everything the body shows comes from these: the meetings' versions (a meeting's every change makes a
        // new one), and the shown fields and last change of the venues and groups (their summaries carry no version).
        var tag = new ETagBuilder().Add(WriterRevision).Add(kind).Add(name).Add(meetings.Count);
        var lastModified = DateTimeOffset.MinValue;
        foreach (var meeting in meetings)
        {
            tag.Add(meeting.Id).Add(meeting.Version);
            lastModified = Later(lastModified, meeting.UpdatedAt);
        }

        foreach (var venue in venues.Values.OrderBy(v => v.Id))
        {
            tag.Add(venue.Id).Add(venue.Name).Add(venue.Town).Add(venue.Postcode).Add(venue.CountryCode)
                .Add(BitConverter.DoubleToInt64Bits(venue.Latitude)).Add(BitConverter.DoubleToInt64Bits(venue.Longitude)).Add(venue.IsArchived).Add(venue.UpdatedAt);
            lastModified = Later(lastModified, venue.UpdatedAt);
        }

        foreach (var summary in groups.Values.OrderBy(g => g.Id))
        {
            tag.Add(summary.Id).Add(summary.Name).Add(summary.UpdatedAt);
            lastModified = Later(lastModified, summary.UpdatedAt);
        }

        return new CalendarSource(name, meetings, venues, groups, tag.Build(), lastModified);
    }

    private static DateTimeOffset Later(DateTimeOffset one, DateTimeOffset other) => one >= other ? one : other;
}

/// <summary>One meeting's calendar: visible exactly when <c>GET /meetings/{id}</c> is.</summary>
internal sealed record GetMeetingCalendarQuery(Guid MeetingId) : IQuery<CalendarSource>;

/// <summary>A group's calendar, with all its meetings: visible exactly when <c>GET /groups/{id}</c> is.</summary>
internal sealed record GetGroupCalendarQuery(Guid GroupId) : IQuery<CalendarSource>;

internal sealed class CalendarQueryHandler(VisibleMeetings visibleMeetings, ISender sender, ICallerAccessor callers, IServiceProvider services) :
    IQueryHandler<GetMeetingCalendarQuery, CalendarSource>,
    IQueryHandler<GetGroupCalendarQuery, CalendarSource>
{
    public async ValueTask<CalendarSource> Handle(GetMeetingCalendarQuery query, CancellationToken cancellationToken)
    {
        var meeting = await visibleMeetings.GetAsync(query.MeetingId, cancellationToken);
        return await CalendarSource.LoadAsync(sender, "meeting", meeting.Name, [meeting], null, cancellationToken);
    }

    public async ValueTask<CalendarSource> Handle(GetGroupCalendarQuery query, CancellationToken cancellationToken)
    {
        var groups = await sender.Send(new GetGroupSummariesQuery([query.GroupId]), cancellationToken);

        // The rule of GET /groups/{id} (GroupAccess in the Groups module): a suspended organisation's groups
        // are seen by platform admins only; a closed group is still seen (its meetings show as cancelled).
        if (!groups.TryGetValue(query.GroupId, out var group)
            || !(callers.Caller.IsPlatformAdmin || await MeetingAccess.IsOrganisationActiveAsync(sender, group.OrganisationId, cancellationToken)))
        {
            throw new NotFoundException("Group", query.GroupId);
        }

        // Resolved here, not injected: the meeting calendar (most requests) reads meetings from the cache only.
        var db = services.GetRequiredService<MeetingsDbContext>();
        var meetings = await db.Meetings.AsNoTracking().Where(m => m.GroupId == group.Id).OrderBy(m => m.Name).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        return await CalendarSource.LoadAsync(sender, "group", group.Name, meetings, group, cancellationToken);
    }
}
