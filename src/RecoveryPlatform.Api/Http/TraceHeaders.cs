using Microsoft.AspNetCore.Http.Features;

namespace RecoveryPlatform.Api.Http;

/// <summary>
/// Every response names the trace it belongs to, so a client can quote it and an operator find the request's logs
/// and spans: <c>traceresponse</c> (W3C Trace Context, level 2: version, trace id, this server's span id, flags; the
/// trace id is the caller's when it sent a valid <c>traceparent</c>) and <c>X-Correlation-Id</c> (the caller's own
/// when it sent a well-formed one, else the trace id). A caller's correlation id also goes into the scope of every log
/// line of its request, beside the trace id the logger adds itself.
/// </summary>
internal static partial class TraceHeaders
{
    public const string TraceResponse = "traceresponse";
    public const string CorrelationId = "X-Correlation-Id";

    /// <summary>Longest correlation id echoed: enough for any id scheme (a UUID is 36), short enough to log on every line.</summary>
    public const int MaxCorrelationIdLength = 128;

    /// <summary>
    /// First in the pipeline, so every response (refusals, problems, cached answers, 304s) carries these headers and
    /// <see cref="SecurityHeaders"/>: set as the response starts, after an exception handler may have cleared the
    /// headers, by one callback that needs no allocation of its own (it runs on every response).
    /// </summary>
    public static IApplicationBuilder UseResponseHeaders(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("RecoveryPlatform.Api.Requests");
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(AddHeadersAsync, context);
            if (CallersId(context.Request) is not { } callersId)
            {
                await next(context);
                return;
            }

            using (logger.BeginScope(new KeyValuePair<string, object>[] { new(nameof(CorrelationId), callersId) }))
            {
                await next(context);
            }
        });
    }

    private static Task AddHeadersAsync(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;

        // The request's own activity, not Activity.Current: the response may start inside a child span (a mediator message's).
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is not null)
        {
            headers[TraceResponse] = $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{(byte)activity.ActivityTraceFlags:x2}";
        }

        headers[CorrelationId] = CallersId(context.Request) ?? activity?.TraceId.ToHexString() ?? context.TraceIdentifier;
        SecurityHeaders.AddTo(context);
        return Task.CompletedTask;
    }

    private static string? CallersId(HttpRequest request) =>
        request.Headers.TryGetValue(CorrelationId, out var sent) ? WellFormed(sent.ToString()) : null;

    /// <summary>The caller's correlation id when it is safe to echo and log: 1 to 128 letters, digits and <c>-._:</c>.</summary>
    internal static string? WellFormed(string value) =>
        value.Length is > 0 and <= MaxCorrelationIdLength && CorrelationIdCharacters().IsMatch(value) ? value : null;

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial System.Text.RegularExpressions.Regex CorrelationIdCharacters();
}
