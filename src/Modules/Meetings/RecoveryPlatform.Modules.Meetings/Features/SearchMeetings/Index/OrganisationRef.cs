namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

// The organisation a search result belongs to.
internal sealed record OrganisationRef(Guid Id, string Slug, string Name);
