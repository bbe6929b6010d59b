using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The real API binary in a process of its own, as an operator runs it: for what an in-process test host
/// cannot show (several instances on one database, a kill -9, the command line). Its console output is kept,
/// one line per log entry.
/// </summary>
public sealed partial class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process) => _process = process;

    private static string ApiAssembly => typeof(Program).Assembly.Location;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the process has written so far.</summary>
    public IReadOnlyList<string> Output => _output.ToArray();

    public bool HasExited => _process.HasExited;

    /// <summary>Settings every test process shares: production mode, plain single-line logs, the test keys, quick polling.</summary>
    public static Dictionary<string, string> Settings(string dataDirectory) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["RecoveryPlatform__DataDirectory"] = dataDirectory,
        ["RecoveryPlatform__SeedDemoData"] = "false",
        ["RecoveryPlatform__BootstrapAdminKey"] = ApiFactory.PlatformAdminKey,
        ["RateLimits__AnonymousPerMinute"] = "100000",
        ["Outbox__PollInterval"] = "00:00:00.200",
        ["Outbox__LeaseDuration"] = "00:00:03",
        // The plain formatter (production's is JSON, LogFormatTests): these tests read lines such as "fail: …".
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__LogLevel__RecoveryPlatform.SharedKernel.Messaging"] = "Debug",
    };

    /// <summary>Starts the API on a free port and returns once it listens.</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [ApiAssembly, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ApiAssembly)!,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var api = new ApiProcess(Process.Start(start)!);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            api._output.Enqueue(line);
            if (ListeningOn().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        }

        api._process.OutputDataReceived += (_, e) => Keep(e.Data);
        api._process.ErrorDataReceived += (_, e) => Keep(e.Data);
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        api._process.EnableRaisingEvents = true;
        api._process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The API exited before listening:\n{string.Join('\n', api.Output)}"));

        try
        {
            api.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    /// <summary>Runs the binary as a command (<c>keys create …</c>) to its end.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunCommandAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [ApiAssembly, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ApiAssembly)!,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public HttpClient Client(string? apiKey = ApiFactory.PlatformAdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>SIGKILL: the process stops at once, mid-whatever, with no chance to tidy up.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>SIGTERM: the host shuts down gracefully (hands back its leases), as an orchestrator stops an instance.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://[^\s""]+)")]
    private static partial Regex ListeningOn();
}
