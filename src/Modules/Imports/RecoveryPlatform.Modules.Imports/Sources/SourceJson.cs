using System.Text.Json;

namespace RecoveryPlatform.Modules.Imports.Sources;

internal static class SourceJson
{
    /// <summary>
    /// How many values the file's top-level array holds, or a <see cref="SourceFormatException"/> saying where it stops
    /// being JSON, or what it is instead, and <paramref name="whatItIs"/> (what the format should be). The whole file is
    /// checked with a reader, without building a document of it: a 30 MB file's document is tens of megabytes of index,
    /// which the array pool then keeps.
    /// </summary>
    public static int CountArray(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options, string whatItIs)
    {
        var reader = new Utf8JsonReader(utf8.Span, ReaderOptions(options));
        var first = JsonTokenType.None;
        var count = 0;
        try
        {
            while (reader.Read())
            {
                if (first == JsonTokenType.None)
                {
                    first = reader.TokenType;
                }
                else if (reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject or JsonTokenType.PropertyName))
                {
                    count++;
                }
            }
        }
        catch (JsonException exception)
        {
            throw new SourceFormatException($"The body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}): {whatItIs}.");
        }

        if (first != JsonTokenType.StartArray)
        {
            var kind = first switch
            {
                JsonTokenType.StartObject => "object",
                JsonTokenType.String => "string",
                JsonTokenType.Number => "number",
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => "null",
            };
            throw new SourceFormatException($"The body is a JSON {kind}: {whatItIs}.");
        }

        return count;
    }

    /// <summary>
    /// The values of a file's top-level array one at a time, each parsed into a small document of its own as it is
    /// reached, so a large file is never held as one document. Check the file with <see cref="CountArray"/> first.
    /// </summary>
    public static IEnumerable<JsonElement> ValuesOf(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options)
    {
        var (offset, state) = AfterOpeningBracket(utf8, options);
        while (Next(utf8, offset, state) is ({ } value, var next, var nextState))
        {
            (offset, state) = (next, nextState);
            yield return value;
        }
    }

    private static (int Offset, JsonReaderState State) AfterOpeningBracket(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options)
    {
        var reader = new Utf8JsonReader(utf8.Span, ReaderOptions(options));
        reader.Read();
        return ((int)reader.BytesConsumed, reader.CurrentState);
    }

    /// <summary>The value after <paramref name="offset"/>, and where the next one starts; none at the closing bracket.</summary>
    private static (JsonElement? Value, int Offset, JsonReaderState State) Next(ReadOnlyMemory<byte> utf8, int offset, JsonReaderState state)
    {
        var reader = new Utf8JsonReader(utf8.Span[offset..], isFinalBlock: true, state);
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            return (null, offset, state);
        }

        var value = JsonElement.ParseValue(ref reader);
        return (value, offset + (int)reader.BytesConsumed, reader.CurrentState);
    }

    private static JsonReaderOptions ReaderOptions(JsonDocumentOptions options) =>
        new() { AllowTrailingCommas = options.AllowTrailingCommas, CommentHandling = options.CommentHandling, MaxDepth = options.MaxDepth };
}
