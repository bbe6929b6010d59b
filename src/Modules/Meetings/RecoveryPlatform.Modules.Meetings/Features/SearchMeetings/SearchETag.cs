using Microsoft.AspNetCore.Http;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// The ETag of a search answer, known before searching: the answer is a function of the version of the
/// directory it reads (<see cref="SearchAnswerVersions"/>: edits to meetings it does not match leave it), the
/// query string and, when the query gives no <c>at</c>, the minute it runs in (<see cref="Minute"/>). Nothing
/// in it depends on who asks. A 304 therefore costs a hash of the query, not a search.
/// </summary>
/// <remarks>
/// Versions are snapshot generations, counted per process, so the tag also carries this process's own random
/// id: another instance (with another snapshot history) never answers 304 to a tag it did not make.
/// </remarks>
internal static class SearchETag
{
    private static readonly Guid ThisProcess = Guid.NewGuid();

    /// <param name="version">The version of the answer (<see cref="SearchAnswerVersions"/>).</param>
    /// <param name="request">The request: its path and raw query string.</param>
    /// <param name="minute">The minute "now" stands for, when the query has no <c>at</c>; else null.</param>
    public static string For(long version, HttpRequest request, DateTimeOffset? minute) =>
        new ETagBuilder()
            .Add(ThisProcess)
            .Add(version)
            .Add(request.Path.Value)
            .Add(request.QueryString.Value)
            .Add(minute)
            .Build();

    /// <summary>What a search is remembered by (<see cref="SearchAnswerVersions"/>): its path and raw query string.</summary>
    public static string PathAndQuery(HttpRequest request) => string.Concat(request.Path.Value, request.QueryString.Value);

    /// <summary>
    /// "Now" for a search without <c>at</c>: the start of the current minute. Occurrences start on whole
    /// minutes (mostly), but windows and start times may carry seconds; searching as of the minute's start
    /// makes the whole answer the same for the whole minute, so that a minute's tag is exact.
    /// </summary>
    public static DateTimeOffset Minute(DateTimeOffset now) => new(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
}
