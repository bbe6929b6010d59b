using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

/// <summary>One worker's latencies (ms) and statuses per <see cref="Op"/>: written by that worker alone, merged at the end.</summary>
internal sealed class WorkerStats
{
    public List<double>[] Latencies { get; } = [.. Ops.All.Select(_ => new List<double>())];

    public int[] Errors { get; } = new int[Ops.All.Length];

    public int[] NotModified { get; } = new int[Ops.All.Length];

    public void Record(Op op, double milliseconds, int status)
    {
        Latencies[(int)op].Add(milliseconds);
        if (status == 304)
        {
            NotModified[(int)op]++;
        }
        else if (status is < 200 or >= 300)
        {
            Errors[(int)op]++;
        }
    }

    public static WorkerStats Merge(IEnumerable<WorkerStats> all)
    {
        var merged = new WorkerStats();
        foreach (var stats in all)
        {
            for (var i = 0; i < Ops.All.Length; i++)
            {
                merged.Latencies[i].AddRange(stats.Latencies[i]);
                merged.Errors[i] += stats.Errors[i];
                merged.NotModified[i] += stats.NotModified[i];
            }
        }

        foreach (var list in merged.Latencies)
        {
            list.Sort();
        }

        return merged;
    }
}

/// <summary>Shared by the workers of one run: completions and errors per second, and the first errors as examples.</summary>
internal sealed class RunRecorder(long started, int seconds)
{
    private const int Examples = 12;

    private readonly int[] _completed = new int[seconds];
    private readonly int[] _failed = new int[seconds];
    private readonly ConcurrentQueue<string> _examples = new();
    private int _examplesTaken;

    public long Started { get; } = started;

    public void Completed(bool ok)
    {
        var second = Math.Min(_completed.Length - 1, (int)Stopwatch.GetElapsedTime(Started).TotalSeconds);
        Interlocked.Increment(ref _completed[second]);
        if (!ok)
        {
            Interlocked.Increment(ref _failed[second]);
        }
    }

    public void Error(Op op, string example)
    {
        if (Interlocked.Increment(ref _examplesTaken) <= Examples)
        {
            _examples.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{Stopwatch.GetElapsedTime(Started).TotalSeconds:0.0}s [{op}] {example}"));
        }
    }

    public IEnumerable<string> ErrorExamples => _examples;

    public IEnumerable<(int Second, int Completed, int Failed)> PerSecond()
    {
        var last = Array.FindLastIndex(_completed, c => c > 0);
        for (var s = 0; s <= last; s++)
        {
            yield return (s, _completed[s], _failed[s]);
        }
    }
}

/// <summary>
/// One run: when it started and finished (wall clock, for matching the API's memory samples), how long it was to send
/// for, how long until its last answer, the processor time LoadMix itself used (what it took of the machine), and
/// what was recorded.
/// </summary>
internal sealed record RunResult(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, TimeSpan Duration, TimeSpan Elapsed, TimeSpan Cpu, WorkerStats Stats, RunRecorder Recorder)
{
    public long Requests => Stats.Latencies.Sum(l => (long)l.Count);

    public long Errors => Stats.Errors.Sum(e => (long)e);
}

internal static class Report
{
    /// <summary>A markdown table: each kind, then each of its requests; then the overall rate and the first errors.</summary>
    public static void Print(TextWriter output, RunResult result, LoadOptions options)
    {
        var stats = result.Stats;
        var total = Math.Max(1, result.Requests);
        var seconds = result.Duration.TotalSeconds;
        output.WriteLine(Invariant($"{result.Requests} requests in {seconds:0} s ({result.Requests / seconds:0} req/s; the last answered {result.Elapsed.TotalSeconds:0.0} s after the start), {options.Connections} connections, weights {options.Weights}, {result.Errors} errors; LoadMix used {result.Cpu.TotalSeconds:0.0} s of CPU ({result.Cpu.TotalSeconds / result.Elapsed.TotalSeconds:0.00} cores)"));
        output.WriteLine();
        output.WriteLine("| kind | requests | share % | req/s | errors | 304 | p50 ms | p90 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in Enum.GetValues<Kind>())
        {
            var ops = Ops.All.Where(o => Ops.KindOf(o) == kind).ToArray();
            var latencies = ops.SelectMany(o => stats.Latencies[(int)o]).Order().ToList();
            output.WriteLine(Row($"**{Ops.NameOf(kind)}**", latencies, ops.Sum(o => stats.Errors[(int)o]), ops.Sum(o => stats.NotModified[(int)o]), total, seconds, bold: true));
            foreach (var op in ops.Where(o => stats.Latencies[(int)o].Count > 0))
            {
                output.WriteLine(Row($"  {Ops.Describe(op)}", stats.Latencies[(int)op], stats.Errors[(int)op], stats.NotModified[(int)op], total, seconds, bold: false));
            }
        }

        output.WriteLine();
        // Stalls show here and nowhere else: answers per second over the measured seconds.
        var perSecond = result.Recorder.PerSecond().Where(s => s.Second < (int)seconds).Select(s => (double)s.Completed).Order().ToList();
        if (perSecond.Count > 0)
        {
            output.WriteLine(Invariant($"Answers per second over the run: min {perSecond[0]:0}, p10 {Percentile(perSecond, 0.10):0}, median {Percentile(perSecond, 0.50):0}, max {perSecond[^1]:0}; {perSecond.Count(c => c == 0) + Math.Max(0, (int)seconds - perSecond.Count)} seconds with none."));
            output.WriteLine();
        }

        var examples = result.Recorder.ErrorExamples.ToList();
        if (examples.Count > 0)
        {
            output.WriteLine($"First errors ({examples.Count} of {result.Errors}):");
            foreach (var example in examples)
            {
                output.WriteLine($"  {example}");
            }

            output.WriteLine();
        }
    }

    /// <summary>key=value lines for build/load.sh: totals, and each kind's figures.</summary>
    public static string Summary(RunResult result)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"start_epoch={result.StartedAt.ToUnixTimeMilliseconds() / 1000.0:0.000}"));
        text.AppendLine(Invariant($"end_epoch={result.FinishedAt.ToUnixTimeMilliseconds() / 1000.0:0.000}"));
        text.AppendLine(Invariant($"duration={result.Duration.TotalSeconds:0.###}"));
        text.AppendLine(Invariant($"requests={result.Requests}"));
        text.AppendLine(Invariant($"errors={result.Errors}"));
        text.AppendLine(Invariant($"rps={result.Requests / result.Duration.TotalSeconds:0.0}"));
        text.AppendLine(Invariant($"client_cpu_s={result.Cpu.TotalSeconds:0.0}"));
        foreach (var kind in Enum.GetValues<Kind>())
        {
            var ops = Ops.All.Where(o => Ops.KindOf(o) == kind).ToArray();
            var latencies = ops.SelectMany(o => result.Stats.Latencies[(int)o]).Order().ToList();
            var name = kind.ToString().ToLowerInvariant();
            text.AppendLine(Invariant($"{name}_requests={latencies.Count}"));
            text.AppendLine(Invariant($"{name}_errors={ops.Sum(o => result.Stats.Errors[(int)o])}"));
            text.AppendLine(Invariant($"{name}_p99_ms={Percentile(latencies, 0.99):0.0}"));
        }

        return text.ToString();
    }

    /// <summary>One line per second of the run: seconds since the start, requests answered in it, errors among them.</summary>
    public static string Timeline(RunResult result)
    {
        var text = new StringBuilder();
        foreach (var (second, completed, failed) in result.Recorder.PerSecond())
        {
            text.AppendLine(Invariant($"{second} {completed} {failed}"));
        }

        return text.ToString();
    }

    private static string Row(string name, List<double> sorted, int errors, int notModified, long total, double seconds, bool bold)
    {
        string B(string value) => bold ? $"**{value}**" : value;
        return sorted.Count == 0
            ? $"| {name} | 0 | 0.0 | 0 | {errors} | {notModified} | - | - | - | - |"
            : Invariant($"| {name} | {sorted.Count} | {100.0 * sorted.Count / total:0.0} | {sorted.Count / seconds:0.0} | {errors} | {notModified} | {Percentile(sorted, 0.50):0.0} | {Percentile(sorted, 0.90):0.0} | {B(Percentile(sorted, 0.99).ToString("0.0", CultureInfo.InvariantCulture))} | {sorted[^1]:0.0} |");
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="p"/> of them at or below it.</summary>
    private static double Percentile(List<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
