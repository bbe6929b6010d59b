namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

// The group that holds a meeting in search results.
internal sealed record GroupRef(Guid Id, string Name);
