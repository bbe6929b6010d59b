using System.Diagnostics;
using System.Globalization;
using System.Net;

// The load generator of build/load.sh (issue #17): mixed traffic against a running API from CONNECTIONS workers,
// each sending one request after another, every request's kind drawn by weight (searches, feeds and reads, writes
// and referrals), every latency recorded per kind, so each kind's p99 can be reported (wrk gives one latency
// distribution for everything it sends). Prints a table per kind and the first errors; an error is a transport
// failure, a timeout or any status other than 2xx and 304.
//
//   LOADMIX_ADMIN_KEY=<platform-admin key> dotnet build/LoadMix/bin/Release/net10.0/LoadMix.dll --api http://127.0.0.1:5184 \
//       --ids <folder> [--duration 60] [--warmup 0] [--connections 32] [--weights 80,15,5] [--summary <file>] [--timeline <file>]
//
// <folder> holds the ids to use, one a line (build/load.sh extracts them from the database with sqlite3):
// meetings.txt (meetings to read), edit-meetings.txt (meetings to edit: each worker edits only its own share, so two
// workers never race for one meeting's ETag), venues.txt, groups.txt, organisations.txt (slugs of organisations with
// meetings, for their feeds). With the platform-admin key it arranges, before any load, a fellowship that accepts
// referrals nationwide and a treatment service with a referrer key, as docs/referrals.md describes.
// Run with no arguments for every option.
if (LoadOptions.Parse(args) is not { } options)
{
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var adminKey = Environment.GetEnvironmentVariable("LOADMIX_ADMIN_KEY");
if (string.IsNullOrWhiteSpace(adminKey))
{
    Console.Error.WriteLine("LOADMIX_ADMIN_KEY (a platform-admin key) is not set.");
    return 2;
}

Targets targets;
try
{
    targets = Targets.Load(options.IdsFolder);
}
catch (Exception e) when (e is IOException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Connections,
    AutomaticDecompression = DecompressionMethods.All,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseCookies = false,
    UseProxy = false,
};
using var http = new HttpClient(handler) { BaseAddress = options.Api, Timeout = Timeout.InfiniteTimeSpan };

ReferralParties parties;
try
{
    parties = await ReferralParties.ArrangeAsync(http, adminKey);
}
catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
{
    Console.Error.WriteLine($"Could not arrange the referral parties: {e.Message}");
    return 2;
}

Console.Error.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"[loadmix] {options.Connections} connections, weights {options.Weights}, reads {options.ReadWeights}, writes {options.WriteWeights}, new searches {options.NewSearches:P0}; referrals from {parties.Service} to {parties.Fellowship}"));

var mix = new Mix(targets, adminKey, parties, options);
if (options.Warmup > TimeSpan.Zero)
{
    Console.Error.WriteLine($"[loadmix] warm-up: {options.Warmup.TotalSeconds:0} s of the same mix, not measured");
    await LoadRun.RunAsync(http, mix, options, options.Warmup);
}

Console.Error.WriteLine($"[loadmix] measuring {options.Duration.TotalSeconds:0} s");
var result = await LoadRun.RunAsync(http, mix, options, options.Duration);
Report.Print(Console.Out, result, options);
if (options.Summary is { } summary)
{
    await File.WriteAllTextAsync(summary, Report.Summary(result));
}

if (options.Timeline is { } timeline)
{
    await File.WriteAllTextAsync(timeline, Report.Timeline(result));
}

return result.Errors == 0 ? 0 : 1;

/// <summary>The three kinds of traffic the issue names.</summary>
internal enum Kind
{
    Search,
    Read,
    Write,
}

/// <summary>What one request does; each has its own latencies.</summary>
internal enum Op
{
    SearchRepeated,
    SearchNew,
    Meeting,
    Venue,
    Group,
    MeetingCalendar,
    GroupCalendar,
    Changes,
    OrganisationFeed,
    OrganisationCsv,
    DirectoryFeed,
    EditGet,
    EditPatch,
    Referral,
}

internal static class Ops
{
    public static readonly Op[] All = Enum.GetValues<Op>();

    public static Kind KindOf(Op op) => op switch
    {
        Op.SearchRepeated or Op.SearchNew => Kind.Search,
        Op.EditGet or Op.EditPatch or Op.Referral => Kind.Write,
        _ => Kind.Read,
    };

    public static string Describe(Op op) => op switch
    {
        Op.SearchRepeated => "search, one of a fixed set (repeated)",
        Op.SearchNew => "search never asked before",
        Op.Meeting => "GET /meetings/{id}",
        Op.Venue => "GET /venues/{id}",
        Op.Group => "GET /groups/{id}",
        Op.MeetingCalendar => "GET /meetings/{id}/calendar.ics",
        Op.GroupCalendar => "GET /groups/{id}/calendar.ics",
        Op.Changes => "GET /changes?after= (polled)",
        Op.OrganisationFeed => "organisation's meeting-guide.json, If-None-Match",
        Op.OrganisationCsv => "organisation's meetings.csv, If-None-Match",
        Op.DirectoryFeed => "whole meeting-guide.json, If-None-Match",
        Op.EditGet => "edit: GET /meetings/{id} for its ETag",
        Op.EditPatch => "edit: PATCH /meetings/{id} (merge patch, If-Match)",
        Op.Referral => "POST /referrals (Idempotency-Key)",
        _ => op.ToString(),
    };

    public static string NameOf(Kind kind) => kind switch
    {
        Kind.Search => "searches",
        Kind.Read => "feeds and reads",
        _ => "writes and referrals",
    };
}

/// <summary>Weighted choices: each name with its weight, drawn in proportion.</summary>
internal sealed class Weights<T>
{
    private readonly (T Choice, double Upto)[] _table;

    public Weights(IEnumerable<(T Choice, double Weight)> weights, string text)
    {
        var total = 0.0;
        var table = new List<(T, double)>();
        foreach (var (choice, weight) in weights.Where(w => w.Weight > 0))
        {
            total += weight;
            table.Add((choice, total));
        }

        _table = [.. table.Select(t => (t.Item1, t.Item2 / total))];
        Text = text;
    }

    public string Text { get; }

    public bool IsEmpty => _table.Length == 0;

    /// <summary>The share of draws that give <paramref name="choice"/>.</summary>
    public double ShareOf(T choice)
    {
        var below = 0.0;
        foreach (var (candidate, upto) in _table)
        {
            if (EqualityComparer<T>.Default.Equals(candidate, choice))
            {
                return upto - below;
            }

            below = upto;
        }

        return 0;
    }

    public T Pick(Random random)
    {
        var roll = random.NextDouble();
        foreach (var (choice, upto) in _table)
        {
            if (roll < upto)
            {
                return choice;
            }
        }

        return _table[^1].Choice;
    }

    public override string ToString() => Text;
}

internal sealed record LoadOptions(
    Uri Api,
    string IdsFolder,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Connections,
    Weights<Kind> Weights,
    Weights<string> ReadWeights,
    Weights<string> WriteWeights,
    double NewSearches,
    int SearchPool,
    TimeSpan Timeout,
    int Seed,
    string? Summary,
    string? Timeline)
{
    public const string DefaultReadWeights = "meeting=30,venue=12,group=12,meeting-ics=10,group-ics=10,changes=16,org-feed=4,org-csv=4,feed=2";
    public const string DefaultWriteWeights = "edit=70,referral=30";

    public static readonly string[] ReadNames = ["meeting", "venue", "group", "meeting-ics", "group-ics", "changes", "org-feed", "org-csv", "feed"];
    public static readonly string[] WriteNames = ["edit", "referral"];

    public const string Usage = """
        usage: LoadMix --api <url> --ids <folder> [options]   (LOADMIX_ADMIN_KEY: a platform-admin key)
          --duration <s>        measured run (60)
          --warmup <s>          the same mix first, not measured (0)
          --connections <n>     concurrent workers and connections (32)
          --weights s,r,w       shares of the requests: searches, feeds and reads, writes and referrals (80,15,5)
          --reads name=w,...    within feeds and reads (meeting=30,venue=12,group=12,meeting-ics=10,group-ics=10,changes=16,org-feed=4,org-csv=4,feed=2)
          --writes name=w,...   within writes and referrals (edit=70,referral=30); an edit is two requests, a GET and a PATCH
          --new-searches <f>    share of searches never asked before; the rest come from a fixed set (0.25)
          --search-pool <n>     size of that fixed set (300)
          --timeout <s>         a request not answered in this time is an error (60)
          --seed <n>            random seed (20261202)
          --summary <file>      key=value results for a script
          --timeline <file>     requests and errors completed in each second of the measured run
        """;

    public static LoadOptions? Parse(string[] args)
    {
        Uri? api = null;
        string? ids = null;
        double duration = 60, warmup = 0, newSearches = 0.25, timeout = 60;
        int connections = 32, pool = 300, seed = 20261202;
        string weights = "80,15,5", reads = DefaultReadWeights, writes = DefaultWriteWeights;
        string? summary = null, timeline = null;
        try
        {
            for (var i = 0; i < args.Length - 1; i += 2)
            {
                var value = args[i + 1];
                switch (args[i])
                {
                    case "--api": api = new Uri(value); break;
                    case "--ids": ids = value; break;
                    case "--duration": duration = Number(value); break;
                    case "--warmup": warmup = Number(value); break;
                    case "--connections": connections = (int)Number(value); break;
                    case "--weights": weights = value; break;
                    case "--reads": reads = value; break;
                    case "--writes": writes = value; break;
                    case "--new-searches": newSearches = Number(value); break;
                    case "--search-pool": pool = (int)Number(value); break;
                    case "--timeout": timeout = Number(value); break;
                    case "--seed": seed = (int)Number(value); break;
                    case "--summary": summary = value; break;
                    case "--timeline": timeline = value; break;
                    default: return null;
                }
            }

            var shares = weights.Split(',').Select(Number).ToArray();
            if (api is null || ids is null || args.Length % 2 != 0 || shares.Length != 3 || shares.Any(s => s < 0) || shares.Sum() <= 0
                || connections < 1 || duration <= 0 || warmup < 0 || timeout <= 0 || pool < 1 || newSearches is < 0 or > 1)
            {
                return null;
            }

            var readWeights = Named(reads, ReadNames);
            var writeWeights = Named(writes, WriteNames);
            if (readWeights is null || writeWeights is null || (shares[1] > 0 && readWeights.IsEmpty) || (shares[2] > 0 && writeWeights.IsEmpty))
            {
                return null;
            }

            // The shares are of requests, and an edit is two (the GET for its ETag, then the PATCH): a write is drawn
            // less often than its share in proportion, so that writes make up their share of the requests sent.
            var requestsPerWrite = writeWeights.IsEmpty ? 1 : 1 + writeWeights.ShareOf("edit");
            var kinds = new Weights<Kind>([(Kind.Search, shares[0]), (Kind.Read, shares[1]), (Kind.Write, shares[2] / requestsPerWrite)], weights);

            return new LoadOptions(api, ids, TimeSpan.FromSeconds(duration), TimeSpan.FromSeconds(warmup), connections, kinds, readWeights, writeWeights,
                newSearches, pool, TimeSpan.FromSeconds(timeout), seed, summary, timeline);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static Weights<string>? Named(string text, string[] names)
    {
        var pairs = new List<(string, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 1 || !names.Contains(part[..equals], StringComparer.Ordinal))
            {
                return null;
            }

            var weight = Number(part[(equals + 1)..]);
            if (weight < 0)
            {
                return null;
            }

            pairs.Add((part[..equals], weight));
        }

        return new Weights<string>(pairs, text);
    }
}

/// <summary>The ids the load uses, read from the files build/load.sh writes.</summary>
internal sealed record Targets(string[] Meetings, string[] EditMeetings, string[] Venues, string[] Groups, string[] Organisations)
{
    public static Targets Load(string folder)
    {
        string[] Read(string name)
        {
            var lines = File.ReadAllLines(Path.Combine(folder, name)).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            return lines.Length > 0 ? lines : throw new InvalidDataException($"{Path.Combine(folder, name)} lists nothing.");
        }

        return new Targets(Read("meetings.txt"), Read("edit-meetings.txt"), Read("venues.txt"), Read("groups.txt"), Read("organisations.txt"));
    }
}

/// <summary>Starts the workers for a duration and gathers what they recorded.</summary>
internal static class LoadRun
{
    public static async Task<RunResult> RunAsync(HttpClient http, Mix mix, LoadOptions options, TimeSpan duration)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var startedAt = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var run = new RunRecorder(started, (int)Math.Ceiling(duration.TotalSeconds + options.Timeout.TotalSeconds) + 2);
        var workers = Enumerable.Range(0, options.Connections)
            .Select(w => Task.Run(async () =>
            {
                var worker = new Worker(w, options, run, http, mix.EditMeetingsOf(w, options.Connections));
                while (Stopwatch.GetElapsedTime(started) < duration)
                {
                    await mix.SendOneAsync(worker);
                }

                return worker.Stats;
            }))
            .ToArray();
        var stats = await Task.WhenAll(workers);
        var finishedAt = DateTimeOffset.UtcNow;
        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        return new RunResult(startedAt, finishedAt, duration, elapsed, process.TotalProcessorTime - cpu, WorkerStats.Merge(stats), run);
    }
}
