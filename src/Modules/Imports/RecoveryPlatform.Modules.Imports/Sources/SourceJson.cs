using System.Text.Json;

namespace RecoveryPlatform.Modules.Imports.Sources;

internal static class SourceJson
{
    /// <summary>
    /// The file as a JSON array, or a <see cref="SourceFormatException"/> saying where it stops being JSON, or what it
    /// is instead, and <paramref name="whatItIs"/> (what the format should be).
    /// </summary>
    public static JsonDocument OpenArray(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options, string whatItIs)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, options);
        }
        catch (JsonException exception)
        {
            throw new SourceFormatException($"The body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}): {whatItIs}.");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            var kind = document.RootElement.ValueKind.ToString().ToLowerInvariant();
            document.Dispose();
            throw new SourceFormatException($"The body is a JSON {kind}: {whatItIs}.");
        }

        return document;
    }
}
