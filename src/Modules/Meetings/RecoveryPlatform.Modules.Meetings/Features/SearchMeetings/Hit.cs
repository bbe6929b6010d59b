using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>A match: its sort key (distance, next start or name rank), its name rank to break ties, and what the result shows.</summary>
/// <remarks>Base entries are found again by <see cref="Position"/>; only overlay entries (position -1) carry themselves.</remarks>
internal readonly record struct Hit(SearchEntry? Entry, int Position, double Primary, double Rank, double SquaredChord, Occurrence? Occurrence);
