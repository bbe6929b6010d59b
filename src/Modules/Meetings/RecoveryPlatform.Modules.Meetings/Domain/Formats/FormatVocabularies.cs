using System.Collections;
using System.Collections.Frozen;

namespace RecoveryPlatform.Modules.Meetings.Domain.Formats;

/// <summary>
/// The meeting format codes of each fellowship, with their labels, the shared attributes they imply and the Meeting
/// Guide code each is written as. Codes collide between fellowships ("Y" is Young People in AA and Alateen in Al-Anon),
/// so a code means nothing without its vocabulary.
/// </summary>
internal static partial class FormatVocabularies
{
    /// <summary>The format with exactly this code (case-sensitive, as published), or null.</summary>
    public static FormatDefinition? Find(IReadOnlyList<FormatDefinition> vocabulary, string code)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(code);

        if (vocabulary is IndexedVocabulary indexed)
        {
            return indexed.Find(code);
        }

        foreach (var definition in vocabulary)
        {
            if (string.Equals(definition.Code, code, StringComparison.Ordinal))
            {
                return definition;
            }
        }

        return null;
    }

    private static FormatDefinition EnglishOnly(
        string code, string label, string? meetingGuideCode, params SharedAttribute[] attributes) =>
        new(
            code,
            new Dictionary<string, string> { [FormatDefinition.English] = label }.ToFrozenDictionary(StringComparer.Ordinal),
            attributes.ToFrozenSet(),
            meetingGuideCode);

    /// <summary>A read-only vocabulary in published order, indexed by code; duplicate codes are refused.</summary>
    private sealed class IndexedVocabulary : IReadOnlyList<FormatDefinition>
    {
        private readonly FormatDefinition[] _definitions;
        private readonly FrozenDictionary<string, FormatDefinition> _byCode;

        public IndexedVocabulary(IEnumerable<FormatDefinition> definitions)
        {
            _definitions = [.. definitions];
            var byCode = new Dictionary<string, FormatDefinition>(StringComparer.Ordinal);
            foreach (var definition in _definitions)
            {
                if (!byCode.TryAdd(definition.Code, definition))
                {
                    throw new InvalidOperationException($"Format code '{definition.Code}' appears twice.");
                }
            }

            _byCode = byCode.ToFrozenDictionary(StringComparer.Ordinal);
        }

        public int Count => _definitions.Length;

        public FormatDefinition this[int index] => _definitions[index];

        public FormatDefinition? Find(string code) => _byCode.GetValueOrDefault(code);

        public IEnumerator<FormatDefinition> GetEnumerator() => ((IEnumerable<FormatDefinition>)_definitions).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
