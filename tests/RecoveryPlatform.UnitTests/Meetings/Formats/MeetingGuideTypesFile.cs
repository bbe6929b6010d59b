using System.Text.Json;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;

namespace RecoveryPlatform.UnitTests.Meetings.Formats;

/// <summary>
/// The vendored Meeting Guide types.json, read here on its own (not through the code under test) from the copy
/// embedded in the library, so the tests compare the vocabulary against the file itself.
/// </summary>
internal static class MeetingGuideTypesFile
{
    private const string ResourceName = "RecoveryPlatform.Modules.Meetings.Domain.Formats.meeting-guide-types.json";

    /// <summary>Code → (language → label), in file order.</summary>
    public static IReadOnlyList<KeyValuePair<string, IReadOnlyDictionary<string, string>>> Types { get; } = Load();

    public static IReadOnlyList<string> Codes { get; } = [.. Types.Select(type => type.Key)];

    public static IReadOnlyDictionary<string, string> LabelsOf(string code) =>
        Types.Single(type => type.Key == code).Value;

    private static List<KeyValuePair<string, IReadOnlyDictionary<string, string>>> Load()
    {
        using var stream = typeof(FormatVocabularies).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Resource {ResourceName} is not embedded.");
        using var document = JsonDocument.Parse(stream);

        return
        [
            .. document.RootElement.EnumerateObject().Select(type =>
                new KeyValuePair<string, IReadOnlyDictionary<string, string>>(
                    type.Name,
                    type.Value.EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString()!))),
        ];
    }
}
