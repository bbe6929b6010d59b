using System.Collections.Frozen;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.OpenReferral;

/// <summary>One term of a published taxonomy, and how to tell whether a meeting has it.</summary>
internal sealed record PublishedTerm(Guid Id, Guid TaxonomyId, string TaxonomyName, string Code, string Name, string Description, Func<SearchEntry, bool> Describes);

/// <summary>A published taxonomy and its terms.</summary>
internal sealed record PublishedTaxonomy(Guid Id, string Name, string Description, IReadOnlyList<PublishedTerm> Terms);

/// <summary>
/// The two taxonomies Open Referral consumers filter meetings by: the shared meeting attributes every
/// fellowship's formats map onto (women only, newcomers, wheelchair access…), and the structured accessibility of
/// venues. Ids are name-based, so every instance and every release gives a term the same id.
/// </summary>
internal static class OpenReferralTaxonomies
{
    private static readonly Guid Namespace = new("5b0f6f4e-3c1a-4d7e-9a51-8f2b6c0e1d42");

    // Declared before the taxonomies, whose initialisers read them (static fields initialise in order).
    private static readonly FrozenDictionary<SharedAttribute, string> AttributeNames = new Dictionary<SharedAttribute, string>
    {
        [SharedAttribute.OpenToAll] = "Open to all",
        [SharedAttribute.Closed] = "Closed",
        [SharedAttribute.NewcomerFriendly] = "Newcomer friendly",
        [SharedAttribute.WomenOnly] = "Women only",
        [SharedAttribute.MenOnly] = "Men only",
        [SharedAttribute.Lgbtq] = "LGBTQ+",
        [SharedAttribute.YoungPeople] = "Young people",
        [SharedAttribute.WheelchairAccess] = "Wheelchair access",
        [SharedAttribute.Speaker] = "Speaker",
        [SharedAttribute.Discussion] = "Discussion",
        [SharedAttribute.StepStudy] = "Step study",
        [SharedAttribute.Literature] = "Literature",
        [SharedAttribute.Meditation] = "Meditation",
        [SharedAttribute.BslInterpreted] = "BSL interpreted",
        [SharedAttribute.Secular] = "Secular",
        [SharedAttribute.ChildFriendly] = "Child friendly",
        [SharedAttribute.Outdoor] = "Outdoor",
        [SharedAttribute.FamilyAndFriends] = "Family and friends",
        [SharedAttribute.DualDiagnosis] = "Dual diagnosis",
        [SharedAttribute.NonBinary] = "Non-binary",
        [SharedAttribute.TraditionStudy] = "Tradition study",
        [SharedAttribute.Candlelight] = "Candlelight",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<SharedAttribute, string> AttributeDescriptions = new Dictionary<SharedAttribute, string>
    {
        [SharedAttribute.OpenToAll] = "Anyone may attend, including people without the problem (students, family, professionals).",
        [SharedAttribute.Closed] = "Only for people who have, or think they may have, the problem the fellowship addresses.",
        [SharedAttribute.NewcomerFriendly] = "Run with people new to recovery in mind.",
        [SharedAttribute.WomenOnly] = "For women only.",
        [SharedAttribute.MenOnly] = "For men only.",
        [SharedAttribute.Lgbtq] = "For lesbian, gay, bisexual, transgender, queer and other sexual or gender minorities.",
        [SharedAttribute.YoungPeople] = "For young people.",
        [SharedAttribute.WheelchairAccess] = "The meeting room can be reached and used in a wheelchair.",
        [SharedAttribute.Speaker] = "One or more members tell their story.",
        [SharedAttribute.Discussion] = "Members share in turn (discussion, participation, questions and answers).",
        [SharedAttribute.StepStudy] = "Study of the fellowship's steps.",
        [SharedAttribute.Literature] = "Reading or study of the fellowship's literature.",
        [SharedAttribute.Meditation] = "Includes meditation.",
        [SharedAttribute.BslInterpreted] = "Interpreted into British Sign Language.",
        [SharedAttribute.Secular] = "Secular or agnostic: no prayers or references to God.",
        [SharedAttribute.ChildFriendly] = "Children may come into the meeting with the parent or carer attending.",
        [SharedAttribute.Outdoor] = "Held outdoors.",
        [SharedAttribute.FamilyAndFriends] = "For the family and friends of people with the problem.",
        [SharedAttribute.DualDiagnosis] = "For people living with both addiction and a mental health condition.",
        [SharedAttribute.NonBinary] = "For non-binary people.",
        [SharedAttribute.TraditionStudy] = "Study of the fellowship's traditions.",
        [SharedAttribute.Candlelight] = "Held by candlelight.",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<AccessibilityFeature, string> AccessibilityNames = new Dictionary<AccessibilityFeature, string>
    {
        [AccessibilityFeature.StepFreeAccess] = "Step-free access",
        [AccessibilityFeature.AccessibleToilet] = "Accessible toilet",
        [AccessibilityFeature.HearingLoop] = "Hearing loop",
        [AccessibilityFeature.BritishSignLanguage] = "British Sign Language",
        [AccessibilityFeature.Parking] = "Parking",
        [AccessibilityFeature.NearPublicTransport] = "Near public transport",
        [AccessibilityFeature.QuietSpace] = "Quiet space",
    }.ToFrozenDictionary();

    public static readonly PublishedTaxonomy MeetingAttributes = Taxonomy(
        "meeting-attributes",
        "Meeting attributes",
        "What a mutual-aid meeting is like, whatever the fellowship: each fellowship's own format codes map onto these.",
        id => SharedAttributes.All.Select(attribute => Term(
            id, "Meeting attributes", WireNames.Of(attribute), AttributeNames.GetValueOrDefault(attribute, WireNames.Of(attribute)),
            AttributeDescriptions.GetValueOrDefault(attribute, AttributeNames.GetValueOrDefault(attribute, WireNames.Of(attribute))),
            entry => SharedAttributes.HasAll(entry.AttributesMask, SharedAttributes.Bit(attribute)))));

    public static readonly PublishedTaxonomy VenueAccessibility = Taxonomy(
        "venue-accessibility",
        "Venue accessibility",
        "The accessibility of the place a meeting is held.",
        id => Enum.GetValues<AccessibilityFeature>().Select(feature => Term(
            id, "Venue accessibility", WireNames.Of(feature), AccessibilityNames[feature], AccessibilityNames[feature] + " at the venue.",
            entry => entry.Attendance != Domain.Attendance.Online && (entry.AccessibilityMask & (1 << (int)feature)) != 0)));

    public static readonly IReadOnlyList<PublishedTaxonomy> All = [MeetingAttributes, VenueAccessibility];

    public static readonly IReadOnlyList<PublishedTerm> AllTerms = [.. All.SelectMany(t => t.Terms)];

    private static readonly FrozenDictionary<Guid, PublishedTerm> TermsById = AllTerms.ToFrozenDictionary(t => t.Id);

    private static readonly FrozenDictionary<Guid, PublishedTaxonomy> TaxonomiesById = All.ToFrozenDictionary(t => t.Id);

    public static PublishedTerm? FindTerm(Guid id) => TermsById.GetValueOrDefault(id);

    public static PublishedTaxonomy? FindTaxonomy(Guid id) => TaxonomiesById.GetValueOrDefault(id);

    /// <summary>The terms that describe <paramref name="entry"/>.</summary>
    public static IEnumerable<PublishedTerm> Of(SearchEntry entry) => AllTerms.Where(term => term.Describes(entry));

    private static PublishedTaxonomy Taxonomy(string key, string name, string description, Func<Guid, IEnumerable<PublishedTerm>> terms)
    {
        var id = NameBasedIds.Of(Namespace, "taxonomy:" + key);
        return new PublishedTaxonomy(id, name, description, [.. terms(id)]);
    }

    private static PublishedTerm Term(Guid taxonomyId, string taxonomyName, string code, string name, string description, Func<SearchEntry, bool> describes) =>
        new(NameBasedIds.Of(taxonomyId, "term:" + code), taxonomyId, taxonomyName, code, name, description, describes);
}
