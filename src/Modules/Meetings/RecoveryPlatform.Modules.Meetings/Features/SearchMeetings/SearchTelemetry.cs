using System.Diagnostics;
using System.Diagnostics.Metrics;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// Search's span and latency histogram. Searches are tagged with their filter kind, the filters used from a fixed set
/// (place, online, time, text, attributes), never their values: where someone looks for a meeting is theirs.
/// </summary>
internal sealed class SearchTelemetry
{
    public const string Name = $"{PlatformTelemetry.NamePrefix}.Meetings.Search";

    private static readonly ActivitySource Source = new(Name);
    private readonly Histogram<double> _duration;

    public SearchTelemetry(IMeterFactory meters) =>
        _duration = meters.Create(Name).CreateHistogram(
            "recoveryplatform.search.duration", "s", "Time the search engine took to answer a search not served from the output cache, by filter kind.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    public static Activity? StartSearch(string filterKind)
    {
        var activity = Source.StartActivity("search meetings");
        activity?.SetTag("recoveryplatform.search.filters", filterKind);
        return activity;
    }

    public void RecordDuration(string filterKind, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("filters", filterKind));

    /// <summary>The filters a search uses, joined in a fixed order ("place+time", "online", "none"): one of 32 strings made once.</summary>
    public static string FilterKind(SearchCriteria criteria)
    {
        var place = criteria.Point is not null || criteria.Near is not null;
        var time = criteria.StartingWithin is not null || criteria.InProgress || criteria.StartsAfter is not null || criteria.StartsBefore is not null || criteria.Days.Count > 0;
        var text = !string.IsNullOrWhiteSpace(criteria.Text);
        var attributes = criteria.Attendance.Count > 0 || criteria.Attributes.Count > 0 || criteria.Formats.Count > 0 || criteria.Languages.Count > 0
            || criteria.Accessibility.Count > 0 || criteria.Organisations.Count > 0;
        var kind = (place ? 1 : 0) | (criteria.IncludeOnline ? 2 : 0) | (time ? 4 : 0) | (text ? 8 : 0) | (attributes ? 16 : 0);
        return FilterKinds[kind];
    }

    /// <summary>Each combination of filters, by its bits in <see cref="FilterKind"/>: every search would otherwise build its label anew.</summary>
    private static readonly string[] FilterKinds = [.. Enumerable.Range(0, 32).Select(bits => bits == 0
        ? "none"
        : string.Join('+', new[] { "place", "online", "time", "text", "attributes" }.Where((_, bit) => (bits & (1 << bit)) != 0)))];
}
