namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>One format of the published feeds: how a listing is written, and what it is served as.</summary>
internal interface IFeedWriter
{
    /// <summary>The Content-Type the feed is served with.</summary>
    string ContentType { get; }

    /// <summary>Writes the feed of <paramref name="meetings"/>, taking them one by one as they are read.</summary>
    Task WriteAsync(Stream output, IAsyncEnumerable<ListedMeeting> meetings, CancellationToken cancellationToken);
}
