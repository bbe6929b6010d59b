using System.Collections.Concurrent;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

// How to join an online or hybrid meeting.
internal sealed record OnlineRef(string? Url, string? Phone);

/// <summary>One meeting in search results: enough to list it; GET /api/v1/meetings/{id} has the rest.</summary>
internal sealed record MeetingSearchResult(
    Guid Id,
    string Name,
    OrganisationRef Organisation,
    GroupRef Group,
    Attendance Attendance,
    VenueRef? Venue,
    OnlineRef? Online,
    ScheduleSummary Schedule,
    IReadOnlyList<string> Formats,
    IReadOnlyList<SharedAttribute> Attributes,
    IReadOnlyList<string> Languages,
    double? DistanceKm,
    OccurrenceResponse? NextOccurrence)
{
    // Few distinct masks exist (one per combination of formats in use), and results are read-only.
    private static readonly ConcurrentDictionary<long, SharedAttribute[]> AttributeLists = new();

    /// <summary>
    /// The index entry this result was made from (not serialised): the same entry always gives the same
    /// fields but the last two, so <see cref="SearchResultJson"/> renders those fields once per entry.
    /// </summary>
    internal SearchEntry? Source { get; init; }

    public static MeetingSearchResult From(SearchEntry entry, double? distanceKm, Occurrence? next) => new(
        entry.Id,
        entry.Name,
        entry.OrganisationRef,
        entry.GroupRef,
        entry.Attendance,
        entry.VenueRef,
        entry.Attendance == Attendance.InPerson ? null : new OnlineRef(entry.OnlineUrl, entry.OnlinePhone),
        entry.ScheduleSummary,
        entry.Formats,
        AttributeLists.GetOrAdd(entry.AttributesMask, m => [.. SharedAttributes.FromMask(m).Order()]),
        entry.Languages,
        distanceKm is { } km ? Math.Round(km, 2) : null,
        next is null ? null : OccurrenceResponse.From(next))
    {
        Source = entry,
    };
}
