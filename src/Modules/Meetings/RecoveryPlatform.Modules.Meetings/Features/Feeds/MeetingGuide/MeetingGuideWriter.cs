using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.MeetingGuide;

/// <summary>The Meeting Guide feed: a JSON array of <see cref="MeetingGuideMeeting"/>, absent fields left out.</summary>
internal sealed class MeetingGuideWriter : IFeedWriter
{
    public static readonly MeetingGuideWriter Instance = new();

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ContentType => "application/json; charset=utf-8";

    public Task WriteAsync(Stream output, IAsyncEnumerable<ListedMeeting> meetings, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(output, meetings.Select(MeetingGuideListing.From), Options, cancellationToken);
}
