using System.Collections.Frozen;
using System.Text.Json;
using static RecoveryPlatform.Modules.Meetings.Domain.Formats.SharedAttribute;

namespace RecoveryPlatform.Modules.Meetings.Domain.Formats;

internal static partial class FormatVocabularies
{
    private const string MeetingGuideTypesResource =
        "RecoveryPlatform.Modules.Meetings.Domain.Formats.meeting-guide-types.json";

    private static readonly Lazy<IReadOnlyList<FormatDefinition>> AlcoholicsAnonymousVocabulary =
        new(LoadMeetingGuideTypes, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Shared attributes of the Meeting Guide codes that have one; every other code has none. Deliberately absent:
    /// ASL (American, not British, Sign Language); XB (an accessible toilet does not make the room accessible);
    /// BA (babysitting means the children are elsewhere); AL and AL-AN (the Al-Anon or Alateen meeting next door is a
    /// different meeting, listed by Al-Anon, and this one is still an AA meeting); TC (the venue is temporarily closed,
    /// which is a status, not a closed meeting); the language codes (a separate field, see
    /// <see cref="MeetingGuideLanguageCodes"/>).
    /// </summary>
    private static readonly FrozenDictionary<string, SharedAttribute[]> MeetingGuideAttributes =
        new Dictionary<string, SharedAttribute[]>(StringComparer.Ordinal)
        {
            ["O"] = [OpenToAll],
            ["C"] = [Closed],
            ["BE"] = [NewcomerFriendly],
            ["W"] = [WomenOnly],
            ["M"] = [MenOnly],
            ["LGBTQ"] = [Lgbtq],
            ["G"] = [Lgbtq],
            ["L"] = [Lgbtq],
            ["BI"] = [Lgbtq],
            ["T"] = [Lgbtq],
            ["NB"] = [NonBinary, Lgbtq],
            ["Y"] = [YoungPeople],
            ["X"] = [WheelchairAccess],
            ["SP"] = [Speaker],
            ["D"] = [Discussion],
            ["ST"] = [StepStudy],
            ["TR"] = [TraditionStudy],
            // "Twelve Steps and Twelve Traditions" is a step study and a study of an AA book.
            ["12x12"] = [StepStudy, Literature],
            ["B"] = [Literature],
            ["LIT"] = [Literature],
            ["ABSI"] = [Literature],
            ["LS"] = [Literature],
            ["GR"] = [Literature],
            ["DR"] = [Literature],
            ["MED"] = [Meditation],
            ["11"] = [Meditation],
            ["A"] = [Secular],
            ["CF"] = [ChildFriendly],
            ["OUT"] = [Outdoor],
            ["DD"] = [DualDiagnosis],
            ["CAN"] = [Candlelight],
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Every type code of the Meeting Guide specification (code4recovery/spec data/types.json, 87 codes) with all its
    /// published labels. Each is its own Meeting Guide code. Loaded from the embedded copy of the file at first use.
    /// </summary>
    public static IReadOnlyList<FormatDefinition> AlcoholicsAnonymous => AlcoholicsAnonymousVocabulary.Value;

    /// <summary>
    /// Meeting Guide type codes that name the language a meeting is held in → ISO 639-1 code. Languages are a separate
    /// field of a meeting, so these codes carry no shared attribute. ASL is not here: sign languages have no ISO 639-1
    /// code (see <see cref="MeetingGuideSignLanguageCodes"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> MeetingGuideLanguageCodes { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AF"] = "af", // Afrikaans
            ["AM"] = "am", // Amharic
            ["AR"] = "ar", // Arabic
            ["BG"] = "bg", // Bulgarian
            ["DA"] = "da", // Danish
            ["DE"] = "de", // German
            ["EL"] = "el", // Greek
            ["EN"] = "en", // English
            ["FA"] = "fa", // Persian
            ["FI"] = "fi", // Finnish
            ["FR"] = "fr", // French
            ["HE"] = "he", // Hebrew
            ["HI"] = "hi", // Hindi
            ["HR"] = "hr", // Croatian
            ["HU"] = "hu", // Hungarian
            ["IS"] = "is", // Icelandic
            ["ITA"] = "it", // Italian
            ["JA"] = "ja", // Japanese
            ["KA"] = "ka", // Georgian
            ["KOR"] = "ko", // Korean
            ["LT"] = "lt", // Lithuanian
            ["ML"] = "ml", // Malayalam
            ["MT"] = "mt", // Maltese
            ["NE"] = "ne", // Nepali
            ["NL"] = "nl", // Dutch
            ["NO"] = "no", // Norwegian (the macrolanguage; Bokmål would be "nb")
            ["POL"] = "pl", // Polish
            ["POR"] = "pt", // Portuguese
            ["PUN"] = "pa", // Punjabi
            ["RUS"] = "ru", // Russian
            ["S"] = "es", // Spanish
            ["SK"] = "sk", // Slovak
            ["SL"] = "sl", // Slovenian
            ["SV"] = "sv", // Swedish
            ["TH"] = "th", // Thai
            ["TL"] = "tl", // Tagalog
            ["TUR"] = "tr", // Turkish
            ["UK"] = "uk", // Ukrainian
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Meeting Guide type codes that name a sign language → its three-letter ISO 639-3 code, which is how a meeting
    /// lists it among its languages (BCP 47). The specification has a code for American Sign Language only; British
    /// Sign Language (<c>bfi</c>) has none, and BSL interpretation stays a shared attribute of formats.
    /// </summary>
    public static IReadOnlyDictionary<string, string> MeetingGuideSignLanguageCodes { get; } =
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASL"] = "ase", // American Sign Language
        }.ToFrozenDictionary(StringComparer.Ordinal);

    private static IndexedVocabulary LoadMeetingGuideTypes()
    {
        using var stream = typeof(FormatVocabularies).Assembly.GetManifestResourceStream(MeetingGuideTypesResource)
            ?? throw new InvalidOperationException($"Embedded resource '{MeetingGuideTypesResource}' is missing.");
        using var document = JsonDocument.Parse(stream);

        var definitions = new List<FormatDefinition>();
        foreach (var type in document.RootElement.EnumerateObject())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var label in type.Value.EnumerateObject())
            {
                labels.Add(label.Name, label.Value.GetString()
                    ?? throw new InvalidOperationException($"Meeting Guide type '{type.Name}' has a null '{label.Name}' label."));
            }

            var attributes = MeetingGuideAttributes.TryGetValue(type.Name, out var mapped)
                ? mapped.ToFrozenSet()
                : FrozenSet<SharedAttribute>.Empty;

            definitions.Add(new FormatDefinition(
                type.Name, labels.ToFrozenDictionary(StringComparer.Ordinal), attributes, MeetingGuideCode: type.Name));
        }

        return new IndexedVocabulary(definitions);
    }
}
