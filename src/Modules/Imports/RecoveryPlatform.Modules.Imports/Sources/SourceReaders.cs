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
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public static byte[] Decompress(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
