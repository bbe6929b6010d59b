namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>One format of the published feeds: how a listing is written, and what it is served as.</summary>
internal interface IFeedWriter
{
    /// <summary>The Content-Type the feed is served with.</summary>
    string ContentType { get; }

    Task WriteAsync(Stream output, DirectoryListing listing, CancellationToken cancellationToken);
}
