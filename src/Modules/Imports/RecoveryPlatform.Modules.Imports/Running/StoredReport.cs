using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RecoveryPlatform.Modules.Imports.Running;

/// <summary>
/// An import's report as the job keeps it: JSON, gzip-compressed, written and read as a stream. A 100,000-meeting
/// report is 12.7 MB of JSON that compresses to 3 MB; as one string it was 25 MB of UTF-16 plus a UTF-8 copy on each
/// trip to and from the database, all at the end of a large import, when its memory peaks.
/// </summary>
internal static class StoredReport
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    public static byte[] Write(ImportReport report)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, report, Json);
        }

        return output.ToArray();
    }

    /// <summary>The report from <paramref name="compressed"/>, or from <paramref name="legacyJson"/> for a job ended before reports were compressed.</summary>
    public static ImportReport? Read(byte[]? compressed, string? legacyJson)
    {
        if (compressed is not null)
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            return JsonSerializer.Deserialize<ImportReport>(gzip, Json);
        }

        return legacyJson is null ? null : JsonSerializer.Deserialize<ImportReport>(legacyJson, Json);
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        return json;
    }
}
