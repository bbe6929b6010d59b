using System.Collections.Frozen;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>
/// The words a feed's notes use for one of an organisation's format codes: the English name of the Meeting Guide
/// code the organisation gives it ("LIT" is "Literature"), so the note reads the same in every fellowship's feed;
/// the organisation's own code when it gives none. Only what the feed already publishes (its types), so a feed
/// built from the same index and vocabulary mapping says the same.
/// </summary>
internal static class FeedFormatNames
{
    // The Meeting Guide specification's codes are AA's vocabulary, so its English labels are their names.
    private static readonly FrozenDictionary<string, string> MeetingGuideNames =
        FormatVocabularies.AlcoholicsAnonymous.ToFrozenDictionary(f => f.Code, f => f.Labels[FormatDefinition.English], StringComparer.Ordinal);

    public static string Of(string code, IReadOnlyDictionary<string, string> meetingGuideCodes) =>
        meetingGuideCodes.TryGetValue(code, out var meetingGuideCode) && MeetingGuideNames.TryGetValue(meetingGuideCode, out var name)
            ? name
            : code;
}
