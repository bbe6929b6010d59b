using System.Buffers;
using System.Diagnostics;
using System.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Paging;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// Runs the search engine and its JSON writer over a spread of searches after the index loads and before the server
/// listens, until the runtime stops compiling new code for them, so that the first searches a restarted instance takes
/// (a load balancer sends them the moment readiness turns healthy) run optimised code, not first-tier code: every
/// filter kind, sort, page and the words index. Skipped on a small directory (tests, a fresh install), where there is
/// little to gain. At most <c>Meetings:WarmUpSeconds</c> (3; 0 turns it off).
/// </summary>
internal sealed partial class WarmUpSearchTask(MeetingSearchIndex index, SearchResultJson json, TimeProvider clock, IConfiguration configuration, ILogger<WarmUpSearchTask> logger)
    : IModuleStartupTask
{
    /// <summary>Below this many meetings the engine's first searches are quick anyway.</summary>
    public const int SmallestDirectoryWarmedUp = 5_000;

    /// <summary>The places, words and days the warm-ups search by (<see cref="SearchWarmUpPaths"/> sends the same over HTTP).</summary>
    internal static readonly string[] Districts = ["LS6", "M1", "B15", "EH1", "CF10", "BS1", "NE1", "G2", "L1", "SW1A", "N1", "OX1"];
    internal static readonly string[] Words = ["church", "hall", "hope", "step", "serenity", "centre"];
    internal static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public int Order => 1010;

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        // Not loaded (the database could not be read at start-up): nothing to warm, and asking for the snapshot would load it.
        var budget = TimeSpan.FromSeconds(configuration.GetValue("Meetings:WarmUpSeconds", 3.0));
        if (budget <= TimeSpan.Zero || !index.State.Loaded || index.State.Meetings < SmallestDirectoryWarmedUp)
        {
            return;
        }

        var snapshot = await index.CurrentAsync(cancellationToken);

        var searches = Searches().Select(SearchCriteria.Read).ToList();
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var started = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        var (rounds, quietRounds) = (0, 0);

        // Tiered compilation promotes a method after 30 calls and a short delay, on a background thread: keep calling
        // until a whole round compiles nothing new (twice in a row), or the budget runs out.
        while (started.Elapsed < budget && quietRounds < 2)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = SearchETag.Minute(clock.GetUtcNow());
            foreach (var criteria in searches)
            {
                var (page, total) = MeetingSearch.Run(criteria, now, snapshot, 1 + (rounds % 2), 20);
                json.Write(output, new PagedList<MeetingSearchResult>(page, 1 + (rounds % 2), 20, total));
                output.ResetWrittenCount();
            }

            rounds++;
            await Task.Delay(50, cancellationToken);
            var nowCompiled = JitInfo.GetCompiledMethodCount();
            quietRounds = nowCompiled == compiled ? quietRounds + 1 : 0;
            compiled = nowCompiled;
        }

        LogWarmedUp(rounds * searches.Count, started.Elapsed.TotalMilliseconds, quietRounds >= 2);
    }

    /// <summary>Every filter kind the API offers, each near several places, as a client's query string would give it.</summary>
    private static IEnumerable<SearchMeetingsRequest> Searches()
    {
        for (var i = 0; i < Districts.Length; i++)
        {
            var district = Districts[i];
            var day = Days[i % Days.Length];
            var word = Words[i % Words.Length];
            yield return Request(near: district);
            yield return Request(near: district, includeOnline: true, startingWithin: "PT2H");
            yield return Request(near: district, day: [day], startsAfter: "18:00");
            yield return Request(near: district, attendance: ["in-person"], sort: "name");
            yield return Request(q: word, day: [day]);
            yield return Request(q: word, near: district);
        }

        yield return Request(includeOnline: true, inProgress: true);
        yield return Request(day: ["saturday", "sunday"], startsBefore: "12:00");
        yield return Request(accessibility: ["step-free-access"]);
    }

    private static SearchMeetingsRequest Request(
        string? near = null, bool? includeOnline = null, string[]? day = null, string? startsAfter = null, string? startsBefore = null,
        string? startingWithin = null, bool? inProgress = null, string[]? attendance = null, string[]? accessibility = null, string? q = null, string? sort = null) =>
        new(null, null, null, near, includeOnline, null, day, startsAfter, startsBefore, startingWithin, null, inProgress, attendance, null, null, null, accessibility, q, null, sort, null, null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed the search engine up with {Searches} searches in {Milliseconds:0} ms (settled: {Settled})")]
    private partial void LogWarmedUp(int searches, double milliseconds, bool settled);
}
