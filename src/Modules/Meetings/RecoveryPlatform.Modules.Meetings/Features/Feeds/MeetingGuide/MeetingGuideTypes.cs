using System.Collections.Frozen;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.MeetingGuide;

/// <summary>
/// The Meeting Guide type codes of a listed meeting. Codes collide between fellowships, so none is copied from an
/// organisation's vocabulary as it stands: each comes from the Meeting Guide code the organisation gave the format,
/// from a shared attribute the formats mean, from a language, or from the venue's accessibility. Only codes of the
/// specification's list are written (TSML UI drops the rest), never TC (a status: such meetings are not listed) nor
/// ONL (online-ness is read from the conference fields).
/// </summary>
internal static class MeetingGuideTypes
{
    private static readonly FrozenSet<string> Known =
        FormatVocabularies.AlcoholicsAnonymous.Select(f => f.Code).Where(code => code is not "TC").ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The code each shared attribute is written as. BSL interpretation and family-and-friends meetings have none.</summary>
    private static readonly FrozenDictionary<SharedAttribute, string> ByAttribute = new Dictionary<SharedAttribute, string>
    {
        [SharedAttribute.OpenToAll] = "O",
        [SharedAttribute.Closed] = "C",
        [SharedAttribute.NewcomerFriendly] = "BE",
        [SharedAttribute.WomenOnly] = "W",
        [SharedAttribute.MenOnly] = "M",
        [SharedAttribute.Lgbtq] = "LGBTQ",
        [SharedAttribute.NonBinary] = "NB",
        [SharedAttribute.YoungPeople] = "Y",
        [SharedAttribute.WheelchairAccess] = "X",
        [SharedAttribute.Speaker] = "SP",
        [SharedAttribute.Discussion] = "D",
        [SharedAttribute.StepStudy] = "ST",
        [SharedAttribute.Literature] = "LIT",
        [SharedAttribute.Meditation] = "MED",
        [SharedAttribute.Secular] = "A",
        [SharedAttribute.ChildFriendly] = "CF",
        [SharedAttribute.Outdoor] = "OUT",
        [SharedAttribute.DualDiagnosis] = "DD",
        [SharedAttribute.TraditionStudy] = "TR",
        [SharedAttribute.Candlelight] = "CAN",
    }.ToFrozenDictionary();

    /// <summary>The code each language is written as, by its primary language subtag (en-US is EN, ase is ASL).</summary>
    private static readonly FrozenDictionary<string, string> ByLanguage =
        FormatVocabularies.MeetingGuideLanguageCodes.Concat(FormatVocabularies.MeetingGuideSignLanguageCodes)
            .ToFrozenDictionary(code => code.Value, code => code.Key, StringComparer.Ordinal);

    /// <summary>True when <paramref name="code"/> is a type code of the Meeting Guide specification that a feed may carry.</summary>
    public static bool IsPublishable(string code) => Known.Contains(code);

    public static IReadOnlyList<string> Of(ListedMeeting meeting)
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        var entry = meeting.Entry;
        foreach (var format in entry.Formats)
        {
            if (meeting.MeetingGuideCodes.TryGetValue(format, out var code) && Known.Contains(code))
            {
                codes.Add(code);
            }
        }

        foreach (var attribute in SharedAttributes.FromMask(entry.AttributesMask))
        {
            if (ByAttribute.TryGetValue(attribute, out var code))
            {
                codes.Add(code);
            }
        }

        foreach (var language in entry.Languages)
        {
            if (ByLanguage.TryGetValue(LanguageTag.PrimaryLanguage(language), out var code))
            {
                codes.Add(code);
            }
        }

        if (entry.Attendance != Attendance.Online && meeting.Venue is { } venue)
        {
            if (venue.Accessibility.Contains(AccessibilityFeature.StepFreeAccess))
            {
                codes.Add("X");
            }

            if (venue.Accessibility.Contains(AccessibilityFeature.AccessibleToilet))
            {
                codes.Add("XB");
            }
        }

        return [.. codes];
    }
}
