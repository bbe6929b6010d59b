using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>
/// Tells this instance's feeds of changes to organisations, whichever instance made them. Every other change a feed
/// shows reaches it through the search index; an organisation's website or description does not (the index shows
/// neither, and the Organisations module records such an edit as a change-feed entry that search ignores).
/// </summary>
internal sealed class PublishedFeedsFollower(PublishedFeeds feeds) : ILocalReadModel
{
    public ValueTask ApplyAsync(IReadOnlyList<IIntegrationEvent> changes, CancellationToken cancellationToken)
    {
        if (changes.Any(change => change is IDirectoryChange { Entity: ChangedEntity.Organisation }))
        {
            feeds.OrganisationDetailsChanged();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        feeds.OrganisationDetailsChanged();
        return ValueTask.CompletedTask;
    }
}
