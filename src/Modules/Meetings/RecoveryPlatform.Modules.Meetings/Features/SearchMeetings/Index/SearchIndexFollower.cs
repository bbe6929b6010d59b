using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// Keeps this instance's search index and meeting cache current from the change logs: a changed meeting
/// is reloaded; so are the meetings of a changed venue, group or organisation (results show their details
/// and hide closed groups and suspended organisations) and of a vocabulary whose codes changed meaning.
/// A batch of changes becomes one refresh of the meetings it touches. A venue or group just created has no meetings
/// but those created after it, each with a change of its own: an import's thousands of new places are not looked up.
/// </summary>
internal sealed class SearchIndexFollower(MeetingSearchIndex index) : ILocalReadModel
{
    public async ValueTask ApplyAsync(IReadOnlyList<IIntegrationEvent> changes, CancellationToken cancellationToken)
    {
        var meetings = new HashSet<Guid>();
        var venues = new HashSet<Guid>();
        var groups = new HashSet<Guid>();
        var organisations = new HashSet<Guid>();
        foreach (var change in changes)
        {
            _ = change switch
            {
                MeetingChanged meeting => meetings.Add(meeting.MeetingId),
                VenueChangedIntegrationEvent { Action: not ChangeAction.Created } venue => venues.Add(venue.VenueId),
                GroupChangedIntegrationEvent { Action: not ChangeAction.Created } group => groups.Add(group.GroupId),
                OrganisationChangedIntegrationEvent organisation => organisations.Add(organisation.OrganisationId),
                FormatVocabularyChanged vocabulary => organisations.Add(vocabulary.OrganisationId),
                _ => false,
            };
        }

        if (venues.Count + groups.Count + organisations.Count > 0)
        {
            meetings.UnionWith(await index.MeetingIdsWhereAsync(
                m => (m.VenueId != null && venues.Contains(m.VenueId.Value)) || groups.Contains(m.GroupId) || organisations.Contains(m.OrganisationId),
                cancellationToken));
        }

        await index.RefreshAsync(meetings, cancellationToken);
    }

    public async ValueTask ResetAsync(CancellationToken cancellationToken) => await index.ResetAsync(cancellationToken);
}
