using System.Diagnostics;
using System.Diagnostics.Metrics;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.Modules.Imports.Running;

/// <summary>
/// An import's span, and the rows imported with their rate: a counter of rows by outcome, and the rate of each finished
/// import in rows per second. Tagged with the format and whether it was a dry run, never the organisation or the file.
/// </summary>
internal sealed class ImportTelemetry
{
    public const string Name = $"{PlatformTelemetry.NamePrefix}.Imports";

    private static readonly ActivitySource Source = new(Name);
    private readonly Counter<long> _rows;
    private readonly Histogram<double> _rowsPerSecond;
    private readonly Histogram<double> _duration;

    public ImportTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _rows = meter.CreateCounter<long>("recoveryplatform.imports.rows", "{row}", "Meetings read from imported files, by outcome (created, updated, unchanged, rejected).");
        _rowsPerSecond = meter.CreateHistogram(
            "recoveryplatform.imports.rows_per_second", "{row}/s", "Each finished import's meetings divided by its time from start to commit.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000] });
        _duration = meter.CreateHistogram(
            "recoveryplatform.imports.duration", "s", "Each finished import's time from start to commit.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
    }

    public static Activity? StartImport(string format, bool dryRun)
    {
        var activity = Source.StartActivity("import directory");
        activity?.SetTag("recoveryplatform.import.format", format);
        activity?.SetTag("recoveryplatform.import.dry_run", dryRun);
        return activity;
    }

    public void Finished(string format, bool dryRun, int meetings, int created, int updated, int unchanged, int rejected, TimeSpan elapsed)
    {
        KeyValuePair<string, object?> formatTag = new("format", format), dryRunTag = new("dry_run", dryRun);
        foreach (var (outcome, count) in new[] { ("created", created), ("updated", updated), ("unchanged", unchanged), ("rejected", rejected) })
        {
            _rows.Add(count, formatTag, dryRunTag, new KeyValuePair<string, object?>("outcome", outcome));
        }

        _duration.Record(elapsed.TotalSeconds, formatTag, dryRunTag);
        if (elapsed > TimeSpan.Zero)
        {
            _rowsPerSecond.Record(meetings / elapsed.TotalSeconds, formatTag, dryRunTag);
        }
    }
}
