using System.IO.Compression;
using RecoveryPlatform.Modules.Imports.Domain;

namespace RecoveryPlatform.Modules.Imports.Sources;

internal static class SourceReaders
{
    /// <summary>Reads <paramref name="utf8"/> as <paramref name="format"/>; a file that cannot be read at all throws <see cref="SourceFormatException"/>.</summary>
    public static SourceFile Read(ImportFormat format, byte[] utf8) => format switch
    {
        ImportFormat.MeetingGuideCsv => MeetingGuideCsvReader.Read(utf8),
        ImportFormat.BmltJson => BmltJsonReader.Read(utf8),
        _ => MeetingGuideJsonReader.Read(utf8),
    };

    /// <summary>
    /// How many records <paramref name="utf8"/> holds, throwing <see cref="SourceFormatException"/> as <see cref="Read"/>
    /// would for a file that cannot be read at all. A JSON file is only parsed, not read meeting by meeting: the request
    /// that sends it waits for this, and reading 100,000 meetings twice (here, then when the import runs) took seconds.
    /// A CSV file can stop being CSV on any line, so it is read whole.
    /// </summary>
    public static int CountRecords(ImportFormat format, byte[] utf8) => format switch
    {
        ImportFormat.MeetingGuideCsv => MeetingGuideCsvReader.Read(utf8).Records,
        ImportFormat.BmltJson => BmltJsonReader.CountRecords(utf8),
        _ => MeetingGuideJsonReader.CountRecords(utf8),
    };

    /// <summary>
    /// A JSON import is a Meeting Guide feed unless its first meeting is a BMLT one (BMLT's <c>weekday_tinyint</c>):
    /// both are sent as application/json, and a data steward should not have to know which their server writes.
    /// </summary>
    public static ImportFormat JsonFormatOf(byte[] utf8)
    {
        var reader = new System.Text.Json.Utf8JsonReader(utf8, new System.Text.Json.JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        try
        {
            // [ { "name": …: look at the property names of the first object only.
            var depth = 0;
            while (reader.Read())
            {
                depth = reader.CurrentDepth;
                if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && depth == 2)
                {
                    if (reader.ValueTextEquals("weekday_tinyint"u8) || reader.ValueTextEquals("id_bigint"u8))
                    {
                        return ImportFormat.BmltJson;
                    }
                }
                else if (reader.TokenType == System.Text.Json.JsonTokenType.EndObject && depth == 1)
                {
                    break;
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // The reader of the format proper reports what is wrong with it.
        }

        return ImportFormat.MeetingGuideJson;
    }

    public static byte[] Compress(byte[] bytes)
    {
        // Feeds compress to about a fifth: start there rather than grow from nothing through a doubling series.
        using var output = new MemoryStream(bytes.Length / 4);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>The file as sent, <paramref name="length"/> bytes long (known from when it was queued): one array of that size.</summary>
    public static byte[] Decompress(byte[] compressed, int length)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var bytes = new byte[length];
        input.ReadExactly(bytes);
        if (input.ReadByte() != -1)
        {
            throw new InvalidDataException("The stored file is longer than the size recorded with it.");
        }

        return bytes;
    }
}
