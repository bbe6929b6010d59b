namespace RecoveryPlatform.Modules.Meetings.Domain.Formats;

/// <summary>
/// One meeting format code of one fellowship, e.g. Narcotics Anonymous "BT" (Basic Text study).
/// </summary>
/// <param name="Code">The code as the fellowship publishes it; case-sensitive.</param>
/// <param name="Labels">ISO 639-1 language code → label; always has "en".</param>
/// <param name="Attributes">The shared attributes a meeting with this format has; often none.</param>
/// <param name="MeetingGuideCode">
/// The Meeting Guide type code to write in the Meeting Guide feed for this format, or null if it has none.
/// </param>
/// <remarks>Equality compares <see cref="Labels"/> and <see cref="Attributes"/> by reference, as records do.</remarks>
internal sealed record FormatDefinition(
    string Code,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlySet<SharedAttribute> Attributes,
    string? MeetingGuideCode)
{
    public const string English = "en";

    public string Code { get; init => field = CheckCode(value); } = CheckCode(Code);

    public IReadOnlyDictionary<string, string> Labels { get; init => field = CheckLabels(value); } = CheckLabels(Labels);

    public IReadOnlySet<SharedAttribute> Attributes { get; init => field = CheckAttributes(value); } =
        CheckAttributes(Attributes);

    public string EnglishLabel => Labels[English];

    /// <summary>The mask of <see cref="Attributes"/>; compute it once when storing a meeting, not per search.</summary>
    public long AttributeMask => SharedAttributes.ToMask(Attributes);

    /// <summary>The label in <paramref name="language"/> (ISO 639-1), or the English one if there is none.</summary>
    public string Label(string language) =>
        Labels.TryGetValue(language, out var label) ? label : EnglishLabel;

    public bool Has(SharedAttribute attribute) => Attributes.Contains(attribute);

    private static string CheckCode(string code) =>
        string.IsNullOrWhiteSpace(code) ? throw new ArgumentException("A format needs a code.", nameof(Code)) : code;

    private static IReadOnlyDictionary<string, string> CheckLabels(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels, nameof(Labels));
        return labels.TryGetValue(English, out var english) && !string.IsNullOrWhiteSpace(english)
            ? labels
            : throw new ArgumentException("A format needs an English label.", nameof(Labels));
    }

    private static IReadOnlySet<SharedAttribute> CheckAttributes(IReadOnlySet<SharedAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes, nameof(Attributes));
        return attributes;
    }
}
