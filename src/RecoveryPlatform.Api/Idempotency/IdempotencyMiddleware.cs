using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using RecoveryPlatform.Api.Infrastructure;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Idempotency;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Api.Idempotency;

/// <summary>
/// Safe retries for POST (ADR 0007): a request sent again with the same <c>Idempotency-Key</c> and the same
/// body within 24 hours gets the first answer — status, headers, body — instead of creating a second record.
/// The same key with another request is a 422; a duplicate that arrives while the first is running waits for
/// it. The record lives in the module that serves the endpoint, and the module's unit of work marks it
/// committed in the transaction of the change, so a retry after a crash is never run twice.
/// </summary>
internal sealed partial class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store, ResponseProtector protector, TimeProvider clock, ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = IdempotencyKeys.HeaderName;
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>How long a duplicate waits for the first request before answering 409.</summary>
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(10);

    private static readonly string[] ReplayedHeaders = ["Content-Type", "Location", "ETag"];

    public async Task InvokeAsync(HttpContext context, IEnumerable<IModuleDatabase> databases, IdempotentRequest idempotentRequest)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next(context);
            return;
        }

        if (values.Count != 1 || !IsWellFormed(values[0]))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "One Idempotency-Key header of 1 to 255 visible ASCII characters.", errorsFor: HeaderName);
            return;
        }

        var module = ModuleServing(context, databases);
        if (module is null)
        {
            // No module endpoint (an unknown route, say): nothing is created, nothing to remember.
            await next(context);
            return;
        }

        var key = values[0]!;
        var scope = ScopeOf(CallerAccessor.FromPrincipal(context.User).CredentialId);
        var fingerprint = await FingerprintAsync(context.Request);
        if (!await ClaimAsync(context, module, scope, key, fingerprint))
        {
            return;
        }

        idempotentRequest.Begin(module.Schema, scope, key);
        await RunAndRememberAsync(context, module, scope, key);
    }

    /// <summary>Reserves the key for this request, or answers from the record another request made. True when this request is to run.</summary>
    private async Task<bool> ClaimAsync(HttpContext context, IModuleDatabase module, string scope, string key, string fingerprint)
    {
        var cancellationToken = context.RequestAborted;
        var waitUntil = clock.GetUtcNow() + WaitForFirst;
        var existing = await store.TryReserveAsync(module, scope, key, fingerprint, cancellationToken);
        while (existing is not null)
        {
            if (existing.Fingerprint != fingerprint)
            {
                await ProblemAsync(context, StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was used for a different request in the last 24 hours. Use a new key for a new request.");
                return false;
            }

            if (existing.State == IdempotencyState.Completed)
            {
                await ReplayAsync(context, existing);
                return false;
            }

            var now = clock.GetUtcNow();
            if (existing.LockedUntil <= now)
            {
                if (existing.State == IdempotencyState.Committed)
                {
                    await ProblemAsync(context, StatusCodes.Status409Conflict,
                        "An earlier request with this Idempotency-Key took effect, but its response was lost. Look the resource up instead of sending the request again.");
                    return false;
                }

                // Reserved and lapsed: the request died before it committed anything, so it is safe to run now.
                if (await store.TakeOverAsync(module, existing, cancellationToken))
                {
                    return true;
                }
            }
            else if (now >= waitUntil)
            {
                context.Response.Headers.RetryAfter = "1";
                await ProblemAsync(context, StatusCodes.Status409Conflict, "A request with this Idempotency-Key is still being processed. Try again shortly.");
                return false;
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }

            existing = await store.FindAsync(module, scope, key, cancellationToken)
                ?? await store.TryReserveAsync(module, scope, key, fingerprint, cancellationToken);
        }

        return true;
    }

    private async Task RunAndRememberAsync(HttpContext context, IModuleDatabase module, string scope, string key)
    {
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            context.Response.Body = original;
            await store.AbandonAsync(module, scope, key, CancellationToken.None);
            throw;
        }

        context.Response.Body = original;
        var status = context.Response.StatusCode;

        // Stored whatever happens to the client now: the change is made and the answer must be the same next time.
        if (IsWorthReplaying(status))
        {
            var headers = JsonSerializer.Serialize(ReplayedHeaders
                .Where(name => context.Response.Headers.ContainsKey(name))
                .ToDictionary(name => name, name => context.Response.Headers[name].ToString()));
            await store.CompleteAsync(module, scope, key, status, headers, protector.Protect(captured.ToArray(), scope + key), CancellationToken.None);
        }
        else
        {
            await store.AbandonAsync(module, scope, key, CancellationToken.None);
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        if (record.Body is null || protector.Unprotect(record.Body, record.Scope + record.Key) is not { } body)
        {
            // Written under another platform secret: the first answer cannot be given back.
            LogUnreadable();
            await ProblemAsync(context, StatusCodes.Status409Conflict,
                "An earlier request with this Idempotency-Key took effect, but its response can no longer be read. Look the resource up instead of sending the request again.");
            return;
        }

        context.Response.StatusCode = record.StatusCode ?? StatusCodes.Status200OK;
        foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(record.Headers ?? "{}") ?? [])
        {
            context.Response.Headers[name] = value;
        }

        context.Response.Headers[ReplayedHeaderName] = "true";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// Successes and refusals that will not change are kept; a fault, an authentication refusal, a rate limit or a
    /// conflict with someone else's concurrent change may go differently next time, so those free the key again.
    /// </summary>
    private static bool IsWorthReplaying(int status) =>
        status is >= 200 and < 300
        || (status is >= 400 and < 500 and not (401 or 403 or 408 or 409 or 412 or 425 or 428 or 429));

    private static bool IsWellFormed(string? key) =>
        key is { Length: > 0 and <= IdempotencyRecord.KeyMaxLength } && key.All(c => c is > ' ' and <= '~');

    /// <summary>The module whose endpoint serves the request: the assembly its handler was written in.</summary>
    private static IModuleDatabase? ModuleServing(HttpContext context, IEnumerable<IModuleDatabase> databases) =>
        context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.DeclaringType?.Assembly is { } assembly
            ? databases.FirstOrDefault(d => d.ModuleAssembly == assembly)
            : null;

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        // Read once here and rewound for the endpoint; the body is at most 1 MiB (RequestBodyLimit).
        request.EnableBuffering();
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return Fingerprint(request.Method, $"{request.Path}{request.QueryString}", body.ToArray());
    }

    /// <summary>What makes two requests the same request: method, path, query and body.</summary>
    internal static string Fingerprint(string method, string pathAndQuery, byte[] body) =>
        Hash([.. Encoding.UTF8.GetBytes($"{method} {pathAndQuery}\n"), .. body]);

    /// <summary>Whose key it is, without keeping who: the credential's id, hashed.</summary>
    internal static string ScopeOf(string? credentialId) => Hash(Encoding.UTF8.GetBytes(credentialId ?? "anonymous"));

    private static string Hash(byte[] value) => Convert.ToHexStringLower(SHA256.HashData(value));

    private static async Task ProblemAsync(HttpContext context, int status, string detail, string? errorsFor = null)
    {
        context.Response.StatusCode = status;
        ProblemDetails problem = errorsFor is null
            ? new ProblemDetails { Status = status, Detail = detail }
            : new ValidationProblemDetails(new Dictionary<string, string[]> { [errorsFor] = [detail] }) { Status = status };
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A stored idempotent response could not be decrypted (the platform secret changed?); answered 409")]
    private partial void LogUnreadable();
}
