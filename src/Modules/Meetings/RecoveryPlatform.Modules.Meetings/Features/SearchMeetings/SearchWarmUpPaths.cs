using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.SharedKernel.Modules;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// Searches for the host to send through its HTTP pipeline before readiness (<see cref="IPipelineWarmUpPaths"/>): the
/// filter kinds of <see cref="WarmUpSearchTask"/>, near a dozen places, each at several page sizes so that each is a
/// different stored answer and the engine and the output cache's miss path run as often as its hit path. None on a
/// directory under <see cref="WarmUpSearchTask.SmallestDirectoryWarmedUp"/> meetings, or when the index did not load.
/// </summary>
internal sealed class SearchWarmUpPaths(MeetingSearchIndex index) : IPipelineWarmUpPaths
{
    private static readonly int[] PageSizes = [20, 10, 25, 50, 15, 30, 40, 12];

    public IReadOnlyList<string> GetPaths()
    {
        if (!index.State.Loaded || index.State.Meetings < WarmUpSearchTask.SmallestDirectoryWarmedUp)
        {
            return [];
        }

        var searches = new List<string>();
        for (var i = 0; i < WarmUpSearchTask.Districts.Length; i++)
        {
            var (district, day, word) = (WarmUpSearchTask.Districts[i], WarmUpSearchTask.Days[i % WarmUpSearchTask.Days.Length], WarmUpSearchTask.Words[i % WarmUpSearchTask.Words.Length]);
            searches.Add($"near={district}");
            searches.Add($"near={district}&radiusKm=5&includeOnline=true&startingWithin=PT2H");
            searches.Add($"near={district}&day={day}&startsAfter=18:00");
            searches.Add($"near={district}&attendance=in-person&sort=name&page=2");
            searches.Add($"q={word}&day={day}");
            searches.Add($"q={word}&near={district}");
        }

        searches.Add("includeOnline=true&inProgress=true");
        searches.Add("day=saturday,sunday&startsBefore=12:00");
        searches.Add("accessibility=step-free-access");

        // Page size outermost: every search once before any is asked again.
        return [.. PageSizes.SelectMany(size => searches.Select(search => $"/api/v1/meetings?{search}&pageSize={size}"))];
    }
}
