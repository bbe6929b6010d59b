using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

namespace RecoveryPlatform.Modules.Meetings.Persistence;

/// <summary>
/// A meeting's formats by week of the month as one text column of JSON (<c>[{"week":5,"formats":["LIT"]}]</c>):
/// a handful of codes read and written with the meeting, never queried on their own. None is the empty string,
/// which is also what the column holds for meetings stored before it existed.
/// </summary>
internal static class WeekOfMonthFormatsColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly ValueConverter<List<WeekOfMonthFormats>, string> Converter = new(
        variations => ToColumn(variations),
        column => FromColumn(column));

    public static readonly ValueComparer<List<WeekOfMonthFormats>> Comparer = new(
        (one, other) => one!.SequenceEqual(other!),
        variations => variations.Aggregate(0, (hash, variation) => HashCode.Combine(hash, variation.GetHashCode())),
        variations => variations.ToList());

    private static string ToColumn(List<WeekOfMonthFormats> variations) =>
        variations.Count == 0 ? string.Empty : JsonSerializer.Serialize(variations.Select(v => new Stored(v.WeekOfMonth, [.. v.Formats])), Json);

    private static List<WeekOfMonthFormats> FromColumn(string column) =>
        string.IsNullOrEmpty(column)
            ? []
            : [.. (JsonSerializer.Deserialize<List<Stored>>(column, Json) ?? []).Select(s => new WeekOfMonthFormats(s.Week, s.Formats))];

    private sealed record Stored(int Week, string[] Formats);
}
