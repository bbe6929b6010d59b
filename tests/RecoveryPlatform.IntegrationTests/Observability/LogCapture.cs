using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.IntegrationTests.Referrals;

namespace RecoveryPlatform.IntegrationTests.Observability;

/// <summary>
/// What must never reach a log: credentials (API keys, bearer tokens, webhook signing secrets, the configured keys),
/// connection-string passwords, and the person fields of a referral. Keys and tokens are recognised by their shape,
/// so a key minted during a test is found as surely as a configured one.
/// </summary>
public static partial class LogRedaction
{
    /// <summary>Values the test suite itself configures or sends: none may appear in any log line.</summary>
    public static readonly IReadOnlyList<(string What, string Value)> KnownSecrets =
    [
        ("the bootstrap platform-admin key", ApiFactory.PlatformAdminKey),
        ("the API-key hashing key", ApiFactory.ApiKeyHashingKey),
        ("a referral data key", ApiFactory.ReferralKey(1)),
        ("a webhook data key", ApiFactory.ReferralKey(7)),
        ("the token signing key", TestTokens.SigningKeyBase64),
        ("a referral person's first name", ReferralArrangement.PersonName),
        ("a referral person's last name", ReferralArrangement.PersonLastName),
        ("a referral person's phone", ReferralArrangement.PersonPhone),
        ("a referral person's phone", ReferralArrangement.PersonPhone.Replace(" ", "", StringComparison.Ordinal)),
        ("a referral person's email", ReferralArrangement.PersonEmail),
        ("a referral person's access needs", "Step-free access, please."),
        ("a referral's notes", "Would like someone to go with them"),
    ];

    /// <summary>Each reason the line must not be logged (empty when it is clean).</summary>
    public static IEnumerable<string> Violations(string line)
    {
        foreach (var (what, value) in KnownSecrets)
        {
            if (line.Contains(value, StringComparison.OrdinalIgnoreCase))
            {
                yield return what;
            }
        }

        if (ApiKey().IsMatch(line))
        {
            yield return "an API key";
        }

        if (Jwt().IsMatch(line))
        {
            yield return "a bearer token";
        }

        if (WebhookSecret().IsMatch(line))
        {
            yield return "a webhook signing secret";
        }

        if (ConnectionStringPassword().IsMatch(line))
        {
            yield return "a connection-string password";
        }
    }

    // rpk_{8 hex}_{43 base64url}: the prefix alone (rpk_{8 hex}) names a key and may be logged; the secret part may not.
    [GeneratedRegex("rpk_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")]
    private static partial Regex ApiKey();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}")]
    private static partial Regex Jwt();

    [GeneratedRegex("whsec_[A-Za-z0-9+/=]{16,}")]
    private static partial Regex WebhookSecret();

    [GeneratedRegex(@"(?i)\b(password|pwd)\s*=\s*[^;\s""]+")]
    private static partial Regex ConnectionStringPassword();
}

/// <summary>
/// A logger provider that renders every entry as a line (category, level, message, the message's values, every
/// scope's values, the exception with its stack) and checks it against <see cref="LogRedaction"/> as it is written,
/// keeping only the count and the offending lines (a whole suite's logs would not fit in memory otherwise).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _violations = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private long _lines;
    private long _requestLines;
    private long _requestLinesWithoutTraceId;

    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Lines written while a request was being handled (inside ASP.NET Core's request scope).</summary>
    public long RequestLines => Interlocked.Read(ref _requestLines);

    /// <summary>Of those, the lines whose scopes carry no trace id.</summary>
    public long RequestLinesWithoutTraceId => Interlocked.Read(ref _requestLinesWithoutTraceId);

    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>Which test was running, to say where a violation came from.</summary>
    public string CurrentTest { get; set; } = string.Empty;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Write(string line, bool inRequest, bool hasTraceId)
    {
        Interlocked.Increment(ref _lines);
        if (inRequest)
        {
            Interlocked.Increment(ref _requestLines);
            if (!hasTraceId)
            {
                Interlocked.Increment(ref _requestLinesWithoutTraceId);
            }
        }

        var reasons = LogRedaction.Violations(line).Distinct().ToList();
        if (reasons.Count > 0 && _violations.Count < 200)
        {
            _violations.Enqueue($"{CurrentTest}: {string.Join(", ", reasons)} in: {(line.Length > 600 ? line[..600] + "…" : line)}");
        }
    }

    private sealed class Logger(CapturedLogs capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            AppendValues(line, state);
            bool inRequest = false, hasTraceId = false;
            capture._scopes.ForEachScope(
                (scope, _) =>
                {
                    line.Append(" | scope: ").Append(scope);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                    {
                        foreach (var (key, value) in values)
                        {
                            line.Append(' ').Append(key).Append('=').Append(value);
                            inRequest |= key == "RequestPath";
                            hasTraceId |= key == "TraceId" && value is not null;
                        }
                    }
                },
                (object?)null);
            if (exception is not null)
            {
                line.Append(" | exception: ").Append(exception);
            }

            capture.Write(line.ToString(), inRequest, hasTraceId);
        }

        private static void AppendValues<TState>(StringBuilder line, TState state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(' ').Append(key).Append('=').Append(value);
                }
            }
        }
    }
}

/// <summary>The embedded default with every log line, Debug and up, passed through <see cref="CapturedLogs"/>.</summary>
public sealed class LogCapturingApiFactory : DataFolderApiFactory
{
    public LogCapturingApiFactory(CapturedLogs logs)
    {
        Logs = logs;
        Settings["Logging:LogLevel:Default"] = "Debug";
        Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug";
        Settings["Logging:LogLevel:RecoveryPlatform"] = "Debug";
        Settings["Logging:LogLevel:RecoveryPlatform.SharedKernel.Pipeline"] = "Debug";

        // EF Core's Debug is every step of every command; Information still logs each command it runs.
        Settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information";
    }

    public CapturedLogs Logs { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
