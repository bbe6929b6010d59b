using Mediator;
using RecoveryPlatform.Modules.Meetings.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features;

/// <summary>
/// Which meetings use a venue. The Meetings module does not store meetings yet (issue 5), so the
/// true answer today is none; this handler reads the meetings table once it exists.
/// </summary>
internal sealed class GetMeetingsAtVenueHandler : IQueryHandler<GetMeetingsAtVenueQuery, IReadOnlyList<MeetingReference>>
{
    public ValueTask<IReadOnlyList<MeetingReference>> Handle(GetMeetingsAtVenueQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<MeetingReference>>([]);
}
