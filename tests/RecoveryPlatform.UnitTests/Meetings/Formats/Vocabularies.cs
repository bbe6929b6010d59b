using RecoveryPlatform.Modules.Meetings.Domain.Formats;

namespace RecoveryPlatform.UnitTests.Meetings.Formats;

/// <summary>Names for the vocabularies, so theories can take them as data.</summary>
internal static class Vocabularies
{
    public const string Aa = "AlcoholicsAnonymous";
    public const string Na = "NarcoticsAnonymous";
    public const string Smart = "SmartRecovery";

    public static IReadOnlyList<FormatDefinition> Named(string name) => name switch
    {
        Aa => FormatVocabularies.AlcoholicsAnonymous,
        Na => FormatVocabularies.NarcoticsAnonymous,
        Smart => FormatVocabularies.SmartRecovery,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such vocabulary."),
    };

    public static FormatDefinition Get(string vocabulary, string code) =>
        FormatVocabularies.Find(Named(vocabulary), code).ShouldNotBeNull($"{vocabulary} has no format '{code}'");

    public static string[] Codes(this IEnumerable<FormatDefinition> definitions) =>
        [.. definitions.Select(definition => definition.Code)];
}
