using System.Diagnostics;
using System.Net;
using System.Runtime;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RecoveryPlatform.SharedKernel.Modules;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// Once the server listens, sends the modules' warm-up requests (<see cref="IPipelineWarmUpPaths"/>) to this instance
/// over loopback, through Kestrel and every middleware, until the runtime compiles fewer than 50 methods a second (tiered
/// compilation promotes hot methods on a background thread, after a delay and 30 calls) or
/// <c>RecoveryPlatform:PipelineWarmUpSeconds</c> (20; 0 turns it off) runs out. Until then readiness reports
/// <c>warm-up</c> unhealthy, so a load balancer sends a restarted instance no traffic while its code is cold: measured
/// at 100,000 meetings, the pipeline otherwise ran at half its steady rate for the first 8–10 s after ready
/// (docs/performance.md, Cold start). With no paths (a small directory, the tests' in-memory server) it is done at once.
/// </summary>
/// <remarks>
/// The requests are anonymous and would soon meet the anonymous rate limit of the loopback address: they carry a
/// random value made for this warm-up (<see cref="HeaderName"/>), which <see cref="IsWarmUpRequest"/> recognises
/// only while the warm-up runs, and which never leaves the process.
/// </remarks>
internal sealed partial class PipelineWarmUp(
    IServer server,
    IEnumerable<IPipelineWarmUpPaths> sources,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    ILogger<PipelineWarmUp> logger) : BackgroundService, IHealthCheck
{
    public const string HeaderName = "X-RecoveryPlatform-Warm-Up";

    private const int Connections = 2;
    private const int SamplesPerSecond = 10;
    private const int QuietBelowMethodsPerSecond = 50;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1.0 / SamplesPerSecond);

    private volatile bool _done;
    private volatile byte[]? _credential;

    /// <summary>What the warm-up did, once it has run; null when it had nothing to send or did not run.</summary>
    public WarmUpRun? LastRun { get; private set; }

    /// <summary>Whether the request was sent by the warm-up under way (never true once it has finished).</summary>
    public bool IsWarmUpRequest(HttpContext context) =>
        _credential is { } credential && context.Request.Headers.TryGetValue(HeaderName, out var sent)
        && CryptographicOperations.FixedTimeEquals(credential, Encoding.ASCII.GetBytes(sent.ToString()));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_done ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Warming up: sending requests through the pipeline before taking traffic."));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var budget = TimeSpan.FromSeconds(configuration.GetValue("RecoveryPlatform:PipelineWarmUpSeconds", 20.0));
            if (budget <= TimeSpan.Zero)
            {
                return;
            }

            // After start-up's tasks (the search index loads in one), when the server listens.
            if (!await lifetime.WhenStartedAsync(stoppingToken))
            {
                return;
            }

            var paths = sources.SelectMany(source => source.GetPaths()).ToList();
            if (paths.Count == 0)
            {
                return;
            }

            if (LoopbackAddress() is not { } address)
            {
                LogNoAddress();
                return;
            }

            await WarmUpAsync(address, paths, budget, stoppingToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A warm-up that fails leaves the instance cold, not broken: it still turns ready.
            LogFailed(failure);
        }
        finally
        {
            _credential = null;
            _done = true;
        }
    }

    private async Task WarmUpAsync(Uri address, List<string> paths, TimeSpan budget, CancellationToken stoppingToken)
    {
        var credential = RandomNumberGenerator.GetHexString(64, lowercase: true);
        _credential = Encoding.ASCII.GetBytes(credential);
        // Half the connections take gzip, as most clients do, and half not: both ways through compression.
        using var compressed = Client(address, credential, DecompressionMethods.All, budget);
        using var plain = Client(address, credential, DecompressionMethods.None, budget);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        stop.CancelAfter(budget);
        var started = Stopwatch.StartNew();
        var next = -1;
        var sent = 0;
        var notSuccessful = 0;
        var workers = Enumerable.Range(0, Connections).Select(worker => Task.Run(async () =>
        {
            var client = worker % 2 == 0 ? compressed : plain;
            while (!stop.IsCancellationRequested)
            {
                var path = paths[(int)((uint)Interlocked.Increment(ref next) % (uint)paths.Count)];
                try
                {
                    using var response = await client.GetAsync(path, stop.Token);
                    await response.Content.LoadIntoBufferAsync(stop.Token);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref notSuccessful);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }

                Interlocked.Increment(ref sent);
            }
        }, CancellationToken.None)).ToList();

        // Settled when, after every path was sent once, the runtime compiled fewer than 50 methods in the last second:
        // promotions of the pipeline's methods come by the hundred (at 100,000 meetings still 900 a second after 10 s on
        // two busy cores, settled after 13.5–14.6 s); a trickle goes on for minutes (background loops that poll once a
        // second reach 30 calls one by one). Two connections leave the background compiler a share of the processor.
        var compiledAt = new Queue<long>();
        var (settled, lastSecond) = (false, 0L);
        while (!stop.IsCancellationRequested && !settled)
        {
            await Task.Delay(SampleEvery, CancellationToken.None);
            compiledAt.Enqueue(JitInfo.GetCompiledMethodCount());
            if (compiledAt.Count > SamplesPerSecond)
            {
                lastSecond = compiledAt.Last() - compiledAt.Dequeue();
                settled = Volatile.Read(ref sent) >= paths.Count && lastSecond < QuietBelowMethodsPerSecond;
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        stoppingToken.ThrowIfCancellationRequested();
        LastRun = new WarmUpRun(sent, notSuccessful, started.Elapsed, settled);
        LogWarmedUp(sent, notSuccessful, started.Elapsed.TotalMilliseconds, settled, lastSecond);
    }

    private static HttpClient Client(Uri address, string credential, DecompressionMethods decompression, TimeSpan timeout)
    {
        // Connections renewed every tenth of a second: a connection's own code (accepting it, setting up its parser) runs
        // once per connection, and real clients open many.
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = decompression,
            MaxConnectionsPerServer = Connections / 2,
            PooledConnectionLifetime = TimeSpan.FromMilliseconds(100),
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = address,
            Timeout = timeout,
        };
        client.DefaultRequestHeaders.Add(HeaderName, credential);
        return client;
    }

    /// <summary>The first plain-HTTP address the server listens on, with a wildcard host taken as this machine.</summary>
    private Uri? LoopbackAddress()
    {
        foreach (var listening in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            var address = BindingAddress.Parse(listening);
            if (address.IsUnixPipe || address.IsNamedPipe || !string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var host = address.Host is "+" or "*" or "0.0.0.0" or "[::]" or "localhost" ? "127.0.0.1" : address.Host;
            return new Uri($"http://{host}:{address.Port}/");
        }

        return null;
    }

    /// <summary>Requests sent, how many were answered with other than 2xx, how long it took, and whether compiling stopped within the budget.</summary>
    public sealed record WarmUpRun(int Requests, int NotSuccessful, TimeSpan Took, bool Settled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed the HTTP pipeline up with {Requests} requests ({NotSuccessful} not 2xx) in {Milliseconds:0} ms (settled: {Settled}; {MethodsCompiled} methods compiled in its last second)")]
    private partial void LogWarmedUp(int requests, int notSuccessful, double milliseconds, bool settled, long methodsCompiled);

    [LoggerMessage(Level = LogLevel.Information, Message = "No plain-HTTP address to send warm-up requests to; the pipeline starts cold.")]
    private partial void LogNoAddress();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The HTTP pipeline's warm-up failed; the instance starts cold.")]
    private partial void LogFailed(Exception failure);
}
