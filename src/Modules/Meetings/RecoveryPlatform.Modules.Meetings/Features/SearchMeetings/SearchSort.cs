namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>The order of search results (the sort parameter: name, distance, nextOccurrence).</summary>
internal enum SearchSort
{
    Name,
    Distance,
    NextOccurrence,
}
